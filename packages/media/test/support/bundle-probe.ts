// Bundled by transport-bundle.test.ts with esbuild (as scripts/build-server.mjs bundles the server) and
// run with plain Node: the engine must start its bundled worker (media-worker.js beside this file) and
// carry a werift client's audio. Prints one JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaEngineImpl } from '../../src/engine.ts';
import { createTestClient } from './werift-client.ts';

const engine = await MediaEngineImpl.create({ workers: 1, cacheDir: mkdtempSync(join(tmpdir(), 'probe-')), iceAdditionalHostAddresses: ['127.0.0.1'] });
const client = await createTestClient();
try {
  const bridge = await engine.createBridge({ bridgeId: 'probe' });
  const endpoint = await bridge.addEndpoint({ endpointId: 'a', offer: client.offer });
  await client.accept(endpoint.answer);
  await client.connected;
  bridge.setHearing({ version: 1, hears: { a: ['a'] } });
  client.startTone(440, 8000);
  await new Promise((r) => setTimeout(r, 1000));
  const meter = await bridge.meter();
  console.log(JSON.stringify({ tsx: process.execArgv.join(' '), meter: meter.a, heard: client.heardEnergy() }));
} finally {
  await client.close();
  await engine.close();
}
