/**
 * Where RFC 9293 allows more than one answer, the judge accepts each, gives it full marks, and the
 * verdict lists every right answer with the rule that says why: the simultaneous open's optional
 * ACK (§3.10.7.4 first check, or nothing as in Figure 7) and a delayable ACK (§3.8.6.3), which the
 * round then holds to its 200 ms delayed-ACK timer unless a segment carries it first. Showing the
 * right move costs the points the panel states; the judge's citations fit the exact case.
 */
import { describe, expect, it } from 'vitest';
import { promptLines } from '../../client/net/decision.ts';
import { predictDecision } from '../../shared/game/expected.ts';
import { judgeMove } from '../../shared/game/judge.ts';
import type { Move } from '../../shared/game/move.ts';
import { createRound, hintFor, nextEventAt, replayRound, stepRound } from '../../shared/game/round.ts';
import { REVEAL_COST } from '../../shared/game/scoring.ts';
import type { Round, RoundNotice } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { connectionTo } from '../../shared/tcp/host.ts';
import { flags } from '../../shared/tcp/segment.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from './play.ts';

const isSynAckInSynReceived = (r: Round, side: Side): boolean => {
  const d = r.hosts[side].decision;
  return !!d && d.event.kind === 'segment' && d.event.segment.flags.SYN && d.event.segment.flags.ACK && connectionTo(r.hosts[side].host, d.concerns)?.state === 'SYN-RECEIVED';
};

/** Answer the simultaneous open's SYN-ACK with `pick(the right answers)`, everything else with the engine's move. */
function simultaneousOpen(profile: 'rfc9293' | 'linux', answer: 'ack' | 'nothing' | 'seq-check', side: Side = 'client') {
  const verdicts: Extract<RoundNotice, { kind: 'verdict' }>[] = [];
  let decided: Move | null = null;
  const round = playAgainstBot(
    startRound('simultaneous-open', side, { profile }),
    side,
    () => {},
    (r) => {
      if (!isSynAckInSynReceived(r, side) || decided) return null;
      const slot = r.hosts[side];
      const tcb = connectionTo(slot.host, slot.decision!.concerns)!;
      const ack = [{ flags: flags('ACK'), seq: tcb.sndNxt, ack: tcb.rcvNxt, data: '' }];
      decided = answer === 'ack' ? { state: 'ESTABLISHED', segments: ack } : answer === 'seq-check' ? { state: 'SYN-RECEIVED', segments: ack } : { state: 'ESTABLISHED', segments: [] };
      return decided;
    },
    (notices) => verdicts.push(...notices.flatMap((n) => (n.kind === 'verdict' ? [n] : []))),
  );
  return { round, verdicts, decided: decided as Move | null };
}

