/**
 * A real class's life, through the SDK: reloads, double-clicked joins, a class filled by a script,
 * guessed codes behind one school address, lookalike names, what a student may see, and the results
 * a stopped round leaves. Each test opens its own class on one server (manual game clock, the
 * reconnection window 6 s, the wall clock pinned so the test moves it).
 */
import { CloseCode } from '@colyseus/core';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CSV_HEADER } from '../../server/classroom/results.ts';
import { correctAnswer } from '../server/gameHarness.ts';
import { playedState } from '../../shared/game/views.ts';
import { refusal, refusalWire } from '../../shared/refusals.ts';
import { ClassMembers, classRoomOf, type ClassServer, classServerForFile, lookUpCode, Member, openClass, type OpenedClass, pageToken, pairRoomOf, playAllPairs, studentIdOf, until } from './classHarness.ts';

/**
 * Long enough for a reload (two connections dropped, the class joined again, the pair seat taken
 * back) on two busy cores; short enough that waiting out an old connection costs seconds.
 */
const RECONNECT_SECONDS = 6;
let server: ClassServer;
const members = new ClassMembers(() => server);
const { open, track, student } = members;

classServerForFile((s) => (server = s), { reconnectSeconds: RECONNECT_SECONDS, members });

async function newClass(settings: Record<string, unknown> = {}): Promise<{ opened: OpenedClass; teacher: Member }> {
  const opened = await openClass(server, { name: 'Life 101', settings: { scenarioId: 'handshake', mode: 'consequences', rounds: 2, ...settings } });
  const teacher = track(await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken }));
  return { opened, teacher };
}

