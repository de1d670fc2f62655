/**
 * The timer panel during a round: a timer is drawn from when its host armed it, not from the first
 * view that happened to show it (views come at the room's pace; a page that joins or reloads late
 * sees a timer long after it started), so TIME-WAIT reads 2×MSL and the retransmission timer its RTO.
 */
import { describe, expect, it } from 'vitest';
import { roundView } from '../../shared/game/views.ts';
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import type { TimerSpan } from '../../client/model/view.ts';
import { timerOrder, type TimerNow } from '../../client/model/snapshot.ts';
import { allowedFor, hintFor, nextEventAt, stepRound } from '../../shared/game/round.ts';
import { playAgainstBot, startRound } from '../game/play.ts';

/** The spans a live log draws when its first view is the player's first decision on a timer of `kind`. */
function firstSeenAtExpiry(scenarioId: string, kind: TimerSpan['kind']): { span: TimerSpan | undefined; sent: number[] } {
  let span: TimerSpan | undefined;
  const round = playAgainstBot(startRound(scenarioId, 'client'), 'client', (r) => {
    const view = roundView(r, 'client');
    const p = view.decision!.prompt;
    if (span || p.kind !== 'timer-expired' || p.timer?.kind !== kind) return;
    span = new LiveRoundLog().update(view).timers.find((t) => t.kind === kind && t.host === 'client');
  });
  return { span, sent: round.flights.filter((f) => f.from === 'client').map((f) => f.sentAt) };
}

describe('live timer spans', () => {
  it('TIME-WAIT first seen when it expires still spans 2×MSL = 240 s (RFC profile), not 0 s', () => {
    const { span } = firstSeenAtExpiry('active-close-client', 'time-wait');
    expect(span).toBeDefined();
    expect(span!.expiresAt - span!.startedAt).toBe(240_000);
  });

  it('a retransmission timer first seen when it expires spans its RTO (1 s), from when the SYN was sent', () => {
    const { span, sent } = firstSeenAtExpiry('lost-syn', 'retransmission');
    expect(span).toBeDefined();
    expect([span!.startedAt, span!.expiresAt]).toEqual([sent[0], sent[0]! + 1_000]);
  });

  it('a retransmission timer stopped, and another then armed to run out at the same instant, are two runs (a SYN\'s timer stopped at ESTABLISHED, then the FIN\'s)', () => {
    // lost-syn's client as its page sees it at 1 s: the SYN re-sent, its timer armed until 3 s.
    let r = startRound('lost-syn', 'client');
    for (let i = 0; i < 50 && !(r.now >= 1_000 && !r.hosts.client.decision); i++) {
      const d = r.hosts.client.decision;
      const res = d ? stepRound(r, { kind: 'move', at: r.now, side: 'client', decisionId: d.id, move: hintFor(r, 'client')! }) : stepRound(r, { kind: 'advance', at: nextEventAt(r)! });
      if (!res.ok) throw new Error(res.rejection.detail);
      r = res.round;
    }
    const view = roundView(r, 'client');
    const synTimer = view.hosts.client.timers.find((t) => t.kind === 'retransmission')!;
    expect([view.now, synTimer.expiresAt, synTimer.schedule?.segment]).toEqual([1_000, 3_000, 'SYN']);
    // Then the views its page would get: the timer stopped at 1.6 s, and at 2 s a FIN's timer
    // armed for 1 s, which runs out at 3 s too.
    const at = (now: number, timers: typeof view.hosts.client.timers) => ({ ...view, now, hosts: { ...view.hosts, client: { ...view.hosts.client, timers } } });
    const finTimer = { ...synTimer, durationMs: 1_000, schedule: { ...synTimer.schedule!, segment: 'FIN' as const, retries: 0 } };
    const log = new LiveRoundLog();
    log.update(view);
    log.update(at(1_600, []));
    const spans = log.update(at(2_000, [finTimer])).timers.filter((t) => t.host === 'client' && t.kind === 'retransmission');
    expect(spans.map((t) => [t.schedule?.segment, t.startedAt, t.expiresAt, t.cancelledAt])).toEqual([
      ['SYN', 1_000, 3_000, 1_600],
      ['FIN', 2_000, 3_000, null],
    ]);
  });

  it('an ACK held back has its delayed-ACK timer on the panel (200 ms), there when its prompt says it expired (the panel said "No timer running")', () => {
    // The player's page folds in every view the room sends: after each move, and at each decision.
    const log = new LiveRoundLog();
    let r = startRound('data-on-third', 'client');
    let atExpiry: TimerSpan | undefined;
    let expiredAt = -1;
    for (let guard = 0; guard < 2_000 && !r.finished && expiredAt < 0; guard++) {
      const d = r.hosts.client.decision;
      const view = roundView(r, 'client');
      const spans = log.update(view).timers;
      if (d && view.decision?.prompt.kind === 'timer-expired' && view.decision.prompt.timer?.kind === 'delayed-ack') {
        expiredAt = d.at;
        atExpiry = spans.find((t) => t.kind === 'delayed-ack' && t.host === 'client');
        break;
      }
      // Hold back every ACK that may wait.
      const move = d ? (allowedFor(r, 'client')?.find((a) => a.kind === 'delayed-ack')?.move ?? hintFor(r, 'client')!) : null;
      const res = d ? stepRound(r, { kind: 'move', at: r.now, side: 'client', decisionId: d.id, move: move! }) : stepRound(r, { kind: 'advance', at: nextEventAt(r) ?? r.now + 100 });
      if (!res.ok) throw new Error(res.rejection.detail);
      r = res.round;
    }
    expect(expiredAt).toBeGreaterThan(0);
    expect(atExpiry).toMatchObject({ expiresAt: expiredAt, startedAt: expiredAt - 200, cancelledAt: null });
  });
});

describe('the timers panel’s order', () => {
  it('one timer that just fired, then the running ones soonest first: several firing together (a SYN flood’s SYN-ACK timers) do not push every running one off the panel', () => {
    const span = (id: string): TimerSpan => ({ id, host: 'server', kind: 'retransmission', startedAt: 0, expiresAt: 1000, cancelledAt: null, conn: null, schedule: null }) as unknown as TimerSpan;
    const fired = (id: string): TimerNow => ({ span: span(id), remainingMs: 0, fired: true });
    const running = (id: string, remainingMs: number): TimerNow => ({ span: span(id), remainingMs, fired: false });
    const order = timerOrder([fired('f1'), fired('f2'), running('r3', 900), running('r1', 100), running('r2', 400)]);
    expect(order.map((t) => t.span.id)).toEqual(['f1', 'r1', 'r2', 'r3', 'f2']);
    // On a panel of two rows: what fired, and the next to fire.
    expect(order.slice(0, 2).map((t) => t.span.id)).toEqual(['f1', 'r1']);
  });
});
