// Which packet of the probe each namespace's capture taps last, once the probe's fate is known — so that a
// capture is known complete when that packet has come out of its stream (drain.ts), without a sentinel.
// Pure: from the planned path and what ended the probe. When it cannot be told, the answer is null and the
// run falls back to sentinels.
import type { NsName } from '../model/state.js';
import type { PathPlan } from './plan-path.js';
import type { EchoKind } from './drain.js';

/** The last packet of the probe a namespace taps: `count` echoes of `kind` on `iface`, or nothing at all. */
export type LastFrame = { kind: EchoKind; iface: string; count: number } | 'nothing';

/** How a probe that was not answered ended: a traced DROP (not REJECT: that sends an ICMP error back). */
export interface TracedDrop {
  /** Namespace whose netfilter dropped it. */
  ns: NsName;
  /** Which way the dropped packet went. */
  direction: 'request' | 'reply';
  /** The interface the dropped packet came in by (the bridge port for a bridged frame), null when generated there. */
  in: string | null;
}

/** The namespaces of the path in the order the request crosses them; null when one is crossed twice (a
 * hairpin: "first" and "last" packet there would need more than the plan says). */
function order(plan: PathPlan): NsName[] | null {
  const runs = plan.hops.map((h) => h.ns).filter((ns, i, all) => i === 0 || all[i - 1] !== ns);
  return new Set(runs).size === runs.length ? runs : null;
}

function firstHop(plan: PathPlan, ns: NsName): string | null {
  return plan.hops.find((h) => h.ns === ns)?.interface ?? null;
}

function lastHop(plan: PathPlan, ns: NsName): string | null {
  const hops = plan.hops.filter((h) => h.ns === ns);
  return hops[hops.length - 1]?.interface ?? null;
}

/** An answered probe (`count` replies): every namespace taps the reply last, where the request came in
 * (in the source: where it left, and the reply arrives). */
export function lastFramesAnswered(namespaces: readonly NsName[], plan: PathPlan, count: number): (LastFrame | null)[] {
  if (!order(plan)) return namespaces.map(() => null);
  return namespaces.map((ns) => {
    const iface = firstHop(plan, ns);
    return iface ? { kind: 'echo-reply', iface, count } : null;
  });
}

/** A single probe dropped by netfilter: the dropping namespace taps the dropped packet last, on its way in;
 * the namespaces before it tap the request last on their way out; after it, a dropped request was never
 * seen, a dropped reply was tapped leaving where the request came in. */
export function lastFramesDropped(namespaces: readonly NsName[], plan: PathPlan, drop: TracedDrop): (LastFrame | null)[] {
  const path = order(plan);
  const at = path ? path.indexOf(drop.ns) : -1;
  if (!path || at < 0) return namespaces.map(() => null);
  return namespaces.map((ns): LastFrame | null => {
    const i = path.indexOf(ns);
    if (i < 0) return null;
    if (i === at) return drop.in === null ? 'nothing' : { kind: drop.direction === 'request' ? 'echo-request' : 'echo-reply', iface: drop.in, count: 1 };
    if (i < at) {
      const out = lastHop(plan, ns);
      return out ? { kind: 'echo-request', iface: out, count: 1 } : null;
    }
    if (drop.direction === 'request') return 'nothing';
    const entry = firstHop(plan, ns);
    return entry ? { kind: 'echo-reply', iface: entry, count: 1 } : null;
  });
}

/** A single request that left the machine by the uplink and was given up on (sent away from a namespace
 * here): every namespace taps it last on its way out. */
export function lastFramesLeft(namespaces: readonly NsName[], plan: PathPlan): (LastFrame | null)[] {
  if (!order(plan)) return namespaces.map(() => null);
  return namespaces.map((ns) => {
    const out = lastHop(plan, ns);
    return out ? { kind: 'echo-request', iface: out, count: 1 } : null;
  });
}
