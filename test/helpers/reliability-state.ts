// Reliability test helpers: what a run may leave behind (TRACE rules, capture processes, state files) and a
// read-only snapshot of every namespace, all scoped to the namespaces in /run/netns so that runs of other
// engineers on the same machine (outside this test's private mount namespace) are never seen or touched.
import { execa } from 'execa';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { netnsList } from './cli.js';

/** Output of a command inside a namespace (never throws). */
async function inNsOut(ns: string, file: string, args: string[]): Promise<string> {
  const r = await execa('nsenter', [`--net=/run/netns/${ns}`, '--', file, ...args], { reject: false, timeout: 20000, env: { LC_ALL: 'C' } });
  return String(r.stdout);
}

// A run's trace tables (`table ip nettrace-<run>`) and rules tagged by a run (`nettrace:<run>`, not the lab's
// own `nettrace:lab` rules) in both iptables backends.
export async function leftoverTraceRules(): Promise<string[]> {
  const found: string[] = [];
  for (const ns of await netnsList()) {
    for (const line of (await inNsOut(ns, 'nft', ['list', 'tables', 'ip'])).split('\n')) {
      if (/^table ip nettrace-/.test(line)) found.push(`${ns} (nft): ${line}`);
    }
    for (const save of ['iptables-nft-save', 'iptables-legacy-save']) {
      for (const line of (await inNsOut(ns, save, [])).split('\n')) {
        if (/--comment "?nettrace:/.test(line) && !/nettrace:lab\b/.test(line)) found.push(`${ns} (${save}): ${line}`);
      }
    }
  }
  return found;
}

/** Network-namespace inodes of the namespaces in /run/netns, by inode. */
async function namespaceInodes(): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const ns of await netnsList()) {
    const s = await stat(join('/run/netns', ns)).catch(() => null);
    if (s) out.set(s.ino, ns);
  }
  return out;
}

/** A process living in one of this test's namespaces. */
export interface NsProcess { pid: number; ns: string; comm: string; cmdline: string }

// Processes whose network namespace is one of /run/netns (this test's own, under scripts/isolated.sh).
export async function processesInLabNamespaces(names: readonly string[] = ['tcpdump', 'xtables-monitor', 'ping', 'nsenter', 'setpriv']): Promise<NsProcess[]> {
  const inodes = await namespaceInodes();
  const found: NsProcess[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const link = await readlink(`/proc/${entry}/ns/net`).catch(() => '');
    const m = /^net:\[(\d+)\]$/.exec(link);
    const ns = m ? inodes.get(Number(m[1])) : undefined;
    if (!ns) continue;
    const comm = (await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '')).trim();
    if (!names.includes(comm)) continue;
    const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
    found.push({ pid: Number(entry), ns, comm, cmdline });
  }
  return found;
}

// Poll `probe` until it returns a non-empty list or `timeoutMs` passes; returns the last list.
export async function waitFor<T>(probe: () => Promise<T[]>, timeoutMs: number, everyMs = 25): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await probe();
    if (list.length > 0 || Date.now() > deadline) return list;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// Poll until `probe` returns an empty list (processes exiting by themselves); returns what is still there.
export async function waitGone<T>(probe: () => Promise<T[]>, timeoutMs: number, everyMs = 50): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await probe();
    if (list.length === 0 || Date.now() > deadline) return list;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// Files in nettrace's state directory other than the lab record (a lock, a half-written record).
export async function strayStateFiles(dir = '/run/nettrace'): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((f) => f !== 'lab.json');
}

/** Everything that must be gone after any run: TRACE rules, capture/probe processes, stray state files. */
export interface Leftovers { rules: string[]; processes: NsProcess[]; stateFiles: string[]; tmpFiles: string[] }

// Collect leftovers; processes get `graceMs` to exit (a killed parent's children get SIGTERM from the kernel).
export async function collectLeftovers(tmpDir?: string, graceMs = 3000): Promise<Leftovers> {
  const processes = await waitGone(() => processesInLabNamespaces(), graceMs);
  return {
    rules: await leftoverTraceRules(),
    processes,
    stateFiles: await strayStateFiles(),
    tmpFiles: tmpDir ? await readdir(tmpDir).catch(() => []) : [],
  };
}

// True when nothing is left (for assert.deepEqual against this value).
export const NOTHING_LEFT: Leftovers = { rules: [], processes: [], stateFiles: [], tmpFiles: [] };