/** A class of two whose round the teacher started: both students seated, in one pair room. */
async function twoSeated(settings: Record<string, unknown>, names: [string, string]) {
  const { opened, teacher } = await newClass(settings);
  const a = await student(opened, names[0]);
  const b = await student(opened, names[1]);
  teacher.classRoom.send('start', {});
  await until(() => [a, b].every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated');
  return { opened, teacher, a, b, pair: pairRoomOf(server, a.pairRoom!.roomId) };
}

const idOf = studentIdOf;
const csvOf = async (opened: OpenedClass): Promise<string[][]> => {
  const res = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/results.csv`, { headers: { 'x-teacher-token': opened.teacherToken } });
  expect(res.status).toBe(200);
  const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  return lines.map((l) => l.split(','));
};

describe('1. a student who reloads keeps their place', () => {
  it('stays present after the old connection’s window ends, and the next round seats them with their human partner', async () => {
    const { opened, teacher } = await newClass();
    const adaToken = pageToken();
    let ada = await student(opened, 'Ada', adaToken);
    const bob = await student(opened, 'Bob');
    const room = classRoomOf(server, opened.roomId);
    teacher.classRoom.send('start', {});
    await until(() => [ada, bob].every((s) => s.pairRoom !== null && s.pairSide !== null), 'both seated');
    const side = ada.pairSide!;

    // Mid-round, Ada's page reloads: same pair, same side, back by the tokens the page kept.
    ada = await ada.reload(server, adaToken, 'Ada');
    await until(() => ada.pairRoom !== null && ada.pairSide === side, 'back in the pair seat');

    // The old connection's reconnection window runs out: that must not make Ada away.
    await until(() => room.attendance.sessionsOf(idOf(ada)).length === 1, 'the old connection is gone for good', (RECONNECT_SECONDS + 20) * 1000);
    expect(room.state.students.get(idOf(ada))!.connected).toBe(true);

    await playAllPairs(server, [ada, bob], (_s, _v, correct) => correct);
    await until(() => room.state.phase === 'between', 'round 1 over');
    teacher.classRoom.send('next', {});
    await until(() => ada.of('pair').some((p) => p.roundNo === 2) && ada.pairSeat?.roundNo === 2 && ada.pairRoom?.roomId === ada.pairSeat.roomId, 'Ada seated in round 2');
    const seat = ada.of('pair').find((p) => p.roundNo === 2);
    expect(seat.partner).toBe('Bob');
    expect(seat.reservation).not.toBeNull();
    const pair = pairRoomOf(server, seat.roomId);
    expect(pair.link.students.client && pair.link.students.server).toBeTruthy();
    await until(() => pair.state.phase === 'playing', 'round 2 under way with both students');
    expect([pair.state.seats.get('client')!.controller, pair.state.seats.get('server')!.controller]).toEqual(['human', 'human']);
    open.push(ada.pairRoom!, bob.pairRoom!);
  });
});

describe('1b. a student who closes the tab and opens the join link again', () => {
  it('sits back in their own seat in the round, before the bot takes it: a new tab has no reconnection token, only the class’s rejoin token', async () => {
    const { opened, teacher } = await newClass();
    const adaToken = pageToken();
    const ada = await student(opened, 'Ada', adaToken);
    const bob = await student(opened, 'Bob');
    teacher.classRoom.send('start', {});
    await until(() => [ada, bob].every((s) => s.pairRoom !== null && s.pairSide !== null), 'both seated');
    const side = ada.pairSide!;
    const pair = pairRoomOf(server, ada.pairRoom!.roomId);
    await until(() => pair.state.phase === 'playing', 'playing');

    // The tab closes: both connections drop, and nothing of that page is left (no reconnection token).
    for (const room of [ada.classRoom, ada.pairRoom!]) {
      room.reconnection.enabled = false;
      room.connection.close(CloseCode.MAY_TRY_RECONNECT, 'tab closed');
    }
    await until(() => pair.state.seats.get(side)!.connected === false, 'the seat held for Ada');
    // A new tab: the join link, the same browser's rejoin token, no held pair seat.
    const again = track(await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken }));
    await until(() => again.of('welcome').length === 1, 'welcomed back');
    expect(idOf(again)).toBe(idOf(ada));
    await until(() => again.pairRoom !== null && again.pairSide === side, 'back in the pair seat');
    expect(again.of('pair').at(-1).reservation).not.toBeNull();
    await until(() => pair.state.seats.get(side)!.connected === true, 'the seat connected again');
    expect(pair.round?.hosts[side].controller).toBe('human');
    // The bot does not take the host over when the old connection's window runs out.
    // (Colyseus keeps a dropped client's seat as a reservation until its reconnection window ends.)
    const heldForOld = (): number => Object.keys((pair as unknown as { _reservedSeats: object })._reservedSeats).length;
    expect(heldForOld()).toBe(1);
    await until(() => heldForOld() === 0, 'the old connection gone for good', (RECONNECT_SECONDS + 20) * 1000);
    expect(pair.round?.hosts[side].controller).toBe('human');
    expect(pair.state.seats.get(side)!.connected).toBe(true);
    // And Ada plays on from that seat.
    await playAllPairs(server, [again, bob], (_s, _v, correct) => correct);
    expect(pair.round?.finished).toBe(true);
    open.push(again.pairRoom!, bob.pairRoom!);
    teacher.classRoom.send('end', {});
  });
});

describe('1c. the same, before the round has started (the partner still loading the game)', () => {
  it('sits back in their seat while the pair room waits for the partner', async () => {
    const { opened, teacher } = await newClass();
    const adaToken = pageToken();
    const ada = await student(opened, 'Ada', adaToken);
    // The partner is in the class, but its game page has not sat down in the pair room yet.
    const slow = track(await Member.join(server, opened.roomId, { name: 'Slow', rejoinToken: pageToken() }));
    slow.takeSeat = async () => undefined;
    teacher.classRoom.send('start', {});
    await until(() => ada.pairRoom !== null && ada.pairSide !== null, 'Ada seated');
    const side = ada.pairSide!;
    const pair = pairRoomOf(server, ada.pairRoom!.roomId);
    expect(pair.state.phase).toBe('waiting');
    for (const room of [ada.classRoom, ada.pairRoom!]) {
      room.reconnection.enabled = false;
      room.connection.close(CloseCode.MAY_TRY_RECONNECT, 'tab closed');
    }
    await until(() => pair.state.seats.get(side)!.connected === false, 'the seat held for Ada');
    const again = track(await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken }));
    await until(() => again.pairRoom !== null && again.pairSide === side, 'back in the pair seat');
    await until(() => pair.state.seats.get(side)!.connected === true, 'the seat connected again');
    expect(pair.state.phase).toBe('waiting');
    open.push(again.pairRoom!);
    teacher.classRoom.send('end', {});
  });
});

describe('1d. a student whose class connection drops for a moment (a Wi-Fi blip)', () => {
  /** The class page's connection drops with no goodbye; the server holds it. Returns its way back. */
  async function blip(m: Member, studentId: string): Promise<string> {
    const token = m.classRoom.reconnectionToken;
    m.classRoom.reconnection.enabled = false;
    m.classRoom.connection.close(CloseCode.MAY_TRY_RECONNECT, 'wifi dropped');
    const room = classRoomOf(server, m.classRoom.roomId);
    await until(() => room.state.students.get(studentId)?.connected === false, 'the class holds the connection');
    return token;
  }

  it('hears on its way back what the class said meanwhile: the round that started without them, then the round’s end', async () => {
    const { opened, teacher } = await newClass({ rounds: 2 });
    const ada = await student(opened, 'Ada');
    const bob = await student(opened, 'Bob');
    const adaId = idOf(ada);
    const room = classRoomOf(server, opened.roomId);

    // The teacher starts while Ada's connection is away: she is not in a pair, and her 'pair' never came.
    const token = await blip(ada, adaId);
    teacher.classRoom.send('start', {});
    await until(() => bob.pairRoom !== null && bob.pairSide !== null, 'Bob seated');
    expect(ada.of('pair')).toEqual([]);
    // Her connection comes back (the same session, its reconnection token): she gets a seat, as a late joiner does.
    const back = track(new Member(ada.sdk, await ada.sdk.reconnect(token)));
    await until(() => back.pairRoom !== null && back.pairSide !== null, 'Ada seated on her way back');
    expect(back.of('pair')[0]).toMatchObject({ roundNo: 1 });
    expect(back.of('pair')[0].reservation).not.toBeNull();
    expect(back.of('welcome'), 'the same connection: no new welcome').toEqual([]);
    expect(room.state.students.size).toBe(2);
    expect(room.state.students.get(adaId)?.connected).toBe(true);

    // The round ends while her connection is away again: its end comes on her way back.
    const again = await blip(back, adaId);
    await playAllPairs(server, [back, bob], (_s, _v, correct) => correct);
    await until(() => room.state.phase === 'between', 'round 1 over', 30_000);
    const last = track(new Member(ada.sdk, await ada.sdk.reconnect(again)));
    await until(() => last.of('pair').some((m) => m.over), 'the round’s end on her way back');
    expect(last.of('pair').at(-1)).toMatchObject({ roundNo: 1, roomId: back.pairSeat!.roomId, reservation: null });
    expect(room.state.students.size).toBe(2);
    open.push(back.pairRoom!, bob.pairRoom!);
    teacher.classRoom.send('end', {});
  });
});

describe('2. a double-clicked Join', () => {
  it('makes one student, closes the older connection, and every pair is on the dashboard', async () => {
    const { opened, teacher } = await newClass();
    const token = pageToken();
    const [first, second] = await Promise.all([0, 1].map(() => Member.join(server, opened.roomId, { name: 'Quick', rejoinToken: token })));
    const left = new Map<Member, number>();
    for (const m of [first!, second!]) {
      track(m);
      m.classRoom.onLeave((code: number) => left.set(m, code));
    }
    const room = classRoomOf(server, opened.roomId);
    // One student; the older connection is closed (a consented close: the page must not reconnect it).
    await until(() => left.size === 1, 'the older connection closed');
    const [closed, code] = [...left][0]!;
    expect(code).toBe(CloseCode.CONSENTED);
    const survivor = closed === first ? second! : first!;
    await until(() => survivor.of('welcome').length === 1, 'the newer one welcomed');
    expect(survivor.classRoom.connection.isOpen).toBe(true);
    expect(room.state.students.size).toBe(1);
    expect([...room.state.students.values()].map((s) => s.name)).toEqual(['Quick']);
    expect(room.state.students.get(idOf(survivor))!.connected).toBe(true);
    // Joining again with the page's token later is the same student too.
    const third = track(await Member.join(server, opened.roomId, { name: 'Quick', rejoinToken: token }));
    await until(() => third.of('welcome').length === 1 && survivor.of('goodbye').length === 1, 'the third connection replaces the second');
    expect(idOf(third)).toBe(idOf(survivor));
    expect(survivor.of('goodbye')[0]).toEqual({ reason: 'replaced' });
    expect(room.state.students.size).toBe(1);

    const other = await student(opened, 'Other');
    teacher.classRoom.send('start', {});
    await until(() => [third, other].every((s) => s.pairRoom !== null), 'pair seated');
    expect(third.pairSeat!.partner).toBe('Other');
    await until(() => teacher.dashboard()?.pairs.length === 1, 'the pair on the dashboard');
    open.push(third.pairRoom!, other.pairRoom!);
    teacher.classRoom.send('end', {});
    await until(() => room.state.phase === 'finished', 'class over');
  });

  it('a pair whose student never sits down is on the dashboard as waiting, and Stop and Next work for it', async () => {
    const { opened, teacher } = await newClass();
    const present = await student(opened, 'Present');
    // A page that joins and then never opens its game: it ignores its pair seat.
    const absent = await student(opened, 'Absent');
    absent.takeSeat = async () => undefined;
    const room = classRoomOf(server, opened.roomId);
    teacher.classRoom.send('start', {});
    await until(() => present.pairRoom !== null, 'the present student seated');
    await until(() => teacher.dashboard()?.pairs.length === 1, 'the pair is on the dashboard');
    expect(teacher.dashboard()!.pairs[0]).toMatchObject({ waiting: true, finished: false });
    expect(teacher.dashboard()!.pairs[0]!.hosts[absent.of('pair')[0].side as 'client' | 'server'].name).toBe('Absent');

    teacher.classRoom.send('stop', {});
    await until(() => room.state.phase === 'between', 'the round ends');
    await until(() => teacher.dashboard()?.pairs[0]?.finished === true, 'the dashboard shows it stopped');
    expect(teacher.dashboard()!.pairs[0]!.endReason).toBe('stopped');
    teacher.classRoom.send('next', {});
    await until(() => room.state.roundNo === 2 && room.state.phase === 'playing', 'round 2');
    await until(() => present.of('pair').some((p) => p.roundNo === 2), 'seated for round 2');
    open.push(present.pairRoom!);
  });
});

describe('5b. a game page that comes after its seat went to the bot', () => {
  it('is told its seat is no longer held (seat_gone), not that the seat is another student\'s', async () => {
    const { opened, teacher } = await newClass();
    const present = await student(opened, 'Present');
    // A slow tablet: its seat reservation arrives, and its game page has not used it yet.
    const slow = await student(opened, 'Slow');
    slow.takeSeat = async () => undefined;
    teacher.classRoom.send('start', {});
    await until(() => present.pairRoom !== null && slow.of('pair').length === 1, 'the present student seated, the slow one given its seat');
    const pair = pairRoomOf(server, present.pairRoom!.roomId);
    const { side, reservation } = slow.of('pair')[0] as { side: 'client' | 'server'; reservation: unknown };
    // The wait for the seat is over: the bot plays that host.
    pair.seatsWaitedFor();
    expect(pair.state.seats.get(side)!.controller).toBe('bot');
    await expect(slow.sdk.consumeSeatReservation(reservation as never)).rejects.toThrow(refusalWire(refusal('seat_gone')));
    open.push(present.pairRoom!);
    teacher.classRoom.send('end', {});
  });
});

describe('6. the teacher’s controls follow the phase', () => {
  it('refuses what the phase does not allow, with a reason', async () => {
    const { opened, teacher } = await newClass({ rounds: 1 });
    const refusals = () => teacher.of('error').map((e) => `${e.type}: ${e.reason}`);
    teacher.classRoom.send('start', {});
    await until(() => refusals().length === 1, 'start refused');
    expect(refusals()[0]).toBe('start: nobody_joined');
    expect(teacher.of('error')[0]).toMatchObject({ code: 'not_allowed', message: 'Nobody has joined yet: start once students are in.', params: {} });
    const a = await student(opened, 'A');
    for (const type of ['next', 'stop', 'repair']) teacher.classRoom.send(type as never, {} as never);
    await until(() => refusals().length === 4, 'lobby refusals');
    expect(refusals().slice(1)).toEqual(['next: no_next_round', 'stop: no_round', 'repair: repair_between']);
    teacher.classRoom.send('start', {});
    await until(() => a.pairRoom !== null, 'seated');
    open.push(a.pairRoom!);
    teacher.classRoom.send('start', {});
    teacher.classRoom.send('next', {});
    await until(() => refusals().length === 6, 'playing refusals');
    expect(refusals().slice(4)).toEqual(['start: class_started', 'next: stop_round_first']);
  });
});

describe('8. filling a class', () => {
  it('takes no more than the teacher’s limit, and forgets who never played once they are gone', async () => {
    const { opened, teacher } = await newClass({ maxStudents: 3 });
    const room = classRoomOf(server, opened.roomId);
    expect(room.state.maxStudents).toBe(3);
    const fakes = await Promise.all(['f1', 'f2', 'f3'].map((n) => student(opened, n)));
    await expect(Member.join(server, opened.roomId, { name: 'Late', rejoinToken: pageToken() })).rejects.toThrow(/full/);
    // The script goes away without a word: after the reconnection window, nobody holds a place.
    for (const f of fakes) {
      f.classRoom.reconnection.enabled = false;
      f.classRoom.connection.close(CloseCode.MAY_TRY_RECONNECT, 'script ends');
    }
    await until(() => room.state.students.size === 0, 'the fakes forgotten', (RECONNECT_SECONDS + 20) * 1000);
    const late = await student(opened, 'Late');
    expect(room.state.students.has(idOf(late))).toBe(true);
    await until(() => teacher.classRoom.state.students.size === 1, 'the teacher sees one student');
  });

  it('lets the teacher remove a student, who cannot come back with their token', async () => {
    const { opened, teacher } = await newClass();
    const room = classRoomOf(server, opened.roomId);
    const keep = await student(opened, 'Keep');
    const token = pageToken();
    const pest = await student(opened, 'Pest', token);
    teacher.classRoom.send('start', {});
    await until(() => [keep, pest].every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated');
    const pair = pairRoomOf(server, keep.pairRoom!.roomId);
    await until(() => pair.state.phase === 'playing', 'playing');
    let closed = false;
    pest.classRoom.onLeave(() => (closed = true));

    pest.classRoom.send('remove', { studentId: idOf(keep) });
    await until(() => pest.of('error').length === 1, 'a student may not remove anyone');
    teacher.classRoom.send('remove', { studentId: idOf(pest) });
    await until(() => closed && pest.of('goodbye').length === 1, 'the removed student’s page is closed');
    expect(pest.of('goodbye')[0]).toEqual({ reason: 'removed' });
    expect(room.state.students.has(idOf(pest))).toBe(false);
    // In the round, the bot plays their host from now on.
    await until(() => pair.round?.hosts[pest.pairSide!].controller === 'bot', 'the bot took the host over');
    await expect(Member.join(server, opened.roomId, { name: 'Pest', rejoinToken: token })).rejects.toThrow(/removed/);
    open.push(keep.pairRoom!);
  });
});

describe('8b. a removal sticks until the teacher undoes it', () => {
  it('keeps the removed student out by their token (a reload) and by their name (another browser), tells them so, and lets them back in as themselves when the teacher says', async () => {
    const { opened, teacher } = await newClass();
    const room = classRoomOf(server, opened.roomId);
    const keep = await student(opened, 'Keep');
    const token = pageToken();
    const pest = await student(opened, 'Pest', token);
    const pestId = idOf(pest);
    teacher.classRoom.send('remove', { studentId: pestId });
    await until(() => pest.of('goodbye').length === 1, 'removed');
    await until(() => teacher.classRoom.state.teacher?.removed === JSON.stringify([{ studentId: pestId, name: 'Pest' }]), 'the teacher sees who was removed');
    // A reload (the page keeps its token), a new token under the same name or a lookalike of it: all refused.
    await expect(Member.join(server, opened.roomId, { name: 'Pest', rejoinToken: token })).rejects.toThrow(refusalWire(refusal('removed')));
    for (const name of ['Pest', 'pest', 'Ｐｅｓｔ']) {
      await expect(Member.join(server, opened.roomId, { name, rejoinToken: pageToken() })).rejects.toThrow(refusalWire(refusal('removed_name')));
    }
    // Forgetting students who never played (the removed one never did) does not forget the removal.
    room.forgetIfNeverPlayed(pestId);
    await expect(Member.join(server, opened.roomId, { name: 'Pest', rejoinToken: token })).rejects.toThrow(/removed you/);
    expect(room.state.students.has(pestId)).toBe(false);
    expect([...room.state.students.keys()]).toEqual([idOf(keep)]);

    // Only the teacher may undo it, and only a removal.
    keep.classRoom.send('readmit', { studentId: pestId });
    await until(() => keep.of('error').length === 1, 'a student may not let anyone back in');
    teacher.classRoom.send('readmit', { studentId: idOf(keep) });
    await until(() => teacher.of('error').length === 1, 'not removed');
    expect(teacher.of('error')[0]).toMatchObject({ type: 'readmit', reason: 'not_removed', message: 'That student was not removed from this class.' });
    teacher.classRoom.send('readmit', { studentId: pestId });
    await until(() => teacher.classRoom.state.teacher?.removed === '[]', 'the removal undone');
    const back = track(await Member.join(server, opened.roomId, { name: 'Pest', rejoinToken: token }));
    await until(() => back.of('welcome').length === 1, 'back in');
    expect(idOf(back)).toBe(pestId);
    expect(room.state.students.get(pestId)?.name).toBe('Pest');
  });
});

describe('8d. a class the teacher locked', () => {
  it('refuses a new student (a removed one under a new name, a stranger with the code) and still takes back those already in; unlocked, it takes newcomers again; the lock outlives the room', async () => {
    const { opened, teacher } = await newClass();
    const room = classRoomOf(server, opened.roomId);
    const token = pageToken();
    const lin = await student(opened, 'Lin', token);
    const pest = await student(opened, 'Pest');
    teacher.classRoom.send('remove', { studentId: idOf(pest) });
    await until(() => pest.of('goodbye').length === 1, 'removed');

    // Only the teacher locks.
    lin.classRoom.send('lock', { locked: true });
    await until(() => lin.of('error').length === 1, 'a student may not lock the class');
    expect(room.state.locked).toBe(false);
    teacher.classRoom.send('lock', { locked: true });
    await until(() => teacher.classRoom.state.locked === true, 'the teacher sees the class locked');
    expect(lin.classRoom.state.locked).toBe(true);

    for (const name of ['Pest2', 'Newcomer']) {
      await expect(Member.join(server, opened.roomId, { name, rejoinToken: pageToken() })).rejects.toThrow(refusalWire(refusal('class_locked')));
    }
    // Lin's page goes away for good (a closed tab, a laptop asleep past the reconnection window):
    // a locked class keeps her place, and her page's rejoin token is her seat.
    await lin.classRoom.leave(true);
    expect(room.state.students.get(idOf(lin))?.connected).toBe(false);
    const back = track(await Member.join(server, opened.roomId, { name: 'Lin', rejoinToken: token }));
    await until(() => back.of('welcome').length === 1, 'Lin back in');
    expect(idOf(back)).toBe(idOf(lin));
    expect([...room.state.students.values()].map((s) => s.name)).toEqual(['Lin']);

    // Stored with the class's settings: what a restarted room or a reloaded teacher page reads.
    expect(room.deps.classes.getClass(opened.classId)?.settings.locked).toBe(true);

    // Unlocked: a newcomer gets in, and a student who never played and is gone frees their place again.
    const away = await student(opened, 'Away', pageToken()).catch(() => null);
    expect(away).toBeNull();
    teacher.classRoom.send('lock', { locked: false });
    await until(() => teacher.classRoom.state.locked === false, 'unlocked');
    expect(room.deps.classes.getClass(opened.classId)?.settings.locked).toBe(false);
    await student(opened, 'Latecomer');
    expect([...room.state.students.values()].map((s) => s.name).sort()).toEqual(['Latecomer', 'Lin']);
    await back.classRoom.leave(true);
    await until(() => !room.state.students.has(idOf(lin)), 'Lin, gone and never played, is forgotten in an unlocked class');
  });
});

describe('8c. a student removed during a round and let back in', () => {
  it('is not sent back into that round, whose host the bot now plays, and plays the next one', async () => {
    const { opened, teacher } = await newClass({ rounds: 2 });
    const room = classRoomOf(server, opened.roomId);
    const keep = await student(opened, 'Stays');
    const token = pageToken();
    const pest = await student(opened, 'Returns', token);
    const pestId = idOf(pest);
    teacher.classRoom.send('start', {});
    await until(() => [keep, pest].every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated');
    open.push(keep.pairRoom!, pest.pairRoom!);
    const pair = pairRoomOf(server, keep.pairRoom!.roomId);
    teacher.classRoom.send('remove', { studentId: pestId });
    await until(() => pair.round?.hosts[pest.pairSide!].controller === 'bot', 'the bot took the host over');
    teacher.classRoom.send('readmit', { studentId: pestId });
    await until(() => teacher.classRoom.state.teacher?.removed === '[]', 'let back in');
    const back = track(await Member.join(server, opened.roomId, { name: 'Returns', rejoinToken: token }));
    await until(() => back.of('welcome').length === 1 && room.state.students.get(pestId)?.connected === true, 'back in the class');
    teacher.classRoom.send('stop', {});
    await until(() => room.state.phase === 'between', 'round 1 over');
    expect(back.of('pair').filter((m) => m.reservation !== null)).toEqual([]);
    expect(back.of('pair')[0]).toMatchObject({ roundNo: 1, benched: true, reservation: null });
    teacher.classRoom.send('next', {});
    await until(() => back.pairSeat?.roundNo === 2 && back.pairRoom !== null, 'seated in round 2');
    open.push(back.pairRoom!);
    teacher.classRoom.send('end', {});
    await until(() => room.state.phase === 'finished', 'class over');
  });
});

describe('9. guessing join codes behind one school address', () => {
  it('never refuses nor slows a right code, however many wrong ones came from the same address', async () => {
    const { opened } = await newClass();
    const slowedBefore = server.slowed.length;
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await lookUpCode(server, `WR${'ABCDEFGHJKMNPQRSTUV'[i]}NG2`.slice(0, 6))).status);
    expect(statuses).toEqual(Array(15).fill(404));
    // Past ten distinct wrong codes in a minute, each wrong answer waited longer than the last.
    const waits = server.slowed.slice(slowedBefore);
    expect(waits.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
    const right = await lookUpCode(server, opened.code);
    expect(right.status).toBe(200);
    expect(server.slowed.length).toBe(slowedBefore + waits.length);
    // The same wrong code again teaches nothing: it is not counted again (no longer wait than the last).
    const again = (await (await lookUpCode(server, 'WRANG2')).json()) as { slowedMs: number };
    expect(again.slowedMs).toBe(waits.at(-1));
    // A teacher behind the same address is not locked out by wrong tokens either.
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${server.baseUrl}/api/classes/${opened.classId}`, { headers: { 'x-teacher-token': `wrong-token-${i}-xxxxxxxxxxxx` } });
      expect(res.status).toBe(403);
    }
    const teacherInfo = await fetch(`${server.baseUrl}/api/classes/${opened.classId}`, { headers: { 'x-teacher-token': opened.teacherToken } });
    expect(teacherInfo.status).toBe(200);
    server.wallClock += 120_000; // a new window for the tests after this one
  });
});

