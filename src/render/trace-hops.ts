// Which packets each hop of the path saw, per direction, and the ✓/✗/· mark that follows (pure; shared by diagram and table).
import type { Observation } from '../model/observation.js';
import type { PathHop, TraceResult } from '../model/verdict.js';

/** `seen` (✓), `missing` (✗: expected here but not seen), `not-expected` (·: it stopped earlier, or never started). */
export type HopMark = 'seen' | 'missing' | 'not-expected';

/** What one hop saw in one direction. */
export interface HopDirectionView {
  /** The mark shown under the hop. */
  mark: HopMark;
  /** Echo/ICMP packets of this direction seen here, in capture order. */
  packets: Observation[];
  /** ARP requests sent for this direction's packet here (counted as "seen" when no ICMP was). */
  arp: Observation[];
}

/** One hop with what it saw. */
export interface HopView {
  hop: PathHop;
  /** `namespace:interface`, as the diagram prints it. */
  label: string;
  request: HopDirectionView;
  reply: HopDirectionView;
  /** Every ARP observation at this hop (who-has / is-at), whatever its direction. */
  arp: Observation[];
}

const REPLY_TYPES = new Set(['echo-reply', 'dest-unreachable', 'time-exceeded', 'redirect', 'icmp-other']);

// Observations carry null for nettrace's own namespace; hops carry the display name `host`.
export function displayNamespace(ns: string | null): string {
  return ns ?? 'host';
}

function isAtHop(obs: Observation, hop: PathHop): boolean {
  return obs.interface === hop.interface && displayNamespace(obs.namespace) === hop.namespace;
}

// Direction of a packet: as recorded, else implied by its ICMP type (ARP stays unknown).
export function directionOf(obs: Observation): 'request' | 'reply' | null {
  if (obs.direction !== null) return obs.direction;
  if (obs.type === 'echo-request') return 'request';
  if (REPLY_TYPES.has(obs.type)) return 'reply';
  return null;
}

function isIcmpOf(obs: Observation, direction: 'request' | 'reply'): boolean {
  if (directionOf(obs) !== direction) return false;
  return direction === 'request' ? obs.type === 'echo-request' : REPLY_TYPES.has(obs.type);
}

function isArpFor(obs: Observation, direction: 'request' | 'reply'): boolean {
  return obs.type === 'arp-request' && obs.direction === direction;
}

/**
 * Marks in travel order: hops up to the last one that saw the packet are ✓ or ✗ (a gap),
 * the next hop is ✗ (where it was lost), the rest · — unless the direction was never expected.
 */
export function marksInTravelOrder(seen: readonly boolean[], expected: boolean): HopMark[] {
  const last = seen.lastIndexOf(true);
  return seen.map((wasSeen, index): HopMark => {
    if (index <= last) return wasSeen ? 'seen' : 'missing';
    if (index === last + 1 && (expected || last >= 0)) return 'missing';
    return 'not-expected';
  });
}

function indexOfStop(result: TraceResult): number {
  const stop = result.stopped_at;
  if (stop === null) return -1;
  return result.path.findIndex((hop) => hop.namespace === stop.namespace && hop.interface === stop.interface);
}

// Predicted ("would pass") flags from `stopped_at`, for `diagnose` where no packet was captured.
function predictedSeen(result: TraceResult): { request: boolean[]; reply: boolean[] } {
  const n = result.path.length;
  const all = (value: boolean) => Array.from({ length: n }, () => value);
  const stop = result.stopped_at;
  if (result.verdict === 'reached') return { request: all(true), reply: all(true) };
  if (stop === null) return { request: all(false), reply: all(false) };
  const k = indexOfStop(result);
  if (stop.direction === 'request') return { request: all(false).map((_, i) => i <= k), reply: all(false) };
  return { request: all(true), reply: all(false).map((_, i) => i >= k && k >= 0) };
}

// Views of every hop of `result.path`: observed from captures, or predicted from `stopped_at` (diagnose).
export function buildHopViews(result: TraceResult, predicted: boolean = false): HopView[] {
  const perHop = result.path.map((hop) => {
    const here = result.observations.filter((obs) => isAtHop(obs, hop));
    return {
      hop,
      label: `${hop.namespace}:${hop.interface}`,
      here,
      request: { packets: here.filter((o) => isIcmpOf(o, 'request')), arp: here.filter((o) => isArpFor(o, 'request')) },
      reply: { packets: here.filter((o) => isIcmpOf(o, 'reply')), arp: here.filter((o) => isArpFor(o, 'reply')) },
    };
  });
  const seenOf = (d: 'request' | 'reply') => perHop.map((h) => h[d].packets.length > 0 || h[d].arp.length > 0);
  const flags = predicted ? predictedSeen(result) : { request: seenOf('request'), reply: seenOf('reply') };
  const requestMarks = marksInTravelOrder(flags.request, true);
  const requestArrived = flags.request.length > 0 && flags.request[flags.request.length - 1];
  const replyMarks = marksInTravelOrder([...flags.reply].reverse(), requestArrived || result.verdict === 'reached').reverse();
  return perHop.map((h, i) => ({
    hop: h.hop,
    label: h.label,
    request: { mark: requestMarks[i], ...h.request },
    reply: { mark: replyMarks[i], ...h.reply },
    arp: h.here.filter((o) => o.protocol === 'arp'),
  }));
}
