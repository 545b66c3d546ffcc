// Benchmark: our streaming pcap reader against the npm package pcap-parser on a generated 50 MB pcap.
// Prints MB/s of each (median of N interleaved runs after one warm-up) and the ratio measured in this same run.
// Run: node --import tsx bench/read-parsers.ts [MB] [runs]
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPcapFile } from '../src/capture/pcap-reader.js';
import { encodePcapHeader, encodePcapRecord } from '../src/capture/pcap-writer.js';

const sizeMb = Number(process.argv[2] ?? 50);
const runs = Number(process.argv[3] ?? 5);
const path = join(tmpdir(), `h1-bench-${process.pid}.pcap`);

/** Write a pcap of mixed frame sizes (ARP-sized, ping-sized, MTU-sized) without holding it in memory. */
async function generate(): Promise<number> {
  const out = createWriteStream(path);
  out.write(encodePcapHeader());
  const sizes = [42, 98, 1514, 60, 590];
  let bytes = 24;
  let i = 0;
  while (bytes < sizeMb * 1e6) {
    const rec = encodePcapRecord({ tsSec: 1700000000 + (i >> 10), tsFrac: i % 1000000, data: Buffer.alloc(sizes[i % sizes.length], i & 0xff) });
    bytes += rec.length;
    i += 1;
    if (!out.write(rec)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return i;
}

async function ours(): Promise<number> {
  let n = 0;
  const s = await readPcapFile(path, () => { n += 1; });
  if (s.error) throw s.error;
  return n;
}

function theirs(): Promise<number> {
  const require = createRequire(import.meta.url);
  const pcapParser = require('pcap-parser') as { parse(p: string): NodeJS.EventEmitter };
  return new Promise((resolve, reject) => {
    let n = 0;
    const parser = pcapParser.parse(path);
    parser.on('packet', () => { n += 1; });
    parser.on('end', () => resolve(n));
    parser.on('error', reject);
  });
}

/** One full read: wall-clock MB/s and MB per CPU-second (steadier on a shared machine); throws on lost packets. */
async function timeOnce(name: string, fn: () => Promise<number>, expected: number, mb: number): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const n = await fn();
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  if (n !== expected) throw new Error(`${name}: ${n} packets, expected ${expected}`);
  return { wall: mb / secs, cpu: mb / ((cpu.user + cpu.system) / 1e6) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (name: string, rates: { wall: number; cpu: number }[]): void => {
  const wall = rates.map((r) => r.wall);
  console.log(`${name.padEnd(12)} ${median(wall).toFixed(1).padStart(7)} MB/s wall, ${median(rates.map((r) => r.cpu)).toFixed(1).padStart(7)} MB/cpu-s  (wall runs: ${wall.map((x) => x.toFixed(0)).join(', ')})`);
};

try {
  const packets = await generate();
  const mb = statSync(path).size / 1e6;
  console.log(`file: ${mb.toFixed(1)} MB, ${packets} packets, ${runs} runs each`);
  // interleaved runs so that both parsers share the machine's noise (other jobs, page cache)
  const a: { wall: number; cpu: number }[] = [];
  const b: { wall: number; cpu: number }[] = [];
  await timeOnce('warm-up', ours, packets, mb);
  await timeOnce('warm-up', theirs, packets, mb);
  for (let r = 0; r < runs; r += 1) {
    a.push(await timeOnce('ours', ours, packets, mb));
    b.push(await timeOnce('pcap-parser', theirs, packets, mb));
  }
  show('ours', a);
  show('pcap-parser', b);
  const ratio = (pick: (r: { wall: number; cpu: number }) => number): string => (median(a.map(pick)) / median(b.map(pick))).toFixed(2);
  console.log(`ratio ours/pcap-parser: ${ratio((r) => r.wall)}x wall, ${ratio((r) => r.cpu)}x cpu (medians)`);
} finally {
  rmSync(path, { force: true });
}
