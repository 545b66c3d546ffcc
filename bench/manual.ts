// The tutorial's manual way, as the baseline: one tcpdump per interface of the path, started in parallel
// (`ip netns exec NS tcpdump -l -n -i IF icmp or arp`), wait until each says "listening on", then
// `ping -c1 -W1`, then stop them all (SIGINT) and wait for them to exit.
import { performance } from 'node:perf_hooks';
import { exec, start, waitForStderr, type Live } from './proc.js';

/** One interface the manual way watches. */
export interface Watched {
  /** Namespace name. */
  ns: string;
  /** Interface name. */
  iface: string;
}

/** What one manual run saw. */
export interface ManualRun {
  /** Wall time, ms, from the first tcpdump spawn to the last exit. */
  ms: number;
  /** ping's exit code (0 = answered). */
  pingCode: number | null;
  /** Per watched interface: its printed lines and the kernel drop count tcpdump reported. */
  seen: { ns: string; iface: string; lines: string; dropped: number | null }[];
}

// The tcpdump filter of the tutorial's manual way.
export const MANUAL_FILTER = ['icmp', 'or', 'arp'];

// Arm tcpdump on every watched interface, ping once from `srcNs` (null = this namespace) to `dst`, stop.
export async function runManual(watched: readonly Watched[], srcNs: string, dst: string): Promise<ManualRun> {
  const started = performance.now();
  const dumps: Live[] = watched.map((w) => start(['ip', 'netns', 'exec', w.ns, 'tcpdump', '-l', '-n', '-i', w.iface, ...MANUAL_FILTER]));
  try {
    await Promise.all(dumps.map((d) => waitForStderr(d, /listening on/)));
    const ping = await exec(['ip', 'netns', 'exec', srcNs, 'ping', '-c1', '-W1', dst], { discard: true });
    for (const d of dumps) d.child.kill('SIGINT');
    await Promise.all(dumps.map((d) => d.exited));
    const ms = performance.now() - started;
    return {
      ms,
      pingCode: ping.code,
      seen: dumps.map((d, i) => ({ ...watched[i]!, lines: d.stdout(), dropped: droppedOf(d.stderr()) })),
    };
  } finally {
    for (const d of dumps) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
  }
}

function droppedOf(stderr: string): number | null {
  const m = /(\d+) packets? dropped by kernel/.exec(stderr);
  return m ? Number(m[1]) : null;
}
