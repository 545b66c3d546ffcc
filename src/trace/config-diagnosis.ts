// Gathers the configuration of the namespaces a probe may cross (only those: it scales with the path,
// not the host) and asks the pure diagnosis core what it predicts.
import type { NsName } from '../model/state.js';
import type { EndpointRef } from '../model/verdict.js';
import type { PathPlan } from './plan-path.js';
import { resolveSnapshotPeers } from '../adapters/namespace-state.js';
import type { NamespaceState, Snapshot } from '../adapters/snapshot.js';
import { evidenceFromSnapshot } from '../diagnose/evidence-from-snapshot.js';
import { diagnoseFromConfig } from '../diagnose/diagnose-config.js';
import type { ConfigDiagnosis } from '../diagnose/evidence.js';

import { evidenceEnrichers as enrichers } from '../system/extensions.js';

/** The prediction plus what could not be read. */
export interface PredictedRun {
  diagnosis: ConfigDiagnosis;
  /** Parts of the configuration that were unavailable (named in the output instead of guessed). */
  missing: string[];
}

/** Namespaces whose configuration the prediction needs. */
export function namespacesToRead(source: EndpointRef, destination: EndpointRef, hostNs: NsName, plan: PathPlan, outside: Set<string>): NsName[] {
  const list: NsName[] = [source.netns ?? null, ...plan.namespaces, ...plan.visited, hostNs];
  if (destination.netns !== undefined) list.push(destination.netns ?? null);
  // The internet's namespace (sandbox WAN) is not read: a link into it is known by its nsid name alone.
  return [...new Set(list)].filter((ns) => ns === null || !outside.has(ns));
}

/** Read the configuration and predict the verdict, cause and fix (the source address is left to the simulated
 * route lookup, as the kernel picks it: a fix such as a bridge address changes it). */
export async function predictFromConfig(source: EndpointRef, destination: EndpointRef, hostNs: NsName, plan: PathPlan, outside: Set<string>, readState: (ns: NsName) => Promise<NamespaceState>): Promise<PredictedRun> {
  const namespaces = namespacesToRead(source, destination, hostNs, plan, outside);
  const snapshot: Snapshot = { takenAt: new Date().toISOString(), namespaces: resolveSnapshotPeers(await Promise.all(namespaces.map(readState))) };
  const { evidence, missing } = evidenceFromSnapshot(snapshot, {
    hostNs,
    source: { namespace: source.netns ?? null, name: source.name, kind: source.kind === 'address' ? 'netns' : source.kind },
    destination: { address: destination.address!, ...(destination.netns !== undefined ? { namespace: destination.netns ?? null } : {}), name: destination.name, kind: destination.kind },
    outside: [...outside],
  });
  for (const enrich of enrichers) {
    const extra = await enrich(evidence).catch((error: unknown) => (missing.push(`enricher: ${(error as Error).message}`), null));
    if (extra) Object.assign(evidence, extra);
  }
  return { diagnosis: diagnoseFromConfig(evidence), missing };
}
