// `npm run build`'s second half: one ESM bundle of the CLI (dist/bin/nettrace.js plus lazily loaded chunks).
// Loading ~150 small modules one by one cost 50–100 ms of every run's start-up on these machines; the
// commands' heavy parts stay in chunks that load only when the command needs them.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';

const outdir = new URL('../dist/bin/', import.meta.url).pathname;
await rm(new URL('../dist/', import.meta.url).pathname, { recursive: true, force: true });
await build({
  entryPoints: { nettrace: new URL('../src/cli/bin.ts', import.meta.url).pathname },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  sourcemap: true,
  logLevel: 'warning',
  // commander is CommonJS: inside an ESM bundle its `require('node:events')` needs a real require.
  banner: { js: "import { createRequire as nettraceCreateRequire } from 'node:module'; const require = nettraceCreateRequire(import.meta.url);" },
});
await chmod(`${outdir}nettrace.js`, 0o755);