describe('simultaneous open: a SYN-ACK arriving in SYN-RECEIVED', () => {
  for (const profile of ['rfc9293', 'linux'] as const) {
    for (const answer of ['ack', 'nothing'] as const) {
      it(`${profile} profile: answering with ${answer === 'ack' ? '<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>' : 'nothing'} is accepted first time, full marks, both answers listed with the reason`, () => {
        const { round, decided } = simultaneousOpen(profile, answer);
        expect(decided).not.toBeNull();
        expect(round.endReason).toBe('complete');
        const record = round.decisions.find((d) => d.by === 'human' && d.move === decided) ?? round.decisions.find((d) => d.by === 'human' && d.expected.stateRule === 'open.simultaneous-syn-ack')!;
        expect(record.verdict.correct).toBe(true);
        expect(record.attempts).toBe(1);
        expect(record.verdict.points).toBe(record.verdict.outOf);
        // Full marks whichever right answer: as many points as the longer answer has fields.
        expect(record.verdict.outOf).toBe(9);
        expect(record.verdict.allowed.map((a) => `${a.move.state} ${a.move.segments.length}`).sort()).toEqual(['ESTABLISHED 0', 'ESTABLISHED 1', 'SYN-RECEIVED 1']);
        expect(record.verdict.allowed.find((a) => a.kind !== 'engine')!.rule).toBe('open.simultaneous-extra-ack');
        const view = roundView(round, 'client').verdicts.find((v) => v.decisionId === record.id)!;
        expect(view.allowed).toHaveLength(3);
        expect(view.allowed[view.matched]!.move.segments.length).toBe(answer === 'ack' ? 1 : 0);
        // The ACK, when sent, goes on the wire named by the rule that allows it.
        const acks = round.flights.filter((f) => f.from === 'client' && f.rule === 'open.simultaneous-extra-ack');
        expect(acks).toHaveLength(answer === 'ack' ? 1 : 0);
        expect(round.hosts.client.correct).toBe(round.hosts.client.judged);
      });
    }
  }

  for (const profile of ['rfc9293', 'linux'] as const) {
    for (const side of ['client', 'server'] as const) {
      it(`${profile} profile, ${side}: §3.10.7.4's sequence check read word for word (the SYN-ACK's SEG.SEQ is below RCV.NXT: ACK it, stay SYN-RECEIVED) is right too, and the host goes on in SYN-RECEIVED until the peer's ACK`, () => {
        const { round, decided } = simultaneousOpen(profile, 'seq-check', side);
        expect(decided).not.toBeNull();
        const record = round.decisions.find((d) => d.by === 'human' && d.move === decided)!;
        expect(record.verdict).toMatchObject({ correct: true, points: 9, outOf: 9 });
        expect(record.attempts).toBe(1);
        const matched = record.verdict.allowed[record.verdict.matched]!;
        expect(matched).toMatchObject({ kind: 'seq-check', rule: 'open.simultaneous-syn-ack-seq-check' });
        // The ACK goes on the wire named by the reading that sends it; the host stays SYN-RECEIVED.
        const ack = round.flights.find((f) => f.from === side && f.rule === 'open.simultaneous-syn-ack-seq-check')!;
        expect(ack.segment).toMatchObject({ seq: decided!.segments[0]!.seq, ack: decided!.segments[0]!.ack, flags: flags('ACK') });
        const path = round.states.filter((s) => s.side === side).map((s) => s.to);
        expect(path.slice(0, 3)).toEqual(['SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED']);
        const established = round.states.find((s) => s.side === side && s.to === 'ESTABLISHED')!;
        expect(established.at).toBeGreaterThan(ack.sentAt);
        expect(established.rule).not.toBe('open.simultaneous-syn-ack');
        // Every later move the engine's, all right: the round ends as the scenario does.
        expect(round.endReason).toBe('complete');
        expect(round.hosts[side].correct).toBe(round.hosts[side].judged);
        // The replay of its log is the same round.
        expect(replayRound(round.settings, round.log)!.hosts[side].host).toEqual(round.hosts[side].host);
      });
    }
  }

  it('a duel where both players read §3.10.7.4 word for word: each ACKs the other\'s SYN-ACK and stays SYN-RECEIVED, and each ACK then takes its receiver to ESTABLISHED', () => {
    const created = createRound({ scenarioId: 'simultaneous-open', mode: 'coach', seed: 11, controllers: { client: 'human', server: 'human' }, personality: 'textbook' });
    if (!created.ok) throw new Error(created.rejection.detail);
    let r = created.round;
    const literal = new Set<Side>();
    for (let i = 0; i < 2_000 && !r.finished; i++) {
      const side = (['client', 'server'] as const).find((s) => r.hosts[s].decision);
      if (!side) {
        const res = stepRound(r, { kind: 'advance', at: Math.min(nextEventAt(r) ?? r.now + 1, 600_000) });
        if (!res.ok) throw new Error(res.rejection.detail);
        r = res.round;
        continue;
      }
      const slot = r.hosts[side];
      let move = hintFor(r, side)!;
      if (!literal.has(side) && isSynAckInSynReceived(r, side)) {
        const tcb = connectionTo(slot.host, slot.decision!.concerns)!;
        move = { state: 'SYN-RECEIVED', segments: [{ flags: flags('ACK'), seq: tcb.sndNxt, ack: tcb.rcvNxt, data: '' }] };
        literal.add(side);
      }
      const res = stepRound(r, { kind: 'move', at: r.now, side, decisionId: slot.decision!.id, move });
      if (!res.ok) throw new Error(res.rejection.detail);
      expect(res.notices.find((n) => n.kind === 'verdict')).toMatchObject({ accepted: true, verdict: { correct: true } });
      r = res.round;
    }
    expect([...literal].sort()).toEqual(['client', 'server']);
    expect(r.endReason).toBe('complete');
    for (const side of ['client', 'server'] as const) {
      const established = r.states.find((s) => s.side === side && s.to === 'ESTABLISHED')!;
      // Taken there by the peer's ACK, not by the SYN-ACK (no retransmission needed).
      const ack = r.flights.find((f) => f.from !== side && f.rule === 'open.simultaneous-syn-ack-seq-check')!;
      expect(established.at).toBe(ack.arrivesAt);
      expect(r.hosts[side].correct).toBe(r.hosts[side].judged);
    }
    expect(r.flights.some((f) => f.segment.flags.SYN && f.rule?.startsWith('timer.'))).toBe(false);
  });

  it('an ACK with a wrong acknowledgment number is judged against the ACK answer and cites "ack = RCV.NXT"', () => {
    const round = playAgainstBot(startRound('simultaneous-open', 'client'), 'client', (r) => {
      if (!isSynAckInSynReceived(r, 'client')) return;
      const slot = r.hosts.client;
      const tcb = connectionTo(slot.host, slot.decision!.concerns)!;
      const v = judgeMove(predictDecision(slot, slot.decision!)!.expected, { state: 'ESTABLISHED', segments: [{ flags: flags('ACK'), seq: tcb.sndNxt, ack: tcb.rcvNxt + 3, data: '' }] });
      expect(v.correct).toBe(false);
      expect(v.matched).toBe(1);
      expect(v.fields.filter((f) => !f.ok)).toEqual([expect.objectContaining({ field: 'ack', rule: 'seq.ack-is-rcv-nxt' })]);
    });
    expect(round.endReason).toBe('complete');
  });

  it('a SYN-ACK with seq = SND.NXT (ISS+1) is wrong in seq only, citing "a SYN-ACK carries seq = ISS"', () => {
    let checked = false;
    playAgainstBot(startRound('simultaneous-open', 'server'), 'server', (r) => {
      const d = r.hosts.server.decision!;
      if (d.event.kind !== 'segment' || !d.event.segment.flags.SYN || d.event.segment.flags.ACK) return;
      const right = hintFor(r, 'server')!;
      const wrong: Move = { ...right, segments: [{ ...right.segments[0]!, seq: right.segments[0]!.seq + 1 }] };
      const v = judgeMove(predictDecision(r.hosts.server, d)!.expected, wrong);
      expect(v.fields.filter((f) => !f.ok)).toEqual([expect.objectContaining({ field: 'seq', rule: 'seq.syn-is-iss', expected: String(right.segments[0]!.seq) })]);
      checked = true;
    });
    expect(checked).toBe(true);
  });
});

