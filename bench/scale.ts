// Scale: time to verdict on the tutorial lab with 100 extra namespaces on br0 against the plain lab
// (plain runs bracket the large ones: half before, half after), and `lab up`/`lab down` of the large lab
// against a shell script issuing one command per step (interleaved).
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, must, NETTRACE } from './proc.js';
import { scaleLab, shellBuildLines, shellTeardownLines } from './scale-lab.js';
import { timeNettracePing } from './verdict.js';
import { formatSummary, ratio, summarize, type Summary } from './stats.js';

/** Result of the scale benchmark. */
export interface ScaleResult {
  extra: number;
  plainMs: Summary;
  largeMs: Summary;
  /** median(large) / median(plain). */
  verdictRatio: number;
  upMs: Summary;
  shellUpMs: Summary;
  /** median(lab up) / median(shell up). */
  upRatio: number;
  downMs: Summary;
  shellDownMs: Summary;
  downRatio: number;
}

async function timed(argv: string[]): Promise<number> {
  const r = await exec(argv, { discard: true, timeoutMs: 600000 });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
  return r.ms;
}

// Run the scale benchmark with `extra` namespaces, `runs` per series.
export async function benchScale(extra: number, runs: number, log: (line: string) => void): Promise<ScaleResult> {
  const file = join(tmpdir(), `nettrace-bench-${process.pid}-scale.json`);
  const up = join(tmpdir(), `nettrace-bench-${process.pid}-up.sh`);
  const down = join(tmpdir(), `nettrace-bench-${process.pid}-down.sh`);
  writeFileSync(file, JSON.stringify(scaleLab(extra)));
  writeFileSync(up, `set -e\n${shellBuildLines(extra).join('\n')}\n`);
  writeFileSync(down, `${shellTeardownLines(extra).join('\n')}\n`);
  try {
    await must([...NETTRACE, 'lab', 'down']);
    const upMs: number[] = []; const downMs: number[] = []; const shUp: number[] = []; const shDown: number[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i += 1) {
      const order = i % 2 === 0 ? ['n', 's'] : ['s', 'n'];
      for (const w of order) {
        if (w === 'n') {
          upMs.push(await timed([...NETTRACE, 'lab', 'up', '--sandbox', '--file', file]));
          downMs.push(await timed([...NETTRACE, 'lab', 'down']));
        } else {
          shUp.push(await timed(['bash', up]));
          shDown.push(await timed(['bash', down]));
        }
      }
    }
    const plain: number[] = []; const large: number[] = [];
    await must([...NETTRACE, 'lab', 'up', '--sandbox']);
    await timeNettracePing('RED', '203.0.113.8');
    for (let i = 0; i < Math.ceil(runs / 2); i += 1) plain.push((await timeNettracePing('RED', '203.0.113.8')).ms);
    await must([...NETTRACE, 'lab', 'down']);
    await must([...NETTRACE, 'lab', 'up', '--sandbox', '--file', file]);
    await timeNettracePing('RED', '203.0.113.8');
    for (let i = 0; i < runs; i += 1) large.push((await timeNettracePing('RED', '203.0.113.8')).ms);
    await must([...NETTRACE, 'lab', 'down']);
    await must([...NETTRACE, 'lab', 'up', '--sandbox']);
    for (let i = 0; i < Math.floor(runs / 2); i += 1) plain.push((await timeNettracePing('RED', '203.0.113.8')).ms);
    const r: ScaleResult = {
      extra, plainMs: summarize(plain), largeMs: summarize(large), verdictRatio: 0,
      upMs: summarize(upMs), shellUpMs: summarize(shUp), upRatio: 0, downMs: summarize(downMs), shellDownMs: summarize(shDown), downRatio: 0,
    };
    r.verdictRatio = ratio(r.largeMs, r.plainMs);
    r.upRatio = ratio(r.upMs, r.shellUpMs);
    r.downRatio = ratio(r.downMs, r.shellDownMs);
    log(`scale: ping plain ${formatSummary(r.plainMs, 'ms')} with ${extra} more ${formatSummary(r.largeMs, 'ms')} ratio ${r.verdictRatio}`);
    log(`scale: lab up ${formatSummary(r.upMs, 'ms')} vs shell ${formatSummary(r.shellUpMs, 'ms')} ratio ${r.upRatio}; down ${formatSummary(r.downMs, 'ms')} vs shell ${formatSummary(r.shellDownMs, 'ms')} ratio ${r.downRatio}`);
    return r;
  } finally {
    await exec([...NETTRACE, 'lab', 'down']);
    await exec(['bash', down]);
    for (const f of [file, up, down]) rmSync(f, { force: true });
  }
}
