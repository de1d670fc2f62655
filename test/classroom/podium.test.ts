/**
 * The end of a class: the podium (equal totals share a place, standard competition ranking) and the
 * summary's rules to revisit.
 */
import { describe, expect, it } from 'vitest';
import { podium, ruleSummary, type StudentRoundResult } from '../../server/classroom/results.ts';
import { rulesToRevisit } from '../../shared/classroom/revisit.ts';

const row = (name: string, score: number, judged = 4, correct = 4, thinkMs = 1_000): StudentRoundResult => ({
  classId: 'c', roundNo: 1, studentId: name, name, pairNo: 1, side: 'client', partner: 'Bot', scenarioId: 'handshake',
  score, judged, correct, roundMs: 0, thinkMs, endReason: 'complete', roundId: 'r', rules: {},
});

describe('podium', () => {
  it('gives equal totals one place and skips the next: 1, 1, 3', () => {
    const places = podium([row('Ann', 10), row('Ben', 10), row('Cai', 8), row('Dee', 5)]);
    expect(places.map((p) => [p.name, p.place])).toEqual([['Ann', 1], ['Ben', 1], ['Cai', 3]]);
  });

  it('keeps everyone on a place up to the third, however many share it', () => {
    const places = podium([row('Ann', 9), row('Ben', 7), row('Cai', 7), row('Dee', 7), row('Eve', 2)]);
    expect(places.map((p) => p.place)).toEqual([1, 2, 2, 2]);
    expect(podium([row('Ann', 0), row('Ben', 0), row('Cai', 0), row('Dee', 0)]).map((p) => p.place)).toEqual([1, 1, 1, 1]);
  });

  it('orders a shared place by accuracy, then less thinking time, without splitting it', () => {
    const places = podium([row('Slow', 6, 4, 4, 9_000), row('Sloppy', 6, 4, 2, 1_000), row('Fast', 6, 4, 4, 2_000)]);
    expect(places.map((p) => [p.name, p.place])).toEqual([['Fast', 1], ['Slow', 1], ['Sloppy', 1]]);
  });

  it('sums a student’s rounds before ranking (Ann thought longer over her two rounds)', () => {
    const places = podium([row('Ann', 4), { ...row('Ann', 5), roundNo: 2 }, row('Ben', 9), row('Cai', 1)]);
    expect(places.map((p) => [p.name, p.score, p.place])).toEqual([['Ben', 9, 1], ['Ann', 9, 1], ['Cai', 1, 3]]);
  });

  it('says how many of a student’s decisions were judged, so one who made none shows no accuracy, not 0%', () => {
    const places = podium([row('Ann', 2, 2, 2), row('Ben', 0, 0, 0)]);
    expect(places.map((p) => [p.name, p.judged, p.accuracyPct])).toEqual([['Ann', 2, 100], ['Ben', 0, 0]]);
  });
});

describe('rules to revisit', () => {
  const ruled = (rules: StudentRoundResult['rules']): StudentRoundResult => ({ ...row('Ann', 0), rules });

  it('are the rules some answer got wrong, weakest first', () => {
    const rules = ruleSummary([
      ruled({ 'open.listen-syn-ack': { judged: 2, correct: 2 }, 'close.active-fin': { judged: 4, correct: 3 } }),
      ruled({ 'close.fin-wait-1-ack': { judged: 2, correct: 0 }, 'close.active-fin': { judged: 1, correct: 1 } }),
    ]);
    expect(rulesToRevisit(rules).map((r) => [r.rule, r.correct, r.judged])).toEqual([['close.fin-wait-1-ack', 0, 2], ['close.active-fin', 4, 5]]);
  });

  it('leave out a rule every answer applied rightly, however few times it was judged', () => {
    expect(rulesToRevisit(ruleSummary([ruled({ 'open.listen-syn-ack': { judged: 2, correct: 2 } })]))).toEqual([]);
  });
});
