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
// Two lanes at once (SWITCHBOARD_TEST_LANES=1: one): the files that keep real time or drive a browser
// (call audio, the pages, the fuzzers, the hardening limits) one after another in one lane, the rest
// (engine, sdk, the other server tests: mostly waiting on sockets) in the other. Node's runner alone runs one
// file at a time on 2 cores; the suite takes about 40% less this way.
const lanes = Number(process.env.SWITCHBOARD_TEST_LANES ?? 2);
const timed = (f) => /(^|\/)(media|web)\/|\/test\/(media-|fuzz\/|hardening-)|\.e2e\.test\.ts$/.test(f);
const groups = lanes > 1 ? [files.filter(timed), files.filter((f) => !timed(f))].filter((g) => g.length > 0) : [files];
console.log(`${files.length} test files on ${runtime}${groups.length > 1 ? `, in ${groups.length} lanes (${groups.map((g) => g.length).join(' + ')} files)` : ''}`);
const started = Date.now();
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./scripts/file-times-reporter.mjs', '--test-reporter-destination=stdout'];
// Each lane in its own process group, so the watchdog ends the runners and every test file's process with them.
const children = groups.map((group) => spawn(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...group], { stdio: 'inherit', detached: true }));
const killAll = (signal) => { for (const child of children) { try { process.kill(-child.pid, signal); } catch { /* already gone */ } } };
let timedOut = false;
const watchdog = setTimeout(() => {
  timedOut = true;
  console.error(`\n!!! the test run passed its ${limitMin}-minute limit (SWITCHBOARD_TEST_LIMIT_MIN): ending it. A file above is hanging. !!!\n`);
  killAll('SIGTERM');
  setTimeout(() => killAll('SIGKILL'), 10_000).unref();
}, limitMin * 60_000);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => killAll(signal));
const codes = await Promise.all(children.map((child) => new Promise((resolve) => child.on('exit', (code) => resolve(code)))));
clearTimeout(watchdog);
const passed = codes.every((code) => code === 0) && !timedOut;
console.log(`${passed ? 'passed' : 'FAILED'} on ${runtime} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(passed ? 0 : 1);
