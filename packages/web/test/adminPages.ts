/** What the admin console's browser tests share: signing in, and where screenshots go. */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

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
