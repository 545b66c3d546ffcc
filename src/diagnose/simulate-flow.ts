// Walks the probe through the configuration: namespace by namespace for the request, then the
// reply back, in the kernel's order (conntrack un-NAT, route lookup, forwarding and rp_filter,
// filter chains, nat POSTROUTING, layer 2), stopping at the first fault it meets.
import type { NsName } from '../model/state.js';
import type { PathHop } from '../model/verdict.js';
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import { makeFault, type Direction, type Fault } from './fault.js';
import { chainDropFault } from './fault-netfilter.js';
import { loopFault, neighborFault, noRouteFault, wrongWayFault, type PacketAt } from './fault-route.js';
import { linkDownFault, notBridgedFault } from './fault-link.js';
import { forwardingFault, reversePathFault } from './fault-sysctl.js';
import { prefixContains } from './ipv4.js';
import type { SimPacket } from './netfilter-match.js';
import { isDropVerdict } from './simulate-netfilter.js';
import { createFlowContext, nsKey, reverseNat, runChain, runSourceNat, type FlowContext } from './simulate-hooks.js';
import { crossBridges, leaveMachine } from './simulate-exit.js';
import { resolveNextHop } from './simulate-link.js';
import { lookupRoute } from './simulate-route.js';
import { displayNs, findNamespace, primaryAddress } from './snapshot-index.js';

/** Where the packet is: a namespace, how it got there, its addresses. */
interface LegState {
  direction: Direction;
  ns: NsName;
  /** Interface it arrived on; null when generated in this namespace. */
  iif: string | null;
  /** Source address (null until the source namespace picks one). */
  src: string | null;
  dst: string;
}

/** How one direction ended. */
type LegEnd =
  | { kind: 'delivered'; ns: NsName; src: string; dst: string }
  | { kind: 'left'; ns: NsName; dev: string; src: string; dst: string }
  | { kind: 'fault'; fault: Fault };

type Step = LegEnd | { kind: 'next'; state: LegState };

/** The simulation's answer. */
export interface FlowSimulation {
  reached: boolean;
  /** The first fault met (null when reached). */
  fault: Fault | null;
  /** The source address the probe used. */
  sourceAddress: string;
  path: PathHop[];
  netfilter: FlowContext['netfilter'];
  unchecked: string[];
}

// Any address of the namespace, for a source that never got a route.
function fallbackSource(snapshot: NamespaceSnapshot): string {
  return snapshot.addresses.find((entry) => !prefixContains('127.0.0.0/8', entry.address))?.address ?? '0.0.0.0';
}

// Records a hop of the request (the reply's hops are not part of `path`).
function addHop(ctx: FlowContext, direction: Direction, ns: NsName, dev: string, role: PathHop['role']): void {
  if (direction !== 'request') return;
  const last = ctx.hops[ctx.hops.length - 1];
  if (last && last.namespace === displayNs(ns) && last.interface === dev) return;
  ctx.hops.push({ namespace: displayNs(ns), interface: dev, role });
}

// Renames the role of the last hop when what happened there becomes known.
function setLastRole(ctx: FlowContext, direction: Direction, role: PathHop['role']): void {
  const last = ctx.hops[ctx.hops.length - 1];
  if (direction === 'request' && last && (last.role === 'peer' || last.role === 'router-out')) last.role = role;
}

