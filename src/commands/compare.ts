// `nettrace compare <bridgeA> <bridgeB>`: gather (read-only) → derive facts → probe (sandbox only) → assemble
// → render as tables or JSON.
import type { Command } from 'commander';
import { action } from '../cli/action.js';
import { UsageError } from '../cli/errors.js';
import { requireRoot, requireTools } from '../system/preflight.js';
import { assertIfName } from '../system/names.js';
import { context } from '../system/context.js';
import type { PlannedProbe } from '../compare/probes.js';

interface CompareOptions { json?: boolean; probes: boolean }

/** Probes run only when the bridges live in the recorded sandbox host (every namespace there is nettrace's). */
async function probesAllowed(hostNs: string | null): Promise<boolean> {
  const { readRecord } = await import('../lab/record.js');
  const record = await readRecord().catch(() => null);
  return Boolean(record?.sandbox && hostNs !== null && record.hostNs === hostNs);
}

async function runCompare(bridgeA: string, bridgeB: string, opts: CompareOptions): Promise<number> {
  // Loaded here, not at start-up: only the command that runs pays for its modules.
  const { resolveHostNs } = await import('../status/host-ns.js');
  const { gatherCompareInput } = await import('../compare/gather.js');
  const { assembleComparison, factsOf } = await import('../compare/assemble.js');
  const { planProbes } = await import('../compare/probes.js');
  const { runPlannedProbes } = await import('../compare/run-probes.js');
  const { renderCompare } = await import('../render/compare-tables.js');
  assertIfName(bridgeA);
  assertIfName(bridgeB);
  if (bridgeA === bridgeB) throw new UsageError('compare.sameBridge', { name: bridgeA });
  requireRoot();
  await requireTools(['ip', 'iptables', 'nsenter']);
  const hostNs = await resolveHostNs();
  const input = await gatherCompareInput(hostNs, [bridgeA, bridgeB]);
  const facts = factsOf(input, [bridgeA, bridgeB], hostNs ?? 'host');
  let outcomes = null;
  if (opts.probes) {
    const allowed = await probesAllowed(hostNs);
    const skip = (p: PlannedProbe): PlannedProbe => ({ ...p, skipped: 'compare.probe.notSandbox' });
    const plans = facts.map((f) => (allowed ? planProbes(f) : planProbes(f).map(skip)));
    if (allowed) await requireTools(['tcpdump', 'ping']);
    outcomes = [await runPlannedProbes(plans[0]!), await runPlannedProbes(plans[1]!)] as [Awaited<ReturnType<typeof runPlannedProbes>>, Awaited<ReturnType<typeof runPlannedProbes>>];
  }
  const result = assembleComparison(input, facts, outcomes);
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(renderCompare(result, { color: context.color && Boolean(process.stdout.isTTY), lang: context.lang }));
  return 0;
}

/** Register `compare`. */
export function defineCompareCommand(program: Command): void {
  program.command('compare')
    .description('a hand-built bridge against another (typically br0 against docker0): configuration, behaviour, and what one lacks')
    .argument('<bridgeA>', 'a bridge in the host namespace, e.g. br0')
    .argument('<bridgeB>', 'another bridge there, e.g. docker0')
    .option('--no-probes', 'configuration only: send no probe')
    .action(action(async (a: string, b: string, opts: CompareOptions, cmd: Command) => runCompare(a, b, { ...opts, json: Boolean(cmd.optsWithGlobals().json) })));
}
