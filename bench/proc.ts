// The benchmark's own door to processes. The product goes through src/system/runner.ts; the benchmark
// times tools the way a user's shell would start them, so it spawns them itself, with argument arrays only.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** A finished process. */
export interface Finished {
  /** Exit code (null when killed by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, ms. */
  ms: number;
}

// Run argv to completion (stdout kept unless `discard`), never throwing on a non-zero exit.
export function exec(argv: readonly string[], options: { input?: string; discard?: boolean; timeoutMs?: number } = {}): Promise<Finished> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: [options.input === undefined ? 'ignore' : 'pipe', options.discard ? 'ignore' : 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr?.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    if (options.input !== undefined) child.stdin!.end(options.input);
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

// Run argv and fail loudly when it does not exit 0 (set-up steps).
export async function must(argv: readonly string[], input?: string): Promise<string> {
  const r = await exec(argv, { input });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
  return r.stdout;
}

/** A started child with its collected stderr/stdout. */
export interface Live {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves at exit. */
  exited: Promise<number | null>;
}

// Start argv in the background, collecting its output.
export function start(argv: readonly string[]): Live {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  child.stderr!.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

// Resolve when `live`'s stderr matches `pattern` (or reject after `timeoutMs` / at exit).
export function waitForStderr(live: Live, pattern: RegExp, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pattern.test(live.stderr())) return resolve();
    const timer = setTimeout(() => reject(new Error(`no ${pattern} after ${timeoutMs} ms: ${live.stderr()}`)), timeoutMs);
    const check = () => {
      if (!pattern.test(live.stderr())) return;
      clearTimeout(timer);
      live.child.stderr!.off('data', check);
      resolve();
    };
    live.child.stderr!.on('data', check);
    void live.exited.then(() => { clearTimeout(timer); if (!pattern.test(live.stderr())) reject(new Error(`exited before ${pattern}: ${live.stderr()}`)); });
  });
}

// Peak resident set size (KiB) of a finished command, from GNU time's `-f %M` on its last stderr line.
export async function execWithPeakRss(argv: readonly string[]): Promise<Finished & { rssKiB: number }> {
  const r = await exec(['/usr/bin/time', '-f', 'RSSKIB=%M', ...argv], { discard: true });
  const m = /RSSKIB=(\d+)/.exec(r.stderr);
  return { ...r, rssKiB: m ? Number(m[1]) : Number.NaN };
}

/** The CLI under test, run from the build like a user runs it. */
export const NETTRACE = ['node', new URL('../dist/bin/nettrace.cjs', import.meta.url).pathname];
