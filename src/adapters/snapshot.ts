// The gathered configuration of one or many namespaces: each part is the parsed value or the
// reason it could not be read, so consumers degrade instead of crashing.
import type { AddressInfo, LinkInfo, NeighborInfo, NsName, RouteInfo, SysctlInfo } from '../model/state.js';
import type { Ruleset } from '../model/netfilter.js';
import type { NsidMap } from './ip-netns.js';
import { isUnavailable, type Maybe } from './ip-json.js';

/** Everything nettrace reads about one namespace's configuration. */
export interface NamespaceState {
  /** The namespace (null = nettrace's own). */
  ns: NsName;
  /** Links, with veth peers resolved across the snapshot when possible. */
  links: Maybe<LinkInfo[]>;
  /** nsid → namespace name, as this namespace numbers the others. */
  nsids: Maybe<NsidMap>;
  /** IPv4 addresses. */
  addresses: Maybe<AddressInfo[]>;
  /** IPv4 routes of every table. */
  routes: Maybe<RouteInfo[]>;
  /** IPv4 neighbour entries. */
  neighbors: Maybe<NeighborInfo[]>;
  /** Forwarding and filtering sysctls. */
  sysctls: Maybe<SysctlInfo>;
  /** iptables ruleset (all tables) with counters. */
  ruleset: Maybe<Ruleset>;
}

/** The state of a set of namespaces read at one moment. */
export interface Snapshot {
  /** When the reading started (ISO 8601). */
  takenAt: string;
  /** One entry per namespace, in the order asked for. */
  namespaces: NamespaceState[];
}

// Find one namespace's state in a snapshot (null = nettrace's own namespace).
export function findNamespace(snapshot: Snapshot, ns: NsName): NamespaceState | undefined {
  return snapshot.namespaces.find((n) => n.ns === ns);
}

// The value of a Maybe, or `fallback` when it is unavailable (for consumers that can go on without it).
export function valueOr<T>(value: Maybe<T>, fallback: T): T {
  return isUnavailable(value) ? fallback : value;
}
