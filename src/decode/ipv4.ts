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
