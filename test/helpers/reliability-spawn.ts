// Start the built CLI in the background (to signal or kill it at a chosen moment) with a private TMPDIR,
// so that a test can tell whether the run left a temporary file behind.
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN as CLI_BIN, ROOT, type CliResult } from './cli.js';

const BIN = CLI_BIN;

/** A nettrace run in the background. */
export interface BackgroundRun {
  child: ResultPromise;
  /** The run's private TMPDIR (must be empty afterwards). */
  tmpDir: string;
  /** Wait for the end (bounded by the timeout given at start). */
  done(): Promise<CliResult & { signal: string | null }>;
}

// Start `nettrace ARGS` without waiting; it is killed with SIGKILL after `timeoutMs` (a hang fails the test).
export async function startNettrace(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<BackgroundRun> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'nt-rel-tmp-'));
  const child = execa('node', [BIN, ...args], {
    reject: false, cwd: ROOT, timeout: options.timeoutMs ?? 60000,
    env: { NO_COLOR: '1', LANG: 'C', TMPDIR: tmpDir, ...options.env },
  });
  const done = async () => {
    const r = await child;
    return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), signal: r.signal ?? null };
  };
  const run = { child, tmpDir, done };
  started.push(run);
  return run;
}

const started: BackgroundRun[] = [];

// After each test, also a failed one: kill what still runs, wait for it, remove its TMPDIR — so a failing
// assertion cannot leave a background nettrace (and its captures and TRACE rules) to the next test.
export async function disposeRuns(): Promise<void> {
  for (const run of started.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.child;
    await rm(run.tmpDir, { recursive: true, force: true });
  }
}
