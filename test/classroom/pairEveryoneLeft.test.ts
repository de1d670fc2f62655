/**
 * A pair whose every student left the game (here a student alone with the bot): the bot plays
 * their hosts, the room with nobody in it closes, and the bots' round, played to its end as the
 * room saves it (RoundJournal.close), is over for the class too: the class round no longer waits
 * for that pair. The teacher's Stop then asks only the pairs still playing: a room that is gone
 * would make it wait out the matchmaker's timeout, and fail.
 *
 * The class offers the student that round's Results, which the game builds from the stored round
 * (/api/results/<id>, replayed). A teacher who chooses a time limit shorter than RFC 9293's
 * TIME-WAIT (2×MSL = 240 s; here 120 s, the class's default before) has it come first: the round
 * ends complete with the client still in TIME-WAIT, and its Results said "Both hosts are back in
 * CLOSED" beside a client path that rightly stops at TIME-WAIT. (On the default limit TIME-WAIT
 * runs out: timeWaitRunsOut.test.ts.)
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOT_NAME } from '../../shared/classroom/botName.ts';
import { finalState, roundEndLine } from '../../client/model/endStates.ts';
import { viewOfStoredRound } from '../../client/net/interrupted.ts';
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import { translators } from '../support/translators.ts';
import { ClassMembers, classRoomOf, type ClassServer, classServerForFile, Member, openClass, pairRoomOf, storedRound, until } from './classHarness.ts';

/** What the server logs at warn and above, line by line. */
const logged: string[] = [];
const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _encoding, done) => void (logged.push(String(chunk)), done()) }));

let server: ClassServer;
const members = new ClassMembers(() => server);
const { open, track, student } = members;

let tr: Record<'en' | 'zh-CN', i18n>;

classServerForFile((s) => (server = s), { log, members });

beforeAll(async () => {
  tr = await translators();
});

/** Ada, Bob and Cy in a class round; the one alone with the bot leaves the game, and the pair's empty room closes. */
async function theLoneStudentLeaves(className: string, timeLimitMs?: number) {
  const opened = await openClass(server, { name: className, settings: { scenarioId: 'handshake', mode: 'consequences', rounds: 2, ...(timeLimitMs === undefined ? {} : { timeLimitMs }) } });
  const teacher = track(await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken }));
  const everyone = [await student(opened, 'Ada'), await student(opened, 'Bob'), await student(opened, 'Cy')];
  teacher.classRoom.send('start', {});
  await until(() => everyone.every((s) => s.pairRoom !== null && s.pairSide !== null), 'everyone seated');
  const alone = everyone.find((s) => s.pairSeat!.partner === BOT_NAME)!;
  const pairOfTwo = everyone.filter((s) => s !== alone);
  open.push(...pairOfTwo.map((s) => s.pairRoom!));
  const lonePairId = alone.pairRoom!.roomId;
  const roundId = pairRoomOf(server, lonePairId).state.roundId as string;
  await alone.pairRoom!.leave(true);
  await until(() => server.colyseus.getRoomById(lonePairId) === undefined, 'its room closed');
  return { opened, teacher, alone, pairOfTwo, roundId };
}

describe('a pair whose students all left the game', () => {
  it('is over for the class once its room closes, and Stop asks only the pairs still playing', async () => {
    // The student alone with the bot leaves the game: the bot plays both hosts, and the room, with
    // nobody in it, closes; its round, played to the end by the bots, is over for the class too.
    const { opened, teacher, alone, pairOfTwo } = await theLoneStudentLeaves('Stop 101');
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

  it('has Results that say where each host ended as its paths do: the client still in TIME-WAIT when the teacher’s shorter time limit came, not both back in CLOSED', async () => {
    const { teacher, alone, roundId } = await theLoneStudentLeaves('Over 101', 120_000);
    // As the game opens it from the class page (&round=…&side=…): replayed, then the log Results draws.
    const stored = await storedRound(server, roundId);
    expect((stored.result as { settings: { timeLimitMs?: number } }).settings.timeLimitMs, 'the class’s time limit').toBe(120_000);
    const view = viewOfStoredRound(stored, alone.pairSide!)!;
    expect(view.endReason).toBe('complete');
    const log = new LiveRoundLog().update(view);
    expect(log.states.filter((s) => s.host === 'client').map((s) => s.state)).toEqual(['CLOSED', 'SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT']);
    expect(finalState(log, 'server')).toBe('CLOSED');

    const line = roundEndLine(view.endReason!, log);
    expect(tr.en.t(line.key, line.params)).not.toContain('Both hosts are back in CLOSED');
    expect(tr.en.t(line.key, line.params)).toContain('the client host in TIME-WAIT, the server host in CLOSED');
    expect(tr['zh-CN'].t(line.key, line.params)).toContain('客户端主机处于 TIME-WAIT，服务器主机处于 CLOSED');
    teacher.classRoom.send('end', {});
  });
});
