import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; CI installs it. */
export const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run. In CI (CI=true) they must: a missing browser is a failure there.
 * Elsewhere they skip, loudly.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI === 'true') throw new Error(`CI=true but no browser at ${CHROMIUM}: browser tests must run in CI`);
  const message = `no browser at ${CHROMIUM}: SKIPPING the browser tests (apt-get install -y chromium to run them)`;
  console.warn(`\n${'!'.repeat(100)}\n!!! ${message}\n${'!'.repeat(100)}\n`);
  return message;
}

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Chromium with a microphone whose every permission prompt is refused (a user who clicks "Block"). */
export function launchRefusingMicrophone(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, '--use-fake-device-for-media-stream', '--deny-permission-prompts'] });
}

/**
 * Chromium with a fake microphone that plays `wav` (looped) and grants microphone access without asking;
 * loopback ICE candidates allowed (CI hosts may have only loopback).
 */
export function launchWithMicrophone(wav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...FLAGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`,
      '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** Signs an agent in to the CCP and, if given, sets their status. */
export async function signInAgent(page: Page, ccpUrl: string, username: string, password: string, status?: string): Promise<void> {
  await page.goto(ccpUrl);
  await page.fill('[data-testid=username]', username);
  await page.fill('[data-testid=password]', password);
  await page.click('[data-testid=sign-in]');
  await page.waitForSelector('[data-testid=status]');
  if (status) await page.selectOption('[data-testid=status]', { label: status });
}
