// A tiny image made offline (no registry is reachable): Debian's static busybox in a rootfs tarball, loaded
// with `docker import`, and the helpers that run the lab's containers from it.
import { access, copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../cli/errors.js';
import { run } from '../system/runner.js';
import { runDocker } from './cli.js';

/** The tag every nettrace container runs. */
export const BUSYBOX_IMAGE = 'nettrace/busybox:1';

/** Applets linked into /bin: enough to ping, look at addresses and routes, and sleep forever. */
export const BUSYBOX_APPLETS = [
  'sh', 'ping', 'ip', 'sleep', 'ifconfig', 'route', 'arp', 'traceroute', 'nc', 'wget', 'cat', 'ls', 'echo',
  'ps', 'hostname', 'true', 'false', 'mkdir', 'rm', 'grep', 'sed', 'mount', 'nslookup',
] as const;

/** Write `<workDir>/rootfs.tar` holding /bin/busybox and its applet links; returns the tarball's path. */
export async function buildBusyboxRootfs(workDir: string, busybox = '/bin/busybox'): Promise<string> {
  if (!(await access(busybox).then(() => true, () => false))) throw new EnvironmentError('docker.noBusybox', { path: busybox });
  const root = path.join(workDir, 'rootfs');
  for (const dir of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root']) await mkdir(path.join(root, dir), { recursive: true });
  await copyFile(busybox, path.join(root, 'bin', 'busybox'));
  for (const applet of BUSYBOX_APPLETS) await symlink('busybox', path.join(root, 'bin', applet));
  const tarball = path.join(workDir, 'rootfs.tar');
  await run('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', tarball, '.']);
  return tarball;
}

/** Import the busybox image into the daemon behind `socket` (idempotent); returns the image id. */
export async function importBusyboxImage(socket: string, options: { tag?: string; busybox?: string } = {}): Promise<string> {
  const tag = options.tag ?? BUSYBOX_IMAGE;
  const existing = await runDocker(socket, ['image', 'inspect', '--format', '{{.Id}}', tag], { check: false });
  if (existing.exitCode === 0) return existing.stdout.trim();
  const workDir = await mkdtemp(path.join(tmpdir(), 'nettrace-busybox-'));
  try {
    const tarball = await buildBusyboxRootfs(workDir, options.busybox);
    const result = await runDocker(socket, ['import', '--change', 'CMD ["/bin/sh"]', tarball, tag], { timeoutMs: 60000 });
    return result.stdout.trim();
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** How to run one long-lived lab container. */
export interface ContainerSpec {
  /** Container name, e.g. `PINK`. */
  name: string;
  /** Image (default the busybox image). */
  image?: string;
  /** `--network` (default: Docker's default bridge). */
  network?: string;
  /** Command (default `sleep 1000000`: the container just holds its namespace). */
  command?: string[];
}

/** `docker run -d` a container that never pulls (no registry); returns its full id. */
export async function runContainer(socket: string, spec: ContainerSpec): Promise<string> {
  const args = ['run', '-d', '--pull', 'never', '--name', spec.name];
  if (spec.network) args.push('--network', spec.network);
  args.push(spec.image ?? BUSYBOX_IMAGE, ...(spec.command ?? ['sleep', '1000000']));
  const result = await runDocker(socket, args, { timeoutMs: 60000 });
  return result.stdout.trim();
}

/** A user-defined bridge network (for isolation and icc=false scenarios). */
export interface NetworkSpec {
  /** Docker network name. */
  name: string;
  /** Linux bridge name (`com.docker.network.bridge.name`); default `br-<id>`. */
  bridge?: string;
  /** Subnet, e.g. `172.30.0.0/24`. */
  subnet?: string;
  /** False: containers on this bridge may not talk to each other (`enable_icc=false`). */
  icc?: boolean;
  /** True: no route out (`--internal`). */
  internal?: boolean;
}

/** `docker network create` a bridge network; returns its id. */
export async function createNetwork(socket: string, spec: NetworkSpec): Promise<string> {
  const args = ['network', 'create', '--driver', 'bridge'];
  if (spec.bridge) args.push('--opt', `com.docker.network.bridge.name=${spec.bridge}`);
  if (spec.icc === false) args.push('--opt', 'com.docker.network.bridge.enable_icc=false');
  if (spec.subnet) args.push('--subnet', spec.subnet);
  if (spec.internal) args.push('--internal');
  args.push(spec.name);
  return (await runDocker(socket, args)).stdout.trim();
}
