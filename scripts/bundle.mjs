// `npm run build`'s second half: the whole CLI as one CommonJS file, dist/bin/nettrace.cjs.
// Measured here: Node's ESM loader reads every module (or chunk) with async file reads and translates it,
// and that cost 50–100 ms of every run's start-up against one synchronous read of a single CommonJS file.
// Heavy parts still start lazily: esbuild keeps each dynamically imported module behind an init function.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';

const dist = new URL('../dist/', import.meta.url).pathname;
const outfile = `${dist}bin/nettrace.cjs`;
await rm(dist, { recursive: true, force: true });
await build({
  entryPoints: [new URL('../src/cli/bin.ts', import.meta.url).pathname],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile,
  sourcemap: true,
  logLevel: 'warning',
  // The sources are ESM: `import.meta.url` (locating the package's files) becomes this file's URL.
  define: { 'import.meta.url': 'nettraceImportMetaUrl' },
  // Strict mode first (the ESM sources were written for it; a directive after the banner would not count).
  banner: { js: "'use strict';\nconst nettraceImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await chmod(outfile, 0o755);
