// The data of `nettrace compare`: what is gathered (input of the pure core), what is derived per bridge,
// and the comparison that the tables and `--json` both render.
import type { AddressInfo, LinkInfo, NsName, RouteInfo, SysctlInfo } from '../model/state.js';
import type { Ruleset } from '../model/netfilter.js';

/** A namespace or container that may sit behind a bridge port (its side of the veth). */
export interface EndpointFacts {
  /** `netns` (a /run/netns name) or `container` (a Docker container). */
  kind: 'netns' | 'container';
  /** Name shown to users (`RED`, `PINK`). */
  name: string;
  /** Namespace reference for commands (/run/netns name or /proc/PID/ns/net). */
  ns: string;
  links: LinkInfo[];
  addresses: AddressInfo[];
  routes: RouteInfo[];
}

/** Everything the pure core needs: the host namespace's configuration and the endpoints that may be behind ports. */
export interface CompareInput {
  /** The namespace both bridges live in (null = nettrace's own). */
  hostNs: NsName;
  links: LinkInfo[];
  addresses: AddressInfo[];
  routes: RouteInfo[];
  sysctls: SysctlInfo | null;
  ruleset: Ruleset | null;
  endpoints: EndpointFacts[];
}

/** One bridge port and what is behind it. */
export interface PortFacts {
  /** Port device in the host namespace (`reth1`, `veth1a2b3c`). */
  port: string;
  /** What is behind it, or null when the veth's far end is not one of the known endpoints. */
  endpoint: { kind: 'netns' | 'container'; name: string; ns: string; interface: string; address: string | null; defaultRoute: string | null } | null;
}

/** How FORWARD decides one kind of traffic through a bridge. */
export interface ForwardDecision {
  /** `ACCEPT`, `DROP`, `REJECT`. */
  verdict: string;
  /** The deciding rule (`-A …`) or policy (`-P FORWARD DROP`). */
  rule: string;
  /** Chain of the deciding rule (`FORWARD`, `DOCKER-USER`, …). */
  chain: string;
}

/** What lets replies back in: conntrack state, a `-d SUBNET` rule, an `-o BRIDGE` rule, the policy, or nothing. */
export type ReturnMechanism = 'conntrack' | 'destination' | 'interface' | 'policy' | 'none';

/** The MASQUERADE that applies to the bridge's subnet, and its scope. */
export interface NatFacts {
  /** The rule that rewrites port → internet traffic (null: none, traffic leaves unmasqueraded). */
  rule: string | null;
  /** The rule's tokens after `-A POSTROUTING` (to delete it by specification). */
  ruleArgs: string[] | null;
  /** Its `-s` (null: any source). */
  source: string | null;
  /** Its `! -o` interface (Docker: its own bridge). */
  excludedOutIface: string | null;
  /** True when it also rewrites traffic that leaves through the bridge itself (routed into the subnet). */
  rewritesIntoBridge: boolean;
}

/** The configuration of one bridge, derived from a CompareInput. */
export interface BridgeFacts {
  bridge: string;
  /** Display name of its namespace (`host` for nettrace's own). */
  namespace: string;
  /** Its addresses as CIDR (`11.11.11.1/24`): the gateway of its subnet. */
  addresses: string[];
  /** Its subnet (`11.11.11.0/24`), from its address or else from the endpoints' addresses. */
  subnet: string | null;
  /** The bridge's own address (the endpoints' gateway). */
  gateway: string | null;
  mtu: number | null;
  /** STP on (null when unknown). */
  stp: boolean | null;
  operState: string;
  ports: PortFacts[];
  /** The host's route to the subnet (`11.11.11.0/24 dev br0 src 11.11.11.1`), or null. */
  hostRoute: string | null;
  /** The host's uplink (default route device). */
  uplink: string | null;
  forwardPolicy: string | null;
  /** Port → internet (NEW, in = bridge, out = uplink). */
  egress: ForwardDecision | null;
  /** Internet → port reply (ESTABLISHED, in = uplink, out = bridge). */
  returnTraffic: ForwardDecision | null;
  /** What lets the return traffic in. */
  returnBy: ReturnMechanism;
  /** Port → port when frames traverse FORWARD (bridge-nf-call-iptables = 1). */
  intraBridge: ForwardDecision | null;
  /** Docker's isolation rules and DOCKER-USER drops concerning this bridge (rule texts). */
  isolation: string[];
  /** Inter-container communication disabled (Docker's intra-bridge DROP). */
  iccDisabled: boolean;
  nat: NatFacts;
  ipForward: number | null;
  bridgeNfCallIptables: number | null;
}

/** One row of the configuration table. */
export interface CompareRow {
  /** Stable key (`return-traffic`, `nat-scope`, …; also the JSON key). */
  aspect: string;
  a: string;
  b: string;
  /** Whether both behave alike (null: values of this row are naturally different, e.g. subnets). */
  same: boolean | null;
}

/** One thing a bridge lacks compared with the other, and the commands that would close the gap. */
export interface Gap {
  /** `conntrack-return`, `egress-rule`, `intra-bridge-rule`, `masquerade`, `masquerade-scope`. */
  kind: string;
  /** Catalog parameters for the sentence. */
  bridge: string;
  /** Shell commands, run as root from nettrace's namespace, in order. */
  commands: string[];
}
