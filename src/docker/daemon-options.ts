// The options and argument list of a sandbox dockerd (pure), kept apart from starting and stopping it.
import path from 'node:path';
import { dockerHostUrl, type DockerPaths } from './paths.js';

/** How to start one sandbox daemon; paths not given are put beside the exec-root. */
export interface DockerdOptions extends Partial<DockerPaths> {
  /** Network namespace (name under /run/netns or a path); required: never the machine's own. */
  netns: string;
  dataRoot: string;
  execRoot: string;
  pidfile: string;
  socket: string;
  /** More dockerd arguments, e.g. `--icc=false`, `--bip=172.18.0.1/16`, `--storage-driver=vfs`. */
  extraArgs?: string[];
  /** True: outlive this process (for `lab up`); false (default): a child of this process. */
  detach?: boolean;
  /** `--cgroup-parent` (a single name such as `nettrace-h4`), so containers' cgroups are ours to remove. */
  cgroupParent?: string;
  /** How long to wait for the socket to answer (default 30000 ms). */
  readyTimeoutMs?: number;
}

/** What must be remembered (e.g. in the lab record) to stop a daemon later, from another process. */
export interface DockerdRecord {
  /** Network namespace it runs in. */
  netns: string;
  /** Everything it owns on disk. */
  paths: DockerPaths;
  /** dockerd's pid. */
  pid: number;
  /** Started with start-stop-daemon, not as a child of nettrace. */
  detached: boolean;
  /** `--cgroup-parent` given at start, if any. */
  cgroupParent?: string;
}

/** Fill in config, log, launch-pid and key file paths beside the exec-root when not given. */
export function completeDockerPaths(options: DockerdOptions): DockerPaths {
  const sibling = (suffix: string) => path.join(path.dirname(options.execRoot), `${path.basename(options.execRoot)}${suffix}`);
  return {
    dataRoot: options.dataRoot,
    execRoot: options.execRoot,
    pidfile: options.pidfile,
    socket: options.socket,
    configFile: options.configFile ?? sibling('-daemon.json'),
    logFile: options.logFile ?? sibling('-dockerd.log'),
    launchPidfile: options.launchPidfile ?? sibling('-launch.pid'),
    keyFile: options.keyFile ?? sibling('-key.json'),
    baseDir: options.baseDir,
  };
}

/** dockerd's argument list: own config file, roots, pidfile and socket; iptables and docker0 left at their defaults
 * so Docker writes its usual rules in the sandbox namespace; containerd is started by dockerd itself with its
 * root and state under data-root and exec-root. */
export function dockerdArgs(record: DockerdRecord, extraArgs: readonly string[]): string[] {
  const { paths } = record;
  return [
    '--config-file', paths.configFile,
    '--data-root', paths.dataRoot,
    '--exec-root', paths.execRoot,
    '--pidfile', paths.pidfile,
    '-H', dockerHostUrl(paths.socket),
    ...(record.cgroupParent ? ['--cgroup-parent', record.cgroupParent] : []),
    ...extraArgs,
  ];
}
