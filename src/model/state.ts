// The live configuration of namespaces, as plain data: what adapters parse into and what
// status, path planning and diagnosis read. No I/O here.

/** A namespace name as nettrace names it: a /run/netns name, or null for nettrace's own namespace. */
export type NsName = string | null;

/** Evidence that could not be gathered, with the reason (degrade, never crash). */
export interface Unavailable {
  /** Always true: marks the value as missing. */
  unavailable: true;
  /** Why it could not be read (one sentence, English, also used in JSON). */
  reason: string;
}

/** One network interface, from `ip -j -d link`. */
export interface LinkInfo {
  /** Namespace the interface lives in. */
  ns: NsName;
  /** Kernel interface index (unique within its namespace). */
  ifindex: number;
  /** Interface name (without any `@peer` suffix). */
  name: string;
  /** Kind: `veth`, `bridge`, `loopback`, `dummy`, … or `device` when the kernel reports none. */
  kind: string;
  /** Operational state as reported (`UP`, `DOWN`, `LOWERLAYERDOWN`, `UNKNOWN`). */
  operState: string;
  /** Administratively up (the `UP` flag). */
  adminUp: boolean;
  /** Carrier present (`LOWER_UP` flag). */
  lowerUp: boolean;
  /** MTU in bytes. */
  mtu: number;
  /** MAC address, if any. */
  mac: string | null;
  /** Name of the bridge this interface is a port of, if any. */
  master: string | null;
  /** For veths and other paired links: where the peer is. */
  peer: PeerRef | null;
  /** For bridges: STP enabled (`stp_state` != 0), when known. */
  stp?: boolean;
}

/** Where a veth's other end is, as seen from the link's own namespace. */
export interface PeerRef {
  /** Peer's ifindex in its namespace. */
  ifindex: number;
  /** `link_netnsid` (null when the peer is in the same namespace). */
  netnsid: number | null;
  /** The peer's namespace name when resolved (null = nettrace's own; undefined = unknown). */
  ns?: NsName;
  /** The peer's name when resolved. */
  name?: string;
}

/** An IPv4 address on an interface, from `ip -j addr`. */
export interface AddressInfo {
  ns: NsName;
  /** Interface name. */
  dev: string;
  /** Address without prefix, e.g. `11.11.11.1`. */
  address: string;
  /** Prefix length, e.g. 24. */
  prefixLength: number;
}

/** One route, from `ip -j route show table all` (IPv4). */
export interface RouteInfo {
  ns: NsName;
  /** `default` or a CIDR such as `11.11.11.0/24` (host routes keep `/32`). */
  dst: string;
  /** Next hop, if any. */
  gateway: string | null;
  /** Output device, if any. */
  dev: string | null;
  /** Preferred source, if any. */
  prefsrc: string | null;
  /** Route type: `unicast`, `local`, `broadcast`, `blackhole`, `unreachable`, `prohibit`. */
  type: string;
  /** Routing table name or number (`main`, `local`, …). */
  table: string;
  /** Protocol (`kernel`, `static`, `boot`, …). */
  protocol: string | null;
  /** Metric, when set. */
  metric: number | null;
  /** Flags such as `linkdown`. */
  flags: string[];
}

/** One neighbour (ARP) entry, from `ip -j neigh`. */
export interface NeighborInfo {
  ns: NsName;
  dst: string;
  dev: string;
  lladdr: string | null;
  /** States such as `REACHABLE`, `FAILED`, `INCOMPLETE`, `PERMANENT`. */
  state: string[];
}

/** The sysctls that decide forwarding and filtering in one namespace. */
export interface SysctlInfo {
  ns: NsName;
  /** `net.ipv4.ip_forward`. */
  ipForward: number | null;
  /** `net.ipv4.conf.<dev>.rp_filter` by name (`all`, `default` and each interface). */
  rpFilter: Record<string, number>;
  /** `net.ipv4.conf.<dev>.forwarding` by name (`all`, `default` and each interface). */
  forwarding: Record<string, number>;
  /** `net.bridge.bridge-nf-call-iptables` (null when br_netfilter is not loaded). */
  bridgeNfCallIptables: number | null;
}
