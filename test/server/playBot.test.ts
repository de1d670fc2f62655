/**
 * A program plays the game over WebSockets as README "Playing from a program" tells an outsider to:
 * scripts/playBot.ts joins a practice room with @colyseus/sdk, reads its host's view from the
 * entries of `state.views.get(side).entries` with ViewReader, and answers each decision with the
 * independent TCP (test/support/independentTcp.ts) from what the view shows. The room runs on its
 * own timer (20 engine ms per real ms), as a server does: nobody moves its clock by hand.
 * If the view did not arrive as the README says, the program would see no decision and the round
 * would not end; a move the README's shape does not describe would come back as an `error`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playPractice, type PlayOptions } from '../../scripts/playBot.ts';
import { ViewReader } from '../../shared/game/viewEntries.ts';
import { bootGame, until, type GameBooted } from './gameHarness.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame({ clock: { scale: 20, tickMs: 20, fastForwardMs: 1_500, manual: false } });
});
afterAll(async () => {
  await booted.colyseus.shutdown();
});

const ROUNDS: [string, Pick<PlayOptions, 'mode' | 'personality'>][] = [
  ['handshake', {}],
  ['lost-syn-ack', { mode: 'consequences' }],
  ['simultaneous-close', {}],
  // The linux profile, read off the room's public settings: Linux drops the handshake's last ACK
  // while its accept queue is full, and keeps resending its SYN-ACK.
  ['accept-queue-full', {}],
  ['half-close', { personality: 'rude' }],
];

describe('a program plays a practice round over WebSockets from its view (README "Playing from a program")', () => {
  for (const [scenarioId, options] of ROUNDS) {
    for (const role of ['client', 'server'] as const) {
      it(`${scenarioId} as the ${role}${options.mode ? `, ${options.mode} mode` : ''}: every decision answered from the view is right at the first try`, async () => {
        const lines: string[] = [];
        const result = await playPractice({ url: booted.baseUrl, scenarioId, role, ...options, print: (line) => lines.push(line), timeoutMs: 20_000 });
        expect(result.side).toBe(role);
        expect(result.endReason).toBe('complete');
        expect(result.decisions.length).toBeGreaterThan(1);
        expect(result.decisions.filter((d) => !d.correct || d.hinted), lines.join('\n')).toEqual([]);
        // One printed line per decision, with its verdict.
        expect(lines).toHaveLength(result.decisions.length);
        // The view at the end holds the same verdicts the program was sent, one by one.
        expect(result.view.verdicts.filter((v) => v.side === role).map((v) => [v.decisionId, v.correct])).toEqual(result.decisions.map((d) => [d.decisionId, true]));
        // And the server stored the round so: every decision of this host right.
        const stored = booted.store.getRound(result.roundId);
        expect(stored?.outcome).toBe('complete');
        expect(stored?.decisions.filter((d) => d.role === role).map((d) => d.correct)).toEqual(result.decisions.map(() => true));
      });
    }
  }

  it('in a duel each player receives its own host\'s entries and none of the other\'s (StateView)', async () => {
    const { Client } = await import('@colyseus/sdk');
    const quiet = <R extends { onMessage(type: string, callback: () => void): unknown }>(room: R): R => {
      for (const type of ['seat', 'notice']) room.onMessage(type, () => {});
      return room;
    };
    const client = quiet(await new Client(booted.baseUrl).create('duel', { scenarioId: 'handshake', private: true, role: 'client' }));
    const server = quiet(await new Client(booted.baseUrl).joinById(client.roomId, { role: 'server' }));
    const decisionOf = (room: typeof client, side: 'client' | 'server', reader = new ViewReader<{ decision: unknown }>()) => () => !!reader.read(room.state.views?.get(side)?.entries)?.decision;
    // Each host has a decision at once: the client's application calls connect(), the server's listen().
    await until(decisionOf(client, 'client'), "the client's decision in its view");
    await until(decisionOf(server, 'server'), "the server's decision in its view");
    expect(client.state.views.get('server')?.entries?.size ?? 0).toBe(0);
    expect(server.state.views.get('client')?.entries?.size ?? 0).toBe(0);
    expect(client.state.spectator?.entries?.size ?? 0).toBe(0);
    await Promise.all([client.leave(), server.leave()]);
  });
});
