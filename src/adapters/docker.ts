// Docker containers as endpoints: resolve a name or id through the daemon to its pid, namespace path and
// networks (with their bridge devices), and list what exists for "unknown endpoint" messages.
import { EnvironmentError, UsageError } from '../cli/errors.js';
import { runDocker } from '../docker/cli.js';
import {
  attachBridges, parseDockerInspect, parseDockerNetworks, parseDockerPs,
  type DockerContainer, type DockerContainerSummary,
} from './docker-inspect.js';

export type { DockerContainer, DockerContainerSummary, DockerNetwork, DockerNetworkAttachment } from './docker-inspect.js';

/** The daemon socket path: the explicit one, else DOCKER_HOST (`unix:///path`), else an EnvironmentError. */
export function dockerSocketFrom(explicit: string | null | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit.replace(/^unix:\/\//, '');
  const host = env.DOCKER_HOST;
  if (!host) throw new EnvironmentError('docker.noSocket');
  if (!host.startsWith('unix://')) throw new EnvironmentError('docker.badHost', { value: host });
  return host.slice('unix://'.length);
}

/** Every container the daemon knows, running or not. */
export async function listContainers(socket: string): Promise<DockerContainerSummary[]> {
  const result = await runDocker(socket, ['ps', '-a', '--no-trunc', '--format', '{{json .}}']);
  return parseDockerPs(result.stdout);
}

/** `docker inspect` one container, or null when the daemon does not know it. */
export async function inspectContainer(socket: string, ref: string): Promise<DockerContainer | null> {
  const result = await runDocker(socket, ['inspect', '--type', 'container', ref], { check: false });
  if (result.exitCode !== 0) {
    if (/no such (object|container)/i.test(result.stderr)) return null;
    await runDocker(socket, ['inspect', '--type', 'container', ref]); // rethrows as CommandFailedError
  }
  const [container] = parseDockerInspect(result.stdout);
  if (!container) return null;
  const ids = [...new Set(container.networks.map((network) => network.networkId).filter(Boolean))];
  if (ids.length === 0) return container;
  const networks = await runDocker(socket, ['network', 'inspect', ...ids], { check: false });
  return networks.exitCode === 0 ? attachBridges(container, parseDockerNetworks(networks.stdout)) : container;
}

/** Resolve a container name or id to a running endpoint; unknown → UsageError listing what exists. */
export async function resolveContainer(socket: string, ref: string): Promise<DockerContainer> {
  const container = await inspectContainer(socket, ref);
  if (!container) {
    const known = (await listContainers(socket)).map((entry) => entry.name);
    throw new UsageError('docker.unknownContainer', { name: ref, known: known.length > 0 ? known.join(', ') : '(none)' });
  }
  if (container.pid === null) throw new UsageError('docker.notRunning', { name: container.name, state: container.state });
  return container;
}
