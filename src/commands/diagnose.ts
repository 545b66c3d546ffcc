// `nettrace diagnose <src> <dst>`: the verdict predicted from configuration alone — no packet is sent.
import type { Command } from 'commander';
import { action } from '../cli/action.js';
import { ExitCode } from '../cli/errors.js';
import { requireRoot, requireTools } from '../system/preflight.js';
import { context } from '../system/context.js';

async function runDiagnose(src: string, dst: string, json: boolean): Promise<number> {
  // Loaded here, not at start-up: only the command that runs pays for its modules.
  const { resolveHostNs } = await import('../status/host-ns.js');
  const { resolveEndpoints, planFor, outsideNamespaces } = await import('../trace/run-ping.js');
  const { predictFromConfig } = await import('../trace/config-diagnosis.js');
  const { createRunStateCache } = await import('../trace/state-cache.js');
  const { renderTrace } = await import('../render/trace-human.js');
  const { renderTraceJson } = await import('../render/trace-json.js');
  requireRoot();
  await requireTools(['ip', 'nsenter']);
  const started = performance.now();
  const hostNs = await resolveHostNs();
  const { source, destination } = await resolveEndpoints(src, dst, hostNs);
  const outside = await outsideNamespaces();
  // One read per namespace serves both the walk and the prediction (as in ping).
  const cache = createRunStateCache();
  const plan = await planFor(source, destination, hostNs, cache.facts, outside);
  const { diagnosis, missing } = await predictFromConfig(source, destination, hostNs, plan, outside, cache.state);
  const result = { ...diagnosis, timing_ms: { total: Math.round(performance.now() - started), armed: 0, probe: 0 }, ...(missing.length ? { missing } : {}) };
  if (json) renderTraceJson(result, process.stdout);
  else renderTrace(result, process.stdout, { color: context.color && Boolean(process.stdout.isTTY), lang: context.lang, predicted: true });
  return result.verdict === 'reached' ? ExitCode.ok : ExitCode.notReached;
}

/** Register `diagnose`. */
export function defineDiagnoseCommand(program: Command): void {
  program.command('diagnose')
    .description('predict the verdict, cause and fix from configuration alone (no packet is sent)')
    .argument('<src>', 'a namespace (RED), host, or a container')
    .argument('<dst>', 'an IPv4 address, a namespace, host, or a container')
    .action(action(async (src: string, dst: string, _opts: unknown, cmd: Command) => runDiagnose(src, dst, Boolean(cmd.optsWithGlobals().json))));
}
