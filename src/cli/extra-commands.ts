// Registers the commands beyond `lab` (each lives in src/commands/ and exports define*(program)).
import type { Command } from 'commander';
import { defineReadCommand } from '../commands/read.js';

/** Add every non-lab command to the program. */
export function registerExtraCommands(_program: Command): void {
  defineReadCommand(_program);
  // filled in as commands land
}
