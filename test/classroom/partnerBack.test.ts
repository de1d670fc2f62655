/**
 * A student comes back to the class during the round the bot took their host over in (they were
 * away past the reconnection window, or left the round): the bot hands the host back to them as it
 * is now, they play on, their partner is told, and the teacher's card shows the pair whole again.
 * The bot's decisions in between score nothing for anyone; the CSV says where the bot took over
 * (bot_from) and where the student took their host back (back_in). A student the teacher removed
 * does not get their host back in that round, and two tabs of one student never both hold it (the newer does).
 */
import { CloseCode } from '@colyseus/core';
import type { Room as SDKRoom } from '@colyseus/sdk';
import { describe, expect, it } from 'vitest';
import { matchMaker } from '@colyseus/core';
import { CSV_HEADER } from '../../server/classroom/results.ts';
import { replayRound } from '../../shared/game/round.ts';
import { playedState } from '../../shared/game/views.ts';
import { refusal, refusalWire } from '../../shared/refusals.ts';
import { CLOSE_OPENED_ELSEWHERE } from '../../shared/protocol.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import type { ClassPairRoom } from '../../server/classroom/ClassPairRoom.ts';
import { adaHasPlayedOnce, ClassMembers, classRoomOf, type ClassServer, classServerForFile, Member, playAllPairs, studentIdOf, twoTabsOffered, until } from './classHarness.ts';

/** The reconnection window: short, as the test waits it out for real (Colyseus' own timer). */
const RECONNECT_SECONDS = 2;
let server: ClassServer;
const members = new ClassMembers(() => server);
const { open, track, student } = members;

classServerForFile((s) => (server = s), { reconnectSeconds: RECONNECT_SECONDS, members });

const idOf = studentIdOf;

/** Ada and Bob seated in one pair, Ada having made her first decision (and the class room). */
async function adaAndBob() {
  const seated = await adaHasPlayedOnce(server, members, 'Back 101', 2);
  return { ...seated, room: classRoomOf(server, seated.opened.roomId) };
}

/** Bob plays on against the bot until the bot has answered a decision of Ada's host. */
async function botPlaysFor(pair: ClassPairRoom, side: Side, bob: Member): Promise<void> {
  for (let i = 0; i < 100 && !pair.round!.decisions.some((d) => d.side === side && d.by === 'bot'); i++) {
    await playAllPairs(server, [bob], (_s, _v, correct) => correct, 1);
  }
  expect(pair.round!.decisions.some((d) => d.side === side && d.by === 'bot'), 'the bot answered for Ada').toBe(true);
}

