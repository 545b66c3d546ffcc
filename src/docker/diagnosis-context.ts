// Gathers what the diagnosis needs from the Docker daemon: its networks (names behind bridge devices, icc)
// and the containers named for this run with their pids, so Docker's causes are named by network and fix
// commands enter containers by /proc/<pid>/ns/net. Nothing when no daemon is involved (no record, no DOCKER_HOST).
import type { ConfigEvidence } from '../diagnose/evidence.js';
import type { DockerDiagnosisContext } from '../diagnose/docker-context.js';
import { parseDockerNetworks, type DockerNetwork } from '../adapters/docker-inspect.js';
import { runDocker } from './cli.js';
import { liveSocket } from './container-endpoint.js';
import { attachedContainers } from './container-netns.js';

/** Pure: the daemon's networks and this run's containers as the diagnosis context. */
export function dockerContextFrom(socket: string, networks: readonly DockerNetwork[], containers: DockerDiagnosisContext['containers']): DockerDiagnosisContext {
  return {
    socket,
    networks: networks.filter((network) => network.bridge !== null).map((network) => ({ name: network.name, id: network.id, bridge: network.bridge, icc: network.icc })),
    containers: [...containers],
  };
}

/** Every bridge network of the daemon behind `socket` (`docker network ls` + `inspect`). */
async function listNetworks(socket: string): Promise<DockerNetwork[]> {
  const ids = (await runDocker(socket, ['network', 'ls', '--quiet', '--filter', 'driver=bridge'], { timeoutMs: 5000 })).stdout.split('\n').map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0) return [];
  return parseDockerNetworks((await runDocker(socket, ['network', 'inspect', ...ids], { timeoutMs: 5000 })).stdout);
}

/** The Docker part of the evidence, or null when no daemon answers (the diagnosis then names bridges). */
export async function collectDockerContext(): Promise<DockerDiagnosisContext | null> {
  const socket = await liveSocket();
  if (!socket) return null;
  return dockerContextFrom(socket, await listNetworks(socket), attachedContainers());
}

/** Evidence enricher (registered by register.ts): adds the Docker context when a daemon is involved. */
export async function addDockerContext(_evidence: ConfigEvidence): Promise<Partial<ConfigEvidence> | null> {
  const docker = await collectDockerContext();
  return docker ? { docker } : null;
}
