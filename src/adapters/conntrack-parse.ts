// Pure parser of `conntrack -L` (default and `-o extended[,id]` output): the original and reply tuples of
// each flow — how a masqueraded reply finds its way back (reply dst = the NAT address, id maybe rewritten).

/** One direction of a flow. */
export interface ConntrackTuple {
  src: string;
  dst: string;
  /** ICMP type/code/id (ICMP flows). */
  type?: number;
  code?: number;
  id?: number;
  /** Ports (TCP/UDP flows). */
  sport?: number;
  dport?: number;
}

/** One conntrack entry. */
export interface ConntrackEntry {
  /** `ipv4`/`ipv6` with `-o extended`, null otherwise. */
  l3: string | null;
  /** Protocol name (`icmp`, `tcp`, `udp`). */
  protocol: string;
  /** Seconds until the entry expires. */
  timeout: number;
  /** The tuple as the first packet had it (before NAT). */
  original: ConntrackTuple;
  /** The tuple a reply must have to belong to this flow (after NAT, reversed). */
  reply: ConntrackTuple;
  /** `[UNREPLIED]`: no reply was seen. */
  unreplied: boolean;
  /** `[ASSURED]`. */
  assured: boolean;
  /** Connection mark. */
  mark: number | null;
  /** Kernel's entry id (`-o id`), if printed. */
  ctId: number | null;
  /** The line as printed. */
  text: string;
}

const tupleKeys = new Set(['src', 'dst', 'type', 'code', 'id', 'sport', 'dport']);

// Parse every flow line; the "N flow entries have been shown" summary and blank lines are skipped.
export function parseConntrackList(text: string): ConntrackEntry[] {
  const entries: ConntrackEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const head = /^(?:(ipv4|ipv6)\s+\d+\s+)?([a-z0-9-]+)\s+\d+\s+(\d+)\s+(?:[A-Z_]+\s+)?(src=.*)$/.exec(line);
    if (!head) continue;
    const tuples: Record<string, string>[] = [{}, {}];
    const entry: ConntrackEntry = {
      l3: head[1] ?? null, protocol: head[2], timeout: Number(head[3]),
      original: { src: '', dst: '' }, reply: { src: '', dst: '' },
      unreplied: false, assured: false, mark: null, ctId: null, text: line,
    };
    let which = -1; // 0 = original tuple, 1 = reply tuple, 2 = past the tuples (mark=, use=, id= of -o id)
    for (const token of head[4].split(/\s+/)) {
      if (token === '[UNREPLIED]') { entry.unreplied = true; continue; }
      if (token === '[ASSURED]') { entry.assured = true; continue; }
      const eq = token.indexOf('=');
      if (eq < 0) continue;
      const key = token.slice(0, eq);
      const value = token.slice(eq + 1);
      if (key === 'src' && which < 1) which += 1;
      else if (!tupleKeys.has(key)) which = 2;
      if (which <= 1 && tupleKeys.has(key)) tuples[which][key] = value;
      else if (key === 'mark') entry.mark = Number(value);
      else if (key === 'id') entry.ctId = Number(value);
    }
    entry.original = toTuple(tuples[0]);
    entry.reply = toTuple(tuples[1]);
    entries.push(entry);
  }
  return entries;
}

function toTuple(fields: Record<string, string>): ConntrackTuple {
  const tuple: ConntrackTuple = { src: fields.src ?? '', dst: fields.dst ?? '' };
  for (const key of ['type', 'code', 'id', 'sport', 'dport'] as const) {
    if (fields[key] !== undefined) tuple[key] = Number(fields[key]);
  }
  return tuple;
}

/** What NAT did to a flow, read from its tuples. */
export interface ConntrackNat {
  /** The address replies go to instead of the original source (MASQUERADE/SNAT), or null. */
  snatTo: string | null;
  /** The address replies come from instead of the original destination (DNAT), or null. */
  dnatTo: string | null;
  /** The ICMP id the replies carry when NAT changed it (id clash), or null. */
  icmpIdTo: number | null;
}

// Read NAT from the tuples: a reply tuple that is not the original reversed was rewritten.
export function describeNat(entry: ConntrackEntry): ConntrackNat {
  const { original: o, reply: r } = entry;
  return {
    snatTo: r.dst !== o.src ? r.dst : null,
    dnatTo: r.src !== o.dst ? r.src : null,
    icmpIdTo: o.id !== undefined && r.id !== undefined && r.id !== o.id ? r.id : null,
  };
}

/** Which flow is the probe's. */
export interface ProbeFlowQuery {
  dst: string;
  src?: string;
  icmpId?: number;
}

// The ICMP echo flows of the probe (original direction towards dst, from src, with the id when known).
export function findProbeFlows(entries: readonly ConntrackEntry[], query: ProbeFlowQuery): ConntrackEntry[] {
  return entries.filter((e) => e.protocol === 'icmp' && e.original.type === 8 && e.original.dst === query.dst
    && (query.src === undefined || e.original.src === query.src)
    && (query.icmpId === undefined || e.original.id === query.icmpId));
}
