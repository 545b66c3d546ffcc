// `nettrace ping`, the main job: plan the path, arm a capture (and a netfilter trace) in every namespace
// it crosses, send the marked probe, stop, and assemble observations, verdicts and `stopped_at`.
import { performance } from 'node:perf_hooks';
import type { NsName } from '../model/state.js';
import type { EndpointRef, NetfilterVerdict, TraceResult } from '../model/verdict.js';
import { resolveHostNs } from '../status/host-ns.js';
import { namespaceDisplayName, resolveEndpoint } from './endpoints.js';
import { planPath, type PathPlan, type RouteLookup } from './plan-path.js';
import { type NsFactsSource } from './ns-view.js';
import { createRunStateCache } from './state-cache.js';
import { routeGet } from '../adapters/route-get.js';
import { buildProbeFilter, makeProbeMark, type ProbeMark } from '../capture/bpf-filter.js';
import type { CaptureResult } from '../capture/tcpdump-capture.js';
import { createPcapStreamParser } from '../capture/pcap-reader.js';
import { sendProbe, type ProbeResult } from './probe.js';
import { startNetfilterTrace, warmUpNetfilterTrace, type NetfilterTraceResult } from '../adapters/nftrace.js';
import { buildObservations, findStoppedAt, type NamespaceCapture } from './timeline.js';
import { UsageError } from '../cli/errors.js';
import { readRecord } from '../lab/record.js';
import { predictFromConfig, type PredictedRun } from './config-diagnosis.js';
import { drainCaptures, type LastFrameSeen } from './drain.js';
import { lastFramesAnswered, lastFramesDropped, lastFramesLeft, type LastFrame, type TracedDrop } from './last-frames.js';
import { createArmer, stopTrace, type ArmedNamespace } from './arm.js';
import { isIpv4 } from '../model/ipv4.js';
import { collectNamespaceNames } from '../adapters/ip-netns.js';

/** What the user asked `ping` for. */
export interface PingRequest {
  src: string;
  dst: string;
  count: number;
  timeoutMs: number;
  /** Add temporary TRACE rules (false = strictly read-only, counters only). */
  trace: boolean;
  /** Progress callback for the spinner. */
  progress?: (stage: 'plan' | 'arm' | 'probe', detail: Record<string, string | number>) => void;
}

/** Everything a run gathered, beyond the contract's result (for --save and the diagnosis). */
export interface PingEvidence {
  plan: PathPlan;
  probe: ProbeResult | null;
  captures: { namespace: string; ns: NsName; result: CaptureResult; interfaceNames: Record<number, string> }[];
  traces: (NetfilterTraceResult | { namespace: string; unavailable: true; reason: string })[];
  mark: ProbeMark;
  hostNs: NsName;
  /** The configuration's prediction, read while the probe ran (null when it failed, with why). */
  predicted: PredictedRun | null;
  /** Why the prediction is missing, if it is. */
  predictionError?: string;
}

/** Bytes kept per packet: every header nettrace decodes, and an ICMP error's quote of the probe, fit in 512.
 * libpcap sizes its ring in frames of about the snaplen, so the default 262144 leaves a 2 MiB ring with
 * only ~8 frames: a busy moment drops packets (measured: 3 of 13 lost on a fresh lab). */
const CAPTURE_SNAPLEN = 512;
/** Kernel ring per capture: 8 MiB of 512-byte frames holds ~16k packets while tcpdump waits for a CPU. */
const CAPTURE_BUFFER_KIB = 8192;

/** Display name of a namespace: `host` for nettrace's own. */
export function displayNs(ns: NsName, hostNs: NsName): string {
  return ns === null ? 'host' : ns === hostNs ? ns : namespaceDisplayName(ns);
}

/** Namespaces that stand for "the internet" (the sandbox WAN), so planning stops at the uplink. */
export async function outsideNamespaces(): Promise<Set<string>> {
  const record = await readRecord().catch(() => null);
  return new Set(record?.sandbox ? ['nt-wan'] : []);
}

