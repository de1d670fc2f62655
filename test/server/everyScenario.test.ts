/**
 * Every scenario, in every role it offers, played through the real practice room (coach mode,
 * the textbook bot on the other host) with the engine's answers: every move is accepted as right
 * the first time and the round completes. Then the answers RFC 9293 also allows, through the
 * same room: the simultaneous open's extra ACK, and a delayed ACK that rides on the FIN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Move } from '../../shared/game/move.ts';
import { predictDecision } from '../../shared/game/expected.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { RoundView } from '../../shared/game/views.ts';
import { flags } from '../../shared/tcp/segment.ts';
import type { VerdictMessage } from '../../server/rooms/protocol.ts';
import type { RoundRoom } from '../../server/rooms/RoundRoom.ts';
import { bootGame, correctAnswer, Player, playRound, serverRoom, type GameBooted } from './gameHarness.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame();
});
afterAll(async () => {
  await booted.colyseus.shutdown();
});

const practice = (options: Record<string, unknown>) => Player.join(booted, (c) => c.create('practice', { mode: 'coach', personality: 'textbook', name: 'Pat', ...options }));

describe('every scenario × role through the practice room, with the engine\'s answers', () => {
  for (const scenario of SCENARIOS) {
    for (const role of scenario.roles) {
      it(`${scenario.id} as the ${role}: every move accepted as right first time, the round complete`, async () => {
        const player = await practice({ scenarioId: scenario.id, role });
        expect(player.side).toBe(role);
        const room = serverRoom(booted, player);
        await playRound(room, [player], (p, _v, r) => correctAnswer(r, p.side!));
        const round = room.round!;
        expect(round.endReason).toBe('complete');
        expect(player.of('refused')).toEqual([]);
        const verdicts = player.of('verdict') as VerdictMessage[];
        expect(verdicts.length).toBeGreaterThan(0);
        expect(verdicts.every((v) => v.accepted && v.verdict.correct && v.attempt === 1)).toBe(true);
        expect(round.hosts[role].correct).toBe(round.hosts[role].judged);
        await player.room.leave();
      });
    }
  }
});

/** The engine's answer, except where `alternative` returns another right one. */
function answerWith(alternative: (view: RoundView, room: RoundRoom) => Move | null) {
  return (p: Player, view: RoundView, room: RoundRoom): Move | null => alternative(view, room) ?? correctAnswer(room, p.side!);
}

describe('the other answers RFC 9293 allows, through the room', () => {
  it('simultaneous open: the SYN-ACK arriving in SYN-RECEIVED answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> is accepted, and the verdict says three answers are right', async () => {
    const player = await practice({ scenarioId: 'simultaneous-open', role: 'client' });
    const room = serverRoom(booted, player);
    let sent = false;
    await playRound(room, [player], answerWith((view) => {
      const p = view.decision!.prompt;
      if (p.kind !== 'segment-arrived' || !p.flags.SYN || !p.flags.ACK || view.hosts.client.state !== 'SYN-RECEIVED') return null;
      const tcb = view.decision!.tcb;
      sent = true;
      return { state: 'ESTABLISHED', segments: [{ flags: flags('ACK'), seq: tcb.sndNxt!, ack: p.seq + 1, data: '' }] };
    }));
    expect(sent).toBe(true);
    expect(room.round!.endReason).toBe('complete');
    expect(player.of('refused')).toEqual([]);
    const extra = (player.of('verdict') as VerdictMessage[]).find((v) => v.verdict.allowed.length > 1)!;
    expect(extra.verdict).toMatchObject({ correct: true, matched: 1 });
    expect(extra.verdict.allowed.map((a) => [a.kind, a.rule])).toEqual([['engine', 'wait.nothing-to-do'], ['extra-ack', 'open.simultaneous-extra-ack'], ['seq-check', 'open.simultaneous-syn-ack-seq-check']]);
    expect(room.round!.flights.filter((f) => f.from === 'client' && f.rule === 'open.simultaneous-extra-ack')).toHaveLength(1);
    await player.room.leave();
  });

  it('four-way close as the server: waiting with the ACK of the FIN (a delayed ACK) is accepted, and the FIN of close() carries it', async () => {
    const player = await practice({ scenarioId: 'active-close-client', role: 'server' });
    const room = serverRoom(booted, player);
    let waited = false;
    await playRound(room, [player], answerWith((view, r) => {
      const p = view.decision!.prompt;
      if (p.kind !== 'segment-arrived' || !p.flags.FIN) return null;
      const slot = r.round!.hosts.server;
      expect(predictDecision(slot, slot.decision!)!.expected.alternatives?.map((a) => a.kind)).toEqual(['delayed-ack']);
      waited = true;
      return { state: 'CLOSE-WAIT', segments: [] };
    }));
    expect(waited).toBe(true);
    expect(room.round!.endReason).toBe('complete');
    expect(player.of('refused')).toEqual([]);
    const delayed = (player.of('verdict') as VerdictMessage[]).find((v) => v.verdict.allowed[v.verdict.matched]?.kind === 'delayed-ack')!;
    expect(delayed.verdict).toMatchObject({ correct: true, matched: 1 });
    expect(delayed.points).toBe(delayed.verdict.outOf);
    // Three segments close the connection: FIN, FIN+ACK, ACK.
    const afterEstablished = room.round!.flights.filter((f) => f.segment.flags.FIN || (f.segment.flags.ACK && !f.segment.data && f.sentAt >= room.round!.flights.find((x) => x.segment.flags.FIN)!.sentAt));
    expect(afterEstablished.map((f) => `${f.from}:${f.segment.flags.FIN ? 'FIN' : 'ACK'}`)).toEqual(['client:FIN', 'server:FIN', 'client:ACK']);
    await player.room.leave();
  });
});
