/**
 * A pair whose every student left the game (here a student alone with the bot): the bots play the
 * round to its end as its empty room closes (RoundJournal.close), and the class offers the student
 * that round's Results, which the game builds from the stored round (/api/results/<id>, replayed).
 * A class round's time limit (120 s by default) comes before RFC 9293's TIME-WAIT (2×MSL = 240 s)
 * runs out: the round ends complete with the client still in TIME-WAIT, and its Results said
 * "Both hosts are back in CLOSED" beside a client path that rightly stops at TIME-WAIT.
 */
import type { i18n } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_NAME } from '../../shared/classroom/botName.ts';
import { finalState, roundEndLine } from '../../client/model/endStates.ts';
import { viewOfStoredRound } from '../../client/net/interrupted.ts';
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import { translators } from '../support/translators.ts';
import { bootClassServer, ClassMembers, Member, openClass, pairRoomOf, stopClassServer, tempDbPath, until, type ClassServer } from './classHarness.ts';

let server: ClassServer;
let tr: Record<'en' | 'zh-CN', i18n>;
const members = new ClassMembers(() => server);
const { open, track, student } = members;

beforeAll(async () => {
  tr = await translators();
  server = await bootClassServer(tempDbPath());
});

afterAll(async () => {
  await members.leaveAll();
  await stopClassServer(server);
});

/** The stored round, once its room's writes are out (the next group commit). */
async function storedRound(roundId: string): Promise<Parameters<typeof viewOfStoredRound>[0]> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${server.baseUrl}/api/results/${roundId}`);
    if (res.ok) return (await res.json()) as Parameters<typeof viewOfStoredRound>[0];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`round ${roundId} was not stored`);
}

describe('the Results of a round the bots played to its end after everyone left', () => {
  it('say where each host ended as its paths do: the client still in TIME-WAIT when the class’s time limit came, not both back in CLOSED', async () => {
    const opened = await openClass(server, { name: 'Over 101', settings: { scenarioId: 'handshake', rounds: 2 } });
    const teacher = track(await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken }));
    const everyone = [await student(opened, 'Ada'), await student(opened, 'Bob'), await student(opened, 'Cy')];
    teacher.classRoom.send('start', {});
    await until(() => everyone.every((s) => s.pairRoom !== null && s.pairSide !== null), 'everyone seated');
    const alone = everyone.find((s) => s.pairSeat!.partner === BOT_NAME)!;
    open.push(...everyone.filter((s) => s !== alone).map((s) => s.pairRoom!));
    const roomId = alone.pairRoom!.roomId;
    const { roundId } = pairRoomOf(server, roomId).state;
    const side = alone.pairSide!;

    await alone.pairRoom!.leave(true);
    await until(() => server.colyseus.getRoomById(roomId) === undefined, 'the pair room closed');

    // As the game opens it from the class page (&round=…&side=…): replayed, then the log Results draws.
    const stored = await storedRound(roundId);
    expect((stored.result as { settings: { timeLimitMs?: number } }).settings.timeLimitMs, 'the class’s time limit').toBe(120_000);
    const view = viewOfStoredRound(stored, side)!;
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
