// Layer 2 from an output interface to whoever answers ARP for the next hop: across veth pairs,
// through bridges (port to port) and out of the machine; finds down links, unbridged veths and
// next hops that live nowhere.
import type { LinkInfo, NsName } from '../model/state.js';
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import { bridgePorts, findLink, findNamespace, findOwner, isOutside } from './snapshot-index.js';

/** One interface the frame crosses, with its namespace. */
export interface LinkStep {
  ns: NsName;
  link: LinkInfo;
}

/** A frame switched from one bridge port to another (what br_netfilter hands to FORWARD). */
export interface BridgeCrossing {
  ns: NsName;
  bridge: string;
  inPort: string;
  outPort: string;
}

/** Somewhere a frame from the output interface can arrive. */
interface Endpoint {
  ns: NsName;
  /** The interface that receives it (a bridge device, or an unbridged interface). */
  dev: string;
  /** Every interface crossed, the output interface first. */
  trail: LinkStep[];
  crossings: BridgeCrossing[];
  /** True when the frame leaves this machine (physical NIC, or a veth into an outside namespace). */
  outside: boolean;
}

/** Where the next hop was found, or why not. */
export type NextHopResult =
  | { kind: 'found'; ns: NsName; dev: string; trail: LinkStep[]; crossings: BridgeCrossing[] }
  | { kind: 'outside'; trail: LinkStep[]; crossings: BridgeCrossing[] }
  | { kind: 'link-down'; ns: NsName; dev: string; trail: LinkStep[] }
  | { kind: 'not-bridged'; ns: NsName; dev: string; bridge: string; trail: LinkStep[] }
  | { kind: 'unresolved'; trail: LinkStep[] };

// A veth's other end as a snapshot link (by name, else by ifindex), or undefined.
export function peerLink(evidence: ConfigEvidence, link: LinkInfo): LinkStep | undefined {
  if (!link.peer || link.peer.ns === undefined) return undefined;
  const snapshot = findNamespace(evidence, link.peer.ns);
  const peer = snapshot?.links.find((candidate) => (link.peer?.name ? candidate.name === link.peer.name : candidate.ifindex === link.peer?.ifindex));
  return peer ? { ns: link.peer.ns, link: peer } : undefined;
}

