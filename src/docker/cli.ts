// The docker client, always pointed at one explicit daemon socket (never the machine's default daemon).
import { run, type RunOptions, type RunResult } from '../system/runner.js';
import { dockerHostUrl } from './paths.js';

/** Run `docker -H unix://<socket> ARGS` in nettrace's own namespace (the client only talks to the socket). */
export function runDocker(socket: string, args: readonly string[], options: Omit<RunOptions, 'netns'> = {}): Promise<RunResult> {
  return run('docker', ['-H', dockerHostUrl(socket), ...args], options);
}

/** True when the daemon behind `socket` answers an API call (bounded by `timeoutMs`). */
export async function isDockerAnswering(socket: string, timeoutMs = 3000): Promise<boolean> {
  const result = await runDocker(socket, ['version', '--format', '{{.Server.Version}}'], { check: false, timeoutMs });
  return result.exitCode === 0 && result.stdout.trim() !== '';
}

/** Server version string (e.g. `20.10.24+dfsg1`) of the daemon behind `socket`. */
export async function dockerServerVersion(socket: string): Promise<string> {
  const result = await runDocker(socket, ['version', '--format', '{{.Server.Version}}']);
  return result.stdout.trim();
}