describe('a student away past the reconnection window, back through the class during the round', () => {
  it('gets their host back from the bot as it is now and plays on; the partner is told, the teacher’s card shows the pair whole, and the CSV says where the bot had it', async () => {
    const { opened, teacher, ada, adaToken, bob, side, pair, room } = await adaAndBob();
    const leftIn = playedState(pair.round!, pair.round!.hosts[side]);
    const scoreWhenLeft = pair.round!.hosts[side].score;
    const bobState = (): { partnerLeft: boolean; partnerBack: boolean } => bob.classRoom.state.students.get(idOf(bob));

    // The laptop lid closes: both of Ada's connections drop, and stay down past the window.
    for (const r of [ada.classRoom, ada.pairRoom!]) {
      r.reconnection.enabled = false;
      r.connection.close(CloseCode.MAY_TRY_RECONNECT, 'lid closed');
    }
    await until(() => pair.round!.hosts[side].controller === 'bot', 'the bot took Ada’s host over', (RECONNECT_SECONDS + 10) * 1000);
    await until(() => bobState().partnerLeft === true, 'Bob told his partner left');
    await botPlaysFor(pair, side, bob);
    const backIn = playedState(pair.round!, pair.round!.hosts[side]);
    expect(pair.round!.hosts[side].score, 'the bot scored nothing for Ada').toBe(scoreWhenLeft);

    // A minute later the lid opens: the page joins the class again with its rejoin token.
    const again = track(await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken }));
    await until(() => again.of('welcome').length === 1, 'welcomed back');
    expect(idOf(again)).toBe(idOf(ada));
    await until(() => again.pairRoom !== null && again.pairSide === side, 'back in her seat');
    open.push(again.pairRoom!);
    await until(() => pair.round!.hosts[side].controller === 'human', 'the host is Ada’s again');
    expect(pair.state.seats.get(side)).toMatchObject({ controller: 'human', connected: true, name: 'Ada' });
    // As it was when she came back: the bot's answers stand, and the change of hands is in the log.
    expect(pair.round!.handovers.map((h) => [h.side, h.to, h.state])).toEqual([
      [side, 'bot', leftIn],
      [side, 'human', backIn],
    ]);
    expect(pair.round!.log.filter((e) => e.kind === 'handback')).toEqual([{ kind: 'handback', at: expect.any(Number), side }]);
    expect(replayRound(pair.round!.settings, pair.round!.log), 'a replay of the stored log (crash recovery) gives the same round').toEqual(pair.round);

    // Bob's game hears it, and so does his class page; Ada's own page no longer says the bot has her host.
    await until(() => bob.pairMessages.some((m) => m.type === 'notice' && m.message.kind === 'bot-handed-back' && m.message.side === side), 'Bob’s game told');
    await until(() => bobState().partnerBack === true && bobState().partnerLeft === false, 'Bob’s page says Ada is back');
    await until(() => again.classRoom.state.students.get(idOf(again))?.left === false, 'Ada’s page: her host is hers');
    const card = () => teacher.dashboard()?.pairs.find((p) => p.pairNo === again.pairSeat!.pairNo)?.hosts[side];
    await until(() => card()?.controller === 'human' && card()?.backIn !== undefined, 'the teacher’s card shows Ada again');
    expect(card()).toMatchObject({ name: 'Ada', controller: 'human', botFrom: leftIn, backIn });

    // She plays on to the end: her decisions after coming back are hers, and score for her.
    const botWhenBack = pair.round!.decisions.filter((d) => d.side === side && d.by === 'bot').length;
    const humanWhenBack = pair.round!.decisions.filter((d) => d.side === side && d.by === 'human').length;
    await playAllPairs(server, [again, bob], (_s, _v, correct) => correct);
    expect(pair.round!.finished).toBe(true);
    const count = (by: 'human' | 'bot') => pair.round!.decisions.filter((d) => d.side === side && d.by === by).length;
    expect(count('bot'), 'the bot made no decision for her after she came back').toBe(botWhenBack);
    expect(count('human')).toBeGreaterThan(humanWhenBack);
    expect(pair.round!.hosts[side].score).toBeGreaterThan(scoreWhenLeft);

    await until(() => room.state.phase === 'between', 'round 1 over');
    const res = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/results.csv`, { headers: { 'x-teacher-token': opened.teacherToken } });
    const csv = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const col = (name: string) => CSV_HEADER.indexOf(name);
    const rowOf = (name: string) => csv.slice(1).find((r) => r[col('student')] === name)!;
    expect([rowOf('Ada')[col('bot_from')], rowOf('Ada')[col('back_in')]]).toEqual([leftIn, backIn]);
    expect([rowOf('Bob')[col('bot_from')], rowOf('Bob')[col('back_in')]]).toEqual(['', '']);
    expect(rowOf('Bob')[col('partner')], 'Bob’s partner is Ada, who played her host to the end').toBe('Ada');
    // Her score is her own decisions', before she left and after she came back; the bot's scored nothing.
    const hers = pair.round!.decisions.filter((d) => d.side === side && d.by === 'human');
    expect(Number(rowOf('Ada')[col('score')])).toBe(pair.round!.hosts[side].score);
    expect(Number(rowOf('Ada')[col('decisions')])).toBe(hers.length);
    teacher.classRoom.send('end', {});
  });

  it('a student who left the round from the game takes the host back from the class page (reseat)', async () => {
    const { teacher, ada, bob, side, pair } = await adaAndBob();
    await ada.pairRoom!.leave(true);
    await until(() => pair.round!.hosts[side].controller === 'bot', 'the bot took the host over at once');
    await until(() => ada.classRoom.state.students.get(idOf(ada))?.left === true, 'Ada’s page: the bot has her host');
    await botPlaysFor(pair, side, bob);
    const seats = ada.of('pair').length;
    ada.classRoom.send('reseat', {});
    await until(() => ada.of('pair').length > seats && pair.round!.hosts[side].controller === 'human', 'the host is Ada’s again');
    open.push(ada.pairRoom!);
    expect(ada.of('pair').at(-1)).toMatchObject({ side, roundNo: 1 });
    expect(ada.of('pair').at(-1).reservation).not.toBeNull();
    await until(() => ada.classRoom.state.students.get(idOf(ada))?.left === false, 'Ada’s page: her host is hers');
    // Junk instead of the empty message: a clear error, and the class goes on.
    ada.classRoom.send('reseat', { seatKey: 'mine' } as never);
    await until(() => ada.of('error').some((e) => e.type === 'reseat' && e.code === 'invalid_message'), 'a clear error');
    await playAllPairs(server, [ada, bob], (_s, _v, correct) => correct);
    expect(pair.round!.finished).toBe(true);
    teacher.classRoom.send('end', {});
  });
});

describe('who does not get the host back', () => {
  it('a student the teacher removed during the round, even let back in: their seat’s key opens nothing (seat_gone), and the bot plays on', async () => {
    const { opened, teacher, ada, adaToken, side, pair, room } = await adaAndBob();
    const adaId = idOf(ada);
    const lp = [...room.live.values()].find((p) => p.roomId === pair.roomId)!;
    teacher.classRoom.send('remove', { studentId: adaId });
    await until(() => pair.round!.hosts[side].controller === 'bot', 'the bot took the host over');
    teacher.classRoom.send('readmit', { studentId: adaId });
    await until(() => teacher.classRoom.state.teacher?.removed === '[]', 'let back in');
    const back = track(await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken }));
    await until(() => back.of('pair').length === 1, 'told of her pair');
    expect(back.of('pair')[0]).toMatchObject({ roundNo: 1, benched: true, reservation: null });
    // Her old seat key (the one the class reserved her seat with) opens nothing: no seat is reserved
    // with it, and the pair room says the seat is no longer held.
    const seatKey = lp.seatKeys[side]!;
    await expect(matchMaker.reserveSeatFor((await matchMaker.getRoomById(pair.roomId))!, { role: side, seatKey })).rejects.toThrow();
    expect(() => pair.onAuth({} as never, { role: side, seatKey })).toThrow(refusalWire(refusal('seat_gone')));
    expect(pair.round!.hosts[side].controller).toBe('bot');
    expect(pair.round!.log.some((e) => e.kind === 'handback')).toBe(false);
    teacher.classRoom.send('end', {});
  });

  it('a second tab of the same student: of two tabs coming back at once, the newer takes the host back and keeps it; the older is refused (seat_in_use) or closed as opened elsewhere', async () => {
    const { opened, teacher, ada, adaToken, side, pair } = await adaAndBob();
    await ada.pairRoom!.leave(true);
    await until(() => pair.round!.hosts[side].controller === 'bot', 'the bot took the host over');
    // Two tabs open the join link; each gets a seat in the pair room from the class. Neither sits
    // down until both have one (the first tab's class connection is closed as replaced, not its seat).
    const { tabs, reservations } = await twoTabsOffered(server, members, opened, adaToken);
    const [olderSat, newerSat] = await Promise.allSettled(tabs.map((t, i) => t.sdk.consumeSeatReservation(reservations[i])));
    expect(newerSat!.status, 'the newer tab sits down').toBe('fulfilled');
    const newer = (newerSat as PromiseFulfilledResult<SDKRoom<any, any>>).value;
    open.push(newer);
    if (olderSat!.status === 'rejected') {
      expect(String(olderSat!.reason?.message ?? olderSat!.reason)).toContain(refusalWire(refusal('seat_in_use')));
    } else {
      const older = olderSat!.value;
      let code: number | null = null;
      older.onLeave((c: number) => (code = c));
      await until(() => code !== null, 'the older tab closed');
      expect(code).toBe(CLOSE_OPENED_ELSEWHERE);
    }
    expect(pair.round!.hosts[side].controller).toBe('human');
    expect(pair.round!.log.filter((e) => e.kind === 'handback')).toHaveLength(1);
    expect([...pair.seating.occupants].filter(([, s]) => s === side).map(([id]) => id)).toEqual([newer.sessionId]);
    teacher.classRoom.send('end', {});
  });
});
