// Gathers the state of namespaces: the collectors of one namespace run concurrently, many
// namespaces run a few at a time, and veth peers are then resolved across all of them.
import type { NsName } from '../model/state.js';
import { collectSysctls } from './sysctl.js';
import { collectIpState, type IpState } from './ip-batch.js';
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

// Read one namespace (peers resolved only within it; use collectSnapshot for cross-namespace peers):
// one ip batch (or the one a caller already started), the sysctls and the ruleset — three commands.
export async function collectNamespaceState(ns: NsName, ip: Promise<IpState> = collectIpState(ns)): Promise<NamespaceState> {
  const [ipState, sysctls, ruleset] = await Promise.all([ip, attempt(() => collectSysctls(ns)), collectRuleset(ns, backendChoiceFromEnv())]);
  return { ns, ...ipState, sysctls, ruleset };
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
