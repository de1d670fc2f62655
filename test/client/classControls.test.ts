/**
 * The teacher's controls each phase offers (client/classroom/controls.ts): "+1 round" in the lobby,
 * between rounds and once the class is over, never past the class's cap, and not in a round's
 * one line of controls.
 */
import { describe, expect, it } from 'vitest';
import { allowedControls } from '../../client/classroom/controls.ts';
import { MAX_CLASS_ROUNDS } from '../../shared/classroom/rounds.ts';

const offered = (phase: string, roundNo: number, rounds: number, present = 2): string[] => [...allowedControls({ phase, roundNo, rounds, present })].sort();

describe('the teacher’s controls by phase', () => {
  it('offers "+1 round" in the lobby, between rounds and once the class is over, not during a round', () => {
    expect(offered('lobby', 0, 2)).toEqual(['addRounds', 'end', 'start']);
    expect(offered('lobby', 0, 2, 0)).toEqual(['addRounds', 'end']);
    expect(offered('playing', 1, 2)).toEqual(['end', 'stop']);
    expect(offered('between', 1, 2)).toEqual(['addRounds', 'end', 'next', 'repair']);
    expect(offered('between', 2, 2)).toEqual(['addRounds', 'end', 'repair']);
    expect(offered('finished', 2, 2)).toEqual(['addRounds']);
  });

  it('offers no more rounds once the class has as many as a class may have', () => {
    expect(offered('between', 1, MAX_CLASS_ROUNDS)).toEqual(['end', 'next', 'repair']);
    expect(offered('finished', MAX_CLASS_ROUNDS, MAX_CLASS_ROUNDS)).toEqual([]);
    expect(offered('finished', 3, MAX_CLASS_ROUNDS - 1)).toEqual(['addRounds']);
  });
});
