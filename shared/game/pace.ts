import { createRound, nextEventAt, runToEnd, scenarioOf } from './round.ts';
import type { Scenario } from './scenario.ts';
import type { Round } from './types.ts';
import { SIDES, type Side } from '../tcp/wire.ts';

/**
 * How a room's clock turns real time into engine ("TCP") time. Pure: the room passes the engine
 * time it has reached and gets the rate the clock runs at and when the room must next act;
 * nothing here reads a clock or sets a timer.
 *
 * Why fast-forward: TIME-WAIT lasts 2×MSL (60–240 s of engine time) and a SYN flood's half-open
 * entries take tens of seconds to expire; the lesson is that the wait happens, not sitting through
 * it. So when nobody is thinking and the next thing that happens is far away, the clock jumps there.
 */
export interface PaceSettings {
  /** Engine ms per real ms (0.5: an RTO of 1 s takes 2 s to watch). */
  readonly scale: number;
  /** An idle stretch longer than this (engine ms) is skipped. */
  readonly fastForwardMs: number;
  /** With one human (practice, challenge) the world waits while the player thinks. */
  readonly pauseWhileDeciding: boolean;
}

export function timeLimitOf(round: Round): number {
  return round.settings.timeLimitMs ?? scenarioOf(round).timeLimitMs;
}

/** Is a person being asked to decide right now? */
export function humanDeciding(round: Round): boolean {
  return SIDES.some((side) => round.hosts[side].controller === 'human' && round.hosts[side].decision !== null);
}

/** What the room's clock does from engine time `engineNow` until the round changes again. */
export interface ClockPlan {
  /** Engine ms per real ms: 0 while the clock stands (a person thinks and the world waits, or the round is over). */
  readonly speed: number;
  /** The engine time at which the room must step the round next; null while the clock stands. */
  readonly wakeAt: number | null;
  /** Nobody is thinking and nothing happens for longer than fastForwardMs: jump to `wakeAt`. */
  readonly skip: boolean;
}

export function planClock(round: Round, engineNow: number, pace: PaceSettings): ClockPlan {
  if (round.finished) return { speed: 0, wakeAt: null, skip: false };
  const deciding = humanDeciding(round);
  if (deciding && pace.pauseWhileDeciding) return { speed: 0, wakeAt: null, skip: false };
  const limit = timeLimitOf(round);
  const wakeAt = Math.min(nextEventAt(round) ?? limit, limit);
  return { speed: pace.scale, wakeAt, skip: !deciding && wakeAt - engineNow > pace.fastForwardMs };
}

/** Must the round be stepped to `clockNow`? (Stepping only then keeps the log short.) */
export function roundDue(round: Round, clockNow: number): boolean {
  if (round.finished) return false;
  const next = nextEventAt(round);
  return (next !== null && next <= clockNow) || clockNow >= timeLimitOf(round);
}

/** A challenge's par: real time for the round's segments to fly and the player to find its feet, */
export const PAR_BASE_MS = 15_000;
/** and for each decision that host makes (read what arrived, choose the state, type seq and ack). */
export const PAR_PER_DECISION_MS = 10_000;

const pars = new Map<string, number>();

/**
 * The real time a player who knows the rules takes on `scenario` as `side`: the base plus a
 * decision's time for each decision that host makes in the textbook round, rounded up to 5 s. A
 * refused connection's server decides once and a SYN flood's twenty-six times: one clock for all
 * would make the first a free bonus and the second out of reach.
 */
export function challengeParMs(scenario: Scenario, side: Side): number {
  const key = `${scenario.id}:${side}`;
  const known = pars.get(key);
  if (known !== undefined) return known;
  const made = createRound({ scenarioId: scenario.id, mode: 'consequences', seed: 1, personality: 'textbook', controllers: { client: side === 'client' ? 'human' : 'bot', server: side === 'server' ? 'human' : 'bot' } });
  if (!made.ok) throw new Error(`no par for ${key}: ${made.rejection.detail}`);
  const decisions = runToEnd(made.round).decisions.filter((d) => d.side === side).length;
  const par = Math.ceil((PAR_BASE_MS + PAR_PER_DECISION_MS * decisions) / 5_000) * 5_000;
  pars.set(key, par);
  return par;
}

/**
 * A challenge's score: the judged fields and streak bonuses the round already counted, plus a time
 * bonus for finishing under the par (challengeParMs; real time: thinking counts).
 */
export function challengeScore(points: number, elapsedMs: number, parTimeMs: number): { total: number; timeBonus: number } {
  const timeBonus = parTimeMs > 0 ? Math.max(0, Math.round(20 * (1 - elapsedMs / parTimeMs))) : 0;
  return { total: points + timeBonus, timeBonus };
}
