// Reads the ICMP conntrack entries of a namespace (read-only): the evidence of how a masqueraded
// reply is mapped back. A namespace whose conntrack cannot be listed gives a reason, not an error.
import { run, type NetnsRef } from '../system/runner.js';
import type { Unavailable } from '../model/state.js';
import { t } from '../i18n/t.js';
import { findProbeFlows, parseConntrackList, type ConntrackEntry, type ProbeFlowQuery } from './conntrack-parse.js';

// `conntrack -L -p icmp` in the namespace, parsed; Unavailable when the tool or the table cannot be read.
export async function collectIcmpConntrack(netns: NetnsRef, namespace: string): Promise<ConntrackEntry[] | Unavailable> {
  const result = await run('conntrack', ['-L', '-p', 'icmp'], { netns, check: false });
  if (result.exitCode !== 0) {
    const detail = result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`;
    return { unavailable: true, reason: t('conntrack.unavailable', { netns: namespace, detail }, 'en') };
  }
  return parseConntrackList(result.stdout);
}

// The probe's flows in one namespace (empty when none: then no NAT or conntrack touched it there).
export async function collectProbeFlows(netns: NetnsRef, namespace: string, query: ProbeFlowQuery): Promise<ConntrackEntry[] | Unavailable> {
  const entries = await collectIcmpConntrack(netns, namespace);
  return 'unavailable' in entries ? entries : findProbeFlows(entries, query);
}
