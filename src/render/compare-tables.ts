// Human output of `compare`: configuration and behaviour as side-by-side tables (cli-table3, catalog
// headings in en/ko), then what each bridge lacks as commands to run. Rendered from the JSON's result object.
import type { Lang } from '../system/context.js';
import type { MessageKey } from '../i18n/catalog.js';
import { t } from '../i18n/t.js';
import { renderTable, renderSection } from './table.js';
import type { CompareResult } from '../compare/assemble.js';
import type { Gap } from '../compare/types.js';
import type { ProbeKind, ProbeOutcome } from '../compare/probes.js';

/** Catalog key of each configuration row's label. */
const ROW_LABELS: Record<string, MessageKey> = {
  namespace: 'compare.row.namespace',
  subnet: 'compare.row.subnet',
  ports: 'compare.row.ports',
  'default-routes': 'compare.row.defaultRoutes',
  'host-route': 'compare.row.hostRoute',
  'forward-policy': 'compare.row.forwardPolicy',
  egress: 'compare.row.egress',
  'return-traffic': 'compare.row.return',
  'return-by': 'compare.row.returnKind',
  'intra-bridge': 'compare.row.intra',
  isolation: 'compare.row.isolation',
  nat: 'compare.row.nat',
  'nat-scope': 'compare.row.natScope',
  ip_forward: 'compare.row.ipForward',
  'bridge-nf-call-iptables': 'compare.row.brNf',
  mtu: 'compare.row.mtu',
  stp: 'compare.row.stp',
};

const PROBE_LABELS: Record<ProbeKind, MessageKey> = {
  'port-to-port': 'compare.probe.portToPort',
  'port-to-host': 'compare.probe.portToHost',
  'host-to-port': 'compare.probe.hostToPort',
  'port-to-internet': 'compare.probe.portToInternet',
};

const GAP_LABELS: Record<string, MessageKey> = {
  'conntrack-return': 'compare.gap.conntrack',
  'egress-rule': 'compare.gap.egress',
  'intra-bridge-rule': 'compare.gap.intra',
  masquerade: 'compare.gap.masquerade',
  'masquerade-scope': 'compare.gap.masqueradeScope',
};

/** One probe outcome as a table cell. */
export function probeCell(outcome: ProbeOutcome, lang: Lang): string {
  if (outcome.verdict === 'skipped') return t('compare.probe.skipped', { reason: t(outcome.skipped ?? 'compare.probe.noEndpoint', {}, lang) }, lang);
  const head = `${outcome.verdict} (${outcome.src} → ${outcome.dst})`;
  if (outcome.verdict === 'reached') return head;
  const lines = [head];
  if (outcome.cause) lines.push(outcome.cause);
  if (outcome.detail) lines.push(outcome.detail);
  if (outcome.stoppedAt) lines.push(`@ ${outcome.stoppedAt}`);
  return lines.join('\n');
}

function gapLines(gaps: Gap[], lacking: string, other: string, lang: Lang): string {
  if (gaps.length === 0) return `  ${t('compare.noGaps', { a: lacking, b: other }, lang)}\n`;
  return gaps.map((gap) => [`  - ${t(GAP_LABELS[gap.kind] ?? 'compare.gap.egress', { bridge: gap.bridge }, lang)}`, ...gap.commands.map((c) => `      ${c}`)].join('\n')).join('\n') + '\n';
}

/** The whole report as text. */
export function renderCompare(result: CompareResult, opts: { color: boolean; lang: Lang }): string {
  const { lang, color } = opts;
  const [A, B] = result.bridges;
  const same = (value: boolean | null) => (value === null ? '' : t(value ? 'compare.same.yes' : 'compare.same.no', {}, lang));
  const config = renderTable({
    head: [t('compare.head.aspect', {}, lang), A, B, t('compare.head.same', {}, lang)],
    rows: result.config.map((row) => [t(ROW_LABELS[row.aspect] ?? 'compare.row.namespace', {}, lang), row.a, row.b, same(row.same)]),
  }, color);
  const parts = [renderSection(t('compare.title.config', {}, lang), config)];
  if (result.behaviour.length > 0) {
    const behaviour = renderTable({
      head: [t('compare.head.probe', {}, lang), A, B, t('compare.head.same', {}, lang)],
      rows: result.behaviour.map((row) => [t(PROBE_LABELS[row.probe], {}, lang), probeCell(row.a, lang), probeCell(row.b, lang), same(row.same)]),
    }, color);
    parts.push(renderSection(t('compare.title.behaviour', {}, lang), behaviour));
  }
  parts.push(`${t('compare.title.gaps', { a: A, b: B }, lang)}\n${gapLines(result.gaps.a_lacks, A, B, lang)}`);
  parts.push(`${t('compare.title.gaps', { a: B, b: A }, lang)}\n${gapLines(result.gaps.b_lacks, B, A, lang)}`);
  return parts.join('\n');
}
