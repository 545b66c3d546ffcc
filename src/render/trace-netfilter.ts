// One line per netfilter verdict on the path: which namespace, table, chain and rule decided the request or reply, and how that is known.
import type { NetfilterVerdict } from '../model/verdict.js';
import type { MessageKey } from '../i18n/catalog.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../system/context.js';
import { createPalette } from './color.js';

const SOURCE_KEYS: Record<string, MessageKey> = {
  trace: 'render.trace.source.trace',
  counters: 'render.trace.source.counters',
  evaluated: 'render.trace.source.evaluated',
};

function lineKey(verdict: string): MessageKey {
  const upper = verdict.toUpperCase();
  if (upper === 'DROP' || upper === 'REJECT') return 'render.trace.netfilter.drop';
  if (upper === 'ACCEPT') return 'render.trace.netfilter.accept';
  return 'render.trace.netfilter.other';
}

// `netfilter: nt-host filter FORWARD -P FORWARD DROP took the reply (trace)`, one per verdict.
export function formatNetfilterLines(verdicts: readonly NetfilterVerdict[], color: boolean, lang: Lang): string[] {
  const palette = createPalette(color);
  return verdicts.map((nf) => {
    const line = t(lineKey(nf.verdict), {
      ns: nf.namespace,
      table: nf.table,
      chain: nf.chain,
      rule: nf.rule,
      verdict: nf.verdict,
      direction: t(nf.direction === 'request' ? 'render.trace.row.request' : 'render.trace.row.reply', {}, lang),
      source: t(SOURCE_KEYS[nf.source ?? ''] ?? 'render.trace.source.unknown', {}, lang),
    }, lang);
    return lineKey(nf.verdict) === 'render.trace.netfilter.drop' ? palette.red(line) : line;
  });
}
