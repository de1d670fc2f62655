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
