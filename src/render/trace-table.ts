// The per-hop table: for each hop, the first request and reply seen there (time, src→dst) and the ARP exchange.
import type { Observation } from '../model/observation.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../system/context.js';
import { renderTable } from './table.js';
import type { HopDirectionView, HopView } from './trace-hops.js';

function packetCell(view: HopDirectionView, lang: Lang): string {
  const first = view.packets[0];
  if (first === undefined) return t('render.trace.cell.none', {}, lang);
  const kind = first.type === 'echo-request' || first.type === 'echo-reply' ? '' : `${first.type} `;
  const text = t('render.trace.cell.packet', { time: first.time_ms.toFixed(2), route: `${kind}${first.src}→${first.dst}` }, lang);
  return view.packets.length > 1 ? `${text} ${t('render.trace.cell.count', { count: view.packets.length }, lang)}` : text;
}

function arpLine(obs: Observation, lang: Lang): string {
  if (obs.type === 'arp-reply') return t('render.trace.cell.isAt', { sender: obs.src, mac: obs.senderMac ?? '?' }, lang);
  return t('render.trace.cell.whoHas', { target: obs.dst, sender: obs.src }, lang);
}

// ARP seen at a hop, one line per distinct question or answer (repeats are folded).
function arpCell(arp: readonly Observation[], lang: Lang): string {
  const lines = [...new Set(arp.map((obs) => arpLine(obs, lang)))];
  return lines.length === 0 ? t('render.trace.cell.none', {}, lang) : lines.join('\n');
}

// cli-table3 table of every hop (headings from the catalog, colour only when allowed).
export function formatHopTable(views: readonly HopView[], color: boolean, lang: Lang): string {
  return renderTable({
    head: [
      t('render.trace.heading.hop', {}, lang),
      t('render.trace.heading.request', {}, lang),
      t('render.trace.heading.reply', {}, lang),
      t('render.trace.heading.arp', {}, lang),
    ],
    rows: views.map((view) => [view.label, packetCell(view.request, lang), packetCell(view.reply, lang), arpCell(view.arp, lang)]),
  }, color);
}
