// Further `lab` subcommands (status) registered beside up/down.
import type { Command } from 'commander';

/** Add the remaining `lab` subcommands. */
export function defineLabExtras(_lab: Command): void {
  // `lab status` is registered here once src/commands/lab-status.ts lands.
}
