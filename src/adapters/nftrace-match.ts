// Pure matching of netfilter trace events to the probe's request and reply. Trace ids change between
// hooks, so packets are matched by their fields: addresses first, then the IPv4 id (kept by forwarding
// and NAT), then reversed address pairs (a reply leaves with the request's addresses swapped, even
// where DNAT/SNAT changed them).
import type { NetfilterVerdict } from '../model/verdict.js';
import type { TraceEvent } from './nftrace-parse.js';
import { TRACE_TABLE_MARK_CHAIN, TRACE_TABLE_PREFIX } from './nftrace-table.js';

/** The probe as sent: its source and destination address. */
export interface ProbeAddresses {
  src: string;
  dst: string;
}

/** A trace event with the probe direction it belongs to (null when it cannot be told). */
export interface DirectedTraceEvent extends TraceEvent {
  direction: 'request' | 'reply' | null;
}

// Give every event a direction, by addresses, then IP id, then reversed address pairs, until nothing changes.
export function classifyTraceEvents(events: readonly TraceEvent[], probe: ProbeAddresses): DirectedTraceEvent[] {
  const out: DirectedTraceEvent[] = events.map((e) => ({ ...e, direction: null }));
  for (const e of out) {
    const p = e.packet;
    if (!p) continue;
    if (p.src === probe.src || p.dst === probe.dst) e.direction = 'request';
    else if (p.src === probe.dst || p.dst === probe.src) e.direction = 'reply';
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const e of out) {
      if (e.direction !== null || !e.packet) continue;
      const p = e.packet;
      const sameId = out.find((q) => q.direction !== null && q.packet && p.ipId !== null && q.packet.ipId === p.ipId && q.packet.len === p.len);
      const reversed = out.find((q) => q.direction !== null && q.packet && q.packet.src === p.dst && q.packet.dst === p.src);
      if (sameId) e.direction = sameId.direction;
      else if (reversed) e.direction = reversed.direction === 'request' ? 'reply' : 'request';
      if (e.direction !== null) changed = true;
    }
  }
  return out;
}

const terminalVerdicts = new Set(['ACCEPT', 'DROP', 'REJECT', 'QUEUE', 'STOLEN']);

// Whether an event decided the packet's fate in its chain (a policy or a rule with a final verdict),
// leaving out nettrace's own TRACE rules and trace tables (any run's) and the raw table's default policy.
export function isDecisive(event: TraceEvent, tagPrefix = 'nettrace:'): boolean {
  if (event.table.startsWith(TRACE_TABLE_PREFIX)) return false;
  if (event.rule?.includes(`--comment "${tagPrefix}`) || event.rule?.includes(`--comment ${tagPrefix}`)) return false;
  if (event.kind === 'policy') return !(event.table === 'raw' && event.verdict === 'ACCEPT');
  return event.kind === 'rule' && terminalVerdicts.has(event.verdict);
}

// The CONTRACT's `netfilter[]` entries of one namespace: each decisive event with its direction.
export function toNetfilterVerdicts(namespace: string, events: readonly DirectedTraceEvent[]): NetfilterVerdict[] {
  return events
    .filter((e) => e.direction !== null && isDecisive(e))
    .map((e) => ({
      namespace,
      table: e.table,
      chain: e.chain,
      rule: e.rule ?? `${e.table}:${e.chain}`,
      verdict: e.verdict,
      direction: e.direction as 'request' | 'reply',
      source: 'trace' as const,
    }));
}

/** How this run's trace marked its packets: its own trace table, or (iptables path) its tagged TRACE rule. */
export type OwnTraceMarker = { table: string } | { tag: string };

// Whether an event is the run's marking itself: the `meta nftrace set 1` rule of its trace table (not the
// table's policy, which every run's packets meet), or its tagged TRACE rule.
function marksOwnPacket(event: TraceEvent, own: OwnTraceMarker): boolean {
  if ('table' in own) return event.table === own.table && event.chain === TRACE_TABLE_MARK_CHAIN && event.kind === 'rule';
  return Boolean(event.rule?.includes(`--comment "${own.tag}"`) || event.rule?.includes(`--comment ${own.tag} `));
}

// Only this run's events: a namespace's monitor also prints the packets other runs trace there. A packet
// is ours when its trace id met this run's trace table (or tagged TRACE rule); its IPv4 id follows it if a
// later hook starts a new trace id.
export function keepOwnEvents(events: readonly TraceEvent[], own: OwnTraceMarker): TraceEvent[] {
  const ownIds = new Set(events.filter((e) => marksOwnPacket(e, own)).map((e) => e.traceId));
  const ownIpIds = new Set(events.filter((e) => ownIds.has(e.traceId) && e.packet?.ipId !== null && e.packet?.ipId !== undefined).map((e) => e.packet!.ipId));
  return events.filter((e) => ownIds.has(e.traceId) || (e.packet?.ipId !== null && e.packet?.ipId !== undefined && ownIpIds.has(e.packet.ipId)));
}
