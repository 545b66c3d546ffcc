// Namespace names (`ip -j netns list`) and each namespace's nsid → name map (`ip -j netns list-id`).
import type { NsName } from '../model/state.js';
import { readdir } from 'node:fs/promises';
import { num, parseIpJsonArray, str } from './ip-json.js';

/** What one namespace calls the others: nsid → /run/netns name (null when the peer namespace has no name there). */
export type NsidMap = Record<number, string | null>;

// List the named namespaces: the entries of /run/netns, which is exactly what `ip netns list` reads
// (read directly: no process to start).
export async function collectNamespaceNames(): Promise<string[]> {
  const names = await readdir('/run/netns').catch(() => [] as string[]);
  return names.filter((n) => !n.startsWith('.')).sort();
}

// Pure: `ip -j netns list` → names, in the order ip prints them.
export function parseNetnsList(text: string): string[] {
  return parseIpJsonArray(text, 'ip netns list')
    .map((r) => str(r, 'name'))
    .filter((name): name is string => name !== null);
}


// Pure: `ip -j netns list-id` → nsid → name (null for an nsid whose namespace is not in /run/netns).
export function parseNsidMap(text: string): NsidMap {
  const map: NsidMap = {};
  for (const r of parseIpJsonArray(text, 'ip netns list-id')) {
    const nsid = num(r, 'nsid');
    if (nsid !== null) map[nsid] = str(r, 'name');
  }
  return map;
}
