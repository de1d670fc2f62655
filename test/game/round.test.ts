import { describe, expect, it } from 'vitest';
import { judgeMove } from '../../shared/game/judge.ts';
import { createRound, hintFor, replayRound, runToEnd, stepRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Round, RoundSettings } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { flags } from '../../shared/tcp/segment.ts';

function settings(scenarioId: string, extra: Partial<RoundSettings> = {}): RoundSettings {
  return { scenarioId, mode: 'coach', seed: 7, controllers: { client: 'human', server: 'human' }, personality: 'textbook', ...extra };
}

function start(s: RoundSettings): Round {
  const c = createRound(s);
  if (!c.ok) throw new Error(c.rejection.detail);
  return c.round;
}

/** Advance until a decision waits for `side`. */
function untilDecision(round: Round, side: 'client' | 'server'): Round {
  let r = round;
  for (let i = 0; i < 200 && !r.hosts[side].decision; i++) {
    const res = stepRound(r, { kind: 'advance', at: r.now + 100 });
    if (!res.ok) throw new Error(res.rejection.detail);
    r = res.round;
  }
  return r;
}

describe('every scenario, played correctly by both hosts', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.id}: completes with both hosts CLOSED and every decision fully correct`, () => {
      const r = runToEnd(start(settings(scenario.id)));
      expect(r.finished).toBe(true);
      expect(r.endReason).toBe('complete');
      for (const side of ['client', 'server'] as const) {
        expect(r.hosts[side].host.connections).toEqual([]);
        expect(r.hosts[side].correct).toBe(r.hosts[side].judged);
      }
      expect(r.decisions.length).toBeGreaterThan(1);
    });
  }
});

describe('scenario teaching points', () => {
  it('active-close-client: the client passes FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; the server CLOSE-WAIT, LAST-ACK', () => {
    const r = runToEnd(start(settings('active-close-client')));
    const path = (side: 'client' | 'server') => r.states.filter((s) => s.side === side && s.conn.startsWith('10.')).map((s) => s.to);
    expect(path('client')).toEqual(['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
    expect(path('server')).toEqual(['LISTEN', 'SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
  });

  it('lost-final-ack (Linux): TIME-WAIT re-acknowledges the retransmitted FIN and lasts 60 s from then', () => {
    const r = runToEnd(start(settings('lost-final-ack')));
    const reacked = r.flights.filter((f) => f.rule === 'close.time-wait-fin-reacked');
    expect(reacked).toHaveLength(1);
    const closed = r.states.find((s) => s.side === 'client' && s.to === 'CLOSED' && s.from === 'TIME-WAIT');
    expect(closed!.at - reacked[0]!.sentAt).toBe(60_000);
  });

  it('simultaneous-close: both hosts pass CLOSING', () => {
    const r = runToEnd(start(settings('simultaneous-close')));
    expect(r.states.filter((s) => s.to === 'CLOSING').map((s) => s.side).sort()).toEqual(['client', 'server']);
  });

  it('connection-refused: the closed port answers the SYN with RST,ACK acknowledging SYN + 1', () => {
    const r = runToEnd(start(settings('connection-refused')));
    const syn = r.flights.find((f) => f.from === 'client' && f.segment.flags.SYN)!;
    const rst = r.flights.find((f) => f.from === 'server' && f.segment.flags.RST)!;
    expect(rst.segment.flags).toEqual(flags('RST', 'ACK'));
    expect(rst.segment.ack).toBe((syn.segment.seq + 1) % 2 ** 32);
  });
});

describe('coach and consequences', () => {
  const wrongSynAck = (r: Round) => {
    const d = r.hosts.server.decision!;
    const hint = hintFor(r, 'server')!;
    return { decisionId: d.id, move: { ...hint, segments: hint.segments.map((s) => ({ ...s, ack: s.ack + 5 })) } };
  };

  it('coach: a wrong move is refused with the rule, nothing goes on the wire, and the player tries again', () => {
    let r = untilDecision(start(settings('handshake', { controllers: { client: 'bot', server: 'human' } })), 'server');
    // LISTEN first (the application's passive open), then the SYN arrives.
    r = untilDecision(stepRound(r, { kind: 'move', at: r.now, side: 'server', decisionId: r.hosts.server.decision!.id, move: hintFor(r, 'server')! }).round, 'server');
    const flightsBefore = r.flights.length;
    const { decisionId, move } = wrongSynAck(r);
    const res = stepRound(r, { kind: 'move', at: r.now, side: 'server', decisionId, move });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const verdict = res.notices.find((n) => n.kind === 'verdict');
    expect(verdict).toMatchObject({ accepted: false });
    expect(res.round.flights.length).toBe(flightsBefore);
    expect(res.round.hosts.server.decision?.id).toBe(decisionId);
  });

  it('coach: the results breakdown names what the host answered, what the player finally sent, and that it took two tries', () => {
    let r = untilDecision(start(settings('handshake', { controllers: { client: 'bot', server: 'human' } })), 'server');
    r = untilDecision(stepRound(r, { kind: 'move', at: r.now, side: 'server', decisionId: r.hosts.server.decision!.id, move: hintFor(r, 'server')! }).round, 'server');
    const { decisionId, move } = wrongSynAck(r);
    r = stepRound(r, { kind: 'move', at: r.now, side: 'server', decisionId, move }).round;
    const right = hintFor(r, 'server')!;
    r = stepRound(r, { kind: 'move', at: r.now, side: 'server', decisionId, move: right }).round;
    const shown = roundView(r, 'server').verdicts.find((v) => v.decisionId === decisionId)!;
    // The SYN arrived; the coach refused the first SYN-ACK, so the verdict is the first try's.
    expect(shown).toMatchObject({ side: 'server', correct: false, points: expect.any(Number), attempts: 2 });
    expect(shown.cause).toMatchObject({ kind: 'segment', flags: flags('SYN') });
    expect(shown.played).toEqual(right);
    expect(shown.played.state).toBe('SYN-RECEIVED');
    // The first decision answered the application's listen() and was right at once.
    const listen = roundView(r, 'server').verdicts[0]!;
    expect(listen).toMatchObject({ cause: { kind: 'call', call: 'listen' }, correct: true, attempts: 1 });
  });

  it('consequences: the wrong segment really is sent and the peer reacts to it', () => {
    let r = start(settings('handshake', { mode: 'consequences', controllers: { client: 'bot', server: 'human' } }));
    // Answer LISTEN correctly, then get the SYN.
    r = untilDecision(r, 'server');
    r = stepRound(r, { kind: 'move', at: r.now, side: 'server', decisionId: r.hosts.server.decision!.id, move: hintFor(r, 'server')! }).round;
    r = untilDecision(r, 'server');
    const { decisionId, move } = wrongSynAck(r);
    const res = stepRound(r, { kind: 'move', at: r.now, side: 'server', decisionId, move });
    if (!res.ok) throw new Error('move refused');
    const sent = res.round.flights.at(-1)!;
    expect(sent.segment.ack).toBe(move.segments[0]!.ack);
    // The client (SYN-SENT) sees an ACK that does not cover its SYN and answers with RST (RFC 9293 §3.10.7.3).
    const after = runToEnd(res.round);
    expect(after.flights.some((f) => f.from === 'client' && f.segment.flags.RST && f.segment.seq === move.segments[0]!.ack)).toBe(true);
  });
});

describe('the judge names a rule for every wrong field', () => {
  it('a SYN-ACK with ack = ISN instead of ISN + 1 is wrong only in ack, citing "SYN consumes one"', () => {
    const expected = { state: 'SYN-RECEIVED' as const, stateRule: 'open.listen-syn-ack' as const, waitRule: 'wait.nothing-to-do' as const, segments: [{ flags: flags('SYN', 'ACK'), seq: 500, ack: 101, data: '', rule: 'open.listen-syn-ack' as const, retransmission: false }] };
    const v = judgeMove(expected, { state: 'SYN-RECEIVED', segments: [{ flags: flags('SYN', 'ACK'), seq: 500, ack: 100, data: '' }] });
    expect(v.correct).toBe(false);
    expect(v.fields.filter((f) => !f.ok)).toEqual([{ field: 'ack', segment: 0, ok: false, expected: '101', got: '100', rule: 'seq.syn-consumes-one' }]);
  });

  it('a FIN sent with the ACK of the peer\'s FIN (before the application called close()) is explained by CLOSE-WAIT\'s rule, not by "ack = FIN\'s seq + 1"', () => {
    const expected = { state: 'CLOSE-WAIT' as const, stateRule: 'close.passive-close-wait' as const, waitRule: 'wait.nothing-to-do' as const, segments: [{ flags: flags('ACK'), seq: 300, ack: 201, data: '', rule: 'close.ack-of-fin' as const, retransmission: false }] };
    const v = judgeMove(expected, { state: 'LAST-ACK', segments: [{ flags: flags('FIN', 'ACK'), seq: 300, ack: 201, data: '' }] });
    expect(v.fields.filter((f) => !f.ok).map((f) => [f.field, f.rule])).toEqual([
      ['state', 'close.passive-close-wait'],
      ['FIN', 'close.passive-close-wait'],
    ]);
    // Leaving out a FIN that is due is still the FIN's own rule.
    const due = { state: 'LAST-ACK' as const, stateRule: 'close.close-wait-fin' as const, waitRule: 'wait.nothing-to-do' as const, segments: [{ flags: flags('FIN', 'ACK'), seq: 300, ack: 201, data: '', rule: 'close.close-wait-fin' as const, retransmission: false }] };
    expect(judgeMove(due, { state: 'LAST-ACK', segments: [{ flags: flags('ACK'), seq: 300, ack: 201, data: '' }] }).fields.find((f) => f.field === 'FIN')).toMatchObject({ ok: false, rule: 'close.close-wait-fin' });
  });

  it('a segment sent with its ACK bit off carries no acknowledgment number: the verdict says none, not 0 (the score is the same)', () => {
    const expected = { state: 'ESTABLISHED' as const, stateRule: 'open.syn-sent-ack-of-syn-ack' as const, waitRule: 'wait.nothing-to-do' as const, segments: [{ flags: flags('ACK'), seq: 101, ack: 501, data: '', rule: 'open.syn-sent-ack-of-syn-ack' as const, retransmission: false }] };
    const v = judgeMove(expected, { state: 'ESTABLISHED', segments: [{ flags: flags(), seq: 101, ack: 0, data: 'x' }] });
    expect(v.fields.find((f) => f.field === 'ack')).toMatchObject({ ok: false, got: '', expected: '501' });
    expect(v.fields.find((f) => f.field === 'ACK')).toMatchObject({ ok: false, got: 'off' });
  });

  it('naming CLOSE-WAIT as FIN-WAIT-2 is a state mistake', () => {
    const expected = { state: 'CLOSE-WAIT' as const, stateRule: 'close.passive-close-wait' as const, waitRule: 'wait.nothing-to-do' as const, segments: [] };
    const v = judgeMove(expected, { state: 'FIN-WAIT-2', segments: [] });
    expect(v.fields.find((f) => f.field === 'state')).toMatchObject({ ok: false, rule: 'close.passive-close-wait' });
  });
});

describe('a round is its log', () => {
  it('replaying the log of a lossy round reproduces the live round exactly', () => {
    const s = settings('active-close-client', { wire: { toServer: { delayMs: 250, jitterMs: 80, loss: 0.3, duplicate: 0.1, reorder: 0.1 }, toClient: { delayMs: 250, jitterMs: 80, loss: 0.3, duplicate: 0.1, reorder: 0.1 } } });
    const live = runToEnd(start(s));
    expect(replayRound(s, live.log)).toEqual(live);
  });

  it('rejects a move for a decision that is not open and leaves the round unchanged', () => {
    const r = untilDecision(start(settings('handshake')), 'client');
    const res = stepRound(r, { kind: 'move', at: r.now, side: 'client', decisionId: 999, move: { state: 'CLOSED', segments: [] } });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.rejection.code).toBe('stale-decision');
    expect(res.round).toBe(r);
  });

  it('the connect() decision tells the player the ISN its own TCP picked, and the SYN must carry it', () => {
    const r = untilDecision(start(settings('handshake')), 'client');
    const view = roundView(r, 'client');
    expect(view.decision?.prompt).toMatchObject({ kind: 'app-call', call: 'connect' });
    expect(view.decision?.yourIss).toBe(hintFor(r, 'client')!.segments[0]!.seq);
  });

  it('a player view hides the peer state and the expected answer', () => {
    const r = untilDecision(start(settings('handshake')), 'server');
    const view = roundView(r, 'server');
    expect(view.hosts.client.state).toBeNull();
    expect(view.hosts.server.state).not.toBeNull();
    expect(JSON.stringify(view)).not.toContain('expected');
    expect(JSON.stringify(view)).not.toContain('"seed"');
  });

  it("a player view hides the peer application's calls: the client learns of the server's close() only from its FIN", () => {
    let r = untilDecision(start(settings('handshake')), 'client');
    // Play on until the server's application has called something (listen(), later close()).
    for (let i = 0; i < 40 && !r.finished; i++) {
      if (r.hosts.server.app.lastCall !== null) break;
      for (const side of ['client', 'server'] as const) {
        const d = r.hosts[side].decision;
        if (d) r = stepRound(r, { kind: 'move', at: r.now, side, decisionId: d.id, move: hintFor(r, side)! }).round;
      }
      r = stepRound(r, { kind: 'advance', at: r.now + 100 }).round;
    }
    expect(r.hosts.server.app.lastCall).not.toBeNull();
    expect(roundView(r, 'client').hosts.server.appCall).toBeNull();
    expect(roundView(r, 'server').hosts.server.appCall).toBe(r.hosts.server.app.lastCall);
    // After the round, and for a spectator, everything is shown.
    expect(roundView(r, null).hosts.server.appCall).toBe(r.hosts.server.app.lastCall);
  });
});

describe('the time limit', () => {
  it('a round whose only remaining connection is sitting out TIME-WAIT ends complete, not time-up', () => {
    // 120 s of engine time is less than the rfc9293 TIME-WAIT (2×MSL = 240 s).
    const r = runToEnd(start(settings('active-close-client', { timeLimitMs: 120_000 })));
    expect(r.endReason).toBe('complete');
    expect(r.hosts.client.host.connections.map((c) => c.state)).toEqual(['TIME-WAIT']);
  });

  it('a round cut off mid-handshake ends time-up', () => {
    const r = runToEnd(start(settings('lost-syn-ack', { timeLimitMs: 1_500 })));
    expect(r.endReason).toBe('time-up');
  });
});