describe('10. names that pass for someone else', () => {
  it('suffixes a lookalike of a student’s name, refuses the bot’s and teacher’s labels, keeps emoji whole', async () => {
    const { opened } = await newClass();
    const alice = await student(opened, 'Alice');
    const cyrillic = await student(opened, '\u0410lice'); // Cyrillic А
    const struck = await student(opened, 'A\u0336l\u0336i\u0336c\u0336e\u0336');
    expect(idOf(alice)).not.toBe(idOf(cyrillic));
    expect(cyrillic.of('welcome')[0].name).toBe('\u0410lice (2)');
    expect(struck.of('welcome')[0].name).toBe('Alice (3)');
    for (const name of ['🤖 Bot', 'B0T', 'Ｔｅａｃｈｅｒ', '老师', 'bot']) {
      await expect(Member.join(server, opened.roomId, { name, rejoinToken: pageToken() }), name).rejects.toThrow(/bot’s or the teacher’s/);
    }
    const coder = await student(opened, '👩‍💻'.repeat(30));
    const name = coder.of('welcome')[0].name as string;
    expect([...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(name)].map((s) => s.segment)).toEqual(Array(24).fill('👩‍💻'));
  });

  it('seats a student whose name is longer in UTF-16 than a game room’s player name, under that name', async () => {
    const { opened, teacher } = await newClass();
    const coder = await student(opened, '👩‍💻'.repeat(24));
    const other = await student(opened, 'Other');
    teacher.classRoom.send('start', {});
    await until(() => [coder, other].every((s) => s.pairRoom !== null && s.pairSide !== null), 'both seated');
    expect(pairRoomOf(server, coder.pairRoom!.roomId).state.seats.get(coder.pairSide!)!.name).toBe('👩‍💻'.repeat(24));
    open.push(coder.pairRoom!, other.pairRoom!);
  });
});

