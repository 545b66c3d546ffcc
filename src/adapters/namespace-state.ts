// Gathers the state of namespaces: the collectors of one namespace run concurrently, many
// namespaces run a few at a time, and veth peers are then resolved across all of them.
import { existsSync } from 'node:fs';
import type { NsName, SysctlInfo } from '../model/state.js';
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
// one ip batch (or the one a caller already started) and the ruleset — two commands. The sysctls come
// with the batch (`ip netconf`), except bridge-nf-call-iptables: a third command reads /proc/sys for it
// only where it can matter, in a namespace with a bridge while br_netfilter is loaded.
export async function collectNamespaceState(ns: NsName, ip: Promise<IpState> = collectIpState(ns)): Promise<NamespaceState> {
  const sysctlsOf = async (s: IpState): Promise<Maybe<SysctlInfo>> => {
    const hasBridge = isUnavailable(s.links) || s.links.some((l) => l.kind === 'bridge');
    if (!isUnavailable(s.netconf) && !(hasBridge && bridgeNetfilterLoaded())) return s.netconf;
    return attempt(() => collectSysctls(ns));
  };
  const [{ links, nsids, addresses, routes, neighbors }, sysctls, ruleset] = await Promise.all([ip, ip.then(sysctlsOf), collectRuleset(ns, backendChoiceFromEnv())]);
  return { ns, links, nsids, addresses, routes, neighbors, sysctls, ruleset };
}

// Whether br_netfilter is active: it registers bridge-nf-call-iptables in every namespace, nettrace's own
// included (built into the kernel it has no /sys/module entry, so that is no test). Asked each time:
// dockerd loads it.
export function bridgeNetfilterLoaded(): boolean {
  return existsSync('/proc/sys/net/bridge/bridge-nf-call-iptables');
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
