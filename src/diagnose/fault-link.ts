// Faults of layer 2: an interface (or a veth's peer, or the bridge) that is down, and a veth
// that should be a bridge port but is not enslaved.
import type { NsName } from '../model/state.js';
import type { ConfigEvidence } from './evidence.js';
import type { Fault } from './fault.js';
import { makeFault } from './fault.js';
import { linkMasterFix, linkUpFix } from './fix-builders.js';
import type { PacketAt } from './fault-route.js';
import type { LinkStep } from './simulate-link.js';
import { displayNs, findLink, findNamespace } from './snapshot-index.js';

// One line per interface crossed, with its state, as evidence.
function describeTrail(trail: LinkStep[]): string {
  return trail.map((step) => `${displayNs(step.ns)}:${step.link.name}${step.link.adminUp ? '' : ' (DOWN)'}`).join(' → ');
}

// An interface on the layer-2 way to the next hop is administratively down.
export function linkDownFault(at: PacketAt, ns: NsName, dev: string, trail: LinkStep[]): Fault {
  const where = displayNs(ns);
  const link = trail.find((step) => step.ns === ns && step.link.name === dev)?.link;
  const lines = [`${where}: ip link show ${dev}: state ${link?.operState ?? 'DOWN'}, no UP flag`, `layer 2 path: ${describeTrail(trail)}`];
  return makeFault('link-down', ns, dev, at.direction, 'diagnose.linkDown', { ns: where, dev, src: at.src, dst: at.dst }, lines, [linkUpFix(ns, dev)]);
}

// A veth next to a bridge is not one of its ports, so frames stop at it.
export function notBridgedFault(evidence: ConfigEvidence, at: PacketAt, ns: NsName, dev: string, bridge: string, nextHop: string): Fault {
  const where = displayNs(ns);
  const snapshot = findNamespace(evidence, ns);
  const ports = snapshot?.links.filter((link) => link.master === bridge).map((link) => link.name) ?? [];
  const peer = findLink(snapshot, dev)?.peer;
  const lines = [
    `${where}: ip link show ${dev}: no master (peer ${peer?.name ?? '?'} in ${displayNs(peer?.ns ?? null)})`,
    `${where}: bridge ${bridge} ports: ${ports.length ? ports.join(', ') : '(none)'}`,
  ];
  const fixes = [linkMasterFix(ns, dev, bridge)];
  if (!findLink(snapshot, dev)?.adminUp) fixes.push(linkUpFix(ns, dev));
  return makeFault('not-bridged', ns, dev, at.direction, 'diagnose.notBridged', { ns: where, dev, bridge, nextHop, src: at.src, dst: at.dst }, lines, fixes);
}
