// Builds the batched-UDP addon (udp_batch.c) with node-gyp, as the media package's install script. Node-API,
// so one build serves every Node major from 20 on. It never fails the install: without a compiler (or off
// Linux) the media worker says so when it starts and uses Node's dgram instead, at more CPU per call.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const warn = (why) => {
  console.warn(`\n!!! @switchboard/media: the batched UDP addon was not built (${why}).`);
  console.warn('!!! Calls still work, through Node\'s dgram, at more CPU per call. Install python3, make and a C compiler, then `npm rebuild @switchboard/media`.\n');
};

if (process.platform !== 'linux') {
  console.log(`@switchboard/media: no batched UDP addon on ${process.platform} (it uses Linux's recvmmsg); Node's dgram carries calls`);
  process.exit(0);
}
// npm names its own node-gyp in install scripts; outside npm, look beside this Node's npm.
const candidates = [
  process.env.npm_config_node_gyp,
  join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].filter((p) => p && existsSync(p));
if (candidates.length === 0) { warn('node-gyp was not found'); process.exit(0); }
// This Node's own headers when npm names none (node-gyp would otherwise download them).
const prefix = join(dirname(process.execPath), '..');
const nodedir = !process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_version.h')) ? [`--nodedir=${prefix}`] : [];
const result = spawnSync(process.execPath, [candidates[0], 'rebuild', ...nodedir], { cwd: here, encoding: 'utf8' });
if (result.status !== 0 || !existsSync(join(here, 'build', 'Release', 'udp_batch.node'))) {
  process.stderr.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  warn(result.error ? String(result.error.message) : `node-gyp exited with ${result.status}`);
  process.exit(0);
}
console.log('@switchboard/media: built the batched UDP addon (native/build/Release/udp_batch.node)');
