// Runs the planned probes of `compare` one after the other through the ping engine (act step of compare).
import { runPing } from '../trace/run-ping.js';
import { explainRun } from '../trace/explain-run.js';
import type { PlannedProbe, ProbeOutcome } from './probes.js';

/** Probe timeout: long enough for a reply through NAT in the sandbox, short enough for eight probes. */
export const PROBE_TIMEOUT_MS = 1000;

/** Run one planned probe (count 1, no TRACE rules) and reduce it to an outcome; failures become `unreachable` with why. */
export async function runPlannedProbe(probe: PlannedProbe): Promise<ProbeOutcome> {
  if (probe.skipped) return { src: probe.src, dst: probe.dst, verdict: 'skipped', cause: null, detail: null, stoppedAt: null, skipped: probe.skipped };
  const started = Date.now();
  try {
    const run = await runPing({ src: probe.src, dst: probe.dst, count: 1, timeoutMs: PROBE_TIMEOUT_MS, trace: false });
    const result = explainRun(run.result, run.evidence, run.evidence.predicted);
    const stop = result.stopped_at;
    return {
      src: probe.src,
      dst: probe.dst,
      verdict: result.verdict,
      cause: result.cause?.kind ?? null,
      detail: result.cause?.detail ?? null,
      stoppedAt: stop ? `${stop.namespace}:${stop.interface} ${stop.direction}` : null,
      ms: Date.now() - started,
    };
  } catch (error) {
    return { src: probe.src, dst: probe.dst, verdict: 'unreachable', cause: null, detail: (error as Error).message, stoppedAt: null, ms: Date.now() - started };
  }
}

/** Run probes sequentially (captures of one run never see another run's packets). */
export async function runPlannedProbes(probes: readonly PlannedProbe[]): Promise<ProbeOutcome[]> {
  const out: ProbeOutcome[] = [];
  for (const probe of probes) out.push(await runPlannedProbe(probe));
  return out;
}
