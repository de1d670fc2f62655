/**
 * A class of forty as a real classroom treats it: three students double-click Join (two connections
 * racing with one rejoin token), five reload mid-round. The class plays two rounds; nobody is
 * benched (every present student plays with a human partner, never the bot), and every pair the
 * server opened is on the teacher's dashboard and finishes.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootClassServer, classRoomOf, Member, openClass, pairRoomOf, playAllPairs, stopClassServer, tempDbPath, until, type ClassServer } from './classHarness.ts';

const CLASS_SIZE = 40;
const DOUBLE_JOINS = 3;
const RELOADS = 5;
/** Long enough for five reloads at once on two busy cores (see classLife.test.ts). */
const RECONNECT_SECONDS = 6;
let server: ClassServer;
const rooms: { leave(): Promise<unknown>; connection: { isOpen: boolean } }[] = [];

beforeAll(async () => {
  server = await bootClassServer(tempDbPath(), 'dist', RECONNECT_SECONDS);
});

afterAll(async () => {
  for (const r of rooms) if (r.connection.isOpen) await r.leave().catch(() => undefined);
  await stopClassServer(server);
});

it('plays two rounds with 5 reloads and 3 double joins: nobody benched, every pair on the dashboard', { timeout: 240_000 }, async () => {
  const opened = await openClass(server, { name: 'Busy 101', settings: { scenarioId: 'handshake', mode: 'consequences', rounds: 2 } });
  const teacher = await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken });
  rooms.push(teacher.classRoom);
  const room = classRoomOf(server, opened.roomId);
  const tokens = new Map<string, string>();
  let students: Member[] = [];
  for (let i = 0; i < CLASS_SIZE; i++) {
    const name = `Student ${String(i).padStart(2, '0')}`;
    const token = randomBytes(18).toString('base64url');
    tokens.set(name, token);
    const joins = i < DOUBLE_JOINS ? 2 : 1;
    const members = await Promise.all(Array.from({ length: joins }, () => Member.join(server, opened.roomId, { name, rejoinToken: token })));
    for (const m of members) rooms.push(m.classRoom);
    // Of a double join, the newer connection is the student; the older one is closed.
    await until(() => members.filter((m) => m.classRoom.connection.isOpen).length === 1, `${name}: one connection left`);
    students.push(members.find((m) => m.classRoom.connection.isOpen)!);
  }
  await until(() => students.every((s) => s.of('welcome').length === 1), 'everyone welcomed');
  expect(room.state.students.size).toBe(CLASS_SIZE);
  const idOf = (m: Member): string => m.of('welcome')[0].studentId;
  const nameOf = (m: Member): string => m.of('welcome')[0].name;

  teacher.classRoom.send('start', {});
  await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'everyone seated', 30_000);
  for (const s of students) rooms.push(s.pairRoom!);

  // Five pages reload mid-round and come straight back to their seats.
  const reloaded = students.slice(10, 10 + RELOADS);
  const fresh = await Promise.all(reloaded.map((s) => s.reload(server, tokens.get(nameOf(s))!, nameOf(s))));
  students = students.map((s) => fresh[reloaded.indexOf(s)] ?? s);
  for (const f of fresh) rooms.push(f.classRoom);
  await until(() => fresh.every((s) => s.pairRoom !== null && s.pairSide !== null), 'the reloaded are back in their seats');
  for (const f of fresh) rooms.push(f.pairRoom!);

  await playAllPairs(server, students, (_s, _v, correct) => correct);
  await until(() => room.state.phase === 'between', 'round 1 over', 30_000);
  // The reloaded pages' old connections run out; every student is still present.
  await until(() => students.every((s) => room.attendance.sessionsOf(idOf(s)).length === 1), 'old connections gone', (RECONNECT_SECONDS + 20) * 1000);
  expect([...room.state.students.values()].filter((s) => !s.connected)).toEqual([]);
  await until(() => teacher.dashboard()?.pairs.length === CLASS_SIZE / 2 && teacher.dashboard()!.pairs.every((p) => p.finished), 'round 1 on the dashboard');

  teacher.classRoom.send('next', {});
  const seatedForTwo = (s: Member) => s.pairSeat?.roundNo === 2 && s.pairRoom?.roomId === s.pairSeat.roomId && s.pairSide === s.pairSeat.side;
  await until(() => students.every(seatedForTwo), 'everyone seated for round 2', 30_000);
  for (const s of students) rooms.push(s.pairRoom!);
  // Nobody benched: every student has a human partner, and the bot plays no host.
  for (const s of students) expect(s.pairSeat!.partner, nameOf(s)).not.toBe('Bot');
  const pairRooms = new Set(students.map((s) => s.pairRoom!.roomId));
  expect(pairRooms.size).toBe(CLASS_SIZE / 2);
  for (const id of pairRooms) {
    const pair = pairRoomOf(server, id);
    await until(() => pair.round !== null, 'round 2 under way');
    expect([pair.round!.hosts.client.controller, pair.round!.hosts.server.controller]).toEqual(['human', 'human']);
  }
  await until(() => teacher.dashboard()?.roundNo === 2 && teacher.dashboard()!.pairs.length === CLASS_SIZE / 2, 'every round-2 pair on the dashboard');

  await playAllPairs(server, students, (_s, _v, correct) => correct);
  await until(() => room.state.phase === 'finished', 'class over', 30_000);
  await until(() => teacher.dashboard()!.pairs.every((p) => p.finished), 'round 2 finished on the dashboard');
  expect(new Set(teacher.dashboard()!.pairs.map((p) => p.endReason))).toEqual(new Set(['complete']));
  const summary = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/summary`, { headers: { 'x-teacher-token': opened.teacherToken } });
  const body = (await summary.json()) as { results: { studentId: string; partner: string }[] };
  expect(body.results).toHaveLength(CLASS_SIZE * 2);
  expect(body.results.filter((r) => r.partner === 'Bot')).toEqual([]);
});
