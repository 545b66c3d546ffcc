// The input of the pure config diagnosis: a snapshot of every namespace involved, plus the flow.
import type { AddressInfo, LinkInfo, NeighborInfo, NsName, RouteInfo, SysctlInfo } from '../model/state.js';
import type { Ruleset } from '../model/netfilter.js';
import type { Cause, TraceResult } from '../model/verdict.js';
import type { DiagnoseMessageKey } from '../i18n/messages/diagnose.js';
import type { DockerDiagnosisContext } from './docker-context.js';

/** Everything the simulator knows about one namespace. */
export interface NamespaceSnapshot {
  /** The namespace (null = nettrace's own). */
  name: NsName;
  /** Its interfaces, veth peers resolved (`peer.ns`/`peer.name`). */
  links: LinkInfo[];
  /** Its IPv4 addresses. */
  addresses: AddressInfo[];
  /** Its routes (tables main and local at least; `local` routes may be omitted: addresses imply them). */
  routes: RouteInfo[];
  /** Its neighbour table (used to name a gateway beyond this machine). */
  neighbors: NeighborInfo[];
  /** Its forwarding/filtering sysctls (null = could not be read: defaults assumed). */
  sysctls: SysctlInfo | null;
  /** Its iptables ruleset (null = could not be read: no filtering assumed, noted). */
  ruleset: Ruleset | null;
}

/** One end of the flow as the caller resolved it. */
export interface FlowSource {
  /** Namespace the probe is sent from. */
  namespace: NsName;
  /** Source address to use (default: the one the route lookup picks). */
  address?: string;
  /** Name to show for it (default: the namespace name, or `host`). */
  name?: string;
  /** Endpoint kind to show (default: `host` for the host namespace, else `netns`). */
  kind?: 'netns' | 'host' | 'container';
}

/** The destination of the flow. */
export interface FlowDestination {
  /** The address pinged. */
  address: string;
  /** The namespace that owns it, when the user named one (informational: ownership is computed). */
  namespace?: NsName;
  /** Name to show for it (default: owner's name or the address). */
  name?: string;
  /** Endpoint kind to show (default: derived from who owns the address). */
  kind?: 'address' | 'netns' | 'host' | 'container';
}

/** The whole input of `diagnoseFromConfig`. */
export interface ConfigEvidence {
  /** Snapshots of every namespace the packet may cross. */
  namespaces: NamespaceSnapshot[];
  /** Which namespace plays "the host" (null = nettrace's own; shown as `host`). */
  hostNs: NsName;
  /** Namespaces that play the internet (e.g. the sandbox's WAN): links into them leave "this machine". */
  outside?: NsName[];
  /** Whether whatever lies beyond this machine answers (config cannot know; default true). */
  remoteAnswers?: boolean;
  /** The probe: an ICMP echo from source to destination. */
  flow: { source: FlowSource; destination: FlowDestination };
  /** What the Docker daemon knows (network names, containers' pids, its socket), when one is involved. */
  docker?: DockerDiagnosisContext;
}

/** One fault found by the simulation, ready for the renderers. */
export interface FaultReport {
  cause: Cause;
  stopped_at: NonNullable<TraceResult['stopped_at']>;
  /** The learner's explanation: catalog key and parameters (render with `explainFault`). */
  message: { key: DiagnoseMessageKey; params: Record<string, string> };
  /** The commands that remove this fault. */
  fix: string[];
}

/** `diagnoseFromConfig`'s answer: the CONTRACT.md result plus what the simulation adds. */
export interface ConfigDiagnosis extends TraceResult {
  /** Every fault found, in the order the packet meets them (each found after fixing the previous). */
  faults: FaultReport[];
  /** True when more than one fault stands between the probe and its answer. */
  more_faults: boolean;
  /** True when `fix` makes the probe reach in the simulation (false: a fault with no fix remains). */
  fix_complete: boolean;
  /** Rules the simulator could not evaluate (assumed not to match), as `NS: rule text`. */
  unchecked: string[];
}
