// I/O side of nettrace's own trace table (nftrace-table.ts): whether `nft` is there, adding the run's table
// with one `nft -f -`, removing it with one `nft delete table`, and removing dead runs' tables (cleanup).
import { run, formatCommand, type NetnsRef } from '../system/runner.js';
import { whichTool } from '../system/preflight.js';
import { CommandFailedError } from '../cli/errors.js';
import type { ProbeMark } from '../capture/bpf-filter.js';
import { buildRemoveTablesScript, buildTraceTableScript, findTraceTables, traceTableName } from './nftrace-table.js';

let nftFound: Promise<boolean> | null = null;

// Whether `nft` is on PATH (the same binary for every namespace, so asked once per process).
export function nftAvailable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  nftFound ??= whichTool('nft', env.PATH ?? '').then((path) => path !== null);
  return nftFound;
}

// Create the run's trace table in the namespace (one atomic `nft -f -`: on a failure nothing was added).
export async function addTraceTable(netns: NetnsRef, runTag: string, mark: ProbeMark): Promise<void> {
  await run('nft', ['-f', '-'], { netns, input: buildTraceTableScript(runTag, mark) });
}

// Delete the run's trace table by its name; a table that is not there (an add that never landed) is no error.
export async function removeTraceTable(netns: NetnsRef, runTag: string): Promise<void> {
  const r = await run('nft', ['delete', 'table', 'ip', traceTableName(runTag)], { netns, check: false });
  if (r.exitCode === 0 || /No such file or directory/.test(r.stderr)) return;
  throw new CommandFailedError(formatCommand(r.argv), r.stderr.trim().split('\n')[0] ?? `exit ${r.exitCode}`);
}

// Delete every trace table in the namespace that `select` accepts (cleanup: tables of runs that are gone)
// with one `nft -f -`; returns the names removed.
export async function removeTraceTables(netns: NetnsRef, select: (name: string) => boolean): Promise<string[]> {
  const listed = await run('nft', ['list', 'tables', 'ip'], { netns });
  const names = findTraceTables(listed.stdout).filter(select);
  if (names.length === 0) return names;
  await run('nft', ['-f', '-'], { netns, input: buildRemoveTablesScript(names) });
  return names;
}
