// Pure: one bridge's configuration from the gathered input — subnet, ports and what is behind them, the
// host's route, and how FORWARD and the MASQUERADE treat its egress, return and intra-bridge traffic
// (decided by walking the real chains with diagnose's chain simulator, so Docker's chains are followed).
import type { LinkInfo, RouteInfo } from '../model/state.js';
import type { Ruleset } from '../model/netfilter.js';
import { cidrContains, ipv4ToInt, networkOf } from '../model/ipv4.js';
import { evaluateChain } from '../diagnose/simulate-netfilter.js';
import type { SimPacket } from '../diagnose/netfilter-match.js';
import { recogniseDockerRules } from '../docker/rule-layout.js';
import type { BridgeFacts, CompareInput, EndpointFacts, ForwardDecision, NatFacts, PortFacts, ReturnMechanism } from './types.js';

/** The address that stands for "the internet" in simulated packets (documentation range). */
export const INTERNET_PROBE = '203.0.113.8';

function formatRoute(route: RouteInfo): string {
  return [route.dst, route.gateway ? `via ${route.gateway}` : null, route.dev ? `dev ${route.dev}` : null, route.prefsrc ? `src ${route.prefsrc}` : null]
    .filter(Boolean).join(' ');
}

/** Ports listed by the address behind them (stable whatever order the links were created in); unknown last. */
function addressOrder(address: string | null | undefined): number {
  return address ? ipv4ToInt(address) ?? 2 ** 32 : 2 ** 32;
}

/** The endpoint whose veth is the far end of `port` (matched both ways by ifindex). */
function endpointBehind(port: LinkInfo, endpoints: readonly EndpointFacts[]): PortFacts['endpoint'] {
  if (!port.peer || port.peer.netnsid === null) return null;
  for (const endpoint of endpoints) {
    const link = endpoint.links.find((l) => l.ifindex === port.peer!.ifindex && l.peer?.ifindex === port.ifindex);
    if (!link) continue;
    const address = endpoint.addresses.find((a) => a.dev === link.name)?.address ?? null;
    const route = endpoint.routes.find((r) => r.dst === 'default' && (r.table === 'main' || r.table === '254'));
    return { kind: endpoint.kind, name: endpoint.name, ns: endpoint.ns, interface: link.name, address, defaultRoute: route ? formatRoute(route) : null };
  }
  return null;
}

function decision(ruleset: Ruleset | null, packet: SimPacket): ForwardDecision | null {
  if (!ruleset) return null;
  const outcome = evaluateChain(ruleset, 'filter', 'FORWARD', packet);
  return { verdict: outcome.verdict, rule: outcome.text, chain: outcome.chain };
}

/** Pure: what let the return traffic in, judged from the deciding rule. */
export function returnMechanism(ruleset: Ruleset | null, packet: SimPacket): ReturnMechanism {
  if (!ruleset) return 'none';
  const outcome = evaluateChain(ruleset, 'filter', 'FORWARD', packet);
  if (outcome.verdict !== 'ACCEPT') return 'none';
  const match = outcome.rule?.match;
  if (!match) return 'policy';
  if (match.ctstate && !match.ctstate.negated && match.ctstate.states.includes('ESTABLISHED')) return 'conntrack';
  if (match.dst && !match.dst.negated) return 'destination';
  if (match.outIface && !match.outIface.negated) return 'interface';
  return 'policy';
}

function natFacts(ruleset: Ruleset | null, egress: SimPacket, intoBridge: SimPacket): NatFacts {
  const none: NatFacts = { rule: null, ruleArgs: null, source: null, excludedOutIface: null, rewritesIntoBridge: false };
  if (!ruleset) return none;
  const out = evaluateChain(ruleset, 'nat', 'POSTROUTING', egress);
  const into = evaluateChain(ruleset, 'nat', 'POSTROUTING', intoBridge);
  const rewrites = (verdict: string) => verdict === 'MASQUERADE' || verdict === 'SNAT';
  if (!rewrites(out.verdict) || !out.rule) return { ...none, rewritesIntoBridge: rewrites(into.verdict) };
  const { src, outIface } = out.rule.match;
  return {
    rule: out.rule.text,
    ruleArgs: out.rule.args,
    source: src && !src.negated ? src.cidr : null,
    excludedOutIface: outIface && outIface.negated ? outIface.name : null,
    rewritesIntoBridge: rewrites(into.verdict),
  };
}

