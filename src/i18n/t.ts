// Looks up a message in the user's language and fills its {placeholders}.
import { catalog, type MessageKey } from './catalog.js';
import { context, type Lang } from '../system/context.js';

/** Render message `key` with `params` in `lang` (default: the global language). */
export function t(key: MessageKey, params: Record<string, string | number> = {}, lang: Lang = context.lang): string {
  const template: string = catalog[lang][key] ?? catalog.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
