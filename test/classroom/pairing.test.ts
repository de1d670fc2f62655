/** Pairing a new round so that no two students play the bot (server/classroom/pairing.ts). */
import { describe, expect, it } from 'vitest';
import { pairLoneStudents, type Pair } from '../../server/classroom/pairing.ts';

const pair = (pairNo: number, ...ids: string[]): Pair => ({ pairNo, studentIds: ids as [string] | [string, string] });

describe('pairLoneStudents', () => {
  it('leaves full pairs and a single odd student alone', () => {
    const pairs = [pair(1, 'a', 'b'), pair(2, 'c')];
    expect(pairLoneStudents(pairs, new Set(['a', 'b', 'c']))).toEqual(pairs);
  });

  it('pairs the odd student with a latecomer, under the lower pair number', () => {
    expect(pairLoneStudents([pair(1, 'a', 'b'), pair(2, 'c'), pair(3, 'd')], new Set(['a', 'b', 'c', 'd']))).toEqual([pair(1, 'a', 'b'), pair(2, 'c', 'd')]);
  });

  it('pairs a student whose partner is away; the away partner keeps a pair of their own, under a new number', () => {
    const out = pairLoneStudents([pair(1, 'a', 'b'), pair(2, 'c', 'gone'), pair(3, 'd')], new Set(['a', 'b', 'c', 'd']));
    expect(out).toEqual([pair(1, 'a', 'b'), pair(2, 'c', 'd'), pair(4, 'gone')]);
  });

  it('keeps a pair with an away partner as it was when nobody else is alone', () => {
    const pairs = [pair(1, 'a', 'gone'), pair(2, 'c', 'd')];
    expect(pairLoneStudents(pairs, new Set(['a', 'c', 'd']))).toEqual(pairs);
  });

  it('gives an away student a new number when their pair number goes to their partner', () => {
    const out = pairLoneStudents([pair(1, 'a', 'gone'), pair(2, 'c')], new Set(['a', 'c']));
    expect(out).toEqual([pair(1, 'a', 'c'), pair(3, 'gone')]);
  });

  it('leaves at most one student to the bot', () => {
    const out = pairLoneStudents([pair(1, 'a'), pair(2, 'b'), pair(3, 'c'), pair(4, 'x', 'y')], new Set(['a', 'b', 'c', 'x', 'y']));
    expect(out).toEqual([pair(1, 'a', 'b'), pair(3, 'c'), pair(4, 'x', 'y')]);
    expect(out.filter((p) => p.studentIds.length === 1)).toHaveLength(1);
  });
});
