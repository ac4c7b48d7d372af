// Runs every *.test.ts under packages/ and bench/ (or those named with --only a,b; `bench` names bench/) with Node's test runner, through tsx.
// A watchdog ends the run when it passes SWITCHBOARD_TEST_LIMIT_MIN minutes (40 by default): a file that
// hangs (a handle left open after a failure) fails the run within the limit instead of using up CI's time.
import { spawn } from 'node:child_process';
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
const limitMin = Number(process.env.SWITCHBOARD_TEST_LIMIT_MIN ?? 40);
console.log(`${files.length} test files on ${runtime}`);
const started = Date.now();
// Its own process group, so the watchdog ends the runner and every test file's process with it.
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./scripts/file-times-reporter.mjs', '--test-reporter-destination=stdout'];
const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...files], { stdio: 'inherit', detached: true });
let timedOut = false;
const watchdog = setTimeout(() => {
  timedOut = true;
  console.error(`\n!!! the test run passed its ${limitMin}-minute limit (SWITCHBOARD_TEST_LIMIT_MIN): ending it. A file above is hanging. !!!\n`);
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10_000).unref();
}, limitMin * 60_000);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { try { process.kill(-child.pid, signal); } catch { /* gone */ } });
child.on('exit', (code) => {
  clearTimeout(watchdog);
  const passed = code === 0 && !timedOut;
  console.log(`${passed ? 'passed' : 'FAILED'} on ${runtime} in ${Math.round((Date.now() - started) / 1000)} s`);
  process.exit(passed ? 0 : 1);
});
