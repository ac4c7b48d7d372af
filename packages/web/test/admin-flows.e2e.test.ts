/**
 * The admin console's Flows page in Chromium, checked against what the Connect API reports: every flow
 * listed with its type, the filter by type and the search by name, the demo's inbound flow drawn as one
 * box per action and one labelled arrow per transition, and a flow created through the SDK with
 * designer positions in its Metadata drawn at those positions.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ConnectClient, CreateContactFlowCommand, CreateContactFlowModuleCommand, DescribeContactFlowCommand, ListContactFlowModulesCommand, ListContactFlowsCommand } from '@aws-sdk/client-connect';
import { browserSkipReason } from './browser.ts';
import type { DemoBrowser } from './demoBrowser.ts';
import { adminConsoleSuite, shots } from './adminPages.ts';

const PASSWORD = 'admin-flows-e2e-password';
const skip = browserSkipReason();

type Action = { Identifier: string; Transitions?: { NextAction?: string; Conditions?: unknown[]; Errors?: unknown[] } };
const transitions = (a: Action) => (a.Transitions?.Conditions?.length ?? 0) + (a.Transitions?.NextAction ? 1 : 0) + (a.Transitions?.Errors?.length ?? 0);

describe('the admin console flows page', { skip }, () => {
  let rig: DemoBrowser;
  let admin: Page;
  let connect: ConnectClient;
  let instanceId: string;
  let inboundFlowId: string;
  const rowTexts = async (column: string) => admin.locator(`[data-testid=flow-row] ${column}`).allTextContents();
  const openFlows = async () => {
    await admin.click('[data-testid=nav-queues]');
    await admin.click('[data-testid=nav-flows]');
    await admin.waitForSelector('[data-testid=flow-row]');
  };

  // The demo as `npm start` makes it: its inbound flow is the menu (the harness's default is the one-step flow).
  adminConsoleSuite('admin-flows-e2e', PASSWORD, (suite) => {
    ({ rig, admin, connect, instanceId } = suite);
    inboundFlowId = (rig.demo as unknown as { contactFlowId: string }).contactFlowId;
  }, { SWITCHBOARD_DEMO_MENU: '1' });

  test('every flow and flow module is listed with its type, as ListContactFlows names it', async () => {
    await openFlows();
    const flows = (await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId }))).ContactFlowSummaryList!;
    const modules = (await connect.send(new ListContactFlowModulesCommand({ InstanceId: instanceId }))).ContactFlowModulesSummaryList ?? [];
    assert.equal(await admin.locator('[data-testid=flow-row]').count(), flows.length + modules.length);
    for (const f of flows) {
      const row = admin.locator(`[data-testid=flow-row][data-id="${f.Id}"]`);
      assert.equal(await row.locator('[data-testid=open-flow]').textContent(), f.Name);
      assert.equal(await row.locator('[data-testid=flow-type]').textContent(), f.ContactFlowType);
    }
    const byName = (name: string) => admin.locator('[data-testid=flow-row]', { has: admin.locator(`[data-testid=open-flow]:text-is("${name}")`) });
    assert.equal(await byName('Default customer queue').locator('[data-testid=flow-type]').textContent(), 'CUSTOMER_QUEUE');
    assert.equal(await byName('Default agent whisper').locator('[data-testid=flow-type]').textContent(), 'AGENT_WHISPER');
    assert.match((await byName('Default agent whisper').textContent()) ?? '', /Published/);
    assert.equal(await byName('Sample inbound flow').locator('[data-testid=flow-type]').textContent(), 'CONTACT_FLOW');
  });

  test('the list is filtered by type, and searched by name', async () => {
    await openFlows();
    await admin.selectOption('[data-testid=flow-type-filter]', 'CUSTOMER_QUEUE');
    await admin.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=flow-row]')).every((r) => r.getAttribute('data-type') === 'CUSTOMER_QUEUE'));
    const queueFlows = (await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CUSTOMER_QUEUE'] }))).ContactFlowSummaryList!;
    assert.deepEqual((await rowTexts('[data-testid=open-flow]')).sort(), queueFlows.map((f) => f.Name!).sort());
    assert.ok(queueFlows.length >= 2, 'the default customer queue flow and the demo\'s');

    await admin.selectOption('[data-testid=flow-type-filter]', 'ALL');
    await admin.fill('[data-testid=flow-search]', 'WHISPER');
    const all = (await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId }))).ContactFlowSummaryList!;
    const whisper = all.map((f) => f.Name!).filter((n) => /whisper/i.test(n)).sort();
    assert.deepEqual(whisper, ['Default agent whisper', 'Default customer whisper']);
    await admin.waitForFunction((n) => document.querySelectorAll('[data-testid=flow-row]').length === n, whisper.length);
    assert.deepEqual((await rowTexts('[data-testid=open-flow]')).sort(), whisper);
    await admin.fill('[data-testid=flow-search]', '');
  });

  test('the demo\'s inbound flow is drawn: one box per action, one arrow per transition with its label, the start action marked, no boxes overlapping', async () => {
    await openFlows();
    await admin.click(`[data-testid=flow-row][data-id="${inboundFlowId}"] [data-testid=open-flow]`);
    await admin.waitForSelector('[data-testid=flow-graph]');
    const described = (await connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: inboundFlowId }))).ContactFlow!;
    const doc = JSON.parse(described.Content!) as { StartAction: string; Actions: Action[] };
    const nodes = admin.locator('[data-testid=flow-node]');
    assert.equal(await nodes.count(), doc.Actions.length);
    assert.deepEqual((await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).sort(), doc.Actions.map((a) => a.Identifier).sort());
    assert.equal(await admin.locator('[data-testid=flow-edge]').count(), doc.Actions.reduce((n, a) => n + transitions(a), 0));
    assert.deepEqual(await admin.locator('[data-testid=flow-node].start').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), [doc.StartAction]);

    // The menu's arrows, labelled: each condition by operator and operand, the default, each error by its ErrorType.
    const menuEdges = await admin.locator('[data-testid=flow-edge][data-from="menu-voice"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-label')}→${e.getAttribute('data-to')}`));
    assert.deepEqual(menuEdges, ['= 1→sales', '= 2→support', 'Default→wrong', 'InputTimeLimitExceeded→to-basic', 'NoMatchingCondition→wrong', 'NoMatchingError→to-basic']);
    const menuBox = admin.locator('[data-testid=flow-node][data-id="menu-voice"]');
    for (const text of ['Get customer input', '“Press 1 or type 1 for sales', '= 1', 'Default', 'InputTimeLimitExceeded']) assert.ok(((await menuBox.textContent()) ?? '').includes(text), text);
    // Queues are named by their names.
    assert.match((await admin.locator('[data-testid=flow-node][data-id="sales"]').textContent()) ?? '', /queue Sales/);

    // As drawn in the browser, no two boxes overlap.
    const boxes = await nodes.evaluateAll((els) => els.map((e) => { const r = (e.querySelector('rect.box') as SVGRectElement).getBoundingClientRect(); return { id: e.getAttribute('data-id'), x: r.x, y: r.y, w: r.width, h: r.height }; }));
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) {
      assert.ok(!(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h), `${a.id} overlaps ${b.id}`);
    }
    // The picture: the drawing scrolled to the menu (the flow is wider than the window; its frame scrolls).
    await admin.$eval('[data-testid=flow-canvas]', (canvas) => {
      const box = canvas.querySelector('[data-testid=flow-node][data-id="check-hours"]')!.getBoundingClientRect();
      canvas.scrollLeft += box.left - canvas.getBoundingClientRect().left - 24;
    });
    await admin.screenshot({ path: join(shots, 'admin-flow.png') });
    // Picking a box shows the action as written.
    await menuBox.click();
    await admin.waitForSelector('[data-testid=flow-action] >> text=InputTimeLimitSeconds');
  });

  test('a flow created through the SDK with positions in its Metadata is drawn at those positions; an action the engine does not run is marked; the drawing zooms', async () => {
    const positions = { greet: { x: 60, y: 40 }, task: { x: 420, y: 40 }, bye: { x: 420, y: 300 } };
    const content = {
      Version: '2019-10-30', StartAction: 'greet',
      Metadata: { entryPointPosition: { x: -120, y: 40 }, ActionMetadata: Object.fromEntries(Object.entries(positions).map(([id, position]) => [id, { position }])) },
      Actions: [
        { Identifier: 'greet', Type: 'MessageParticipant', Parameters: { Text: 'Hello from the designer' }, Transitions: { NextAction: 'task', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
        { Identifier: 'task', Type: 'CreateTask', Parameters: { Name: 'Call back' }, Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
        { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    };
    const created = await connect.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'Designed in the console', Type: 'CONTACT_FLOW', Content: JSON.stringify(content), Description: 'Laid out by hand' }));
    await openFlows();
    await admin.fill('[data-testid=flow-search]', 'designed');
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=flow-row]').length === 1);
    assert.match((await admin.locator('[data-testid=flow-row]').textContent()) ?? '', /Laid out by hand/);
    await admin.click(`[data-testid=flow-row][data-id="${created.ContactFlowId}"] [data-testid=open-flow]`);
    await admin.waitForSelector('[data-testid=flow-graph][data-layout=metadata]');
    await admin.click('[data-testid=zoom-reset]');
    await admin.waitForSelector('[data-testid=zoom-level] >> text=100%');
    const at = (id: string) => admin.locator(`[data-testid=flow-node][data-id="${id}"] rect.box`).evaluate((r) => { const b = r.getBoundingClientRect(); return { x: b.x, y: b.y }; });
    const greet = await at('greet');
    for (const id of ['task', 'bye'] as const) {
      const here = await at(id);
      assert.ok(Math.abs(here.x - greet.x - (positions[id].x - positions.greet.x)) < 1 && Math.abs(here.y - greet.y - (positions[id].y - positions.greet.y)) < 1, `${id} at ${JSON.stringify(here)}, greet at ${JSON.stringify(greet)}`);
      assert.deepEqual(await admin.locator(`[data-testid=flow-node][data-id="${id}"]`).evaluate((g) => [Number(g.getAttribute('data-x')), Number(g.getAttribute('data-y'))]), [positions[id].x, positions[id].y]);
    }
    // CreateTask is a documented action the engine does not run: drawn, and marked.
    await admin.waitForSelector('[data-testid=flow-node][data-id="task"] [data-testid=unsupported] >> text=not supported here');
    assert.match((await admin.textContent('[data-testid=unsupported-notice]')) ?? '', /CreateTask/);
    assert.equal(await admin.locator('[data-testid=flow-node] [data-testid=unsupported]').count(), 1);

    const width = async () => Number(await admin.getAttribute('[data-testid=flow-graph]', 'width'));
    const before = await width();
    await admin.click('[data-testid=zoom-in]');
    await admin.waitForSelector('[data-testid=zoom-level] >> text=125%');
    assert.ok(Math.abs(await width() - before * 1.25) < 1);
    await admin.click('[data-testid=zoom-fit]');
    await admin.waitForFunction(() => {
      const svg = document.querySelector('[data-testid=flow-graph]')!, canvas = document.querySelector('[data-testid=flow-canvas]')!;
      return Number(svg.getAttribute('width')) <= canvas.clientWidth && Number(svg.getAttribute('height')) <= canvas.clientHeight;
    });
    await admin.click('[data-testid=back-to-flows]');
    await admin.waitForSelector('[data-testid=flows-table]');
  });

  test('a flow module is listed as one, filtered by its own type, and drawn', async () => {
    const content = {
      Version: '2019-10-30', StartAction: 'say',
      Actions: [
        { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: 'From the module' }, Transitions: { NextAction: 'done', Errors: [{ NextAction: 'done', ErrorType: 'NoMatchingError' }] } },
        { Identifier: 'done', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
      ],
    };
    const created = await connect.send(new CreateContactFlowModuleCommand({ InstanceId: instanceId, Name: 'Greeting module', Content: JSON.stringify(content), Description: 'Says hello' }));
    await openFlows();
    await admin.selectOption('[data-testid=flow-type-filter]', 'MODULE');
    await admin.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=flow-row]')).every((r) => r.getAttribute('data-type') === 'MODULE'));
    const row = admin.locator(`[data-testid=flow-row][data-id="${created.Id}"]`);
    assert.match((await row.textContent()) ?? '', /Greeting module.*Says hello.*Flow module/);
    await row.locator('[data-testid=open-flow]').click();
    await admin.waitForSelector('[data-testid=flow-node][data-id="done"] >> text=Return from module');
    assert.equal(await admin.locator('[data-testid=flow-node]').count(), 2);
    assert.deepEqual(await admin.locator('[data-testid=flow-edge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-label'))), ['Next', 'NoMatchingError']);
    await admin.click('[data-testid=back-to-flows]');
    await admin.selectOption('[data-testid=flow-type-filter]', 'ALL');
  });

  test('at 700 px the list and a drawn flow fit the window: the drawing scrolls in its frame, the page does not scroll sideways', async () => {
    await admin.setViewportSize({ width: 700, height: 800 });
    try {
      await openFlows();
      assert.ok(await admin.evaluate(() => document.documentElement.scrollWidth) <= 700);
      await admin.click(`[data-testid=flow-row][data-id="${inboundFlowId}"] [data-testid=open-flow]`);
      await admin.waitForSelector('[data-testid=flow-graph]');
      assert.ok(await admin.evaluate(() => document.documentElement.scrollWidth) <= 700);
      const canvas = await admin.$eval('[data-testid=flow-canvas]', (c) => ({ scroll: c.scrollWidth, width: c.clientWidth }));
      assert.ok(canvas.scroll > canvas.width, 'the drawing is wider than its frame, which scrolls');
    } finally {
      await admin.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
