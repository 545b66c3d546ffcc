// Finds names a lab needs that already exist and are not nettrace's (the user's RED, a br0 of their own).
import { run } from '../system/runner.js';
import { collectNamespaceNames } from '../adapters/ip-netns.js';
import { objectNamespace, type LabObject } from './objects.js';
import type { NsName } from '../model/state.js';

/** A name the lab wants that someone else owns. */
export interface Conflict {
  /** `namespace` or `interface`. */
  kind: string;
  /** The taken name (with its namespace for interfaces). */
  name: string;
}

async function linkNames(ns: NsName): Promise<Set<string>> {
  const res = await run('ip', ['-j', 'link', 'show'], { netns: ns, check: false });
  try {
    return new Set((JSON.parse(res.stdout || '[]') as { ifname: string }[]).map((l) => l.ifname));
  } catch {
    return new Set();
  }
}

/** Every conflict of `toAdd` with the live system, given the namespaces the lab creates itself. */
export async function findConflicts(toAdd: LabObject[], labNamespaces: Set<string>, ownedNamespaces: Set<string>): Promise<Conflict[]> {
  const existing = new Set(await collectNamespaceNames());
  const conflicts: Conflict[] = [];
  for (const o of toAdd) {
    if (o.kind === 'netns' && existing.has(o.name) && !ownedNamespaces.has(o.name)) conflicts.push({ kind: 'namespace', name: o.name });
  }
  // Interfaces only collide in namespaces that exist already and that the lab does not create.
  const wanted: { ns: NsName; name: string }[] = [];
  for (const o of toAdd) {
    if (o.kind === 'bridge') wanted.push({ ns: o.ns, name: o.name });
    if (o.kind === 'veth') wanted.push({ ns: o.ns, name: o.name }, { ns: o.peerNs, name: o.peerName });
  }
  const cache = new Map<NsName, Set<string>>();
  for (const w of wanted) {
    if (w.ns !== null && labNamespaces.has(w.ns)) continue;
    if (!cache.has(w.ns)) cache.set(w.ns, await linkNames(w.ns));
    if (cache.get(w.ns)!.has(w.name)) conflicts.push({ kind: 'interface', name: `${w.name}${w.ns ? ` (in ${w.ns})` : ''}` });
  }
  return conflicts;
}

/** Namespaces an object list creates. */
export function namespacesOf(objects: LabObject[]): Set<string> {
  return new Set(objects.filter((o) => o.kind === 'netns').map((o) => objectNamespace(o) as string));
}
