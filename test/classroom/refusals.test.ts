/**
 * A class's refusals reach the page as codes (shared/refusals.ts), through the real SDK and HTTP:
 * a join refused by the class room (full, finished, a reserved or removed name, no name, a wrong
 * teacher link), a teacher's button refused in the wrong phase, the classroom API's own (no
 * class with this code, bad settings, no teacher link), and the HTTP server's door (a body too
 * large, a body of unknown length, a Host that makes no URL). The page words each from its code.
 */
import { connect } from 'node:net';
import type { i18n } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRefusal } from '../../shared/refusals.ts';
import { json } from '../../client/classroom/api.ts';
import { refusalText } from '../../client/i18n/refusal.ts';
import { translators } from '../support/translators.ts';
import { bootClassServer, lookUpCode, Member, openClass, pageToken, stopClassServer, tempDbPath, until, type ClassServer, type OpenedClass } from './classHarness.ts';

let server: ClassServer;
const members: Member[] = [];

beforeAll(async () => {
  server = await bootClassServer(tempDbPath(), 'dist', 2);
});

afterAll(async () => {
  for (const m of members) if ((m.classRoom as { connection?: { isOpen?: boolean } }).connection?.isOpen) await m.classRoom.leave().catch(() => undefined);
  await stopClassServer(server);
});

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

describe('what a student’s class page sends: a fresh seat for its game (reseat)', () => {
  it('refused outside a round, and a stray field named by itself: worded from the code and field names, never zod’s English', async () => {
    const tr = await translators();
    const opened = await openClass(server, { name: 'Reseat', settings: { scenarioId: 'handshake', rounds: 1 } });
    const ada = await join(opened, { name: 'Ada', rejoinToken: pageToken() });
    await until(() => ada.of('welcome').length === 1, 'Ada in');
    ada.classRoom.send('reseat', {});
    ada.classRoom.send('reseat', { roomId: 'abc' } as never);
    await until(() => ada.of('error').length === 2, 'two refusals');
    const [lobby, stray] = ada.of('error');
    expect(readRefusal(lobby)).toEqual({ code: 'no_round_for_you', params: {}, message: 'No round is being played for you now.', status: null });
    expect(lobby).toMatchObject({ code: 'not_allowed', type: 'reseat' });
    expect(readRefusal(stray)).toMatchObject({ code: 'invalid_message', params: { type: 'reseat', fields: 'roomId' } });
    // zod's own words travel for logs and scripts (message, issues); the page says the sentence of the code.
    expect(stray.issues[0].message).toMatch(/Unrecognized key/);
    expect(refusalText(stray, (k, p) => tr['zh-CN'].t(k, p))).toBe('服务器无法接受这条“reseat”消息（请检查 roomId）。');
    expect(refusalText(stray, (k, p) => tr.en.t(k, p))).toBe('The server could not accept this “reseat” message (check roomId).');
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

describe('the door of the HTTP server (server/httpGate.ts)', () => {
  let tr: Record<'en' | 'zh-CN', i18n>;
  beforeAll(async () => {
    tr = await translators();
  });
  /** What the classroom page shows for this answer (client/classroom/api.ts, then refusalText), in each language. */
  async function shown(res: Response): Promise<{ en: string; zh: string }> {
    const error = await json(res).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, `HTTP ${res.status} is a refusal`).not.toBeNull();
    return { en: refusalText(error, (k, p) => tr.en.t(k, p)), zh: refusalText(error, (k, p) => tr['zh-CN'].t(k, p)) };
  }

  it('a body too large: 413 with a code, its sizes, the English, and the gate’s own field; the page reads it in Chinese', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(9000), settings: {} });
    const res = await fetch(`${server.baseUrl}/api/classes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    const bytes = Buffer.byteLength(body);
    expect(await res.clone().json()).toEqual({
      code: 'body_too_large',
      params: { bytes, max: 8192 },
      message: `The request is too large for the server: ${bytes} bytes, where at most 8192 are accepted.`,
      detail: `The request body is ${bytes} bytes; /api/classes accepts at most 8192.`,
      error: 'body_too_large',
    });
    expect(await shown(res)).toEqual({
      en: `The request is too large for the server: ${bytes} bytes, where at most 8192 are accepted.`,
      zh: `请求太大，服务器无法接受：共 ${bytes} 字节，最多只接受 8192 字节。`,
    });
  });

  it('a body of unknown length (chunked): 411 with its code; the page reads it in Chinese', async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"code":"ABCDEF"}'));
        controller.close();
      },
    });
    const res = await fetch(`${server.baseUrl}/api/classes/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(411);
    expect(await res.clone().json()).toMatchObject({ code: 'length_required', params: {}, error: 'length_required' });
    expect((await shown(res)).zh).toBe('请求没有说明自己的长度（Content-Length）：服务器不接受长度未知的内容。');
  });

  it('a Host that makes no URL: 400 with the code bad_request, the detail saying which header', async () => {
    const port = Number(new URL(server.baseUrl).port);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(data));
      socket.write('GET /api/health HTTP/1.1\r\nHost: a b\r\n\r\n');
    });
    const [head = '', text = ''] = raw.split('\r\n\r\n', 2);
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(text)).toEqual({
      code: 'bad_request',
      params: {},
      message: 'The server could not handle this request: reload the page and try again.',
      detail: 'Bad request: the Host header "a b" is not a host name.',
      error: 'bad_request',
    });
  });
});
