// The one door to the system: every external command runs here, as a file plus an argument array,
// optionally inside a network namespace, with a timeout, echoed to stderr under --verbose.
import { execa, type ResultPromise } from 'execa';
import { context } from './context.js';
import { CommandFailedError, EnvironmentError } from '../cli/errors.js';
import { packageForTool } from './tools.js';

/** Where a command runs: null/undefined = nettrace's own namespace; a name = /run/netns/NAME; a path = that netns file. */
export type NetnsRef = string | null | undefined;

/** Options of one command. */
export interface RunOptions {
  /** Network namespace to run in. */
  netns?: NetnsRef;
  /** Kill the command after this many milliseconds (default 15000). */
  timeoutMs?: number;
  /** Text fed to stdin. */
  input?: string;
  /** Throw CommandFailedError on a non-zero exit (default true). */
  check?: boolean;
}

/** What a finished command produced. */
export interface RunResult {
  /** The full argv actually executed (after namespace wrapping). */
  argv: string[];
  /** Exit code (null when killed by a signal or timeout). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** True when the timeout killed it. */
  timedOut: boolean;
}

/** Path of a namespace's netns file for nsenter. */
export function netnsPath(ref: string): string {
  return ref.startsWith('/') ? ref : `/run/netns/${ref}`;
}

/** Rewrite (file, args) so that it runs in `netns`: `ip -n NS` for iproute2, nsenter for everything else. */
export function wrapForNetns(file: string, args: readonly string[], netns: NetnsRef): [string, string[]] {
  if (!netns) return [file, [...args]];
  if (file === 'ip' && !netns.startsWith('/')) return ['ip', ['-n', netns, ...args]];
  return ['nsenter', [`--net=${netnsPath(netns)}`, '--', file, ...args]];
}

/** Print a command the way a user could paste it (quoted where needed). */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function echo(argv: readonly string[]): void {
  if (context.verbose) process.stderr.write(`+ ${formatCommand(argv)}\n`);
}

/** Run a command to completion and return its output; missing tools become EnvironmentError. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [cmd, argv] = wrapForNetns(file, args, options.netns);
  echo([cmd, ...argv]);
  const result = await execa(cmd, argv, {
    reject: false,
    timeout: options.timeoutMs ?? 15000,
    input: options.input,
    stripFinalNewline: false,
    env: { LC_ALL: 'C' },
    extendEnv: true,
  });
  if (result.code === 'ENOENT' || (result as { errno?: number }).errno === -2) {
    throw new EnvironmentError('error.missingTool', { tool: cmd, package: packageForTool(cmd) });
  }
  const out: RunResult = {
    argv: [cmd, ...argv],
    exitCode: typeof result.exitCode === 'number' ? result.exitCode : null,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    timedOut: Boolean(result.timedOut),
  };
  if (options.check !== false && out.exitCode !== 0) {
    const detail = out.timedOut ? `timed out after ${options.timeoutMs ?? 15000} ms` : (out.stderr.trim() || `exit ${out.exitCode}`);
    throw new CommandFailedError(formatCommand(out.argv), detail.split('\n')[0]);
  }
  return out;
}

/** A long-running child (capture, trace monitor, daemon): tracked so that it is killed on exit or signal. */
export function spawnLong(file: string, args: readonly string[], options: { netns?: NetnsRef; detach?: boolean } = {}): ResultPromise {
  const [inner, innerArgv] = wrapForNetns(file, args, options.netns);
  // setpriv --pdeathsig: the kernel sends SIGTERM to the child when nettrace dies, even by SIGKILL,
  // so no capture or trace monitor outlives the run (setpriv and nsenter exec, the pid stays the child's).
  const [cmd, argv] = options.detach ? [inner, innerArgv] : ['setpriv', ['--pdeathsig', 'TERM', '--', inner, ...innerArgv]];
  echo([cmd, ...argv]);
  const child = execa(cmd, argv, {
    reject: false,
    buffer: false,
    stdin: 'ignore',
    env: { LC_ALL: 'C' },
    extendEnv: true,
    encoding: 'buffer',
  });
  liveChildren.add(child);
  child.finally(() => liveChildren.delete(child)).catch(() => undefined);
  return child;
}

const liveChildren = new Set<ResultPromise>();

/** Kill every long-running child still alive (called by the exit/signal handler). */
export function killAllChildren(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const child of liveChildren) {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

/** How many long-running children are alive (tests check that it returns to 0). */
export function countLiveChildren(): number {
  return liveChildren.size;
}
