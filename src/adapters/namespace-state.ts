// Gathers the state of namespaces: every collector of one namespace runs concurrently, many
// namespaces run a few at a time, and veth peers are then resolved across all of them.
import type { NsName } from '../model/state.js';
import { collectLinks } from './ip-link.js';
import { collectNsidMap } from './ip-netns.js';
import { collectAddresses } from './ip-addr.js';
import { collectRoutes } from './ip-route.js';
import { collectNeighbors } from './ip-neigh.js';
import { collectSysctls } from './sysctl.js';
import { collectRuleset, backendChoiceFromEnv } from './iptables-collect.js';
import { resolvePeers } from './veth-peers.js';
import { isUnavailable, reasonOf, unavailable, type Maybe } from './ip-json.js';
import type { NamespaceState, Snapshot } from './snapshot.js';
import { mapLimit } from '../system/parallel.js';

/** How many namespaces are read at the same time by default. */
export const defaultConcurrency = 4;

// Run a collector and turn its failure into an Unavailable with the reason.
export async function attempt<T>(collect: () => Promise<T>): Promise<Maybe<T>> {
  try {
    return await collect();
  } catch (error) {
    return unavailable(reasonOf(error));
  }
}

// Read one namespace (peers resolved only within it; use collectSnapshot for cross-namespace peers).
export async function collectNamespaceState(ns: NsName): Promise<NamespaceState> {
  const choice = backendChoiceFromEnv();
  const [links, nsids, addresses, routes, neighbors, sysctls, ruleset] = await Promise.all([
    attempt(() => collectLinks(ns)),
    attempt(() => collectNsidMap(ns)),
    attempt(() => collectAddresses(ns)),
    attempt(() => collectRoutes(ns)),
    attempt(() => collectNeighbors(ns)),
    attempt(() => collectSysctls(ns)),
    collectRuleset(ns, choice),
  ]);
  return { ns, links, nsids, addresses, routes, neighbors, sysctls, ruleset };
}

// Read many namespaces (at most `concurrency` at once) and resolve veth peers across them.
export async function collectSnapshot(namespaces: readonly NsName[], concurrency = defaultConcurrency): Promise<Snapshot> {
  const takenAt = new Date().toISOString();
  const states = await mapLimit(namespaces, concurrency, (ns) => collectNamespaceState(ns));
  return { takenAt, namespaces: resolveSnapshotPeers(states) };
}

// Pure: fill in peer namespace/name of every link using all namespaces' links and nsid maps.
export function resolveSnapshotPeers(states: NamespaceState[]): NamespaceState[] {
  const withLinks = states.filter((s) => !isUnavailable(s.links));
  const resolved = resolvePeers(withLinks.map((s) => ({
    ns: s.ns,
    links: isUnavailable(s.links) ? [] : s.links,
    nsids: isUnavailable(s.nsids) ? null : s.nsids,
  })));
  return states.map((s) => {
    const i = withLinks.indexOf(s);
    return i < 0 ? s : { ...s, links: resolved[i] };
  });
}
