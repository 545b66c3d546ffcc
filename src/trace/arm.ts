// Arms a run's evidence per namespace — a capture and (when asked) a netfilter trace — as soon as the
// namespace is known to be on the path: the source is armed while the rest of the path is still being
// planned. A probe may only fly once every namespace of the path is armed, and a run that cannot be
// armed whole leaves no capture or trace behind.
import type { NsName } from '../model/state.js';
import type { Unavailable } from '../model/state.js';
import { startCapture, type Capture, type CaptureSpec } from '../capture/tcpdump-capture.js';
import type { NetfilterTraceResult, NetfilterTraceSession } from '../adapters/nftrace.js';
import { isUnavailable } from '../adapters/ip-json.js';
import { watchStream, type StreamWatch } from './drain.js';

/** One namespace's armed evidence. */
export interface ArmedNamespace {
  ns: NsName;
  capture: Capture;
  /** What the capture's stream has delivered so far (sentinels, replies). */
  watch: StreamWatch;
  /** The trace session, why it is unavailable, or null when no trace was asked for. */
  trace: NetfilterTraceSession | Unavailable | null;
}

/** How to arm one namespace. */
export interface ArmPlan {
  /** The capture to run there (`netns` is filled in). */
  capture: Omit<CaptureSpec, 'netns'>;
  /** Start the namespace's trace (null = no trace). */
  trace: ((ns: NsName) => Promise<NetfilterTraceSession | Unavailable>) | null;
}

/** Arms namespaces once each; `all` waits for a set of them. */
export interface Armer {
  /** Start arming `ns` (again for the same namespace returns the same arming). */
  arm(ns: NsName): Promise<ArmedNamespace>;
  /** Arm every namespace of `list` and wait for all; on a failure everything armed so far is stopped. */
  all(list: readonly NsName[]): Promise<ArmedNamespace[]>;
  /** Stop every capture and trace started (for a run that ends before its probe); no arming starts after. */
  abandon(): Promise<void>;
}

/** What a stopped trace gave: its result, why it was unavailable, or null when none was asked for. */
export type StoppedTrace = NetfilterTraceResult | { unavailable: true; reason: string } | null;

// Stop one trace (never throws: a trace that cannot stop has already been undone by the undo stack).
export async function stopTrace(trace: ArmedNamespace['trace']): Promise<StoppedTrace> {
  if (trace === null) return null;
  if (isUnavailable(trace)) return { unavailable: true, reason: trace.reason };
  return trace.stop();
}

// An armer for one run.
export function createArmer(plan: ArmPlan): Armer {
  const started = new Map<NsName, { capture: Capture | null; trace: Promise<NetfilterTraceSession | Unavailable> | null; ready: Promise<ArmedNamespace> }>();
  const begin = (ns: NsName) => {
    const capture = startCapture({ ...plan.capture, netns: ns });
    const watch = watchStream(capture);
    const trace = plan.trace ? plan.trace(ns) : null;
    const ready = Promise.all([capture.armed, trace]).then(([, session]) => ({ ns, capture, watch, trace: session }));
    return { capture, trace, ready };
  };
  let closed = false;
  // Never throws: a capture that cannot even start (an interrupt already began the shutdown) is a rejected
  // arming like any other, since arming may run from a callback where a throw would crash the run. After
  // abandon() nothing starts any more (a deferred arming may still arrive).
  const arm = (ns: NsName) => {
    let hit = started.get(ns);
    if (!hit) {
      try {
        if (closed) throw new Error('the run stopped arming');
        hit = begin(ns);
      } catch (error) {
        hit = { capture: null, trace: null, ready: Promise.reject(error as Error) };
      }
      hit.ready.catch(() => undefined);
      started.set(ns, hit);
    }
    return hit.ready;
  };
  const abandon = async () => {
    closed = true;
    await Promise.all([...started.values()].map(async ({ capture, trace }) => {
      await Promise.all([
        capture?.stop().catch(() => undefined),
        trace ? trace.then((t) => stopTrace(t), () => undefined).catch(() => undefined) : undefined,
      ]);
    }));
  };
  return {
    arm,
    abandon,
    async all(list) {
      try {
        return await Promise.all(list.map(arm));
      } catch (error) {
        await abandon();
        throw error;
      }
    },
  };
}
