import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createMediaEngine } from '../src/engine.ts';

/**
 * The smoke test against a real browser: Chromium's fake microphone offers to a bridge (non-trickle, over
 * 127.0.0.1), the bridge's meter shows the browser's energy, the browser hears the bridge, and its
 * insertDTMF digits arrive as dtmf events (the offer's telephone-event/48000 must have been stripped).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI !== 'true') {
  console.error(`\n!!! SKIPPING the Chromium smoke test: no browser at ${CHROMIUM} (apt-get install -y chromium). It runs when CI=true. !!!\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The page's side, as plain browser script (this package is typed for Node, not the DOM).
const PAGE = `<!doctype html><title>softphone</title><audio id="out" autoplay></audio><script>
let pc;
window.makeOffer = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  pc = new RTCPeerConnection();
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  pc.ontrack = (e) => { document.getElementById('out').srcObject = e.streams[0] || new MediaStream([e.track]); };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
  });
  return pc.localDescription.sdp;
};
window.acceptAnswer = (sdp) => pc.setRemoteDescription({ type: 'answer', sdp });
window.inbound = async () => {
  const stats = await pc.getStats();
  let found = null;
  stats.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      found = { packetsReceived: s.packetsReceived || 0, totalAudioEnergy: s.totalAudioEnergy || 0, codec: (stats.get(s.codecId) || {}).mimeType || '' };
    }
  });
  return found;
};
window.sendDtmf = (digits) => pc.getSenders()[0].dtmf.insertDTMF(digits, 100, 70);
</script>`;

test('a Chromium page offers to a bridge: the meter shows its energy, it hears the bridge, its DTMF arrives as digits, and its RTP takes the fast path', {
  skip: !available && process.env.CI !== 'true' ? `no Chromium at ${CHROMIUM}` : false,
  timeout: 60_000,
}, async () => {
  assert.ok(available, `CI=true requires Chromium at ${CHROMIUM}`);
  const server = createServer((_, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(PAGE); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // Everything started is closed in finally, so a failure can never leave the file's process waiting.
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  let engine: Awaited<ReturnType<typeof createMediaEngine>> | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
    });
    engine = await createMediaEngine({ workers: 1, cacheDir: mkdtempSync(join(tmpdir(), 'media-chromium-')), iceAdditionalHostAddresses: ['127.0.0.1'] });
    const page = await browser.newPage();
    await page.goto(url);
    const offer = await page.evaluate('window.makeOffer()') as string;
    assert.match(offer, /telephone-event\/48000/, 'Chromium offers the 48 kHz events the bridge must strip');
    const bridge = await engine.createBridge({ bridgeId: 'chromium' });
    const connected = new Promise<void>((resolve) => bridge.on('endpointConnected', () => resolve()));
    const digits: string[] = [];
    bridge.on('dtmf', (e) => digits.push(e.digit));
    const endpoint = await bridge.addEndpoint({ endpointId: 'browser', offer });
    bridge.setHearing({ version: 1, hears: { browser: ['browser'] } }); // the browser hears itself back
    await page.evaluate(`window.acceptAnswer(${JSON.stringify(endpoint.answer)})`);
    await connected;

    let sent = 0;
    for (let i = 0; i < 25 && sent <= 20; i++) {
      await sleep(200);
      sent = (await bridge.meter()).browser?.sent ?? 0;
    }
    assert.ok(sent > 20, `the bridge's meter shows the browser's microphone energy: ${sent}`);

    type Inbound = { packetsReceived: number; totalAudioEnergy: number; codec: string } | null;
    let inbound = await page.evaluate('window.inbound()') as Inbound;
    for (let i = 0; i < 25 && !(inbound && inbound.packetsReceived > 20 && inbound.totalAudioEnergy > 0.001); i++) {
      await sleep(200);
      inbound = await page.evaluate('window.inbound()') as Inbound;
    }
    assert.ok(inbound && inbound.packetsReceived > 20, `the browser receives the bridge's RTP: ${JSON.stringify(inbound)}`);
    assert.equal(inbound?.codec, 'audio/PCMU');
    assert.ok((inbound?.totalAudioEnergy ?? 0) > 0.001, `and it carries sound (the page's own, back through the bridge): ${inbound?.totalAudioEnergy}`);

    await page.evaluate(`window.sendDtmf('19#')`);
    for (let i = 0; i < 30 && digits.length < 3; i++) await sleep(100);
    assert.deepEqual(digits, ['1', '9', '#']);
    // All of it went past werift's per-packet path (rtc/fastPath.ts), whichever SRTP profile Chromium chose.
    const [stats] = await engine.stats();
    const fast = (stats?.fastPath['aes-cm'] ?? 0) + (stats?.fastPath['aes-gcm'] ?? 0);
    assert.equal(fast, 1, `the browser's endpoint takes the fast path: ${JSON.stringify(stats?.fastPath)}`);
    console.log(`# Chromium's SRTP profile: ${stats?.fastPath['aes-gcm'] ? 'AEAD_AES_128_GCM' : 'AES_CM_128_HMAC_SHA1_80'}`);
  } finally {
    await engine?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    server.close();
  }
});
