// The path diagram: one line of hops joined by arrows, then `request` and `reply` rows with a mark and the addresses seen under each hop.
import type { Observation } from '../model/observation.js';
import type { TraceResult } from '../model/verdict.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../system/context.js';
import { createPalette, type Palette } from './color.js';
import type { HopDirectionView, HopMark, HopView } from './trace-hops.js';
import { displayWidth, padToWidth } from './trace-text-width.js';

const MARK_SYMBOL: Record<HopMark, string> = { seen: '✓', missing: '✗', 'not-expected': '·' };
const ARROW_GAP = 5; // " ──▶ " between two hop labels at minimum

function paintMark(mark: HopMark, palette: Palette): string {
  const symbol = MARK_SYMBOL[mark];
  if (mark === 'seen') return palette.green(symbol);
  if (mark === 'missing') return palette.red(symbol);
  return palette.dim(symbol);
}

function route(obs: Observation): string {
  return `${obs.src}→${obs.dst}`;
}

// The addresses as seen at a hop, with the NAT rewrite named (plain text, so widths can be measured).
export function describeSeen(view: HopDirectionView, direction: 'request' | 'reply', result: TraceResult, lang: Lang): string {
  const first = view.packets[0];
  if (first === undefined) {
    const arp = view.arp[0];
    return arp === undefined ? '' : t('render.trace.arpOnly', { target: arp.dst }, lang);
  }
  if (direction === 'reply') return first.type === 'echo-reply' ? route(first) : `${first.type} ${route(first)}`;
  const notes: string[] = [];
  if (result.source.address !== null && first.src !== result.source.address) notes.push(t('render.trace.masqueraded', {}, lang));
  if (result.destination.address !== null && first.dst !== result.destination.address) notes.push(t('render.trace.dnat', {}, lang));
  return [route(first), ...notes].join(' ');
}

function needsInternet(result: TraceResult): boolean {
  const last = result.path[result.path.length - 1];
  return result.destination.kind === 'address' && last !== undefined && last.role === 'uplink';
}

/** Options of the diagram. */
export interface DiagramOptions {
  color: boolean;
  lang: Lang;
}

// Three aligned lines: hops, request marks, reply marks (plus "(internet)" when the probe leaves the machine).
export function formatPathDiagram(result: TraceResult, views: readonly HopView[], opts: DiagramOptions): string {
  const palette = createPalette(opts.color);
  const rowNames = [t('render.trace.row.request', {}, opts.lang), t('render.trace.row.reply', {}, opts.lang)];
  const indent = Math.max(...rowNames.map(displayWidth)) + 4; // "  request  "
  const cells = views.map((view) => ({
    request: describeSeen(view.request, 'request', result, opts.lang),
    reply: describeSeen(view.reply, 'reply', result, opts.lang),
  }));
  const widths = views.map((view, i) => Math.max(
    displayWidth(view.label) + ARROW_GAP,
    2 + displayWidth(cells[i].request) + 3,
    2 + displayWidth(cells[i].reply) + 3,
  ));
  const hopLine = views.map((view, i) => {
    const isLast = i === views.length - 1;
    if (isLast && !needsInternet(result)) return view.label;
    const dashes = '─'.repeat(Math.max(2, widths[i] - displayWidth(view.label) - 3));
    return `${view.label} ${dashes}▶ `;
  }).join('') + (needsInternet(result) ? t('render.trace.internet', {}, opts.lang) : '');
  const markLine = (name: string, pick: (v: HopView) => HopDirectionView, text: (i: number) => string): string =>
    `  ${padToWidth(name, indent - 2)}${views.map((view, i) => {
      const cell = `${paintMark(pick(view).mark, palette)} ${text(i)}`;
      return i === views.length - 1 ? cell : padToWidth(cell, widths[i]);
    }).join('')}`.trimEnd();
  return [
    `${' '.repeat(indent)}${hopLine}`,
    markLine(rowNames[0], (v) => v.request, (i) => cells[i].request),
    markLine(rowNames[1], (v) => v.reply, (i) => cells[i].reply),
  ].join('\n');
}
