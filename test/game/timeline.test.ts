/**
 * A round's timeline (shared/game/timerRuns.ts): recorded as the round is played, after every
 * instant and every event, it gives each host's timers (armed, stopped, run out) and its
 * listener's two queues over time, so a replay's timer panel and queue gauges show what the live
 * round showed. shared/game/timeline.ts plays a round again one instant at a time: the record must
 * not depend on how the clock grouped its instants.
 */
import { describe, expect, it } from 'vitest';
import { allowedFor, createRound, hintFor, runToEnd, stepRound, nextEventAt } from '../../shared/game/round.ts';
import { DELAYED_ACK_MS } from '../../shared/game/allowed.ts';
import { roundTimeline } from '../../shared/game/timeline.ts';
import { timelineOf } from '../../shared/game/timerRuns.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { roundView } from '../../shared/game/views.ts';
import type { Round } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import type { TimerSpan } from '../../client/model/view.ts';
import { startRound } from './play.ts';

function played(scenarioId: string, seed = 7): Round {
  const created = createRound({ scenarioId, mode: 'coach', seed, controllers: { client: 'human', server: 'human' }, personality: 'textbook' });
  if (!created.ok) throw new Error(created.rejection.detail);
  return runToEnd(created.round);
}

describe('timers over a round', () => {
  it('a lost SYN: the 1 s RTO runs out, the timer is armed again for 2 s and stopped by the SYN-ACK', () => {
    const round = played('lost-syn');
    const client = roundTimeline(round).timers.filter((t) => t.side === 'client' && t.kind === 'retransmission');
    // With its schedule, as the live panel shows it (rfc9293 profile: RFC 6298 backoff from a 1 s RTO).
    const schedule = { profile: 'rfc9293', segment: 'SYN', retransmitAt: [1_000, 3_000, 7_000, 15_000, 31_000, 63_000, 123_000, 183_000], giveUpAt: 243_000 };
    expect(client[0]).toEqual({ side: 'client', kind: 'retransmission', startedAt: 0, expiresAt: 1_000, stoppedAt: null, schedule: { ...schedule, retries: 0 } });
    expect(client[1]).toMatchObject({ startedAt: 1_000, expiresAt: 3_000, schedule: { ...schedule, retries: 1 } });
    const synAckArrives = round.flights.find((f) => f.from === 'server' && f.segment.flags.SYN)?.arrivesAt;
    expect(client[1]?.stoppedAt).toBe(synAckArrives);
  });

  it('a simultaneous open: the timer armed for the SYN goes on running when the SYN is re-sent as its SYN-ACK, and its run names the SYN-ACK, live and in the replay', () => {
    const round = played('simultaneous-open');
    const client = roundTimeline(round).timers.filter((t) => t.side === 'client' && t.kind === 'retransmission');
    const synAckAcked = round.states.find((s) => s.side === 'client' && s.to === 'ESTABLISHED')!.at;
    expect(client[0]).toMatchObject({ startedAt: 0, expiresAt: 1_000, stoppedAt: synAckAcked, schedule: { segment: 'SYN-ACK', retries: 0 } });
    // The live panel (the client's log of the views it was sent) says the same once the SYN-ACK is out.
    const live = startRound('simultaneous-open', 'client');
    const log = new LiveRoundLog();
    let spans: TimerSpan[] = [];
    let r = live;
    for (let i = 0; i < 50 && !r.finished && r.now < synAckAcked; i++) {
      const d = r.hosts.client.decision;
      const res = d ? stepRound(r, { kind: 'move', at: r.now, side: 'client', decisionId: d.id, move: hintFor(r, 'client')! }) : stepRound(r, { kind: 'advance', at: nextEventAt(r)! });
      if (!res.ok) throw new Error(res.rejection.detail);
      r = res.round;
      spans = log.update(roundView(r, 'client')).timers.filter((t) => t.host === 'client' && t.kind === 'retransmission');
      if (r.states.some((s) => s.side === 'client' && s.to === 'SYN-RECEIVED')) break;
    }
    expect(spans.map((t) => t.schedule?.segment)).toEqual(['SYN-ACK']);
  });

  it('TIME-WAIT starts when the active closer enters it and lasts 2×MSL (rfc9293: 240 s; linux: 60 s)', () => {
    for (const [id, ms] of [['active-close-client', 240_000], ['lost-final-ack', 60_000]] as const) {
      const round = played(id);
      const entered = round.states.filter((s) => s.side === 'client' && s.to === 'TIME-WAIT').map((s) => s.at);
      const runs = roundTimeline(round).timers.filter((t) => t.kind === 'time-wait');
      expect(runs.map((r) => r.startedAt)).toContain(entered[0]);
      expect(runs.every((r) => r.side === 'client')).toBe(true);
      expect(runs[runs.length - 1]?.expiresAt).toBe((runs[runs.length - 1]?.startedAt ?? 0) + ms);
      expect(runs[runs.length - 1]?.stoppedAt).toBeNull();
    }
  });

  it('TIME-WAIT reads 2×MSL even when its player answered the FIN after game time moved on (the panel said "2×MSL = 239.8 s")', () => {
    const created = createRound({ scenarioId: 'handshake', mode: 'coach', seed: 7, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' });
    if (!created.ok) throw new Error(created.rejection.detail);
    let r = created.round;
    for (let guard = 0; guard < 500 && !r.finished; guard++) {
      const d = r.hosts.client.decision;
      // The client's FIN-WAIT-2 gets the server's FIN: game time goes on 200 ms before the answer.
      if (d && d.event.kind === 'segment' && d.event.segment.flags.FIN) {
        const later = stepRound(r, { kind: 'advance', at: r.now + 200 });
        if (later.ok) r = later.round;
      }
      const open = r.hosts.client.decision;
      const res = open
        ? stepRound(r, { kind: 'move', at: r.now, side: 'client', decisionId: open.id, move: hintFor(r, 'client')! })
        : stepRound(r, { kind: 'advance', at: nextEventAt(r) ?? r.now + 100 });
      if (!res.ok) throw new Error(res.rejection.detail);
      r = res.round;
    }
    const [tw] = roundTimeline(r).timers.filter((t) => t.kind === 'time-wait');
    expect(tw!.expiresAt - tw!.startedAt).toBe(240_000);
  });

  it('a retransmitted FIN in TIME-WAIT restarts the 2×MSL timer: the first run is stopped when it arrives', () => {
    const round = played('lost-final-ack');
    const [first, second] = roundTimeline(round).timers.filter((t) => t.kind === 'time-wait');
    const refin = round.flights.filter((f) => f.from === 'server' && f.segment.flags.FIN)[1];
    expect(first?.stoppedAt).toBe(refin?.arrivesAt);
    expect(second?.startedAt).toBe(refin?.arrivesAt);
  });

  it('replaying instant by instant plays the same round: one run per segment the retransmission timer sent', () => {
    const round = played('lost-syn-ack');
    const runs = roundTimeline(round).timers.filter((t) => t.kind === 'retransmission');
    const expired = runs.filter((r) => r.stoppedAt === null).length;
    const retransmitted = round.decisions.filter((d) => d.event.kind === 'tick' && d.move.segments.length > 0).length;
    expect(expired).toBe(retransmitted);
  });
});

describe('the record does not depend on how the clock grouped instants', () => {
  /**
   * `side` against the bot on a lossy wire, as a busy server's room steps it: a late clock wakes
   * after several instants and advances over them in one step; the player asks for hints, makes a
   * wrong try, and at one decision leaves the host to the bot.
   */
  function playedLate(scenarioId: string, side: Side, seed: number): Round {
    const scenario = SCENARIOS.find((s) => s.id === scenarioId)!;
    const other: Side = side === 'client' ? 'server' : 'client';
    const created = createRound({ scenarioId, mode: 'coach', seed, controllers: { [side]: 'human', [other]: 'bot' } as Record<Side, 'human' | 'bot'>, personality: 'textbook', wire: { toServer: { ...scenario.wire.toServer, loss: 0.2 }, toClient: { ...scenario.wire.toClient, loss: 0.2 } } });
    if (!created.ok) throw new Error(created.rejection.detail);
    let r = created.round;
    let decisions = 0;
    for (let i = 0; i < 3_000 && !r.finished; i++) {
      const d = r.hosts[side].decision;
      const step = (event: Parameters<typeof stepRound>[1]): void => {
        const res = stepRound(r, event);
        if (!res.ok) throw new Error(`${res.rejection.code}: ${res.rejection.detail}`);
        r = res.round;
      };
      if (d && r.hosts[side].controller === 'human') {
        decisions += 1;
        if (decisions === 2) step({ kind: 'reveal', at: r.now, side, decisionId: d.id });
        // A wrong try (coach mode refuses it and the decision stays open, unless it happens to be right).
        if (decisions === 3) step({ kind: 'move', at: r.now, side, decisionId: d.id, move: { state: 'CLOSED', segments: [] } });
        if (r.hosts[side].decision?.id !== d.id) continue;
        if (decisions === 5) step({ kind: 'takeover', at: r.now, side });
        else step({ kind: 'move', at: r.now, side, decisionId: d.id, move: allowedFor(r, side)![0]!.move });
      } else {
        const next = nextEventAt(r);
        if (next === null) break;
        step({ kind: 'advance', at: next + ((seed + i) % 3) * 700 });
      }
    }
    return r;
  }

  for (const scenario of SCENARIOS) {
    it(`${scenario.id}: as played with a late clock, or again one instant at a time, each side records the same timers and queues`, () => {
      for (const side of ['client', 'server'] as const) {
        for (const seed of [1, 2, 3]) {
          const round = playedLate(scenario.id, side, seed);
          expect(timelineOf(round.timeline)).toEqual(roundTimeline(round));
        }
      }
    });
  }
});

/**
 * `side` against the bot, holding back every ACK that may wait (RFC 9293 §3.8.6.3); what its live
 * Timers panel drew (the page folds in the view after every step) is kept for comparison.
 */
function holdingBackAcks(scenarioId: string, side: Side): { round: Round; live: TimerSpan[] } {
  const log = new LiveRoundLog();
  let r = startRound(scenarioId, side);
  let live: TimerSpan[] = [];
  for (let guard = 0; guard < 2_000 && !r.finished; guard++) {
    const d = r.hosts[side].decision;
    const move = d ? (allowedFor(r, side)?.find((a) => a.kind === 'delayed-ack')?.move ?? hintFor(r, side)) : null;
    const res = d && move ? stepRound(r, { kind: 'move', at: r.now, side, decisionId: d.id, move }) : stepRound(r, { kind: 'advance', at: nextEventAt(r) ?? r.now + 100 });
    if (!res.ok) throw new Error(res.rejection.detail);
    r = res.round;
    if (!r.finished) live = log.update(roundView(r, side)).timers;
  }
  return { round: r, live };
}

describe('the retransmission timer in the replay', () => {
  it('carries the schedule the live panel showed, run by run: the segment it guards, the resends so far, when each resend comes and when it gives up', () => {
    for (const [scenarioId, side] of [['lost-syn', 'client'], ['lost-syn-ack', 'server'], ['lost-final-ack', 'client']] as const) {
      const log = new LiveRoundLog();
      let r = startRound(scenarioId, side);
      let live: TimerSpan[] = [];
      for (let guard = 0; guard < 2_000 && !r.finished; guard++) {
        const d = r.hosts[side].decision;
        const res = d ? stepRound(r, { kind: 'move', at: r.now, side, decisionId: d.id, move: hintFor(r, side)! }) : stepRound(r, { kind: 'advance', at: nextEventAt(r) ?? r.now + 100 });
        if (!res.ok) throw new Error(res.rejection.detail);
        r = res.round;
        if (!r.finished) live = log.update(roundView(r, side)).timers;
      }
      const shown = live.filter((s) => s.host === side && s.kind === 'retransmission').map((s) => [s.startedAt, s.expiresAt, s.schedule]);
      const replayed = roundTimeline(r).timers.filter((t) => t.side === side && t.kind === 'retransmission' && t.startedAt <= (shown[shown.length - 1]?.[0] as number)).map((t) => [t.startedAt, t.expiresAt, t.schedule]);
      expect(shown.length, scenarioId).toBeGreaterThan(0);
      expect(replayed, scenarioId).toEqual(shown);
    }
  });
});

describe('the delayed-ACK timer of an ACK held back', () => {
  const runsOf = (round: Round, side: Side) => roundTimeline(round).timers.filter((t) => t.kind === 'delayed-ack' && t.side === side);

  it('held back and never carried: the replay runs it 200 ms from the move to its expiry, when the timer asked for the ACK', () => {
    const { round, live } = holdingBackAcks('data-on-third', 'client');
    const runs = runsOf(round, 'client');
    expect(runs).toHaveLength(1);
    const [run] = runs;
    const heldBack = round.decisions.find((d) => d.side === 'client' && d.verdict.allowed[d.verdict.matched]?.kind === 'delayed-ack');
    expect(run).toEqual({ side: 'client', kind: 'delayed-ack', startedAt: heldBack?.answeredAt, expiresAt: (heldBack?.answeredAt ?? 0) + DELAYED_ACK_MS, stoppedAt: null });
    const asked = round.decisions.find((d) => d.side === 'client' && d.timer === 'delayed-ack');
    expect(asked?.at).toBe(run?.expiresAt);
    // The same timer over the same interval as the live panel drew it.
    expect(live.filter((s) => s.kind === 'delayed-ack').map((s) => [s.startedAt, s.expiresAt, s.cancelledAt])).toEqual(runs.map((r) => [r.startedAt, r.expiresAt, r.stoppedAt]));
  });

  it('carried early by the next segment with ACK set: the replay stops it when that segment is sent', () => {
    const { round, live } = holdingBackAcks('active-close-server', 'client');
    const [run] = runsOf(round, 'client');
    expect(run?.stoppedAt).not.toBeNull();
    expect(run!.stoppedAt!).toBeLessThan(run!.expiresAt);
    expect(round.flights.some((f) => f.from === 'client' && f.segment.flags.ACK && f.sentAt === run?.stoppedAt)).toBe(true);
    expect(round.decisions.some((d) => d.side === 'client' && d.timer === 'delayed-ack')).toBe(false);
    expect(live.filter((s) => s.kind === 'delayed-ack').map((s) => [s.startedAt, s.expiresAt, s.cancelledAt])).toEqual([[run?.startedAt, run?.expiresAt, run?.stoppedAt]]);
  });

  it('an ACK sent at once arms no delayed-ACK timer', () => {
    expect(runsOf(played('data-on-third'), 'client')).toEqual([]);
  });
});

describe('queues over a round', () => {
  it('the SYN flood fills the SYN queue to its limit, then it drains as the half-open entries give up', () => {
    const round = played('syn-flood');
    const server = roundTimeline(round).queues.filter((q) => q.side === 'server');
    const sizes = server.map((q) => q.syn.length);
    expect(Math.max(...sizes)).toBe(4);
    // The rfc9293 profile has no accept-queue limit (RFC 9293 has no accept queue): 0 says so.
    expect(server.every((q) => q.synMax === 4 && q.acceptMax === 0)).toBe(true);
    const full = server.findIndex((q) => q.syn.length === 4);
    expect(sizes.slice(0, full + 1)).toEqual([0, 1, 2, 3, 4]);
    expect(server[full]?.syn.every((s) => s.startsWith('198.51.100.'))).toBe(true);
    // Drained to empty, then the real client's connection takes a slot.
    const drained = sizes.indexOf(0, full);
    expect(drained).toBeGreaterThan(full);
    expect(server.slice(drained).some((q) => q.syn.includes('10.0.0.2:49152'))).toBe(true);
  });

  it('a client that never listens has no queues', () => {
    expect(roundTimeline(played('handshake')).queues.filter((q) => q.side === 'client' && q.synMax > 0)).toEqual([]);
  });
});

describe('what a view carries', () => {
  it('only a finished round’s view has the timeline; during the round the peer’s queues stay hidden', () => {
    const created = createRound({ scenarioId: 'syn-flood', mode: 'coach', seed: 7, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' });
    if (!created.ok) throw new Error(created.rejection.detail);
    let round = created.round;
    for (let i = 0; i < 20 && !round.hosts.client.decision; i++) {
      const r = stepRound(round, { kind: 'advance', at: nextEventAt(round) ?? round.now });
      if (r.ok) round = r.round;
    }
    const mine = roundView(round, 'client');
    expect(mine.timeline).toBeNull();
    expect(mine.hosts.server.queues).toBeNull();
    const theirs = roundView(round, 'server');
    expect(theirs.hosts.server.queues?.syn.length).toBe(4);
    const done = roundView(runToEnd(round), 'client');
    expect(done.timeline?.timers.length).toBeGreaterThan(0);
    expect(done.hosts.server.queues).not.toBeNull();
  });
});
