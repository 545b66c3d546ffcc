// Constructors for single fix actions: the command text and the change, built together so they
// can never disagree.
import type { IptablesRule, RuleMatch } from '../model/netfilter.js';
import type { NsName, RouteInfo } from '../model/state.js';
import type { FixAction } from './fix-action.js';
import { iptablesCommand, ipCommand, sysctlCommand } from './fix-commands.js';

// `ip link set DEV up`.
export function linkUpFix(ns: NsName, dev: string): FixAction {
  return { ns, command: ipCommand(ns, ['link', 'set', dev, 'up']), change: { type: 'link-up', dev } };
}

// `ip link set DEV master BRIDGE`.
export function linkMasterFix(ns: NsName, dev: string, bridge: string): FixAction {
  return { ns, command: ipCommand(ns, ['link', 'set', dev, 'master', bridge]), change: { type: 'link-master', dev, bridge } };
}

// `ip addr add A/LEN dev DEV`.
export function addressAddFix(ns: NsName, dev: string, address: string, prefixLength: number): FixAction {
  return {
    ns,
    command: ipCommand(ns, ['addr', 'add', `${address}/${prefixLength}`, 'dev', dev]),
    change: { type: 'address-add', dev, address, prefixLength },
  };
}

// `ip route add|replace DST via GW` (replace when a route to DST exists and must change).
export function routeViaFix(ns: NsName, dst: string, gateway: string, dev: string, verb: 'add' | 'replace' = 'add'): FixAction {
  const route: RouteInfo = { ns, dst, gateway, dev, prefsrc: null, type: 'unicast', table: 'main', protocol: 'static', metric: null, flags: [] };
  return { ns, command: ipCommand(ns, ['route', verb, dst, 'via', gateway]), change: { type: 'route-add', route } };
}

// `ip route add SUBNET dev DEV` (a connected route someone deleted).
export function routeDevFix(ns: NsName, dst: string, dev: string): FixAction {
  const route: RouteInfo = { ns, dst, gateway: null, dev, prefsrc: null, type: 'unicast', table: 'main', protocol: 'static', metric: null, flags: [] };
  return { ns, command: ipCommand(ns, ['route', 'add', dst, 'dev', dev]), change: { type: 'route-add', route } };
}

// `ip route del [TYPE] DST [table T]` for a route that blocks the destination.
export function routeDeleteFix(ns: NsName, route: RouteInfo): FixAction {
  const args = ['route', 'del'];
  if (route.type !== 'unicast') args.push(route.type);
  args.push(route.dst);
  if (route.table !== 'main') args.push('table', route.table);
  return { ns, command: ipCommand(ns, args), change: { type: 'route-delete', route } };
}

// `sysctl -w net.ipv4.ip_forward=1`, `net.ipv4.conf.DEV.forwarding=1` or `…rp_filter=N`.
export function sysctlFix(ns: NsName, name: 'ip_forward' | 'forwarding' | 'rp_filter', value: number, dev?: string): FixAction {
  const key = name === 'ip_forward' ? 'net.ipv4.ip_forward' : `net.ipv4.conf.${dev ?? 'all'}.${name}`;
  return { ns, command: sysctlCommand(ns, key, value), change: { type: 'sysctl', name, dev, value } };
}

// `iptables -t T -D CHAIN …` deleting exactly the rule that dropped the packet.
export function ruleDeleteFix(ns: NsName, rule: IptablesRule): FixAction {
  return {
    ns,
    command: iptablesCommand(ns, rule.table, ['-D', rule.chain, ...rule.args]),
    change: { type: 'rule-delete', table: rule.table, chain: rule.chain, text: rule.text },
  };
}

/** The matches of a rule nettrace writes, as both arguments and parsed match. */
export interface NewRuleSpec {
  src?: string;
  dst?: string;
  inIface?: string;
  outIface?: string;
  notOutIface?: string;
  protocol?: string;
  ctstates?: string[];
}

// `iptables -t T -A CHAIN <spec> -j TARGET` (or `-I CHAIN 1` when an earlier rule would hide it),
// with the RuleMatch the simulator evaluates.
export function ruleAppendFix(ns: NsName, table: string, chain: string, spec: NewRuleSpec, target: string, insertFirst = false): FixAction {
  const args: string[] = [];
  const match: RuleMatch = { hasUnknownMatch: false };
  if (spec.src) (args.push('-s', spec.src), (match.src = { cidr: spec.src, negated: false }));
  if (spec.dst) (args.push('-d', spec.dst), (match.dst = { cidr: spec.dst, negated: false }));
  if (spec.inIface) (args.push('-i', spec.inIface), (match.inIface = { name: spec.inIface, negated: false }));
  if (spec.outIface) (args.push('-o', spec.outIface), (match.outIface = { name: spec.outIface, negated: false }));
  if (spec.notOutIface) (args.push('!', '-o', spec.notOutIface), (match.outIface = { name: spec.notOutIface, negated: true }));
  if (spec.protocol) (args.push('-p', spec.protocol), (match.protocol = { name: spec.protocol, negated: false }));
  if (spec.ctstates) (args.push('-m', 'conntrack', '--ctstate', spec.ctstates.join(',')), (match.ctstate = { states: spec.ctstates, negated: false }));
  args.push('-j', target);
  const where = insertFirst ? ['-I', chain, '1'] : ['-A', chain];
  return { ns, command: iptablesCommand(ns, table, [...where, ...args]), change: { type: 'rule-append', table, chain, args, target, match, insertFirst } };
}
