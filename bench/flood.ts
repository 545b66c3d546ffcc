// Background load for the capture benchmark: a UDP blaster (python3) inside BLUE sending small datagrams
// to the sandbox host's br0 address, so every packet crosses beth1 and br0; its real rate is measured
// from beth1's receive counter, not assumed.
import { setTimeout as sleep } from 'node:timers/promises';
import { must, start, type Live } from './proc.js';

const BLASTER = `
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
dst = ("11.11.11.1", 9); payload = b"x" * 18; end = time.time() + float(sys.argv[1])
while time.time() < end:
    for _ in range(2000):
        s.sendto(payload, dst)
`;

/** A running flood. */
export interface Flood {
  /** Stop the blaster and wait for it. */
  stop(): Promise<void>;
}

// Start a blaster in `ns` for at most `maxSeconds` (it stops itself even if the benchmark dies).
export function startFlood(ns: string, maxSeconds: number): Flood {
  const live: Live = start(['ip', 'netns', 'exec', ns, 'python3', '-c', BLASTER, String(maxSeconds)]);
  return {
    async stop() {
      live.child.kill('SIGTERM');
      await live.exited;
    },
  };
}

// Received packets of an interface in a namespace (64-bit counters from `ip -s -j`).
export async function rxPackets(ns: string, iface: string): Promise<number> {
  const json = JSON.parse(await must(['ip', '-n', ns, '-j', '-s', 'link', 'show', iface])) as { stats64: { rx: { packets: number } } }[];
  return json[0]!.stats64.rx.packets;
}

// Packets per second through `iface` over `seconds`.
export async function measureRate(ns: string, iface: string, seconds: number): Promise<number> {
  const a = await rxPackets(ns, iface);
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const b = await rxPackets(ns, iface);
  return Math.round(((b - a) * 1000) / (Date.now() - t0));
}
