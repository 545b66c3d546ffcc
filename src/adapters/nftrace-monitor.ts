// The `xtables-monitor --trace` child of one namespace, and how to know it listens: it prints nothing
// when it starts, so readiness is read from the kernel — its netfilter netlink socket (protocol 12)
// bound to the NFTRACE multicast group (group 9, bit 0x100) in /proc/PID/net/netlink.
import { readFile, readdir, readlink } from 'node:fs/promises';
import { spawnLong, type LongChild, type NetnsRef } from '../system/runner.js';

/** One row of /proc/net/netlink. */
export interface NetlinkSocketRow {
  /** Netlink protocol (12 = NETLINK_NETFILTER). */
  protocol: number;
  /** Multicast group bitmask (first 32 groups). */
  groups: number;
  inode: number;
}

const NETLINK_NETFILTER = 12;
const NFNLGRP_NFTRACE_BIT = 1 << (9 - 1);

// Parse /proc/net/netlink (pure).
export function parseNetlinkTable(text: string): NetlinkSocketRow[] {
  return text.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 10)
    .map((f) => ({ protocol: Number(f[1]), groups: Number.parseInt(f[3], 16), inode: Number(f[9]) }));
}

// Whether one of `inodes` is a netfilter netlink socket subscribed to trace events (pure).
export function isTraceSubscribed(rows: readonly NetlinkSocketRow[], inodes: ReadonlySet<number>): boolean {
  return rows.some((r) => r.protocol === NETLINK_NETFILTER && (r.groups & NFNLGRP_NFTRACE_BIT) !== 0 && inodes.has(r.inode));
}

async function socketInodes(pid: number): Promise<Set<number>> {
  const inodes = new Set<number>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m) inodes.add(Number(m[1]));
  }
  return inodes;
}

/** A running monitor. */
export interface TraceMonitor {
  child: LongChild;
  /** Everything it printed so far. */
  output(): string;
  /** Call `listener` after each chunk of output (live verdicts). */
  onOutput(listener: () => void): void;
}

// Spawn the monitor in the namespace (nsenter execs it, so the child pid is the monitor's).
export function spawnTraceMonitor(netns: NetnsRef): TraceMonitor {
  const child = spawnLong('xtables-monitor', ['--trace'], { netns });
  let text = '';
  const listeners: (() => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); for (const l of listeners) l(); });
  child.stderr?.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
  return { child, output: () => text, onOutput: (listener) => { listeners.push(listener); } };
}

// Resolve once the monitor's socket is subscribed to trace events; reject if it exits or times out.
export async function waitTraceMonitorReady(monitor: TraceMonitor, timeoutMs = 3000): Promise<number> {
  const started = Date.now();
  const pid = monitor.child.pid;
  if (pid === undefined) throw new Error('xtables-monitor did not start');
  for (;;) {
    if (monitor.child.exitCode !== null || monitor.child.signalCode !== null) {
      throw new Error(monitor.output().trim().split('\n')[0] || `xtables-monitor exited with ${monitor.child.exitCode}`);
    }
    try {
      const [table, inodes] = await Promise.all([readFile(`/proc/${pid}/net/netlink`, 'utf8'), socketInodes(pid)]);
      if (isTraceSubscribed(parseNetlinkTable(table), inodes)) return Date.now() - started;
    } catch { /* the process is still being exec'd by nsenter */ }
    if (Date.now() - started > timeoutMs) throw new Error(`not subscribed to trace events after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
