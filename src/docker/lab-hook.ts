// `lab up --sandbox --docker` and `lab down` for Docker: after the lab is up, start (or reuse) the sandbox
// daemon in nt-host and run PINK/ORANGE; before the lab goes down, stop the daemon and remove all its state.
// The daemon is written into the lab record before it is launched, so a crash mid-start is still cleaned up.
import { assertDockerFlags } from './flags.js';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { UsageError } from '../cli/errors.js';
import { acquireLabLock } from '../lab/lock.js';
import { readRecord, writeRecord } from '../lab/record.js';
import { SANDBOX } from '../lab/sandbox.js';
import { run } from '../system/runner.js';
import { t } from '../i18n/t.js';
import { isDockerAnswering, dockerServerVersion } from './cli.js';
import { startDockerd, stopDockerd } from './daemon.js';
import { cleanupDockerLeftovers, type CleanupReport } from './leftovers.js';
import { dockerRecordFrom, ensureLabContainers, labDockerPaths, labDockerRecord, LAB_CGROUP_PARENT, type LabContainer } from './lab-docker.js';
import { CONTAINER_NETNS_PREFIX } from './container-netns.js';

/** What `lab up --docker` reports (merged into `lab up --json`). */
export interface DockerUpReport {
  /** Daemon socket (use as DOCKER_HOST=unix://…). */
  socket: string;
  /** Server version. */
  version: string;
  /** True when a running daemon was reused. */
  reused: boolean;
  /** dockerd pid. */
  pid: number;
  /** The lab's containers. */
  containers: LabContainer[];
}

export { assertDockerFlags };

/** Start or reuse the lab daemon and its containers (the lab must be a sandbox lab). */
export async function dockerUp(): Promise<DockerUpReport> {
  const release = await acquireLabLock();
  try {
    const record = await readRecord();
    if (!record || !record.sandbox || record.hostNs !== SANDBOX.hostNs) throw new UsageError('dockerLab.needsSandbox');
    const known = dockerRecordFrom(record.docker);
    const paths = labDockerPaths();
    if (known && (await isDockerAnswering(known.paths.socket, 3000))) {
      const containers = await ensureLabContainers(known.paths.socket);
      return { socket: known.paths.socket, version: await dockerServerVersion(known.paths.socket), reused: true, pid: known.pid, containers };
    }
    await writeRecord({ ...record, docker: { ...labDockerRecord() } });
    const handle = await startDockerd({ netns: SANDBOX.hostNs, ...paths, detach: true, cgroupParent: LAB_CGROUP_PARENT });
    await writeRecord({ ...record, docker: { ...labDockerRecord(handle.pid) } });
    const containers = await ensureLabContainers(paths.socket);
    return { socket: paths.socket, version: handle.version, reused: false, pid: handle.pid, containers };
  } finally {
    await release();
  }
}

/** Delete the per-run container namespace names (`nt-c-…`) a killed run may have left in /run/netns. */
async function removeContainerNetnsNames(): Promise<string[]> {
  const names = (await readdir('/run/netns').catch(() => [] as string[])).filter((name) => name.startsWith(CONTAINER_NETNS_PREFIX));
  for (const name of names) await run('ip', ['netns', 'delete', name], { check: false });
  return names;
}

/** Stop the lab daemon (recorded or at the lab paths), remove its state, and clear the record's `docker` field. */
export async function dockerDown(): Promise<CleanupReport> {
  const release = await acquireLabLock();
  try {
    const record = await readRecord();
    const paths = labDockerPaths();
    const known = dockerRecordFrom(record?.docker) ?? labDockerRecord();
    if (!record?.docker && !existsSync(paths.baseDir!) && !existsSync(paths.socket)) {
      return { killed: [], unmounted: [], problems: [], removed: await removeContainerNetnsNames() };
    }
    const report = await stopDockerd(known, { graceMs: 10000 });
    const extra = await cleanupDockerLeftovers(paths, { graceMs: 2000, cgroupParent: LAB_CGROUP_PARENT });
    report.removed.push(...(await removeContainerNetnsNames()));
    report.problems.push(...extra.problems);
    if (record?.docker) await writeRecord({ ...record, docker: null });
    return report;
  } finally {
    await release();
  }
}

/** The lab hook: phase 'up' with `--docker` starts Docker, phase 'down' always stops it. */
export async function dockerLabHook(phase: 'up' | 'down', data: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (phase === 'down') {
    const report = await dockerDown();
    return report.problems.length > 0 ? { dockerProblems: report.problems } : {};
  }
  if (!data.docker) return {};
  assertDockerFlags(data);
  const docker = await dockerUp();
  if (!data.json) {
    const containers = docker.containers.map((c) => `${c.name} ${c.address ?? '?'}`).join(', ');
    process.stdout.write(`${t(docker.reused ? 'dockerLab.reused' : 'dockerLab.started', { version: docker.version, socket: docker.socket, containers })}\n`);
  }
  return { docker };
}
