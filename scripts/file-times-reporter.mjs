import { resolve } from 'node:path';

// A test reporter (beside spec) that prints how long each test file took, slowest first, and the sum per
// package: for keeping CI's time in view. A file's time runs from its process starting (the runner's
// test:dequeue of the file itself) to its end (test:complete of the file).
export default async function* fileTimes(source) {
  const files = new Map();
  for await (const event of source) {
    const file = event.data?.file;
    // Only the events about the file as a whole: named by its path (absolute on Node 20, as given on 24).
    if (!file || event.data.nesting !== 0 || typeof event.data.name !== 'string' || resolve(event.data.name) !== file) continue;
    if (event.type === 'test:dequeue') files.set(file, { first: Date.now(), last: Date.now() });
    else if (event.type === 'test:complete' && files.has(file)) files.get(file).last = Date.now();
  }
  const rows = [...files].map(([file, t]) => ({ file: file.replace(`${process.cwd()}/`, ''), s: (t.last - t.first) / 1000 })).sort((a, b) => b.s - a.s);
  const byPackage = new Map();
  for (const r of rows) {
    const pkg = r.file.split('/').slice(0, 2).join('/');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + r.s);
  }
  yield '\nseconds per test file (slowest 25):\n';
  for (const r of rows.slice(0, 25)) yield `${r.s.toFixed(1).padStart(7)}  ${r.file}\n`;
  yield 'seconds per package: ' + [...byPackage].sort((a, b) => b[1] - a[1]).map(([p, s]) => `${p} ${s.toFixed(0)}`).join(', ') + '\n';
}