/** Resolve both endpoints (the destination's address chosen near the source's). */
export async function resolveEndpoints(src: string, dst: string, hostNs: NsName, facts?: NsFactsSource): Promise<{ source: EndpointRef; destination: EndpointRef }> {
  const source = await resolveEndpoint(src, 'source', hostNs, undefined, facts);
  if (source.netns === undefined) throw new UsageError('trace.unknownEndpoint', { name: src, known: 'host' });
  const destination = await resolveEndpoint(dst, 'destination', hostNs, source.address, facts);
  if (destination.kind !== 'address' && destination.netns === source.netns) throw new UsageError('trace.sameEndpoint', { name: src });
  if (!destination.address) throw new UsageError('trace.sourceNoAddress', { name: dst });
  return { source, destination };
}

/** Plan the path of a probe from `source` to `destination` (live lookups). */
export async function planFor(source: EndpointRef, destination: EndpointRef, hostNs: NsName, view: NsFactsSource = createRunStateCache().facts, outside?: Set<string>, lookup: RouteLookup = routeGet, onNamespace?: (ns: NsName) => void): Promise<PathPlan> {
  return planPath({ sourceNs: source.netns ?? null, destination: destination.address!, outside: outside ?? (await outsideNamespaces()), displayName: (ns) => displayNs(ns, hostNs), onNamespace }, view, lookup);
}

function framesOf(result: CaptureResult): { linktype: number; frames: { tsUs: number; data: Buffer }[] } {
  const frames: { tsUs: number; data: Buffer }[] = [];
  let linktype = 1;
  const parser = createPcapStreamParser({
    onHeader: (h) => { linktype = h.linktype; },
    onPacket: (p) => { frames.push({ tsUs: p.tsUs, data: Buffer.from(p.data) }); },
  });
  parser.write(result.pcapBytes);
  parser.end();
  return { linktype, frames };
}

/** Where the source would be, guessed from the request alone (a namespace name or `host`), so that the
 * first route lookup can ride in the source's ip batch; undefined when it cannot be told yet. */
async function sourceGuess(req: PingRequest, hostNs: NsName): Promise<NsName | undefined> {
  if (!isIpv4(req.dst)) return undefined;
  if (req.src === 'host') return hostNs;
  return (await collectNamespaceNames()).includes(req.src) ? req.src : undefined;
}

/** The index of interface `name` in `ns`, as a `-i any` capture there numbers it (undefined when unknown). */
async function ifindexOf(view: NsFactsSource, ns: NsName, name: string): Promise<number | undefined> {
  return (await view(ns))?.links.find((l) => l.name === name)?.ifindex;
}

/** The probe's last packet per armed namespace (last-frames.ts) with its interface as the capture numbers it. */
async function resolveLastFrames(frames: readonly (LastFrame | null)[], namespaces: readonly NsName[], view: NsFactsSource): Promise<(LastFrameSeen | null)[]> {
  return Promise.all(frames.map(async (f, i): Promise<LastFrameSeen | null> => {
    if (f === null || f === 'nothing') return f;
    const ifIndex = await ifindexOf(view, namespaces[i]!, f.iface);
    return ifIndex === undefined ? null : { kind: f.kind, ifIndex, count: f.count };
  }));
}

/** The kernel sends the probe out of the machine (the plan ends beyond the uplink) although its destination
 * lives in a namespace here: once the request has been seen leaving by that uplink nothing brings it back,
 * so the verdict is conclusive then (the configuration names the missing route), not after the timeout. */
async function stopWhenMisrouted(plan: PathPlan, destination: EndpointRef, armed: readonly ArmedNamespace[], view: NsFactsSource, stop: () => void): Promise<void> {
  const uplink = plan.end.kind === 'beyond' && destination.netns !== undefined ? plan.hops[plan.hops.length - 1] : undefined;
  const where = uplink ? armed.find((a) => a.ns === uplink.ns) : undefined;
  if (!uplink || !where) return;
  const ifIndex = await ifindexOf(view, uplink.ns, uplink.interface);
  if (ifIndex !== undefined && (await where.watch.echoes('echo-request', ifIndex, 1))) stop();
}

