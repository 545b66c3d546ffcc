// The shape of `lab status --json` (documented in docs/status-json.md): plain, language-neutral
// data built from a snapshot. Changing it is a contract change.
import type { NsName, RouteInfo } from '../model/state.js';

/** One namespace of the report. */
export interface StatusNamespace {
  /** /run/netns name, or null for nettrace's own namespace. */
  name: NsName;
  /** `host` for the namespace playing the host, `lab` for every other. */
  role: 'host' | 'lab';
  /** Interface names (empty when links could not be read). */
  interfaces: string[];
}

/** Where a veth's other end is. */
export interface StatusPeer {
  /** True when the peer was found among the namespaces read. */
  resolved: boolean;
  /** The peer's namespace (null = nettrace's own, or not resolved). */
  namespace: NsName;
  /** The peer's name, or null when not resolved. */
  name: string | null;
  /** The peer's ifindex in its namespace. */
  ifindex: number;
  /** `link_netnsid` as seen from the link's namespace (null = same namespace). */
  netnsid: number | null;
}

/** One interface. */
export interface StatusLink {
  namespace: NsName;
  name: string;
  ifindex: number;
  /** `veth`, `bridge`, `loopback`, … */
  kind: string;
  /** Operational state (`UP`, `DOWN`, `LOWERLAYERDOWN`, `UNKNOWN`). */
  state: string;
  /** The UP flag. */
  admin_up: boolean;
  /** The LOWER_UP flag (carrier). */
  lower_up: boolean;
  mtu: number;
  mac: string | null;
  /** Bridge it is a port of. */
  master: string | null;
  /** veth peer, when the link has one. */
  peer: StatusPeer | null;
}

/** One bridge and its ports. */
export interface StatusBridge {
  namespace: NsName;
  name: string;
  state: string;
  /** STP enabled (null when unknown). */
  stp: boolean | null;
  /** Ports: links whose master is this bridge, with where their peer is. */
  ports: { name: string; state: string; peer: StatusPeer | null }[];
}

/** One IPv4 address. */
export interface StatusAddress {
  namespace: NsName;
  interface: string;
  address: string;
  prefix_length: number;
  /** `address/prefix_length`. */
  cidr: string;
}

/** One route (tables other than `local`): the model's RouteInfo, with `namespace` in place of `ns`. */
export type StatusRoute = Omit<RouteInfo, 'ns'> & { namespace: NsName };

/** One of the two chains shown: filter FORWARD and nat POSTROUTING. */
export interface StatusChain {
  namespace: NsName;
  /** `nf_tables` or `legacy` (null when unknown). */
  backend: string | null;
  table: 'filter' | 'nat';
  chain: 'FORWARD' | 'POSTROUTING';
  /** False when the table or chain does not exist in this namespace (no rules were ever added). */
  exists: boolean;
  /** Policy (null for a missing chain; an absent builtin chain behaves as ACCEPT). */
  policy: string | null;
  policy_packets: number | null;
  rules: { position: number; rule: string; target: string | null; packets: number | null; bytes: number | null }[];
}

/** The sysctls of one namespace. */
export interface StatusSysctls {
  namespace: NsName;
  ip_forward: number | null;
  /** By interface name, plus `all` and `default`. */
  rp_filter: Record<string, number>;
  forwarding: Record<string, number>;
  /** null when br_netfilter is not loaded. */
  bridge_nf_call_iptables: number | null;
}

/** A part that could not be read. */
export interface StatusUnavailable {
  namespace: NsName;
  /** `links`, `addresses`, `routes`, `ruleset`, `sysctls`, `nsids`. */
  what: string;
  reason: string;
}

/** The whole `lab status --json` document. */
export interface StatusReport {
  /** The namespace playing the host (null = nettrace's own). */
  host: NsName;
  /** When the state was read (ISO 8601). */
  taken_at: string;
  namespaces: StatusNamespace[];
  links: StatusLink[];
  bridges: StatusBridge[];
  addresses: StatusAddress[];
  routes: StatusRoute[];
  netfilter: StatusChain[];
  sysctls: StatusSysctls[];
  unavailable: StatusUnavailable[];
}
