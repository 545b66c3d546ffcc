// Starts and stops Debian's dockerd inside a sandbox network namespace, with its own data-root, exec-root,
// pidfile, socket and config file, so that it shares nothing with a Docker of the machine. nsenter changes
// only the network namespace (`ip netns exec` would remount /sys and dockerd then fails on cgroups).
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../cli/errors.js';
import { whichTool } from '../system/preflight.js';
import { run, spawnLong, type LongChild } from '../system/runner.js';
import { dockerServerVersion, isDockerAnswering, runDocker } from './cli.js';
import { cleanupDockerLeftovers, type CleanupReport } from './leftovers.js';
import { completeDockerPaths, dockerdArgs, type DockerdOptions, type DockerdRecord } from './daemon-options.js';
import { isAlive, readPidfile } from './processes.js';

export type { DockerdOptions, DockerdRecord } from './daemon-options.js';

/** A running daemon: what `lab down` needs (the record) plus, when attached, the child process. */
export interface DockerdHandle extends DockerdRecord {
  /** Milliseconds from launch until the socket answered. */
  startMs: number;
  /** Server version reported by the daemon (e.g. `20.10.24+dfsg1`). */
  version: string;
  /** The child process when started attached (undefined when detached). */
  child?: LongChild;
}

/** Last `lines` lines of the daemon's log, for error messages. */
export async function readLogTail(logFile: string, lines = 15): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n') || '(empty)';
}

async function findInPath(tool: string): Promise<string> {
  const found = await whichTool(tool);
  if (!found) throw new EnvironmentError('error.missingTool', { tool, package: 'docker.io' });
  return found;
}

/** Launch dockerd tied to this process (output piped into the log file, killed with nettrace's children). */
function launchAttached(record: DockerdRecord, args: string[]): LongChild {
  const child = spawnLong('dockerd', args, { netns: record.netns });
  const log = createWriteStream(record.paths.logFile, { flags: 'a' });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.finally(() => log.end()).catch(() => undefined);
  return child;
}

/** Launch dockerd detached (start-stop-daemon: new session, output to the log file) so it outlives `lab up`. */
async function launchDetached(record: DockerdRecord, args: string[]): Promise<number> {
  const dockerd = await findInPath('dockerd');
  await run('start-stop-daemon', [
    '--start', '--background', '--output', record.paths.logFile,
    '--make-pidfile', '--pidfile', record.paths.launchPidfile, '--exec', dockerd, '--', ...args,
  ], { netns: record.netns });
  for (let i = 0; i < 40; i += 1) {
    const pid = await readPidfile(record.paths.launchPidfile);
    if (pid !== null) return pid;
    await sleep(25);
  }
  throw new EnvironmentError('docker.exited', { netns: record.netns, socket: record.paths.socket, log: record.paths.logFile, tail: await readLogTail(record.paths.logFile) });
}

/** Start dockerd in `options.netns` and wait (bounded) until its socket answers. */
export async function startDockerd(options: DockerdOptions): Promise<DockerdHandle> {
  if (!options.netns) throw new EnvironmentError('docker.machineNamespace');
  const paths = completeDockerPaths(options);
  const record: DockerdRecord = { netns: options.netns, paths, pid: 0, detached: options.detach ?? false, cgroupParent: options.cgroupParent };
  const running = await readPidfile(paths.pidfile);
  if (running !== null && (await isAlive(running))) throw new EnvironmentError('docker.alreadyRunning', { pid: running, pidfile: paths.pidfile });
  await cleanupDockerLeftovers(paths, { graceMs: 2000, cgroupParent: options.cgroupParent });
  for (const dir of new Set([paths.dataRoot, paths.execRoot, ...[paths.pidfile, paths.socket, paths.configFile, paths.logFile].map((file) => path.dirname(file))])) {
    await mkdir(dir, { recursive: true });
  }
  await writeFile(paths.configFile, `${JSON.stringify({ 'deprecated-key-path': paths.keyFile }, null, 2)}\n`);
  const args = dockerdArgs(record, options.extraArgs ?? []);
  const started = Date.now();
  let child: LongChild | undefined;
  if (record.detached) record.pid = await launchDetached(record, args);
  else {
    child = launchAttached(record, args);
    record.pid = child.pid ?? 0;
  }
  const timeoutMs = options.readyTimeoutMs ?? 30000;
  for (;;) {
    if (await isDockerAnswering(paths.socket, 2000)) break;
    const dead = record.pid === 0 || !(await isAlive(record.pid));
    if (dead || Date.now() - started > timeoutMs) {
      const tail = await readLogTail(paths.logFile);
      await stopDockerd(record, { graceMs: 2000 });
      const params = { netns: record.netns, socket: paths.socket, log: paths.logFile, tail, ms: timeoutMs };
      throw new EnvironmentError(dead ? 'docker.exited' : 'docker.notReady', params);
    }
    await sleep(100);
  }
  const startMs = Date.now() - started;
  return { ...record, startMs, version: await dockerServerVersion(paths.socket), child };
}

/** Remove every container (SIGKILL, no 10 s stop timeout), then end the daemon and remove all it left. */
export async function stopDockerd(record: DockerdRecord | DockerdHandle, options: { graceMs?: number } = {}): Promise<CleanupReport> {
  const { paths } = record;
  if (await isDockerAnswering(paths.socket, 2000)) {
    const ids = (await runDocker(paths.socket, ['ps', '-aq', '--no-trunc'], { check: false })).stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await runDocker(paths.socket, ['rm', '-f', ...ids], { check: false, timeoutMs: 60000 });
  }
  const report = await cleanupDockerLeftovers(paths, { graceMs: options.graceMs ?? 20000, cgroupParent: record.cgroupParent, daemonPid: record.pid || undefined });
  const child = (record as DockerdHandle).child;
  if (child) await child.catch(() => undefined);
  return report;
}
