/**
 * Results, decision by decision: what the player finally did ("wait, LISTEN (accepted on try 2)").
 * In Chinese the line is Chinese punctuation, not an English comma and parentheses around
 * Chinese words ('等待, LISTEN (第 2 次尝试被接受)').
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translators } from '../support/translators.ts';

let tr: Record<'en' | 'zh-CN', i18n>;
beforeAll(async () => {
  tr = await translators();
});

describe('the move a Results row names', () => {
  it('English: "wait, LISTEN (accepted on try 2)"', () => {
    const wait = tr.en.t('results.played.wait');
    expect(tr.en.t('results.playedAfterTries', { move: wait, state: 'LISTEN', n: 2 })).toBe('wait, LISTEN (accepted on try 2)');
    expect(tr.en.t('results.played', { move: 'SYN seq=1 len=0', state: 'SYN-SENT' })).toBe('SYN seq=1 len=0, SYN-SENT');
  });

  it('Chinese: full-width comma and parentheses, "等待，LISTEN（第 2 次尝试被接受）"', () => {
    const zh = tr['zh-CN'];
    expect(zh.t('results.playedAfterTries', { move: zh.t('results.played.wait'), state: 'LISTEN', n: 2 })).toBe('等待，LISTEN（第 2 次尝试被接受）');
    expect(zh.t('results.played', { move: 'SYN seq=1 len=0', state: 'SYN-SENT' })).toBe('SYN seq=1 len=0，SYN-SENT');
  });
});

describe('the tally a Results screen gives (right on your own, and with the answer shown)', () => {
  it('a duel opponent’s line counts as the player’s own stat does, and names the shown answers only when there were some', () => {
    expect(tr.en.t('results.opponentScore', { name: 'Ada', score: 12, correct: 3, judged: 6 })).toBe('Ada: 12 points (3 / 6 right on their own)');
    expect(tr.en.t('results.opponentScoreShown', { name: 'Ada', score: 12, correct: 3, judged: 6, count: 2 })).toBe('Ada: 12 points (3 / 6 right on their own, 2 with the answer shown)');
  });

  it('Chinese: full-width colon, parentheses and comma, a space only around the numbers', () => {
    const zh = tr['zh-CN'];
    expect(zh.t('results.opponentScore', { name: '小明', score: 12, correct: 3, judged: 6 })).toBe('小明：12 分（独立答对 3 / 6）');
    expect(zh.t('results.opponentScoreShown', { name: 'Ada', score: 12, correct: 3, judged: 6, count: 2 })).toBe('Ada：12 分（独立答对 3 / 6，看了答案 2 次）');
  });

  it('each mark has its words in both languages, the stat’s label the same as the ✓ row’s', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const words = (['right', 'right-shown', 'wrong', 'wrong-shown'] as const).map((m) => tr[lang].t(`results.mark.${m}`));
      expect(new Set(words).size).toBe(4);
      expect(tr[lang].t('results.correct')).toBe(words[0]);
    }
  });
});