describe('11. what a student’s class state carries', () => {
  it('a student receives their own pair, side and total and nobody else’s; the teacher receives all', async () => {
    const { opened, teacher } = await newClass({ rounds: 1, timed: true });
    const students = [await student(opened, 'S1'), await student(opened, 'S2'), await student(opened, 'S3')];
    teacher.classRoom.send('start', {});
    await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated');
    await playAllPairs(server, students, (_s, _v, correct) => correct);
    const room = classRoomOf(server, opened.roomId);
    await until(() => room.state.phase === 'finished', 'class over');
    await until(() => students.every((s) => s.classRoom.state.podium !== ''), 'podium reached the students');
    for (const s of students) {
      const decoded = s.classRoom.state.toJSON() as { students: Record<string, { name: string; pairNo?: number; side?: string; total?: number }> };
      for (const [id, seat] of Object.entries(decoded.students)) {
        expect(seat.name).toBeTruthy();
        if (id === idOf(s)) {
          expect(seat.total).toBe(room.state.students.get(id)!.total);
          expect(seat.total).toBeGreaterThan(0);
        } else {
          expect(seat.pairNo, 'another student’s pair').toBeUndefined();
          expect(seat.side, 'another student’s side').toBeUndefined();
          expect(seat.total, 'another student’s total').toBeUndefined();
        }
      }
      expect(JSON.parse(s.classRoom.state.podium)).toHaveLength(3);
    }
    const all = teacher.classRoom.state.toJSON() as { students: Record<string, { total?: number }> };
    for (const s of students) expect(all.students[idOf(s)]!.total).toBe(room.state.students.get(idOf(s))!.total);
    for (const s of students) open.push(s.pairRoom!);
  });
});

