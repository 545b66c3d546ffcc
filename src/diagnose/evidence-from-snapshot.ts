// Turns a gathered Snapshot (adapters/snapshot.ts: each part a value or the reason it is missing)
// into the diagnosis input, noting what could not be read instead of guessing it.
import type { Snapshot } from '../adapters/snapshot.js';
import { isUnavailable, type Maybe } from '../adapters/ip-json.js';
import type { NsName } from '../model/state.js';
import type { ConfigEvidence, FlowDestination, FlowSource, NamespaceSnapshot } from './evidence.js';
import { displayNs } from './snapshot-index.js';

/** The rest of the input besides the snapshot. */
export interface EvidenceContext {
  hostNs: NsName;
  source: FlowSource;
  destination: FlowDestination;
  /** Namespaces that play the internet (e.g. the sandbox WAN), if they were gathered. */
  outside?: NsName[];
}

// A missing part becomes its empty value; its reason goes to `missing`.
function take<T>(value: Maybe<T>, fallback: T, what: string, ns: NsName, missing: string[]): T {
  if (!isUnavailable(value)) return value;
  missing.push(`${displayNs(ns)}: ${what} unavailable: ${value.reason}`);
  return fallback;
}

// Snapshot + flow → ConfigEvidence, and the list of parts that could not be read.
export function evidenceFromSnapshot(snapshot: Snapshot, context: EvidenceContext): { evidence: ConfigEvidence; missing: string[] } {
  const missing: string[] = [];
  const namespaces: NamespaceSnapshot[] = snapshot.namespaces.map((state) => ({
    name: state.ns,
    links: take(state.links, [], 'links', state.ns, missing),
    addresses: take(state.addresses, [], 'addresses', state.ns, missing),
    routes: take(state.routes, [], 'routes', state.ns, missing),
    neighbors: take(state.neighbors, [], 'neighbours', state.ns, missing),
    sysctls: take(state.sysctls, null, 'sysctls', state.ns, missing),
    ruleset: take(state.ruleset, null, 'iptables rules', state.ns, missing),
  }));
  return {
    evidence: { namespaces, hostNs: context.hostNs, outside: context.outside ?? [], flow: { source: context.source, destination: context.destination } },
    missing,
  };
}
