// The machine a benchmark ran on (the figures only mean something next to it): cores, memory, kernel, load.
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

/** Description of the machine and its load. */
export interface Machine {
  nproc: number;
  cpu: string;
  memoryMiB: number;
  freeMiB: number;
  kernel: string;
  node: string;
  /** 1, 5 and 15 minute load averages. */
  load: number[];
}

// Read the machine's description now (load is sampled at the call).
export function describeMachine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try { cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu; } catch { /* keep os' */ }
  return { nproc: cpus().length, cpu, memoryMiB: Math.round(totalmem() / 2 ** 20), freeMiB: Math.round(freemem() / 2 ** 20), kernel: release(), node: process.version, load: loadavg().map((l) => Math.round(l * 100) / 100) };
}
