// The one door to the system: every external command runs here, as a file plus an argument array,
// optionally inside a network namespace, with a timeout, echoed to stderr under --verbose.
// Built on node:child_process directly: execa (the design card's choice) cost 160 ms of import time per
// invocation here, a quarter of a whole `nettrace ping`; its habits (argv arrays, no shell, results as
// values) are kept.
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn, type ChildProcess } from 'node:child_process';
import { context } from './context.js';
import { CommandFailedError, EnvironmentError, InterruptedError } from '../cli/errors.js';
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

// After SIGINT/SIGTERM only undo work may start commands: anything else would change the system again
// behind the cleanup's back (a TRACE rule added after its removal ran, a namespace created after the rollback).
const undoScope = new AsyncLocalStorage<true>();
let shutdownSignal: string | null = null;
const inflight = new Set<Promise<unknown>>();

/** Run `fn` as undo work: its commands may start while an interrupt shuts the run down. */
export function runAsUndo<T>(fn: () => T): T {
  return undoScope.run(true, fn);
}

/** Refuse every new command outside undo work from now on (SIGINT/SIGTERM arrived). */
export function beginShutdown(signal: string): void {
  shutdownSignal = signal;
}

/** Resolves once every command already running has ended (at most `maxMs`), so that undo sees its effect. */
export async function settleInflight(maxMs = 20000): Promise<void> {
  if (inflight.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled([...inflight]), new Promise((resolve) => { timer = setTimeout(resolve, maxMs); })]);
  clearTimeout(timer);
}

function refuseDuringShutdown(): void {
  if (shutdownSignal !== null && !undoScope.getStore()) throw new InterruptedError(shutdownSignal);
}

/** Run a command to completion and return its output; missing tools become EnvironmentError. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  refuseDuringShutdown();
  const [cmd, argv] = wrapForNetns(file, args, options.netns);
  echo([cmd, ...argv]);
  const pending = runChild(cmd, argv, options.input, options.timeoutMs ?? 15000);
  inflight.add(pending);
  const result = await pending.finally(() => inflight.delete(pending));
  if (result.code === 'ENOENT') {
    throw new EnvironmentError('error.missingTool', { tool: cmd, package: packageForTool(cmd) });
  }
  const out: RunResult = { argv: [cmd, ...argv], exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut };
  if (options.check !== false && out.exitCode !== 0) {
    const detail = out.timedOut ? `timed out after ${options.timeoutMs ?? 15000} ms` : (out.stderr.trim() || `exit ${out.exitCode}`);
    throw new CommandFailedError(formatCommand(out.argv), detail.split('\n')[0]);
  }
  return out;
}

/** A long-running child (capture, trace monitor, daemon): tracked so that it is killed on exit or signal. */
export function spawnLong(file: string, args: readonly string[], options: { netns?: NetnsRef; detach?: boolean; stdin?: boolean; env?: Record<string, string> } = {}): LongChild {
  refuseDuringShutdown();
  const [inner, innerArgv] = wrapForNetns(file, args, options.netns);
  // setpriv --pdeathsig: the kernel sends SIGTERM to the child when nettrace dies, even by SIGKILL,
  // so no capture or trace monitor outlives the run (setpriv and nsenter exec, the pid stays the child's).
  const [cmd, argv] = options.detach ? [inner, innerArgv] : ['setpriv', ['--pdeathsig', 'TERM', '--', inner, ...innerArgv]];
  echo([cmd, ...argv]);
  const child = toLongChild(spawn(cmd, argv, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: { ...childEnv(), ...options.env } }));
  child.stdin?.on('error', () => undefined); // a child that died early closes its end: nothing to report twice
  liveChildren.add(child);
  child.finally(() => liveChildren.delete(child)).catch(() => undefined);
  return child;
}

const liveChildren = new Set<LongChild>();

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

/** How a long-running child ended. */
export interface LongResult {
  /** Exit code, null when ended by a signal. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  /** True for a non-zero exit, a signal, or a spawn error. */
  failed: boolean;
  /** A one-line description of a failure (empty otherwise). */
  message: string;
  /** `ENOENT` when the program does not exist. */
  code?: string;
}

/** A running child that can also be awaited for its end (never rejects). */
export type LongChild = ChildProcess & PromiseLike<LongResult> & {
  catch(onRejected: (reason: unknown) => unknown): Promise<LongResult | unknown>;
  finally(onFinally: () => void): Promise<LongResult>;
};

function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C' };
}

function toLongChild(child: ChildProcess): LongChild {
  const ended = new Promise<LongResult>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ exitCode: null, signal: null, failed: true, message: error.message, code: error.code }));
    child.once('close', (code, signal) => resolve({ exitCode: code, signal, failed: code !== 0, message: code === 0 ? '' : signal ? `killed by ${signal}` : `exit ${code}` }));
  });
  return Object.assign(child, {
    then: ended.then.bind(ended),
    catch: ended.catch.bind(ended),
    finally: ended.finally.bind(ended),
  }) as LongChild;
}

interface ChildOutput { exitCode: number | null; stdout: string; stderr: string; timedOut: boolean; code?: string }

/** Run to completion, collecting output; a timeout sends SIGTERM (then SIGKILL). */
function runChild(cmd: string, argv: string[], input: string | undefined, timeoutMs: number): Promise<ChildOutput> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: childEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, timeoutMs);
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ exitCode: null, stdout: '', stderr: error.message, timedOut, code: error.code });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
    if (input !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
    }
  });
}
