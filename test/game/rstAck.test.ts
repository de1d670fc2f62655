/**
 * A RST a host sends of its own accord on a synchronized connection (an ABORT, a listener closed
 * over its accept queue) is <SEQ=SND.NXT><CTL=RST> in RFC 9293 §3.10.5, and
 * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> from Linux (tcp_send_active_reset). The peer checks only
 * the RST's sequence number (§3.10.7.4, RFC 5961 §3.2), so the judge takes either, in either
 * profile; an ACK field other than RCV.NXT is still a mistake.
 */
import { describe, expect, it } from 'vitest';
import type { Move, ProposedSegment } from '../../shared/game/move.ts';
import type { Round, RoundNotice } from '../../shared/game/types.ts';
import { roundView, type DecisionView } from '../../shared/game/views.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from './play.ts';

const rstAck = (seq: number, ack: number): ProposedSegment => ({ flags: { SYN: false, ACK: true, FIN: false, RST: true }, seq, ack, data: '' });
const rst = (seq: number): ProposedSegment => ({ flags: { SYN: false, ACK: false, FIN: false, RST: true }, seq, ack: 0, data: '' });

/** Play `scenarioId` as `human`; at the first decision `pick` chooses, answer with its move; the verdict notices of that decision. */
function answerOnce(scenarioId: string, human: Side, profile: 'rfc9293' | 'linux', pick: (d: DecisionView) => Move | null) {
  let decided: { id: number; move: Move } | null = null;
  const verdicts: Extract<RoundNotice, { kind: 'verdict' }>[] = [];
  const round: Round = playAgainstBot(
    startRound(scenarioId, human, { profile }),
    human,
    () => {},
    (r) => {
      if (decided) return null;
      const d = roundView(r, human).decision!;
      const move = pick(d);
      if (move) decided = { id: d.id, move };
      return move;
    },
    (notices) => verdicts.push(...notices.flatMap((n) => (n.kind === 'verdict' && n.decisionId === decided?.id ? [n] : []))),
  );
  return { round, decided, first: verdicts[0] };
}

describe('ESTABLISHED, ABORT: the RST may carry <ACK=RCV.NXT> or not', () => {
  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> is right at the first try, full marks, and resets the peer`, () => {
      const { round, decided, first } = answerOnce('abort-rst', 'client', profile, (d) =>
        d.prompt.kind === 'app-call' && d.prompt.call === 'abort' ? { state: 'CLOSED', segments: [rstAck(d.tcb.sndNxt!, d.tcb.rcvNxt!)] } : null,
      );
      expect(decided).not.toBeNull();
      expect(first?.accepted).toBe(true);
      expect(first?.verdict.correct).toBe(true);
      expect(first?.verdict.points).toBe(first?.verdict.outOf);
      // Both answers are listed, the RST,ACK with the rule that says why it is right too.
      expect(first?.verdict.allowed.map((a) => a.move.segments[0]!.flags.ACK).sort()).toEqual([false, true]);
      expect(first?.verdict.allowed.find((a) => a.move.segments[0]!.flags.ACK)!.rule).toBe('abort.rst-ack-optional');
      expect(round.endReason).toBe('complete');
      expect(round.states.some((s) => s.side === 'server' && s.to === 'CLOSED' && s.rule === 'reset.connection-reset')).toBe(true);
    });
  }

  it('a RST,ACK whose ACK is not RCV.NXT is still refused', () => {
    const { first } = answerOnce('abort-rst', 'client', 'rfc9293', (d) =>
      d.prompt.kind === 'app-call' && d.prompt.call === 'abort' ? { state: 'CLOSED', segments: [rstAck(d.tcb.sndNxt!, d.tcb.rcvNxt! + 1)] } : null,
    );
    expect(first?.accepted).toBe(false);
    expect(first?.verdict.fields.filter((f) => !f.ok).map((f) => [f.field, f.rule])).toEqual([['ack', 'abort.rst-ack-optional']]);
  });
});

describe('LISTEN closed over a full accept queue (Linux): each reset may carry <ACK=RCV.NXT> or not', () => {
  for (const withAck of [true, false]) {
    it(`answering every RST ${withAck ? 'as Linux sends it (RST,ACK)' : 'as RFC 9293 §3.10.5 writes it (RST)'} is right at the first try`, () => {
      const { round, decided, first } = answerOnce('accept-queue-closed', 'server', 'linux', (d) => {
        if (d.prompt.kind !== 'app-call' || d.prompt.call !== 'unlisten') return null;
        const accepted = [d.tcb, ...(d.others ?? [])].filter((c) => c.state === 'ESTABLISHED');
        expect(accepted).toHaveLength(2);
        return {
          state: 'CLOSED',
          segments: accepted.map((c) => (withAck ? rstAck(c.sndNxt!, c.rcvNxt!) : rst(c.sndNxt!))),
        };
      });
      expect(decided).not.toBeNull();
      expect(first?.accepted).toBe(true);
      expect(first?.verdict.correct).toBe(true);
      expect(round.endReason).toBe('complete');
    });
  }
});
