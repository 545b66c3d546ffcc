// Faults of the routing layer: no route (or a blocking route, or a route that leaves the machine
// for an address that lives on it), a next hop nobody answers, a routing loop.
import type { NsName } from '../model/state.js';
import type { ConfigEvidence } from './evidence.js';
import type { Direction, Fault } from './fault.js';
import { makeFault } from './fault.js';
import { routeDeleteFix } from './fix-builders.js';
import { planRouteTo } from './fix-route-plan.js';
import { describeDecision, formatRoute, type RouteDecision } from './simulate-route.js';
import { displayNs, findNamespace, findOwner } from './snapshot-index.js';

/** Where and what: the packet's addresses and the interface it was last seen on. */
export interface PacketAt {
  ns: NsName;
  src: string;
  dst: string;
  direction: Direction;
  /** Interface where the packet was (''/null for a locally generated one). */
  iface: string;
}

// The route lookup found nothing or a blocking route.
export function noRouteFault(evidence: ConfigEvidence, at: PacketAt, decision: RouteDecision): Fault {
  const ns = displayNs(at.ns);
  const params = { ns, src: at.src, dst: at.dst };
  const lookup = describeDecision(at.dst, decision);
  if (decision.kind === 'blocked') {
    const route = formatRoute(decision.route);
    return makeFault('no-route', at.ns, at.iface, at.direction, 'diagnose.noRouteBlocked', { ...params, route, type: decision.type }, [`${ns}: ${lookup}`], [routeDeleteFix(at.ns, decision.route)]);
  }
  const plan = planRouteTo(evidence, at.ns, at.dst);
  const evidenceLines = [`${ns}: ${lookup}`];
  if (plan.downLink) {
    evidenceLines.push(`${ns}: ip link show ${plan.downLink}: state DOWN (no UP flag)`);
    return makeFault('link-down', at.ns, plan.downLink, at.direction, 'diagnose.linkDownRoutes', { ...params, dev: plan.downLink }, evidenceLines, plan.fixes);
  }
  const routes = findNamespace(evidence, at.ns)?.routes.filter((route) => route.table === 'main').map(formatRoute) ?? [];
  evidenceLines.push(`${ns}: ip route: ${routes.length ? routes.join('; ') : '(empty)'}`);
  return makeFault('no-route', at.ns, at.iface, at.direction, 'diagnose.noRoute', { ...params, lookup }, evidenceLines, plan.fixes);
}

// The lookup sent the packet out of the machine, but its destination lives in a namespace here.
export function wrongWayFault(evidence: ConfigEvidence, at: PacketAt, decision: RouteDecision & { kind: 'unicast' }): Fault {
  const ns = displayNs(at.ns);
  const owner = findOwner(evidence, at.dst);
  const plan = planRouteTo(evidence, at.ns, at.dst);
  return makeFault(
    plan.downLink ? 'link-down' : 'no-route',
    at.ns,
    decision.dev,
    at.direction,
    plan.downLink ? 'diagnose.linkDownRoutes' : 'diagnose.noRouteWrongWay',
    { ns, src: at.src, dst: at.dst, route: formatRoute(decision.route), dev: plan.downLink ?? decision.dev, owner: displayNs(owner?.ns ?? null) },
    [`${ns}: ${describeDecision(at.dst, decision)}`, `${displayNs(owner?.ns ?? null)}: ${at.dst}/${owner?.prefixLength} on ${owner?.dev}`],
    plan.fixes,
  );
}

// ARP for the next hop can never be answered: no namespace on that link has the address.
export function neighborFault(evidence: ConfigEvidence, at: PacketAt, decision: RouteDecision & { kind: 'unicast' }): Fault {
  const ns = displayNs(at.ns);
  const snapshot = findNamespace(evidence, at.ns);
  const neighbor = snapshot?.neighbors.find((entry) => entry.dst === decision.nextHop && entry.dev === decision.dev);
  const lines = [`${ns}: ${describeDecision(at.dst, decision)}`, `no namespace reachable from ${ns}:${decision.dev} has ${decision.nextHop}`];
  if (neighbor) lines.push(`${ns}: ip neigh: ${neighbor.dst} dev ${neighbor.dev} ${neighbor.lladdr ?? ''} ${neighbor.state.join(',')}`.replace(/\s+/g, ' '));
  const plan = decision.gateway ? planRouteTo(evidence, at.ns, at.dst, { dst: decision.route.dst, gateway: decision.gateway }) : { fixes: [], downLink: null };
  return makeFault(
    'neighbor-unreachable',
    at.ns,
    decision.dev,
    at.direction,
    'diagnose.neighborUnreachable',
    { ns, src: at.src, dst: at.dst, nextHop: decision.nextHop, dev: decision.dev, route: formatRoute(decision.route) },
    lines,
    plan.fixes,
  );
}

// The packet came back to a namespace it already crossed in this direction.
export function loopFault(at: PacketAt): Fault {
  const ns = displayNs(at.ns);
  return makeFault('no-route', at.ns, at.iface, at.direction, 'diagnose.routingLoop', { ns, src: at.src, dst: at.dst }, [`${ns}: reached twice by ${at.src} → ${at.dst}`]);
}
