// One frame → one Observation (ARP request/reply, any ICMP) or a reason it is not one. Pure and total:
// every read is bounds-checked, so a short or odd frame is classified, never thrown on.
import type { Observation } from '../model/observation.js';
import { decodeArp, type ArpPacket } from './arp.js';
import { decodeIcmp, type IcmpMessage } from './icmp.js';
import { decodeIpv4, type Ipv4Header } from './ipv4.js';
import { decodeLinkLayer, ETHERTYPE, type LinkFrame } from './link-layer.js';

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

/** Decode a frame of link type `linktype` down to ARP or ICMP. */
export function decodeFrame(linktype: number, frame: Uint8Array): DecodedFrame {
  const link = decodeLinkLayer(linktype, frame);
  if (link === 'unsupported') return { kind: 'unsupported' };
  if (link === 'short') return { kind: 'short' };
  if (link.ethertype === ETHERTYPE.arp) {
    const arp = decodeArp(frame, link.payloadOffset);
    if (arp === 'short') return { kind: 'short' };
    return arp === 'other' ? { kind: 'other' } : { kind: 'arp', link, arp };
  }
  if (link.ethertype !== ETHERTYPE.ipv4) return { kind: 'other' };
  const ip = decodeIpv4(frame, link.payloadOffset);
  if (ip === 'short') return { kind: 'short' };
  if (ip === 'other' || ip.protocol !== 1 || ip.fragmentOffset !== 0) return { kind: 'other' };
  const icmp = decodeIcmp(frame, ip.payloadOffset, ip.payloadEnd);
  if (icmp === 'short') return { kind: 'short' };
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

/** Turn a decoded ARP/ICMP frame into an Observation; null for anything else. */
export function toObservation(decoded: DecodedFrame, ctx: FrameContext): Observation | null {
  if (decoded.kind !== 'arp' && decoded.kind !== 'icmp') return null;
  const { link } = decoded;
  const named = link.ifIndex !== undefined ? ctx.interfaceNames?.get(link.ifIndex) : undefined;
  const base = {
    namespace: ctx.namespace,
    interface: named ?? ctx.interface,
    time_ms: Math.round((ctx.tsUs - ctx.t0Us) / 10) / 100,
    ts_us: ctx.tsUs,
    linkDirection: link.linkDirection,
    ...(link.ifIndex !== undefined ? { ifIndex: link.ifIndex } : {}),
  };
  if (decoded.kind === 'arp') {
    const type = decoded.arp.operation === 'request' ? 'arp-request' : 'arp-reply';
    return { ...base, direction: directionOf(type), protocol: 'arp', type,
      src: decoded.arp.senderIp, dst: decoded.arp.targetIp, senderMac: decoded.arp.senderMac };
  }
  const { ip, icmp } = decoded;
  const obs: Observation = { ...base, direction: directionOf(icmp.kind), protocol: 'icmp', type: icmp.kind,
    src: ip.src, dst: ip.dst, icmpType: icmp.icmpType, icmpCode: icmp.icmpCode, ttl: ip.ttl };
  if (icmp.id !== undefined) obs.icmpId = icmp.id;
  if (icmp.seq !== undefined) obs.icmpSeq = icmp.seq;
  if (icmp.quoted !== undefined) obs.quoted = icmp.quoted;
  return obs;
}
