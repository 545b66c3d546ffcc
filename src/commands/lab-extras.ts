// Further `lab` subcommands (status) registered beside up/down.
import type { Command } from 'commander';
import { defineLabStatusCommand } from './lab-status.js';

/** Add the remaining `lab` subcommands. */
export function defineLabExtras(lab: Command): void {
  defineLabStatusCommand(lab);
}
