/** What the admin console's browser tests share: signing in, and where screenshots go. */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { ConnectClient } from '@aws-sdk/client-connect';
import { startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
/** docs/ with UPDATE_SCREENSHOTS=1 (the README's pictures), else .tmp/screenshots. */
export const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs') : join(root, '.tmp', 'screenshots');
mkdirSync(shots, { recursive: true });
/** Screenshots only for looking at (never the README's): .tmp/screenshots. */
export const scratch = join(root, '.tmp', 'screenshots');
mkdirSync(scratch, { recursive: true });

/** Signs in to the admin console at `baseUrl`/admin/ and waits for the console (or its no-access page). */
export async function signInConsole(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.fill('[data-testid=username]', username);
  await page.fill('[data-testid=password]', password);
  await page.click('[data-testid=sign-in]');
  await page.waitForSelector('[data-testid=sign-out]');
}

/** What a console suite gets: the demo server and browser, the administrator's signed-in page, and the Connect API. */
export interface AdminConsoleSuite {
  rig: DemoBrowser;
  admin: Page;
  connect: ConnectClient;
  instanceId: string;
}

/**
 * Registers a console suite's hooks in the calling describe: before all, a demo server and Chromium
 * (startDemoBrowser with `env`), the demo administrator signed in on a 1280×900 page, and a Connect client
 * signed with the demo's key (`take` receives them); after all, all of it closed.
 */
export function adminConsoleSuite(name: string, password: string, take: (suite: AdminConsoleSuite) => void, env: Record<string, string> = {}): void {
  let made: AdminConsoleSuite | undefined;
  let rig: DemoBrowser | undefined;
  before(async () => {
    rig = await startDemoBrowser(name, password, env);
    const { demo } = rig;
    const connect = new ConnectClient({ endpoint: rig.server.url, region: demo.region, credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey }, maxAttempts: 1 });
    const admin = await (await rig.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    made = { rig, admin, connect, instanceId: demo.instanceId };
    await signInConsole(admin, rig.server.url, 'admin', password);
    take(made);
  });
  after(async () => {
    made?.connect.destroy();
    await rig?.close();
  });
}
