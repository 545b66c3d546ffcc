// One live capture: a tcpdump child inside a namespace whose stdout is a pcap stream.
// Armed only when tcpdump says "listening on" (a probe sent earlier is lost); the stream is always
// drained by us (a parent that stops reading loses packets, DESIGN.md), kept whole for --save,
// and mirrored to `pcap` for live parsing.
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { spawnLong, type NetnsRef } from '../system/runner.js';
import { EnvironmentError } from '../cli/errors.js';
import { buildTcpdumpArgs, isArmedLine, parseTcpdumpError, parseTcpdumpStats } from './tcpdump-output.js';

/** What to capture, where. */
export interface CaptureSpec {
  /** Namespace to capture in (null/undefined = nettrace's own). */
  netns: NetnsRef;
  /** `any` or an interface name of that namespace. */
  iface: string;
  /** pcap-filter expression (bpf-filter.ts). */
  filter: string;
  /** Bytes kept per packet (default tcpdump's 262144). */
  snaplen?: number;
  /** Kernel buffer in KiB (`-B`). */
  bufferKiB?: number;
  /** Give up arming after this many ms (default 5000). */
  armTimeoutMs?: number;
}

/** What a stopped capture leaves. */
export interface CaptureResult {
  /** The whole pcap stream as tcpdump wrote it (a valid pcap file: --save writes it as is). */
  pcapBytes: Buffer;
  /** "N packets captured" (null when tcpdump died before printing its statistics). */
  packetsCaptured: number | null;
  /** "N packets received by filter". */
  packetsReceived: number | null;
  /** "N packets dropped by kernel": non-zero means evidence may be missing. */
  packetsDroppedByKernel: number | null;
  /** tcpdump's exit code (null when killed by a signal). */
  exitCode: number | null;
  /** What went wrong during the capture (e.g. "interface disappeared"), null when nothing. */
  error: string | null;
  /** Everything tcpdump wrote on stderr. */
  stderr: string;
  /** How tcpdump ended when it died before stop() asked it to (`SIGKILL`, `exit 1`): its evidence is cut short. */
  endedEarly?: string;
}

/** A running capture. */
export interface Capture {
  readonly spec: CaptureSpec;
  /** Resolves with the arm time in ms once tcpdump listens; rejects with CaptureArmError. */
  readonly armed: Promise<number>;
  /** Live copy of the pcap stream (written without back-pressure: reading it is optional). */
  readonly pcap: PassThrough;
  /** Stop (SIGINT, then SIGTERM, then SIGKILL), wait for the exit and return what was captured. */
  stop(): Promise<CaptureResult>;
}

/** A capture that could not be armed: names the namespace and interface (exit 3). */
export class CaptureArmError extends EnvironmentError {
  /** The spec that failed. */
  readonly spec: CaptureSpec;
  constructor(spec: CaptureSpec, reason: { timeoutMs?: number; detail?: string }) {
    const where = { netns: spec.netns ?? 'host', iface: spec.iface };
    super(
      reason.timeoutMs !== undefined ? 'capture.armTimeout' : 'capture.armFailed',
      reason.timeoutMs !== undefined ? { ...where, ms: reason.timeoutMs } : { ...where, detail: reason.detail ?? 'unknown error' },
    );
    this.spec = spec;
  }
}

const STOP_GRACE_MS = 2000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// Spawn tcpdump in the namespace; the returned handle's `armed` says when packets will be seen.
export function startCapture(spec: CaptureSpec): Capture {
  const started = performance.now();
  const child = spawnLong('tcpdump', buildTcpdumpArgs(spec), { netns: spec.netns });
  const chunks: Buffer[] = [];
  const pcap = new PassThrough({ highWaterMark: 1 << 20 });
  let stderr = '';
  let isArmed = false;

  const stdoutEnded = new Promise<void>((resolve) => {
    if (!child.stdout) return resolve();
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      pcap.write(chunk);
    });
    child.stdout.on('end', resolve);
    child.stdout.on('close', resolve);
    child.stdout.on('error', () => resolve());
  });
  const exited = child.then(
    (r) => ({ exitCode: typeof r.exitCode === 'number' ? r.exitCode : null, failed: r.failed, message: String(r.message ?? '') }),
    (e: Error) => ({ exitCode: null, failed: true, message: e.message }),
  );

  const armed = new Promise<number>((resolve, reject) => {
    const timeoutMs = spec.armTimeoutMs ?? 5000;
    const timer = setTimeout(() => {
      if (isArmed) return;
      child.kill('SIGKILL');
      reject(new CaptureArmError(spec, { timeoutMs }));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (!isArmed && isArmedLine(stderr)) {
        isArmed = true;
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    });
    void exited.then((exit) => {
      if (isArmed) return;
      clearTimeout(timer);
      const detail = parseTcpdumpError(stderr) ?? (exit.message.split('\n')[0] || `tcpdump exited with ${exit.exitCode}`);
      reject(new CaptureArmError(spec, { detail }));
    });
  });
  armed.catch(() => undefined); // the caller may only look at stop(); never an unhandled rejection

  let stopping: Promise<CaptureResult> | null = null;
  const stop = (): Promise<CaptureResult> => {
    stopping ??= (async () => {
      const endedEarly = child.signalCode ?? (child.exitCode !== null ? `exit ${child.exitCode}` : null);
      const done = Promise.all([exited, stdoutEnded]);
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
        if (child.exitCode !== null || child.signalCode !== null) break;
        child.kill(signal);
        const finished = await Promise.race([done.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
        if (finished) break;
      }
      const [exit] = await done;
      pcap.end();
      const stats = parseTcpdumpStats(stderr);
      const error = parseTcpdumpError(stderr);
      return { pcapBytes: Buffer.concat(chunks), ...stats, exitCode: exit.exitCode, error, stderr, ...(endedEarly ? { endedEarly } : {}) };
    })();
    return stopping;
  };

  return { spec, armed, pcap, stop };
}
