// `nettrace demo`: walks the tutorial on the sandbox — build each stage, trace the probes, show the
// diagnosis, apply its fix, show that it now reaches — then (when Docker is there) the same through docker0
// and `compare br0 docker0`; the sandbox is removed at the end, also on Ctrl-C.
import { DEMO_DOCKER_PROBES, DEMO_STAGES, FIX_PROGRAMS, splitFixCommand, type DemoProbe } from './script.js';
import { labDown, labUp } from '../lab/up.js';
import { loadTutorialLab } from '../lab/load.js';
import { readRecord } from '../lab/record.js';
import { runPing } from '../trace/run-ping.js';
import { explainRun, type ExplainedResult } from '../trace/explain-run.js';
import { run } from '../system/runner.js';
import { pushUndo } from '../system/undo.js';
import { EnvironmentError } from '../cli/errors.js';
import { t } from '../i18n/t.js';
import { dockerDown, dockerUp } from '../docker/lab-hook.js';
import { whichTool } from '../system/preflight.js';

/** What the demo reports for one probe. */
export interface DemoProbeReport {
  stage: string;
  probe: DemoProbe;
  result: ExplainedResult;
  /** Fix commands run, and the verdict of the same probe afterwards. */
  applied: string[];
  after: 'reached' | 'unreachable' | null;
}

/** How the demo talks to the user (the command renders; tests collect). */
export interface DemoSink {
  heading(text: string): void;
  probe(report: DemoProbeReport): void;
  note(text: string): void;
  compare?(): Promise<void>;
}

async function ping(probe: DemoProbe) {
  const { result, evidence } = await runPing({ src: probe.src, dst: probe.dst, count: 1, timeoutMs: 1000, trace: true });
  return explainRun(result, evidence, evidence.predicted);
}

async function applyFix(commands: string[]): Promise<string[]> {
  const applied: string[] = [];
  for (const command of commands) {
    const [file, ...args] = splitFixCommand(command);
    if (!file || !FIX_PROGRAMS.has(file)) break;
    await run(file, args);
    applied.push(command);
  }
  return applied;
}

async function showProbe(stage: string, probe: DemoProbe, sink: DemoSink, fix: boolean): Promise<DemoProbeReport> {
  const result = await ping(probe);
  const report: DemoProbeReport = { stage, probe, result, applied: [], after: null };
  if (fix && result.verdict === 'unreachable' && result.fix.length > 0) {
    report.applied = await applyFix(result.fix);
    report.after = (await ping(probe)).verdict;
  }
  sink.probe(report);
  return report;
}

/** Run the whole demo; the sandbox is always removed at the end. */
export async function runDemo(sink: DemoSink, options: { docker: boolean }): Promise<DemoProbeReport[]> {
  if (await readRecord()) throw new EnvironmentError('demo.labUp');
  const spec = await loadTutorialLab();
  const reports: DemoProbeReport[] = [];
  const teardown = pushUndo('remove the demo sandbox', async () => {
    await dockerDown().catch(() => undefined);
    await labDown();
  });
  try {
    for (const step of DEMO_STAGES) {
      await labDown();
      await labUp({ spec, stage: step.stage, sandbox: true, hostNs: null });
      sink.heading(t('demo.stage', { stage: step.stage, about: t(step.about) }));
      for (const probe of step.probes) reports.push(await showProbe(step.stage, probe, sink, true));
    }
    const docker = options.docker && (await whichTool('dockerd')) !== null;
    if (docker) {
      sink.heading(t('demo.docker'));
      await dockerUp();
      for (const probe of DEMO_DOCKER_PROBES) reports.push(await showProbe('docker', probe, sink, false));
      await sink.compare?.();
    } else if (options.docker) {
      sink.note(t('demo.noDocker'));
    }
  } finally {
    await teardown.run();
  }
  return reports;
}
