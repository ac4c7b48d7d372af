import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MEDIA_WORKER_BUNDLE, MEDIA_WORKER_SOURCE } from '../src/worker/entry.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('bundled with esbuild like the server (engine in one file, the worker entry beside it), the engine runs under plain Node', async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'media-bundle-'));
  // The same options scripts/build-server.mjs uses, with a probe in place of the server's main.
  await build({
    entryPoints: { probe: join(root, 'packages/media/test/support/bundle-probe.ts'), [MEDIA_WORKER_BUNDLE.replace(/\.js$/, '')]: join(root, MEDIA_WORKER_SOURCE) },
    outdir, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
    banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
  });
  assert.ok(existsSync(join(outdir, MEDIA_WORKER_BUNDLE)));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [join(outdir, 'probe.js')], { timeout: 30_000, encoding: 'utf8' }, (error, out, err) => {
      if (error) reject(new Error(`${error.message}\n${err}`)); else resolve(out);
    });
  });
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { tsx: string; meter?: { packetsIn: number }; heard: number };
  assert.equal(result.tsx, '', 'plain Node, no tsx');
  assert.ok((result.meter?.packetsIn ?? 0) > 20, `the bundled worker received RTP: ${JSON.stringify(result.meter)}`);
  assert.ok(result.heard > 3000, `the client heard itself through the bundled worker's mix: ${result.heard}`);
});
