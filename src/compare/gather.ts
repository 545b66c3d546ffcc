// Gathers what `compare` reads (read-only): the host namespace's links, addresses, routes, sysctls and
// iptables rules, plus the namespaces and Docker containers behind the two bridges' ports.
import type { NsName } from '../model/state.js';
import { UsageError } from '../cli/errors.js';
import { collectNamespaceState } from '../adapters/namespace-state.js';
import { valueOr } from '../adapters/snapshot.js';
import { isUnavailable } from '../adapters/ip-json.js';
import { collectIpState } from '../adapters/ip-batch.js';
import { inspectContainer, listContainers } from '../adapters/docker.js';
import { liveSocket } from '../docker/container-endpoint.js';
import { CONTAINER_NETNS_PREFIX } from '../docker/container-netns.js';
import { mapLimit } from '../system/parallel.js';
import type { CompareInput, EndpointFacts } from './types.js';

async function endpointFacts(kind: EndpointFacts['kind'], name: string, ns: string): Promise<EndpointFacts | null> {
  const s = await collectIpState(ns).catch(() => null);
  if (!s || isUnavailable(s.links) || isUnavailable(s.addresses) || isUnavailable(s.routes)) return null;
  return { kind, name, ns, links: s.links, addresses: s.addresses, routes: s.routes };
}

/** Running containers of the daemon the lab record or DOCKER_HOST names (none when no daemon answers). */
async function containerEndpoints(): Promise<EndpointFacts[]> {
  const socket = await liveSocket().catch(() => null);
  if (!socket) return [];
  const running = (await listContainers(socket)).filter((c) => c.state === 'running');
  const found = await mapLimit(running, 4, async (summary) => {
    const container = await inspectContainer(socket, summary.id);
    return container?.netnsPath ? endpointFacts('container', container.name, container.netnsPath) : null;
  });
  return found.filter((e): e is EndpointFacts => e !== null);
}

/** Read everything about `bridges` in `hostNs`; unknown bridges are a UsageError listing those that exist. */
export async function gatherCompareInput(hostNs: NsName, bridges: readonly string[]): Promise<CompareInput> {
  const state = await collectNamespaceState(hostNs);
  if (isUnavailable(state.links)) throw new UsageError('compare.unknownBridge', { name: bridges[0]!, ns: hostNs ?? 'host', known: state.links.reason });
  const links = state.links;
  const known = links.filter((l) => l.kind === 'bridge').map((l) => l.name);
  for (const name of bridges) {
    if (!known.includes(name)) throw new UsageError('compare.unknownBridge', { name, ns: hostNs ?? 'host', known: known.join(', ') || '-' });
  }
  const nsids = valueOr(state.nsids, {});
  const ports = links.filter((l) => l.master !== null && bridges.includes(l.master));
  const peerNames = new Set<string>();
  let unnamed = false;
  for (const port of ports) {
    const name = port.peer?.netnsid != null ? nsids[port.peer.netnsid] : null;
    if (name && !name.startsWith(CONTAINER_NETNS_PREFIX)) peerNames.add(name);
    else if (port.peer?.netnsid != null) unnamed = true;
  }
  const named = await mapLimit([...peerNames], 4, (name) => endpointFacts('netns', name, name));
  const containers = unnamed ? await containerEndpoints() : [];
  return {
    hostNs,
    links,
    addresses: valueOr(state.addresses, []),
    routes: valueOr(state.routes, []),
    sysctls: valueOr(state.sysctls, null),
    ruleset: valueOr(state.ruleset, null),
    endpoints: [...named.filter((e): e is EndpointFacts => e !== null), ...containers],
  };
}
