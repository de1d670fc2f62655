/**
 * Two SDK clients play a full duel of `lost-syn` (the first SYN is dropped by the scenario's
 * scripted fault, so the client must retransmit): handshake, close, TIME-WAIT fast-forwarded.
 * Each player answers from its own view; the correct move comes from replaying the room's log,
 * because the room never hints in a duel. Also: what a player must never receive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRound } from '../../shared/game/round.ts';
import { roundView, scoreboard, type RoundView } from '../../shared/game/views.ts';
import { readView } from '../../shared/game/viewEntries.ts';
import type { RoundSettings, RoundEvent } from '../../shared/game/types.ts';
import { bootGame, correctAnswer, Player, playRound, serverRoom, TEST_SEED, until, type GameBooted } from './gameHarness.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame();
});
afterAll(async () => {
  await booted.colyseus.shutdown();
});

describe('a duel of lost-syn between two SDK clients', () => {
  it('plays handshake, retransmission and teardown; scores, the stored result and its replay agree', async () => {
    const alice = await Player.join(booted, (c) => c.create('duel', { scenarioId: 'lost-syn', private: true, name: 'Alice' }));
    const code = alice.room.roomId;
    expect(code).toMatch(/^[23456789A-HJKMNP-Z]{5}$/);
    const bob = await Player.join(booted, (c) => c.joinById(code, { name: 'Bob' }));
    expect([alice.side, bob.side]).toEqual(['client', 'server']);
    const room = serverRoom(booted, alice);
    await until(() => room.state.phase === 'playing', 'round started');
    await until(() => alice.room.state.phase === 'playing' && bob.room.state.phase === 'playing', 'clients see it');

    // Acting for the other role: Bob (server) names the client's open decision.
    await until(() => alice.view()?.decision !== null && bob.view()?.decision !== null, 'both have decisions');
    const aliceDecision = alice.view()!.decision!.id;
    const logBefore = room.round!.log.length;
    bob.room.send('move', { decisionId: aliceDecision, move: { state: 'LISTEN', segments: [] } });
    await until(() => bob.errors().length === 1, 'refusal');
    expect(bob.errors()[0]).toMatchObject({ code: 'stale_decision', type: 'move' });
    expect(room.round!.log.length).toBe(logBefore);
    // Hints are not for duels.
    alice.room.send('hint', {});
    await until(() => alice.errors().length === 1, 'hint refused');
    expect(alice.errors()[0]).toMatchObject({ code: 'not_allowed', type: 'hint' });

    await playRound(room, [alice, bob], (p, _view, r) => correctAnswer(r, p.side!));
    const round = room.round!;
    expect(round.finished).toBe(true);
    expect(round.endReason).toBe('complete');
    expect(room.state.phase).toBe('finished');

    // The SYN was lost once and retransmitted.
    const clientSyns = round.flights.filter((f) => f.from === 'client' && f.segment.flags.SYN);
    expect(clientSyns.map((f) => f.fate)).toEqual(['lost', 'arrived']);
    expect(clientSyns[0]!.segment.seq).toBe(clientSyns[1]!.segment.seq);
    // Every human decision was right; the retransmission was a decision on the timer.
    const human = round.decisions.filter((d) => d.by === 'human');
    expect(human.length).toBeGreaterThan(4);
    expect(human.every((d) => d.verdict.correct)).toBe(true);
    expect(human.some((d) => d.side === 'client' && d.event.kind === 'tick')).toBe(true);
    expect(alice.of('verdict').length).toBe(human.filter((d) => d.side === 'client').length);
    expect(bob.of('verdict').length).toBe(human.filter((d) => d.side === 'server').length);
    // Both passed the states of the handshake and the close, each seeing its own.
    expect(round.states.filter((s) => s.side === 'client').map((s) => s.to)).toEqual(expect.arrayContaining(['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']));
    expect(round.states.filter((s) => s.side === 'server').map((s) => s.to)).toEqual(expect.arrayContaining(['LISTEN', 'SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']));

    // Scores in the state, the schema seats and the store agree.
    const board = scoreboard(round);
    await until(() => alice.room.state.seats.get('client').score === board.client.score && alice.room.state.phase === 'finished', 'scores synced');
    expect(board.client.correct).toBe(board.client.judged);
    expect(board.client.score).toBeGreaterThan(0);
    expect(bob.room.state.seats.get('server').score).toBe(board.server.score);

    const response = await fetch(`${booted.baseUrl}/api/results/${room.state.roundId}`);
    expect(response.status).toBe(200);
    const stored = (await response.json()) as {
      mode: string; outcome: string; players: { role: string; playerName: string; score: number; isBot: boolean }[];
      decisions: { role: string; correct: boolean }[]; result: { settings: RoundSettings; scores: unknown }; log: RoundEvent[];
    };
    expect(stored.mode).toBe('duel');
    expect(stored.outcome).toBe('complete');
    expect(stored.players).toEqual([
      { role: 'client', playerName: 'Alice', score: board.client.score, isBot: false },
      { role: 'server', playerName: 'Bob', score: board.server.score, isBot: false },
    ]);
    expect(stored.decisions.length).toBe(round.decisions.length);
    expect(stored.result.scores).toEqual(board);
    expect(stored.result.settings.seed).toBe(TEST_SEED);

    // Replaying the stored log reproduces the round: same scores, same states, same everything seen.
    const replayed = replayRound(stored.result.settings, stored.log)!;
    expect(scoreboard(replayed)).toEqual(board);
    expect(replayed.states).toEqual(round.states);
    expect(roundView(replayed, null)).toEqual(roundView(round, null));

    // Acting after the round ended.
    alice.room.send('move', { decisionId: 99, move: { state: 'CLOSED', segments: [] } });
    await until(() => alice.errors().some((e) => e.code === 'round_over'), 'round over refusal');

    // No leaks: until the round ended, Alice (client) never received the server's states, an
    // expected answer, the seed, or the server's or the spectator's private view.
    const serverOnly = ['"LISTEN"', 'SYN-RECEIVED', 'CLOSE-WAIT', 'LAST-ACK'];
    const during = alice.states.filter((s) => (JSON.parse(s) as { phase: string }).phase !== 'finished');
    expect(during.length).toBeGreaterThan(10);
    for (const s of during) {
      const state = JSON.parse(s) as { views: Record<string, { entries?: Record<string, string> }>; spectator?: { entries?: Record<string, string> } };
      expect(readView(state.views.server?.entries)).toBeNull();
      expect(readView(state.spectator?.entries)).toBeNull();
      const mine = readView<RoundView>(state.views.client?.entries);
      if (mine) expect(mine.hosts.server).toMatchObject({ state: null, iss: null, timers: [] });
      // The state as decoded (the view's entries are JSON inside it) and the view read back from it.
      for (const text of [s, JSON.stringify(mine)]) {
        for (const word of serverOnly) expect(text).not.toContain(word);
        expect(text).not.toContain(String(TEST_SEED));
        expect(text).not.toContain('"seed"');
        expect(text).not.toContain('"expected"');
      }
    }
    for (const m of alice.received) {
      const text = JSON.stringify(m.message);
      expect(text).not.toContain(String(TEST_SEED));
      for (const word of serverOnly) expect(text).not.toContain(word);
    }
    // Once the round is over, both hosts are shown to both players.
    expect(alice.view()!.hosts.server.state).toBe(roundView(round, null).hosts.server.state);
    expect(alice.view()!.hosts.server.state).not.toBeNull();

    await alice.room.leave();
    await bob.room.leave();
  });
});
