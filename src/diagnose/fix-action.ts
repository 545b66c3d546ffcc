// A fix as data: the command to run and the change it makes, so the simulator can apply it to a
// copy of the evidence and check that the probe then reaches (or find the next fault).
import type { RuleMatch } from '../model/netfilter.js';
import type { NsName, RouteInfo } from '../model/state.js';
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import { subnetOf } from './ipv4.js';
import { findNamespace } from './snapshot-index.js';
import { applyNetworkConnect, type NetworkConnectChange } from './docker-fixes.js';

/** The change one fix command makes. */
export type FixChange =
  | { type: 'route-add'; route: RouteInfo }
  | { type: 'route-delete'; route: RouteInfo }
  | { type: 'address-add'; dev: string; address: string; prefixLength: number }
  | { type: 'link-up'; dev: string }
  | { type: 'link-master'; dev: string; bridge: string }
  | { type: 'sysctl'; name: 'ip_forward' | 'forwarding' | 'rp_filter'; dev?: string; value: number }
  | { type: 'rule-delete'; table: string; chain: string; text: string }
  | { type: 'rule-append'; table: string; chain: string; args: string[]; target: string; match: RuleMatch; insertFirst?: boolean }
  | NetworkConnectChange;

/** One fix: a complete shell command and what it changes in which namespace. */
export interface FixAction {
  ns: NsName;
  command: string;
  change: FixChange;
}

// A kernel-made connected route, as adding an address or bringing a link up creates it.
function connectedRoute(ns: NsName, dev: string, address: string, prefixLength: number): RouteInfo {
  return { ns, dst: subnetOf(address, prefixLength), gateway: null, dev, prefsrc: address, type: 'unicast', table: 'main', protocol: 'kernel', metric: null, flags: [] };
}

// Applies one change to one namespace snapshot (mutates the copy it is given).
function applyChange(evidence: ConfigEvidence, snapshot: NamespaceSnapshot, change: FixChange): void {
  switch (change.type) {
    case 'route-add':
      snapshot.routes = snapshot.routes.filter((route) => !(route.dst === change.route.dst && route.table === change.route.table));
      snapshot.routes.push(change.route);
      return;
    case 'route-delete':
      snapshot.routes = snapshot.routes.filter((route) => !(route.dst === change.route.dst && route.table === change.route.table && route.type === change.route.type));
      return;
    case 'address-add':
      snapshot.addresses.push({ ns: snapshot.name, dev: change.dev, address: change.address, prefixLength: change.prefixLength });
      snapshot.routes.push(connectedRoute(snapshot.name, change.dev, change.address, change.prefixLength));
      return;
    case 'link-up': {
      const link = snapshot.links.find((candidate) => candidate.name === change.dev);
      if (!link) return;
      link.adminUp = true;
      for (const entry of snapshot.addresses.filter((address) => address.dev === change.dev)) {
        const route = connectedRoute(snapshot.name, entry.dev, entry.address, entry.prefixLength);
        if (!snapshot.routes.some((existing) => existing.dst === route.dst && existing.dev === route.dev)) snapshot.routes.push(route);
      }
      const peerNs = link.peer?.ns === undefined ? undefined : findNamespace(evidence, link.peer.ns);
      const peer = peerNs?.links.find((candidate) => candidate.name === link.peer?.name);
      if (peer) peer.lowerUp = true;
      return;
    }
    case 'link-master': {
      const link = snapshot.links.find((candidate) => candidate.name === change.dev);
      if (link) link.master = change.bridge;
      return;
    }
    case 'sysctl': {
      const sysctls = (snapshot.sysctls ??= { ns: snapshot.name, ipForward: null, rpFilter: {}, forwarding: {}, bridgeNfCallIptables: null });
      if (change.name === 'ip_forward') {
        sysctls.ipForward = change.value;
        for (const key of Object.keys(sysctls.forwarding)) sysctls.forwarding[key] = change.value;
      } else if (change.name === 'forwarding') sysctls.forwarding[change.dev ?? 'all'] = change.value;
      else sysctls.rpFilter[change.dev ?? 'all'] = change.value;
      return;
    }
    case 'rule-delete': {
      const chain = snapshot.ruleset?.tables[change.table]?.[change.chain];
      if (!chain) return;
      const index = chain.rules.findIndex((rule) => rule.text === change.text);
      if (index !== -1) chain.rules.splice(index, 1);
      chain.rules.forEach((rule, position) => (rule.position = position + 1));
      return;
    }
    case 'docker-network-connect':
      applyNetworkConnect(evidence, snapshot, change);
      return;
    case 'rule-append': {
      const ruleset = (snapshot.ruleset ??= { ns: snapshot.name, backend: null, tables: {} });
      const table = (ruleset.tables[change.table] ??= {});
      const chain = (table[change.chain] ??= { name: change.chain, policy: 'ACCEPT', policyPackets: null, rules: [] });
      const text = ['-A', change.chain, ...change.args].join(' ');
      const rule = { table: change.table, chain: change.chain, position: 0, text, args: change.args, target: change.target, goto: false, packets: null, bytes: null, match: change.match };
      if (change.insertFirst) chain.rules.unshift(rule);
      else chain.rules.push(rule);
      chain.rules.forEach((entry, position) => (entry.position = position + 1));
    }
  }
}

// The evidence as it would be after running the fixes (a deep copy; the input is untouched).
export function applyFixes(evidence: ConfigEvidence, fixes: FixAction[]): ConfigEvidence {
  const copy = structuredClone(evidence);
  for (const fix of fixes) {
    const snapshot = findNamespace(copy, fix.ns);
    if (snapshot) applyChange(copy, snapshot, fix.change);
  }
  return copy;
}