/** Run the probe with captures on every namespace of the path; returns the contract's result and the evidence. */
export async function runPing(req: PingRequest): Promise<{ result: TraceResult; evidence: PingEvidence }> {
  const started = performance.now();
  if (req.trace) warmUpNetfilterTrace();
  const hostNs = await resolveHostNs();
  let cache = createRunStateCache();
  const guessed = await sourceGuess(req, hostNs);
  if (guessed !== undefined) cache.prefetchRoute(guessed, req.dst);
  const { source, destination } = await resolveEndpoints(req.src, req.dst, hostNs, cache.facts);
  // A container endpoint gets a per-run namespace name only now: what was read before cannot know it.
  if (source.kind === 'container' || destination.kind === 'container') cache = createRunStateCache();
  req.progress?.('plan', {});
  const view = cache.facts;
  const sourceNs = source.netns ?? null;
  const mark = makeProbeMark();
  const runTag = `${process.pid}-${mark.token.toString(16)}`;
  // Early verdict: a traced DROP is conclusive, so the probe stops instead of waiting out its timeout.
  const early = new AbortController();
  let dropped: TracedDrop | null = null;
  const onDrop = (ns: NsName) => (verdict: NetfilterVerdict, cameIn: string | null) => {
    if (verdict.verdict === 'DROP' && !early.signal.aborted) dropped = { ns, direction: verdict.direction, in: cameIn };
    early.abort();
  };
  let probeAddrs = { src: source.address ?? '0.0.0.0', dst: destination.address! };
  const armer = createArmer({
    capture: { iface: 'any', filter: buildProbeFilter({ mark }), snaplen: CAPTURE_SNAPLEN, bufferKiB: CAPTURE_BUFFER_KIB },
    trace: req.trace ? (ns) => startNetfilterTrace({ netns: ns, namespace: displayNs(ns, hostNs), runTag, mark, probe: probeAddrs, onDrop: onDrop(ns) }) : null,
  });
  const armStart = performance.now();
  let armed: ArmedNamespace[] = [];
  let plan: PathPlan;
  let outside: Set<string>;
  try {
    // Each namespace is armed the moment the walk knows the probe crosses it: the source as soon as its
    // kernel agrees to route the probe, while the rest of the path is still being planned.
    const first = await cache.route(sourceNs, destination.address!);
    if (first.ok) probeAddrs = { src: first.prefsrc ?? probeAddrs.src, dst: probeAddrs.dst };
    outside = await outsideNamespaces();
    // Arming is deferred to the next turn of the event loop: spawning is synchronous, and the walk's own
    // next lookup (on the critical path) should start before this namespace's captures do.
    plan = await planFor(source, destination, hostNs, view, outside, cache.route, (ns) => setImmediate(() => void armer.arm(ns).catch(() => undefined)));
    probeAddrs = { src: plan.sourceAddress ?? source.address ?? '0.0.0.0', dst: destination.address! };
    // No route in the source: the kernel refuses to send, so no packet exists to capture or trace anywhere —
    // the verdict is conclusive at once (the probe still runs, for the kernel's own words).
    const sourceRefuses = plan.end.kind === 'no-route' && plan.hops.length === 0;
    const captureNs = sourceRefuses ? [] : plan.namespaces.length > 0 ? plan.namespaces : [sourceNs];
    req.progress?.('arm', { count: captureNs.length });
    armed = await armer.all(captureNs);
  } catch (error) {
    await armer.abandon();
    throw error;
  }
  const captureNs = armed.map((a) => a.ns);
  const armedMs = performance.now() - armStart;
  let misrouted = false;
  stopWhenMisrouted(plan, destination, armed, view, () => {
    misrouted = !early.signal.aborted;
    early.abort();
  }).catch(() => undefined); // only an early stop is lost: the probe then ends by its timeout
  let probe: ProbeResult | null = null;
  let captureResults: CaptureResult[] = [];
  const traces: PingEvidence['traces'] = [];
  const probeStart = performance.now();
  const t0Us = Date.now() * 1000;
  let prediction: Promise<{ predicted: PredictedRun | null; error: string | undefined }> | null = null;
  try {
    req.progress?.('probe', { dst: destination.address! });
    const sending = sendProbe({ netns: sourceNs, dst: destination.address!, count: req.count, timeoutMs: req.timeoutMs, pattern: mark.pattern, stopWhenConclusive: true, signal: early.signal });
    // The configuration is read while the probe flies (read-only, so it cannot disturb it); started once
    // ping is on its way, so that its commands delay neither the captures nor the probe.
    prediction = predictFromConfig(source, destination, hostNs, plan, outside, cache.state).then(
      (p) => ({ predicted: p as PredictedRun | null, error: undefined as string | undefined }),
      (e: unknown) => ({ predicted: null, error: (e as Error).message }),
    );
    probe = await sending;
  } finally {
    // The probe's own last packets end the captures when its fate says which they are (answered, or one
    // echo dropped by a traced rule); otherwise sentinels do. Captures drain while the traces' marking comes
    // out: neither waits for the other.
    const sentOne = probe !== null && probe.sent === 1;
    const frames = probe !== null && probe.received > 0 ? lastFramesAnswered(captureNs, plan, probe.received)
      : sentOne && dropped ? lastFramesDropped(captureNs, plan, dropped)
        : sentOne && misrouted && probe!.errors === 0 ? lastFramesLeft(captureNs, plan) : null;
    const lastFrames = frames ? await resolveLastFrames(frames, captureNs, view) : null;
    const [results, stopped] = await Promise.all([
      drainCaptures(captureNs, mark, armed.map((a) => a.watch), lastFrames).then(() => Promise.all(armed.map((a) => a.capture.stop()))),
      Promise.all(armed.map((a) => stopTrace(a.trace))),
    ]);
    captureResults = results;
    // No trace asked: nothing to report; an unavailable one is named with its namespace.
    traces.push(...stopped.flatMap((r, i): PingEvidence['traces'] => (r === null ? [] : 'unavailable' in r ? [{ namespace: displayNs(armed[i]!.ns, hostNs), ...r }] : [r])));
  }
  const probeMs = performance.now() - probeStart;

  const captures: PingEvidence['captures'] = [];
  const nsCaptures: NamespaceCapture[] = [];
  for (const [i, ns] of captureNs.entries()) {
    const facts = await view(ns);
    const interfaceNames = new Map<number, string>((facts?.links ?? []).map((l) => [l.ifindex, l.name]));
    const { linktype, frames } = framesOf(captureResults[i]!);
    nsCaptures.push({ namespace: displayNs(ns, hostNs), linktype, interfaceNames, interface: null, frames });
    captures.push({ namespace: displayNs(ns, hostNs), ns, result: captureResults[i]!, interfaceNames: Object.fromEntries(interfaceNames) });
  }
  const relevant = new Set<string>([probeAddrs.src, probeAddrs.dst]);
  for (const l of plan.lookups) if (l.ok) for (const a of [l.gateway, l.prefsrc]) if (a) relevant.add(a);
  const observations = buildObservations(nsCaptures, { t0Us: probe?.startedAtMs ? probe.startedAtMs * 1000 : t0Us, sourceAddress: probeAddrs.src, destination: probeAddrs.dst, relevant });
  const reached = (probe?.received ?? 0) > 0;
  const netfilter: NetfilterVerdict[] = traces.flatMap((tr) => ('verdicts' in tr ? tr.verdicts : []));
  const path = plan.hops.map(({ namespace, interface: iface, role }) => ({ namespace, interface: iface, role }));
  const result: TraceResult = {
    verdict: reached ? 'reached' : 'unreachable',
    source: { ...source, address: plan.sourceAddress ?? source.address },
    destination,
    path,
    observations,
    netfilter,
    stopped_at: findStoppedAt(path, observations, reached, displayNs(source.netns ?? null, hostNs)),
    cause: null,
    fix: [],
    timing_ms: { total: Math.round(performance.now() - started), armed: Math.round(armedMs), probe: Math.round(probeMs) },
  };
  const degraded = traces.flatMap((tr) => ('unavailable' in tr ? [{ namespace: tr.namespace, reason: tr.reason }] : []));
  if (degraded.length > 0) result.trace_unavailable = degraded;
  const { predicted, error } = await prediction!;
  return { result, evidence: { plan, probe, captures, traces, mark, hostNs, predicted, ...(error ? { predictionError: error } : {}) } };
}
