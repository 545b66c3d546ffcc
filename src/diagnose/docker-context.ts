// What the Docker daemon knows that the kernel does not: network names behind bridge devices, which
// namespaces are containers (and their pids, for commands that outlive the run), and the daemon's socket.
// Optional in the evidence: without it the Docker causes are still named, by bridge device.
import type { ConfigEvidence } from './evidence.js';
import { shellJoin } from './fix-commands.js';

/** One Docker network, as `docker network inspect` reports it. */
export interface DockerNetworkFacts {
  /** Network name (`bridge`, `quiet`, …). */
  name: string;
  /** Network id (full or its 12-character prefix). */
  id: string;
  /** Its Linux bridge device (`docker0`, `br-<id12>`, or the name option); null for other drivers. */
  bridge: string | null;
  /** Inter-container communication allowed (`enable_icc`). */
  icc: boolean;
}

/** One container whose namespace is part of the evidence. */
export interface DockerContainerFacts {
  /** The namespace name this run used for it (`nt-c-<name>-<pid>`, gone after the run). */
  ns: string;
  /** Container name. */
  name: string;
  /** Pid of its main process: `/proc/<pid>/ns/net` outlives the run. */
  pid: number;
}

/** The Docker part of the evidence. */
export interface DockerDiagnosisContext {
  /** The daemon's API socket path (fix commands name it: `docker -H unix://<socket>`); null = the client's default. */
  socket: string | null;
  /** Docker's networks. */
  networks: DockerNetworkFacts[];
  /** Containers on the path. */
  containers: DockerContainerFacts[];
  /** Addresses a simulated `docker network connect` handed out: Docker's IPAM picks the real one, so no fix may name them. */
  leased?: string[];
}

// The Docker network behind a bridge device: from the daemon's facts, else by Docker's naming rules
// (`docker0` is the network `bridge`, `br-<id12>` is the network with that id prefix).
export function networkOfBridge(evidence: ConfigEvidence, bridge: string): { name: string; known: boolean } {
  const found = evidence.docker?.networks.find((network) => network.bridge === bridge);
  if (found) return { name: found.name, known: true };
  if (bridge === 'docker0') return { name: 'bridge', known: false };
  if (/^br-[0-9a-f]{12}$/.test(bridge)) return { name: bridge.slice(3), known: false };
  return { name: bridge, known: false };
}

// The path fix commands must use for a container's namespace (`/proc/<pid>/ns/net`), or null.
export function containerNetnsPath(evidence: ConfigEvidence, ns: string | null): string | null {
  if (ns === null) return null;
  const container = evidence.docker?.containers.find((entry) => entry.ns === ns);
  return container ? `/proc/${container.pid}/ns/net` : null;
}

// `docker -H unix://SOCKET ARGS` as a shell command (no -H when the socket is unknown).
export function dockerCommand(evidence: ConfigEvidence, args: string[]): string {
  const socket = evidence.docker?.socket;
  return shellJoin(['docker', ...(socket ? ['-H', `unix://${socket}`] : []), ...args]);
}

// Shows containers under their own names instead of the per-run namespace names (which are gone after the
// run): every string of `value` except the keys in `keep` (e.g. the endpoints' `netns`, which must stay usable).
export function withContainerNames<T extends object>(evidence: ConfigEvidence, value: T, keep: readonly (keyof T)[] = []): T {
  const containers = evidence.docker?.containers ?? [];
  if (containers.length === 0) return value;
  const rename = (text: string): string => containers.reduce((out, entry) => out.split(entry.ns).join(entry.name), text);
  const renamed = JSON.parse(rename(JSON.stringify(value))) as T;
  for (const key of keep) renamed[key] = value[key];
  return renamed;
}

// True when `address` exists only in the simulation (leased by a simulated `docker network connect`).
export function isLeasedAddress(evidence: ConfigEvidence, address: string): boolean {
  return evidence.docker?.leased?.includes(address) ?? false;
}
