/**
 * The heatmap speaks the teacher's language: its labels are TCP's own names (states, flags, socket
 * calls) and a few plain words, and on a zh-CN page every plain word is Chinese.
 */
import { describe, expect, it } from 'vitest';
import { eventLabel } from '../../server/classroom/progress.ts';
import { HEAT_WORDS, localizeHeatLabel } from '../../shared/classroom/heatWords.ts';
import { texts } from '../../client/classroom/text.ts';
import type { DecisionRecord } from '../../shared/game/types.ts';

const zh = texts('zh-CN').heatWords;
const flags = (on: string[]) => ({ SYN: on.includes('SYN'), ACK: on.includes('ACK'), FIN: on.includes('FIN'), RST: on.includes('RST') });
const arrives = (on: string[], data = '') => ({ kind: 'segment', segment: { flags: flags(on), data } }) as unknown as DecisionRecord['event'];

describe('heatmap labels in the teacher language', () => {
  it('puts every plain word of a label in Chinese and keeps TCP names as they are', () => {
    expect(localizeHeatLabel(eventLabel(arrives(['SYN', 'ACK'])), zh)).toBe('SYN+ACK 到达');
    expect(localizeHeatLabel(eventLabel(arrives(['ACK'], 'GET /')), zh)).toBe('ACK + 数据 到达');
    expect(localizeHeatLabel(eventLabel(arrives([])), zh)).toBe('无标志位 到达');
    expect(localizeHeatLabel(eventLabel({ kind: 'connect' } as DecisionRecord['event']), zh)).toBe('connect()');
    expect(localizeHeatLabel('ESTABLISHED · wait', zh)).toBe('ESTABLISHED · 等待');
    expect(localizeHeatLabel('SYN-RECEIVED · SYN+ACK (numbers wrong)', zh)).toBe('SYN-RECEIVED · SYN+ACK （序列号或确认号不对）');
  });

  it('has a Chinese word for every plain word, and the English page shows the labels unchanged', () => {
    for (const key of Object.keys(HEAT_WORDS) as (keyof typeof HEAT_WORDS)[]) expect(zh[key]).toMatch(/\p{Script=Han}/u);
    const label = 'LISTEN · wait, extra segment (numbers wrong)';
    expect(localizeHeatLabel(label, texts('en').heatWords)).toBe(label);
  });
});
