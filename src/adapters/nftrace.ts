// Netfilter trace of one namespace (nf_tables backend): `xtables-monitor --trace` is subscribed while this
// run's probe is marked for tracing (its own nft table, or tagged TRACE rules where `nft` is missing —
// nftrace-arming.ts); stop() removes the marking (also on signals, via the undo stack), stops the monitor
// and returns the events matched to request/reply and the decisive verdicts.
import type { NetnsRef } from '../system/runner.js';
import { pushUndo } from '../system/undo.js';
import type { NetfilterVerdict } from '../model/verdict.js';
import type { Unavailable } from '../model/state.js';
import type { ProbeMark } from '../capture/bpf-filter.js';
import { t } from '../i18n/t.js';
import { parseTraceOutput } from './nftrace-parse.js';
import { classifyTraceEvents, keepOwnEvents, toNetfilterVerdicts, type DirectedTraceEvent, type ProbeAddresses } from './nftrace-match.js';
import { chooseTraceArming, type TraceArming } from './nftrace-arming.js';
import { detectIptablesBackend } from './nftrace-backend.js';
import { nftAvailable } from './nftrace-table-ops.js';
import { spawnTraceMonitor, waitTraceMonitorReady, type TraceMonitor } from './nftrace-monitor.js';

/** Where and what to trace. */
export interface NetfilterTraceSpec {
  /** Namespace to trace in. */
  netns: NetnsRef;
  /** Name shown in verdicts (`host`, `RED`, …). */
  namespace: string;
  /** Unique per run: the trace table is `nettrace-<runTag>` (the TRACE rules' comment `nettrace:<runTag>`). */
  runTag: string;
  /** The probe's payload mark (only its packets are traced). */
  mark: ProbeMark;
  /** The probe's addresses, to tell request from reply. */
  probe: ProbeAddresses;
  /** Called once, as soon as a traced DROP/REJECT decides the probe (for an early verdict), with the
   * interface the dropped packet came in by (the bridge port, PHYSIN, for a bridged frame; null when the
   * namespace generated it). */
  onDrop?: (verdict: NetfilterVerdict, cameIn: string | null) => void;
}

/** What a trace found in one namespace. */
export interface NetfilterTraceResult {
  namespace: string;
  /** Every TRACE event, in kernel order, with its direction. */
  events: DirectedTraceEvent[];
  /** The decisive rules and policies (CONTRACT `netfilter[]`). */
  verdicts: NetfilterVerdict[];
  /** The monitor's raw output (kept for --save). */
  raw: string;
}

/** A running trace. */
export interface NetfilterTraceSession {
  /** Ms from start until the monitor listened and the probe's marking was in. */
  readyMs: number;
  stop(): Promise<NetfilterTraceResult>;
}

// Start finding out how traces will be armed (backend, nft on PATH: both cached per process), so that the
// first startNetfilterTrace does not wait for it.
export function warmUpNetfilterTrace(): void {
  detectIptablesBackend(null).catch(() => undefined);
  nftAvailable().catch(() => undefined);
}

// Start tracing, or say why it cannot be done (legacy backend, monitor failure): never throws for those.
export async function startNetfilterTrace(spec: NetfilterTraceSpec): Promise<NetfilterTraceSession | Unavailable> {
  const started = Date.now();
  if ((await detectIptablesBackend(spec.netns)) === 'legacy') {
    return { unavailable: true, reason: t('nftrace.legacyBackend', {}, 'en') };
  }
  return startTraceWith(spec, await chooseTraceArming(spec.netns, spec.runTag, spec.mark), started);
}

async function stopMonitor(monitor: TraceMonitor): Promise<void> {
  monitor.child.kill('SIGKILL');
  await monitor.child;
}

// Start tracing with a given arming (startNetfilterTrace picks it; tests pick the TRACE-rule one directly).
export async function startTraceWith(spec: NetfilterTraceSpec, arming: TraceArming, started = Date.now()): Promise<NetfilterTraceSession | Unavailable> {
  const monitor = spawnTraceMonitor(spec.netns);
  let added = false;
  // Registered before the add starts: an interrupt mid-add still removes whatever landed (by name or tag).
  const undoArming = pushUndo(`remove ${arming.label}`, () => arming.remove(added));
  const add = () => arming.add().then(() => { added = true; return null; }, (error: unknown) => error as Error);
  // The own table goes in while the monitor subscribes (no probe flies before this function returns).
  const adding = arming.addWhileSubscribing ? add() : null;
  try {
    await waitTraceMonitorReady(monitor);
  } catch (error) {
    await adding;
    try {
      await undoArming.run();
    } finally {
      await stopMonitor(monitor);
    }
    return { unavailable: true, reason: t('nftrace.monitorFailed', { netns: spec.namespace, detail: (error as Error).message }, 'en') };
  }
  const addError = await (adding ?? add());
  if (addError) {
    try {
      await undoArming.run();
    } finally {
      await stopMonitor(monitor);
    }
    throw addError;
  }
  const readyMs = Date.now() - started;
  const ownEvents = (text: string) => classifyTraceEvents(keepOwnEvents(parseTraceOutput(text), arming.own), spec.probe);
  if (spec.onDrop) {
    let told = false;
    monitor.onOutput(() => {
      if (told) return;
      const events = ownEvents(monitor.output());
      const drop = toNetfilterVerdicts(spec.namespace, events).find((v) => v.verdict === 'DROP' || v.verdict === 'REJECT');
      if (drop) {
        told = true;
        const packet = events.find((e) => e.table === drop.table && e.chain === drop.chain && e.verdict === drop.verdict && e.direction === drop.direction)?.packet;
        spec.onDrop!(drop, packet ? (packet.fields.PHYSIN || packet.in) : null);
      }
    });
  }
  let stopping: Promise<NetfilterTraceResult> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      try {
        await undoArming.run();
      } finally {
        monitor.child.kill('SIGTERM');
        await monitor.child;
      }
      const raw = monitor.output();
      const events = ownEvents(raw);
      return { namespace: spec.namespace, events, verdicts: toNetfilterVerdicts(spec.namespace, events), raw };
    })();
    return stopping;
  };
  return { readyMs, stop };
}
