// `nettrace lab status [--json]`: gather the live state of the host and every namespace, render it.
import type { Command } from 'commander';
import { action } from '../cli/action.js';
import { context } from '../system/context.js';
import { requireRoot, requireTools } from '../system/preflight.js';
import type { StatusReport } from '../status/status-report.js';

// The whole command, apart from registration: tables on stdout (coloured only on a terminal), or the JSON document with --json.
export async function runLabStatus(opts: { json?: boolean }, write: (text: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  // Loaded here, not at start-up: only the command that runs pays for its modules.
  const { gatherStatus } = await import('../status/gather-status.js');
  const { renderStatusTables } = await import('../render/status-tables.js');
  requireRoot();
  await requireTools(['ip', 'nsenter', 'grep']);
  const report: StatusReport = await gatherStatus();
  const color = context.color && process.stdout.isTTY === true;
  write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatusTables(report, color));
  return 0;
}

// Register `lab status` under the `lab` command group (global --json selects the JSON shape of docs/status-json.md).
export function defineLabStatusCommand(lab: Command): void {
  lab.command('status')
    .description('what exists now, read from the system: namespaces, links and veth peers, bridges, addresses, routes, FORWARD/POSTROUTING, sysctls')
    .action(action(async (_opts: unknown, cmd: Command) => runLabStatus({ json: Boolean(cmd.optsWithGlobals().json) })));
}
