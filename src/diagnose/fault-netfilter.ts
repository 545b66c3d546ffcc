// Faults of netfilter: a filter chain that drops the request or the reply, and a private source
// that leaves the machine without NAT. Fixes: delete the exact rule that dropped it, or (when the
// policy dropped it) append the narrowest ACCEPT; add MASQUERADE for the lab subnet.
import type { NsName } from '../model/state.js';
import type { CauseKind } from '../model/verdict.js';
import type { DiagnoseMessageKey } from '../i18n/messages/diagnose.js';
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import type { Fault } from './fault.js';
import { makeFault } from './fault.js';
import { applyFixes, type FixAction } from './fix-action.js';
import { ruleAppendFix, ruleDeleteFix, type NewRuleSpec } from './fix-builders.js';
import type { PacketAt } from './fault-route.js';
import { subnetOf } from './ipv4.js';
import type { SimPacket } from './netfilter-match.js';
import { evaluateChain, type ChainOutcome } from './simulate-netfilter.js';
import { longestPrefixMatch } from './simulate-route.js';
import { displayNs, findNamespace, findOwner } from './snapshot-index.js';
import { refineDockerDrop } from './docker-causes.js';

/** Where a bridged frame crossed, when FORWARD saw it through br_netfilter. */
export interface BridgedAt {
  bridge: string;
  inPort: string;
  outPort: string;
}

// The lab subnet an address belongs to (its owner's connected subnet), or the address as /32.
export function subnetOfAddress(evidence: ConfigEvidence, address: string): string {
  const owner = findOwner(evidence, address);
  return owner ? subnetOf(owner.address, owner.prefixLength) : `${address}/32`;
}

// The narrowest ACCEPT that lets this packet through a chain whose policy dropped it.
function acceptSpec(evidence: ConfigEvidence, chain: string, at: PacketAt, packet: SimPacket, bridged: BridgedAt | null): NewRuleSpec {
  const established = packet.ctstate === 'ESTABLISHED' ? { ctstates: ['RELATED', 'ESTABLISHED'] } : {};
  if (bridged) return { inIface: bridged.bridge, outIface: bridged.bridge };
  if (chain === 'FORWARD') {
    return at.direction === 'request' ? { src: subnetOfAddress(evidence, at.src) } : { dst: subnetOfAddress(evidence, at.dst), ...established };
  }
  if (at.direction === 'reply' && packet.ctstate === 'ESTABLISHED') return established;
  return chain === 'INPUT' ? { src: subnetOfAddress(evidence, at.src), protocol: 'icmp' } : { dst: subnetOfAddress(evidence, at.dst), protocol: 'icmp' };
}

// An ACCEPT for a policy drop: appended, or inserted first when an earlier rule (a goto into a
// chain that returns) would keep the appended one from ever being reached.
function policyFix(evidence: ConfigEvidence, snapshot: NamespaceSnapshot, chain: string, at: PacketAt, packet: SimPacket, bridged: BridgedAt | null): FixAction {
  const spec = acceptSpec(evidence, chain, at, packet, bridged);
  const appended = ruleAppendFix(snapshot.name, 'filter', chain, spec, 'ACCEPT');
  const trial = applyFixes({ ...evidence, namespaces: [snapshot] }, [appended]);
  const outcome = evaluateChain(trial.namespaces[0].ruleset, 'filter', chain, packet);
  return outcome.verdict === 'ACCEPT' ? appended : ruleAppendFix(snapshot.name, 'filter', chain, spec, 'ACCEPT', true);
}

// Evidence line for one chain decision, with the packet as the chain saw it.
export function describeChainDecision(ns: NsName, table: string, chain: string, outcome: ChainOutcome, packet: SimPacket): string {
  const ifaces = [packet.inIface ? `in ${packet.inIface}` : '', packet.outIface ? `out ${packet.outIface}` : '', packet.physIn ? `physdev ${packet.physIn} → ${packet.physOut ?? '?'}` : '']
    .filter(Boolean)
    .join(', ');
  const how = outcome.rule ? `rule ${outcome.rule.position} of ${outcome.chain}` : 'policy, no rule matched';
  return `${displayNs(ns)} ${table} ${chain}: \`${outcome.text}\` → ${outcome.verdict} (${how}; ${packet.src} → ${packet.dst} icmp ${packet.icmpType}, ${ifaces}, ctstate ${packet.ctstate})`;
}

// A filter chain (FORWARD/INPUT/OUTPUT) dropped or rejected the packet.
export function chainDropFault(evidence: ConfigEvidence, snapshot: NamespaceSnapshot, chain: 'FORWARD' | 'INPUT' | 'OUTPUT', at: PacketAt, packet: SimPacket, outcome: ChainOutcome, bridged: BridgedAt | null): Fault {
  const ns = displayNs(snapshot.name);
  const kind: CauseKind = chain === 'FORWARD' ? 'forward-drop' : chain === 'INPUT' ? 'input-drop' : 'output-drop';
  const key: DiagnoseMessageKey = bridged ? 'diagnose.forwardDropBridged' : chain === 'FORWARD' ? 'diagnose.forwardDrop' : chain === 'INPUT' ? 'diagnose.inputDrop' : 'diagnose.outputDrop';
  const lines = [describeChainDecision(snapshot.name, 'filter', chain, outcome, packet)];
  if (bridged) lines.push(`${ns}: net.bridge.bridge-nf-call-iptables = 1 (bridged frames traverse FORWARD with -i/-o ${bridged.bridge})`);
  const fix: FixAction = outcome.rule ? ruleDeleteFix(snapshot.name, outcome.rule) : policyFix(evidence, snapshot, chain, at, packet, bridged);
  const params = { ns, src: at.src, dst: at.dst, rule: outcome.text, iif: packet.inIface ?? '', oif: packet.outIface ?? '', ...(bridged ?? {}) };
  const fault = makeFault(kind, snapshot.name, at.iface, at.direction, key, params, lines, [fix]);
  return chain === 'FORWARD' ? refineDockerDrop({ evidence, snapshot, at, packet, outcome, bridged, fault }) : fault;
}

// A private source left the uplink unchanged: nothing beyond can route the reply back.
export function missingNatFault(evidence: ConfigEvidence, at: PacketAt, exitDev: string, iif: string | null, postrouting: string | null): Fault {
  const snapshot = findNamespace(evidence, at.ns) as NamespaceSnapshot;
  const ns = displayNs(at.ns);
  const route = longestPrefixMatch(snapshot, at.src);
  const subnet = route && route.dst !== 'default' && route.gateway === null ? route.dst : subnetOfAddress(evidence, at.src);
  const connected = snapshot.addresses.filter((entry) => entry.dev === exitDev).map((entry) => subnetOf(entry.address, entry.prefixLength));
  const lines = [
    `${ns}: request leaves ${exitDev} with source ${at.src}, which is not on ${exitDev}'s subnets (${connected.join(', ') || 'none'})`,
    postrouting ? `${ns} nat POSTROUTING: ${postrouting}` : `${ns} nat POSTROUTING: no rule rewrites the source`,
  ];
  const spec: NewRuleSpec = iif ? { src: subnet, notOutIface: iif } : { src: subnet, outIface: exitDev };
  return makeFault('missing-nat', at.ns, exitDev, 'request', 'diagnose.missingNat', { ns, src: at.src, dst: at.dst, dev: exitDev }, lines, [ruleAppendFix(at.ns, 'nat', 'POSTROUTING', spec, 'MASQUERADE')]);
}
