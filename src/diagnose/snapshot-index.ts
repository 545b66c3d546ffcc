// Look-ups over a ConfigEvidence: which namespace, which link, who owns an address. Pure.
import type { AddressInfo, LinkInfo, NsName } from '../model/state.js';
import type { ConfigEvidence, NamespaceSnapshot } from './evidence.js';
import { prefixContains, subnetOf } from './ipv4.js';

// Namespaces are shown by name, nettrace's own as "host" (CONTRACT.md JSON).
export function displayNs(ns: NsName): string {
  return ns ?? 'host';
}

// The snapshot of one namespace, or undefined when it was not gathered.
export function findNamespace(evidence: ConfigEvidence, ns: NsName | undefined): NamespaceSnapshot | undefined {
  if (ns === undefined) return undefined;
  return evidence.namespaces.find((snapshot) => snapshot.name === ns);
}

// True for namespaces that stand for the internet (links into them leave the machine).
export function isOutside(evidence: ConfigEvidence, ns: NsName | undefined): boolean {
  if (ns === undefined) return true;
  if ((evidence.outside ?? []).includes(ns)) return true;
  return findNamespace(evidence, ns) === undefined;
}

// One interface of a namespace by name.
export function findLink(snapshot: NamespaceSnapshot | undefined, name: string): LinkInfo | undefined {
  return snapshot?.links.find((link) => link.name === name);
}

// The ports of a bridge, in the bridge's own namespace.
export function bridgePorts(snapshot: NamespaceSnapshot, bridge: string): LinkInfo[] {
  return snapshot.links.filter((link) => link.master === bridge);
}

// Whether `address` is one of the namespace's own (weak host model: any interface counts).
export function isLocalAddress(snapshot: NamespaceSnapshot, address: string): boolean {
  if (prefixContains('127.0.0.0/8', address)) return true;
  if (snapshot.addresses.some((entry) => entry.address === address)) return true;
  return snapshot.routes.some((route) => route.type === 'local' && route.dst.split('/')[0] === address && route.dst.endsWith('/32'));
}

// Which namespace/interface holds an address (outside namespaces excluded).
export function findOwner(evidence: ConfigEvidence, address: string): AddressInfo | undefined {
  for (const snapshot of evidence.namespaces) {
    if (isOutside(evidence, snapshot.name)) continue;
    const hit = snapshot.addresses.find((entry) => entry.address === address);
    if (hit) return hit;
  }
  return undefined;
}

// The connected subnets of one interface (`11.11.11.0/24`), from its addresses.
export function connectedSubnets(snapshot: NamespaceSnapshot, dev: string): string[] {
  return snapshot.addresses.filter((entry) => entry.dev === dev).map((entry) => subnetOf(entry.address, entry.prefixLength));
}

// Every address in use anywhere in the evidence (to pick a free one for a fix).
export function usedAddresses(evidence: ConfigEvidence): Set<string> {
  const used = new Set<string>();
  for (const snapshot of evidence.namespaces) for (const entry of snapshot.addresses) used.add(entry.address);
  return used;
}

// The address an interface would use as a source towards `toward` (same subnet first).
export function primaryAddress(snapshot: NamespaceSnapshot, dev: string, toward?: string): string | null {
  const onDev = snapshot.addresses.filter((entry) => entry.dev === dev);
  const sameSubnet = toward === undefined ? undefined : onDev.find((entry) => prefixContains(subnetOf(entry.address, entry.prefixLength), toward));
  return (sameSubnet ?? onDev[0])?.address ?? null;
}
