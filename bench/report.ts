// The results table: markdown for people (bench/results/latest.md) and JSON for tools (latest.json),
// each figure with its spread and each target marked met or not.
import type { Machine } from './machine.js';
import type { VerdictRow } from './verdict.js';
import type { LoadResult } from './load.js';
import type { OfflineResult } from './offline.js';
import type { ScaleResult } from './scale.js';
import { formatSummary, ratio } from './stats.js';

/** Everything one `npm run bench` measured (sections that were skipped are absent). */
export interface BenchResults {
  command: string;
  startedAt: string;
  machineBefore: Machine;
  machineAfter: Machine;
  verdicts?: VerdictRow[];
  load?: LoadResult;
  offline?: OfflineResult;
  scale?: ScaleResult;
  /** Each target with its measured value and whether it is met. */
  targets: { target: string; measured: string; met: boolean }[];
}

const CONCLUSIVE = new Set(['no-route', 'forward-drop', 'input-drop', 'output-drop', 'link-down', 'not-bridged', 'ip-forward-disabled', 'rp-filter']);

// Compare the figures with the targets of issue 7.
export function evaluateTargets(r: Omit<BenchResults, 'targets'>): BenchResults['targets'] {
  const out: BenchResults['targets'] = [];
  const reached = r.verdicts?.find((v) => v.verdict === 'reached');
  if (reached) out.push({ target: 'reached verdict ≤ 1.0× manual', measured: `${reached.ratio}× (node -e 0 alone: ${ratio(reached.nodeStartMs, reached.manualMs)}×)`, met: reached.ratio <= 1 });
  for (const v of r.verdicts ?? []) {
    if (v.cause && CONCLUSIVE.has(v.cause)) out.push({ target: `conclusive failure ≤ 0.5 s (${v.name}, ${v.cause})`, measured: `${(v.nettraceMs.median / 1000).toFixed(2)} s`, met: v.nettraceMs.median <= 500 });
  }
  if (r.load) {
    out.push({ target: `probe found 50/50 under load (${r.load.averagePps} pps)`, measured: `${r.load.nettrace.found}/${r.load.nettrace.runs}`, met: r.load.nettrace.found === r.load.nettrace.runs && r.load.nettrace.runs >= 50 });
    out.push({ target: 'zero capture drops under load', measured: `${r.load.nettrace.dropped}`, met: r.load.nettrace.dropped === 0 });
  }
  if (r.offline) {
    out.push({ target: 'read ≥ tcpdump -nn -r speed', measured: `${r.offline.vsTcpdump}×`, met: r.offline.vsTcpdump >= 1 });
    const growth = r.offline.readers[0]!.rssKiB / r.offline.smallFileRssKiB;
    out.push({ target: 'read memory flat in file size', measured: `${Math.round(r.offline.smallFileRssKiB / 1024)} MiB at ${r.offline.smallFileMB} MB → ${Math.round(r.offline.readers[0]!.rssKiB / 1024)} MiB at ${r.offline.fileMB} MB`, met: growth <= 1.2 });
  }
  if (r.scale) {
    out.push({ target: `verdict with ${r.scale.extra} extra namespaces ≤ 1.2×`, measured: `${r.scale.verdictRatio}×`, met: r.scale.verdictRatio <= 1.2 });
    out.push({ target: `lab up of ${r.scale.extra} namespaces ≤ 0.5× shell loop`, measured: `${r.scale.upRatio}×`, met: r.scale.upRatio <= 0.5 });
  }
  const rss = Math.max(...(r.verdicts ?? []).map((v) => v.rssKiB.median));
  if (Number.isFinite(rss)) out.push({ target: 'ping peak RSS ≤ 120 MB', measured: `${Math.round(rss / 1024)} MiB`, met: rss / 1024 <= 120 });
  return out;
}

// Markdown of the results.
export function renderMarkdown(r: BenchResults): string {
  const m = r.machineBefore;
  const L: string[] = [`# nettrace benchmarks — ${r.startedAt}`, '', `Command: \`${r.command}\``, '',
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryMiB} MiB RAM, kernel ${m.kernel}, node ${m.node}; load average ${m.load.join(' / ')} before, ${r.machineAfter.load.join(' / ')} after.`, ''];
  L.push('## Targets', '', '| target | measured | met |', '| --- | --- | --- |');
  for (const t of r.targets) L.push(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
  if (r.verdicts) {
    L.push('', '## Time to verdict (median (min–max), interleaved with the manual way)', '', '| case | verdict | nettrace ping | manual (tcpdump ×N + ping -c1 -W1) | ratio | `node -e 0` (floor of any Node CLI) | ping peak RSS |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const v of r.verdicts) L.push(`| ${v.name} | ${v.verdict}${v.cause ? ` (${v.cause})` : ''} | ${formatSummary(v.nettraceMs, 'ms')} | ${formatSummary(v.manualMs, 'ms')} | ${v.ratio}× | ${formatSummary(v.nodeStartMs, 'ms')} | ${Math.round(v.rssKiB.median / 1024)} MiB |`);
  }
  if (r.load) {
    const l = r.load;
    L.push('', `## Capture under load (flood ${l.ratePps} pps measured before, ${l.averagePps} pps on average through beth1/br0)`, '', '| tool | probe found | kernel drops (sum) | runs with drops | time per run |', '| --- | --- | --- | --- | --- |');
    L.push(`| nettrace ping RED 203.0.113.8 | ${l.nettrace.found}/${l.nettrace.runs} | ${l.nettrace.dropped} | ${l.nettrace.runsWithDrops} | ${formatSummary(l.nettrace.ms, 'ms')} |`);
    L.push(`| tcpdump on the same 4 interfaces | ${l.tcpdump.found}/${l.tcpdump.runs} | ${l.tcpdump.dropped} | ${l.tcpdump.runsWithDrops} | ${formatSummary(l.tcpdump.ms, 'ms')} |`);
  }
  if (r.offline) {
    const o = r.offline;
    L.push('', `## Offline reading (${o.fileMB} MB, ${o.packets} packets; stdout to /dev/null)`, '', '| reader | time | MB/s | peak RSS |', '| --- | --- | --- | --- |');
    for (const rd of o.readers) L.push(`| ${rd.reader} | ${formatSummary(rd.ms, 'ms')} | ${rd.mbPerS} | ${Math.round(rd.rssKiB / 1024)} MiB |`);
    L.push('', `nettrace/tcpdump speed ${o.vsTcpdump}×, nettrace/tshark ${o.vsTshark}×; \`read\` peak RSS on a ${o.smallFileMB} MB file: ${Math.round(o.smallFileRssKiB / 1024)} MiB.`);
  }
  if (r.scale) {
    const s = r.scale;
    L.push('', `## Scale (${s.extra} extra namespaces on br0)`, '', '| measure | nettrace | baseline | ratio |', '| --- | --- | --- | --- |');
    L.push(`| ping RED 203.0.113.8 | ${formatSummary(s.largeMs, 'ms')} | plain lab ${formatSummary(s.plainMs, 'ms')} | ${s.verdictRatio}× |`);
    L.push(`| lab up --sandbox --file | ${formatSummary(s.upMs, 'ms')} | shell loop ${formatSummary(s.shellUpMs, 'ms')} | ${s.upRatio}× |`);
    L.push(`| lab down | ${formatSummary(s.downMs, 'ms')} | shell loop ${formatSummary(s.shellDownMs, 'ms')} | ${s.downRatio}× |`);
  }
  return `${L.join('\n')}\n`;
}
