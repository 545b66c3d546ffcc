// Registers the commands beyond `lab` (each lives in src/commands/ and exports define*(program)).
import type { Command } from 'commander';
import { defineReadCommand } from '../commands/read.js';
import { definePingCommand } from '../commands/ping.js';
import { installDockerLab } from '../docker/register.js';
import { defineCompareCommand } from '../commands/compare.js';
import { defineCleanupCommand } from '../commands/cleanup.js';
import { defineDiagnoseCommand } from '../commands/diagnose.js';
import { defineDemoCommand } from '../commands/demo.js';

/** Add every non-lab command to the program. */
export function registerExtraCommands(program: Command): void {
  definePingCommand(program);
  defineDiagnoseCommand(program);
  defineReadCommand(program);
  installDockerLab(program);
  defineCompareCommand(program);
  defineCleanupCommand(program);
  defineDemoCommand(program);
}
