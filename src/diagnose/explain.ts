// The learner's explanation of a fault in the user's language, from the message catalog.
import type { Lang } from '../system/context.js';
import { t } from '../i18n/t.js';
import type { ConfigDiagnosis, FaultReport } from './evidence.js';

// One or two sentences naming the cause, each claim with its evidence (interface, rule, lookup).
export function explainFault(report: FaultReport, lang?: Lang): string {
  const direction = report.stopped_at.direction;
  return t(report.message.key, { ...report.message.params, direction: t(`diagnose.word.${direction}`, {}, lang) }, lang);
}

// The closing notes of a diagnosis: more faults, nothing to fix here, rules not evaluated.
export function diagnosisNotes(result: ConfigDiagnosis, lang?: Lang): string[] {
  const notes: string[] = [];
  if (result.more_faults) {
    const next = result.faults.slice(1).map((report) => `${report.cause.kind} (${report.cause.namespace})`).join(', ');
    notes.push(t('diagnose.moreFaults', { next }, lang));
  }
  if (result.cause && result.fix.length === 0) notes.push(t('diagnose.noFix', {}, lang));
  if (result.unchecked.length > 0) notes.push(t('diagnose.unchecked', { rules: result.unchecked.join('; ') }, lang));
  return notes;
}
