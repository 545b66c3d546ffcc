// Docker containers as `ping`/`compare` endpoints: a name or id is resolved through the daemon (socket from
// the lab record, else DOCKER_HOST), its namespace named for the run (container-netns.ts) and shown under
// the container's own name. Nothing runs inside the container: tools run from the host through its netns.
import type { EndpointRef } from '../model/verdict.js';
import { readRecord } from '../lab/record.js';
import { UsageError } from '../cli/errors.js';
import { isValidNetnsName } from '../system/names.js';
import { addNamespaceAlias } from '../trace/endpoints.js';
import { dockerSocketFrom, inspectContainer, type DockerContainer } from '../adapters/docker.js';
import { isDockerAnswering } from './cli.js';
import { dockerRecordFrom } from './lab-docker.js';
import { attachContainerNetns } from './container-netns.js';

/** The socket of the daemon to ask: the lab record's, else DOCKER_HOST, else null (no Docker to ask). */
export async function labDockerSocket(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const record = await readRecord().catch(() => null);
  const fromRecord = dockerRecordFrom(record?.docker);
  if (fromRecord) return fromRecord.paths.socket;
  if (!env.DOCKER_HOST) return null;
  return dockerSocketFrom(null, env);
}

let answering: Promise<string | null> | undefined;

/** The socket when its daemon answers (a live answer is remembered for the process; "no daemon" is not,
 * since one process may start it later — the demo does), else null. */
export async function liveSocket(): Promise<string | null> {
  answering ??= labDockerSocket().then(async (socket) => (socket && (await isDockerAnswering(socket, 3000)) ? socket : null));
  const socket = await answering;
  if (socket === null) answering = undefined;
  return socket;
}

/** Pure: the endpoint of a running container whose namespace is named `netns` for this run. */
export function containerEndpoint(container: DockerContainer, netns: string): EndpointRef {
  const address = container.networks.find((n) => n.ipAddress)?.ipAddress ?? null;
  return { kind: 'container', name: container.name, address, netns };
}

/** A running container by name or id, or null when no daemon answers or it does not know the name. */
export async function findContainer(ref: string): Promise<DockerContainer | null> {
  if (!isValidNetnsName(ref) && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(ref)) return null;
  const socket = await liveSocket();
  if (!socket) return null;
  const container = await inspectContainer(socket, ref);
  if (!container) return null;
  if (container.pid === null) throw new UsageError('docker.notRunning', { name: container.name, state: container.state });
  return container;
}

/** Endpoint resolver for names that are not namespaces (registered with addEndpointResolver). */
export async function resolveContainerEndpoint(ref: string): Promise<EndpointRef | null> {
  const container = await findContainer(ref);
  if (!container) return null;
  const netns = await attachContainerNetns(container.name, container.pid!);
  addNamespaceAlias(netns, container.name);
  return containerEndpoint(container, netns);
}
