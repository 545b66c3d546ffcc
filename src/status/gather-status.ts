// Gather for `lab status`: find the host and every namespace from the live system (not from
// nettrace's records, so hand-built labs are described too), read them all, build the report.
import type { NsName } from '../model/state.js';
import { EnvironmentError } from '../cli/errors.js';
import { assertNetnsName } from '../system/names.js';
import { collectNamespaceNames } from '../adapters/ip-netns.js';
import { collectSnapshot } from '../adapters/namespace-state.js';
import { resolveHostNs } from './host-ns.js';
import { buildStatusReport } from './build-status.js';
import type { StatusReport } from './status-report.js';

// Pure: the namespaces to read — the host first, then every other named namespace by name.
export function statusNamespaces(host: NsName, named: readonly string[]): NsName[] {
  return [host, ...[...new Set(named)].filter((n) => n !== host).sort()];
}

// Read the live state of the host and all named namespaces (EnvironmentError when the host namespace is missing).
export async function gatherStatus(): Promise<StatusReport> {
  const host = await resolveHostNs();
  if (host !== null) assertNetnsName(host);
  const named = await collectNamespaceNames();
  if (host !== null && !named.includes(host)) throw new EnvironmentError('status.hostNsMissing', { name: host });
  const snapshot = await collectSnapshot(statusNamespaces(host, named));
  return buildStatusReport(snapshot, host);
}
