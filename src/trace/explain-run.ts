// Adds the cause and the fix to a ping result: the configuration's prediction names the cause, the live
// evidence (where the probe was last seen, the traced rule) backs it, and a disagreement is said, not hidden.
import type { Cause, TraceResult } from '../model/verdict.js';
import type { PingEvidence } from './run-ping.js';
import type { PredictedRun } from './config-diagnosis.js';

/** How the prediction compares with what was observed (an extra field beside the contract's). */
export interface PredictionNote {
  verdict: 'reached' | 'unreachable';
  cause: string | null;
  agrees: boolean;
  /** Configuration parts that could not be read. */
  missing: string[];
}

/** A ping result with cause, fix and the prediction note. */
export type ExplainedResult = TraceResult & { prediction?: PredictionNote; more_faults?: boolean };

function liveEvidence(result: TraceResult): string[] {
  const lines: string[] = [];
  const s = result.stopped_at;
  if (s) lines.push(`last seen (${s.direction}): ${s.namespace}:${s.interface}`);
  for (const v of result.netfilter) if (v.verdict === 'DROP' || v.verdict === 'REJECT') lines.push(`${v.namespace} ${v.table} ${v.chain}: ${v.rule} → ${v.verdict} (${v.direction}, ${v.source ?? 'trace'})`);
  return lines;
}

/** Whether the observation left this machine correctly and got no answer: the fault lies beyond it. */
function leftCorrectly(result: TraceResult): boolean {
  const last = result.path[result.path.length - 1];
  return Boolean(last && last.role === 'uplink' && result.stopped_at?.direction === 'request' && result.stopped_at.interface === last.interface);
}

/** ARP for a next hop that was asked and never answered (live evidence of neighbor-unreachable). */
export function unansweredArp(result: TraceResult): Cause | null {
  const asked = result.observations.filter((o) => o.type === 'arp-request' && o.direction === 'request');
  for (const q of asked) {
    if (result.observations.some((o) => o.type === 'arp-reply' && o.src === q.dst)) continue;
    const times = asked.filter((o) => o.dst === q.dst && o.namespace === q.namespace && o.interface === q.interface).length;
    return {
      kind: 'neighbor-unreachable',
      namespace: q.namespace ?? 'host',
      detail: `${q.namespace}:${q.interface} asked who has ${q.dst} (ARP) and nobody answered, so the probe was never sent as ICMP.`,
      evidence: [`ARP who-has ${q.dst} tell ${q.src} seen ${times}× on ${q.namespace}:${q.interface}, no ARP reply anywhere on the path`],
    };
  }
  return null;
}

/** Combine live result and prediction into the final answer. */
export function explainRun(result: TraceResult, _evidence: PingEvidence, predicted: PredictedRun | null): ExplainedResult {
  if (!predicted) return result;
  const d = predicted.diagnosis;
  const agrees = d.verdict === result.verdict;
  const prediction: PredictionNote = { verdict: d.verdict, cause: d.cause?.kind ?? null, agrees, missing: predicted.missing };
  if (result.verdict === 'reached') return { ...result, cause: null, fix: [], prediction };
  const netfilter = result.netfilter.length > 0 ? result.netfilter : d.netfilter.filter((v) => v.verdict !== 'ACCEPT');
  let cause: Cause | null = d.cause ? { ...d.cause, evidence: [...liveEvidence({ ...result, netfilter }), ...d.cause.evidence] } : null;
  let fix = d.fix;
  if (!cause) {
    cause = unansweredArp(result);
    if (cause) fix = [];
  }
  if (!cause && leftCorrectly(result)) {
    const last = result.path[result.path.length - 1]!;
    cause = {
      kind: 'remote-unreachable',
      namespace: last.namespace,
      detail: `The request left ${last.namespace}:${last.interface} as configured and no answer came back: the fault lies beyond this machine.`,
      evidence: liveEvidence(result),
    };
    fix = [];
  }
  const more = (d as { more_faults?: boolean }).more_faults;
  return { ...result, netfilter, cause, fix: cause ? fix : [], prediction, ...(more ? { more_faults: true } : {}) };
}