describe('13b. a wrong try still open when the round is stopped', () => {
  it('counts as a decision judged wrong on its first try, in the dashboard’s heatmap and in the results: a student stuck on it is not shown as 100% right', async () => {
    const { opened, teacher, a, b, pair } = await twoSeated({ rounds: 1, mode: 'coach' }, ['Stuck', 'Other']);
    await until(() => [a, b].some((s) => s.pairView()?.decision != null), 'a decision is open');
    const stuck = [a, b].find((s) => s.pairView()?.decision != null)!;
    const side = stuck.pairSide!;
    const decision = pair.round!.hosts[side].decision!;
    const right = correctAnswer(pair as never, side)!;
    // The coach refuses a try in the wrong state; the student does not try again before Stop.
    stuck.pairRoom!.send('move', { decisionId: decision.id, move: { ...right, state: right.state === 'ESTABLISHED' ? 'CLOSING' : 'ESTABLISHED' } });
    await until(() => stuck.pairMessages.some((m) => m.type === 'refused'), 'the try refused');
    await until(() => (teacher.dashboard()?.pairs[0]?.hosts[side].judged ?? 0) === 1, 'the dashboard counts it');
    expect(teacher.dashboard()!.pairs[0]!.hosts[side].correct).toBe(0);
    teacher.classRoom.send('stop', {});
    const room = classRoomOf(server, opened.roomId);
    await until(() => room.state.phase === 'finished', 'class over');

    const csv = await csvOf(opened);
    const col = (name: string) => CSV_HEADER.indexOf(name);
    const row = csv.slice(1).find((r) => r[col('student')] === 'Stuck')!;
    expect([row[col('decisions')], row[col('correct')], row[col('accuracy_pct')]]).toEqual(['1', '0', '0']);
    expect(row[col('rule_accuracy')]).toMatch(/=\d+\/\d+/);
    open.push(a.pairRoom!, b.pairRoom!);
  });
});

describe('13c. a wrong try on the decision whose answer ends the round', () => {
  it('counts once, as that decision judged wrong on its first try: the answer closed it, so it is not also a try left open', async () => {
    // The class's default limit is long enough for TIME-WAIT (2×MSL = 240 s) to run out: the
    // client's answer to its end (CLOSED) is the step that ends the round.
    const { opened, teacher, a, b, pair } = await twoSeated({ rounds: 1, mode: 'coach' }, ['Ada', 'Bob']);
    // Every decision: a wrong state first (the coach refuses it), then the right answer.
    const triedWrong = new Set<string>();
    await playAllPairs(server, [a, b], (s, view, correct) => {
      const key = `${s.pairSide}:${view.decision!.id}`;
      if (triedWrong.has(key)) return correct;
      triedWrong.add(key);
      return { ...correct, state: correct.state === 'ESTABLISHED' ? 'CLOSING' : 'ESTABLISHED' };
    });
    expect(pair.round!.endReason).toBe('complete');
    const last = pair.round!.decisions.at(-1)!;
    expect([last.by, last.event.kind, last.expected.state], 'the round ended on a student’s answer: TIME-WAIT’s end').toEqual(['human', 'tick', 'CLOSED']);
    const room = classRoomOf(server, opened.roomId);
    await until(() => room.state.phase === 'finished', 'class over');

    const csv = await csvOf(opened);
    const col = (name: string) => CSV_HEADER.indexOf(name);
    for (const s of [a, b]) {
      const made = pair.round!.decisions.filter((d) => d.side === s.pairSide && d.by === 'human').length;
      const row = csv.slice(1).find((r) => r[col('student')] === s.of('welcome')[0].name)!;
      expect([row[col('decisions')], row[col('correct')]], `${s.of('welcome')[0].name}: each decision once, each wrong on its first try`).toEqual([String(made), '0']);
    }
    await until(() => teacher.dashboard()?.heatmap.some((c) => c.key === 'TIME-WAIT × timer expires') === true, 'the heatmap');
    expect(teacher.dashboard()!.heatmap.map((c) => c.key)).not.toContain('CLOSED × timer expires');
    open.push(a.pairRoom!, b.pairRoom!);
  });
});

