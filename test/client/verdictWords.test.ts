/**
 * The feedback panel's verdict line. In coach mode a refused move is tried again; once a later try
 * is accepted the score still counts the first one (as the judge does), and the line must say both:
 * "Try 2: 2 fields wrong" read as if the second, right, try had been wrong too.
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translators } from '../support/translators.ts';
import { explanationOrder, verdictWords, type VerdictFacts } from '../../client/ui/verdictWords.ts';

let tr: Record<'en' | 'zh-CN', i18n>;

beforeAll(async () => {
  tr = await translators();
});

function line(lang: 'en' | 'zh-CN', v: VerdictFacts): string {
  const w = verdictWords(v);
  return tr[lang].t(w.key, w.params);
}

const base: VerdictFacts = { accepted: true, correct: false, attempt: 1, points: 0, bonus: 0, wrongFields: 2 };

describe('the verdict line', () => {
  it('a wrong move that stands (consequences mode) says what follows: the peer gets what was sent, the own host goes on as a correct TCP', () => {
    const note = verdictWords(base).note;
    expect(note).toBe('feedback.consequences');
    expect(tr.en.t(note!)).toContain("what the peer's TCP gets and answers");
    expect(tr['zh-CN'].t(note!)).toContain('对端 TCP');
    // A refused try (coach) and a right move have no such note; nor a move accepted after a refused try.
    expect(verdictWords({ ...base, accepted: false }).note).toBeUndefined();
    expect(verdictWords({ ...base, correct: true, wrongFields: 0 }).note).toBeUndefined();
    expect(verdictWords({ ...base, attempt: 2 }).note).toBeUndefined();
  });

  it('a wrong move accepted at the first try (consequences mode) counts its wrong fields, singular or plural ("+1 points" read wrong too)', () => {
    expect(line('en', base)).toBe('2 fields wrong · score +0');
    expect(line('en', { ...base, wrongFields: 1, points: 1 })).toBe('1 field wrong · score +1');
    expect(line('zh-CN', base)).toBe('2 个字段错误 · +0 分');
  });

  it('a move the coach refused: try again', () => {
    expect(verdictWords({ ...base, accepted: false }).verdict).toBe('refused');
  });

  it('accepted at the second try after a refused first: says it was accepted, and that the score counts the first try', () => {
    const w = verdictWords({ ...base, attempt: 2 });
    expect(w.verdict).toBe('wrong');
    expect(line('en', { ...base, attempt: 2 })).toBe('Accepted. Your score counts your first try: 2 fields wrong · score +0');
    expect(line('zh-CN', { ...base, attempt: 2 })).toBe('这次通过了。得分按第一次的回答算：2 个字段错误 · +0 分');
  });

  it('a right move reads right with its points and streak bonus', () => {
    expect(line('en', { ...base, correct: true, points: 9, bonus: 3, wrongFields: 0 })).toBe('Correct! +9 points, +3 streak bonus');
  });
});

describe('the explanations under the verdict line', () => {
  it('a move with wrong fields shows its mistakes before "more than one move is right here" (seen in the simultaneous open: a wrong seq was pushed below the fold by it)', () => {
    expect(explanationOrder(1)).toEqual(['mistakes', 'also-right']);
  });

  it('a right move leads with the other right answer (it has no mistakes to show)', () => {
    expect(explanationOrder(0)[0]).toBe('also-right');
  });
});
