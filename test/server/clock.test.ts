/**
 * The room clock (shared/game/pace.ts): real time scaled into engine time, paused while the only
 * human thinks, and idle stretches (TIME-WAIT) skipped. Then the real timer end to end: a
 * practice room on `setTimestep` reaches the end of a round by itself once answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRound, nextEventAt, runToEnd, stepRound, hintFor } from '../../shared/game/round.ts';
import { humanDeciding, paceClock, roundDue, challengeScore, type PaceSettings } from '../../shared/game/pace.ts';
import type { Round } from '../../shared/game/types.ts';
import { bootGame, correctAnswer, Player, serverRoom, until, type GameBooted } from './gameHarness.ts';

const pace: PaceSettings = { scale: 0.5, fastForwardMs: 1_500, pauseWhileDeciding: true };

function round(scenarioId: string, human: 'client' | 'server' | null): Round {
  const created = createRound({ scenarioId, mode: 'consequences', seed: 7, controllers: { client: human === 'client' ? 'human' : 'bot', server: human === 'server' ? 'human' : 'bot' }, personality: 'textbook' });
  if (!created.ok) throw new Error(created.rejection.detail);
  return created.round;
}

describe('pacing the engine clock', () => {
  it('runs at the configured scale: 200 real ms are 100 engine ms when something is near', () => {
    const r = round('lost-syn', null);
    const started = stepRound(r, { kind: 'advance', at: 0 });
    if (!started.ok) throw new Error('step');
    expect(nextEventAt(started.round)).toBeLessThanOrEqual(1_500);
    expect(paceClock(started.round, 0, 200, pace)).toBe(100);
  });

  it('stands still while the only human decides, and runs on in a duel', () => {
    const r = stepRound(round('handshake', 'client'), { kind: 'advance', at: 0 });
    if (!r.ok) throw new Error('step');
    expect(humanDeciding(r.round)).toBe(true);
    expect(paceClock(r.round, 0, 1_000, pace)).toBe(0);
    expect(paceClock(r.round, 0, 1_000, { ...pace, pauseWhileDeciding: false })).toBe(500);
  });

  it('jumps over TIME-WAIT: nobody waits 2×MSL', () => {
    // Play lost-final-ack until the client sits in TIME-WAIT with nothing else to do.
    let r = stepRound(round('lost-final-ack', null), { kind: 'advance', at: 0 });
    if (!r.ok) throw new Error('step');
    let current = r.round;
    for (let i = 0; i < 200; i++) {
      const next = nextEventAt(current);
      if (next === null || next - current.now > 1_500) break;
      const s = stepRound(current, { kind: 'advance', at: next });
      if (!s.ok) throw new Error('step');
      current = s.round;
    }
    const wake = nextEventAt(current)!;
    expect(wake - current.now).toBeGreaterThan(30_000); // TIME-WAIT (Linux 60 s)
    expect(paceClock(current, current.now, 50, pace)).toBe(wake);
    expect(roundDue(current, wake)).toBe(true);
    expect(hintFor(current, 'client')).toBeNull();
    expect(runToEnd(current).finished).toBe(true);
  });

  it('gives a time bonus under par and none over it', () => {
    expect(challengeScore(50, 0, 90_000)).toEqual({ total: 70, timeBonus: 20 });
    expect(challengeScore(50, 45_000, 90_000)).toEqual({ total: 60, timeBonus: 10 });
    expect(challengeScore(50, 200_000, 90_000)).toEqual({ total: 50, timeBonus: 0 });
  });
});

describe('the real room timer (setTimestep)', () => {
  let booted: GameBooted;
  beforeAll(async () => {
    // 20 engine ms per real ms: the round's seconds pass in a blink, driven by the room's own timer.
    booted = await bootGame({ clock: { scale: 20, tickMs: 20, fastForwardMs: 1_500, manual: false } });
  });
  afterAll(async () => {
    await booted.colyseus.shutdown();
  });

  it('plays a lost-syn practice round to its end with nobody touching the clock', async () => {
    const player = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'lost-syn', role: 'client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    const answered = new Set<number>();
    const answer = (): void => {
      const decision = player.view()?.decision;
      if (!decision || answered.has(decision.id)) return;
      if (player.viewJson() !== room.state.views.get('client')!.view) return;
      answered.add(decision.id);
      player.room.send('move', { decisionId: decision.id, move: correctAnswer(room, 'client')! });
    };
    player.room.onStateChange(answer);
    answer();
    await until(() => room.state.phase === 'finished', 'round finished', 20_000);
    expect(room.round!.endReason).toBe('complete');
    expect(room.round!.decisions.filter((d) => d.by === 'human').every((d) => d.verdict.correct)).toBe(true);
    await until(() => player.room.state.phase === 'finished', 'client sees the end');
    await player.room.leave();
  });
});
