// Walks the path the kernel would take from a source namespace to a destination address: route lookup,
// veth peer, bridge membership, the forwarding decision (`ip route get DST from SRC iif IF`), up to the
// destination's namespace or the uplink. Pure apart from the two injected lookups.
import type { LinkInfo, NsName } from '../model/state.js';
import type { PathHop } from '../model/verdict.js';
import type { RouteGetOptions, RouteGetResult } from '../adapters/route-get.js';
import type { NsFacts, NsFactsSource } from './ns-view.js';

/** A kernel route lookup (live `ip route get`, or recorded answers in tests). */
export type RouteLookup = (ns: NsName, dst: string, options: RouteGetOptions) => Promise<RouteGetResult>;

/** A hop with the namespace as nettrace addresses it (null = its own) beside the display name. */
export interface PlannedHop extends PathHop {
  /** Namespace reference for commands (null = nettrace's own). */
  ns: NsName;
}

/** Why the walk ended. */
export type PlanEnd =
  | { kind: 'destination'; ns: NsName }
  | { kind: 'beyond'; via: string }
  | { kind: 'no-route'; ns: NsName; error: string; command: string }
  | { kind: 'no-neighbor'; ns: NsName; nexthop: string; dev: string }
  | { kind: 'no-peer'; ns: NsName; dev: string }
  | { kind: 'loop' };

/** The planned path and the evidence the walk produced. */
export interface PathPlan {
  hops: PlannedHop[];
  end: PlanEnd;
  /** Every route lookup made, in order (evidence for the diagnosis). */
  lookups: RouteGetResult[];
  /** The source address the kernel chose. */
  sourceAddress: string | null;
  /** Namespaces the path crosses (where to capture and read netfilter state). */
  namespaces: NsName[];
  /** Every namespace the walk looked at (path, bridge neighbours): what a prediction must read too. */
  visited: NsName[];
}

/** Inputs of the walk. */
export interface PlanRequest {
  sourceNs: NsName;
  destination: string;
  /** Namespaces that stand for "the internet" (the sandbox WAN): the walk stops before them. */
  outside: Set<string>;
  /** Display name of a namespace (null → "host"). */
  displayName: (ns: NsName) => string;
  /** Told of each namespace the moment the walk knows the probe crosses it (ping arms it then). */
  onNamespace?: (ns: NsName) => void;
}

function ownsAddress(facts: NsFacts | null, address: string): boolean {
  return Boolean(facts?.addresses.some((a) => a.address === address));
}

function linkByName(facts: NsFacts | null, name: string): LinkInfo | undefined {
  return facts?.links.find((l) => l.name === name);
}

/** The namespace and link at the other end of a veth, or null when it cannot be resolved. */
async function peerOf(facts: NsFacts, link: LinkInfo, view: NsFactsSource): Promise<{ ns: NsName; link: LinkInfo } | null> {
  if (!link.peer) return null;
  const peerNs: NsName | undefined = link.peer.netnsid === null ? facts.ns : facts.nsids[link.peer.netnsid];
  if (peerNs === undefined) return null;
  const peerFacts = await view(peerNs);
  const peerLink = peerFacts?.links.find((l) => l.ifindex === link.peer!.ifindex);
  return peerLink ? { ns: peerNs, link: peerLink } : null;
}

