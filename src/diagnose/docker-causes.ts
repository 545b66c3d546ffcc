// Docker's causes of a FORWARD drop, recognised from Docker's own rule layout (src/docker/rule-layout.ts):
// a DROP someone put into DOCKER-USER, inter-container communication disabled on a network, isolation
// between two Docker networks, and Docker's policy DROP breaking a bridge Docker does not manage. Each keeps
// the kind `forward-drop`; the explanation and the fix become Docker's (a refinement, never a new kind).
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import type { Fault } from './fault.js';
import type { BridgedAt } from './fault-netfilter.js';
import type { PacketAt } from './fault-route.js';
import type { SimPacket } from './netfilter-match.js';
import type { ChainOutcome } from './simulate-netfilter.js';
import type { NewRuleSpec } from './fix-builders.js';
import { isDropVerdict } from './simulate-netfilter.js';
import { recogniseDockerRules, type DockerRuleLayout } from '../docker/rule-layout.js';
import { dockerUserAcceptFix, networkConnectFix } from './docker-fixes.js';
import { isLeasedAddress, networkOfBridge } from './docker-context.js';
import { subnetOf } from './ipv4.js';
import { displayNs, findOwner } from './snapshot-index.js';

/** A FORWARD drop as the generic builder saw it. */
export interface ForwardDrop {
  evidence: ConfigEvidence;
  snapshot: NamespaceSnapshot;
  at: PacketAt;
  packet: SimPacket;
  outcome: ChainOutcome;
  bridged: BridgedAt | null;
  /** The generic fault (kept when nothing Docker-specific applies). */
  fault: Fault;
}

// The lab subnet of an address (its owner's connected subnet), or the address as /32.
function subnetOfAddress(evidence: ConfigEvidence, address: string): string {
  const owner = findOwner(evidence, address);
  return owner ? subnetOf(owner.address, owner.prefixLength) : `${address}/32`;
}

// The same fault with Docker's explanation, an extra evidence line and (optionally) another fix.
function refined(drop: ForwardDrop, key: Fault['message']['key'], params: Record<string, string>, line: string, fixes = drop.fault.fixes): Fault {
  const { fault } = drop;
  return { ...fault, message: { key, params: { ...fault.message.params, ...params } }, evidence: [...fault.evidence, line], fixes };
}

// A rule in DOCKER-USER dropped it: Docker never writes one, so a person did; deleting it is the fix.
function userDrop(drop: ForwardDrop): Fault {
  const line = `${displayNs(drop.snapshot.name)}: DOCKER-USER is jumped to first from FORWARD and left to the user; Docker writes no DROP into it`;
  return refined(drop, 'diagnose.dockerUserDrop', {}, line);
}

// Docker's `-i B -o B -j DROP` of a network without inter-container communication: let this pair through.
function iccDisabled(drop: ForwardDrop, bridge: string): Fault {
  const { evidence, snapshot, at } = drop;
  const network = networkOfBridge(evidence, bridge);
  // An address leased by a simulated `docker network connect` is Docker's to pick: leave it out of the rule.
  const host = (address: string) => (isLeasedAddress(evidence, address) ? undefined : `${address}/32`);
  const spec: NewRuleSpec = { src: host(at.src), dst: host(at.dst), inIface: bridge, outIface: bridge };
  const line = `${displayNs(snapshot.name)}: Docker network ${network.name} (${bridge}) has inter-container communication disabled: its rule \`${drop.outcome.text}\` drops traffic between its own ports`;
  return refined(drop, 'diagnose.dockerIcc', { network: network.name, bridge }, line, [dockerUserAcceptFix(snapshot.name, spec)]);
}

