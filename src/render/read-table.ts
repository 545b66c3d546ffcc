// Human output of `read`: one timeline table per capture (time, interface, type, src → dst, id/seq).
import Table from 'cli-table3';
import type { Observation } from '../model/observation.js';
import { t } from '../i18n/t.js';
import type { NamedReadout } from './read-json.js';

function interfaceCell(obs: Observation): string {
  const name = obs.interface ?? (obs.ifIndex !== undefined ? `#${obs.ifIndex}` : t('read.unknown'));
  return obs.linkDirection ? `${name} ${obs.linkDirection}` : name;
}

function typeCell(obs: Observation): string {
  if (obs.type === 'echo-request' || obs.type === 'echo-reply' || obs.protocol === 'arp') return obs.type;
  const code = obs.icmpCode !== undefined ? ` (${obs.icmpType}/${obs.icmpCode})` : '';
  return `${obs.type}${code}`;
}

function routeCell(obs: Observation): string {
  const route = `${obs.src} → ${obs.dst}`;
  if (obs.quoted) return `${route}\n  [${obs.quoted.src} → ${obs.quoted.dst}]`;
  if (obs.protocol === 'arp' && obs.type === 'arp-reply' && obs.senderMac) return `${route}\n  ${obs.src} is-at ${obs.senderMac}`;
  return route;
}

function idSeqCell(obs: Observation): string {
  const id = obs.icmpId ?? obs.quoted?.icmpId;
  const seq = obs.icmpSeq ?? obs.quoted?.icmpSeq;
  return id === undefined ? '' : `${id}/${seq ?? ''}`;
}

/** The timeline table of one capture's observations (a plain line when there are none). */
export function formatObservationTable(observations: readonly Observation[], color: boolean): string {
  if (observations.length === 0) return t('read.noObservations');
  const table = new Table({
    head: [t('read.heading.time'), t('read.heading.interface'), t('read.heading.type'),
      t('read.heading.route'), t('read.heading.idSeq')],
    style: color ? { compact: true } : { head: [], border: [], compact: true },
  });
  for (const obs of observations) {
    table.push([obs.time_ms.toFixed(2), interfaceCell(obs), typeCell(obs), routeCell(obs), idSeqCell(obs)]);
  }
  return table.toString();
}

/** Write every readable capture's title and timeline, then the saved verdict, to `out`. */
export function renderReadTables(readouts: readonly NamedReadout[], verdict: string | null,
  out: NodeJS.WritableStream, color: boolean): void {
  for (const { file, readout } of readouts) {
    if (!readout.readable) continue;
    out.write(`${t('read.title', {
      file, namespace: readout.namespace ?? t('read.unknown'), interface: readout.interface ?? t('read.unknown'),
      linktype: readout.linktype ?? t('read.unknown'), packets: readout.packets, count: readout.observations.length,
    })}\n${formatObservationTable(readout.observations, color)}\n\n`);
  }
  if (verdict !== null) out.write(`${t('read.verdict', { verdict })}\n`);
}
