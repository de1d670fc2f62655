/** Points on the feedback panel and in Results read with their sign: a shown answer can take a right move below zero. */
import { describe, expect, it } from 'vitest';
import { signed } from '../../client/i18n/index.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';

describe('points read with their sign', () => {
  it('a gain, nothing and a loss: +6, +0, −1 (a right wait after the shown answer read "+-1")', () => {
    expect([signed(6), signed(0), signed(-1)]).toEqual(['+6', '+0', '\u22121']);
  });

  it('the feedback lines take the sign from the number, in both languages', () => {
    for (const messages of [en, zhCN]) {
      for (const key of ['feedback.correct', 'feedback.wrong'] as const) expect(messages[key]).not.toMatch(/\+\{\{/);
    }
  });
});
