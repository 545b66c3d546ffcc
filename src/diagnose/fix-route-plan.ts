// Plans the route a namespace lacks: an address on the interface that already reaches the
// destination at layer 2, else a route via a neighbour that can forward (giving the bridge an
// address first when it has none), else the upstream router known from the neighbour table.
import type { LinkInfo, NsName } from '../model/state.js';
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import type { FixAction } from './fix-action.js';
import { addressAddFix, linkUpFix, routeDevFix, routeViaFix } from './fix-builders.js';
import { pickFreeAddress, prefixContains, subnetOf } from './ipv4.js';
import { exploreSegment } from './simulate-link.js';
import { lookupRoute } from './simulate-route.js';
import { findNamespace, findOwner, usedAddresses } from './snapshot-index.js';

/** A planned route: the fixes, and the down interface that removed the route, if that is the cause. */
export interface RoutePlan {
  fixes: FixAction[];
  /** Set when the way to the destination exists but its interface is down (cause: link-down). */
  downLink: string | null;
}

/** A neighbour that could serve as gateway. */
interface GatewayCandidate {
  link: LinkInfo;
  address: string;
  score: number;
  /** Set when the candidate is a bridge with no address in the subnet yet: add this first. */
  addFirst?: FixAction;
}

// Interfaces worth routing through (everything but loopback).
function usableLinks(snapshot: NamespaceSnapshot): LinkInfo[] {
  return snapshot.links.filter((link) => link.kind !== 'loopback' && link.name !== 'lo');
}

// Whether namespace `ns` could carry a packet on to `dst` (owns it or has a route to it).
function canReach(evidence: ConfigEvidence, ns: NsName, dst: string): boolean {
  const snapshot = findNamespace(evidence, ns);
  if (!snapshot) return false;
  const decision = lookupRoute(snapshot, dst);
  return decision.kind === 'local' || decision.kind === 'unicast';
}

// Neighbours on the link's subnets that could forward to `dst`, best first.
function gatewayCandidates(evidence: ConfigEvidence, snapshot: NamespaceSnapshot, link: LinkInfo, dst: string): GatewayCandidate[] {
  const candidates: GatewayCandidate[] = [];
  const subnets = snapshot.addresses.filter((entry) => entry.dev === link.name).map((entry) => ({ subnet: subnetOf(entry.address, entry.prefixLength), length: entry.prefixLength }));
  for (const endpoint of exploreSegment(evidence, snapshot.name, link.name)) {
    if (endpoint.outside) continue;
    const other = findNamespace(evidence, endpoint.ns);
    if (!other || other.name === snapshot.name || !canReach(evidence, endpoint.ns, dst)) continue;
    const score = (endpoint.ns === evidence.hostNs ? 4 : 0) + (other.sysctls?.ipForward === 1 ? 2 : 0) + (findOwner(evidence, dst)?.ns === endpoint.ns ? 1 : 0);
    for (const { subnet, length } of subnets) {
      const onLink = other.addresses.find((entry) => entry.dev === endpoint.dev && prefixContains(subnet, entry.address));
      if (onLink) candidates.push({ link, address: onLink.address, score: score + 8 });
      else if (other.links.find((candidate) => candidate.name === endpoint.dev)?.kind === 'bridge') {
        const free = pickFreeAddress(subnet, usedAddresses(evidence));
        if (free) candidates.push({ link, address: free, score, addFirst: addressAddFix(endpoint.ns, endpoint.dev, free, length) });
      }
    }
  }
  if (!findOwner(evidence, dst) && exploreSegment(evidence, snapshot.name, link.name).some((endpoint) => endpoint.outside)) {
    for (const neighbor of snapshot.neighbors) {
      if (neighbor.dev === link.name && neighbor.lladdr && !neighbor.state.includes('FAILED') && !findOwner(evidence, neighbor.dst)) {
        candidates.push({ link, address: neighbor.dst, score: 1 });
      }
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** A route whose gateway never answers: replace it instead of adding one. */
export interface DeadRoute {
  /** The route's destination (`default`, a CIDR). */
  dst: string;
  /** Its gateway, which no namespace has. */
  gateway: string;
}

// The fixes that give `ns` a working route to `dst` (replacing `dead` when its gateway answers nobody).
export function planRouteTo(evidence: ConfigEvidence, ns: NsName, dst: string, dead: DeadRoute | null = null): RoutePlan {
  const snapshot = findNamespace(evidence, ns);
  if (!snapshot) return { fixes: [], downLink: null };
  const owner = findOwner(evidence, dst);
  if (owner) {
    for (const link of usableLinks(snapshot)) {
      const endpoints = exploreSegment(evidence, ns, link.name).filter((endpoint) => !endpoint.outside);
      const attached = endpoints.some((endpoint) => findNamespace(evidence, endpoint.ns)?.addresses.some((entry) => entry.address === dst && entry.dev === endpoint.dev));
      if (!attached) continue;
      const subnet = subnetOf(owner.address, owner.prefixLength);
      const own = snapshot.addresses.find((entry) => entry.dev === link.name && prefixContains(subnet, entry.address));
      const fixes: FixAction[] = link.adminUp ? [] : [linkUpFix(ns, link.name)];
      if (own && !link.adminUp) return { fixes, downLink: link.name };
      if (own) return { fixes: [routeDevFix(ns, subnet, link.name)], downLink: null };
      const free = pickFreeAddress(subnet, usedAddresses(evidence));
      if (free) return { fixes: [...fixes, addressAddFix(ns, link.name, free, owner.prefixLength)], downLink: link.adminUp ? null : link.name };
    }
  }
  const candidates = usableLinks(snapshot)
    .flatMap((link) => gatewayCandidates(evidence, snapshot, link, dst))
    .filter((candidate) => candidate.address !== dead?.gateway)
    .sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best) return { fixes: [], downLink: null };
  const hasDefault = snapshot.routes.some((route) => route.dst === 'default' && route.table === 'main');
  const routeDst = dead?.dst ?? (!hasDefault ? 'default' : owner ? subnetOf(owner.address, owner.prefixLength) : `${dst}/32`);
  const fixes: FixAction[] = [];
  if (!best.link.adminUp) fixes.push(linkUpFix(ns, best.link.name));
  if (best.addFirst) fixes.push(best.addFirst);
  fixes.push(routeViaFix(ns, routeDst, best.address, best.link.name, dead ? 'replace' : 'add'));
  return { fixes, downLink: best.link.adminUp ? null : best.link.name };
}
