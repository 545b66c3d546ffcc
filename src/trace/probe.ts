// The probe: iputils ping inside the source namespace, marked with the run's payload pattern, its output
// turned into evidence. A probe that cannot be sent is a result (sendError), never a thrown error.
//
// The ICMP id: as root, iputils ping uses a raw socket and picks a random id; `-e ID` (iputils >= 20210202)
// sets it (and forces a raw socket). We pass `-e` when asked and fall back without it when ping does not
// know the option; then `icmpId` is null and the id can be read from the capture (the echo request seen
// on the source interface). The id is only a hint anyway: NAT may rewrite it (conntrack shows
// `id=7777 … id=10099` on a clash), while the payload pattern survives every hop (bpf-filter.ts).
import { performance } from 'node:perf_hooks';
import { spawnLong, wrapForNetns, type NetnsRef } from '../system/runner.js';
import { EnvironmentError } from '../cli/errors.js';
import { isConclusiveLine, parsePingOutput, type PingOutput } from './probe-parse.js';

/** What to send. */
export interface ProbeSpec {
  /** Namespace the probe leaves from. */
  netns: NetnsRef;
  /** Destination IPv4 address. */
  dst: string;
  /** Echo requests to send. */
  count: number;
  /** How long to wait for each answer, in ms (rounded up to whole seconds for `-W`). */
  timeoutMs: number;
  /** 32 hex digits from makeProbeMark (`ping -p`). */
  pattern: string;
  /** ICMP echo id to use (`ping -e`); random when omitted. */
  id?: number;
  /** Leave through this interface (`ping -I`). */
  iface?: string;
  /** Abort when this signal fires (ping is interrupted and its summary still parsed). */
  signal?: AbortSignal;
  /** Stop at the first reply, ICMP error or send failure (default false: send all `count`). */
  stopWhenConclusive?: boolean;
}

/** What the probe did. */
export interface ProbeResult extends PingOutput {
  /** The ping command as run (after namespace wrapping). */
  argv: string[];
  /** ping's exit code: 0 some reply, 1 none, 2 could not send (null when killed). */
  exitCode: number | null;
  /** True when stopped early (conclusive or aborted). */
  stoppedEarly: boolean;
  /** The ICMP id the probe carried when nettrace set it, null when ping chose it. */
  icmpId: number | null;
  /** The payload pattern. */
  pattern: string;
  /** Wall-clock time the probe started (ms since the epoch) to align with capture timestamps. */
  startedAtMs: number;
  /** How long ping ran, in ms. */
  durationMs: number;
}

const INTERVAL_S = 0.2;

// ping's arguments for a spec (with or without -e).
export function buildPingArgs(spec: ProbeSpec, withId: boolean): string[] {
  const waitS = Math.max(1, Math.ceil(spec.timeoutMs / 1000));
  const args = ['-n', '-c', String(spec.count), '-W', String(waitS), '-i', String(INTERVAL_S), '-p', spec.pattern];
  if (withId && spec.id !== undefined) args.push('-e', String(spec.id));
  if (spec.iface) args.push('-I', spec.iface);
  args.push(spec.dst);
  return args;
}

async function runPing(spec: ProbeSpec, withId: boolean): Promise<ProbeResult> {
  const args = buildPingArgs(spec, withId);
  const startedAtMs = Date.now();
  const started = performance.now();
  const child = spawnLong('ping', args, { netns: spec.netns });
  let stdout = '';
  let stderr = '';
  let stoppedEarly = false;
  const interrupt = () => {
    if (child.exitCode === null && child.signalCode === null) {
      stoppedEarly = true;
      child.kill('SIGINT');
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    const before = stdout.length;
    stdout += chunk.toString('utf8');
    if (spec.stopWhenConclusive && stdout.slice(before).split('\n').some(isConclusiveLine)) interrupt();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  spec.signal?.addEventListener('abort', interrupt, { once: true });
  if (spec.signal?.aborted) interrupt();
  // A wall-clock guard: count intervals + the last wait + slack; ping still prints its summary on SIGINT.
  const guard = setTimeout(interrupt, spec.count * INTERVAL_S * 1000 + Math.max(1000, spec.timeoutMs) + 2000);
  const result = await child;
  clearTimeout(guard);
  spec.signal?.removeEventListener('abort', interrupt);
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : null;
  if (exitCode === 127 || /failed to execute ping/.test(stderr) || (result as { code?: string }).code === 'ENOENT') {
    throw new EnvironmentError('error.missingTool', { tool: 'ping', package: 'iputils-ping' });
  }
  return {
    ...parsePingOutput(stdout, stderr),
    argv: wrapForNetns('ping', args, spec.netns).flat(),
    exitCode,
    stoppedEarly,
    icmpId: withId && spec.id !== undefined ? spec.id : null,
    pattern: spec.pattern,
    startedAtMs,
    durationMs: performance.now() - started,
  };
}

// Send the probe and return what happened; retries once without `-e` on an iputils that lacks it.
export async function sendProbe(spec: ProbeSpec): Promise<ProbeResult> {
  const first = await runPing(spec, true);
  if (first.idOptionUnsupported && spec.id !== undefined) return runPing(spec, false);
  return first;
}
