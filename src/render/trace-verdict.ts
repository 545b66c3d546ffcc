// The answer a learner reads: verdict, where it stopped, the cause in plain words with its evidence, and the fix commands ready to paste.
import type { Cause, TraceResult } from '../model/verdict.js';
import { catalog, type MessageKey } from '../i18n/catalog.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../system/context.js';
import { createPalette } from './color.js';

/** What a diagnosis may add to a cause: its sentence as a catalog key, so it can be shown in the user's language. */
interface CauseMessage {
  key: string;
  params: Record<string, string>;
}

/** Optional extras of a config diagnosis (`ConfigDiagnosis`), read when present. */
interface DiagnosisExtras {
  /** The diagnosis's fault reports (each holds its cause). */
  faults?: { cause: Cause }[];
  more_faults?: boolean;
  unchecked?: string[];
}

function directionWord(direction: string, lang: Lang): string {
  return t(direction === 'request' ? 'render.trace.row.request' : 'render.trace.row.reply', {}, lang);
}

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalog.en, key);
}

// The cause's own sentence: from its catalog key when the diagnosis attached one, else its English `detail`.
export function causeSentence(cause: Cause, lang: Lang): string {
  const message = (cause as Cause & { message?: CauseMessage }).message;
  if (message && typeof message.key === 'string' && isMessageKey(message.key)) {
    const params = { ...message.params };
    if (params.direction === 'request' || params.direction === 'reply') {
      params.direction = directionWord(params.direction, lang);
    }
    return t(message.key, params, lang);
  }
  return cause.detail;
}

function stoppedLine(result: TraceResult, lang: Lang): string | null {
  const stop = result.stopped_at;
  if (stop === null) return null;
  const direction = directionWord(stop.direction, lang);
  return stop.interface === ''
    ? t('render.trace.stoppedAtStack', { ns: stop.namespace, direction }, lang)
    : t('render.trace.stoppedAt', { ns: stop.namespace, iface: stop.interface, direction }, lang);
}

function causeLines(result: TraceResult, lang: Lang): string[] {
  const cause = result.cause;
  if (cause === null) return [];
  const lines = [
    t('render.trace.cause', { kind: cause.kind, ns: cause.namespace, headline: t(`render.cause.${cause.kind}`, {}, lang) }, lang),
    `  ${causeSentence(cause, lang)}`,
    ...cause.evidence.map((line) => `  ${t('render.trace.evidence', { line }, lang)}`),
  ];
  const extras = result as TraceResult & DiagnosisExtras;
  if (extras.more_faults && extras.faults && extras.faults.length > 1) {
    lines.push(t('render.trace.moreFaults', { next: extras.faults.slice(1).map((f) => `${f.cause.kind} (${f.cause.namespace})`).join(', ') }, lang));
  }
  if (extras.unchecked && extras.unchecked.length > 0) {
    lines.push(t('render.trace.unchecked', { rules: extras.unchecked.join('; ') }, lang));
  }
  return lines;
}

// Verdict, stop point, cause, evidence and fix as lines; fix commands stand alone on their lines so they paste as they are.
export function formatVerdictLines(result: TraceResult, color: boolean, lang: Lang): string[] {
  const palette = createPalette(color);
  const names = { src: result.source.name, dst: result.destination.name };
  const lines = [result.verdict === 'reached'
    ? palette.bold(palette.green(t('render.trace.verdict.reached', names, lang)))
    : palette.bold(palette.red(t('render.trace.verdict.unreachable', names, lang)))];
  const stopped = stoppedLine(result, lang);
  if (stopped !== null) lines.push(stopped);
  lines.push(...causeLines(result, lang));
  if (result.fix.length > 0) lines.push(t('render.trace.fixHeading', {}, lang), ...result.fix);
  else if (result.verdict === 'unreachable' && result.cause !== null) lines.push(t('render.trace.noFix', {}, lang));
  return lines;
}
