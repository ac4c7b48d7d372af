/**
 * Provisioning your own instance, as the README tells it, in a real browser: the real server process with no
 * demo (SWITCHBOARD_DEMO=0), examples/provision.ts signed with the credentials file the server wrote, then a
 * provisioned agent in the CCP and a customer on the instance's chat page, chatting.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, launch } from './browser.ts';
import { acceptChat, signInInNewContext, startCustomerChat } from './demoBrowser.ts';
import { ServerProcess, freePort } from './serverProcess.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const skip = browserSkipReason();
/** UPDATE_SCREENSHOTS=1 writes the README's screenshot; otherwise screenshots go to .tmp/. */
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs') : join(root, '.tmp', 'screenshots');
const ALICE = 'Alice-pass-1';

interface Provisioned { instanceId: string; chatUrl: string; ccpUrl: string; made: string[] }

/** `npm run provision` as a person runs it: the credentials file the server wrote, its profile, the server's URL. */
function provision(server: ServerProcess, dataDir: string): Promise<Provisioned> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/provision.ts', '--alias', 'acme', '--agent', `alice:${ALICE}`, '--json'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials'), AWS_PROFILE: 'switchboard',
        AWS_CONFIG_FILE: join(dataDir, 'no-config'), SWITCHBOARD_URL: server.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done(JSON.parse(stdout) as Provisioned) : fail(new Error(`provision exited with ${code}:\n${stderr}`))));
  });
}

describe('provisioning your own instance, then a chat on it in a real browser', { skip }, () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let made: Provisioned;
  let agent: Page;
  let customer: Page;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-provision-'));
    server = new ServerProcess(await freePort(), dataDir, { SWITCHBOARD_DEMO: '0', SWITCHBOARD_MEDIA: '0' });
    await server.start();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the server without the demo names its account key and credentials file, and has no instance yet', () => {
    assert.match(server.output, new RegExp(`account key: +AKIA[A-Z2-7]{16}, profile switchboard in ${join(dataDir, 'credentials')}`));
    assert.match(server.output, /no instance yet/);
  });

  test('examples/provision.ts, signed with that file, builds an instance and tells its CCP and chat page', async () => {
    made = await provision(server, dataDir);
    assert.ok(made.made.includes('instance acme') && made.made.includes('user alice'));
    assert.equal(made.ccpUrl, `${server.url}/ccp/`);
    assert.match(made.chatUrl, new RegExp(`^${server.url}/chat/\\?widget=[0-9a-f-]{36}$`));
  });

  test('a provisioned agent signs in to the CCP and goes Available', async () => {
    agent = await signInInNewContext(browser, made.ccpUrl, 'alice', ALICE, 'Available');
    await agent.waitForSelector('text=Waiting for contacts');
  });

  test('a customer starts a chat on the instance\'s chat page, hears the provisioned flow, and the agent accepts it; they exchange messages', async () => {
    customer = await (await browser.newContext({ viewport: { width: 520, height: 680 } })).newPage();
    await startCustomerChat(customer, made.chatUrl, 'Ann');
    await customer.waitForSelector('[data-testid=message] >> text=An agent will be with you shortly');
    await acceptChat(agent);
    await agent.fill('[data-testid=composer]', 'Hi Ann, this is Alice from Acme.');
    await agent.click('[data-testid=send]');
    await customer.waitForSelector('[data-testid=message] >> text=Hi Ann, this is Alice from Acme.');
    await customer.fill('[data-testid=composer]', 'Hello Alice!');
    await customer.press('[data-testid=composer]', 'Enter');
    await agent.waitForSelector('[data-testid=message] >> text=Hello Alice!');
    await agent.screenshot({ path: join(shots, 'provision-chat.png') });
  });
});
