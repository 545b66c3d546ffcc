// `npm run bench` (via scripts/bench.sh): every benchmark of issue 7 in the sandbox, then
// bench/results/latest.md and latest.json. Sections: BENCH_ONLY=verdict,load,offline,scale (default all);
// sizes: BENCH_RUNS (time-to-verdict pairs, 5), BENCH_LOAD_RUNS (50), BENCH_READ_MB (200), BENCH_READ_RUNS (3), BENCH_EXTRA (100).
import { mkdirSync, writeFileSync } from 'node:fs';
import { describeMachine } from './machine.js';
import { benchVerdicts } from './verdict.js';
import { benchLoad } from './load.js';
import { benchOffline } from './offline.js';
import { benchScale } from './scale.js';
import { evaluateTargets, renderMarkdown, type BenchResults } from './report.js';
import { exec, NETTRACE } from './proc.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const only = new Set((process.env.BENCH_ONLY ?? 'verdict,load,offline,scale').split(','));
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const partial: Omit<BenchResults, 'targets' | 'machineAfter'> = {
  command: process.env.BENCH_COMMAND ?? 'npm run bench',
  startedAt: new Date().toISOString(),
  machineBefore: describeMachine(),
};
log(`machine: ${JSON.stringify(partial.machineBefore)}`);
try {
  if (only.has('verdict')) partial.verdicts = await benchVerdicts(env('BENCH_RUNS', 5), log);
  if (only.has('load')) partial.load = await benchLoad(env('BENCH_LOAD_RUNS', 50), log);
  if (only.has('scale')) partial.scale = await benchScale(env('BENCH_EXTRA', 100), env('BENCH_RUNS', 5), log);
} finally {
  await exec([...NETTRACE, 'lab', 'down']);
}
if (only.has('offline')) partial.offline = await benchOffline(env('BENCH_READ_MB', 200), env('BENCH_READ_RUNS', 3), log);
const base = { ...partial, machineAfter: describeMachine() };
const results: BenchResults = { ...base, targets: evaluateTargets(base) };
const dir = new URL('./results/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${dir}latest.md`, renderMarkdown(results));
process.stdout.write(renderMarkdown(results));
