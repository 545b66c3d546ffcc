// Per-run cache of what is read about each namespace: one ip batch serves both path planning and the
// prediction (and carries a route lookup asked before it started), sysctls and rules are read only for
// namespaces the prediction needs, nothing twice.
import type { NsName } from '../model/state.js';
import type { NamespaceState } from '../adapters/snapshot.js';
import { collectIpState, type BatchedRouteGet, type IpState } from '../adapters/ip-batch.js';
import { routeGet, type RouteGetOptions, type RouteGetResult } from '../adapters/route-get.js';
import { collectNamespaceState } from '../adapters/namespace-state.js';
import { isUnavailable } from '../adapters/ip-json.js';
import type { NsFacts, NsFactsSource } from './ns-view.js';

/** What a run reads, each namespace at most once. */
export interface RunStateCache {
  /** Links, nsids and addresses for the planner (null when the namespace cannot be read). */
  facts: NsFactsSource;
  /** The full state for the prediction. */
  state(ns: NsName): Promise<NamespaceState>;
  /** A kernel route lookup, asked once per run (the planner's RouteLookup). */
  route(ns: NsName, dst: string, options?: RouteGetOptions): Promise<RouteGetResult>;
  /** Ask now for a lookup the run will need: asked before the namespace's batch starts, it rides in it. */
  prefetchRoute(ns: NsName, dst: string, options?: RouteGetOptions): void;
}

/** A fresh cache for one run. */
export function createRunStateCache(): RunStateCache {
  const ip = new Map<NsName, Promise<IpState>>();
  const full = new Map<NsName, Promise<NamespaceState>>();
  const routes = new Map<string, Promise<RouteGetResult>>();
  const ipOf = (ns: NsName, lookups: BatchedRouteGet[] = []) => {
    let hit = ip.get(ns);
    if (!hit) ip.set(ns, (hit = collectIpState(ns, lookups)));
    return hit;
  };
  const route = (ns: NsName, dst: string, options: RouteGetOptions = {}) => {
    const key = JSON.stringify([ns, dst, options.from ?? null, options.iif ?? null]);
    let hit = routes.get(key);
    if (!hit) {
      hit = ip.has(ns) ? routeGet(ns, dst, options) : ipOf(ns, [{ dst, ...options }]).then((s) => s.routeGets[0]!);
      routes.set(key, hit);
    }
    return hit;
  };
  const facts = async (ns: NsName): Promise<NsFacts | null> => {
    const s = await ipOf(ns);
    if (isUnavailable(s.links) || isUnavailable(s.addresses)) return null;
    return { ns, links: s.links, nsids: isUnavailable(s.nsids) ? {} : s.nsids, addresses: s.addresses };
  };
  const state = (ns: NsName) => {
    let hit = full.get(ns);
    if (!hit) {
      hit = collectNamespaceState(ns, ipOf(ns));
      full.set(ns, hit);
    }
    return hit;
  };
  return { facts, state, route, prefetchRoute: (ns, dst, options) => void route(ns, dst, options).catch(() => undefined) };
}
