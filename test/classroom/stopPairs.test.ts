/**
 * A pair whose every student left the game (here a student alone with the bot): the bot plays
 * their hosts, the room with nobody in it closes, and the bots' round, played to its end as the
 * room saves it, is over for the class too: the class round no longer waits for that pair. The
 * teacher's Stop then asks only the pairs still playing: a room that is gone would make it wait
 * out the matchmaker's timeout, and fail.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_NAME } from '../../shared/classroom/botName.ts';
import { bootClassServer, ClassMembers, classRoomOf, Member, openClass, stopClassServer, tempDbPath, until, type ClassServer } from './classHarness.ts';

/** What the server logs at warn and above, line by line. */
const logged: string[] = [];
const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _encoding, done) => void (logged.push(String(chunk)), done()) }));

let server: ClassServer;
const members = new ClassMembers(() => server);
const { open, track, student } = members;

beforeAll(async () => {
  server = await bootClassServer(tempDbPath(), 'dist', 2, log);
});

afterAll(async () => {
  await members.leaveAll();
  await stopClassServer(server);
});

describe('a pair whose students all left the game', () => {
  it('is over for the class once its room closes, and Stop asks only the pairs still playing', async () => {
    const opened = await openClass(server, { name: 'Stop 101', settings: { scenarioId: 'handshake', mode: 'consequences', rounds: 2 } });
    const teacher = track(await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken }));
    const everyone = [await student(opened, 'Ada'), await student(opened, 'Bob'), await student(opened, 'Cy')];
    teacher.classRoom.send('start', {});
    await until(() => everyone.every((s) => s.pairRoom !== null && s.pairSide !== null), 'everyone seated');
    const alone = everyone.find((s) => s.pairSeat!.partner === BOT_NAME)!;
    const pairOfTwo = everyone.filter((s) => s !== alone);
    open.push(...pairOfTwo.map((s) => s.pairRoom!));

    // The student alone with the bot leaves the game: the bot plays both hosts, and the room, with
    // nobody in it, closes; its round, played to the end by the bots, is over for the class too.
    const lonePairId = alone.pairRoom!.roomId;
    await alone.pairRoom!.leave(true);
    await until(() => server.colyseus.getRoomById(lonePairId) === undefined, 'its room closed');
    const card = () => teacher.dashboard()?.pairs.find((p) => p.pairNo === alone.pairSeat!.pairNo);
    await until(() => card()?.finished === true, 'the dashboard shows that pair finished');
    expect(card()).toMatchObject({ endReason: 'complete' });
    expect(card()!.hosts[alone.pairSide!]).toMatchObject({ controller: 'bot', botFrom: expect.any(String) });
    const room = classRoomOf(server, opened.roomId);
    expect(room.state.phase, 'the class round still waits for the pair of two').toBe('playing');

    // Stop: the pair of two stops and the class round is over; nothing is asked of the room that is gone.
    await room.stopRound();
    await until(() => pairOfTwo.every((s) => s.pairView()?.finished === true), 'the pair of two stopped');
    expect(pairOfTwo.map((s) => s.pairView()!.endReason)).toEqual(['stopped', 'stopped']);
    await until(() => room.state.phase === 'between', 'the class round over');
    expect(logged.filter((line) => line.includes('could not stop a pair'))).toEqual([]);
  });
});
