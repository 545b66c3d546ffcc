// IPv4 header decoder: addresses, protocol, TTL and where the payload lies (bounded by total length).
import { readIpv4, readU16 } from './bytes.js';

/** A decoded IPv4 header. */
export interface Ipv4Header {
  src: string;
  dst: string;
  /** IP protocol number (1 = ICMP). */
  protocol: number;
  ttl: number;
  /** Header length in bytes (IHL × 4). */
  headerLength: number;
  /** Total length from the header. */
  totalLength: number;
  /** Fragment offset in 8-byte units (non-zero: not the first fragment, no transport header). */
  fragmentOffset: number;
  /** Offset of the payload in the buffer. */
  payloadOffset: number;
  /** End of the payload in the buffer (min of total length and captured bytes). */
  payloadEnd: number;
}

/** Decode an IPv4 header at `off`; `short` when cut, `other` when not IPv4 or malformed. */
export function decodeIpv4(buf: Uint8Array, off: number): Ipv4Header | 'short' | 'other' {
  if (off + 20 > buf.length) return 'short';
  const version = buf[off] >> 4;
  const headerLength = (buf[off] & 0x0f) * 4;
  if (version !== 4 || headerLength < 20) return 'other';
  if (off + headerLength > buf.length) return 'short';
  const totalLength = readU16(buf, off + 2) ?? 0;
  const flagsFrag = readU16(buf, off + 6) ?? 0;
  const src = readIpv4(buf, off + 12);
  const dst = readIpv4(buf, off + 16);
  if (src === null || dst === null) return 'short';
  const end = totalLength >= headerLength ? Math.min(off + totalLength, buf.length) : buf.length;
  return {
    src, dst, protocol: buf[off + 9], ttl: buf[off + 8], headerLength, totalLength,
    fragmentOffset: flagsFrag & 0x1fff, payloadOffset: off + headerLength, payloadEnd: end,
  };
}

/** peekIpv4Protocol: the header is cut short. */
export const IPV4_SHORT = -1;
/** peekIpv4Protocol: not IPv4, a malformed header, or a later fragment (no transport header to read). */
export const IPV4_SKIP = -2;

/** The protocol of the IPv4 header at `off` (in bytes ending at `end`) with decodeIpv4's checks but no
 * allocation (IPV4_SHORT or IPV4_SKIP when decodeIpv4 would say `short`/`other` or the packet is a later
 * fragment): lets the hot path drop non-ICMP packets without building address strings it would throw away. */
export function peekIpv4Protocol(buf: Uint8Array, off: number, end = buf.length): number {
  if (off + 20 > end) return IPV4_SHORT;
  const headerLength = (buf[off] & 0x0f) * 4;
  if (buf[off] >> 4 !== 4 || headerLength < 20) return IPV4_SKIP;
  if (off + headerLength > end) return IPV4_SHORT;
  if ((((buf[off + 6] << 8) | buf[off + 7]) & 0x1fff) !== 0) return IPV4_SKIP;
  return buf[off + 9];
}
