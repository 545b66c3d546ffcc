// Capture under load: a ≥50k packets/s flood (two UDP blasters) through br0 while RED is traced, N runs each way:
// in how many runs the probe was seen on every hop, and the kernel drop counters — nettrace (from its
// --save evidence.json) and the manual tcpdumps on the same interfaces.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, must, NETTRACE } from './proc.js';
import { runManual } from './manual.js';
import { VERDICT_CASES } from './verdict.js';
import { measureRate, rxPackets, startFlood } from './flood.js';
import { summarize, type Summary } from './stats.js';

/** One tool's figures under load. */
export interface LoadSide {
  runs: number;
  /** Runs in which the echo request and reply were seen on every captured hop. */
  found: number;
  /** Sum of the kernel drop counters over all runs and interfaces. */
  dropped: number;
  /** Runs with at least one drop. */
  runsWithDrops: number;
  /** Wall time per run, ms. */
  ms: Summary;
}

/** Result of the load benchmark. */
export interface LoadResult {
  /** Flood rate through beth1 measured before the runs, packets/s. */
  ratePps: number;
  /** Average flood rate over the whole measurement, packets/s. */
  averagePps: number;
  nettrace: LoadSide;
  tcpdump: LoadSide;
}

interface Saved {
  result: { verdict: string; path: { namespace: string; interface: string }[]; observations: { namespace: string; interface: string; type: string }[] };
  captures: { packetsDroppedByKernel: number | null }[];
}

// True when a saved run saw the echo request on every hop of its path inside this machine.
function probeFoundEverywhere(saved: Saved): boolean {
  const hops = saved.result.path.filter((h) => !h.namespace.startsWith('(') && !h.interface.startsWith('('));
  const seen = new Set(saved.result.observations.filter((o) => o.type === 'echo-request').map((o) => `${o.namespace}:${o.interface}`));
  return saved.result.verdict === 'reached' && hops.every((h) => seen.has(`${h.namespace}:${h.interface}`));
}

// Run the load benchmark (`runs` interleaved pairs) on the complete tutorial lab.
export async function benchLoad(runs: number, log: (line: string) => void): Promise<LoadResult> {
  const reached = VERDICT_CASES[0]!;
  await must([...NETTRACE, 'lab', 'up', '--sandbox', '--stage', 'complete']);
  const floods = [startFlood('BLUE', 3600), startFlood('BLUE', 3600)];
  const dir = mkdtempSync(join(tmpdir(), 'nettrace-bench-load-'));
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // python starts slowly on a busy machine
    const ratePps = await measureRate('nt-host', 'beth1', 2);
    log(`load: flood ${ratePps} packets/s through beth1/br0`);
    const rx0 = await rxPackets('nt-host', 'beth1');
    const t0 = Date.now();
    const ours: LoadSide = { runs: 0, found: 0, dropped: 0, runsWithDrops: 0, ms: summarize([]) };
    const theirs: LoadSide = { runs: 0, found: 0, dropped: 0, runsWithDrops: 0, ms: summarize([]) };
    const oursMs: number[] = [];
    const theirMs: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const save = join(dir, `run-${i}`);
      const r = await exec([...NETTRACE, 'ping', 'RED', '203.0.113.8', '--json', '--save', save], { discard: true });
      oursMs.push(r.ms);
      ours.runs += 1;
      try {
        const saved = JSON.parse(readFileSync(join(save, 'evidence.json'), 'utf8')) as Saved;
        if (probeFoundEverywhere(saved)) ours.found += 1;
        const drops = saved.captures.reduce((sum, c) => sum + (c.packetsDroppedByKernel ?? 0), 0);
        ours.dropped += drops;
        if (drops > 0) ours.runsWithDrops += 1;
      } catch { /* no evidence: counted as not found */ }
      rmSync(save, { recursive: true, force: true });

      const m = await runManual(reached.watched, 'RED', '203.0.113.8');
      theirMs.push(m.ms);
      theirs.runs += 1;
      if (m.seen.every((s) => /ICMP echo request/.test(s.lines) && /ICMP echo reply/.test(s.lines))) theirs.found += 1;
      const drops = m.seen.reduce((sum, s) => sum + (s.dropped ?? 0), 0);
      theirs.dropped += drops;
      if (drops > 0) theirs.runsWithDrops += 1;
    }
    const averagePps = Math.round(((await rxPackets('nt-host', 'beth1')) - rx0) * 1000 / (Date.now() - t0));
    ours.ms = summarize(oursMs);
    theirs.ms = summarize(theirMs);
    log(`load: nettrace found ${ours.found}/${ours.runs}, dropped ${ours.dropped}; tcpdump found ${theirs.found}/${theirs.runs}, dropped ${theirs.dropped}; average ${averagePps} packets/s`);
    return { ratePps, averagePps, nettrace: ours, tcpdump: theirs };
  } finally {
    await Promise.all(floods.map((f) => f.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
