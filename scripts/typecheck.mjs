// Type-checks every package against its own tsconfig (the engine's allows no Node or DOM types).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'packages/engine/tsconfig.json',
  'packages/engine/tsconfig.test.json',
  'packages/sdk/tsconfig.json',
  'packages/media/tsconfig.json',
  'packages/server/tsconfig.json',
  'packages/web/tsconfig.json',
  'packages/web/tsconfig.test.json',
  'bench/tsconfig.json',
  'examples/tsconfig.json',
].filter((p) => existsSync(p));
let failed = false;
for (const project of projects) {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
  if (r.status !== 0) { failed = true; console.error(`typecheck failed: ${project}`); }
}
process.exit(failed ? 1 : 0);
