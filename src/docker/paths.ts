// Where one sandbox Docker daemon keeps everything it creates, so that stop and crash cleanup remove exactly that.
import path from 'node:path';

/** Every file and directory one nettrace-started dockerd owns (nothing of the machine's own Docker). */
export interface DockerPaths {
  /** `--data-root`: images, containers, containerd's root (`<dataRoot>/containerd/daemon`). */
  dataRoot: string;
  /** `--exec-root`: runtime state, containerd's socket and state, container netns bind mounts. */
  execRoot: string;
  /** `--pidfile` that dockerd writes itself. */
  pidfile: string;
  /** The daemon's API socket (`-H unix://<socket>`). */
  socket: string;
  /** `--config-file` written by nettrace (keeps /etc/docker/daemon.json and /etc/docker/key.json out of it). */
  configFile: string;
  /** Where dockerd's stdout/stderr go when it runs detached. */
  logFile: string;
  /** Pid written by start-stop-daemon at launch (known before dockerd writes its own pidfile). */
  launchPidfile: string;
  /** dockerd's libtrust key (`deprecated-key-path`), otherwise written to /etc/docker/key.json. */
  keyFile: string;
  /** Directory holding the files above, removed when empty (optional). */
  baseDir?: string;
}

/** The conventional layout under one directory, e.g. `/tmp/h4-docker` or `/run/nettrace/docker`. */
export function dockerPathsUnder(baseDir: string): DockerPaths {
  return {
    dataRoot: path.join(baseDir, 'data'),
    execRoot: path.join(baseDir, 'exec'),
    pidfile: path.join(baseDir, 'docker.pid'),
    socket: path.join(baseDir, 'docker.sock'),
    configFile: path.join(baseDir, 'daemon.json'),
    logFile: path.join(baseDir, 'dockerd.log'),
    launchPidfile: path.join(baseDir, 'dockerd.launch.pid'),
    keyFile: path.join(baseDir, 'key.json'),
    baseDir,
  };
}

/** `unix:///path` for `docker -H` and DOCKER_HOST. */
export function dockerHostUrl(socket: string): string {
  return `unix://${socket}`;
}
