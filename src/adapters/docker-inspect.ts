// Pure parsers of the Docker client's JSON: `docker inspect` (containers), `docker network inspect`, and
// `docker ps --format '{{json .}}'`; tested on recorded output in fixtures/docker/.

/** One network a container is attached to. */
export interface DockerNetworkAttachment {
  /** Docker network name (`bridge` for the default one). */
  network: string;
  /** Docker network id. */
  networkId: string;
  /** The container's IPv4 address on it (null when none). */
  ipAddress: string | null;
  /** Prefix length of that address. */
  prefixLength: number | null;
  /** The network's gateway (the bridge's address, the container's default route). */
  gateway: string | null;
  /** The container interface's MAC address. */
  macAddress: string | null;
  /** Linux bridge device in the daemon's namespace (`docker0`, `br-<id12>`); null until networks are known. */
  bridge: string | null;
}

/** A container as nettrace uses it: an endpoint whose namespace is reached through its pid. */
export interface DockerContainer {
  /** Full container id. */
  id: string;
  /** Name without Docker's leading slash. */
  name: string;
  /** Image reference it runs. */
  image: string;
  /** State (`running`, `exited`, `created`, …). */
  state: string;
  /** Pid of its init process in nettrace's pid namespace (null when not running). */
  pid: number | null;
  /** `/proc/<pid>/ns/net`, the path nsenter enters (null when not running). */
  netnsPath: string | null;
  /** Networks it is attached to. */
  networks: DockerNetworkAttachment[];
}

/** A Docker bridge network, from `docker network inspect`. */
export interface DockerNetwork {
  /** Network id. */
  id: string;
  /** Network name. */
  name: string;
  /** Driver (`bridge`, `host`, `null`, …). */
  driver: string;
  /** Linux bridge device for bridge networks (`docker0`, `br-<id12>` or the name option). */
  bridge: string | null;
  /** IPv4 subnets. */
  subnets: string[];
  /** Gateways, when the daemon reports them. */
  gateways: string[];
  /** Inter-container communication allowed (`enable_icc`, default true). */
  icc: boolean;
  /** MASQUERADE for traffic leaving the network (`enable_ip_masquerade`, default true). */
  masquerade: boolean;
  /** `--internal`: no route out. */
  internal: boolean;
}

/** A line of `docker ps -a --format '{{json .}}'`: enough to list what exists. */
export interface DockerContainerSummary {
  id: string;
  name: string;
  state: string;
  image: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const orNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Parse `docker inspect` output (a JSON array of containers). */
export function parseDockerInspect(text: string): DockerContainer[] {
  const items = JSON.parse(text) as Json[];
  return items.filter((item) => item && item.State && item.Config).map((item) => {
    const running = item.State.Running === true && typeof item.State.Pid === 'number' && item.State.Pid > 0;
    const networks = Object.entries((item.NetworkSettings?.Networks ?? {}) as Record<string, Json>).map(([network, value]) => ({
      network,
      networkId: String(value.NetworkID ?? ''),
      ipAddress: orNull(value.IPAddress),
      prefixLength: typeof value.IPPrefixLen === 'number' && value.IPAddress ? value.IPPrefixLen : null,
      gateway: orNull(value.Gateway),
      macAddress: orNull(value.MacAddress),
      bridge: null,
    }));
    return {
      id: String(item.Id),
      name: String(item.Name ?? '').replace(/^\//, ''),
      image: String(item.Config.Image ?? ''),
      state: String(item.State.Status ?? (running ? 'running' : 'unknown')),
      pid: running ? item.State.Pid : null,
      netnsPath: running ? `/proc/${item.State.Pid}/ns/net` : null,
      networks,
    };
  });
}

/** The Linux bridge of a bridge network: the name option, else docker0 for the default, else `br-<id12>`. */
export function bridgeNameOf(network: { id: string; driver: string; options: Record<string, string> }): string | null {
  if (network.driver !== 'bridge') return null;
  const named = network.options['com.docker.network.bridge.name'];
  if (named) return named;
  if (network.options['com.docker.network.bridge.default_bridge'] === 'true') return 'docker0';
  return `br-${network.id.slice(0, 12)}`;
}

/** Parse `docker network inspect` output (a JSON array of networks). */
export function parseDockerNetworks(text: string): DockerNetwork[] {
  return (JSON.parse(text) as Json[]).map((item) => {
    const options = (item.Options ?? {}) as Record<string, string>;
    const config = ((item.IPAM?.Config ?? []) as Json[]).filter((entry) => typeof entry.Subnet === 'string' && !entry.Subnet.includes(':'));
    return {
      id: String(item.Id),
      name: String(item.Name),
      driver: String(item.Driver ?? ''),
      bridge: bridgeNameOf({ id: String(item.Id), driver: String(item.Driver ?? ''), options }),
      subnets: config.map((entry) => String(entry.Subnet)),
      gateways: config.map((entry) => orNull(entry.Gateway)).filter((value): value is string => value !== null),
      icc: options['com.docker.network.bridge.enable_icc'] !== 'false',
      masquerade: options['com.docker.network.bridge.enable_ip_masquerade'] !== 'false',
      internal: item.Internal === true,
    };
  });
}

/** Fill in each attachment's bridge device from the networks (pure). */
export function attachBridges(container: DockerContainer, networks: readonly DockerNetwork[]): DockerContainer {
  return {
    ...container,
    networks: container.networks.map((attachment) => ({
      ...attachment,
      bridge: networks.find((network) => network.id === attachment.networkId)?.bridge ?? attachment.bridge,
    })),
  };
}

/** Parse `docker ps -a --no-trunc --format '{{json .}}'` (one JSON object per line). */
export function parseDockerPs(text: string): DockerContainerSummary[] {
  return text.split('\n').filter((line) => line.trim().startsWith('{')).map((line) => {
    const item = JSON.parse(line) as Json;
    return { id: String(item.ID), name: String(item.Names).split(',')[0], state: String(item.State ?? ''), image: String(item.Image ?? '') };
  });
}
