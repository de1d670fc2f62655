/**
 * A client that floods (150 messages at once, past the hard cap) is closed at once with its own
 * close code and a reason, and its seat is not held for a reconnection it does not deserve: the bot
 * takes its host over and the other player is told (issue 15.6). Its own file: the hard cap here is
 * the default one, and Colyseus' matchmaker is one per process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_FLOODING } from '../../shared/protocol.ts';
import { bootGame, Player, serverRoom, until, type GameBooted } from './gameHarness.ts';
import { captureLogger, errorLines, type LogLine } from './harness.ts';

describe('a flooding client', () => {
  let strict: GameBooted;
  let strictLines: LogLine[];

  beforeAll(async () => {
    const captured = captureLogger('info');
    strictLines = captured.lines;
    strict = await bootGame({}, { reconnectSeconds: 30 }, captured.log);
  });
  afterAll(async () => {
    await strict?.colyseus.shutdown();
  });

  it('is closed at once with its own close code and reason, and its seat is not held for a reconnection', async () => {
    const flooder = await Player.join(strict, (c) => c.create('duel', { name: 'flood', private: true }));
    const peer = await Player.join(strict, (c) => c.joinById(flooder.room.roomId, { name: 'peer' }));
    const room = serverRoom(strict, flooder);
    await until(() => room.round !== null, 'round started');
    let closed: { code: number; reason: string | undefined } | null = null;
    flooder.room.onLeave((code, reason) => {
      closed = { code, reason };
    });
    for (let i = 0; i < 150; i++) flooder.room.send('hint', {});
    await until(() => closed !== null, 'the flooder is closed');
    expect(closed!.code).toBe(CLOSE_FLOODING);
    expect(closed!.reason).toMatch(/too many messages/);
    // No 30-second window: the bot has the flooder's host now, and the peer was told.
    await until(() => room.state.seats.get(flooder.side!)?.controller === 'bot', 'bot took the host over');
    await until(() => peer.of('notice').some((n) => (n as { kind: string }).kind === 'bot-took-over'), 'peer told');
    expect(peer.room.connection.isOpen).toBe(true);
    expect(strictLines.some((l) => l.level === 40 && l['kind'] === 'flood' && l['roomId'] === room.roomId)).toBe(true);
    expect(errorLines(strictLines)).toEqual([]);
    await peer.room.leave();
  });
});

