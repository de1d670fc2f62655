/**
 * Two students playing a duel together, through the real rooms and SDK clients: the room's rules
 * are public before the round; a waiting player may nudge the one deciding (and only then); the
 * next round is asked for in the open and starts with the roles the second player chose, announced;
 * a player who leaves a live round keeps its seat for the reconnection window and comes back to it
 * by the room's code with its key, after which a bot plays the host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeMessage, SeatMessage } from '../../server/rooms/protocol.ts';
import type { RoomSettingsView } from '../../server/rooms/roomSettings.ts';
import { bootGame, correctAnswer, Player, playRound, serverRoom, serverView, until, type GameBooted } from './gameHarness.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame({}, { reconnectSeconds: 2 });
});
afterAll(async () => {
  await booted.colyseus.shutdown();
});

async function duel(options: Record<string, unknown> = {}) {
  const alice = await Player.join(booted, (c) => c.create('duel', { scenarioId: 'handshake', private: true, name: 'Alice', ...options }));
  const bob = await Player.join(booted, (c) => c.joinById(alice.room.roomId, { name: 'Bob' }));
  const room = serverRoom(booted, alice);
  await until(() => room.state.phase === 'playing', 'playing');
  return { alice, bob, room };
}

const notices = (p: Player): NoticeMessage[] => p.of('notice') as NoticeMessage[];
const seatOf = (p: Player): SeatMessage => p.of('seat').at(-1) as SeatMessage;

describe('a duel between two students', () => {
  it('publishes the room’s rules to both players before they play', async () => {
    const alice = await Player.join(booted, (c) => c.create('duel', { scenarioId: 'lost-syn', private: true, name: 'Alice', mode: 'coach', loss: 0.2, delayMs: 500, duplicate: 0.05, reorder: 0.1, profile: 'linux', realTime: true, showWire: true }));
    const expected: Partial<RoomSettingsView> = {
      mode: 'coach',
      realTime: true,
      wireShown: true,
      profile: 'linux',
      toServer: { loss: 0.2, delayMs: 500, duplicate: 0.05, reorder: 0.1 },
      toClient: { loss: 0.2, delayMs: 500, duplicate: 0.05, reorder: 0.1 },
    };
    // While the creator waits for the opponent...
    await until(() => !!alice.room.state.settings, 'settings');
    expect(JSON.parse(alice.room.state.settings)).toMatchObject(expected);
    // ...and for the one who joins.
    const bob = await Player.join(booted, (c) => c.joinById(alice.room.roomId, { name: 'Bob' }));
    await until(() => !!bob.room.state.settings && bob.room.state.phase === 'playing', 'joined');
    expect(JSON.parse(bob.room.state.settings)).toMatchObject(expected);
    await alice.room.leave();
    await bob.room.leave();
  });

  it('lets the waiting player nudge the one deciding, and no one else', async () => {
    const { alice, bob, room } = await duel();
    await until(() => !!alice.view()?.decision && !!bob.view()?.decision, 'both decide at the start');
    // With a decision of one's own, there is no one to nudge.
    alice.room.send('nudge', {});
    await until(() => alice.errors().length === 1, 'refused');
    expect(alice.errors()[0]).toMatchObject({ type: 'nudge', code: 'not_allowed' });
    // Alice answers; Bob still decides: the clock stands still, and Alice may nudge him.
    const move = correctAnswer(room, 'client')!;
    alice.room.send('move', { decisionId: alice.view()!.decision!.id, move });
    await until(() => alice.view()?.decision === null && room.state.speed === 0, 'alice waits for bob');
    alice.room.send('nudge', {});
    await until(() => notices(bob).some((n) => n.kind === 'nudge') && alice.of('nudged').length === 1, 'bob nudged');
    expect(notices(alice).some((n) => n.kind === 'nudge')).toBe(false);
    // Once is enough for a while.
    alice.room.send('nudge', {});
    await until(() => alice.errors().length === 2, 'second nudge refused');
    expect(alice.errors()[1]).toMatchObject({ type: 'nudge', code: 'rate_limited' });
    await alice.room.leave();
    await bob.room.leave();
  });

  it('has nothing to nudge in a real-time duel: the clock never waits', async () => {
    const { alice, bob, room } = await duel({ realTime: true });
    await until(() => !!alice.view()?.decision, 'decision');
    alice.room.send('move', { decisionId: alice.view()!.decision!.id, move: correctAnswer(room, 'client')! });
    await until(() => alice.view()?.decision === null, 'answered');
    alice.room.send('nudge', {});
    await until(() => alice.errors().length === 1, 'refused');
    expect(alice.errors()[0]).toMatchObject({ type: 'nudge', code: 'not_allowed' });
    room.advanceClock(100);
    expect(room.state.speed).toBeGreaterThan(0);
    await alice.room.leave();
    await bob.room.leave();
  });

  it('shows each request for the next round; the second player’s choice decides, and the new roles are announced', async () => {
    const { alice, bob, room } = await duel();
    await playRound(room, [alice, bob], (p, _v, r) => correctAnswer(r, p.side!));
    expect(room.state.phase).toBe('finished');
    // Alice asks to swap: Bob sees it on her seat.
    alice.room.send('swap', {});
    await until(() => bob.room.state.seats.get('client')?.request === 'swap', 'bob sees the request');
    expect(room.state.roundNumber).toBe(1);
    // Bob chooses the same roles instead: round 2 starts with them, announced as not swapped.
    bob.room.send('rematch', {});
    await until(() => room.state.roundNumber === 2 && room.state.phase === 'playing', 'round 2');
    expect([alice.side, bob.side]).toEqual(['client', 'server']);
    await until(() => notices(alice).some((n) => n.kind === 'round-started' && n.roundNumber === 2), 'announced');
    expect(notices(alice).find((n) => n.kind === 'round-started' && n.roundNumber === 2)).toMatchObject({ swapped: false });
    expect(room.state.seats.get('client')?.request).toBe('');

    await playRound(room, [alice, bob], (p, _v, r) => correctAnswer(r, p.side!));
    // Now Bob asks for the same roles and Alice chooses to swap: round 3, roles swapped.
    bob.room.send('rematch', {});
    await until(() => alice.room.state.seats.get('server')?.request === 'same', 'alice sees it');
    alice.room.send('swap', {});
    await until(() => room.state.roundNumber === 3 && alice.side === 'server' && bob.side === 'client', 'round 3 swapped');
    await until(() => notices(bob).some((n) => n.kind === 'round-started' && n.roundNumber === 3), 'announced');
    expect(notices(bob).find((n) => n.kind === 'round-started' && n.roundNumber === 3)).toMatchObject({ swapped: true });
    expect(room.state.seats.get('server')?.name).toBe('Alice');
    await alice.room.leave();
    await bob.room.leave();
  });

  it('holds the seat of a player who leaves a live round; the player comes back to it by the code with its key', async () => {
    const { alice, bob, room } = await duel();
    await playRound(room, [alice, bob], (p, _v, r) => correctAnswer(r, p.side!), 3);
    const key = seatOf(alice).rejoinKey;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(seatOf(alice).holdSeconds).toBe(2);
    const before = JSON.stringify(serverView(room, 'client'));
    await alice.room.leave();
    await until(() => notices(bob).some((n) => n.kind === 'opponent-left'), 'bob told');
    expect(notices(bob).find((n) => n.kind === 'opponent-left')).toMatchObject({ side: 'client', seconds: 2 });
    expect(room.state.seats.get('client')).toMatchObject({ taken: true, connected: false, controller: 'human' });

    // Someone else with the code finds the room full; a wrong key opens nothing.
    await expect(Player.join(booted, (c) => c.joinById(room.roomId, { name: 'Carol' }))).rejects.toMatchObject({ code: 409 });
    await expect(Player.join(booted, (c) => c.joinById(room.roomId, { name: 'Carol', rejoinKey: 'f'.repeat(32) }))).rejects.toMatchObject({ code: 410 });

    // Alice comes back with her key: her host, her view, her score.
    const back = await Player.join(booted, (c) => c.joinById(room.roomId, { name: 'Alice', rejoinKey: key }));
    expect(back.side).toBe('client');
    await until(() => back.inSync(room), 'view back');
    expect(back.viewJson()).toBe(before);
    await until(() => notices(bob).some((n) => n.kind === 'opponent-back'), 'bob told she is back');
    expect(room.state.seats.get('client')).toMatchObject({ connected: true, controller: 'human', name: 'Alice' });
    await playRound(room, [back, bob], (p, _v, r) => correctAnswer(r, p.side!));
    expect(room.round!.endReason).toBe('complete');
    expect(room.round!.log.some((e) => e.kind === 'takeover')).toBe(false);
    await back.room.leave();
    await bob.room.leave();
  });

  it('holds the seat in a quick-match room too: the player comes back by the room’s id, strangers do not get in', async () => {
    const alice = await Player.join(booted, (c) => c.joinOrCreate('duel', { scenarioId: 'simultaneous-open', name: 'Alice' }));
    const bob = await Player.join(booted, (c) => c.joinOrCreate('duel', { scenarioId: 'simultaneous-open', name: 'Bob' }));
    expect(bob.room.roomId).toBe(alice.room.roomId);
    const room = serverRoom(booted, alice);
    await until(() => room.state.phase === 'playing', 'playing');
    const key = seatOf(alice).rejoinKey;
    await alice.room.leave();
    await until(() => notices(bob).some((n) => n.kind === 'opponent-left'), 'bob told');
    // A newcomer to quick match gets a room of its own, not the held seat.
    const carol = await Player.join(booted, (c) => c.joinOrCreate('duel', { scenarioId: 'simultaneous-open', name: 'Carol' }));
    expect(carol.room.roomId).not.toBe(room.roomId);
    const back = await Player.join(booted, (c) => c.joinById(room.roomId, { name: 'Alice', rejoinKey: key }));
    expect(back.side).toBe(alice.side);
    expect(room.state.seats.get(alice.side!)).toMatchObject({ connected: true, controller: 'human' });
    await back.room.leave();
    await bob.room.leave();
    await carol.room.leave();
  });

  it('gives the seat to the bot once the window has run out; the key then opens nothing', async () => {
    const { alice, bob, room } = await duel();
    const key = seatOf(alice).rejoinKey;
    await alice.room.leave();
    await until(() => room.state.seats.get('client')?.controller === 'bot', 'bot took over', 10_000);
    await until(() => notices(bob).some((n) => n.kind === 'bot-took-over'), 'bob told');
    await expect(Player.join(booted, (c) => c.joinById(room.roomId, { name: 'Alice', rejoinKey: key }))).rejects.toMatchObject({ code: 410 });
    await bob.room.leave();
  });
});
