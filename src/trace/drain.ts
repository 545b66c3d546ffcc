// Deterministic end of a capture: after the probe, each traced namespace pings its own loopback with the
// run's mark; the kernel hands packets to a capture socket in order, so once a capture has delivered that
// sentinel, every packet before it has been delivered too — no sleeping on a guess.
import { performance } from 'node:perf_hooks';
import type { Capture } from '../capture/tcpdump-capture.js';
import type { NsName } from '../model/state.js';
import type { ProbeMark } from '../capture/bpf-filter.js';
import { createPcapStreamParser } from '../capture/pcap-reader.js';
import { decodeFrame } from '../decode/decode-packet.js';
import { run } from '../system/runner.js';

/** The loopback address sentinels are sent to. */
export const SENTINEL_ADDRESS = '127.0.0.1';

/** Resolves when a sentinel echo (to 127.0.0.1) has come out of the capture's stream. */
export function watchForSentinel(capture: Capture): Promise<void> {
  return new Promise((resolve) => {
    let linktype = 1;
    const parser = createPcapStreamParser({
      onHeader: (h) => { linktype = h.linktype; },
      onPacket: (p) => {
        const d = decodeFrame(linktype, p.data);
        if (d.kind === 'icmp' && d.ip.dst === SENTINEL_ADDRESS && d.icmp.kind === 'echo-request') {
          capture.pcap.off('data', feed);
          resolve();
        }
      },
      onError: () => resolve(),
    });
    const feed = (chunk: Buffer) => parser.write(chunk);
    capture.pcap.on('data', feed);
    capture.pcap.once('end', () => resolve());
  });
}

/** Send one marked echo to loopback inside `ns` (fails quietly when lo is down). */
async function sendSentinel(ns: NsName, mark: ProbeMark): Promise<boolean> {
  const r = await run('ping', ['-n', '-q', '-c', '1', '-W', '1', '-p', mark.pattern, SENTINEL_ADDRESS], { netns: ns, check: false, timeoutMs: 3000 });
  return r.exitCode === 0;
}

/** Flush every capture: send sentinels, wait until each stream delivered its own (at most `maxMs`). */
export async function drainCaptures(namespaces: NsName[], mark: ProbeMark, watchers: Promise<void>[], maxMs = 1000): Promise<{ drained: boolean; ms: number }> {
  const start = performance.now();
  const sent = await Promise.all(namespaces.map((ns) => sendSentinel(ns, mark)));
  const waits = watchers.filter((_, i) => sent[i]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), maxMs); });
  const drained = await Promise.race([Promise.all(waits).then(() => sent.every(Boolean)), timeout]);
  clearTimeout(timer);
  return { drained, ms: performance.now() - start };
}