describe('13. results of a stopped round', () => {
  it('stores a stopped round as stopped, and thinking time as real time while the decision was open', async () => {
    const { opened, teacher, a, b, pair } = await twoSeated({ rounds: 1 }, ['Thinker', 'Partner']);
    // The first decision opens; a minute of real time goes by before its student answers it.
    await until(() => [a, b].some((s) => s.pairView()?.decision != null), 'the first decision is open');
    const client = [a, b].find((s) => s.pairView()?.decision != null)!;
    const engineBefore = pair.round!.now;
    server.wallClock += 60_000;
    await playAllPairs(server, [a, b], (_s, _v, correct) => correct, 1);
    expect(pair.round!.decisions.length).toBeGreaterThan(0);
    expect(pair.round!.now - engineBefore).toBeLessThan(1_000); // game time hardly moved
    teacher.classRoom.send('stop', {});
    const room = classRoomOf(server, opened.roomId);
    await until(() => room.state.phase === 'finished', 'class over');

    const csv = await csvOf(opened);
    expect(csv[0]).toEqual(CSV_HEADER);
    const col = (name: string) => CSV_HEADER.indexOf(name);
    const rows = csv.slice(1);
    expect(rows.map((r) => r[col('end')])).toEqual(['stopped', 'stopped']);
    const thinker = rows.find((r) => r[col('student')] === client.of('welcome')[0].name)!;
    expect(Number(thinker[col('think_ms')])).toBe(60_000);
    // Every column is explained for the teacher.
    expect(CSV_COLUMNS.every((c) => c.en.length > 10 && c.zh.length > 4)).toBe(true);
    open.push(a.pairRoom!, b.pairRoom!);
  });
});

