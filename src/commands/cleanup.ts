// `nettrace cleanup`: removes what a killed run may have left — tagged TRACE rules in every namespace,
// capture processes carrying nettrace's probe mark, a stale lab lock — and nothing that is not nettrace's.
import type { Command } from 'commander';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { action } from '../cli/action.js';
import { requireRoot } from '../system/preflight.js';
import { collectNamespaceNames } from '../adapters/ip-netns.js';
import { removeTaggedRules } from '../adapters/nftrace-rules.js';
import { PROBE_MAGIC } from '../capture/bpf-filter.js';
import { stateDir } from '../lab/record.js';
import { mapLimit } from '../system/parallel.js';
import { t } from '../i18n/t.js';
import type { NsName } from '../model/state.js';

/** What cleanup removed. */
export interface CleanupReport {
  traceRules: { namespace: string; rule: string }[];
  processes: { pid: number; command: string }[];
  staleLock: boolean;
}

/** Pids of tcpdump processes whose filter carries nettrace's probe magic (only ours have it). */
export async function findOurCaptures(): Promise<{ pid: number; command: string }[]> {
  const magic = `0x${PROBE_MAGIC.toString(16)}`;
  const found: { pid: number; command: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(join('/proc', entry, 'cmdline'), 'utf8').catch(() => '');
    const argv = cmdline.split('\0');
    if (argv[0]?.endsWith('tcpdump') && argv.some((a) => a.includes(magic))) found.push({ pid: Number(entry), command: argv.join(' ').trim() });
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
  const traceRules = (await mapLimit(namespaces, 8, async (ns) => {
    const removed = await removeTaggedRules(ns, 'nettrace:').catch(() => []);
    return removed.map((r) => ({ namespace: ns ?? 'host', rule: r.text }));
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
