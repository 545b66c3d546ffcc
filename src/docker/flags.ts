// The `--docker` flag check, light enough to run at start-up.
import { UsageError } from '../cli/errors.js';

/** Refuse `--docker` outside the sandbox before anything is built (never dockerd in the machine's namespace). */
export function assertDockerFlags(flags: { docker?: unknown; sandbox?: unknown }): void {
  if (flags.docker && !flags.sandbox) throw new UsageError('dockerLab.needsSandbox');
}
