// Human output of `read`, streamed: per capture a heading, one aligned line per ARP/ICMP packet as it is
// decoded (time, interface, type, src → dst, id/seq), and a summary line. Column widths are fixed from the
// field kinds (longest interface name, ICMP type, two dotted quads), never measured over all rows, so a row
// is printed the moment it is known and a huge capture costs no more memory than a small one.
import type { Observation } from '../model/observation.js';
import { SUPPORTED_LINKTYPES } from '../decode/link-layer.js';
import { t } from '../i18n/t.js';
import { createPalette } from './color.js';
import type { ChunkedOutput } from './read-chunked-output.js';
import type { ReadRenderer } from './read-renderer.js';
import { displayWidth, padToWidth } from './trace-text-width.js';

/** Column widths: time `123456.78`; interface IFNAMSIZ-1 + ` out`; `dest-unreachable (3/13)`; two dotted quads. */
export const READ_COLUMNS = { time: 10, interface: 19, type: 23, route: 33 } as const;
const GAP = '  ';
const ROUTE_INDENT = ' '.repeat(READ_COLUMNS.time + READ_COLUMNS.interface + READ_COLUMNS.type + 3 * GAP.length);

function interfaceCell(obs: Observation): string {
  const name = obs.interface ?? (obs.ifIndex !== undefined ? `#${obs.ifIndex}` : t('read.unknown'));
  return obs.linkDirection ? `${name} ${obs.linkDirection}` : name;
}

function typeCell(obs: Observation): string {
  if (obs.type === 'echo-request' || obs.type === 'echo-reply' || obs.protocol === 'arp') return obs.type;
  const code = obs.icmpCode !== undefined ? ` (${obs.icmpType}/${obs.icmpCode})` : '';
  return `${obs.type}${code}`;
}

// The second line under src → dst: which probe an ICMP error quotes, or what an ARP reply answers.
function routeDetail(obs: Observation): string | null {
  if (obs.quoted) return `  [${obs.quoted.src} → ${obs.quoted.dst}]`;
  if (obs.protocol === 'arp' && obs.type === 'arp-reply' && obs.senderMac) return `  ${obs.src} is-at ${obs.senderMac}`;
  return null;
}

function idSeqCell(obs: Observation): string {
  const id = obs.icmpId ?? obs.quoted?.icmpId;
  const seq = obs.icmpSeq ?? obs.quoted?.icmpSeq;
  return id === undefined ? '' : `${id}/${seq ?? ''}`;
}

/** One observation as its line(s) of the timeline, newline-terminated (a long value pushes its row only). */
export function formatObservationRow(obs: Observation): string {
  const route = `${obs.src} → ${obs.dst}`;
  const idSeq = idSeqCell(obs);
  const line = `${obs.time_ms.toFixed(2).padStart(READ_COLUMNS.time)}${GAP}`
    + `${interfaceCell(obs).padEnd(READ_COLUMNS.interface)}${GAP}${typeCell(obs).padEnd(READ_COLUMNS.type)}${GAP}`
    + (idSeq === '' ? route : `${route.padEnd(READ_COLUMNS.route)}${GAP}${idSeq}`);
  const detail = routeDetail(obs);
  return detail === null ? `${line}\n` : `${line}\n${ROUTE_INDENT}${detail}\n`;
}

/** The column heads line (from the catalog; wide characters measured, so Korean heads align too). */
export function formatColumnHeads(): string {
  const time = t('read.heading.time');
  return `${' '.repeat(Math.max(0, READ_COLUMNS.time - displayWidth(time)))}${time}${GAP}`
    + `${padToWidth(t('read.heading.interface'), READ_COLUMNS.interface)}${GAP}`
    + `${padToWidth(t('read.heading.type'), READ_COLUMNS.type)}${GAP}`
    + `${padToWidth(t('read.heading.route'), READ_COLUMNS.route)}${GAP}${t('read.heading.idSeq')}`;
}

/** Stream every readable capture's heading, rows and summary, then the saved verdict, to `out`. */
export function createReadTableRenderer(out: ChunkedOutput, color: boolean): ReadRenderer {
  const paint = createPalette(color);
  let rows = 0;
  let headed = false;
  return {
    beginCapture(capture) {
      rows = 0;
      headed = false;
      return {
        onHeader: (linktype) => {
          if (!SUPPORTED_LINKTYPES.includes(linktype)) return; // reported on stderr, not shown
          headed = true;
          out.write(`${paint.bold(t('read.fileHeading', {
            file: capture.file, namespace: capture.namespace ?? t('read.unknown'),
            interface: capture.interface ?? t('read.unknown'), linktype,
          }))}\n`);
        },
        onObservation: (obs) => {
          if (rows === 0) out.write(`${paint.dim(formatColumnHeads())}\n`);
          rows += 1;
          out.write(formatObservationRow(obs));
        },
      };
    },
    endCapture(capture, summary) {
      if (!headed || !summary.readable) return;
      if (rows === 0) out.write(`${t('read.noObservations')}\n`);
      out.write(`${t('read.fileSummary', { file: capture.file, packets: summary.packets, count: summary.observationCount })}\n\n`);
    },
    end(verdict) {
      if (verdict !== null) out.write(`${paint.bold(t('read.verdict', { verdict }))}\n`);
    },
  };
}
