// Recognises the iptables rules Docker wrote in a namespace (pure): which generation of its layout, and per
// bridge the rules that decide return traffic, egress, traffic between its own ports, unsolicited inbound
// traffic, isolation and NAT, plus DROP rules a user put into DOCKER-USER. Diagnosis and `compare` read this.
import type { IptablesRule, Ruleset } from '../model/netfilter.js';

/** Docker's layout generations: 20.10 (FORWARD holds per-bridge rules; also 17.06–27.x), 28 (DOCKER-FORWARD with
 * DOCKER-CT/DOCKER-BRIDGE and the isolation stages), 29 (DOCKER-INTERNAL replaces the isolation stages). */
export type DockerLayoutVersion = '20.10' | '28' | '29';

/** Docker's rules for one bridge. */
export interface DockerBridgeRules {
  /** Bridge device (`docker0`, `br-<id12>`, or a named bridge). */
  bridge: string;
  /** `-o B -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`: replies come back by conntrack, not by `-d SUBNET`. */
  conntrackAccept: IptablesRule | null;
  /** Egress: `-i B ! -o B -j ACCEPT` (or `-i B -j ACCEPT`, 28+ docker0). */
  egressAccept: IptablesRule | null;
  /** Between the bridge's own ports when routed: `-i B -o B -j ACCEPT|DROP` (28+ docker0: `-i B -j ACCEPT`). */
  intraBridge: IptablesRule | null;
  /** Inter-container communication disabled (`--icc=false` or `enable_icc=false`): the intra-bridge rule drops. */
  iccDisabled: boolean;
  /** 28+: `DOCKER ! -i B -o B -j DROP`, unsolicited traffic into the bridge is dropped whatever FORWARD's policy. */
  inboundDrop: IptablesRule | null;
  /** `-t nat POSTROUTING -s SUBNET ! -o B -j MASQUERADE`, with its scope. */
  masquerade: { rule: IptablesRule; source: string | null; excludedOutIface: string } | null;
  /** An `--internal` network: traffic may not leave or enter the subnet. */
  internal: boolean;
}

/** A rule that separates Docker networks from each other or from the outside. */
export interface DockerIsolationRule {
  /** `between-networks`: ISOLATION-STAGE-2 drop; `internal`: an internal network's drop; `inbound`: 28+ DOCKER drop. */
  kind: 'between-networks' | 'internal' | 'inbound';
  /** The bridge it protects. */
  bridge: string;
  rule: IptablesRule;
}

/** Everything recognised about Docker's rules in one ruleset. */
export interface DockerRuleLayout {
  /** Generation, or null when no Docker chains are present. */
  layout: DockerLayoutVersion | null;
  /** Docker chains present: filter chains by name, the nat chain as `nat:DOCKER`. */
  chains: string[];
  /** Policy of filter FORWARD (Docker sets DROP when it enabled ip_forward itself). */
  forwardPolicy: string | null;
  /** Per bridge, in the order first met. */
  bridges: DockerBridgeRules[];
  /** Isolation drops. */
  isolation: DockerIsolationRule[];
  /** DROP/REJECT rules in DOCKER-USER (Docker never writes those itself). */
  userDrops: IptablesRule[];
}

const FORWARD_CHAINS = ['FORWARD', 'DOCKER-FORWARD', 'DOCKER-CT'];
const is = (iface: { name: string; negated: boolean } | undefined, name: string, negated = false) =>
  iface !== undefined && iface.name === name && iface.negated === negated;

function rulesOf(ruleset: Ruleset, table: string, chain: string): IptablesRule[] {
  return ruleset.tables[table]?.[chain]?.rules ?? [];
}

/** Which generation these chains belong to (null: no Docker here). */
export function detectLayout(filterChains: readonly string[]): DockerLayoutVersion | null {
  const has = (name: string) => filterChains.includes(name);
  if (has('DOCKER-FORWARD')) return has('DOCKER-INTERNAL') || !has('DOCKER-ISOLATION-STAGE-1') ? '29' : '28';
  if (has('DOCKER-ISOLATION-STAGE-1') || (has('DOCKER') && has('DOCKER-USER'))) return '20.10';
  return null;
}

/** Bridges Docker wrote rules for: named in its own chains, or in FORWARD jumps to DOCKER (20.10). */
function findBridges(ruleset: Ruleset, dockerChains: readonly string[]): string[] {
  const names: string[] = [];
  const add = (iface?: { name: string }) => { if (iface && !iface.name.endsWith('+') && !names.includes(iface.name)) names.push(iface.name); };
  for (const rule of rulesOf(ruleset, 'filter', 'FORWARD')) if (rule.target === 'DOCKER') add(rule.match.outIface);
  for (const chain of dockerChains.filter((name) => name !== 'DOCKER-USER')) {
    for (const rule of rulesOf(ruleset, 'filter', chain)) { add(rule.match.outIface); add(rule.match.inIface); }
  }
  return names;
}

