// Builds the server (with the engine it imports) into one ES module, packages/server/dist/main.js, with
// esbuild. `npm start` runs that with plain Node: tsx is fine for tests, but it names every closure at
// creation (keepNames), which cost more than routing itself on the hot paths.
import { build } from 'esbuild';

await build({
  // The media package's worker thread is its own entry: the engine starts dist/media-worker.js beside main.js.
  entryPoints: { main: 'packages/server/src/main.ts', 'media-worker': 'packages/media/src/worker/main.ts' },
  outdir: 'packages/server/dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Native or optional modules stay outside the bundle; everything else (our workspaces, zod, ws, …) goes in.
  external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS dependencies call require(): give the ES module one.
  banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
});
