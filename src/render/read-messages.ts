// The one sentence that explains why a capture file could not be read (completely), in either language.
import type { CaptureSummary } from '../capture/pcap-capture-file.js';
import type { MessageKey } from '../i18n/catalog.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../system/context.js';

const KEYS: Record<string, MessageKey> = {
  missing: 'read.error.missing',
  io: 'read.error.io',
  empty: 'read.error.empty',
  'bad-magic': 'read.error.badMagic',
  'bad-version': 'read.error.badVersion',
  truncated: 'read.error.truncated',
  'bad-record': 'read.error.badRecord',
  'unsupported-linktype': 'read.error.linktype',
  'no-pcaps': 'read.error.noPcaps',
};

/** Message for a capture's error ('' when it has none). */
export function readErrorMessage(file: string, readout: Pick<CaptureSummary, 'error' | 'packets' | 'linktype'>,
  lang?: Lang): string {
  const error = readout.error;
  if (error === null) return '';
  return t(KEYS[error.kind] ?? 'read.error.io', {
    file, detail: error.detail, packets: readout.packets, offset: error.offset, linktype: readout.linktype ?? '?',
  }, lang);
}

/** Message for an argument that named nothing readable (missing path, directory without captures). */
export function inputProblemMessage(path: string, kind: 'missing' | 'no-pcaps', lang?: Lang): string {
  return t(KEYS[kind], { file: path }, lang);
}
