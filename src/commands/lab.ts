// `nettrace lab up|down|status`: thin command layer over src/lab (validation of flags, then the core).
import type { Command } from 'commander';

/** Register the `lab` command group. */
export function defineLabCommands(program: Command): void {
  program.command('lab').description('build, inspect and remove the tutorial lab (or any lab file)');
}