function isolationRules(ruleset: Ruleset, bridges: readonly string[]): DockerIsolationRule[] {
  const found: DockerIsolationRule[] = [];
  const dropping = (chain: string) => rulesOf(ruleset, 'filter', chain).filter((rule) => rule.target === 'DROP');
  for (const rule of dropping('DOCKER-ISOLATION-STAGE-2')) {
    if (rule.match.outIface && !rule.match.outIface.negated) found.push({ kind: 'between-networks', bridge: rule.match.outIface.name, rule });
  }
  for (const rule of [...dropping('DOCKER-ISOLATION-STAGE-1'), ...dropping('DOCKER-INTERNAL')]) {
    const bridge = rule.match.outIface?.name ?? rule.match.inIface?.name;
    if (bridge && bridges.includes(bridge)) found.push({ kind: 'internal', bridge, rule });
  }
  for (const rule of dropping('DOCKER')) {
    const out = rule.match.outIface;
    if (out && !out.negated && is(rule.match.inIface, out.name, true)) found.push({ kind: 'inbound', bridge: out.name, rule });
  }
  return found;
}

function bridgeRules(ruleset: Ruleset, bridge: string, isolation: readonly DockerIsolationRule[]): DockerBridgeRules {
  const forward = FORWARD_CHAINS.flatMap((chain) => rulesOf(ruleset, 'filter', chain));
  const conntrackAccept = forward.find((rule) => rule.target === 'ACCEPT' && is(rule.match.outIface, bridge)
    && rule.match.ctstate !== undefined && !rule.match.ctstate.negated && rule.match.ctstate.states.includes('ESTABLISHED')) ?? null;
  const intraBridge = forward.find((rule) => (rule.target === 'ACCEPT' || rule.target === 'DROP')
    && is(rule.match.inIface, bridge) && is(rule.match.outIface, bridge))
    ?? forward.find((rule) => rule.target === 'ACCEPT' && is(rule.match.inIface, bridge) && rule.match.outIface === undefined
      && rule.match.ctstate === undefined) ?? null;
  const egressAccept = forward.find((rule) => rule.target === 'ACCEPT' && is(rule.match.inIface, bridge)
    && (rule.match.outIface === undefined || is(rule.match.outIface, bridge, true)) && rule.match.ctstate === undefined) ?? null;
  const masq = rulesOf(ruleset, 'nat', 'POSTROUTING').find((rule) => rule.target === 'MASQUERADE' && is(rule.match.outIface, bridge, true));
  return {
    bridge,
    conntrackAccept,
    egressAccept,
    intraBridge,
    iccDisabled: intraBridge?.target === 'DROP',
    inboundDrop: isolation.find((entry) => entry.kind === 'inbound' && entry.bridge === bridge)?.rule ?? null,
    masquerade: masq ? { rule: masq, source: masq.match.src && !masq.match.src.negated ? masq.match.src.cidr : null, excludedOutIface: bridge } : null,
    internal: isolation.some((entry) => entry.kind === 'internal' && entry.bridge === bridge),
  };
}

/** Recognise Docker's rules in a parsed `iptables-save` of one namespace. */
export function recogniseDockerRules(ruleset: Ruleset): DockerRuleLayout {
  const filterChains = Object.keys(ruleset.tables.filter ?? {});
  const dockerChains = filterChains.filter((name) => name.startsWith('DOCKER')).sort();
  const layout = detectLayout(filterChains);
  const chains = [...dockerChains, ...(ruleset.tables.nat?.DOCKER ? ['nat:DOCKER'] : [])];
  if (layout === null) return { layout, chains, forwardPolicy: ruleset.tables.filter?.FORWARD?.policy ?? null, bridges: [], isolation: [], userDrops: [] };
  const bridges = findBridges(ruleset, dockerChains);
  const isolation = isolationRules(ruleset, bridges);
  return {
    layout,
    chains,
    forwardPolicy: ruleset.tables.filter?.FORWARD?.policy ?? null,
    bridges: bridges.map((bridge) => bridgeRules(ruleset, bridge, isolation)),
    isolation,
    userDrops: rulesOf(ruleset, 'filter', 'DOCKER-USER').filter((rule) => rule.target === 'DROP' || rule.target === 'REJECT'),
  };
}
