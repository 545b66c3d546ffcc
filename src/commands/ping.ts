// `nettrace ping <src> <dst>`: the main job — flags checked here, the work in src/trace, output in src/render.
import type { Command } from 'commander';
import { action } from '../cli/action.js';
import { UsageError, ExitCode } from '../cli/errors.js';
import { requireRoot, requireTools } from '../system/preflight.js';
import { context } from '../system/context.js';
import { t } from '../i18n/t.js';

interface PingOptions { count: string; timeout: string; save?: string; json?: boolean; trace: boolean }

/** A positive integer flag, or a UsageError naming it. */
export function positiveInt(flag: string, value: string, max = 1_000_000): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError('error.badNumber', { flag, value });
  return n;
}

async function runPingCommand(src: string, dst: string, opts: PingOptions): Promise<number> {
  // Loaded here, not at start-up: only the command that runs pays for its modules.
  const { runPing } = await import('../trace/run-ping.js');
  const { saveRun } = await import('../trace/save.js');
  const { renderTrace } = await import('../render/trace-human.js');
  const { renderTraceJson } = await import('../render/trace-json.js');
  const { createProgress } = await import('../render/spinner.js');
  const { explainRun } = await import('../trace/explain-run.js');
  const count = positiveInt('--count', opts.count, 100);
  const timeoutMs = positiveInt('--timeout', opts.timeout, 60000);
  requireRoot();
  await requireTools(['ip', 'nsenter', 'tcpdump', 'ping']);
  const progress = createProgress(process.stderr);
  let run;
  try {
    run = await runPing({
      src, dst, count, timeoutMs, trace: opts.trace,
      progress: (stage, detail) => progress.update(t(`trace.progress.${stage}`, detail)),
    });
  } finally {
    progress.done();
  }
  for (const c of run.evidence.captures) {
    if (c.result.endedEarly) process.stderr.write(`nettrace: ${t('reliability.captureEnded', { namespace: c.namespace, how: c.result.endedEarly })}\n`);
  }
  const result = explainRun(run.result, run.evidence, run.evidence.predicted);
  if (opts.save) {
    const files = await saveRun(opts.save, result, run.evidence);
    if (!opts.json) process.stderr.write(`${t('trace.saved', { count: files, dir: opts.save })}\n`);
  }
  if (opts.json) renderTraceJson(result, process.stdout);
  else renderTrace(result, process.stdout, { color: context.color && Boolean(process.stdout.isTTY), lang: context.lang });
  return result.verdict === 'reached' ? ExitCode.ok : ExitCode.notReached;
}

/** Register `ping`. */
export function definePingCommand(program: Command): void {
  program.command('ping')
    .description('send a probe and capture on every interface of the path at once; say where it stopped and why')
    .argument('<src>', 'a namespace (RED), host, or a container')
    .argument('<dst>', 'an IPv4 address, a namespace, host, or a container')
    .option('--count <n>', 'echo requests to send', '1')
    .option('--timeout <ms>', 'how long to wait for an answer', '1000')
    .option('--save <dir>', 'write one pcap per interface and evidence.json into DIR')
    .option('--no-trace', 'strictly read-only: no temporary TRACE rules (counters only)')
    .action(action(async (src: string, dst: string, opts: PingOptions, cmd: Command) => runPingCommand(src, dst, { ...opts, json: Boolean(cmd.optsWithGlobals().json) })));
}
