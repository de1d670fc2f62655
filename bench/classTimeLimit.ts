// What a class round's time limit costs in real time, and whether TIME-WAIT runs out under it
// (shared/classroom/timeLimit.ts gives the default and why). Every scenario, both hosts a student's
// (turns: the clock stands while one decides) answering right at once, on a wire of the class's
// settings, with the room's clock as it runs (shared/game/pace.ts planClock, RoundClock's skip
// after tickMs); a student's thinking is counted apart, THINK_MS a decision.
//   node bench/classTimeLimit.ts [--profile rfc9293|linux] [--forget 0.5] [--seeds 40]
// --forget: in consequences mode the student leaves out a timer's retransmission with that chance.
import { parseArgs } from 'node:util';
import { DEFAULT_CLOCK } from '../server/services.ts';
import { planClock } from '../shared/game/pace.ts';
import { createRound, hintFor, stepRound } from '../shared/game/round.ts';
import { SCENARIOS } from '../shared/game/scenarios.ts';
import type { Round } from '../shared/game/types.ts';
import type { Profile } from '../shared/tcp/config.ts';
import { SIDES } from '../shared/tcp/wire.ts';

const THINK_MS = 10_000;
const LIMITS_S = [120, 240, 270, 300, 330, 360, 600];
const WIRES: [loss: number, delayMs: number][] = [[0, 300], [0.1, 300], [0.25, 300], [0.25, 1_000], [0.6, 300]];

interface Played {
  endReason: string | null;
  /** Engine ms the first host entered TIME-WAIT (null: none did). */
  timeWaitAt: number | null;
  /** Every TIME-WAIT entered went to CLOSED on its timer. */
  ranOut: boolean;
  decisions: number;
  /** Real ms the room's clock ran (thinking not counted). */
  clockMs: number;
}

function play(scenarioId: string, limitMs: number, loss: number, delayMs: number, seed: number, profile: Profile | undefined, forget: number): Played {
  const direction = { delayMs, jitterMs: 0, loss, duplicate: 0, reorder: 0 };
  const made = createRound({ scenarioId, mode: forget > 0 ? 'consequences' : 'coach', seed, personality: 'textbook', controllers: { client: 'human', server: 'human' }, wire: { toServer: direction, toClient: { ...direction } }, timeLimitMs: limitMs, ...(profile ? { profile } : {}) });
  if (!made.ok) throw new Error(made.rejection.detail);
  const pace = { scale: DEFAULT_CLOCK.scale, fastForwardMs: DEFAULT_CLOCK.fastForwardMs, pauseWhileDeciding: true };
  let state = (seed * 2_654_435_761) % 2 ** 32;
  const draw = (): number => (state = (state * 1_664_525 + 1_013_904_223) % 2 ** 32) / 2 ** 32;
  let r: Round = made.round;
  let decisions = 0;
  let clockMs = 0;
  for (let i = 0; i < 20_000 && !r.finished; i++) {
    const side = SIDES.find((s) => r.hosts[s].decision);
    if (side) {
      const d = r.hosts[side].decision!;
      let move = hintFor(r, side) ?? { state: 'CLOSED' as const, segments: [] };
      if (forget > 0 && d.event.kind === 'tick' && move.segments.length > 0 && draw() < forget) move = { ...move, segments: [] };
      const res = stepRound(r, { kind: 'move', at: r.now, side, decisionId: d.id, move });
      if (!res.ok) throw new Error(res.rejection.detail);
      r = res.round;
      decisions++;
      continue;
    }
    const plan = planClock(r, r.now, pace);
    if (plan.wakeAt === null) break;
    clockMs += plan.skip ? DEFAULT_CLOCK.tickMs : (plan.wakeAt - r.now) / plan.speed;
    const res = stepRound(r, { kind: 'advance', at: plan.wakeAt });
    if (!res.ok) throw new Error(res.rejection.detail);
    r = res.round;
  }
  const entered = r.states.filter((c) => c.to === 'TIME-WAIT');
  const ranOut = entered.every((e) => r.states.some((c) => c.side === e.side && c.conn === e.conn && c.at >= e.at && c.from === 'TIME-WAIT' && c.rule === 'close.time-wait-expired'));
  return { endReason: r.endReason, timeWaitAt: entered[0]?.at ?? null, ranOut, decisions, clockMs };
}

const { values } = parseArgs({ options: { profile: { type: 'string' }, forget: { type: 'string', default: '0' }, seeds: { type: 'string', default: '40' } } });
const profile = values.profile === 'linux' || values.profile === 'rfc9293' ? values.profile : undefined;
const forget = Number(values.forget);
const seeds = Number(values.seeds);
for (const [loss, delayMs] of WIRES) {
  const entries: number[] = [];
  const lines: string[] = [];
  for (const limitS of LIMITS_S) {
    let waited = 0, ranOut = 0, timeUp = 0, n = 0, moreDecisions = 0, moreRealMs = 0, longestMs = 0;
    for (const s of SCENARIOS) {
      for (let seed = 1; seed <= seeds; seed++) {
        const before = play(s.id, 120_000, loss, delayMs, seed, profile, forget);
        const p = play(s.id, limitS * 1_000, loss, delayMs, seed, profile, forget);
        n++;
        if (p.timeWaitAt !== null) {
          waited++;
          if (p.ranOut) ranOut++;
          if (limitS === LIMITS_S.at(-1)) entries.push(p.timeWaitAt);
        }
        if (p.endReason === 'time-up') timeUp++;
        moreDecisions += p.decisions - before.decisions;
        moreRealMs += p.clockMs - before.clockMs + (p.decisions - before.decisions) * THINK_MS;
        longestMs = Math.max(longestMs, p.clockMs + p.decisions * THINK_MS);
      }
    }
    lines.push(`  ${String(limitS).padStart(4)} s: TIME-WAIT ran out in ${ranOut}/${waited}; time-up ${timeUp}/${n}; against 120 s ${(moreDecisions / n).toFixed(2)} decisions and ${(moreRealMs / n / 1000).toFixed(1)} s real a round more; longest round ${(longestMs / 60_000).toFixed(1)} min`);
  }
  entries.sort((a, b) => a - b);
  const at = (q: number): string => ((entries[Math.min(entries.length - 1, Math.floor(q * entries.length))] ?? 0) / 1000).toFixed(1);
  console.log(`${profile ?? 'each scenario’s profile'}, loss ${loss * 100}%, delay ${delayMs} ms${forget ? `, forgetting ${forget * 100}% of retransmissions` : ''}: TIME-WAIT entered at ${at(0.5)} s (median), ${at(0.99)} s (99th), ${at(1)} s (latest); ${THINK_MS / 1000} s of thinking a decision`);
  console.log(lines.join('\n'));
}
