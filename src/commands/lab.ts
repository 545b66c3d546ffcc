// `nettrace lab up|down|status`: thin command layer — flags are checked here, the work is in src/lab.
import type { Command } from 'commander';
import { action } from '../cli/action.js';
import { requireRoot, requireTools } from '../system/preflight.js';
import { context } from '../system/context.js';
import { t } from '../i18n/t.js';
import { assertNetnsName } from '../system/names.js';
import { defineLabExtras } from './lab-extras.js';
import { labHooks } from '../system/extensions.js';

interface UpOptions { sandbox?: boolean; stage?: string; docker?: boolean; file?: string; json?: boolean }

async function runUp(opts: UpOptions): Promise<number> {
  // Loaded here, not at start-up: only the command that runs pays for its modules.
  const { labDown, labUp } = await import('../lab/up.js');
  const { loadLabFile, loadTutorialLab } = await import('../lab/load.js');
  requireRoot();
  await requireTools(['ip', 'iptables', 'sysctl', 'nsenter']);
  const spec = opts.file ? await loadLabFile(opts.file) : await loadTutorialLab();
  const hostNs = context.hostNsOverride ?? null;
  if (hostNs) assertNetnsName(hostNs);
  const outcome = await labUp({ spec, stage: opts.stage ?? null, sandbox: Boolean(opts.sandbox), hostNs: opts.sandbox ? null : hostNs });
  const after = await runLabHooks('up', { ...opts, outcome });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ...outcome, ...after }, null, 2)}\n`);
  } else if (outcome.added === 0 && outcome.removed === 0) {
    process.stdout.write(`${t('lab.up.noop', { name: outcome.name, stage: outcome.stage })}\n`);
  } else {
    const sandbox = outcome.sandbox ? t('lab.sandboxNote', { hostNs: outcome.hostNs ?? 'host' }) : '';
    process.stdout.write(`${t('lab.up.done', { name: outcome.name, stage: outcome.stage, changes: outcome.added + outcome.removed, sandbox })}\n`);
  }
  return 0;
}

async function runDown(opts: { json?: boolean }): Promise<number> {
  const { labDown } = await import('../lab/up.js');
  requireRoot();
  await requireTools(['ip']);
  await runLabHooks('down', {});
  const outcome = await labDown();
  if (opts.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  else process.stdout.write(`${outcome.removed > 0 ? t('lab.down.done', { count: outcome.removed }) : t('lab.down.nothing')}\n`);
  return 0;
}

/** Run the hooks other layers registered (Docker) and merge what they report. */
async function runLabHooks(phase: 'up' | 'down', data: Record<string, unknown>): Promise<Record<string, unknown>> {
  let merged: Record<string, unknown> = {};
  for (const hook of labHooks) merged = { ...merged, ...(await hook(phase, data)) };
  return merged;
}

/** Register the `lab` command group. */
export function defineLabCommands(program: Command): void {
  const lab = program.command('lab').description('build, inspect and remove the tutorial lab (or any lab file)');
  lab.command('up')
    .description('build the tutorial lab (or --file LAB.json) up to a stage; idempotent')
    .option('--sandbox', 'build inside a sandbox: host namespace nt-host with an uplink to a WAN namespace nt-wan')
    .option('--stage <stage>', 'bridge | host-address | default-route | masquerade | complete (default)')
    .option('--docker', 'also run dockerd with containers PINK and ORANGE inside the sandbox host')
    .option('--file <LAB.json>', 'build this topology instead of the tutorial lab')
    .action(action(async (opts: UpOptions, cmd: Command) => runUp({ ...opts, json: Boolean(cmd.optsWithGlobals().json) })));
  lab.command('down')
    .description('remove exactly what `lab up` created; idempotent, works after a crash')
    .action(action(async (_opts: unknown, cmd: Command) => runDown({ json: Boolean(cmd.optsWithGlobals().json) })));
  defineLabExtras(lab);
}
