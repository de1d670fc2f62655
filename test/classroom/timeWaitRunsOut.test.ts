/**
 * A class round on the class's default settings (the handshake, RFC 9293: TIME-WAIT is 2×MSL =
 * 240 s): the students play it through to TIME-WAIT's end, and their Results say both hosts are
 * back in CLOSED. Before, the class's 120 s limit came first: the round ended with the client
 * still in TIME-WAIT, and no student ever made TIME-WAIT's last decision. The game clock skips
 * TIME-WAIT's wait (the manual clock here moves 200 ms at a time between moves: the skip is what
 * gets the round there), so what it costs the pair is that one decision.
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { finalState, roundEndLine } from '../../client/model/endStates.ts';
import { viewOfStoredRound } from '../../client/net/interrupted.ts';
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import { translators } from '../support/translators.ts';
import { ClassMembers, classRoomOf, type ClassServer, classServerForFile, Member, openClass, pairRoomOf, playAllPairs, storedRound, until } from './classHarness.ts';

let server: ClassServer;
const members = new ClassMembers(() => server);
let tr: Record<'en' | 'zh-CN', i18n>;

classServerForFile((s) => (server = s), { members });

beforeAll(async () => {
  tr = await translators();
});

describe('TIME-WAIT in a class round on the default time limit', () => {
  it('runs out: the client’s student answers its 2×MSL timer with CLOSED, and both students’ Results say both hosts are back in CLOSED', async () => {
    const opened = await openClass(server, { name: 'TIME-WAIT 101', settings: { scenarioId: 'handshake', rounds: 1 } });
    const teacher = members.track(await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken }));
    const students = [await members.student(opened, 'Ada'), await members.student(opened, 'Bob')];
    teacher.classRoom.send('start', {});
    await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'both seated');
    const pair = pairRoomOf(server, students[0]!.pairRoom!.roomId);
    const roundId = pair.state.roundId as string;
    members.open.push(...students.map((s) => s.pairRoom!));

    await playAllPairs(server, students, (_s, _v, correct) => correct);
    const round = pair.round!;
    expect(round.settings.profile ?? 'rfc9293').toBe('rfc9293');
    expect(round.endReason).toBe('complete');
    // The round's last decision is the client's student's: TIME-WAIT's timer expired, 2×MSL after it began.
    const last = round.decisions.at(-1)!;
    expect([last.side, last.by, last.event.kind, last.expected.state]).toEqual(['client', 'human', 'tick', 'CLOSED']);
    const entered = round.states.find((c) => c.side === 'client' && c.to === 'TIME-WAIT')!;
    expect(last.at - entered.at).toBe(240_000);
    await until(() => classRoomOf(server, opened.roomId).state.phase === 'finished', 'the class over');

    // Each student's Results, as the class page opens them (the stored round, replayed).
    const stored = await storedRound(server, roundId);
    for (const s of students) {
      const view = viewOfStoredRound(stored, s.pairSide!)!;
      const log = new LiveRoundLog().update(view);
      expect(log.states.filter((c) => c.host === 'client').map((c) => c.state)).toEqual(['CLOSED', 'SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
      expect(finalState(log, 'server')).toBe('CLOSED');
      const line = roundEndLine(view.endReason!, log);
      expect(tr.en.t(line.key, line.params)).toBe('Both hosts are back in CLOSED.');
      expect(tr['zh-CN'].t(line.key, line.params)).toBe('双方主机都回到了 CLOSED。');
    }
  });
});
