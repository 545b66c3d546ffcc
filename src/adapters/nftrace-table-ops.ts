// I/O side of nettrace's own trace table (nftrace-table.ts): whether `nft` is there, holding the run's
// owned table with one `nft -e -i` for the run, or adding it with one `nft -f -` and removing it with one
// `nft delete table`, and removing dead runs' tables (cleanup).
import { run, formatCommand, spawnLong, type NetnsRef } from '../system/runner.js';
import { whichTool } from '../system/preflight.js';
import { CommandFailedError } from '../cli/errors.js';
import type { ProbeMark } from '../capture/bpf-filter.js';
import { buildOwnedTraceTableLine, buildRemoveTablesScript, buildTraceTableScript, findTraceTables, traceTableName } from './nftrace-table.js';

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

/** The run's owned trace table, held by a running `nft -e -i`. */
export interface HeldTraceTable {
  /** Resolves once nft acknowledged the table (`# new generation`); rejects with nft's error. */
  ready: Promise<void>;
  /** End the holding nft (the kernel then deletes the owned table) and wait for it; safe at any time. */
  release(): Promise<void>;
  /** The holding nft's pid (setpriv and nsenter exec it in place). */
  pid: number | undefined;
}

/** Interactive nft keeps a history in `$HOME/.nft.history` (read and appended at every start: a file left in
 * the user's home, and 25 ms of CPU once it had grown) and loads terminfo for `$TERM`: a HOME that cannot
 * exist (procfs refuses new files) and a dumb terminal avoid both. */
const NFT_INTERACTIVE_ENV = { HOME: '/proc/nettrace-no-home', TERM: 'dumb' };

/** How long nft may take to acknowledge the table. */
const HOLD_ACK_MS = 5000;

// Add the run's table as an owned table from a `nft -e -i` that stays running: no second command removes
// it, and it cannot outlive the run (nft dies with nettrace through pdeathsig, and the table with nft).
export function holdOwnedTraceTable(netns: NetnsRef, runTag: string, mark: ProbeMark): HeldTraceTable {
  const child = spawnLong('nft', ['-e', '-i'], { netns, stdin: true, env: NFT_INTERACTIVE_ENV });
  let out = '';
  let err = '';
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`nft did not acknowledge the trace table within ${HOLD_ACK_MS} ms`)), HOLD_ACK_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (/^# new generation/m.test(out)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      const line = err.split('\n').find((l) => l.startsWith('Error:'));
      if (line) reject(new Error(`nft: ${line}`));
    });
    void child.then((r) => reject(new Error(`nft ended before the trace table was in (${r.message || 'exit 0'})`)));
  }).finally(() => clearTimeout(timer));
  ready.catch(() => undefined);
  child.stdin?.write(buildOwnedTraceTableLine(runTag, mark));
  let released: Promise<void> | null = null;
  const release = () => {
    released ??= (async () => {
      child.stdin?.end();
      const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
      await child;
      clearTimeout(kill);
    })();
    return released;
  };
  return { ready, release, pid: child.pid };
}
