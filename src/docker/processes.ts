// Finding and ending the processes one sandbox dockerd started (containerd, shims, container inits), by pid
// and only when their command line names that daemon's own exec-root: never by a broad process name.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A process and its command line (NUL separators turned into spaces). */
export interface ProcessEntry {
  pid: number;
  cmdline: string;
}

/** Pids whose command line contains `needle` as a whole path (pure; `self` excluded). */
export function pidsMentioning(entries: readonly ProcessEntry[], needle: string, self: number = process.pid): number[] {
  const pattern = new RegExp(`(^|[\\s=])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|\\s|$)`);
  return entries.filter((entry) => entry.pid !== self && pattern.test(entry.cmdline)).map((entry) => entry.pid);
}

/** Every process's command line from /proc (processes that vanish while reading are skipped). */
export async function listProcesses(): Promise<ProcessEntry[]> {
  const names = await readdir('/proc');
  const entries: ProcessEntry[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const raw = await readFile(`/proc/${name}/cmdline`, 'utf8');
      if (raw) entries.push({ pid: Number(name), cmdline: raw.replace(/\0+$/, '').replace(/\0/g, ' ') });
    } catch {
      /* gone meanwhile */
    }
  }
  return entries;
}

/** Pids among `pids` that share our mount namespace. Another run in a private mount namespace (scripts/isolated.sh)
 * uses the same exec-root path for its own daemon: its processes mention that path too and must be left alone. */
export async function inOurMountNamespace(pids: readonly number[]): Promise<number[]> {
  const ours = await readlink('/proc/self/ns/mnt').catch(() => null);
  if (ours === null) return [...pids];
  const kept: number[] = [];
  for (const pid of pids) if ((await readlink(`/proc/${pid}/ns/mnt`).catch(() => null)) === ours) kept.push(pid);
  return kept;
}

/** True while `pid` exists and is not a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Send `signal` to `pid`, ignoring a process that is already gone. */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL and wait up to 5 s; returns true when the process is gone. */
export async function terminatePid(pid: number, graceMs: number): Promise<boolean> {
  signalPid(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return true;
  signalPid(pid, 'SIGKILL');
  return waitForExit(pid, 5000);
}

/** Poll until `pid` is gone or `timeoutMs` passed. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/** The pid stored in a pidfile, or null when the file is missing or not a number. */
export async function readPidfile(file: string): Promise<number | null> {
  try {
    const value = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
