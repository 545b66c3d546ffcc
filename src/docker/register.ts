// Plugs the Docker layer into the core: lab hook, container endpoints, diagnosis facts, and the
// `--docker` flag check. Each hook loads its Docker code only when it runs (start-up stays light).
import type { Command } from 'commander';
import { endpointResolvers, evidenceEnrichers, labHooks } from '../system/extensions.js';
import { assertDockerFlags } from './flags.js';

let installed = false;

/** Install the Docker hooks (once per process) and the `--docker` flag check on `lab up`. */
export function installDockerLab(program: Command): void {
  if (!installed) {
    labHooks.push(async (phase, data) => (await import('./lab-hook.js')).dockerLabHook(phase, data));
    endpointResolvers.push(async (name) => (await import('./container-endpoint.js')).resolveContainerEndpoint(name));
    evidenceEnrichers.push(async (evidence) => (await import('./diagnosis-context.js')).addDockerContext(evidence));
    installed = true;
  }
  const up = program.commands.find((c) => c.name() === 'lab')?.commands.find((c) => c.name() === 'up');
  // Never dockerd in the machine's own namespace: refuse before anything is built.
  up?.hook('preAction', (cmd) => assertDockerFlags(cmd.opts()));
}
