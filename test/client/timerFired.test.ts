/**
 * "fired!" on the Timers panel says why the host must act now. It showed for 600 ms of round time
 * after any expiry, whatever happened meanwhile: a segment arriving 0.5 s after a SYN-ACK was
 * resent, or the next half-open connection's timer 20 ms after it, still read "fired!" for the
 * timer already answered. Now it shows while the decision the expiry opened is open, and otherwise until the
 * host's next event (TIMER_FIRED_MS at most): a replay passing the expiry still sees it a moment.
 */
import { describe, expect, it } from 'vitest';
import { roundView } from '../../shared/game/views.ts';
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import { TIMER_FIRED_MS, timersAt, type OpenDecision } from '../../client/model/snapshot.ts';
import type { RoundLog } from '../../client/model/view.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from '../game/play.ts';

interface Seen {
  at: number;
  prompt: string;
  log: RoundLog;
  open: OpenDecision;
}

/**
 * A page playing `side` through a practice round: at each of its decisions, the log it draws and
 * the decision open. The page folds in every view the room sends (after each step), as live.
 */
function decisionsOf(scenarioId: string, side: Side): Seen[] {
  const live = new LiveRoundLog();
  const seen: Seen[] = [];
  playAgainstBot(
    startRound(scenarioId, side),
    side,
    (r) => {
      const view = roundView(r, side);
      const d = view.decision!;
      // A copy: the live log is folded on in place.
      const log = structuredClone(live.update(view));
      seen.push({ at: d.at, prompt: d.prompt.kind === 'timer-expired' ? `timer:${d.prompt.timer?.kind}` : d.prompt.kind, log, open: { host: side, at: d.at } });
    },
    undefined,
    (_notices, r) => void live.update(roundView(r, side)),
  );
  return seen;
}

describe('"fired!" on the Timers panel (SYN flood, the server: the half-open connections\' SYN-ACK timers run out 20 ms apart)', () => {
  const decisions = decisionsOf('syn-flood', 'server');
  const timerDecisions = decisions.filter((d) => d.prompt === 'timer:retransmission');
  const first = timerDecisions[0]!;
  const second = timerDecisions[1]!;
  // The first segment to arrive after that burst, less than 600 ms after it.
  const arrival = decisions.find((d) => d.prompt === 'segment-arrived' && d.at > first.at)!;
  const firedAt = (log: RoundLog, t: number, open: OpenDecision | null): number[] =>
    timersAt(log, t, open).filter((tm) => tm.fired && tm.span.kind === 'retransmission').map((tm) => tm.span.expiresAt);

  it('a timer says "fired!" at the decision its expiry opened', () => {
    expect(firedAt(first.log, first.at, first.open)).toEqual([first.at]);
  });

  it('...and keeps saying it while that decision is open, even on a running clock (real time)', () => {
    expect(firedAt(first.log, first.at + 5_000, first.open)).toEqual([first.at]);
  });

  it('at the next timer\'s decision, 20 ms later, only that timer says it: the first was answered', () => {
    expect(second.at - first.at).toBeGreaterThan(0);
    expect(second.at - first.at).toBeLessThan(TIMER_FIRED_MS);
    expect(firedAt(second.log, second.at, second.open)).toEqual([second.at]);
  });

  it('at a segment\'s arrival less than 600 ms after the burst, no timer says "fired!"', () => {
    expect(arrival.at - first.at).toBeLessThan(TIMER_FIRED_MS);
    expect(firedAt(arrival.log, arrival.at, arrival.open)).toEqual([]);
    // Nor in a replay (no decision open) at that instant: the arrival is the host's next event.
    expect(firedAt(arrival.log, arrival.at, null)).toEqual([]);
  });

  it('in a replay, a moment after an expiry while nothing else happened to the host: still "fired!"', () => {
    expect(firedAt(arrival.log, first.at + 1, null)).toEqual([first.at]);
  });
});
