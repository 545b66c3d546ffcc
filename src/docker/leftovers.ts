// Removes everything one sandbox dockerd left behind: its processes (by pidfile and by its own exec-root in
// their command line), mounts under its directories, and the directories and files themselves. Used by
// stopDockerd after a clean stop and on its own after a crash.
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { run } from '../system/runner.js';
import type { DockerPaths } from './paths.js';
import { mountsUnder, readMountinfo } from './mountinfo.js';
import { inOurMountNamespace, isAlive, listProcesses, pidsMentioning, readPidfile, signalPid, terminatePid, waitForExit } from './processes.js';

/** What a cleanup did (for --verbose and tests). */
export interface CleanupReport {
  /** Pids that were signalled. */
  killed: number[];
  /** Mount points unmounted (deepest first). */
  unmounted: string[];
  /** Files and directories removed. */
  removed: string[];
  /** Problems that did not stop the cleanup (one sentence each). */
  problems: string[];
}

const TASK_DIR = path.join('containerd', 'daemon', 'io.containerd.runtime.v2.task');

/** Container init pids from containerd's task state, kept only if the pid still sits in that container's cgroup. */
async function containerInitPids(execRoot: string): Promise<number[]> {
  const pids: number[] = [];
  const taskRoot = path.join(execRoot, TASK_DIR);
  for (const ns of await readdir(taskRoot).catch(() => [] as string[])) {
    for (const id of await readdir(path.join(taskRoot, ns)).catch(() => [] as string[])) {
      const pid = await readPidfile(path.join(taskRoot, ns, id, 'init.pid'));
      if (pid === null) continue;
      const cgroup = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
      if (cgroup.includes(id)) pids.push(pid);
    }
  }
  return pids;
}

/** The daemon's pid from its pidfiles, if that process still runs with our exec-root on its command line. */
async function ownDaemonPid(paths: DockerPaths, knownPid?: number): Promise<number | null> {
  const candidates = [knownPid ?? null, await readPidfile(paths.pidfile), await readPidfile(paths.launchPidfile)];
  for (const pid of candidates) {
    if (!pid || !(await isAlive(pid))) continue;
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ');
    if (pidsMentioning([{ pid, cmdline }], paths.execRoot).length > 0) return pid;
  }
  return null;
}

/** Kill dockerd, containerd, shims and container processes that belong to these paths. */
async function killOwnProcesses(paths: DockerPaths, report: CleanupReport, graceMs: number, knownPid?: number): Promise<void> {
  const daemon = await ownDaemonPid(paths, knownPid);
  if (daemon !== null) {
    report.killed.push(daemon);
    if (!(await terminatePid(daemon, graceMs))) report.problems.push(`dockerd pid ${daemon} did not exit`);
  }
  for (const pid of await containerInitPids(paths.execRoot)) {
    report.killed.push(pid);
    signalPid(pid, 'SIGKILL');
    await waitForExit(pid, 3000);
  }
  const helpers = await inOurMountNamespace(pidsMentioning(await listProcesses(), paths.execRoot));
  for (const pid of helpers) report.killed.push(pid);
  await Promise.all(helpers.map((pid) => terminatePid(pid, 3000)));
}

/** Unmount everything under data-root and exec-root, deepest first; lazily when a plain umount fails. */
async function unmountUnder(paths: DockerPaths, report: CleanupReport): Promise<void> {
  for (const point of mountsUnder(await readMountinfo(), [paths.dataRoot, paths.execRoot])) {
    const plain = await run('umount', [point], { check: false });
    if (plain.exitCode !== 0) {
      const lazy = await run('umount', ['-l', point], { check: false });
      if (lazy.exitCode !== 0) {
        report.problems.push(`cannot unmount ${point}: ${lazy.stderr.trim()}`);
        continue;
      }
    }
    report.unmounted.push(point);
  }
}

/** Remove the daemon's directories and files (only after unmounting, so nothing mounted is deleted through). */
async function removeFiles(paths: DockerPaths, report: CleanupReport): Promise<void> {
  const remaining = await readMountinfo().then((entries) => mountsUnder(entries, [paths.dataRoot, paths.execRoot]));
  if (remaining.length > 0) {
    report.problems.push(`not removing ${paths.dataRoot} and ${paths.execRoot}: still mounted: ${remaining.join(', ')}`);
  }
  const targets = [
    ...(remaining.length > 0 ? [] : [paths.dataRoot, paths.execRoot]),
    paths.pidfile, paths.launchPidfile, paths.socket, paths.configFile, paths.keyFile, paths.logFile,
  ];
  for (const target of targets) {
    try {
      await rm(target, { recursive: true, force: true });
      report.removed.push(target);
    } catch (error) {
      report.problems.push(`cannot remove ${target}: ${(error as Error).message}`);
    }
  }
  if (paths.baseDir) await rmdir(paths.baseDir).then(() => report.removed.push(paths.baseDir!), () => undefined);
}

/** Remove empty cgroup directories named after `cgroupParent` (cgroupfs driver, v1 controllers and v2). */
export async function removeCgroupParent(cgroupParent: string): Promise<string[]> {
  const removed: string[] = [];
  const relative = cgroupParent.replace(/^\/+/, '');
  if (!/^[\w.-]+$/.test(relative)) return removed;
  const roots = await readdir('/sys/fs/cgroup').catch(() => [] as string[]);
  for (const dir of [path.join('/sys/fs/cgroup', relative), ...roots.map((root) => path.join('/sys/fs/cgroup', root, relative))]) {
    const children = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const child of children.filter((entry) => entry.isDirectory())) {
      await rmdir(path.join(dir, child.name)).then(() => removed.push(path.join(dir, child.name)), () => undefined);
    }
    await rmdir(dir).then(() => removed.push(dir), () => undefined);
  }
  return removed;
}

/** After a crash or a normal stop: end our processes, unmount, delete our files; never throws. */
export async function cleanupDockerLeftovers(
  paths: DockerPaths,
  options: { graceMs?: number; cgroupParent?: string; daemonPid?: number } = {},
): Promise<CleanupReport> {
  const report: CleanupReport = { killed: [], unmounted: [], removed: [], problems: [] };
  const steps: [string, () => Promise<void>][] = [
    ['kill', () => killOwnProcesses(paths, report, options.graceMs ?? 10000, options.daemonPid)],
    ['unmount', () => unmountUnder(paths, report)],
    ['remove', () => removeFiles(paths, report)],
    ['cgroups', async () => { if (options.cgroupParent) report.removed.push(...(await removeCgroupParent(options.cgroupParent))); }],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      report.problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  return report;
}