// Docker's isolation between networks dropped it: the flow's source container joins the network of its destination.
function isolation(drop: ForwardDrop): Fault {
  const { evidence, snapshot, packet } = drop;
  const fromBridge = packet.inIface ?? '?';
  const toBridge = packet.outIface ?? '?';
  const joinBridge = drop.at.direction === 'request' ? toBridge : fromBridge;
  const join = networkOfBridge(evidence, joinBridge);
  const source = evidence.flow.source;
  const container = source.kind === 'container' && source.name ? source.name : null;
  const fixes = container ? [networkConnectFix(evidence, source.namespace, container, join.name, joinBridge)] : drop.fault.fixes;
  const params = {
    fromNetwork: networkOfBridge(evidence, fromBridge).name, fromBridge, toNetwork: networkOfBridge(evidence, toBridge).name, toBridge,
    joinNetwork: join.name, container: container ?? displayNs(source.namespace),
  };
  const line = `${displayNs(snapshot.name)}: Docker isolates its networks from each other: \`${drop.outcome.text}\` (chain ${drop.outcome.chain}) drops traffic from ${fromBridge} into ${toBridge}`;
  return refined(drop, 'diagnose.dockerIsolation', params, line, fixes);
}

// FORWARD's policy DROP (set by Docker) dropped traffic of a bridge Docker does not manage.
function policyDrop(drop: ForwardDrop, layout: DockerRuleLayout): Fault {
  const { evidence, snapshot, at, packet, bridged } = drop;
  const iif = packet.inIface ?? '';
  const oif = packet.outIface ?? '';
  let spec: NewRuleSpec;
  if (bridged) spec = { inIface: bridged.bridge, outIface: bridged.bridge };
  else if (at.direction === 'request') spec = { src: subnetOfAddress(evidence, at.src), inIface: iif, outIface: oif };
  else spec = { dst: subnetOfAddress(evidence, at.dst), inIface: iif, outIface: oif, ...(packet.ctstate === 'ESTABLISHED' ? { ctstates: ['RELATED', 'ESTABLISHED'] } : {}) };
  const chains = layout.chains.filter((name) => !name.includes(':')).join(', ');
  const line = `${displayNs(snapshot.name)}: filter FORWARD policy DROP with Docker's chains present (${chains}): Docker sets FORWARD's policy to DROP when it starts`;
  const key = bridged ? 'diagnose.dockerForwardPolicyBridged' : 'diagnose.dockerForwardPolicy';
  return refined(drop, key, { chains }, line, [dockerUserAcceptFix(snapshot.name, spec)]);
}

// The Docker-specific reading of a FORWARD drop, or the generic fault when Docker has nothing to do with it.
export function refineDockerDrop(drop: ForwardDrop): Fault {
  const ruleset = drop.snapshot.ruleset;
  const layout = ruleset ? recogniseDockerRules(ruleset) : null;
  if (!layout?.layout || !isDropVerdict(drop.outcome.verdict)) return drop.fault;
  const rule = drop.outcome.rule;
  if (rule && drop.outcome.chain === 'DOCKER-USER') return userDrop(drop);
  const icc = rule ? layout.bridges.find((entry) => entry.iccDisabled && entry.intraBridge?.text === rule.text) : undefined;
  if (icc) return iccDisabled(drop, icc.bridge);
  const dockerBridges = new Set(layout.bridges.map((entry) => entry.bridge));
  const fromDocker = drop.packet.inIface !== null && dockerBridges.has(drop.packet.inIface);
  // 20.10–28: ISOLATION-STAGE-2 `-o B -j DROP`; 28+: `DOCKER ! -i B -o B -j DROP` met by traffic from another Docker bridge.
  const isolated = rule ? layout.isolation.find((entry) => entry.rule.text === rule.text && (entry.kind === 'between-networks' || (entry.kind === 'inbound' && fromDocker))) : undefined;
  if (isolated) return isolation(drop);
  const touchesDocker = [drop.packet.inIface, drop.packet.outIface].some((iface) => iface !== null && dockerBridges.has(iface));
  const hasUserChain = ruleset?.tables.filter?.['DOCKER-USER'] !== undefined;
  if (!rule && !touchesDocker && hasUserChain && layout.forwardPolicy !== 'ACCEPT') return policyDrop(drop, layout);
  return drop.fault;
}
