// One frame → one Observation (ARP request/reply, any ICMP) or a reason it is not one. Pure and total:
// every read is bounds-checked, so a short or odd frame is classified, never thrown on.
import type { Observation } from '../model/observation.js';
import { decodeArp, type ArpPacket } from './arp.js';
import { decodeIcmp, type IcmpMessage } from './icmp.js';
import { decodeIpv4, IPV4_SHORT, peekIpv4Protocol, type Ipv4Header } from './ipv4.js';
import { decodeLinkLayer, ETHERTYPE, LINK_SHORT, LINK_UNSUPPORTED, peekLinkLayer, type LinkFrame } from './link-layer.js';

/** A frame taken apart as far as nettrace cares. */
export type DecodedFrame =
  | { kind: 'arp'; link: LinkFrame; arp: ArpPacket }
  | { kind: 'icmp'; link: LinkFrame; ip: Ipv4Header; icmp: IcmpMessage }
  /** Decodable but not ARP/ICMP (TCP, IPv6, LLDP, later fragments, ...). */
  | { kind: 'other' }
  /** Cut short before the headers nettrace needs. */
  | { kind: 'short' }
  /** The link type is not one nettrace decodes. */
  | { kind: 'unsupported' };

// The bodiless results, shared: most frames of a big capture are `other`, and need not cost an object each.
const OTHER: DecodedFrame = Object.freeze({ kind: 'other' });
const SHORT: DecodedFrame = Object.freeze({ kind: 'short' });
const UNSUPPORTED: DecodedFrame = Object.freeze({ kind: 'unsupported' });

/** What decodeFrame would make of the frame in bytes[start, end), found without allocating anything: `arp`
 * and `icmp` may still turn out short or other when decoded; `other`, `short` and `unsupported` are final.
 * Lets a reader of a big capture skip the frames nettrace does not list before even making a view of them. */
export function peekFrameKind(linktype: number, bytes: Uint8Array, start: number, end: number): DecodedFrame['kind'] {
  const peek = peekLinkLayer(linktype, bytes, start, end);
  if (peek === LINK_UNSUPPORTED) return 'unsupported';
  if (peek === LINK_SHORT) return 'short';
  const ethertype = peek & 0xffff;
  if (ethertype === ETHERTYPE.arp) return 'arp';
  if (ethertype !== ETHERTYPE.ipv4) return 'other';
  const protocol = peekIpv4Protocol(bytes, start + Math.floor(peek / 65536), end);
  if (protocol === IPV4_SHORT) return 'short';
  return protocol === 1 ? 'icmp' : 'other';
}

/** Decode a frame of link type `linktype` down to ARP or ICMP (other frames are classified by peeking at a
 * few bytes, allocating nothing; only ARP and ICMP are decoded into objects and strings). */
export function decodeFrame(linktype: number, frame: Uint8Array): DecodedFrame {
  const kind = peekFrameKind(linktype, frame, 0, frame.length);
  if (kind === 'other') return OTHER;
  if (kind === 'short') return SHORT;
  if (kind === 'unsupported') return UNSUPPORTED;
  const link = decodeLinkLayer(linktype, frame);
  if (link === 'unsupported') return UNSUPPORTED;
  if (link === 'short') return SHORT;
  if (link.ethertype === ETHERTYPE.arp) {
    const arp = decodeArp(frame, link.payloadOffset);
    if (arp === 'short') return SHORT;
    return arp === 'other' ? OTHER : { kind: 'arp', link, arp };
  }
  const ip = decodeIpv4(frame, link.payloadOffset);
  if (ip === 'short') return SHORT;
  if (ip === 'other' || ip.protocol !== 1 || ip.fragmentOffset !== 0) return OTHER;
  const icmp = decodeIcmp(frame, ip.payloadOffset, ip.payloadEnd);
  if (icmp === 'short') return SHORT;
  return { kind: 'icmp', link, ip, icmp };
}

/** Where and when a frame was captured (what the frame itself does not say). */
export interface FrameContext {
  /** Namespace of the capture (null = nettrace's own / unknown). */
  namespace: string | null;
  /** Interface of the capture; null for `-i any` unless resolved. */
  interface: string | null;
  /** Capture time of the frame, µs since the epoch. */
  tsUs: number;
  /** Time zero for `time_ms` (the probe, or the first packet of the file), µs since the epoch. */
  t0Us: number;
  /** Names of interface indexes (SLL2 captures on `any`), when known. */
  interfaceNames?: ReadonlyMap<number, string>;
}

function directionOf(kind: Observation['type']): Observation['direction'] {
  if (kind === 'echo-request' || kind === 'arp-request') return 'request';
  if (kind === 'icmp-other') return null;
  return 'reply'; // replies and ICMP errors travel back towards the probe's source
}

/** Turn a decoded ARP/ICMP frame into an Observation; null for anything else. Built as literals plus
 * assignments, never `{...spread}`: V8 copies spread objects the slow way, and on a big capture their
 * garbage reached the old generation and grew the process by tens of MiB. Key order is the JSON's. */
export function toObservation(decoded: DecodedFrame, ctx: FrameContext): Observation | null {
  if (decoded.kind !== 'arp' && decoded.kind !== 'icmp') return null;
  const { link } = decoded;
  const named = link.ifIndex !== undefined ? ctx.interfaceNames?.get(link.ifIndex) : undefined;
  const isArp = decoded.kind === 'arp';
  const type: Observation['type'] = isArp ? (decoded.arp.operation === 'request' ? 'arp-request' : 'arp-reply') : decoded.icmp.kind;
  const namespace = ctx.namespace;
  const iface = named ?? ctx.interface;
  const timeMs = Math.round((ctx.tsUs - ctx.t0Us) / 10) / 100;
  const direction = directionOf(type);
  const protocol = isArp ? 'arp' : 'icmp';
  const src = isArp ? decoded.arp.senderIp : decoded.ip.src;
  const dst = isArp ? decoded.arp.targetIp : decoded.ip.dst;
  const obs: Observation = link.ifIndex === undefined
    ? { namespace, interface: iface, time_ms: timeMs, ts_us: ctx.tsUs, linkDirection: link.linkDirection,
      direction, protocol, type, src, dst }
    : { namespace, interface: iface, time_ms: timeMs, ts_us: ctx.tsUs, linkDirection: link.linkDirection,
      ifIndex: link.ifIndex, direction, protocol, type, src, dst };
  if (decoded.kind === 'arp') {
    obs.senderMac = decoded.arp.senderMac;
    return obs;
  }
  const { ip, icmp } = decoded;
  obs.icmpType = icmp.icmpType;
  obs.icmpCode = icmp.icmpCode;
  obs.ttl = ip.ttl;
  if (icmp.id !== undefined) obs.icmpId = icmp.id;
  if (icmp.seq !== undefined) obs.icmpSeq = icmp.seq;
  if (icmp.quoted !== undefined) obs.quoted = icmp.quoted;
  return obs;
}
