// Human output of `lab status`: one cli-table3 table per concern, headings from the catalog.
import type { NsName } from '../model/state.js';
import { t } from '../i18n/t.js';
import { renderSection, renderTable } from './table.js';
import type { StatusChain, StatusPeer, StatusReport, StatusSysctls } from '../status/status-report.js';

const nsLabel = (ns: NsName): string => ns ?? t('status.thisNamespace');

function peerLabel(peer: StatusPeer | null): string {
  if (!peer) return '';
  if (!peer.resolved) return t('status.peerUnknown', { ifindex: peer.ifindex, netnsid: peer.netnsid ?? '-' });
  return `${nsLabel(peer.namespace)}:${peer.name}`;
}

function stateLabel(state: string, adminUp: boolean, lowerUp: boolean): string {
  if (!adminUp) return t('status.down');
  return lowerUp ? t('status.up') : `${t('status.noCarrier')} (${state})`;
}

function chainRows(chain: StatusChain): (string | number)[][] {
  const name = `${chain.table} ${chain.chain}`;
  if (!chain.exists) return [[nsLabel(chain.namespace), name, t('status.chainMissing', { table: chain.table, chain: chain.chain }), '']];
  const rows: (string | number)[][] = [[nsLabel(chain.namespace), name, t('status.policy', { policy: chain.policy ?? '-' }), chain.policy_packets ?? '']];
  for (const r of chain.rules) rows.push(['', '', `${r.position}. ${r.rule}`, r.packets ?? '']);
  return rows;
}

function sysctlRows(s: StatusSysctls): (string | number)[][] {
  // all and default always; an interface only when its own value is not 0 (the kernel uses max(all, own)).
  const perDev = (values: Record<string, number>) =>
    ['all', 'default', ...Object.keys(values).filter((k) => k !== 'all' && k !== 'default' && values[k] !== 0).sort()]
      .filter((k) => values[k] !== undefined).map((k) => `${k}=${values[k]}`).join(' ');
  return [
    [nsLabel(s.namespace), 'net.ipv4.ip_forward', s.ip_forward ?? '-'],
    ['', 'net.ipv4.conf.*.rp_filter', perDev(s.rp_filter)],
    ['', 'net.bridge.bridge-nf-call-iptables', s.bridge_nf_call_iptables ?? t('status.notLoaded')],
  ];
}

// Render the whole report as titled tables (plus the reasons of anything that could not be read).
export function renderStatusTables(report: StatusReport, color?: boolean): string {
  const none = t('word.none');
  const table = (head: string[], rows: (string | number)[][]) => (rows.length ? renderTable({ head, rows }, color) : none);
  const col = (key: Parameters<typeof t>[0]) => t(key);
  const parts: string[] = [`${t('status.title', { host: nsLabel(report.host), count: report.namespaces.length - 1 })}\n`];
  parts.push(renderSection(t('heading.namespaces'), table([col('status.col.namespace'), col('status.col.role'), col('status.col.interfaces')],
    report.namespaces.map((n) => [nsLabel(n.name), t(n.role === 'host' ? 'status.role.host' : 'status.role.lab'), n.interfaces.join(' ')]))));
  parts.push(renderSection(t('heading.links'), table(
    [col('status.col.namespace'), col('status.col.interface'), col('status.col.kind'), col('status.col.state'), col('status.col.master'), col('status.col.peer')],
    report.links.filter((l) => l.kind !== 'loopback')
      .map((l) => [nsLabel(l.namespace), l.name, l.kind, stateLabel(l.state, l.admin_up, l.lower_up), l.master ?? '', peerLabel(l.peer)]))));
  parts.push(renderSection(t('heading.bridges'), table(
    [col('status.col.namespace'), col('status.col.bridge'), col('status.col.state'), col('status.col.stp'), col('status.col.ports')],
    report.bridges.map((b) => [nsLabel(b.namespace), b.name, b.state, b.stp === null ? '-' : b.stp ? 'on' : 'off',
      b.ports.map((p) => `${p.name} (${p.state}) ↔ ${peerLabel(p.peer) || '-'}`).join('\n') || none]))));
  parts.push(renderSection(t('heading.addresses'), table([col('status.col.namespace'), col('status.col.interface'), col('status.col.address')],
    report.addresses.filter((a) => a.interface !== 'lo').map((a) => [nsLabel(a.namespace), a.interface, a.cidr]))));
  parts.push(renderSection(t('heading.routes'), table(
    [col('status.col.namespace'), col('status.col.destination'), col('status.col.gateway'), col('status.col.device'), col('status.col.source'), col('status.col.typeTable')],
    report.routes.map((r) => [nsLabel(r.namespace), r.dst, r.gateway ?? '', r.dev ?? '', r.prefsrc ?? '',
      [`${r.type}/${r.table}`, ...r.flags].join(' ')]))));
  const backends = [...new Set(report.netfilter.map((c) => c.backend).filter(Boolean))].join(', ');
  const netfilterTitle = backends ? `${t('heading.netfilter')} (${t('status.backend', { backend: backends })})` : t('heading.netfilter');
  parts.push(renderSection(netfilterTitle, table([col('status.col.namespace'), col('status.col.chain'), col('status.col.rule'), col('status.col.packets')],
    report.netfilter.flatMap(chainRows))));
  parts.push(renderSection(t('heading.sysctls'), table([col('status.col.namespace'), col('status.col.setting'), col('status.col.value')],
    report.sysctls.flatMap(sysctlRows))));
  for (const u of report.unavailable) parts.push(`${nsLabel(u.namespace)} ${u.what}: ${t('word.unavailable', { reason: u.reason })}\n`);
  return parts.join('\n');
}
