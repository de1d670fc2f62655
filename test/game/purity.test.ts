/**
 * The round reducer and the engine are pure although they no longer deep-copy what they are given:
 * a step copies only what it writes and shares the rest with the round before it (structural
 * sharing). These tests hold them to it: every step of every scenario, under every bot and with
 * right and wrong answers, hints and a bot taking a player's host over (and handing it back), runs on a deep-frozen round (so any write into a shared part throws),
 * now and then gives the same round as the same step on a fresh unfrozen copy, keeps the lists
 * of flights, state changes and decisions it did not write (so what was made from them is reused),
 * and the live round equals its replay from the log.
 */
import { describe, expect, it } from 'vitest';
import { hintFor, nextEventAt, replayRound, scenarioOf, stepRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { BOT_PERSONALITIES, type Round, type RoundEvent } from '../../shared/game/types.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { lossyRound, playersAnswer } from './play.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}

interface Played {
  live: Round;
  steps: number;
}

/** Play a round through stepRound, freezing the round before every step. */
function playFrozen(scenarioId: string, human: Side, personality: (typeof BOT_PERSONALITIES)[number], mode: 'coach' | 'consequences', seed: number): Played {
  let r = lossyRound(scenarioId, human, personality, mode, seed);
  const limit = r.settings.timeLimitMs ?? scenarioOf(r).timeLimitMs;
  let steps = 0;
  let takenOver: Side | null = null;
  for (let i = 0; i < 2_000 && !r.finished; i++) {
    const waiting = SIDES.find((s) => r.hosts[s].decision);
    let event: RoundEvent;
    if (waiting && i === 60 && mode === 'coach') {
      // A player who leaves: the bot takes its host over, open decision and all.
      event = { kind: 'takeover', at: r.now, side: waiting };
      takenOver = waiting;
    } else if (takenOver !== null && i === 90) {
      // The player comes back: the bot hands the host back as it is now.
      event = { kind: 'handback', at: r.now, side: takenOver };
    } else if (waiting && i % 7 === 3 && !r.hosts[waiting].decision!.revealed) {
      // A player who asks for the answer (it costs points: the open decision is marked).
      event = { kind: 'reveal', at: r.now, side: waiting, decisionId: r.hosts[waiting].decision!.id };
    } else if (waiting) {
      const d = r.hosts[waiting].decision!;
      event = { kind: 'move', at: r.now, side: waiting, decisionId: d.id, move: d.attempts >= 2 ? hintFor(r, waiting)! : playersAnswer(hintFor(r, waiting)!, i) };
    } else {
      const at = nextEventAt(r);
      event = { kind: 'advance', at: at === null ? limit : Math.min(at, limit) };
    }
    // Now and then the same step on a fresh copy (no shared parts, no remembered predictions).
    const copy = i % 5 === 0 ? structuredClone(r) : null;
    deepFreeze(r);
    const res = stepRound(r, event);
    if (copy) {
      const fromCopy = stepRound(copy, event);
      expect(fromCopy.ok).toBe(res.ok);
      if (fromCopy.ok && res.ok) expect(fromCopy.round).toEqual(res.round);
    }
    if (!res.ok) break;
    // A list the step did not write is the one it was given; one it wrote is a new list.
    for (const list of ['flights', 'states', 'decisions'] as const) {
      const before: readonly unknown[] = r[list];
      const after: readonly unknown[] = res.round[list];
      const unchanged = before.length === after.length && before.every((x, k) => x === after[k]);
      expect(after === before, `${list} shared by step ${i} (${event.kind})`).toBe(unchanged);
    }
    r = res.round;
    steps += 1;
  }
  return { live: r, steps };
}

describe('stepRound shares what it does not change and never edits it', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.id}: every step runs on a deep-frozen round and equals the step on a fresh copy; the replay equals the live round`, () => {
      let steps = 0;
      BOT_PERSONALITIES.forEach((personality, i) => {
        const human = scenario.roles[i % scenario.roles.length] ?? 'client';
        const { live, steps: n } = playFrozen(scenario.id, human, personality, i % 2 === 0 ? 'coach' : 'consequences', 11 + i);
        steps += n;
        expect(replayRound(live.settings, live.log)).toEqual(live);
      });
      expect(steps).toBeGreaterThan(10);
    });
  }
});
