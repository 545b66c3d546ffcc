// Offline reading: `nettrace read` against `tcpdump -nn -r` and `tshark -r` on the same generated pcap
// (≥ 200 MB), stdout to /dev/null, interleaved; MB/s, ratios, and read's peak RSS on a small and the large
// file (flat memory means the two are about equal).
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execWithPeakRss, NETTRACE } from './proc.js';
import { generatePcap } from './pcap-gen.js';
import { round, summarize, type Summary } from './stats.js';

/** One reader's figures. */
export interface ReaderRow {
  reader: string;
  ms: Summary;
  /** File size / median time. */
  mbPerS: number;
  /** Peak RSS, KiB (median). */
  rssKiB: number;
}

/** Result of the offline benchmark. */
export interface OfflineResult {
  fileMB: number;
  packets: number;
  readers: ReaderRow[];
  /** nettrace MB/s ÷ tcpdump MB/s (≥ 1 = at least as fast). */
  vsTcpdump: number;
  /** nettrace MB/s ÷ tshark MB/s. */
  vsTshark: number;
  /** Peak RSS of `nettrace read` on a file a quarter the size (KiB), to show memory is flat. */
  smallFileRssKiB: number;
  smallFileMB: number;
}

const READERS: { name: string; argv: (file: string) => string[] }[] = [
  { name: 'nettrace read', argv: (f) => [...NETTRACE, 'read', f] },
  { name: 'tcpdump -nn -r', argv: (f) => ['tcpdump', '-nn', '-r', f] },
  { name: 'tshark -r', argv: (f) => ['tshark', '-r', f] },
];

// Generate the files, time each reader `runs` times (order rotating), remove the files.
export async function benchOffline(sizeMB: number, runs: number, log: (line: string) => void): Promise<OfflineResult> {
  const big = join(tmpdir(), `nettrace-bench-${process.pid}-big.pcap`);
  const small = join(tmpdir(), `nettrace-bench-${process.pid}-small.pcap`);
  try {
    const packets = await generatePcap(big, sizeMB * 1e6);
    await generatePcap(small, (sizeMB / 4) * 1e6);
    const fileMB = statSync(big).size / 1e6;
    const smallMB = statSync(small).size / 1e6;
    log(`offline: ${fileMB.toFixed(0)} MB, ${packets} packets`);
    const times: number[][] = READERS.map(() => []);
    const rss: number[][] = READERS.map(() => []);
    for (let i = 0; i < runs; i += 1) {
      for (let k = 0; k < READERS.length; k += 1) {
        const j = (i + k) % READERS.length;
        const r = await execWithPeakRss(READERS[j]!.argv(big));
        if (r.code !== 0) throw new Error(`${READERS[j]!.name} exited ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
        times[j]!.push(r.ms);
        rss[j]!.push(r.rssKiB);
      }
    }
    const readers = READERS.map((rd, j) => {
      const ms = summarize(times[j]!);
      return { reader: rd.name, ms, mbPerS: round(fileMB / (ms.median / 1000), 1), rssKiB: summarize(rss[j]!).median };
    });
    const smallRss = (await execWithPeakRss(READERS[0]!.argv(small))).rssKiB;
    const result: OfflineResult = {
      fileMB: round(fileMB, 0), packets, readers,
      vsTcpdump: round(readers[0]!.mbPerS / readers[1]!.mbPerS, 2),
      vsTshark: round(readers[0]!.mbPerS / readers[2]!.mbPerS, 2),
      smallFileRssKiB: smallRss, smallFileMB: round(smallMB, 0),
    };
    for (const r of readers) log(`offline: ${r.reader} ${r.mbPerS} MB/s (median ${r.ms.median.toFixed(0)} ms), RSS ${r.rssKiB} KiB`);
    return result;
  } finally {
    rmSync(big, { force: true });
    rmSync(small, { force: true });
  }
}