// One namespace: from arrival (or generation) to the frame leaving toward the next namespace.
function stepNamespace(ctx: FlowContext, snapshot: NamespaceSnapshot, state: LegState): Step {
  const { direction, iif } = state;
  const ns = snapshot.name;
  const ctstate = direction === 'request' ? 'NEW' : ctx.seen.has(nsKey(ns)) ? 'ESTABLISHED' : 'INVALID';
  const dst = direction === 'reply' && iif !== null ? reverseNat(ctx, ns, state.dst) : state.dst;
  if (direction === 'request') ctx.seen.add(nsKey(ns));
  const decision = lookupRoute(snapshot, dst);
  let src = state.src ?? (decision.kind === 'unicast' ? decision.route.prefsrc ?? primaryAddress(snapshot, decision.dev, decision.nextHop) : null) ?? (decision.kind === 'local' ? dst : fallbackSource(snapshot));
  const at = (iface: string): PacketAt => ({ ns, src, dst, direction, iface });
  const icmpType = direction === 'request' ? 'echo-request' : 'echo-reply';
  const packet = (inIface: string | null, outIface: string | null): SimPacket => ({ src, dst, icmpType, inIface, outIface, ctstate });
  const filter = (chain: 'FORWARD' | 'INPUT' | 'OUTPUT', pkt: SimPacket, iface: string): Fault | null => {
    const outcome = runChain(ctx, snapshot, 'filter', chain, pkt, direction);
    return isDropVerdict(outcome.verdict) ? chainDropFault(ctx.evidence, snapshot, chain, at(iface), pkt, outcome, null) : null;
  };

  if (decision.kind === 'local') {
    const fault = iif === null ? filter('OUTPUT', packet(null, 'lo'), 'lo') ?? filter('INPUT', packet('lo', null), 'lo') : reversePathFault(snapshot, at(iif), iif) ?? filter('INPUT', packet(iif, null), iif);
    if (fault) return { kind: 'fault', fault };
    setLastRole(ctx, direction, 'destination');
    return { kind: 'delivered', ns, src, dst };
  }
  if (decision.kind !== 'unicast') return { kind: 'fault', fault: noRouteFault(ctx.evidence, at(iif ?? ''), decision) };
  const dev = decision.dev;
  const outRole = findNamespace(ctx.evidence, ns)?.links.find((link) => link.name === dev)?.kind === 'bridge' ? 'bridge' : 'router-out';
  if (iif === null) {
    addHop(ctx, direction, ns, dev, state.direction === 'request' && ns === ctx.evidence.flow.source.namespace ? 'source' : outRole);
    const fault = filter('OUTPUT', packet(null, dev), dev);
    if (fault) return { kind: 'fault', fault };
  } else {
    const fault = forwardingFault(snapshot, at(iif), iif, dev) ?? reversePathFault(snapshot, at(iif), iif) ?? filter('FORWARD', packet(iif, dev), iif);
    if (fault) return { kind: 'fault', fault };
    setLastRole(ctx, direction, 'router-in');
    addHop(ctx, direction, ns, dev, outRole);
  }
  let natText: string | null = null;
  if (direction === 'request') {
    const nat = runSourceNat(ctx, snapshot, packet(iif, dev), decision.nextHop);
    natText = nat.text;
    if (nat.src) src = nat.src;
  }
  const hop = resolveNextHop(ctx.evidence, ns, dev, decision.nextHop);
  switch (hop.kind) {
    case 'link-down':
      return { kind: 'fault', fault: linkDownFault(at(dev), hop.ns, hop.dev, hop.trail) };
    case 'not-bridged':
      return { kind: 'fault', fault: notBridgedFault(ctx.evidence, at(dev), hop.ns, hop.dev, hop.bridge, decision.nextHop) };
    case 'unresolved':
      return { kind: 'fault', fault: neighborFault(ctx.evidence, at(dev), decision) };
    case 'outside': {
      setLastRole(ctx, direction, 'uplink');
      const fault = leaveMachine(ctx, snapshot, at(dev), decision, iif, natText);
      if (fault) return { kind: 'fault', fault };
      return { kind: 'left', ns, dev, src, dst };
    }
    case 'found': {
      const fault = crossBridges(ctx, hop.crossings, { ns, src, dst, direction, iface: dev });
      if (fault) return { kind: 'fault', fault };
      for (const step of hop.trail.slice(1)) addHop(ctx, direction, step.ns, step.link.name, step.link.master ? 'bridge-port' : step.link.kind === 'bridge' ? 'bridge' : 'peer');
      return { kind: 'next', state: { direction, ns: hop.ns, iif: hop.dev, src, dst } };
    }
  }
}

