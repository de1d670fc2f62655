/**
 * What can be told wrong about a text on screen without knowing what it should say: a message key
 * shown instead of its words, a placeholder left unfilled, a missing value printed (undefined,
 * NaN), English sentences on a Chinese page, Chinese on an English one.
 */
import type { Lang } from '../../shared/game/scenario.ts';

export interface WordingProblem {
  problem: 'message-key' | 'placeholder' | 'missing-value' | 'untranslated';
  /** The words in question, as shown. */
  excerpt: string;
}

/** A run of at least four Latin words, two of them lower-case words of three letters or more: a sentence, not a TCP name (SYN-ACK, RFC 9293, GET /). */
const ENGLISH_RUN = /[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){3,}/g;
const LOWER_WORD = /\b[a-z]{3,}\b/g;
const KEY_LIKE = /\b[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)+\b/g;
const HAN = /\p{Script=Han}+/u;

/**
 * `sentence`: the text is one of the game's sentences (the composer's prompt, a Timers row), so it
 * must not be empty, and on the Chinese page it must have Chinese in it, not only Latin words.
 */
export function wordingProblems(text: string, lang: Lang, messageKeys: ReadonlySet<string>, { sentence = false } = {}): WordingProblem[] {
  const out: WordingProblem[] = [];
  if (sentence && text.trim() === '') out.push({ problem: 'missing-value', excerpt: '(empty)' });
  if (sentence && lang === 'zh-CN' && /\b[a-z]{4,}\b/.test(text) && !HAN.test(text)) out.push({ problem: 'untranslated', excerpt: text.slice(0, 80) });
  for (const m of text.matchAll(KEY_LIKE)) if (messageKeys.has(m[0])) out.push({ problem: 'message-key', excerpt: m[0] });
  for (const m of text.matchAll(/\{\{[^}]*\}\}|\{\w+\}/g)) out.push({ problem: 'placeholder', excerpt: m[0] });
  for (const m of text.matchAll(/\b(?:undefined|NaN|Infinity|\[object Object\])\b|\bnull\b/g)) out.push({ problem: 'missing-value', excerpt: around(text, m.index, m[0].length) });
  if (lang === 'zh-CN') {
    for (const m of text.matchAll(ENGLISH_RUN)) if ((m[0].match(LOWER_WORD) ?? []).length >= 2) out.push({ problem: 'untranslated', excerpt: m[0] });
  } else {
    const han = HAN.exec(text);
    if (han) out.push({ problem: 'untranslated', excerpt: around(text, han.index, han[0].length) });
  }
  return out;
}

function around(text: string, at: number, length: number): string {
  return text.slice(Math.max(0, at - 20), at + length + 20).replace(/\s+/g, ' ').trim();
}