/** Pure: the facts of `bridge` (which must exist in `input.links`). */
export function bridgeFacts(input: CompareInput, bridge: string, namespace: string): BridgeFacts {
  const link = input.links.find((l) => l.name === bridge);
  const addresses = input.addresses.filter((a) => a.dev === bridge);
  const ports = input.links.filter((l) => l.master === bridge).map((port) => ({ port: port.name, endpoint: endpointBehind(port, input.endpoints) }))
    .sort((x, y) => addressOrder(x.endpoint?.address) - addressOrder(y.endpoint?.address));
  const members = ports.map((p) => p.endpoint?.address).filter((a): a is string => Boolean(a));
  const firstAddress = addresses[0];
  const memberEndpoint = input.endpoints.flatMap((e) => e.addresses).find((a) => a.address === members[0]);
  const subnet = firstAddress ? networkOf(`${firstAddress.address}/${firstAddress.prefixLength}`)
    : memberEndpoint ? networkOf(`${memberEndpoint.address}/${memberEndpoint.prefixLength}`) : null;
  const main = input.routes.filter((r) => r.table === 'main' || r.table === '254');
  const network = subnet?.split('/')[0];
  const hostRoute = network ? main.find((r) => r.dst !== 'default' && r.type === 'unicast' && cidrContains(r.dst, network)) : undefined;
  const uplink = main.find((r) => r.dst === 'default')?.dev ?? null;
  const member = members[0] ?? firstAddress?.address ?? '0.0.0.0';
  const other = members[1] ?? member;
  const [p1, p2] = [ports[0]?.port ?? null, ports[1]?.port ?? ports[0]?.port ?? null];
  const egress: SimPacket = { src: member, dst: INTERNET_PROBE, icmpType: 'echo-request', inIface: bridge, outIface: uplink, ctstate: 'NEW', physIn: p1 };
  const back: SimPacket = { src: INTERNET_PROBE, dst: member, icmpType: 'echo-reply', inIface: uplink, outIface: bridge, ctstate: 'ESTABLISHED', physOut: p1 };
  const intra: SimPacket = { src: member, dst: other, icmpType: 'echo-request', inIface: bridge, outIface: bridge, ctstate: 'NEW', physIn: p1, physOut: p2 };
  const intoBridge: SimPacket = { src: member, dst: other, icmpType: 'echo-request', inIface: null, outIface: bridge, ctstate: 'NEW' };
  const ruleset = input.ruleset;
  const docker = ruleset ? recogniseDockerRules(ruleset) : null;
  const dockerBridge = docker?.bridges.find((b) => b.bridge === bridge);
  const isolation = [
    ...(docker?.isolation.filter((i) => i.bridge === bridge).map((i) => i.rule.text) ?? []),
    ...(dockerBridge ? docker!.userDrops.map((r) => r.text) : []),
  ];
  return {
    bridge,
    namespace,
    addresses: addresses.map((a) => `${a.address}/${a.prefixLength}`),
    subnet,
    gateway: firstAddress?.address ?? null,
    mtu: link?.mtu ?? null,
    stp: link?.stp ?? null,
    operState: link?.operState ?? 'MISSING',
    ports,
    hostRoute: hostRoute ? formatRoute(hostRoute) : null,
    uplink,
    forwardPolicy: ruleset?.tables.filter?.FORWARD?.policy ?? null,
    egress: decision(ruleset, egress),
    returnTraffic: decision(ruleset, back),
    returnBy: returnMechanism(ruleset, back),
    intraBridge: decision(ruleset, intra),
    isolation,
    iccDisabled: dockerBridge?.iccDisabled ?? false,
    nat: natFacts(ruleset, egress, intoBridge),
    ipForward: input.sysctls?.ipForward ?? null,
    bridgeNfCallIptables: input.sysctls?.bridgeNfCallIptables ?? null,
  };
}