describe('14b. a student who leaves mid-round', () => {
  it('is named to their partner as gone, the bot playing their host on; the CSV and the summary say from which state the bot played it, and the next round is clean', async () => {
    const { opened, teacher } = await newClass({ rounds: 2 });
    const room = classRoomOf(server, opened.roomId);
    const ada = await student(opened, 'Ada');
    const bob = await student(opened, 'Bob');
    teacher.classRoom.send('start', {});
    await until(() => [ada, bob].every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated');
    const pair = pairRoomOf(server, ada.pairRoom!.roomId);
    const mine = (m: Member) => m.classRoom.state.students.get(idOf(m));
    // Ada makes her first decision; the state it leaves her host in is where she stops.
    for (let i = 0; i < 50 && !pair.round?.decisions.some((d) => d.side === ada.pairSide && d.by === 'human'); i++) {
      await playAllPairs(server, [ada, bob], (_s, _v, correct) => correct, 1);
    }
    const leftIn = playedState(pair.round!, pair.round!.hosts[ada.pairSide!]);
    expect(leftIn).not.toBe('CLOSED');
    expect(mine(bob)?.partnerLeft).toBe(false);

    // She leaves the round (the game's "Leave this round"): the bot takes her host over at once.
    await ada.pairRoom!.leave(true);
    await until(() => pair.round?.hosts[ada.pairSide!].controller === 'bot', 'the bot took her host over');
    await until(() => mine(bob)?.partnerLeft === true, 'Bob told his partner left');
    expect(mine(ada)?.partnerLeft, 'Ada’s own partner did not leave').toBe(false);
    // Her own page learns that her seat is the bot's for the rest of the round; Bob's is still his.
    await until(() => mine(ada)?.left === true, 'Ada told her host is the bot’s now');
    expect(mine(bob)?.left).toBe(false);
    // The teacher's card and Bob's page read the same word from the pair room.
    const card = () => teacher.dashboard()?.pairs.find((p) => p.pairNo === ada.pairSeat!.pairNo)?.hosts[ada.pairSide!];
    await until(() => card()?.controller === 'bot', 'the teacher’s card shows the bot');
    expect(card()).toMatchObject({ name: 'Ada', controller: 'bot', botFrom: leftIn });

    await playAllPairs(server, [bob], (_s, _v, correct) => correct);
    await until(() => room.state.phase === 'between', 'round 1 over');
    const csv = await csvOf(opened);
    const col = (name: string) => CSV_HEADER.indexOf(name);
    const rowOf = (name: string) => csv.slice(1).find((r) => r[col('student')] === name)!;
    expect(rowOf('Ada')[col('bot_from')]).toBe(leftIn);
    expect(rowOf('Bob')[col('bot_from')], 'Bob played his host to the end').toBe('');
    // The bot scored nothing for her: her score is her own decisions'.
    expect(Number(rowOf('Ada')[col('score')])).toBe(pair.round!.hosts[ada.pairSide!].score);
    expect(Number(rowOf('Ada')[col('decisions')])).toBe(pair.round!.decisions.filter((d) => d.side === ada.pairSide && d.by === 'human').length);
    const summary = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/summary`, { headers: { 'x-teacher-token': opened.teacherToken } }).then((r) => r.json());
    expect(summary.results.map((r: { name: string; botFrom?: string }) => [r.name, r.botFrom ?? null]).sort()).toEqual([['Ada', leftIn], ['Bob', null]]);

    // Next round: Ada, still in the class, plays again; nobody's partner has left.
    teacher.classRoom.send('next', {});
    await until(() => room.state.roundNo === 2 && [...room.live.values()].length === 1, 'round 2 open');
    await until(() => mine(bob)?.partnerLeft === false, 'Bob’s line cleared');
    expect(mine(ada)?.left, 'Ada plays round 2 herself').toBe(false);
    open.push(bob.pairRoom!);
    teacher.classRoom.send('end', {});
    await until(() => room.state.phase === 'finished', 'class over');
  });
});

describe('14. no two students play the bot', () => {
  it('the odd student and a latecomer, each seated with the bot in round 1, play each other in round 2', async () => {
    const { opened, teacher } = await newClass();
    const first = [await student(opened, 'Ann'), await student(opened, 'Ben'), await student(opened, 'Cai')];
    const room = classRoomOf(server, opened.roomId);
    teacher.classRoom.send('start', {});
    await until(() => first.every((s) => s.pairRoom !== null), 'round 1 seated');
    const odd = first.find((s) => s.pairSeat!.partner === 'Bot')!;
    // A latecomer comes in mid-round: a pair of their own, with the bot.
    const late = await student(opened, 'Dee');
    await until(() => late.pairRoom !== null, 'the latecomer seated');
    expect(late.pairSeat!.partner).toBe('Bot');
    open.push(...[...first, late].map((s) => s.pairRoom!));

    teacher.classRoom.send('stop', {});
    await until(() => room.state.phase === 'between', 'round 1 over');
    teacher.classRoom.send('next', {});
    const everyone = [...first, late];
    await until(() => everyone.every((s) => s.pairSeat?.roundNo === 2 && s.pairRoom?.roomId === s.pairSeat.roomId), 'round 2 seated');
    expect(everyone.map((s) => s.pairSeat!.partner)).not.toContain('Bot');
    expect(odd.pairSeat!.partner).toBe('Dee');
    expect(late.pairSeat!.partner).toBe(odd.of('welcome')[0].name);
    expect([...room.live.values()].length).toBe(2);
    open.push(...everyone.map((s) => s.pairRoom!));
    teacher.classRoom.send('end', {});
    await until(() => room.state.phase === 'finished', 'class over');
  });
});

describe('15. how long a pair took', () => {
  it('is real time from the round’s start to the pair’s last decision, not the game clock that skips TIME-WAIT’s 2×MSL', async () => {
    const { opened, teacher, a, b, pair } = await twoSeated({ rounds: 1 }, ['Quick', 'Quicker']);
    // Each student takes ten real seconds over each decision; nothing else moves the wall clock.
    let answered = 0;
    await playAllPairs(server, [a, b], (_s, _v, correct) => {
      answered += 1;
      server.wallClock += 10_000;
      return correct;
    });
    expect(pair.round!.endReason).toBe('complete');
    const room = classRoomOf(server, opened.roomId);
    await until(() => room.state.phase === 'finished', 'class over');
    // On the game clock the round lasted TIME-WAIT's 2×MSL (240 s) and more, skipped in no real time...
    expect(pair.round!.now).toBeGreaterThanOrEqual(240_000);
    // ...but the pair took ten seconds a decision.
    const csv = await csvOf(opened);
    const col = (name: string) => CSV_HEADER.indexOf(name);
    expect(col('time_taken_ms')).toBeGreaterThan(0);
    expect(csv.slice(1).map((r) => Number(r[col('time_taken_ms')]))).toEqual([answered * 10_000, answered * 10_000]);
    await until(() => teacher.dashboard()?.pairs[0]?.finished === true, 'the dashboard shows the pair finished');
    expect(teacher.dashboard()!.pairs[0]!.takenMs).toBe(answered * 10_000);
    open.push(a.pairRoom!, b.pairRoom!);
  });
});

describe('15b. how long a pair has taken so far', () => {
  it('moves on in real time on the dashboard while the students think, and the finished pair’s figure continues it', async () => {
    const { opened, teacher, a, b, pair } = await twoSeated({ rounds: 1 }, ['Thinker', 'Ponderer']);
    await until(() => teacher.dashboard()?.pairs[0]?.waiting === false, 'the pair on the dashboard, playing');
    const gameNow = pair.round!.now;
    // Nobody moves for 45.2 real seconds: the pair room publishes nothing, the game clock stands still.
    server.wallClock += 45_200;
    await until(() => teacher.dashboard()?.pairs[0]?.takenMs === 45_200, 'the dashboard counts the real time');
    expect(teacher.dashboard()!.pairs[0]!.now).toBe(gameNow);
    teacher.classRoom.send('stop', {});
    await until(() => teacher.dashboard()?.pairs[0]?.finished === true, 'the pair finished');
    expect(teacher.dashboard()!.pairs[0]!.takenMs).toBe(45_200);
    open.push(a.pairRoom!, b.pairRoom!);
  });
});

describe('16. a student who reloads between rounds', () => {
  it('gets their pair of the round just over back, with the stored round whose Results they can open', async () => {
    const { opened, teacher } = await newClass({ rounds: 2 });
    const token = pageToken();
    const a = await student(opened, 'Reloader', token);
    const b = await student(opened, 'Stayer');
    teacher.classRoom.send('start', {});
    await until(() => [a, b].every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated');
    const seat = a.pairSeat!;
    teacher.classRoom.send('stop', {});
    const room = classRoomOf(server, opened.roomId);
    await until(() => room.state.phase === 'between', 'round 1 over');
    // The round's end already told the page (its game frame still open on Results).
    await until(() => a.of('pair').some((m) => m.over), 'the round’s end sent');
    open.push(a.pairRoom!, b.pairRoom!);

    const back = track(await a.reload(server, token, 'Reloader'));
    await until(() => back.of('pair').length === 1, 'the pair of the round just over sent again');
    const over = back.of('pair')[0];
    expect(over).toMatchObject({ roundNo: 1, pairNo: seat.pairNo, side: seat.side, partner: 'Stayer', roomId: seat.roomId, reservation: null });
    expect(over.over.roundId).toMatch(/^[0-9a-f-]{36}$/);
    // The stored round the game page shows Results from (its writes go out in the next group commit).
    let status = 0;
    for (let i = 0; i < 200 && status !== 200; i++) {
      status = (await fetch(`${server.baseUrl}/api/results/${over.over.roundId}`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(status).toBe(200);
    teacher.classRoom.send('end', {});
    await until(() => room.state.phase === 'finished', 'class over');
  });
});

describe('17. the next round’s scenario, chosen by the teacher in the same class', () => {
  it('refuses an unknown scenario with a clear error and changes nothing; a known one plays next, the students still in their seats, and each round’s rows name its scenario', async () => {
    const { opened, teacher } = await newClass({ rounds: 3 });
    const room = classRoomOf(server, opened.roomId);
    const a = await student(opened, 'Level');
    const b = await student(opened, 'Up');
    const [idA, idB] = [idOf(a), idOf(b)];
    teacher.classRoom.send('start', {});
    await until(() => [a, b].every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated in round 1');
    const round1 = { roomId: a.pairRoom!.roomId, sides: [a.pairSide, b.pairSide] };
    expect(pairRoomOf(server, round1.roomId).round!.settings.scenarioId).toBe('handshake');
    teacher.classRoom.send('stop', {});
    await until(() => room.state.phase === 'between', 'round 1 over');

    // A student may not choose; an unknown scenario, a wrong roles word or a stray field is refused.
    a.classRoom.send('next', { scenarioId: 'lost-syn' });
    await until(() => a.of('error').length === 1, 'a student refused');
    expect(a.of('error')[0]).toMatchObject({ code: 'not_allowed', type: 'next' });
    teacher.classRoom.send('next', { scenarioId: 'no-such-level' });
    teacher.classRoom.send('next', { scenarioId: 'lost-syn', roles: 'shuffle' });
    teacher.classRoom.send('next', { scenarioId: 'lost-syn', rounds: 9 });
    await until(() => teacher.of('error').length === 3, 'three refusals');
    const [unknown, roles, stray] = teacher.of('error');
    expect(unknown).toMatchObject({ code: 'invalid_message', type: 'next', message: 'The "next" message was refused: scenarioId: unknown scenario.' });
    expect(roles).toMatchObject({ code: 'invalid_message', type: 'next' });
    expect(roles.issues[0].path).toBe('roles');
    expect(stray).toMatchObject({ code: 'invalid_message', type: 'next' });
    expect({ phase: room.state.phase, roundNo: room.state.roundNo, scenarioId: room.state.scenarioId, live: room.live.size }).toEqual({ phase: 'between', roundNo: 1, scenarioId: 'handshake', live: 1 });
    expect([...room.live.values()][0]!.roomId).toBe(round1.roomId);

    // The next level, hosts kept: the same two students, on the same class connections.
    teacher.classRoom.send('next', { scenarioId: 'lost-syn', roles: 'keep' });
    await until(() => [a, b].every((s) => s.pairSeat?.roundNo === 2 && s.pairRoom?.roomId === s.pairSeat.roomId && s.pairSide === s.pairSeat.side), 'seated in round 2');
    expect(a.pairRoom!.roomId).not.toBe(round1.roomId);
    expect(pairRoomOf(server, a.pairRoom!.roomId).state.scenarioId).toBe('lost-syn');
    expect([a.pairSide, b.pairSide]).toEqual(round1.sides);
    expect(room.state.scenarioId).toBe('lost-syn');
    expect([a, b].every((s) => s.classRoom.connection.isOpen)).toBe(true);
    expect([...room.state.students.keys()].sort()).toEqual([idA, idB].sort());
    // The teacher's page reads the class's scenario from the API after a reload.
    const info = await fetch(`${server.baseUrl}/api/classes/${opened.classId}`, { headers: { 'x-teacher-token': opened.teacherToken } }).then((r) => r.json());
    expect(info.settings.scenarioId).toBe('lost-syn');
    teacher.classRoom.send('stop', {});
    await until(() => room.state.phase === 'between' && room.state.roundNo === 2, 'round 2 over');

    // The round after: the scenario stays, the hosts swap by default.
    teacher.classRoom.send('next', {});
    await until(() => [a, b].every((s) => s.pairSeat?.roundNo === 3 && s.pairRoom?.roomId === s.pairSeat.roomId && s.pairSide === s.pairSeat.side), 'seated in round 3');
    expect([a.pairSide, b.pairSide]).toEqual([round1.sides[1], round1.sides[0]]);
    teacher.classRoom.send('stop', {});
    await until(() => room.state.phase === 'finished', 'class over');

    const csv = await csvOf(opened);
    const col = (name: string) => CSV_HEADER.indexOf(name);
    const byRound = csv.slice(1).map((r) => `${r[col('round')]} ${r[col('student')]} ${r[col('scenario')]}`).sort();
    expect(byRound).toEqual(['1 Level handshake', '1 Up handshake', '2 Level lost-syn', '2 Up lost-syn', '3 Level lost-syn', '3 Up lost-syn']);
  });
});

describe('18. more rounds for a running class', () => {
  it('refuses a bad count or one past the cap with a clear error and changes nothing; a class over is between rounds again with one more, its podium, CSV and summary counting the new round', async () => {
    const { opened, teacher } = await newClass({ rounds: 1, timed: true });
    const room = classRoomOf(server, opened.roomId);
    const a = await student(opened, 'More');
    const b = await student(opened, 'Rounds');
    teacher.classRoom.send('start', {});
    await until(() => [a, b].every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated in round 1');
    open.push(a.pairRoom!, b.pairRoom!);
    await playAllPairs(server, [a, b], (_s, _v, correct) => correct);
    await until(() => room.state.phase === 'finished' && room.state.podium !== '', 'the class’s only round over, its podium out');
    const podium1 = JSON.parse(room.state.podium) as { name: string; score: number }[];
    expect(podium1.every((p) => p.score > 0)).toBe(true);
    const stored = async (): Promise<{ rounds: number }> =>
      (await fetch(`${server.baseUrl}/api/classes/${opened.classId}`, { headers: { 'x-teacher-token': opened.teacherToken } }).then((r) => r.json())).settings;

    // Only the teacher may add; a count that is not a whole number from 1 to 20, or a stray field, is refused at the door.
    a.classRoom.send('addRounds', { count: 1 });
    await until(() => a.of('error').length === 1, 'a student refused');
    expect(a.of('error')[0]).toMatchObject({ code: 'not_allowed', type: 'addRounds', reason: 'teacher_only', message: 'Only the teacher can do this.' });
    for (const bad of [{ count: 0 }, { count: 1.5 }, { count: 'two' }, { count: 21 }, {}, { count: 1, scenarioId: 'lost-syn' }]) teacher.classRoom.send('addRounds', bad as never);
    await until(() => teacher.of('error').length === 6, 'six bad counts refused');
    expect(teacher.of('error').map((e) => e.code)).toEqual(Array(6).fill('invalid_message'));
    expect(teacher.of('error')[0]).toMatchObject({ type: 'addRounds', issues: [{ path: 'count' }] });
    // Well formed, but past the cap with the round the class has.
    teacher.classRoom.send('addRounds', { count: 20 });
    await until(() => teacher.of('error').length === 7, 'past the cap refused');
    expect(teacher.of('error')[6]).toMatchObject({ code: 'not_allowed', type: 'addRounds', reason: 'too_many_rounds', params: { max: 20, rounds: 1, count: 20 }, message: 'A class has at most 20 rounds: this one has 1, so 20 more do not fit.' });
    expect({ phase: room.state.phase, rounds: room.state.rounds, podium: room.state.podium !== '' }).toEqual({ phase: 'finished', rounds: 1, podium: true });
    expect((await stored()).rounds).toBe(1);

    // One more round: the class is between rounds again, the same students joined, the podium waits for the new last round.
    teacher.classRoom.send('addRounds', { count: 1 });
    await until(() => room.state.phase === 'between' && room.state.rounds === 2, 'between rounds, 2 rounds');
    expect(room.state.podium).toBe('');
    await until(() => [a, b].every((s) => s.classRoom.state.rounds === 2 && s.classRoom.state.podium === ''), 'the students see it');
    expect([a, b].every((s) => s.classRoom.connection.isOpen)).toBe(true);
    expect((await stored()).rounds).toBe(2);
    teacher.classRoom.send('next', {});
    await until(() => [a, b].every((s) => s.pairSeat?.roundNo === 2 && s.pairRoom?.roomId === s.pairSeat.roomId && s.pairSide === s.pairSeat.side), 'seated in round 2');
    open.push(a.pairRoom!, b.pairRoom!);
    await playAllPairs(server, [a, b], (_s, _v, correct) => correct);
    await until(() => room.state.phase === 'finished' && room.state.podium !== '', 'the new last round over, the podium out again');

    // The CSV, the podium and the summary count both rounds.
    const csv = await csvOf(opened);
    const col = (name: string) => CSV_HEADER.indexOf(name);
    const rows = csv.slice(1);
    expect(rows.map((r) => `${r[col('round')]} ${r[col('student')]}`).sort()).toEqual(['1 More', '1 Rounds', '2 More', '2 Rounds']);
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(r[col('student')]!, (totals.get(r[col('student')]!) ?? 0) + Number(r[col('score')]));
    const podium2 = JSON.parse(room.state.podium) as { name: string; score: number }[];
    expect(podium2.map((p) => p.score).sort()).toEqual([...totals.values()].sort());
    for (const p of podium2) expect(p.score).toBeGreaterThan(podium1.find((q) => q.name === p.name)!.score);
    for (const s of [a, b]) expect(room.state.students.get(idOf(s))!.total).toBe(totals.get(s.of('welcome')[0].name));
    const summary = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/summary`, { headers: { 'x-teacher-token': opened.teacherToken } }).then((r) => r.json());
    expect(summary.class.settings.rounds).toBe(2);
    expect(new Set(summary.results.map((r: { roundNo: number }) => r.roundNo))).toEqual(new Set([1, 2]));
    expect(summary.podium).toEqual(JSON.parse(room.state.podium));

    // Up to the cap, and no further.
    teacher.classRoom.send('addRounds', { count: 18 });
    await until(() => room.state.rounds === 20, 'twenty rounds');
    expect(room.state.phase).toBe('between');
    teacher.classRoom.send('addRounds', { count: 1 });
    await until(() => teacher.of('error').length === 8, 'the twenty-first refused');
    expect(teacher.of('error')[7].message).toBe('A class has at most 20 rounds: this one has 20, so 1 more does not fit.');
    expect(room.state.rounds).toBe(20);
    teacher.classRoom.send('end', {});
    await until(() => room.state.phase === 'finished', 'class over');
  });

  it('a class ended before its first round is in its lobby again, and takes students again', async () => {
    const { opened, teacher } = await newClass({ rounds: 1 });
    const room = classRoomOf(server, opened.roomId);
    teacher.classRoom.send('end', {});
    await until(() => room.state.phase === 'finished', 'ended in the lobby');
    await expect(Member.join(server, opened.roomId, { name: 'Late', rejoinToken: pageToken() })).rejects.toThrow(/finished/);
    teacher.classRoom.send('addRounds', { count: 2 });
    await until(() => room.state.phase === 'lobby' && room.state.rounds === 3, 'in the lobby again, 3 rounds');
    const late = await student(opened, 'Late');
    expect(room.state.students.has(idOf(late))).toBe(true);
  });
});
