// The two ways a frame leaves a namespace that need more than a route: switched across bridges
// (FORWARD sees it when bridge-nf-call-iptables is 1) or out of the machine (is its source one
// the world can answer?).
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import type { Fault } from './fault.js';
import { chainDropFault, missingNatFault } from './fault-netfilter.js';
import { wrongWayFault, type PacketAt } from './fault-route.js';
import { prefixContains } from './ipv4.js';
import type { SimPacket } from './netfilter-match.js';
import { isDropVerdict } from './simulate-netfilter.js';
import { nsKey, runChain, type FlowContext } from './simulate-hooks.js';
import type { BridgeCrossing } from './simulate-link.js';
import type { RouteDecision } from './simulate-route.js';
import { connectedSubnets, findNamespace, findOwner } from './snapshot-index.js';

// Bridged frames pass filter FORWARD (in = out = the bridge, physdev = the ports) when br_netfilter says so.
export function crossBridges(ctx: FlowContext, crossings: BridgeCrossing[], at: PacketAt): Fault | null {
  for (const crossing of crossings) {
    const snapshot = findNamespace(ctx.evidence, crossing.ns);
    if (!snapshot || snapshot.sysctls?.bridgeNfCallIptables !== 1) continue;
    const key = nsKey(crossing.ns);
    const ctstate = at.direction === 'request' ? 'NEW' : ctx.seen.has(key) ? 'ESTABLISHED' : 'INVALID';
    if (at.direction === 'request') ctx.seen.add(key);
    const packet: SimPacket = {
      src: at.src,
      dst: at.dst,
      icmpType: at.direction === 'request' ? 'echo-request' : 'echo-reply',
      inIface: crossing.bridge,
      outIface: crossing.bridge,
      ctstate,
      physIn: crossing.inPort,
      physOut: crossing.outPort,
    };
    const outcome = runChain(ctx, snapshot, 'filter', 'FORWARD', packet, at.direction);
    if (isDropVerdict(outcome.verdict)) {
      const where: PacketAt = { ...at, ns: crossing.ns, iface: crossing.inPort };
      return chainDropFault(ctx.evidence, snapshot, 'FORWARD', where, packet, outcome, { bridge: crossing.bridge, inPort: crossing.inPort, outPort: crossing.outPort });
    }
  }
  return null;
}

// Leaving the machine: wrong way if the destination lives here; missing NAT if the source is a lab
// address the world cannot route back to (not on the exit interface's subnets).
export function leaveMachine(
  ctx: FlowContext,
  snapshot: NamespaceSnapshot,
  at: PacketAt,
  decision: RouteDecision & { kind: 'unicast' },
  iif: string | null,
  natText: string | null,
): Fault | null {
  const evidence: ConfigEvidence = ctx.evidence;
  if (findOwner(evidence, at.dst)) return wrongWayFault(evidence, at, decision);
  if (at.direction !== 'request') return null;
  const onExitSubnet = connectedSubnets(snapshot, decision.dev).some((subnet) => prefixContains(subnet, at.src));
  return onExitSubnet ? null : missingNatFault(evidence, at, decision.dev, iif, natText);
}