// One direction, namespace after namespace, until delivered, gone out of the machine, or stopped.
function walkLeg(ctx: FlowContext, start: LegState): LegEnd {
  const visited = new Set<string>();
  let state = start;
  for (;;) {
    const snapshot = findNamespace(ctx.evidence, state.ns);
    if (!snapshot) throw new Error(`namespace ${displayNs(state.ns)} is not in the evidence`);
    if (visited.has(nsKey(state.ns))) return { kind: 'fault', fault: loopFault({ ns: state.ns, src: state.src ?? '?', dst: state.dst, direction: state.direction, iface: state.iif ?? '' }) };
    visited.add(nsKey(state.ns));
    const step = stepNamespace(ctx, snapshot, state);
    if (step.kind !== 'next') return step;
    state = step.state;
  }
}

// Simulates request and reply of the evidence's flow; stops at the first fault.
export function simulateFlow(evidence: ConfigEvidence): FlowSimulation {
  const ctx = createFlowContext(evidence);
  const { source, destination } = evidence.flow;
  const done = (fault: Fault | null, sourceAddress: string): FlowSimulation => ({ reached: fault === null, fault, sourceAddress, path: ctx.hops, netfilter: ctx.netfilter, unchecked: ctx.unchecked });
  const request = walkLeg(ctx, { direction: 'request', ns: source.namespace, iif: null, src: source.address ?? null, dst: destination.address });
  if (request.kind === 'fault') return done(request.fault, source.address ?? request.fault.message.params.src ?? '');
  const sourceAddress = source.address ?? firstSource(evidence);
  let reply: LegEnd;
  if (request.kind === 'left') {
    if (evidence.remoteAnswers === false) {
      const ns = displayNs(request.ns);
      const fault = makeFault('remote-unreachable', request.ns, request.dev, 'request', 'diagnose.remoteUnreachable', { ns, src: request.src, dst: request.dst, dev: request.dev }, [
        `${ns}: the request leaves ${request.dev} toward ${request.dst} with source ${request.src}, which the next hop can answer`,
        'no answer from beyond this machine',
      ]);
      return done(fault, sourceAddress);
    }
    reply = walkLeg(ctx, { direction: 'reply', ns: request.ns, iif: request.dev, src: request.dst, dst: request.src });
  } else {
    reply = walkLeg(ctx, { direction: 'reply', ns: request.ns, iif: null, src: request.dst, dst: request.src });
  }
  if (reply.kind === 'fault') return done(reply.fault, sourceAddress);
  if (reply.kind === 'left' || reply.ns !== source.namespace) {
    const ns = displayNs(reply.ns);
    const fault = makeFault('no-route', reply.ns, reply.kind === 'left' ? reply.dev : '', 'reply', 'diagnose.noRoute', { ns, src: reply.src, dst: reply.dst, lookup: `the reply ends in ${ns}, not in ${displayNs(source.namespace)}` }, [`${ns}: reply to ${reply.dst} does not return to ${displayNs(source.namespace)}`]);
    return done(fault, sourceAddress);
  }
  return done(null, sourceAddress);
}

// The source address the request actually carried when it left the source namespace.
function firstSource(evidence: ConfigEvidence): string {
  const snapshot = findNamespace(evidence, evidence.flow.source.namespace) as NamespaceSnapshot;
  const decision = lookupRoute(snapshot, evidence.flow.destination.address);
  if (decision.kind === 'unicast') return decision.route.prefsrc ?? primaryAddress(snapshot, decision.dev, decision.nextHop) ?? fallbackSource(snapshot);
  return decision.kind === 'local' ? evidence.flow.destination.address : fallbackSource(snapshot);
}
