// ICMP decoder: echo request/reply with id/seq; dest-unreachable, time-exceeded and redirect with the
// quoted original IPv4 header and its first 8 bytes (which, for a quoted echo, hold the probe's id/seq).
import type { ObservationType, QuotedPacket } from '../model/observation.js';
import { decodeIpv4 } from './ipv4.js';
import { readU16 } from './bytes.js';

/** A decoded ICMP message. */
export interface IcmpMessage {
  /** nettrace's name for it. */
  kind: ObservationType;
  icmpType: number;
  icmpCode: number;
  /** Echo identifier/sequence (echo request/reply only). */
  id?: number;
  seq?: number;
  /** The quoted original packet (errors only, when at least its IPv4 header is present). */
  quoted?: QuotedPacket;
  /** Redirect: the gateway to use instead. */
  gateway?: string;
}

const ERROR_KINDS: Record<number, ObservationType> = { 3: 'dest-unreachable', 5: 'redirect', 11: 'time-exceeded' };

/** Decode ICMP in buf[off, end); `short` when fewer than the 8 fixed bytes are there. */
export function decodeIcmp(buf: Uint8Array, off: number, end: number = buf.length): IcmpMessage | 'short' {
  const limit = Math.min(end, buf.length);
  if (off + 8 > limit) return 'short';
  const icmpType = buf[off];
  const icmpCode = buf[off + 1];
  if (icmpType === 0 || icmpType === 8) {
    return { kind: icmpType === 8 ? 'echo-request' : 'echo-reply', icmpType, icmpCode,
      id: readU16(buf, off + 4) ?? 0, seq: readU16(buf, off + 6) ?? 0 };
  }
  const errorKind = ERROR_KINDS[icmpType];
  if (errorKind === undefined) return { kind: 'icmp-other', icmpType, icmpCode };
  const message: IcmpMessage = { kind: errorKind, icmpType, icmpCode };
  if (icmpType === 5) message.gateway = `${buf[off + 4]}.${buf[off + 5]}.${buf[off + 6]}.${buf[off + 7]}`;
  const quoted = decodeQuoted(buf.subarray(0, limit), off + 8);
  if (quoted !== null) message.quoted = quoted;
  return message;
}

/** The original IPv4 header + first 8 bytes quoted by an ICMP error, or null when cut/not IPv4. */
export function decodeQuoted(buf: Uint8Array, off: number): QuotedPacket | null {
  const ip = decodeIpv4(buf, off);
  if (ip === 'short' || ip === 'other') return null;
  const quoted: QuotedPacket = { src: ip.src, dst: ip.dst, protocol: ip.protocol };
  const inner = ip.payloadOffset;
  // the quote's own total length describes the original packet, not the quote: use what is present
  if (ip.protocol === 1 && ip.fragmentOffset === 0 && inner + 8 <= buf.length && (buf[inner] === 8 || buf[inner] === 0)) {
    quoted.icmpId = readU16(buf, inner + 4) ?? undefined;
    quoted.icmpSeq = readU16(buf, inner + 6) ?? undefined;
  }
  return quoted;
}
