// Pure side of nettrace's own nf_tables trace table (nf_tables backend, `nft` installed): one table per run
// and namespace, `table ip nettrace-<runTag>`, whose base chains at prerouting/output (priority -350, before
// raw) set `meta nftrace` on this run's probe only. It is an owned table held by one `nft -i` for the run
// (gone when that process ends, even by SIGKILL), or where the kernel has no owned tables one `nft -f -` in
// and one `nft delete table` out; nothing of anyone else's (the shared raw table included) is touched.
//
// The shape is dictated by `xtables-monitor --trace`, which prints every traced rule by translating it back
// to iptables syntax and EXITS on a rule it cannot translate (a raw payload match: "unexpected payload
// offset"). So the payload-matching rules only `goto trace`: they run while the packet is not traced yet
// and are never printed; the one rule the monitor prints is `meta nftrace set 1` (`-j TRACE`) in chain
// `trace`. A packet can only arrive already traced through loopback (a probe to a local address, traced at
// output): `iifname "lo" return` (printed as `-i lo -j RETURN`) keeps it away from the payload rules.
//
// The mark (bpf-filter.ts) is matched like the u32 TRACE rules do: at ICMP offset 24 in an echo
// request/reply, and at ICMP offset 8 + 20 + 24 in an ICMP error quoting it (the quoted header without
// options — the probe sends none).
import { PATTERN_ICMP_OFFSET, type ProbeMark } from '../capture/bpf-filter.js';

/** Name prefix of every trace table nettrace adds (`nettrace-<pid>-<token>`). */
export const TRACE_TABLE_PREFIX = 'nettrace-';

/** The chain holding the one rule that sets `meta nftrace` (its trace event marks this run's packet). */
export const TRACE_TABLE_MARK_CHAIN = 'trace';

/** Hook priority of the trace chains: before raw (-300) and conntrack (-200), after defrag (-400). */
export const TRACE_TABLE_PRIORITY = -350;

/** Length of the IPv4 header an ICMP error quotes (the probe's, which has no options). */
const QUOTED_IP_HEADER = 20;

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

// The table name of a run: `nettrace-` + the run tag, with anything nft would not take as a name replaced.
export function traceTableName(runTag: string): string {
  return `${TRACE_TABLE_PREFIX}${runTag.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

// The run's pid in a table name `nettrace-<pid>-<token>` (null for another name).
export function runPidOfTable(name: string): number | null {
  const m = /^nettrace-(\d+)-/.exec(name);
  return m ? Number(m[1]) : null;
}

// The two `@th` payload matches of the mark: in an echo, and in an ICMP error quoting it.
export function tracePayloadMatches(mark: ProbeMark): string[] {
  const value = `0x${hex32(mark.words[0])}${hex32(mark.words[1])}`;
  const echoBits = PATTERN_ICMP_OFFSET * 8;
  const quotedBits = (8 + QUOTED_IP_HEADER + PATTERN_ICMP_OFFSET) * 8;
  return [`@th,${echoBits},64 ${value}`, `@th,${quotedBits},64 ${value}`];
}

// The `nft -f -` script creating the run's trace table (atomic: all of it or nothing).
export function buildTraceTableScript(runTag: string, mark: ProbeMark): string {
  const marks = tracePayloadMatches(mark).map((m) => `\t\tmeta l4proto icmp ${m} goto ${TRACE_TABLE_MARK_CHAIN}`);
  const base = (name: string, hook: string, extra: string[]) => [
    `\tchain ${name} {`,
    `\t\ttype filter hook ${hook} priority ${TRACE_TABLE_PRIORITY}; policy accept;`,
    ...extra,
    ...marks,
    '\t}',
  ];
  return [
    `table ip ${traceTableName(runTag)} {`,
    `\tchain ${TRACE_TABLE_MARK_CHAIN} {`,
    '\t\tmeta nftrace set 1',
    '\t}',
    ...base('pre', 'prerouting', ['\t\tiifname "lo" return']),
    ...base('out', 'output', []),
    '}',
    '',
  ].join('\n');
}

// The names of the `ip` tables in `nft list tables ip` output that are nettrace trace tables.
export function findTraceTables(listing: string): string[] {
  const names: string[] = [];
  for (const line of listing.split('\n')) {
    const m = /^table ip (\S+)$/.exec(line.trim());
    if (m && m[1]!.startsWith(TRACE_TABLE_PREFIX)) names.push(m[1]!);
  }
  return names;
}

// The `nft -f -` script removing `names` whether or not each still exists (`add` is a no-op for an existing
// table, so the `delete` after it never fails for a table a concurrent cleanup removed first).
export function buildRemoveTablesScript(names: readonly string[]): string {
  return names.map((n) => `add table ip ${n}\ndelete table ip ${n}\n`).join('');
}

// The same table as one line for `nft -i`, with `flags owner`: the kernel deletes an owned table when the
// netlink socket of the process that added it closes, so the table lives exactly as long as that `nft`.
export function buildOwnedTraceTableLine(runTag: string, mark: ProbeMark): string {
  const marks = tracePayloadMatches(mark).map((m) => `meta l4proto icmp ${m} goto ${TRACE_TABLE_MARK_CHAIN}; `).join('');
  const base = (name: string, hook: string, extra: string) =>
    `chain ${name} { type filter hook ${hook} priority ${TRACE_TABLE_PRIORITY}; policy accept; ${extra}${marks}}; `;
  return `add table ip ${traceTableName(runTag)} { flags owner; chain ${TRACE_TABLE_MARK_CHAIN} { meta nftrace set 1; }; `
    + `${base('pre', 'prerouting', 'iifname "lo" return; ')}${base('out', 'output', '')}}\n`;
}
