// Runs every *.test.ts under packages/ and bench/ (or those named with --only a,b; `bench` names bench/) with Node's test runner, through tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : undefined;
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
}
for (const pkg of readdirSync('packages')) if (!only || only.includes(pkg)) walk(join('packages', pkg));
if (!only || only.includes('bench')) walk('bench');
files.sort();
const runtime = `Node ${process.version} (${process.execPath})`; // so no result is read against the wrong runtime
console.log(`${files.length} test files on ${runtime}`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
console.log(`${r.status === 0 ? 'passed' : 'FAILED'} on ${runtime}`);
process.exit(r.status ?? 1);
