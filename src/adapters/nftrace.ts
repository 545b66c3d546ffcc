// Netfilter trace of one namespace (nf_tables backend): the monitor is subscribed first, then tagged TRACE
// rules for this run's probe are added; stop() removes the rules (also on signals, via the undo stack),
// stops the monitor and returns the events matched to request/reply and the decisive verdicts.
import type { NetnsRef } from '../system/runner.js';
import { pushUndo } from '../system/undo.js';
import type { NetfilterVerdict } from '../model/verdict.js';
import type { Unavailable } from '../model/state.js';
import type { ProbeMark } from '../capture/bpf-filter.js';
import { t } from '../i18n/t.js';
import { parseTraceOutput } from './nftrace-parse.js';
import { classifyTraceEvents, keepOwnEvents, toNetfilterVerdicts, type DirectedTraceEvent, type ProbeAddresses } from './nftrace-match.js';
import { addTraceRules, rawTableExists, removeTraceRules, TAG_PREFIX } from './nftrace-rules.js';
import { detectIptablesBackend } from './nftrace-backend.js';
import { spawnTraceMonitor, waitTraceMonitorReady } from './nftrace-monitor.js';

/** Where and what to trace. */
export interface NetfilterTraceSpec {
  /** Namespace to trace in. */
  netns: NetnsRef;
  /** Name shown in verdicts (`host`, `RED`, …). */
  namespace: string;
  /** Unique per run: the rules' comment is `nettrace:<runTag>`. */
  runTag: string;
  /** The probe's payload mark (only its packets are traced). */
  mark: ProbeMark;
  /** The probe's addresses, to tell request from reply. */
  probe: ProbeAddresses;
  /** Called once, as soon as a traced DROP/REJECT decides the probe (for an early verdict). */
  onDrop?: (verdict: NetfilterVerdict) => void;
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
  /** Ms from start until the monitor listened and the rules were in. */
  readyMs: number;
  stop(): Promise<NetfilterTraceResult>;
}

// Start tracing, or say why it cannot be done (legacy backend, monitor failure): never throws for those.
export async function startNetfilterTrace(spec: NetfilterTraceSpec): Promise<NetfilterTraceSession | Unavailable> {
  const started = Date.now();
  if ((await detectIptablesBackend(spec.netns)) === 'legacy') {
    return { unavailable: true, reason: t('nftrace.legacyBackend', {}, 'en') };
  }
  const monitor = spawnTraceMonitor(spec.netns);
  // Whether the raw table exists is asked while the monitor subscribes (both before any rule is added).
  const existed = rawTableExists(spec.netns);
  try {
    await waitTraceMonitorReady(monitor);
  } catch (error) {
    monitor.child.kill('SIGKILL');
    await Promise.all([monitor.child, existed]);
    return { unavailable: true, reason: t('nftrace.monitorFailed', { netns: spec.namespace, detail: (error as Error).message }, 'en') };
  }
  const tag = `${TAG_PREFIX}${spec.runTag}`;
  const rawExisted = await existed;
  let added = false;
  const undoRules = pushUndo(`remove trace rules ${tag}`, () => removeTraceRules(spec.netns, spec.runTag, spec.mark, { added, dropRawTable: !rawExisted }));
  try {
    await addTraceRules(spec.netns, spec.runTag, spec.mark);
    added = true;
  } catch (error) {
    await undoRules.run();
    monitor.child.kill('SIGKILL');
    await monitor.child;
    throw error;
  }
  const readyMs = Date.now() - started;
  if (spec.onDrop) {
    let told = false;
    monitor.onOutput(() => {
      if (told) return;
      const events = classifyTraceEvents(keepOwnEvents(parseTraceOutput(monitor.output()), tag), spec.probe);
      const drop = toNetfilterVerdicts(spec.namespace, events).find((v) => v.verdict === 'DROP' || v.verdict === 'REJECT');
      if (drop) {
        told = true;
        spec.onDrop!(drop);
      }
    });
  }
  let stopping: Promise<NetfilterTraceResult> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      try {
        await undoRules.run();
      } finally {
        monitor.child.kill('SIGTERM');
        await monitor.child;
      }
      const raw = monitor.output();
      const events = classifyTraceEvents(keepOwnEvents(parseTraceOutput(raw), tag), spec.probe);
      return { namespace: spec.namespace, events, verdicts: toNetfilterVerdicts(spec.namespace, events), raw };
    })();
    return stopping;
  };
  return { readyMs, stop };
}
