// Human output of `ping` / `diagnose`: diagram, per-hop table, netfilter lines, then the verdict — all from the one result object.
import type { TraceResult } from '../model/verdict.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../system/context.js';
import { createPalette } from './color.js';
import { formatPathDiagram } from './trace-diagram.js';
import { buildHopViews } from './trace-hops.js';
import { formatNetfilterLines } from './trace-netfilter.js';
import { formatHopTable } from './trace-table.js';
import { formatVerdictLines } from './trace-verdict.js';

/** How to render a trace for people. */
export interface TraceRenderOptions {
  /** ANSI colour (green ✓, red ✗, dim ·); never any code when false. */
  color: boolean;
  lang: Lang;
  /** True for `diagnose`: marks are predicted from `stopped_at`, not observed (default false). */
  predicted?: boolean;
  /** Print the timing line (default false: timings vary and add noise for learners). */
  timing?: boolean;
}

// The whole report as text (testable without a stream).
export function formatTrace(result: TraceResult, opts: TraceRenderOptions): string {
  const { color, lang } = opts;
  const palette = createPalette(color);
  const blocks: string[] = [];
  if (opts.predicted) blocks.push(palette.dim(t('render.trace.predicted', {}, lang)));
  if (result.path.length === 0) {
    blocks.push(t('render.trace.noPath', { src: result.source.name, dst: result.destination.name }, lang));
  } else {
    const views = buildHopViews(result, opts.predicted ?? false);
    blocks.push(formatPathDiagram(result, views, { color, lang }));
    blocks.push(palette.dim(t(opts.predicted ? 'render.trace.legendPredicted' : 'render.trace.legend', {}, lang)));
    if (!opts.predicted) blocks.push(formatHopTable(views, color, lang));
  }
  const netfilter = formatNetfilterLines(result.netfilter, color, lang);
  if (netfilter.length > 0) blocks.push(netfilter.join('\n'));
  blocks.push(formatVerdictLines(result, color, lang).join('\n'));
  const prediction = (result as { prediction?: { verdict: string; cause: string | null; agrees: boolean } }).prediction;
  if (prediction && !prediction.agrees) {
    blocks.push(palette.bold(t('render.trace.disagree', { verdict: prediction.verdict, cause: prediction.cause ?? '-' }, lang)));
  }
  const degraded = result.trace_unavailable ?? [];
  for (const reason of new Set(degraded.map((d) => d.reason))) {
    const namespaces = degraded.filter((d) => d.reason === reason).map((d) => d.namespace).join(', ');
    blocks.push(palette.dim(t('reliability.traceUnavailable', { namespaces, reason }, lang)));
  }
  if (opts.timing) blocks.push(palette.dim(t('render.trace.timing', { ...result.timing_ms }, lang)));
  return `${blocks.join('\n\n')}\n`;
}

// Write the human report of `result` to `out` (stdout in the CLI, a buffer in tests).
export function renderTrace(result: TraceResult, out: NodeJS.WritableStream, opts: TraceRenderOptions): void {
  out.write(formatTrace(result, opts));
}
