/**
 * A server's refusal in the page's language: by its code (shared/refusals.ts), else the English
 * sentence the server sent (a code this page does not know, from a newer server; or no code, from
 * an older one or from Colyseus itself), else a plain "the server refused".
 */
import { readRefusal, type ReadRefusal } from '../../shared/refusals.ts';
import { en } from './en.ts';
import { t } from './index.ts';

/** What words a key: the page's i18next `t`, or a test's. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The i18n key and parameters a refusal reads as, or null when the page has no words for it. */
export function refusalKey(r: ReadRefusal): { key: string; params: Record<string, string | number> } | null {
  if (r.code === null) return null;
  const key = `refusal.${r.code}`;
  // zh-CN.ts has exactly en.ts's keys (its type says so).
  const template = (en as Record<string, string>)[key];
  if (template === undefined) return null;
  // A sentence whose parameters did not all come (an older server's same-named code) would show "{{type}}".
  const wanted = [...template.matchAll(/\{\{(\w+)/g)].map((m) => m[1]!);
  if (wanted.some((name) => !(name in r.params))) return null;
  return { key, params: { ...r.params } };
}

/** What the server refused, as the page shows it. `raw`: anything readRefusal reads. */
export function refusalText(raw: unknown, translate: Translate = t): string {
  const r = readRefusal(raw);
  const known = refusalKey(r);
  if (known) return translate(known.key, known.params);
  return r.message.trim() !== '' ? r.message : translate('refusal.unexplained');
}

/** A refusal for a toast (`feedback` on the bus): by key, so a language switch re-words it. */
export function refusalFeedback(raw: unknown): { key: string; params: Record<string, string | number> } {
  const r = readRefusal(raw);
  return refusalKey(r) ?? { key: 'feedback.serverError', params: { message: r.message.trim() !== '' ? r.message : t('refusal.unexplained'), code: r.code ?? String(r.status ?? '') } };
}
