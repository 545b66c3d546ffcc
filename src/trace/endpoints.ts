// Resolves what the user typed as <src>/<dst> — a namespace, `host`, an IPv4 address (or, through the
// Docker layer, a container) — into endpoints with the namespace to act in and the address to probe.
import type { EndpointRef } from '../model/verdict.js';
import type { NsName } from '../model/state.js';
import { UsageError } from '../cli/errors.js';
import { isIpv4, looksLikeIpv6, cidrContains } from '../model/ipv4.js';
import { isValidNetnsName } from '../system/names.js';
import { collectNamespaceNames } from '../adapters/ip-netns.js';
import { collectAddresses } from '../adapters/ip-addr.js';
import type { AddressInfo } from '../model/state.js';
import type { NsFactsSource } from './ns-view.js';

import { endpointResolvers as extraResolvers } from '../system/extensions.js';

const aliases = new Map<string, string>();

/** Show namespace `ns` under another name (a container's per-run namespace name → the container's name). */
export function addNamespaceAlias(ns: string, display: string): void {
  aliases.set(ns, display);
}

/** The name to show for a namespace: its alias when one was added, else itself. */
export function namespaceDisplayName(ns: string): string {
  return aliases.get(ns) ?? ns;
}

/** The addresses of a namespace (without loopback), primary first. */
async function addressesOf(ns: NsName, facts?: NsFactsSource): Promise<AddressInfo[]> {
  const known = facts ? (await facts(ns))?.addresses : undefined;
  return (known ?? (await collectAddresses(ns))).filter((a) => a.dev !== 'lo' && !a.address.startsWith('127.'));
}

/** Resolve one endpoint; `role` decides whether an address is allowed (destination only). */
export async function resolveEndpoint(text: string, role: 'source' | 'destination', hostNs: NsName, near?: string | null, facts?: NsFactsSource): Promise<EndpointRef> {
  if (role === 'destination' && isIpv4(text)) return { kind: 'address', name: text, address: text, netns: undefined };
  if (looksLikeIpv6(text)) throw new UsageError('error.ipv6NotYet', { value: text });
  if (/^[\d.]+$/.test(text)) throw new UsageError('error.badAddress', { value: text });
  if (text === 'host') {
    const addrs = await addressesOf(hostNs, facts);
    const pick = (near && addrs.find((a) => cidrContains(`${a.address}/${a.prefixLength}`, near))) || addrs[0];
    return { kind: 'host', name: 'host', address: pick?.address ?? null, netns: hostNs };
  }
  if (!isValidNetnsName(text)) throw new UsageError('error.badName', { name: text, what: 'endpoint', max: 63 });
  const names = await collectNamespaceNames();
  if (names.includes(text)) {
    const addrs = await addressesOf(text, facts);
    const pick = (near && addrs.find((a) => cidrContains(`${a.address}/${a.prefixLength}`, near))) || addrs[0];
    return { kind: 'netns', name: text, address: pick?.address ?? null, netns: text };
  }
  for (const resolver of extraResolvers) {
    const found = await resolver(text);
    if (found) return found;
  }
  throw new UsageError('trace.unknownEndpoint', { name: text, known: ['host', ...names].join(', ') || '(none)' });
}
