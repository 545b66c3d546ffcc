// `ping --json` / `diagnose --json`: exactly CONTRACT.md's fields in its order, the same in every language.
import type { Observation } from '../model/observation.js';
import type { TraceResult } from '../model/verdict.js';

const OPTIONAL_OBSERVATION_FIELDS = [
  'icmpType', 'icmpCode', 'icmpId', 'icmpSeq', 'ttl', 'quoted', 'senderMac', 'linkDirection', 'ifIndex',
] as const;

// One observation: the contract's fields in order (namespace null → "host"), then optional extras that are present.
export function observationJson(obs: Observation): Record<string, unknown> {
  const json: Record<string, unknown> = {
    namespace: obs.namespace ?? 'host',
    interface: obs.interface,
    direction: obs.direction,
    protocol: obs.protocol,
    type: obs.type,
    src: obs.src,
    dst: obs.dst,
    time_ms: obs.time_ms,
  };
  for (const field of OPTIONAL_OBSERVATION_FIELDS) {
    if (obs[field] !== undefined) json[field] = obs[field];
  }
  return json;
}

// The contract's document built from a result, followed by the few documented extra fields.
export function buildTraceJson(result: TraceResult): Record<string, unknown> {
  const endpoint = (e: TraceResult['source']) => ({ kind: e.kind, name: e.name, address: e.address });
  return {
    verdict: result.verdict,
    source: endpoint(result.source),
    destination: endpoint(result.destination),
    path: result.path.map((hop) => ({ namespace: hop.namespace, interface: hop.interface, role: hop.role })),
    observations: result.observations.map(observationJson),
    netfilter: result.netfilter.map((nf) => ({
      namespace: nf.namespace, table: nf.table, chain: nf.chain, rule: nf.rule, verdict: nf.verdict, direction: nf.direction,
    })),
    stopped_at: result.stopped_at === null ? null
      : { namespace: result.stopped_at.namespace, interface: result.stopped_at.interface, direction: result.stopped_at.direction },
    cause: result.cause === null ? null
      : { kind: result.cause.kind, namespace: result.cause.namespace, detail: result.cause.detail, evidence: [...result.cause.evidence] },
    fix: [...result.fix],
    timing_ms: { total: result.timing_ms.total, armed: result.timing_ms.armed, probe: result.timing_ms.probe },
    ...extraFields(result),
  };
}

/** Documented additions after the contract's fields (README): the prediction beside a live run, more faults, unread parts. */
const EXTRA_FIELDS = ['prediction', 'more_faults', 'missing', 'unchecked', 'trace_unavailable'] as const;

function extraFields(result: TraceResult): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  const source = result as unknown as Record<string, unknown>;
  for (const key of EXTRA_FIELDS) {
    const value = source[key];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== false) extra[key] = value;
  }
  return extra;
}

// Write the JSON document to `out`.
export function renderTraceJson(result: TraceResult, out: NodeJS.WritableStream): void {
  out.write(`${JSON.stringify(buildTraceJson(result), null, 2)}\n`);
}
