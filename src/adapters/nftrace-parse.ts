// Pure parser of `xtables-monitor --trace` output (iptables 1.8, nf_tables backend): PACKET lines describe
// the packet at a hook, TRACE lines name each rule or policy it met, under a trace id that changes per hook.

/** The packet as xtables-monitor prints it on a PACKET line. */
export interface TracePacket {
  /** Input interface (`IN=`), if any. */
  in: string | null;
  /** Output interface (`OUT=`), if any. */
  out: string | null;
  src: string;
  dst: string;
  /** IP total length. */
  len: number | null;
  ttl: number | null;
  /** IPv4 identification: unchanged by forwarding and NAT, so it follows one packet across hooks. */
  ipId: number | null;
  /** Every KEY=VALUE of the line (SPORT, DPORT, MACSRC, …). */
  fields: Record<string, string>;
}

/** One TRACE line: a rule, a policy or a return met by a traced packet. */
export interface TraceEvent {
  /** Netfilter family (2 = IPv4). */
  family: number;
  /** Trace id (hex): the same packet gets a new one at each hook. */
  traceId: string;
  table: string;
  chain: string;
  kind: 'rule' | 'policy' | 'return';
  /** Rule handle for `rule` events. */
  handle: number | null;
  /** ACCEPT, DROP, CONTINUE, JUMP, GOTO, RETURN, … */
  verdict: string;
  /** JUMP/GOTO target chain. */
  target: string | null;
  /** The rule as `-A CHAIN …` (without the `-4 -t TABLE` prefix), or `-P CHAIN VERDICT` for a policy. */
  rule: string | null;
  /** The packet of the latest PACKET line with this trace id. */
  packet: TracePacket | null;
  /** Position in the output (events stay in kernel order). */
  index: number;
}

const packetLine = /^PACKET: (\d+) ([0-9a-f]+) (.*)$/;
const traceLine = /^TRACE: (\d+) ([0-9a-f]+) ([^:\s]+):([^:\s]+):(rule|policy|return):?(.*)$/;

function toInt(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

// Parse the KEY=VALUE list of a PACKET line.
export function parseTracePacket(text: string): TracePacket {
  const fields: Record<string, string> = {};
  for (const token of text.trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields[token.slice(0, eq)] = token.slice(eq + 1);
    else if (token !== '') fields[token] = '';
  }
  return {
    in: fields.IN || null,
    out: fields.OUT || null,
    src: fields.SRC ?? '',
    dst: fields.DST ?? '',
    len: toInt(fields.LEN),
    ttl: toInt(fields.TTL),
    ipId: toInt(fields.ID),
    fields,
  };
}

/** nf_tables' own verdict codes, which xtables-monitor prints as numbers (a `-j RETURN` rule shows `0xfffffffb`). */
const NFT_VERDICT_CODES: Record<string, string> = {
  '0xffffffff': 'CONTINUE', '0xfffffffe': 'BREAK', '0xfffffffd': 'JUMP', '0xfffffffc': 'GOTO', '0xfffffffb': 'RETURN',
};

function stripRulePrefix(text: string): string {
  return text.trim().replace(/^-[46]\s+/, '').replace(/^-t\s+\S+\s+/, '');
}

// Parse a whole monitor output (or a chunk of whole lines) into events, in order.
export function parseTraceOutput(text: string): TraceEvent[] {
  const packets = new Map<string, TracePacket>();
  const events: TraceEvent[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const p = packetLine.exec(line);
    if (p) {
      packets.set(p[2], parseTracePacket(p[3]));
      continue;
    }
    const m = traceLine.exec(line);
    if (!m) continue;
    const [, family, traceId, table, chain, kind, rest] = m;
    const event: TraceEvent = {
      family: Number(family), traceId, table, chain, kind: kind as TraceEvent['kind'],
      handle: null, verdict: '', target: null, rule: null, packet: packets.get(traceId) ?? null, index: events.length,
    };
    if (kind === 'rule') {
      const r = /^(0x[0-9a-f]+|\d+):(0x[0-9a-f]+|[A-Z_]+)(?::(\S+))?\s*(.*)$/i.exec(rest.trim());
      if (r) {
        event.handle = Number(r[1]);
        event.verdict = NFT_VERDICT_CODES[r[2].toLowerCase()] ?? r[2];
        event.target = r[3] ?? null;
        event.rule = r[4] ? stripRulePrefix(r[4]) : null;
      }
    } else if (kind === 'policy') {
      event.verdict = rest.trim().split(/\s+/)[0] ?? '';
      event.rule = `-P ${chain} ${event.verdict}`;
    } else {
      event.verdict = rest.trim().split(/\s+/)[0] || 'RETURN';
    }
    events.push(event);
  }
  return events;
}

// The `table:CHAIN:policy:VERDICT` / `table:CHAIN:rule:VERDICT` name of an event, as the monitor prints it.
export function describeTraceEvent(event: TraceEvent): string {
  return `${event.table}:${event.chain}:${event.kind}${event.kind === 'return' ? '' : `:${event.verdict}`}`;
}
