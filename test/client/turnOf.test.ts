/**
 * What the top bar says of the game clock while a player waits (client/scenes/liveInfo.ts turnOf):
 * in a room that takes turns, game time stands still while the opponent decides, and while the
 * opponent is away (its connection dropped, its seat held): then there is nobody to nudge.
 */
import { describe, expect, it } from 'vitest';
import { turnOf } from '../../client/scenes/liveInfo.ts';
import type { SessionState } from '../../client/net/session.ts';

function waitingFor(opponent: { connected: boolean; taken?: boolean; controller?: string }, speed = 0): SessionState {
  const seat = (s: Partial<{ connected: boolean; taken: boolean; controller: string }>) => ({ name: 'Bob', controller: 'human', connected: true, taken: true, score: 0, judged: 0, correct: 0, wantsRematch: false, request: '', ...s });
  return {
    side: 'client',
    view: { decision: null, finished: false },
    room: { phase: 'playing', speed, settings: { realTime: false }, seats: { client: seat({}), server: seat(opponent) } },
  } as unknown as SessionState;
}

describe('the turn a waiting player is told of', () => {
  it('the opponent deciding: game time paused for them', () => {
    expect(turnOf(waitingFor({ connected: true }))).toBe('opponent');
  });
  it('the opponent away, its seat held: not "deciding" (and nothing to nudge)', () => {
    expect(turnOf(waitingFor({ connected: false }))).toBe('away');
  });
  it('a bot plays the opponent: the clock runs', () => {
    expect(turnOf(waitingFor({ connected: false, controller: 'bot' }, 1))).toBe('running');
  });
});
