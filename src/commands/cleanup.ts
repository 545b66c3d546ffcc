// `nettrace cleanup`: removes what a killed run may have left — `nettrace-<pid>-…` trace tables and tagged
// TRACE rules in every namespace, capture processes carrying nettrace's probe mark, a stale lab lock — and
// nothing that is not nettrace's, nor anything of a run that is still alive (its pid is in the table name or
// rule tag and is the captures' parent).
import type { Command } from 'commander';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { action } from '../cli/action.js';
import { requireRoot } from '../system/preflight.js';
import { collectNamespaceNames } from '../adapters/ip-netns.js';
import { findTaggedRules, removeTaggedRules, type TaggedRule } from '../adapters/nftrace-rules.js';
import { findTraceTables, runPidOfTable } from '../adapters/nftrace-table.js';
import { nftAvailable, removeTraceTables } from '../adapters/nftrace-table-ops.js';
import { run } from '../system/runner.js';
import { iptablesCommands } from '../system/iptables-bin.js';
import { PROBE_MAGIC } from '../capture/bpf-filter.js';
import { stateDir } from '../lab/record.js';
import { mapLimit } from '../system/parallel.js';
import { t } from '../i18n/t.js';
import type { NsName } from '../model/state.js';

/** What cleanup removed. */
export interface CleanupReport {
  /** Leftover TRACE rules (as iptables-save prints them) and trace tables (`table ip nettrace-…`). */
  traceRules: { namespace: string; rule: string }[];
  processes: { pid: number; command: string }[];
  staleLock: boolean;
}

/** True when `pid` is a running Node process: a nettrace run still at work (its rules and captures are not leftovers). */
export async function isLiveRun(pid: number): Promise<boolean> {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  const comm = (await readFile(join('/proc', String(pid), 'comm'), 'utf8').catch(() => '')).trim();
  return comm === 'node' || comm.startsWith('nettrace');
}

// The run's pid in a rule tag `nettrace:<pid>-<token>` (null for another tag form).
export function runPidOfTag(tag: string): number | null {
  const m = /^nettrace:(\d+)-/.exec(tag);
  return m ? Number(m[1]) : null;
}

async function parentPid(pid: string): Promise<number> {
  const stat = await readFile(join('/proc', pid, 'stat'), 'utf8').catch(() => '');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Pids of tcpdump processes whose filter carries nettrace's probe magic (only ours have it) and whose run
 * is gone (a live nettrace's captures belong to that run, not to cleanup). */
export async function findOurCaptures(): Promise<{ pid: number; command: string }[]> {
  const magic = `0x${PROBE_MAGIC.toString(16)}`;
  const found: { pid: number; command: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(join('/proc', entry, 'cmdline'), 'utf8').catch(() => '');
    const argv = cmdline.split('\0');
    if (!argv[0]?.endsWith('tcpdump') || !argv.some((a) => a.includes(magic))) continue;
    if (await isLiveRun(await parentPid(entry))) continue;
    found.push({ pid: Number(entry), command: argv.join(' ').trim() });
  }
  return found;
}

async function removeStaleLock(): Promise<boolean> {
  const path = join(stateDir(), 'lab.lock');
  const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    await rm(path, { force: true });
    return true;
  }
}

/** Remove every leftover of killed runs. */
export async function cleanupLeftovers(): Promise<CleanupReport> {
  const namespaces: NsName[] = [null, ...(await collectNamespaceNames())];
  const live = new Map<number, boolean>();
  const isLive = async (pid: number | null) => {
    if (pid !== null && !live.has(pid)) live.set(pid, await isLiveRun(pid));
  };
  const withNft = await nftAvailable();
  for (const ns of namespaces) {
    const save = await run(iptablesCommands().save, ['-t', 'raw'], { netns: ns, check: false }).catch(() => null);
    for (const rule of findTaggedRules(save?.stdout ?? '', 'nettrace:')) await isLive(runPidOfTag(rule.tag));
    if (!withNft) continue;
    const tables = await run('nft', ['list', 'tables', 'ip'], { netns: ns, check: false }).catch(() => null);
    for (const name of findTraceTables(tables?.stdout ?? '')) await isLive(runPidOfTable(name));
  }
  // A run seen dead above (or a tag/name without a pid); a run that started since is not looked at.
  const dead = (pid: number | null) => pid === null || live.get(pid) === false;
  const isLeftover = (rule: TaggedRule) => dead(runPidOfTag(rule.tag));
  const isLeftoverTable = (name: string) => dead(runPidOfTable(name));
  const traceRules = (await mapLimit(namespaces, 8, async (ns) => {
    const removed = await removeTaggedRules(ns, 'nettrace:', isLeftover).catch(() => []);
    const tables = withNft ? await removeTraceTables(ns, isLeftoverTable).catch(() => []) : [];
    return [
      ...removed.map((r) => ({ namespace: ns ?? 'host', rule: r.text })),
      ...tables.map((name) => ({ namespace: ns ?? 'host', rule: `table ip ${name}` })),
    ];
  })).flat();
  const processes = await findOurCaptures();
  for (const p of processes) {
    try { process.kill(p.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  return { traceRules, processes, staleLock: await removeStaleLock() };
}

/** Register `cleanup`. */
export function defineCleanupCommand(program: Command): void {
  program.command('cleanup')
    .description('remove anything a killed run may have left (TRACE rules, capture processes, a stale lock)')
    .action(action(async (_opts: unknown, cmd: Command) => {
      requireRoot();
      const report = await cleanupLeftovers();
      if (cmd.optsWithGlobals().json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        for (const r of report.traceRules) process.stdout.write(`${t('cleanup.rule', { namespace: r.namespace, rule: r.rule })}\n`);
        for (const p of report.processes) process.stdout.write(`${t('cleanup.process', { pid: p.pid })}\n`);
        process.stdout.write(`${t('cleanup.done', { count: report.traceRules.length + report.processes.length + (report.staleLock ? 1 : 0) })}\n`);
      }
      return 0;
    }));
}
