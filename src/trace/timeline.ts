// Pure: decoded captures → the run's observations (with request/reply direction relative to the probe)
// and where the probe was last seen (`stopped_at`).
import type { Observation } from '../model/observation.js';
import type { PathHop, TraceResult } from '../model/verdict.js';
import { decodeFrame, toObservation } from '../decode/decode-packet.js';

/** One captured frame as kept from a capture stream. */
export interface CapturedFrame {
  tsUs: number;
  data: Buffer;
}

/** Everything one namespace's capture produced. */
export interface NamespaceCapture {
  /** Namespace name as displayed (`host` for nettrace's own). */
  namespace: string;
  /** Link type of the stream (276 for `-i any` SLL2). */
  linktype: number;
  /** ifindex → interface name in that namespace. */
  interfaceNames: ReadonlyMap<number, string>;
  /** Interface of a single-interface capture (null for `any`). */
  interface: string | null;
  frames: CapturedFrame[];
}

/** What the timeline needs to know of the probe. */
export interface ProbeContext {
  /** Time zero (probe start), µs since the epoch. */
  t0Us: number;
  /** The source address the probe left with. */
  sourceAddress: string | null;
  /** The destination address. */
  destination: string;
  /** Addresses whose ARP is relevant (next hops, the source, the destination). */
  relevant: Set<string>;
}

/** ARP about the probe's source serves the reply; any other relevant ARP serves the request. */
function arpDirection(o: Observation, probe: ProbeContext): Observation['direction'] {
  if (o.type === 'arp-request') return o.dst === probe.sourceAddress ? 'reply' : 'request';
  return o.src === probe.sourceAddress ? 'reply' : 'request';
}

/** Decode every capture into observations, sorted by time. */
export function buildObservations(captures: NamespaceCapture[], probe: ProbeContext): Observation[] {
  const out: Observation[] = [];
  for (const cap of captures) {
    for (const frame of cap.frames) {
      const decoded = decodeFrame(cap.linktype, frame.data);
      const o = toObservation(decoded, { namespace: cap.namespace, interface: cap.interface, tsUs: frame.tsUs, t0Us: probe.t0Us, interfaceNames: cap.interfaceNames });
      if (!o || o.src.startsWith('127.') || o.dst.startsWith('127.')) continue; // loopback sentinels end the capture
      if (o.protocol === 'arp') {
        if (!probe.relevant.has(o.src) && !probe.relevant.has(o.dst)) continue;
        o.direction = arpDirection(o, probe);
      }
      out.push(o);
    }
  }
  return out.sort((a, b) => a.ts_us - b.ts_us);
}

const isIcmpRequest = (o: Observation) => o.protocol === 'icmp' && o.direction === 'request';
const isAnyRequest = (o: Observation) => o.direction === 'request';
const isReply = (o: Observation) => o.protocol === 'icmp' && o.direction === 'reply';
const at = (h: PathHop) => (o: Observation) => o.namespace === h.namespace && o.interface === h.interface;

/** Where the probe was last seen: the furthest hop of the request, or the last hop back of the reply. */
export function findStoppedAt(path: PathHop[], observations: Observation[], reached: boolean, sourceNs: string): TraceResult['stopped_at'] {
  if (reached) return null;
  // Forward progress is measured on ICMP; only when no echo was ever sent (stuck resolving the next hop)
  // does the ARP request show how far the attempt got.
  const isRequest = observations.some(isIcmpRequest) ? isIcmpRequest : isAnyRequest;
  let lastRequest = -1;
  path.forEach((h, i) => { if (observations.some((o) => isRequest(o) && at(h)(o))) lastRequest = i; });
  const replies = path.map((h, i) => ({ h, i })).filter(({ h }) => observations.some((o) => isReply(o) && at(h)(o)));
  if (replies.length > 0) {
    const first = replies.reduce((a, b) => (b.i < a.i ? b : a));
    return { namespace: first.h.namespace, interface: first.h.interface, direction: 'reply' };
  }
  if (lastRequest >= 0) {
    const h = path[lastRequest]!;
    return { namespace: h.namespace, interface: h.interface, direction: 'request' };
  }
  const first = path[0];
  return { namespace: first?.namespace ?? sourceNs, interface: first?.interface ?? '-', direction: 'request' };
}
