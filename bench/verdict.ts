// Time to verdict: `nettrace ping` against the manual baseline for the reached probe and each failing
// tutorial stage, interleaved (the order alternates every run) so both see the same machine load.
import { formatSummary, ratio, summarize, type Summary } from './stats.js';
import { exec, execWithPeakRss, must, NETTRACE } from './proc.js';
import { runManual, type Watched } from './manual.js';

/** One case: a stage of the tutorial lab, the probe, and the interfaces the manual way watches. */
export interface VerdictCase {
  name: string;
  stage: string;
  src: string;
  dst: string;
  /** Namespace the manual ping runs in (the sandbox's host for `host`). */
  srcNs: string;
  watched: Watched[];
}

/** Measured result of one case. */
export interface VerdictRow {
  name: string;
  stage: string;
  probe: string;
  verdict: string;
  cause: string | null;
  nettraceMs: Summary;
  manualMs: Summary;
  /** median(nettrace) / median(manual). */
  ratio: number;
  /** `node -e 0`, timed in the same rounds: the start-up any Node CLI pays before its first command. */
  nodeStartMs: Summary;
  /** Peak RSS of `nettrace ping`, KiB (a few extra runs under /usr/bin/time). */
  rssKiB: Summary;
}

const RED_TO_NET: Watched[] = [{ ns: 'RED', iface: 'reth0' }, { ns: 'nt-host', iface: 'reth1' }, { ns: 'nt-host', iface: 'br0' }, { ns: 'nt-host', iface: 'eth0' }];

/** The tutorial's probes (CONTRACT "Stages"), in the sandbox. */
export const VERDICT_CASES: VerdictCase[] = [
  { name: 'reached', stage: 'complete', src: 'RED', dst: '203.0.113.8', srcNs: 'RED', watched: RED_TO_NET },
  { name: 'bridge: host → RED', stage: 'bridge', src: 'host', dst: 'RED', srcNs: 'nt-host', watched: [{ ns: 'nt-host', iface: 'br0' }, { ns: 'nt-host', iface: 'eth0' }, { ns: 'RED', iface: 'reth0' }] },
  { name: 'host-address: RED → uplink', stage: 'host-address', src: 'RED', dst: '10.0.2.15', srcNs: 'RED', watched: [{ ns: 'RED', iface: 'reth0' }, { ns: 'nt-host', iface: 'reth1' }, { ns: 'nt-host', iface: 'br0' }] },
  { name: 'default-route: RED → internet', stage: 'default-route', src: 'RED', dst: '203.0.113.8', srcNs: 'RED', watched: RED_TO_NET },
  { name: 'masquerade: RED → internet', stage: 'masquerade', src: 'RED', dst: '203.0.113.8', srcNs: 'RED', watched: RED_TO_NET },
];

// Destination address the manual ping uses for an endpoint name.
function manualAddress(dst: string): string {
  return dst === 'RED' ? '11.11.11.2' : dst === 'BLUE' ? '11.11.11.3' : dst;
}

// One timed `nettrace ping --json`: wall ms and the verdict/cause it printed.
export async function timeNettracePing(src: string, dst: string, extra: string[] = []): Promise<{ ms: number; verdict: string; cause: string | null }> {
  const r = await exec([...NETTRACE, 'ping', src, dst, '--json', ...extra]);
  try {
    const json = JSON.parse(r.stdout) as { verdict: string; cause: { kind: string } | null };
    return { ms: r.ms, verdict: json.verdict, cause: json.cause?.kind ?? null };
  } catch {
    throw new Error(`nettrace ping ${src} ${dst} printed no JSON (exit ${r.code}): ${r.stderr.trim()}`);
  }
}

// Measure every case `runs` times each way, after one warm-up of each.
export async function benchVerdicts(runs: number, log: (line: string) => void): Promise<VerdictRow[]> {
  const rows: VerdictRow[] = [];
  for (const c of VERDICT_CASES) {
    await must([...NETTRACE, 'lab', 'up', '--sandbox', '--stage', c.stage]);
    const dst = manualAddress(c.dst);
    await timeNettracePing(c.src, c.dst);
    await runManual(c.watched, c.srcNs, dst);
    const ours: number[] = [];
    const manual: number[] = [];
    const nodeStart: number[] = [];
    let last = { verdict: '', cause: null as string | null };
    for (let i = 0; i < runs; i += 1) {
      const pair = i % 2 === 0 ? ['n', 'm', 'f'] : ['f', 'm', 'n'];
      for (const which of pair) {
        if (which === 'f') nodeStart.push((await exec(['node', '-e', '0'])).ms);
        else if (which === 'n') {
          const r = await timeNettracePing(c.src, c.dst);
          ours.push(r.ms);
          last = r;
        } else manual.push((await runManual(c.watched, c.srcNs, dst)).ms);
      }
    }
    const rss: number[] = [];
    for (let i = 0; i < 3; i += 1) rss.push((await execWithPeakRss([...NETTRACE, 'ping', c.src, c.dst])).rssKiB);
    const row: VerdictRow = { name: c.name, stage: c.stage, probe: `${c.src} → ${c.dst}`, verdict: last.verdict, cause: last.cause, nettraceMs: summarize(ours), manualMs: summarize(manual), ratio: 0, nodeStartMs: summarize(nodeStart), rssKiB: summarize(rss) };
    row.ratio = ratio(row.nettraceMs, row.manualMs);
    log(`verdict ${c.name}: nettrace ${formatSummary(row.nettraceMs, 'ms')} manual ${formatSummary(row.manualMs, 'ms')} ratio ${row.ratio} (${row.verdict}${row.cause ? `, ${row.cause}` : ''})`);
    rows.push(row);
  }
  await must([...NETTRACE, 'lab', 'up', '--sandbox', '--stage', 'complete']);
  return rows;
}
