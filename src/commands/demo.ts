// `nettrace demo`: the guided tour of the tutorial on the sandbox (the README's main command).
import type { Command } from 'commander';
import { action } from '../cli/action.js';
import { requireRoot, requireTools } from '../system/preflight.js';
import { context } from '../system/context.js';
import type { DemoProbeReport } from '../demo/run-demo.js';
import { createPalette } from '../render/color.js';
import { t } from '../i18n/t.js';
import { SANDBOX } from '../lab/sandbox.js';

async function showCompare(): Promise<void> {
  // Loaded here, not at start-up: only the command that runs pays for its modules.
  const { gatherCompareInput } = await import('../compare/gather.js');
  const { assembleComparison, factsOf } = await import('../compare/assemble.js');
  const { planProbes } = await import('../compare/probes.js');
  const { runPlannedProbes } = await import('../compare/run-probes.js');
  const { renderCompare } = await import('../render/compare-tables.js');
  const input = await gatherCompareInput(SANDBOX.hostNs, ['br0', 'docker0']);
  const facts = factsOf(input, ['br0', 'docker0'], SANDBOX.hostNs);
  const outcomes = [await runPlannedProbes(planProbes(facts[0])), await runPlannedProbes(planProbes(facts[1]))] as const;
  process.stdout.write(`\n${t('demo.compare')}\n`);
  process.stdout.write(renderCompare(assembleComparison(input, facts, [outcomes[0], outcomes[1]]), { color: context.color && Boolean(process.stdout.isTTY), lang: context.lang }));
}

function printProbe(r: DemoProbeReport, renderTrace: typeof import('../render/trace-human.js').renderTrace): void {
  const color = context.color && Boolean(process.stdout.isTTY);
  const p = createPalette(color);
  process.stdout.write(`\n${p.bold(`$ nettrace ping ${r.probe.src} ${r.probe.dst}`)}\n`);
  renderTrace(r.result, process.stdout, { color, lang: context.lang });
  if (r.applied.length > 0) {
    process.stdout.write(`${t('demo.applying')}\n${r.applied.map((c) => `  # ${c}`).join('\n')}\n`);
    process.stdout.write(`${r.after === 'reached' ? p.green(t('demo.nowReaches', { src: r.probe.src, dst: r.probe.dst })) : p.red(t('demo.stillFails', { src: r.probe.src, dst: r.probe.dst }))}\n`);
  }
}

async function runDemoCommand(opts: { docker: boolean; json: boolean }): Promise<number> {
  // Loaded here, not at start-up: only the command that runs pays for its modules.
  const { runDemo } = await import('../demo/run-demo.js');
  const { renderTrace } = await import('../render/trace-human.js');
  const { buildTraceJson } = await import('../render/trace-json.js');
  requireRoot();
  await requireTools(['ip', 'iptables', 'nsenter', 'tcpdump', 'ping']);
  const json = opts.json;
  const reports = await runDemo({
    heading: (text) => { if (!json) process.stdout.write(`\n${createPalette(context.color && Boolean(process.stdout.isTTY)).bold(`━━ ${text}`)}\n`); },
    probe: (r) => { if (!json) printProbe(r, renderTrace); },
    note: (text) => { if (!json) process.stdout.write(`${text}\n`); },
    compare: json ? undefined : showCompare,
  }, { docker: opts.docker });
  if (json) {
    process.stdout.write(`${JSON.stringify({ probes: reports.map((r) => ({ stage: r.stage, src: r.probe.src, dst: r.probe.dst, result: buildTraceJson(r.result), applied: r.applied, after: r.after })) }, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${t('demo.done')}\n`);
  }
  const broken = reports.some((r) => r.result.verdict === 'unreachable' && r.applied.length > 0 && r.after !== 'reached');
  return broken ? 1 : 0;
}

/** Register `demo`. */
export function defineDemoCommand(program: Command): void {
  program.command('demo')
    .description('walk the tutorial on the sandbox: each stage traced, diagnosed, fixed; then docker0; removed at the end')
    .option('--no-docker', 'skip the Docker part')
    .action(action(async (opts: { docker: boolean }, cmd: Command) => runDemoCommand({ docker: opts.docker, json: Boolean(cmd.optsWithGlobals().json) })));
}
