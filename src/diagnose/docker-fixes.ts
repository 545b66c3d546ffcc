// Fixes for Docker's causes: an ACCEPT inserted first in DOCKER-USER (the chain Docker runs before its own
// rules and never rewrites), and `docker network connect` (simulated as the daemon does it: a new veth
// from the container into the network's bridge, with a free address of the network's subnet).
import type { LinkInfo, NsName } from '../model/state.js';
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import type { FixAction } from './fix-action.js';
import { ruleAppendFix, type NewRuleSpec } from './fix-builders.js';
import { dockerCommand } from './docker-context.js';
import { pickFreeAddress, subnetOf } from './ipv4.js';
import { findNamespace, usedAddresses } from './snapshot-index.js';

/** The change `docker network connect` makes, as the simulator applies it. */
export interface NetworkConnectChange {
  type: 'docker-network-connect';
  /** Namespace of the bridge (the Docker host). */
  hostNs: NsName;
  /** The network's bridge device. */
  bridge: string;
}

// `iptables -I DOCKER-USER 1 <spec> -j ACCEPT` in the Docker host.
export function dockerUserAcceptFix(hostNs: NsName, spec: NewRuleSpec): FixAction {
  return ruleAppendFix(hostNs, 'filter', 'DOCKER-USER', spec, 'ACCEPT', true);
}

// `docker -H unix://SOCKET network connect NETWORK CONTAINER` for the container whose namespace is `containerNs`.
export function networkConnectFix(evidence: ConfigEvidence, containerNs: NsName, container: string, network: string, bridge: string): FixAction {
  const change: NetworkConnectChange = { type: 'docker-network-connect', hostNs: evidence.hostNs, bridge };
  return { ns: containerNs, command: dockerCommand(evidence, ['network', 'connect', network, container]), change };
}

// The first address of the bridge's subnet that nobody uses (Docker's IPAM picks the same way).
function freeAddress(evidence: ConfigEvidence, host: NamespaceSnapshot, bridge: string): { address: string; prefixLength: number } | null {
  const gateway = host.addresses.find((entry) => entry.dev === bridge);
  if (!gateway) return null;
  const address = pickFreeAddress(subnetOf(gateway.address, gateway.prefixLength), usedAddresses(evidence));
  return address ? { address, prefixLength: gateway.prefixLength } : null;
}

// A new interface in a snapshot (next free ifindex, up, with carrier).
function newLink(snapshot: NamespaceSnapshot, name: string): LinkInfo {
  const ifindex = Math.max(0, ...snapshot.links.map((entry) => entry.ifindex)) + 1;
  const link: LinkInfo = { ns: snapshot.name, ifindex, name, kind: 'veth', operState: 'UP', adminUp: true, lowerUp: true, mtu: 1500, mac: null, master: null, peer: null };
  snapshot.links.push(link);
  return link;
}

// Applies `docker network connect` to a copy of the evidence: container `ethN` ↔ host veth on the bridge.
export function applyNetworkConnect(evidence: ConfigEvidence, container: NamespaceSnapshot, change: NetworkConnectChange): void {
  const host = findNamespace(evidence, change.hostNs);
  const lease = host ? freeAddress(evidence, host, change.bridge) : null;
  if (!host || !lease) return;
  const inside = newLink(container, `eth${container.links.filter((entry) => /^eth\d+$/.test(entry.name)).length}`);
  const outside = newLink(host, `veth-nt${host.links.length}`);
  outside.master = change.bridge;
  inside.peer = { ifindex: outside.ifindex, netnsid: 0, ns: host.name, name: outside.name };
  outside.peer = { ifindex: inside.ifindex, netnsid: 0, ns: container.name, name: inside.name };
  container.addresses.push({ ns: container.name, dev: inside.name, address: lease.address, prefixLength: lease.prefixLength });
  const docker = (evidence.docker ??= { socket: null, networks: [], containers: [] });
  docker.leased = [...(docker.leased ?? []), lease.address];
  const subnet = subnetOf(lease.address, lease.prefixLength);
  container.routes.push({ ns: container.name, dst: subnet, gateway: null, dev: inside.name, prefsrc: lease.address, type: 'unicast', table: 'main', protocol: 'kernel', metric: null, flags: [] });
  for (const sysctls of [container.sysctls, host.sysctls]) {
    if (!sysctls) continue;
    const dev = sysctls === container.sysctls ? inside.name : outside.name;
    sysctls.rpFilter[dev] = sysctls.rpFilter.default ?? 0;
    sysctls.forwarding[dev] = sysctls.ipForward ?? 0;
  }
}
