// Kernel BPF filters for probe captures: keep ARP, the probe's ICMP echo and the ICMP errors quoting it,
// so that background traffic is dropped in the kernel and costs nothing.
//
// How a probe is recognised (the robust choice): by a per-run pattern in its payload, not by its ICMP id.
// MASQUERADE/SNAT may rewrite the echo identifier (conntrack treats it like a port and changes it when
// two flows would clash), and addresses change on every NAT hop, but nothing on the path rewrites the
// payload. iputils `ping -p HEX` fills the data area with the pattern starting at data offset 0 and then
// overwrites the first 8 (32-bit) or 16 (64-bit) bytes with a timestamp; with a 16-byte pattern, data
// offset 16 (ICMP offset 24) holds the pattern's first byte on both, and the echo reply echoes it.
// Linux quotes the whole offending packet in ICMP errors (up to 576 bytes), so the pattern is visible at
// ICMP offset 8 + quoted IHL + 24 in "destination unreachable", "time exceeded" and "redirect" too.
// The echo id (`icmp[4:2]`) can be added as an alternative match when the caller knows it (ping -e).

/** First word of every nettrace probe pattern: ASCII "ntrc". */
export const PROBE_MAGIC = 0x6e747263;

/** Offset inside the ICMP header+data of the pattern's first byte (data offset 16, see above). */
export const PATTERN_ICMP_OFFSET = 24;

/** ICMP types whose payload quotes the original packet: unreachable, redirect, time exceeded. */
export const ICMP_ERROR_TYPES = [3, 5, 11] as const;

/** What marks one run's probe packets. */
export interface ProbeMark {
  /** Per-run 32-bit token (second pattern word): tells concurrent nettrace runs apart. */
  token: number;
  /** The 16-byte pattern as 32 hex digits, for `ping -p`. */
  pattern: string;
  /** The two pattern words a filter compares: [PROBE_MAGIC, token]. */
  words: [number, number];
}

/** Options of a probe capture filter. */
export interface ProbeFilterOptions {
  /** Match on the payload pattern (robust across NAT). */
  mark?: ProbeMark;
  /** Also (or instead) match on the ICMP echo identifier. */
  icmpId?: number;
  /** Keep ARP frames (default true: ARP is how "neighbour unreachable" is seen). */
  arp?: boolean;
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

// A fresh random token per run, or a given one (tests, replay); the rest of the pattern spells "nettrace".
// The token only has to differ between runs at the same time, not be secret: Math.random (seeded from the
// OS per process) does that without loading node:crypto, which cost ~6 ms of every run's start-up.
export function makeProbeMark(token: number = Math.floor(Math.random() * 0x100000000)): ProbeMark {
  const t = token >>> 0;
  const pattern = `${hex32(PROBE_MAGIC)}${hex32(t)}${Buffer.from('nettrace', 'ascii').toString('hex')}`;
  return { token: t, pattern, words: [PROBE_MAGIC, t] };
}

// Read a mark back from a `ping -p` pattern (saved runs), or null when it is not one of ours.
export function parseProbeMark(pattern: string): ProbeMark | null {
  if (!/^[0-9a-f]{32}$/i.test(pattern)) return null;
  const magic = Number.parseInt(pattern.slice(0, 8), 16);
  if (magic !== PROBE_MAGIC) return null;
  return makeProbeMark(Number.parseInt(pattern.slice(8, 16), 16));
}

/** Offset expression of the quoted packet's ICMP header inside an ICMP error. */
const QUOTED_ICMP = '8 + ((icmp[8] & 0xf) << 2)';

function patternAt(base: string, mark: ProbeMark): string {
  const [w0, w1] = mark.words;
  const at = (extra: number) => (base === '' ? `${extra}` : `${base} + ${extra}`);
  return `icmp[${at(PATTERN_ICMP_OFFSET)}:4] = 0x${hex32(w0)} and icmp[${at(PATTERN_ICMP_OFFSET + 4)}:4] = 0x${hex32(w1)}`;
}

function anyOf(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
}

// The pcap-filter expression for one run's captures (valid for Ethernet, SLL and SLL2 link types).
export function buildProbeFilter(options: ProbeFilterOptions): string {
  const { mark, icmpId } = options;
  if (!mark && icmpId === undefined) throw new RangeError('buildProbeFilter needs a mark or an icmpId');
  if (icmpId !== undefined && (!Number.isInteger(icmpId) || icmpId < 0 || icmpId > 0xffff)) {
    throw new RangeError(`ICMP id out of range: ${icmpId}`);
  }
  const echoMatch: string[] = [];
  const errorMatch: string[] = [];
  if (mark) {
    echoMatch.push(`(${patternAt('', mark)})`);
    errorMatch.push(`(${patternAt(QUOTED_ICMP, mark)})`);
  }
  if (icmpId !== undefined) {
    echoMatch.push(`icmp[4:2] = ${icmpId}`);
    errorMatch.push(`(icmp[${QUOTED_ICMP}:1] = 8 and icmp[${QUOTED_ICMP} + 4:2] = ${icmpId})`);
  }
  const echo = `(icmp[0] = 8 or icmp[0] = 0) and ${anyOf(echoMatch)}`;
  const errors = `(${ICMP_ERROR_TYPES.map((t) => `icmp[0] = ${t}`).join(' or ')}) and ${anyOf(errorMatch)}`;
  const icmp = `(icmp and ((${echo}) or (${errors})))`;
  return options.arp === false ? icmp : `arp or ${icmp}`;
}
