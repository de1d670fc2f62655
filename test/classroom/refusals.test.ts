/**
 * A class's refusals reach the page as codes (shared/refusals.ts), through the real SDK and HTTP:
 * a join refused by the class room (full, finished, a reserved or removed name, no name, a wrong
 * teacher link), a teacher's button refused in the wrong phase, and the classroom API's own (no
 * class with this code, bad settings, no teacher link). The page words each from its code.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRefusal } from '../../shared/refusals.ts';
import { bootClassServer, lookUpCode, Member, openClass, stopClassServer, tempDbPath, until, type ClassServer, type OpenedClass } from './classHarness.ts';

let server: ClassServer;
const members: Member[] = [];

beforeAll(async () => {
  server = await bootClassServer(tempDbPath(), 'dist', 2);
});

afterAll(async () => {
  for (const m of members) if ((m.classRoom as { connection?: { isOpen?: boolean } }).connection?.isOpen) await m.classRoom.leave().catch(() => undefined);
  await stopClassServer(server);
});

const pageToken = (): string => randomBytes(18).toString('base64url');

async function join(opened: OpenedClass, options: Record<string, unknown>): Promise<Member> {
  const m = await Member.join(server, opened.roomId, options);
  members.push(m);
  return m;
}

/** What the page reads from a refused join: its code, parameters and status. */
async function refusedJoin(opened: OpenedClass, options: Record<string, unknown>): Promise<ReturnType<typeof readRefusal>> {
  const error = await join(opened, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `a join with ${JSON.stringify(options)} is refused`).not.toBeNull();
  return readRefusal(error);
}

describe('a join the class refuses', () => {
  it('says why by its code: full, a reserved name, no name, a wrong teacher link, a removed name, a class over', async () => {
    const opened = await openClass(server, { name: 'Codes', settings: { scenarioId: 'handshake', rounds: 1, maxStudents: 1 } });
    const teacher = await join(opened, { teacherToken: opened.teacherToken });
    const ada = await join(opened, { name: 'Ada', rejoinToken: pageToken() });
    await until(() => ada.of('welcome').length === 1, 'Ada in');

    expect(await refusedJoin(opened, { name: 'Bea', rejoinToken: pageToken() })).toMatchObject({ code: 'class_full', status: 409, message: 'This class is full: ask your teacher.' });
    expect(await refusedJoin(opened, { name: 'Bot', rejoinToken: pageToken() })).toMatchObject({ code: 'reserved_name', status: 400 });
    expect(await refusedJoin(opened, { name: '   ', rejoinToken: pageToken() })).toMatchObject({ code: 'enter_name', status: 400 });
    expect(await refusedJoin(opened, { teacherToken: 'x'.repeat(32) })).toMatchObject({ code: 'wrong_teacher_link', status: 403 });
    expect(await refusedJoin(opened, { nonsense: 1 })).toMatchObject({ code: 'join_options', status: 400 });

    // Removed: by name from another browser, and by the removed page's own token.
    teacher.classRoom.send('remove', { studentId: ada.of('welcome')[0].studentId });
    await until(() => ada.of('goodbye').length === 1, 'Ada removed');
    expect(await refusedJoin(opened, { name: 'Ada', rejoinToken: pageToken() })).toMatchObject({ code: 'removed_name', status: 403 });

    teacher.classRoom.send('end', {});
    await until(() => teacher.classRoom.state.phase === 'finished', 'class over');
    expect(await refusedJoin(opened, { name: 'Cy', rejoinToken: pageToken() })).toMatchObject({ code: 'class_finished', status: 409 });
  });

  it('a teacher’s button in the wrong phase: the error message names what, with its parameters', async () => {
    const opened = await openClass(server, { name: 'Buttons', settings: { scenarioId: 'handshake', rounds: 10 } });
    const teacher = await join(opened, { teacherToken: opened.teacherToken });
    teacher.classRoom.send('start', {});
    teacher.classRoom.send('addRounds', { count: 9 });
    teacher.classRoom.send('addRounds', { count: 3 });
    teacher.classRoom.send('spectate', { pairNo: 4 });
    await until(() => teacher.of('error').length === 3, 'three refusals');
    expect(teacher.of('error').map((e) => readRefusal(e))).toEqual([
      { code: 'nobody_joined', params: {}, message: 'Nobody has joined yet: start once students are in.', status: null },
      { code: 'too_many_rounds', params: { max: 20, rounds: 19, count: 3 }, message: 'A class has at most 20 rounds: this one has 19, so 3 more do not fit.', status: null },
      { code: 'pair_not_playing', params: { pair: 4 }, message: 'Pair 4 is not playing now.', status: null },
    ]);
  });
});

describe('the classroom API', () => {
  it('refuses with a code and parameters in the body', async () => {
    const lookedUp = await lookUpCode(server, 'ZZZZZZ');
    expect(lookedUp.status).toBe(404);
    expect(await lookedUp.json()).toMatchObject({ code: 'no_class', params: {}, message: 'No open class has this code.' });

    const bad = await fetch(`${server.baseUrl}/api/classes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'X', settings: { rounds: 99 } }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid_class', params: { fields: 'settings.rounds' } });

    const noLink = await fetch(`${server.baseUrl}/api/classes/nope`);
    expect(noLink.status).toBe(403);
    expect(await noLink.json()).toMatchObject({ code: 'not_teacher', params: {} });
  });
});