/** Walk from the source to the destination; never throws for a kernel refusal (that is evidence). */
export async function planPath(req: PlanRequest, liveView: NsFactsSource, lookup: RouteLookup): Promise<PathPlan> {
  const visited = new Set<NsName>();
  const view: NsFactsSource = async (ns) => {
    const facts = await liveView(ns);
    if (facts) visited.add(ns);
    return facts;
  };
  const hops: PlannedHop[] = [];
  const lookups: RouteGetResult[] = [];
  const push = (ns: NsName, iface: string, role: PathHop['role']) => {
    if (!hops.some((h) => h.ns === ns)) req.onNamespace?.(ns);
    hops.push({ ns, namespace: req.displayName(ns), interface: iface, role });
  };
  let ns: NsName = req.sourceNs;
  let iif: string | null = null;
  let sourceAddress: string | null = null;
  const finish = (end: PlanEnd): PathPlan => ({ hops, end, lookups, sourceAddress, namespaces: [...new Set(hops.map((h) => h.ns))], visited: [...visited] });

  for (let step = 0; step < 12; step++) {
    const facts = await view(ns);
    if (ownsAddress(facts, req.destination) && step > 0) {
      const last = hops[hops.length - 1];
      if (last && last.ns === ns) last.role = 'destination';
      return finish({ kind: 'destination', ns });
    }
    const options: RouteGetOptions = iif && sourceAddress ? { from: sourceAddress, iif } : {};
    const result = await lookup(ns, req.destination, options);
    lookups.push(result);
    if (!result.ok) return finish({ kind: 'no-route', ns, error: result.error, command: result.command });
    if (step === 0) sourceAddress = result.prefsrc;
    if (result.type === 'local') {
      if (step === 0) push(ns, 'lo', 'destination');
      return finish({ kind: 'destination', ns });
    }
    const dev = result.dev ?? '';
    const nexthop = result.gateway ?? req.destination;
    let link = linkByName(facts, dev);
    if (hops.length > 0 && hops[hops.length - 1]!.ns === ns && hops[hops.length - 1]!.interface === dev) {
      // already listed (e.g. routed back out of the same bridge)
    } else {
      push(ns, dev, step === 0 ? 'source' : 'router-out');
    }
    if (!facts || !link) return finish({ kind: 'no-peer', ns, dev });
    // Leaving through a bridge of this namespace: the frame goes out of the port whose far side owns the next hop.
    if (link.kind === 'bridge') {
      const port = await findPortTowards(facts, link.name, nexthop, view);
      if (!port) return finish({ kind: 'no-neighbor', ns, nexthop, dev });
      push(ns, port.port.name, 'bridge-port');
      link = port.port;
    }
    // A link into the internet's namespace (sandbox WAN) leaves the machine: known from the nsid map, not read.
    const peerName = link.peer ? (link.peer.netnsid === null ? facts.ns : facts.nsids[link.peer.netnsid]) : undefined;
    if (typeof peerName === 'string' && req.outside.has(peerName)) {
      hops[hops.length - 1]!.role = 'uplink';
      return finish({ kind: 'beyond', via: dev });
    }
    const peer = await peerOf(facts, link, view);
    if (!peer) {
      hops[hops.length - 1]!.role = 'uplink';
      return finish({ kind: 'beyond', via: dev });
    }
    if (peer.ns !== null && req.outside.has(peer.ns)) {
      hops[hops.length - 1]!.role = 'uplink';
      return finish({ kind: 'beyond', via: dev });
    }
    const peerFacts = await view(peer.ns);
    if (peer.link.master) {
      // Into a bridge port: either the bridge's own namespace takes it (routed) or another port does (switched).
      push(peer.ns, peer.link.name, 'bridge-port');
      if (ownsAddress(peerFacts, nexthop)) {
        push(peer.ns, peer.link.master, 'bridge');
        ns = peer.ns;
        iif = peer.link.master;
        continue;
      }
      const port = await findPortTowards(peerFacts!, peer.link.master, nexthop, view, peer.link.name);
      if (!port) return finish({ kind: 'no-neighbor', ns: peer.ns, nexthop, dev: peer.link.master });
      push(peer.ns, port.port.name, 'bridge-port');
      push(port.far.ns, port.far.link.name, 'router-in');
      ns = port.far.ns;
      iif = port.far.link.name;
      continue;
    }
    push(peer.ns, peer.link.name, 'router-in');
    ns = peer.ns;
    iif = peer.link.name;
  }
  return finish({ kind: 'loop' });
}

/** The port of `bridge` (in `facts`' namespace) whose veth peer namespace owns `nexthop`. */
async function findPortTowards(facts: NsFacts, bridge: string, nexthop: string, view: NsFactsSource, except?: string): Promise<{ port: LinkInfo; far: { ns: NsName; link: LinkInfo } } | null> {
  const ports = facts.links.filter((l) => l.master === bridge && l.name !== except);
  const fars = await Promise.all(ports.map(async (port) => ({ port, far: await peerOf(facts, port, view) })));
  for (const { port, far } of fars) {
    if (!far) continue;
    const farFacts = await view(far.ns);
    if (farFacts?.addresses.some((a) => a.address === nexthop && a.dev === far.link.name) || ownsAddress(farFacts, nexthop)) return { port, far };
  }
  return null;
}
