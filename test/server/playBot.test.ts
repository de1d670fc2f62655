/**
 * A program plays the game over WebSockets as README "Playing from a program" tells an outsider to:
 * scripts/playBot.ts joins a practice room with @colyseus/sdk, reads its host's view from the
 * entries of `state.views.get(side).entries` with ViewReader, and answers each decision with the
 * independent TCP (test/support/independentTcp.ts) from what the view shows. The room runs on its
 * own timer (20 engine ms per real ms), as a server does: nobody moves its clock by hand.
 * If the view did not arrive as the README says, the program would see no decision and the round
 * would not end; a move the README's shape does not describe would come back as an `error`.
 * The section's lists are held to the server too: the messages a room accepts, the join options,
 * the error codes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { RoomOptions } from '../../server/rooms/messages.ts';
import type { ProtocolError, ProtocolErrorCode } from '../../server/validate.ts';
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

/** The README's section, and the names it gives in backquotes in one part of it. */
const SECTION = ((): string => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('## Playing from a program');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
})();
function namesBetween(from: string, to: string, pattern: RegExp): string[] {
  const start = SECTION.indexOf(from);
  const end = SECTION.indexOf(to, start);
  if (start < 0 || end < 0) throw new Error(`README's section has no "${from}" … "${to}"`);
  const part = SECTION.slice(start, end);
  return [...part.matchAll(pattern)].map((m) => m[1]!).sort();
}

/** Every ProtocolErrorCode, checked complete by the compiler. */
const ERROR_CODES = ['unknown_type', 'invalid_message', 'too_large', 'rate_limited', 'internal_error', 'not_a_player', 'not_playing', 'round_over', 'not_your_decision', 'stale_decision', 'invalid_move', 'not_allowed', 'unknown_card'] as const satisfies readonly ProtocolErrorCode[];
const allCodes: [Exclude<ProtocolErrorCode, (typeof ERROR_CODES)[number]>] extends [never] ? true : never = true;

describe('README "Playing from a program" names what the server takes and says', () => {
  it('the messages it lists as sent are the ones a round room accepts (its unknown_type error lists them)', async () => {
    const room = await new Client(booted.baseUrl).create('practice', { scenarioId: 'handshake' });
    for (const type of ['seat', 'notice']) room.onMessage(type, () => {});
    let refusal: ProtocolError | null = null;
    room.onMessage('error', (m: ProtocolError) => (refusal = m));
    room.send('no-such-message', {});
    await until(() => refusal !== null, 'the unknown_type error');
    const accepted = (refusal as ProtocolError | null)!.message.split('accepts: ')[1]!.replace(/\.$/, '').split(', ').sort();
    expect(namesBetween('**Messages you send**', '**Messages you receive**', /^- `([a-z-]+)`/gm)).toEqual(accepted);
    await room.leave();
  });

  it('the join options in its table are RoomOptions\' fields', () => {
    const rows = SECTION.split('\n').filter((line) => line.startsWith('| `'));
    const named = rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!)).sort();
    expect(named).toEqual(Object.keys(RoomOptions.shape).sort());
  });

  it('the error codes it lists are every code an error message carries', () => {
    expect(allCodes).toBe(true);
    expect(namesBetween('The codes:', 'A refused', /`([a-z_]+)`/g)).toEqual([...ERROR_CODES].sort());
  });
});
