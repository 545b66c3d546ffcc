// Pure: two bridges' facts → the rows of the configuration table (values as text, "same" where the two can
// behave alike or not), identical for the table and `--json`.
import type { BridgeFacts, CompareRow, ForwardDecision } from './types.js';

const orNone = (value: string | number | null | undefined): string => (value === null || value === undefined || value === '' ? '-' : String(value));

function describeDecision(decision: ForwardDecision | null): string {
  if (!decision) return '-';
  return `${decision.verdict}: ${decision.rule}${decision.chain !== 'FORWARD' ? ` (${decision.chain})` : ''}`;
}

function describePorts(facts: BridgeFacts): string {
  if (facts.ports.length === 0) return '-';
  return facts.ports.map((p) => `${p.port} → ${p.endpoint ? `${p.endpoint.name}:${p.endpoint.interface}${p.endpoint.address ? ` ${p.endpoint.address}` : ''} (${p.endpoint.kind})` : '?'}`).join('\n');
}

function describeDefaultRoutes(facts: BridgeFacts): string {
  const lines = facts.ports.filter((p) => p.endpoint).map((p) => `${p.endpoint!.name}: ${p.endpoint!.defaultRoute ?? '-'}`);
  return lines.length > 0 ? lines.join('\n') : '-';
}

/** Pure: the NAT scope as a short phrase (language-neutral, built from the rule's own terms). */
export function describeNatScope(facts: BridgeFacts): string {
  const { nat } = facts;
  if (!nat.rule) return '-';
  const source = nat.source ?? 'any source';
  const out = nat.excludedOutIface ? `! -o ${nat.excludedOutIface}` : 'any -o';
  return `${source}, ${out}${nat.rewritesIntoBridge ? `, also into ${facts.bridge}` : ''}`;
}

function defaultRoutesAlike(a: BridgeFacts, b: BridgeFacts): boolean {
  const viaGateway = (f: BridgeFacts) => f.ports.filter((p) => p.endpoint).every((p) => Boolean(f.gateway && p.endpoint!.defaultRoute?.includes(`via ${f.gateway}`)));
  return viaGateway(a) === viaGateway(b);
}

/** Pure: the configuration rows of A against B. */
export function compareRows(a: BridgeFacts, b: BridgeFacts): CompareRow[] {
  const row = (aspect: string, av: string, bv: string, same: boolean | null = av === bv): CompareRow => ({ aspect, a: av, b: bv, same });
  const verdictOf = (d: ForwardDecision | null) => d?.verdict ?? '-';
  return [
    row('namespace', a.namespace, b.namespace),
    row('subnet', `${orNone(a.subnet)} / ${orNone(a.gateway)}`, `${orNone(b.subnet)} / ${orNone(b.gateway)}`, null),
    row('ports', describePorts(a), describePorts(b), null),
    row('default-routes', describeDefaultRoutes(a), describeDefaultRoutes(b), defaultRoutesAlike(a, b)),
    row('host-route', orNone(a.hostRoute), orNone(b.hostRoute), (a.hostRoute === null) === (b.hostRoute === null)),
    row('forward-policy', orNone(a.forwardPolicy), orNone(b.forwardPolicy)),
    row('egress', describeDecision(a.egress), describeDecision(b.egress), verdictOf(a.egress) === verdictOf(b.egress)),
    row('return-traffic', describeDecision(a.returnTraffic), describeDecision(b.returnTraffic), verdictOf(a.returnTraffic) === verdictOf(b.returnTraffic)),
    row('return-by', a.returnBy, b.returnBy),
    row('intra-bridge', describeDecision(a.intraBridge), describeDecision(b.intraBridge), a.intraBridge?.rule === b.intraBridge?.rule.replaceAll(b.bridge, a.bridge)),
    row('isolation', a.isolation.join('\n') || '-', b.isolation.join('\n') || '-', (a.isolation.length > 0) === (b.isolation.length > 0)),
    row('nat', orNone(a.nat.rule), orNone(b.nat.rule), (a.nat.rule === null) === (b.nat.rule === null)),
    row('nat-scope', describeNatScope(a), describeNatScope(b), a.nat.rewritesIntoBridge === b.nat.rewritesIntoBridge && (a.nat.excludedOutIface === a.bridge) === (b.nat.excludedOutIface === b.bridge)),
    row('ip_forward', orNone(a.ipForward), orNone(b.ipForward)),
    row('bridge-nf-call-iptables', orNone(a.bridgeNfCallIptables), orNone(b.bridgeNfCallIptables)),
    row('mtu', orNone(a.mtu), orNone(b.mtu)),
    row('stp', a.stp === null ? '-' : a.stp ? 'on' : 'off', b.stp === null ? '-' : b.stp ? 'on' : 'off'),
  ];
}
