// Plugs the Docker layer into the CLI (called once from extra-commands.ts): the `lab up/down` hook, the
// endpoint resolver for container names, the Docker facts the diagnosis adds to its evidence, and the check
// that refuses `lab up --docker` without `--sandbox` before anything is built.
import type { Command } from 'commander';
import { addLabHook } from '../commands/lab.js';
import { addEndpointResolver } from '../trace/endpoints.js';
import { assertDockerFlags, dockerLabHook } from './lab-hook.js';
import { resolveContainerEndpoint } from './container-endpoint.js';
import { addEvidenceEnricher } from '../trace/config-diagnosis.js';
import { addDockerContext } from './diagnosis-context.js';

let installed = false;

/** Install the Docker hooks (once per process) and the `--docker` flag check on `lab up`. */
export function installDockerLab(program: Command): void {
  if (!installed) {
    addLabHook(dockerLabHook);
    addEndpointResolver(resolveContainerEndpoint);
    addEvidenceEnricher(addDockerContext);
    installed = true;
  }
  const up = program.commands.find((c) => c.name() === 'lab')?.commands.find((c) => c.name() === 'up');
  up?.hook('preAction', (cmd) => assertDockerFlags(cmd.opts()));
}
