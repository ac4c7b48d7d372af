/**
 * Chat attachments in real browsers: the customer attaches a file on the chat page, the agent sees it
 * in the CCP (with a thumbnail for an image) and downloads it; the agent attaches one back; a file of a
 * type Amazon Connect does not take is refused with a clear error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import { acceptChat, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'attachments-e2e-password';
const skip = browserSkipReason();

/** A 2×2 red PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DwnwGMgRQAH+4D/dJQfRoAAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('attachments in the CCP and the chat page', { skip }, () => {
  let rig: DemoBrowser;
  let agent: Page;
  let customer: Page;

  /** Clicks a chip's Download link and returns the file the browser saved. */
  async function downloadFrom(page: Page, name: string): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`[data-testid=attachment][data-name="${name}"] [data-testid=attachment-download]`),
    ]);
    return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  }

  before(async () => {
    rig = await startDemoBrowser('attachments-e2e', PASSWORD);
    const { browser, demo } = rig;
    agent = await (await browser.newContext({ viewport: { width: 1100, height: 720 }, acceptDownloads: true })).newPage();
    customer = await (await browser.newContext({ viewport: { width: 520, height: 720 }, acceptDownloads: true })).newPage();
    await signInAgent(agent, demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    await startCustomerChat(customer, demo.urls.chat, 'Uma');
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');
    await acceptChat(agent);
  });
  after(async () => {
    await rig?.close();
  });

  test('the customer attaches a PNG: both transcripts show it by name, with a thumbnail', async () => {
    assert.equal(await customer.isVisible('[data-testid=attach]'), true, 'a paperclip in the composer');
    await customer.setInputFiles('[data-testid=attach-input]', { name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    const own = customer.locator('[data-testid=attachment][data-name="receipt.png"]');
    await own.waitFor();
    assert.equal(await own.locator('.name').textContent(), 'receipt.png');
    const chip = agent.locator('[data-testid=attachment][data-name="receipt.png"]');
    await chip.waitFor();
    assert.equal(await chip.getAttribute('data-status'), 'APPROVED');
    assert.equal(await agent.locator('[data-testid=message][data-role=CUSTOMER] [data-testid=attachment]').count(), 1);
    const thumbnail = chip.locator('[data-testid=attachment-thumbnail]');
    await thumbnail.waitFor();
    await agent.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 2, await thumbnail.elementHandle());
    await agent.screenshot({ path: join(process.cwd(), '.tmp', 'ccp-attachment.png') }).catch(() => undefined);
  });

  test('the agent downloads it from the CCP: the same bytes, under its name', async () => {
    const file = await downloadFrom(agent, 'receipt.png');
    assert.equal(file.name, 'receipt.png');
    assert.deepEqual(file.bytes, PNG);
  });

  test('the agent attaches a PDF, and the customer sees and downloads it', async () => {
    await agent.setInputFiles('[data-testid=attach-input]', { name: 'Refund form.pdf', mimeType: 'application/pdf', buffer: PDF });
    const chip = customer.locator('[data-testid=attachment][data-name="Refund form.pdf"]');
    await chip.waitFor();
    assert.equal(await customer.locator('[data-testid=message][data-role=AGENT] [data-testid=attachment]').count(), 1);
    assert.equal(await chip.locator('[data-testid=attachment-thumbnail]').count(), 0, 'no thumbnail for a PDF');
    const file = await downloadFrom(customer, 'Refund form.pdf');
    assert.equal(file.name, 'Refund form.pdf');
    assert.deepEqual(file.bytes, PDF);
    await customer.screenshot({ path: join(process.cwd(), '.tmp', 'chat-attachment.png') }).catch(() => undefined);
  });

  test('a file of a type Amazon Connect does not take is refused with a clear error, and nothing shows in the chat', async () => {
    await customer.setInputFiles('[data-testid=attach-input]', { name: 'tools.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\x03\x04 not really') });
    const error = await customer.waitForSelector('[data-testid=composer-error]');
    const text = (await error.textContent())!;
    assert.match(text, /Could not send tools\.zip/);
    assert.match(text, /application\/zip cannot be attached/);
    assert.equal(await customer.locator('[data-testid=attachment][data-name="tools.zip"]').count(), 0);
    assert.equal(await agent.locator('[data-testid=attachment][data-name="tools.zip"]').count(), 0);
    // The composer still works.
    await customer.fill('[data-testid=composer]', 'sorry, wrong file');
    await customer.press('[data-testid=composer]', 'Enter');
    await agent.waitForSelector('[data-testid=message] >> text=sorry, wrong file');
  });
});
