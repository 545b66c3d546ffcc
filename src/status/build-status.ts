// Pure: a snapshot of the host and lab namespaces → the `lab status` report (same data for the
// tables and for --json).
import type { LinkInfo, NsName, PeerRef } from '../model/state.js';
import type { Ruleset } from '../model/netfilter.js';
import type { NamespaceState, Snapshot } from '../adapters/snapshot.js';
import { isUnavailable } from '../adapters/ip-json.js';
import type { StatusChain, StatusLink, StatusPeer, StatusReport, StatusUnavailable } from './status-report.js';

/** The chains `lab status` shows, in order. */
export const shownChains = [
  { table: 'filter', chain: 'FORWARD' },
  { table: 'nat', chain: 'POSTROUTING' },
] as const;

// Build the report; `host` is the namespace playing the host (it must be one of the snapshot's).
export function buildStatusReport(snapshot: Snapshot, host: NsName): StatusReport {
  const states = snapshot.namespaces;
  const unavailable: StatusUnavailable[] = [];
  const report: StatusReport = {
    host,
    taken_at: snapshot.takenAt,
    namespaces: [], links: [], bridges: [], addresses: [], routes: [], netfilter: [], sysctls: [],
    unavailable,
  };
  for (const state of states) {
    noteUnavailable(state, unavailable);
    const links = isUnavailable(state.links) ? [] : state.links;
    report.namespaces.push({ name: state.ns, role: state.ns === host ? 'host' : 'lab', interfaces: links.map((l) => l.name) });
    report.links.push(...links.map(toStatusLink));
    for (const bridge of links.filter((l) => l.kind === 'bridge')) {
      report.bridges.push({
        namespace: state.ns,
        name: bridge.name,
        state: bridge.operState,
        stp: bridge.stp ?? null,
        ports: links.filter((l) => l.master === bridge.name).map((p) => ({ name: p.name, state: p.operState, peer: toStatusPeer(p.peer) })),
      });
    }
    if (!isUnavailable(state.addresses)) {
      report.addresses.push(...state.addresses.map((a) => ({
        namespace: a.ns, interface: a.dev, address: a.address, prefix_length: a.prefixLength, cidr: `${a.address}/${a.prefixLength}`,
      })));
    }
    if (!isUnavailable(state.routes)) {
      report.routes.push(...state.routes.filter((r) => r.table !== 'local').map((r) => ({
        namespace: r.ns, dst: r.dst, gateway: r.gateway, dev: r.dev, prefsrc: r.prefsrc,
        type: r.type, table: r.table, protocol: r.protocol, metric: r.metric, flags: r.flags,
      })));
    }
    if (!isUnavailable(state.ruleset)) report.netfilter.push(...chainsOf(state.ruleset, state.ns === host));
    if (!isUnavailable(state.sysctls)) {
      const s = state.sysctls;
      report.sysctls.push({
        namespace: s.ns, ip_forward: s.ipForward, rp_filter: s.rpFilter, forwarding: s.forwarding, bridge_nf_call_iptables: s.bridgeNfCallIptables,
      });
    }
  }
  return report;
}

function toStatusLink(l: LinkInfo): StatusLink {
  return {
    namespace: l.ns, name: l.name, ifindex: l.ifindex, kind: l.kind, state: l.operState,
    admin_up: l.adminUp, lower_up: l.lowerUp, mtu: l.mtu, mac: l.mac, master: l.master, peer: toStatusPeer(l.peer),
  };
}

function toStatusPeer(peer: PeerRef | null): StatusPeer | null {
  if (!peer) return null;
  const resolved = peer.ns !== undefined && peer.name !== undefined;
  return { resolved, namespace: resolved ? peer.ns ?? null : null, name: resolved ? peer.name ?? null : null, ifindex: peer.ifindex, netnsid: peer.netnsid };
}

// The host always gets both chains (marked missing when absent); a lab namespace only those it has.
function chainsOf(ruleset: Ruleset, isHost: boolean): StatusChain[] {
  const out: StatusChain[] = [];
  for (const { table, chain } of shownChains) {
    const found = ruleset.tables[table]?.[chain];
    if (!found && !isHost) continue;
    out.push({
      namespace: ruleset.ns,
      backend: ruleset.backend,
      table,
      chain,
      exists: Boolean(found),
      policy: found?.policy ?? null,
      policy_packets: found?.policyPackets ?? null,
      rules: (found?.rules ?? []).map((r) => ({ position: r.position, rule: r.text, target: r.target, packets: r.packets, bytes: r.bytes })),
    });
  }
  return out;
}

function noteUnavailable(state: NamespaceState, out: StatusUnavailable[]): void {
  const parts = { links: state.links, nsids: state.nsids, addresses: state.addresses, routes: state.routes, sysctls: state.sysctls, ruleset: state.ruleset };
  for (const [what, value] of Object.entries(parts)) {
    if (isUnavailable(value)) out.push({ namespace: state.ns, what, reason: value.reason });
  }
}
