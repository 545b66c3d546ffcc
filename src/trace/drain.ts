// Deterministic end of a capture (and the live view of what a capture has delivered). The kernel hands
// packets to a capture socket in the order it taps them, so once a capture has delivered a packet, every
// packet tapped before it has been delivered too:
// - when the probe's fate says which of its packets each namespace taps last (answered, or dropped by a
//   traced rule: last-frames.ts), a capture is complete once that packet has come out of its stream;
// - otherwise each namespace pings its own loopback with the run's mark, and the capture is complete once
//   that sentinel has come out of its stream. No sleeping on a guess either way.
import { performance } from 'node:perf_hooks';
import type { Capture } from '../capture/tcpdump-capture.js';
import type { NsName } from '../model/state.js';
import type { ProbeMark } from '../capture/bpf-filter.js';
import { createPcapStreamParser } from '../capture/pcap-reader.js';
import { decodeFrame } from '../decode/decode-packet.js';
import { run } from '../system/runner.js';

/** The loopback address sentinels are sent to. */
export const SENTINEL_ADDRESS = '127.0.0.1';

/** What has come out of one capture's stream so far. */
export interface StreamWatch {
  /** Resolves true when a sentinel echo has been delivered, false when the stream ended without one. */
  sentinel: Promise<boolean>;
  /** Resolves true when `count` echoes of `kind` have been delivered on interface `ifIndex`, false when the stream ended first. */
  echoes(kind: EchoKind, ifIndex: number, count: number): Promise<boolean>;
}

/** The two echo messages a probe consists of. */
export type EchoKind = 'echo-request' | 'echo-reply';

/** Watch a live capture's stream for sentinels and echo replies (the BPF filter lets only this run's marked ICMP through). */
export function watchStream(capture: Pick<Capture, 'pcap'>): StreamWatch {
  let linktype = 1;
  let sentinelSeen = false;
  let ended = false;
  const echoesOn = new Map<string, number>();
  const waiters = new Set<{ done: () => boolean; resolve: (met: boolean) => void }>();
  const settle = () => {
    for (const w of waiters) {
      if (w.done()) w.resolve(true);
      else if (ended) w.resolve(false);
      else continue;
      waiters.delete(w);
    }
  };
  const until = (done: () => boolean) => new Promise<boolean>((resolve) => {
    if (done()) return resolve(true);
    if (ended) return resolve(false);
    waiters.add({ done, resolve });
  });
  const parser = createPcapStreamParser({
    onHeader: (h) => { linktype = h.linktype; },
    onPacket: (p) => {
      const d = decodeFrame(linktype, p.data);
      if (d.kind !== 'icmp') return;
      if (d.ip.dst === SENTINEL_ADDRESS && d.icmp.kind === 'echo-request') sentinelSeen = true;
      else if ((d.icmp.kind === 'echo-reply' || d.icmp.kind === 'echo-request') && d.link.ifIndex !== undefined) {
        const key = `${d.icmp.kind} ${d.link.ifIndex}`;
        echoesOn.set(key, (echoesOn.get(key) ?? 0) + 1);
      } else return;
      settle();
    },
    onError: () => { ended = true; settle(); },
  });
  const feed = (chunk: Buffer) => parser.write(chunk);
  capture.pcap.on('data', feed);
  capture.pcap.once('end', () => { ended = true; capture.pcap.off('data', feed); settle(); });
  return {
    sentinel: until(() => sentinelSeen),
    echoes: (kind, ifIndex, count) => until(() => (echoesOn.get(`${kind} ${ifIndex}`) ?? 0) >= count),
  };
}

/** Send one marked echo to loopback inside `ns` (fails quietly when lo is down). */
async function sendSentinel(ns: NsName, mark: ProbeMark): Promise<boolean> {
  const r = await run('ping', ['-n', '-q', '-c', '1', '-W', '1', '-p', mark.pattern, SENTINEL_ADDRESS], { netns: ns, check: false, timeoutMs: 3000 });
  return r.exitCode === 0;
}

function within<T>(promise: Promise<T>, ms: number, otherwise: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => { timer = setTimeout(() => resolve(otherwise), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The last packet of the probe a capture taps (last-frames.ts), with the interface as the capture names it. */
export type LastFrameSeen = { kind: EchoKind; ifIndex: number; count: number } | 'nothing';

/** How long captures may take to deliver the probe's last packets before sentinels are sent after all. */
const LAST_FRAME_GRACE_MS = 60;

/** Flush every capture: by the probe's own last packets when every namespace's is known (answered, or a
 * traced drop) and all come out within a short grace, else by sentinels (waiting at most `maxMs` for them). */
export async function drainCaptures(namespaces: NsName[], mark: ProbeMark, watches: StreamWatch[], lastFrames: (LastFrameSeen | null)[] | null, maxMs = 1000): Promise<{ drained: boolean; ms: number; by: 'last-frames' | 'sentinels' }> {
  const start = performance.now();
  if (lastFrames && lastFrames.length === watches.length && lastFrames.every((f) => f !== null)) {
    const all = Promise.all(watches.map((w, i) => {
      const f = lastFrames[i]!;
      return f === 'nothing' ? true : w.echoes(f.kind, f.ifIndex, f.count);
    }));
    if (await within(all.then((met) => met.every(Boolean)), LAST_FRAME_GRACE_MS, false)) return { drained: true, ms: performance.now() - start, by: 'last-frames' };
  }
  const sent = await Promise.all(namespaces.map((ns) => sendSentinel(ns, mark)));
  const waits = watches.filter((_, i) => sent[i]).map((w) => w.sentinel);
  const drained = await within(Promise.all(waits).then(() => sent.every(Boolean)), Math.max(0, maxMs - (performance.now() - start)), false);
  return { drained, ms: performance.now() - start, by: 'sentinels' };
}
