// `diagnose` without sending a packet: simulate the flow on the configuration, name the first
// fault, then apply its fix to a copy and simulate again, so `fix` holds every command needed
// and `more_faults` says whether more than one fault stands in the way.
import type { Cause, EndpointRef, TraceResult } from '../model/verdict.js';
import { t } from '../i18n/t.js';
import type { ConfigDiagnosis, ConfigEvidence, FaultReport } from './evidence.js';
import type { Fault } from './fault.js';
import { applyFixes, type FixAction } from './fix-action.js';
import { simulateFlow, type FlowSimulation } from './simulate-flow.js';
import { displayNs, findOwner } from './snapshot-index.js';
import { commandAfterRun } from './fix-namespace-paths.js';
import { withContainerNames } from './docker-context.js';

const MAX_ROUNDS = 8;

// A fault as CONTRACT.md's cause (detail in English, from the catalog) plus where it stopped.
function reportFault(evidence: ConfigEvidence, fault: Fault): FaultReport {
  const params = { ...fault.message.params, direction: t(`diagnose.word.${fault.direction}`, {}, 'en') };
  const cause: Cause = { kind: fault.kind, namespace: displayNs(fault.ns), detail: t(fault.message.key, params, 'en'), evidence: [...fault.evidence] };
  return {
    cause,
    stopped_at: { namespace: displayNs(fault.ns), interface: fault.interface, direction: fault.direction },
    message: fault.message,
    fix: fault.fixes.map((fix) => commandAfterRun(evidence, fix)),
  };
}

// Two faults are the same when kind, place, direction and explanation agree (a fix that changed nothing).
function isSameFault(a: Fault, b: Fault): boolean {
  const same = a.kind === b.kind && a.ns === b.ns && a.interface === b.interface && a.direction === b.direction;
  return same && JSON.stringify(a.message) === JSON.stringify(b.message);
}

// The endpoints as CONTRACT.md shows them.
function endpoints(evidence: ConfigEvidence, sourceAddress: string): { source: EndpointRef; destination: EndpointRef } {
  const { source, destination } = evidence.flow;
  const isHost = source.namespace === evidence.hostNs;
  const owner = findOwner(evidence, destination.address);
  const ownerIsHost = owner !== undefined && owner.ns === evidence.hostNs;
  return {
    source: { kind: source.kind ?? (isHost ? 'host' : 'netns'), name: source.name ?? (isHost ? 'host' : displayNs(source.namespace)), address: sourceAddress, netns: source.namespace },
    destination: {
      kind: destination.kind ?? (owner ? (ownerIsHost ? 'host' : 'netns') : 'address'),
      name: destination.name ?? (owner ? (ownerIsHost ? 'host' : displayNs(owner.ns)) : destination.address),
      address: destination.address,
      ...(owner ? { netns: owner.ns } : {}),
    },
  };
}

// Simulates, fixes, simulates again: every fault in the order the packet meets them.
export function findFaults(evidence: ConfigEvidence): { first: FlowSimulation; faults: Fault[]; fixes: FixAction[]; complete: boolean } {
  const first = simulateFlow(evidence);
  const faults: Fault[] = [];
  const fixes: FixAction[] = [];
  let current = evidence;
  let simulation = first;
  for (let round = 0; round < MAX_ROUNDS && simulation.fault; round++) {
    const fault = simulation.fault;
    faults.push(fault);
    if (fault.fixes.length === 0) break;
    fixes.push(...fault.fixes);
    current = applyFixes(current, fault.fixes);
    const next = simulateFlow(current);
    if (next.fault && isSameFault(next.fault, fault)) break;
    simulation = next;
  }
  return { first, faults, fixes, complete: simulation.fault === null };
}

// The verdict predicted from configuration alone (pure: plain data in, plain data out).
export function diagnoseFromConfig(evidence: ConfigEvidence): ConfigDiagnosis {
  const { first, faults, fixes, complete } = findFaults(evidence);
  const reports = faults.map((fault) => reportFault(evidence, fault));
  const head = reports[0];
  if (head && reports.length > 1) {
    const next = reports.slice(1).map((report) => `${report.cause.kind} in ${report.cause.namespace} (${report.stopped_at.direction})`).join(', ');
    head.cause.evidence.push(t('diagnose.moreFaults', { next }, 'en'));
  }
  const result: TraceResult = {
    verdict: first.reached ? 'reached' : 'unreachable',
    ...endpoints(evidence, first.sourceAddress),
    path: first.path,
    observations: [],
    netfilter: first.netfilter,
    stopped_at: head?.stopped_at ?? null,
    cause: head ? { ...head.cause, message: head.message } : null,
    fix: fixes.map((fix) => commandAfterRun(evidence, fix)),
    timing_ms: { total: 0, armed: 0, probe: 0 },
  };
  const diagnosis: ConfigDiagnosis = { ...result, faults: reports, more_faults: reports.length > 1, fix_complete: complete, unchecked: first.unchecked };
  return withContainerNames(evidence, diagnosis, ['source', 'destination']);
}
