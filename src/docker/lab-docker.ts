// The lab's Docker daemon (`lab up --sandbox --docker`): where it keeps its state, how it is started once
// (detached, recorded in the lab record before launch) and reused, and the containers PINK and ORANGE.
import { join } from 'node:path';
import { stateDir } from '../lab/record.js';
import { SANDBOX } from '../lab/sandbox.js';
import { dockerPathsUnder, type DockerPaths } from './paths.js';
import type { DockerdRecord } from './daemon-options.js';
import { runDocker } from './cli.js';
import { importBusyboxImage, runContainer } from './image.js';
import { inspectContainer } from '../adapters/docker.js';

/** Containers the lab runs on Docker's default bridge. */
export const LAB_CONTAINERS = ['PINK', 'ORANGE'] as const;

/** cgroup parent of the lab's containers (so crash cleanup can remove their cgroups). */
export const LAB_CGROUP_PARENT = 'nettrace-lab';

/** The lab daemon's files: everything under `<stateDir>/docker/` (data-root, exec-root, pidfile, config, log,
 * key), and its API socket at `<stateDir>/docker.sock` (default /run/nettrace/docker.sock). */
export function labDockerPaths(dir: string = stateDir()): DockerPaths {
  return { ...dockerPathsUnder(join(dir, 'docker')), socket: join(dir, 'docker.sock') };
}

/** The record of the lab daemon as written into lab.json's `docker` field (pid 0 until it runs). */
export function labDockerRecord(pid = 0): DockerdRecord {
  return { netns: SANDBOX.hostNs, paths: labDockerPaths(), pid, detached: true, cgroupParent: LAB_CGROUP_PARENT };
}

/** Pure: a lab record's `docker` field as a daemon record, or null when it is absent or malformed. */
export function dockerRecordFrom(value: unknown): DockerdRecord | null {
  if (!value || typeof value !== 'object') return null;
  const candidate = value as Partial<DockerdRecord>;
  if (typeof candidate.netns !== 'string' || !candidate.paths || typeof candidate.paths.socket !== 'string') return null;
  if (typeof candidate.paths.execRoot !== 'string' || typeof candidate.paths.dataRoot !== 'string') return null;
  return { netns: candidate.netns, paths: candidate.paths, pid: Number(candidate.pid) || 0, detached: candidate.detached !== false, cgroupParent: candidate.cgroupParent };
}

/** One lab container as reported by `lab up --json`. */
export interface LabContainer {
  /** Container name. */
  name: string;
  /** Its address on docker0. */
  address: string | null;
  /** True when this run created (or restarted) it. */
  created: boolean;
}

/** Import the busybox image and make sure PINK and ORANGE run (existing running containers are kept). */
export async function ensureLabContainers(socket: string): Promise<LabContainer[]> {
  await importBusyboxImage(socket);
  const out: LabContainer[] = [];
  for (const name of LAB_CONTAINERS) {
    let container = await inspectContainer(socket, name);
    let created = false;
    if (container && container.pid === null) {
      await runDocker(socket, ['start', name], { timeoutMs: 60000 });
      created = true;
    } else if (!container) {
      await runContainer(socket, { name });
      created = true;
    }
    if (created) container = await inspectContainer(socket, name);
    out.push({ name, address: container?.networks[0]?.ipAddress ?? null, created });
  }
  return out;
}