describe('a delayable ACK (RFC 9293 §3.8.6.3)', () => {
  it('CLOSE-WAIT: the ACK of the FIN may wait and ride on the FIN of close(): a three-segment close, the client straight from FIN-WAIT-1 to TIME-WAIT', () => {
    const notices: RoundNotice[] = [];
    let delayed = 0;
    const round = playAgainstBot(
      startRound('active-close-client', 'server'),
      'server',
      () => {},
      (r) => {
        const d = r.hosts.server.decision!;
        const p = predictDecision(r.hosts.server, d)!;
        if (p.expected.state !== 'CLOSE-WAIT' || d.event.kind !== 'segment') return null;
        expect(p.expected.alternatives).toEqual([{ kind: 'delayed-ack', state: 'CLOSE-WAIT', segments: [], rule: 'ack.delayed' }]);
        delayed += 1;
        return { state: 'CLOSE-WAIT', segments: [] };
      },
      (n) => notices.push(...n),
    );
    expect(delayed).toBe(1);
    expect(round.endReason).toBe('complete');
    const waited = round.decisions.find((d) => d.by === 'human' && d.expected.state === 'CLOSE-WAIT' && d.event.kind === 'segment')!;
    expect(waited.verdict).toMatchObject({ correct: true, points: waited.verdict.outOf });
    expect(waited.verdict.allowed.map((a) => a.kind)).toEqual(['engine', 'delayed-ack']);
    // No delayed-ACK timer decision: the FIN of close() carried the ACK at once.
    expect(round.decisions.some((d) => d.expected.segments.some((s) => s.rule === 'ack.delayed-ack-timer'))).toBe(false);
    const serverFins = round.flights.filter((f) => f.from === 'server' && f.segment.flags.FIN);
    expect(serverFins).toHaveLength(1);
    expect(round.flights.filter((f) => f.from === 'server' && f.sentAt >= serverFins[0]!.sentAt - 1 && f.sentAt <= serverFins[0]!.sentAt)).toHaveLength(1);
    const clientPath = round.states.filter((s) => s.side === 'client').map((s) => s.to);
    expect(clientPath).toEqual(['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'TIME-WAIT', 'CLOSED']);
    expect(round.hosts.server.correct).toBe(round.hosts.server.judged);
  });

  it('in-order data: the held-back ACK is asked for by the delayed-ACK timer 200 ms later when nothing carried it, and the prompt says which timer', () => {
    const prompts: string[][] = [];
    let heldAt: number | null = null;
    let timerAt: number | null = null;
    const round = playAgainstBot(
      startRound('active-close-client', 'client'),
      'client',
      (r) => {
        const view = roundView(r, 'client');
        const dv = view.decision!;
        if (dv.prompt.kind === 'timer-expired' && dv.prompt.timer?.kind === 'delayed-ack') {
          timerAt = r.now;
          prompts.push(promptLines(view).map((l) => l.key));
          const p = predictDecision(r.hosts.client, r.hosts.client.decision!)!;
          const tcb = connectionTo(r.hosts.client.host, r.hosts.client.decision!.concerns)!;
          expect(p.expected.segments).toEqual([{ flags: flags('ACK'), seq: tcb.sndNxt, ack: tcb.rcvNxt, data: '', rule: 'ack.delayed-ack-timer', retransmission: false }]);
        }
      },
      (r) => {
        const d = r.hosts.client.decision!;
        const p = predictDecision(r.hosts.client, d)!;
        if (d.event.kind === 'segment' && d.event.segment.data && p.expected.alternatives?.some((a) => a.kind === 'delayed-ack')) {
          heldAt = r.now;
          return { state: p.expected.state, segments: [] };
        }
        return null;
      },
    );
    expect(heldAt).not.toBeNull();
    expect(timerAt).toBe(heldAt! + 200);
    expect(prompts).toEqual([['prompt.timer.delayedAck']]);
    expect(round.endReason).toBe('complete');
    expect(round.hosts.client.correct).toBe(round.hosts.client.judged);
    // The server's data was acknowledged once, by the delayed ACK, and never retransmitted.
    expect(round.flights.filter((f) => f.from === 'server' && f.segment.data && f.rule?.startsWith('timer.'))).toHaveLength(0);
    expect(round.flights.filter((f) => f.from === 'client' && f.rule === 'ack.delayed-ack-timer')).toHaveLength(1);
  });

  it('the handshake\'s third ACK and the ACK that enters TIME-WAIT are not delayable: waiting there is refused', () => {
    const refusedRules: string[] = [];
    playAgainstBot(startRound('active-close-client', 'client'), 'client', (r) => {
      const d = r.hosts.client.decision!;
      const p = predictDecision(r.hosts.client, d)!;
      const only = p.expected.segments.length === 1 ? p.expected.segments[0]! : null;
      if (!only || only.data || only.flags.SYN || only.flags.FIN || !only.flags.ACK) return;
      if (p.expected.state !== 'ESTABLISHED' && p.expected.state !== 'TIME-WAIT') return;
      if (p.expected.stateRule === 'data.in-order-ack' || only.rule === 'data.in-order-ack') return;
      const res = stepRound(r, { kind: 'move', at: r.now, side: 'client', decisionId: d.id, move: { state: p.expected.state, segments: [] } });
      expect(res.ok).toBe(true);
      const verdict = res.ok ? res.notices.find((n) => n.kind === 'verdict') : undefined;
      expect(verdict).toMatchObject({ accepted: false });
      refusedRules.push(only.rule);
    });
    expect(refusedRules).toEqual(['open.syn-sent-ack-of-syn-ack', 'close.ack-of-fin']);
  });
});

describe('showing the right move', () => {
  it(`on request it costs ${REVEAL_COST} points, lists every right answer, ends the streak, and a replay of the log scores the same`, () => {
    let r = startRound('handshake', 'client');
    r = playAgainstBot(r, 'client', () => {}, undefined, () => {});
    // A fresh round: reveal at the first decision, then answer right.
    let live = startRound('handshake', 'client');
    for (let i = 0; i < 20 && !live.hosts.client.decision; i++) {
      const res = stepRound(live, { kind: 'advance', at: live.now + 100 });
      if (res.ok) live = res.round;
    }
    const d = live.hosts.client.decision!;
    const asked = stepRound(live, { kind: 'reveal', at: live.now, side: 'client', decisionId: d.id });
    if (!asked.ok) throw new Error(asked.rejection.detail);
    expect(asked.notices).toEqual([{ kind: 'reveal', side: 'client', decisionId: d.id, allowed: [expect.objectContaining({ kind: 'engine', move: hintFor(live, 'client') })], cost: REVEAL_COST, reason: 'asked' }]);
    expect(roundView(asked.round, 'client').revealed).toBe(true);
    const answered = stepRound(asked.round, { kind: 'move', at: asked.round.now, side: 'client', decisionId: d.id, move: hintFor(asked.round, 'client')! });
    if (!answered.ok) throw new Error(answered.rejection.detail);
    const record = answered.round.decisions.find((x) => x.id === d.id)!;
    expect(record.points).toBe(record.verdict.outOf - REVEAL_COST);
    expect(record.revealCost).toBe(REVEAL_COST);
    expect(answered.round.hosts.client).toMatchObject({ score: record.verdict.outOf - REVEAL_COST, correct: 0, judged: 1, streak: 0 });
    const replayed = replayRound(answered.round.settings, answered.round.log)!;
    expect(replayed.hosts.client.score).toBe(answered.round.hosts.client.score);
    // Unrevealed, the same move scores full marks (r played the same handshake with no reveal).
    expect(r.decisions.find((x) => x.by === 'human')!.points).toBe(record.verdict.outOf);
  });

  it('coach mode: after the second wrong try the right move is shown (reason "second-try") and a third resubmission is judged again, try 3', () => {
    let live = startRound('handshake', 'client');
    for (let i = 0; i < 20 && !live.hosts.client.decision; i++) {
      const res = stepRound(live, { kind: 'advance', at: live.now + 100 });
      if (res.ok) live = res.round;
    }
    const d = live.hosts.client.decision!;
    const wrong: Move = { state: 'SYN-SENT', segments: [] };
    const tries: RoundNotice[][] = [];
    for (let i = 0; i < 3; i++) {
      const res = stepRound(live, { kind: 'move', at: live.now, side: 'client', decisionId: d.id, move: wrong });
      if (!res.ok) throw new Error(res.rejection.detail);
      tries.push(res.notices);
      live = res.round;
    }
    expect(tries.map((n) => n.map((x) => x.kind))).toEqual([['verdict'], ['verdict', 'reveal'], ['verdict']]);
    expect(tries.map((n) => (n[0] as Extract<RoundNotice, { kind: 'verdict' }>).attempt)).toEqual([1, 2, 3]);
    expect(tries[1]![1]).toMatchObject({ kind: 'reveal', reason: 'second-try', cost: REVEAL_COST });
    expect(tries[2]![0]).toMatchObject({ kind: 'verdict', accepted: false, revealed: true });
  });

  it('a reveal for a decision that is not open is refused and changes nothing', () => {
    const live = startRound('handshake', 'client');
    const res = stepRound(live, { kind: 'reveal', at: 0, side: 'client', decisionId: 99 });
    expect(res.ok).toBe(false);
    expect(res.round).toBe(live);
  });
});

describe('the rule cited for a seq or an ack fits the case', () => {
  it('a retransmitted SYN sent with seq = SND.NXT cites the retransmission rule (resend the same SYN), not "seq is SND.NXT"', () => {
    let checked = false;
    playAgainstBot(startRound('lost-syn', 'client'), 'client', (r) => {
      const d = r.hosts.client.decision!;
      const p = predictDecision(r.hosts.client, d)!;
      const resend = p.expected.segments.find((s) => s.retransmission);
      if (!resend) return;
      const v = judgeMove(p.expected, { state: p.expected.state, segments: [{ ...resend, seq: resend.seq + 1 }] });
      expect(v.fields.filter((f) => !f.ok)).toEqual([expect.objectContaining({ field: 'seq', rule: 'timer.retransmit-syn' })]);
      checked = true;
    });
    expect(checked).toBe(true);
  });

  it('a closed port\'s RST,ACK with a wrong acknowledgment number cites the refusal rule (ack = SEG.SEQ+SEG.LEN), not RCV.NXT', () => {
    let checked = false;
    playAgainstBot(startRound('connection-refused', 'server'), 'server', (r) => {
      const d = r.hosts.server.decision!;
      const p = predictDecision(r.hosts.server, d)!;
      const rst = p.expected.segments[0];
      if (!rst?.flags.RST) return;
      const v = judgeMove(p.expected, { state: p.expected.state, segments: [{ ...rst, ack: rst.ack + 1 }] });
      expect(v.fields.filter((f) => !f.ok)).toEqual([expect.objectContaining({ field: 'ack', rule: 'open.refused-rst' })]);
      checked = true;
    });
    expect(checked).toBe(true);
  });
});

/**
 * A half-open connection given up (its SYN-ACK retransmitted to the limit, never answered): the
 * listener takes no more notice of that client, and the host card shows what is left for it, the
 * listener in LISTEN. The half-open TCB itself is deleted, and a deleted TCB is CLOSED (RFC 9293
 * §3.10.8, "delete the TCB, enter the CLOSED state"): a learner who names that is right too.
 */
describe('a half-open connection given up: LISTEN or CLOSED', () => {
  const atGiveUp = (r: Round): boolean => {
    const d = r.hosts.server.decision;
    return !!d && predictDecision(r.hosts.server, d)?.expected.stateRule === 'timer.syn-ack-give-up';
  };
  for (const state of ['LISTEN', 'CLOSED'] as const) {
    it(`the SYN flood's server answering the give-up with ${state} and nothing sent: right first time, full marks, the other listed`, () => {
      const records: Move[] = [];
      const round = playAgainstBot(startRound('syn-flood', 'server'), 'server', () => {}, (r) => {
        if (!atGiveUp(r)) return null;
        const move: Move = { state, segments: [] };
        records.push(move);
        return move;
      });
      expect(round.endReason).toBe('complete');
      expect(records.length).toBeGreaterThan(0);
      for (const move of records) {
        const record = round.decisions.find((d) => d.by === 'human' && d.move === move)!;
        expect(record.verdict.correct).toBe(true);
        expect(record.verdict.points).toBe(record.verdict.outOf);
        expect(record.verdict.allowed.map((a) => a.move.state).sort()).toEqual(['CLOSED', 'LISTEN']);
      }
      // Either way the listener goes on listening.
      expect(round.hosts.server.host.listener).not.toBeNull();
    });
  }
});
