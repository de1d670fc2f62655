/**
 * The judge at a rate-limited ACK, and the round that ran away in an ACK loop (isn-fixed, rude bot,
 * a wire that reorders half its segments: seed 159, the learner playing the client).
 *
 * Where the engine holds an ACK back (Linux's tcp_invalid_ratelimit for an unacceptable bare
 * segment; RFC 5961 §7 for a challenge ACK, which an ACK of data never sent is, RFC 5961 §5.2),
 * waiting is right, and so is the ACK RFC 9293 §3.10.7.4 reads word for word: RFC 5961 asks for
 * throttling with a SHOULD. Once both hosts keep trading such ACKs, the game ends the round.
 */
import { describe, expect, it } from 'vitest';
import { ACK_LOOP_ACKS } from '../../shared/game/ackLoop.ts';
import { judgeAgainst, predictAll } from '../../shared/game/expected.ts';
import type { Move } from '../../shared/game/move.ts';
import { flags } from '../../shared/tcp/segment.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import type { Host } from '../../shared/tcp/types.ts';
import type { Segment } from '../../shared/tcp/segment.ts';
import { CLIENT, CLIENT_ISS, SERVER_ISS, deliver, established, seg, tcb } from '../engine/builders.ts';
import { playAgainstBot, startRound } from './play.ts';

const oldAck = seg({ flags: ['ACK'], seq: CLIENT_ISS - 10, ack: SERVER_ISS + 1 });
const futureAck = seg({ flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 7 });
const WAIT: Move = { state: 'ESTABLISHED', segments: [] };
const THE_ACK: Move = { state: 'ESTABLISHED', segments: [{ flags: flags('ACK'), seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1, data: '' }] };

/** The judge's verdict on `move` when `segment` reaches `host` at `at`, and the host it goes on as. */
function judge(host: Host, segment: Segment, at: number, move: Move) {
  const match = judgeAgainst(predictAll(host, { kind: 'segment', at, segment }, CLIENT), move)!;
  return { correct: match.verdict.correct, rule: match.verdict.allowed[match.verdict.matched]!.rule, host: match.prediction.host };
}

describe('ESTABLISHED, linux: a second unacceptable bare ACK within 500 ms', () => {
  const first = deliver(established({ profile: 'linux' }).server, oldAck, 100).host;

  it('waiting is right: the duplicate ACK is rate-limited (tcp_invalid_ratelimit)', () => {
    const j = judge(first, oldAck, 300, WAIT);
    expect(j).toMatchObject({ correct: true, rule: 'ack.out-of-window-rate-limited' });
  });

  it("sending RFC 9293 §3.10.7.4's ACK is right too, and the connection goes on as having sent it", () => {
    const j = judge(first, oldAck, 300, THE_ACK);
    expect(j).toMatchObject({ correct: true, rule: 'seq.unacceptable-ack' });
    expect(tcb(j.host, CLIENT).lastChallengeAckAt).toBe(300);
    expect(j.host.config.invalidAckRatelimitMs).toBe(500);
  });
});

describe('ESTABLISHED, both profiles: a second ACK of data never sent within 500 ms', () => {
  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: waiting (the challenge ACK throttled, RFC 5961 §7) and the ACK are both right`, () => {
      const first = deliver(established({ profile }).server, futureAck, 100).host;
      expect(judge(first, futureAck, 300, WAIT)).toMatchObject({ correct: true, rule: 'ack.challenge-throttled' });
      expect(judge(first, futureAck, 300, THE_ACK)).toMatchObject({ correct: true, rule: 'ack.future-ack' });
    });
  }

  it('with no ACK sent lately, waiting is wrong: the ACK is owed', () => {
    const host = established({ profile: 'linux' }).server;
    expect(judge(host, futureAck, 100, WAIT).correct).toBe(false);
  });
});

describe('isn-fixed, rude bot, reordering wire, seed 159 (the learner is the client): an ACK loop', () => {
  const REORDER = symmetricWire({ delayMs: 300, reorder: 0.5 });
  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: the round ends as an ACK loop once each host has sent ${ACK_LOOP_ACKS} of its ACKs in a row`, () => {
      const round = playAgainstBot(startRound('isn-fixed', 'client', { seed: 159, personality: 'rude', wire: REORDER, profile }), 'client');
      expect(round.finished).toBe(true);
      expect(round.endReason).toBe('ack-loop');
      // The loop: the client's ACKs are below the server's window, the server's acknowledge nothing
      // the client sent; the client's FIN, retransmitted, meets the same answer.
      const tail = round.flights.slice(-2 * ACK_LOOP_ACKS);
      expect(new Set(tail.filter((f) => f.rule !== 'timer.retransmit-fin').map((f) => `${f.from} ${f.rule}`))).toEqual(new Set(['client seq.unacceptable-ack', 'server ack.future-ack']));
      // Minutes before a retransmission timer would have given up.
      expect(round.now).toBeLessThan(30_000);
    });
  }
});