// Every place a frame sent out of (ns, dev) can arrive at layer 2.
export function exploreSegment(evidence: ConfigEvidence, ns: NsName, dev: string): Endpoint[] {
  const endpoints: Endpoint[] = [];
  const seen = new Set<string>();
  const start = findLink(findNamespace(evidence, ns), dev);
  if (!start) return endpoints;

  const transmit = (at: LinkStep, trail: LinkStep[], crossings: BridgeCrossing[]): void => {
    const key = `${at.ns ?? ''}/${at.link.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const here = [...trail, at];
    const snapshot = findNamespace(evidence, at.ns) as NamespaceSnapshot;
    if (at.link.kind === 'bridge') {
      for (const port of bridgePorts(snapshot, at.link.name)) transmit({ ns: at.ns, link: port }, here, crossings);
      return;
    }
    if (at.link.kind === 'loopback' || at.link.kind === 'dummy') return;
    if (at.link.kind !== 'veth' || !at.link.peer) {
      endpoints.push({ ns: at.ns, dev: at.link.name, trail: here, crossings, outside: true });
      return;
    }
    const peer = peerLink(evidence, at.link);
    if (!peer || isOutside(evidence, peer.ns)) {
      endpoints.push({ ns: at.ns, dev: at.link.name, trail: here, crossings, outside: true });
      return;
    }
    arrive(peer, here, crossings);
  };

  const arrive = (at: LinkStep, trail: LinkStep[], crossings: BridgeCrossing[]): void => {
    const here = [...trail, at];
    const snapshot = findNamespace(evidence, at.ns) as NamespaceSnapshot;
    const bridge = at.link.master ? findLink(snapshot, at.link.master) : undefined;
    if (!bridge) {
      endpoints.push({ ns: at.ns, dev: at.link.name, trail: here, crossings, outside: false });
      return;
    }
    const viaBridge = [...here, { ns: at.ns, link: bridge }];
    endpoints.push({ ns: at.ns, dev: bridge.name, trail: viaBridge, crossings, outside: false });
    for (const port of bridgePorts(snapshot, bridge.name)) {
      if (port.name === at.link.name) continue;
      transmit({ ns: at.ns, link: port }, viaBridge, [...crossings, { ns: at.ns, bridge: bridge.name, inPort: at.link.name, outPort: port.name }]);
    }
  };

  transmit({ ns, link: start }, [], []);
  return endpoints;
}

// The first interface on a trail that is administratively down.
function firstDownLink(trail: LinkStep[]): LinkStep | undefined {
  return trail.find((step) => !step.link.adminUp);
}

// Whether the endpoint's namespace answers ARP for `address` (on that interface first).
function answersFor(evidence: ConfigEvidence, endpoint: Endpoint, address: string, exactDev: boolean): boolean {
  const snapshot = findNamespace(evidence, endpoint.ns);
  return (snapshot?.addresses ?? []).some((entry) => entry.address === address && (!exactDev || entry.dev === endpoint.dev));
}

// A veth with no address and no bridge, next to a bridge that leads to the next hop: it should be a port.
function findUnbridgedVeth(evidence: ConfigEvidence, endpoints: Endpoint[], nextHop: string): { ns: NsName; dev: string; bridge: string } | undefined {
  for (const endpoint of endpoints) {
    if (endpoint.outside) continue;
    const snapshot = findNamespace(evidence, endpoint.ns) as NamespaceSnapshot;
    const link = findLink(snapshot, endpoint.dev);
    if (!link || link.kind !== 'veth' || link.master || snapshot.addresses.some((entry) => entry.dev === link.name)) continue;
    for (const bridge of snapshot.links.filter((candidate) => candidate.kind === 'bridge')) {
      const beyond = exploreSegment(evidence, endpoint.ns, bridge.name);
      if (beyond.some((other) => !other.outside && answersFor(evidence, other, nextHop, false))) return { ns: endpoint.ns, dev: link.name, bridge: bridge.name };
      if ((findNamespace(evidence, endpoint.ns)?.addresses ?? []).some((entry) => entry.dev === bridge.name && entry.address === nextHop)) return { ns: endpoint.ns, dev: link.name, bridge: bridge.name };
    }
  }
  const owner = findOwner(evidence, nextHop);
  const ownerLink = owner ? findLink(findNamespace(evidence, owner.ns), owner.dev) : undefined;
  const peer = ownerLink ? peerLink(evidence, ownerLink) : undefined;
  if (!peer || peer.link.master || peer.link.kind !== 'veth') return undefined;
  const bridge = endpoints.flatMap((endpoint) => endpoint.trail).find((step) => step.link.kind === 'bridge' && step.ns === peer.ns);
  return bridge ? { ns: peer.ns, dev: peer.link.name, bridge: bridge.link.name } : undefined;
}

// Resolves `nextHop` from output interface (ns, dev): who answers, or the layer-2 fault on the way.
export function resolveNextHop(evidence: ConfigEvidence, ns: NsName, dev: string, nextHop: string): NextHopResult {
  const endpoints = exploreSegment(evidence, ns, dev);
  const target =
    endpoints.find((endpoint) => !endpoint.outside && answersFor(evidence, endpoint, nextHop, true)) ??
    endpoints.find((endpoint) => !endpoint.outside && answersFor(evidence, endpoint, nextHop, false));
  const chosen = target ?? (findOwner(evidence, nextHop) ? undefined : endpoints.find((endpoint) => endpoint.outside));
  if (chosen) {
    const down = firstDownLink(chosen.trail);
    if (down) return { kind: 'link-down', ns: down.ns, dev: down.link.name, trail: chosen.trail };
    return chosen.outside
      ? { kind: 'outside', trail: chosen.trail, crossings: chosen.crossings }
      : { kind: 'found', ns: chosen.ns, dev: chosen.dev, trail: chosen.trail, crossings: chosen.crossings };
  }
  const unbridged = findUnbridgedVeth(evidence, endpoints, nextHop);
  const trail = endpoints[0]?.trail ?? [];
  if (unbridged) return { kind: 'not-bridged', ...unbridged, trail };
  return { kind: 'unresolved', trail };
}
