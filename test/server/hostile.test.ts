/**
 * A hostile client cannot take the server down (issue 15). Whatever a client sends — a message whose
 * type is "*" with the payload where Colyseus' catch-all expects the type, type confusion in every
 * shape msgpack can carry, random bytes after every protocol code, a flood — every room kind answers
 * it with a clear error or closes that one client, the process goes on serving, nothing of it is
 * logged at error level (a client's mistake is a warn-level line), and a fresh player can still
 * play a round to the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { connect } from 'node:net';
import { Client, type Room as SDKRoom } from '@colyseus/sdk';
import { openClass, Member, pairRoomOf, type ClassServer } from '../classroom/classHarness.ts';
import { bootGame, correctAnswer, Player, playRound, serverRoom, until, type GameBooted } from './gameHarness.ts';
import { captureLogger, errorLines, type LogLine } from './harness.ts';

/** Shapes a hostile client can put where a string or an object is expected (msgpack carries all of them). */
const CONFUSIONS: readonly unknown[] = [
  { toString: 'y' },
  { valueOf: 'y' },
  { toString: 'y', valueOf: 'y', toJSON: 'y' },
  { constructor: 'y', hasOwnProperty: 'y' },
  JSON.parse('{"__proto__": {"toString": "y", "valueOf": "y"}}') as unknown,
  { nested: { deeper: [{ toString: 1 }, { valueOf: [] }] } },
  [],
  [1, 'two', null, { toString: 'y' }],
  null,
  0,
  -1,
  1.5,
  2 ** 53,
  '',
  '*',
  'x'.repeat(300),
  true,
];

/** Every way into a room with a type the client chooses: the catch-all, real types, numbers, requests. */
async function barrage(room: SDKRoom<any, any>, realTypes: readonly string[]): Promise<void> {
  for (const payload of CONFUSIONS) {
    room.send('*', payload);
    room.send(42, payload);
    room.send('', payload);
    room.send('no-such-type', payload);
    for (const type of realTypes) room.send(type, payload);
    await room.request('*', payload).catch(() => undefined);
  }
  // {"toJSON": {}} cannot be encoded by the SDK (msgpackr calls toJSON), so it goes as bytes:
  // ROOM_DATA, the type "*" as a fixstr, then the msgpack map.
  room.connection.send(Uint8Array.from([13, 0xa1, 0x2a, 0x81, 0xa6, ...Buffer.from('toJSON'), 0x80]));
  await roundTrip(room);
}

/** Sends what the SDK can encode; a payload it cannot (e.g. a toJSON key) is a raw-frame case. */
function trySend(room: SDKRoom<any, any>, type: string | number, payload: unknown): void {
  try {
    room.send(type, payload);
  } catch {
    // the client's own encoder refused it: nothing reached the server
  }
}

/** Resolves once the room has handled everything this client sent before (frames are in order). */
async function roundTrip(room: SDKRoom<any, any>): Promise<void> {
  await room.request('__round_trip__').catch(() => undefined);
}

async function healthy(booted: GameBooted): Promise<number> {
  return (await fetch(`${booted.baseUrl}/api/health`)).status;
}

function errorsOf(player: { of(type: string): unknown[] }): { code: string; type: string }[] {
  return player.of('error') as { code: string; type: string }[];
}

const ROUND_TYPES = ['move', 'hint', 'resign', 'quiz', 'rematch', 'swap'] as const;
const CLASS_TYPES = ['start', 'next', 'stop', 'repair', 'spectate', 'readmit', 'end'] as const;

let booted: GameBooted;
let lines: LogLine[];

beforeAll(async () => {
  const captured = captureLogger('info');
  lines = captured.lines;
  // A generous hard cap: these tests send fast on purpose; flooding has its own test below.
  booted = await bootGame({}, { messageLimits: { ratePerSecond: 1000, burst: 1000, hardMaxPerSecond: 100_000, maxBytes: 2048 } }, captured.log);
});

afterAll(async () => {
  await booted?.colyseus.shutdown();
});

/** A fresh player plays a coached practice round to its end with the right answers. */
async function aFreshPlayerCanStillPlay(): Promise<void> {
  const player = await Player.join(booted, (c) => c.create('practice', { name: 'after', scenarioId: 'handshake', mode: 'coach' }));
  const room = serverRoom(booted, player);
  await playRound(room, [player], (p, _view, r) => correctAnswer(r, p.side!));
  expect(room.round?.finished).toBe(true);
  expect(room.round?.hosts[player.side!].correct).toBeGreaterThan(0);
  await player.room.leave();
}

describe('type confusion reaches every handler of every room kind, and the server keeps serving', () => {
  it('practice, challenge and duel rooms answer "*" (and every other confusion) with unknown_type, not a crash', async () => {
    const practice = await Player.join(booted, (c) => c.create('practice', { name: 'p' }));
    const challenge = await Player.join(booted, (c) => c.create('challenge', { name: 'c', scenarioId: 'handshake' }));
    const host = await Player.join(booted, (c) => c.create('duel', { name: 'a', private: true }));
    const guest = await Player.join(booted, (c) => c.joinById(host.room.roomId, { name: 'b' }));
    for (const player of [practice, challenge, host, guest]) await barrage(player.room, ROUND_TYPES);
    for (const player of [practice, challenge, host, guest]) {
      const errors = errorsOf(player);
      expect(errors.filter((e) => e.code === 'unknown_type' && e.type === '*').length).toBeGreaterThanOrEqual(CONFUSIONS.length);
      expect(errors.some((e) => e.code === 'invalid_message' && e.type === 'move')).toBe(true);
      expect(player.room.connection.isOpen).toBe(true);
    }
    expect(await healthy(booted)).toBe(200);
    expect(errorLines(lines)).toEqual([]);
    for (const player of [practice, challenge, host, guest]) await player.room.leave();
    await aFreshPlayerCanStillPlay();
  });

  it('class and class-pair rooms do too, for the teacher and for students', async () => {
    const server = booted as unknown as ClassServer;
    const opened = await openClass(server, { name: 'Hostile 101', settings: { scenarioId: 'handshake', mode: 'coach', rounds: 1, timed: false } });
    const teacher = await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken });
    const students = [await Member.join(server, opened.roomId, { name: 'Ann' }), await Member.join(server, opened.roomId, { name: 'Bo' })];
    await until(() => students.every((s) => s.of('welcome').length === 1), 'students welcomed');
    for (const member of [teacher, ...students]) await barrage(member.classRoom, CLASS_TYPES);
    teacher.classRoom.send('start', {});
    await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'students seated in their pair room');
    for (const s of students) await barrage(s.pairRoom!, ROUND_TYPES);
    for (const member of [teacher, ...students]) {
      expect(member.of('error').filter((e: { code: string; type: string }) => e.code === 'unknown_type' && e.type === '*').length).toBeGreaterThanOrEqual(CONFUSIONS.length);
      expect(member.classRoom.connection.isOpen).toBe(true);
    }
    for (const s of students) {
      expect(s.pairMessages.filter((m) => m.type === 'error' && m.message.code === 'unknown_type' && m.message.type === '*').length).toBeGreaterThanOrEqual(CONFUSIONS.length);
      expect(s.pairRoom!.connection.isOpen).toBe(true);
      expect(pairRoomOf(server, s.pairRoom!.roomId).round?.finished).toBe(false);
    }
    expect(await healthy(booted)).toBe(200);
    expect(errorLines(lines)).toEqual([]);
    for (const s of students) {
      await s.pairRoom?.leave();
      await s.classRoom.leave();
    }
    await teacher.classRoom.leave();
  });
});

/** Message types: the rooms' own, the catch-all's key, and whatever else a client may type. */
const typeArb = fc.oneof(
  fc.constantFrom('*', '_', ...ROUND_TYPES, ...CLASS_TYPES, 'error', 'seat', '__proto__', 'constructor', 'toString'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 300 }),
);
/** Payloads: anything msgpack carries, with the keys that trip naive code. */
const payloadArb = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: false }),
  fc.dictionary(fc.constantFrom('toString', 'valueOf', 'toJSON', '__proto__', 'constructor', 'decisionId', 'move', 'cardId', 'choice', 'pairNo'), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.record({ decisionId: fc.anything({ maxDepth: 1 }), move: fc.anything({ maxDepth: 3 }) }),
);
/** A raw frame: a protocol code (or any byte) followed by random bytes. */
const frameArb = fc
  .tuple(fc.constantFrom(10, 12, 13, 17, 18, 19, 20, 21, 0, 141, 255), fc.uint8Array({ maxLength: 48 }))
  .map(([code, rest]) => Uint8Array.from([code, ...rest]));

describe('fuzzed (seeded, bounded): the server answers every message and frame, never exits, logs no error', () => {
  const kinds = [
    { kind: 'practice', open: (c: Client) => c.create('practice', { name: 'fuzz' }) },
    { kind: 'challenge', open: (c: Client) => c.create('challenge', { name: 'fuzz', scenarioId: 'lost-syn' }) },
    { kind: 'duel', open: (c: Client) => c.create('duel', { name: 'fuzz', private: true }) },
  ] as const;

  for (const { kind, open } of kinds) {
    it(`${kind}: typed messages with fuzzed types and payloads`, async () => {
      const sdk = new Client(booted.baseUrl);
      const room = await open(sdk);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(typeArb, payloadArb), { minLength: 1, maxLength: 25 }), async (messages) => {
          for (const [type, payload] of messages) trySend(room, type, payload);
          await roundTrip(room);
          return room.connection.isOpen;
        }),
        { seed: 15_001, numRuns: 20 },
      );
      expect(await healthy(booted)).toBe(200);
      expect(errorLines(lines)).toEqual([]);
      await room.leave();
    });

    it(`${kind}: raw frames after every protocol code`, async () => {
      const sdk = new Client(booted.baseUrl);
      let room = await open(sdk);
      let closedByServer = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 10 }), async (frames) => {
          for (const frame of frames) {
            if (!room.connection.isOpen) break;
            room.connection.send(frame);
          }
          if (room.connection.isOpen) await roundTrip(room);
          // A frame that cannot be read may close this client: it alone, and a new one gets in.
          if (!room.connection.isOpen) {
            closedByServer += 1;
            room = await open(new Client(booted.baseUrl));
          }
          return (await healthy(booted)) === 200;
        }),
        { seed: 15_002, numRuns: 30 },
      );
      expect(closedByServer).toBeLessThan(30);
      expect(errorLines(lines)).toEqual([]);
      if (room.connection.isOpen) await room.leave();
      await aFreshPlayerCanStillPlay();
    });
  }

  it('after all of it, client mistakes were logged at warn level, each line naming its client and room', () => {
    const mistakes = lines.filter((l) => l.level === 40 && l.msg.startsWith('client mistake'));
    expect(mistakes.length).toBeGreaterThan(0);
    for (const line of mistakes.filter((l) => l['kind'] === 'bad-message')) {
      expect(typeof line['roomId']).toBe('string');
      expect(typeof line['sessionId']).toBe('string');
    }
    expect(errorLines(lines)).toEqual([]);
  });
});

/** One request over a raw socket (what a browser or the SDK would never send); resolves with the status line. */
function rawRequest(port: number, text: string | Buffer, opts: { endAfterWrite?: boolean } = {}): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n', 2);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.write(text);
    if (opts.endAfterWrite) socket.end();
  });
}

describe('HTTP: a bad request is answered at once and closed, before anything reads it', () => {
  const port = (): number => Number(new URL(booted.baseUrl).port);

  it('a Host header that makes no URL gets 400 on the API, the matchmaker, pages and the WebSocket upgrade', async () => {
    for (const host of ['a b', '[', 'x]:y', '::::']) {
      for (const [method, path] of [['GET', '/api/health'], ['POST', '/matchmake/create/practice'], ['GET', '/class.html'], ['POST', '/api/classes/join']] as const) {
        const r = await rawRequest(port(), `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
        expect(r.status, `${method} ${path} with Host "${host}"`).toBe(400);
        expect(JSON.parse(r.body)).toMatchObject({ error: 'bad_request' });
      }
      const upgrade = await rawRequest(
        port(),
        `GET /p/r?sessionId=s HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      expect(upgrade.status).toBe(400);
    }
    expect(await healthy(booted)).toBe(200);
    expect(errorLines(lines)).toEqual([]);
  });

  it('a 32 MiB body to the matchmaker is refused from its Content-Length alone (413); chunked bodies get 411', async () => {
    // Only the head is sent: the answer comes without the server waiting for (or reading) a byte of body.
    const big = await rawRequest(port(), `POST /matchmake/create/practice HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${32 * 1024 * 1024}\r\n\r\n`);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: 'body_too_large' });
    const api = await rawRequest(port(), `POST /api/classes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`);
    expect(api.status).toBe(413);
    const chunked = await rawRequest(port(), `POST /matchmake/create/practice HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`);
    expect(chunked.status).toBe(411);
    // A normal-sized create still works.
    const ok = await fetch(`${booted.baseUrl}/matchmake/create/practice`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ok' }) });
    expect(ok.status).toBe(200);
  });

  it('a refused create of a class or class-pair room is a 4xx with a reason and logs no error', async () => {
    for (const [room, body] of [['class', {}], ['class', { classId: 'nope' }], ['class-pair', {}], ['class-pair', { classPair: { openKey: 'x'.repeat(20) } }]] as const) {
      const res = await fetch(`${booted.baseUrl}/matchmake/create/${room}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, `${room} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as { error?: string }).error).toBeTruthy();
    }
    // onDispose runs after the refusal: give it the turn it needs, then look at the log.
    await new Promise((resolve) => setImmediate(resolve));
    expect(errorLines(lines)).toEqual([]);
  });

  it('fuzzed request heads (seeded): every one is answered and closed; the server keeps serving', async () => {
    const token = fc.stringMatching(/^[!-~]{0,12}$/);
    const head = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'XYZ'),
      path: fc.oneof(fc.constantFrom('/', '/api/health', '/api/results/%zz', '/api/leaderboard/%E0%A4%A', '/matchmake/joinOrCreate/duel', '/matchmake/create/../etc', '//', '/%', '/class.html?code=%', '/assets/../../x'), token.map((t) => `/${t}`)),
      host: fc.oneof(fc.constant('localhost'), token),
      proto: fc.option(fc.constantFrom('http', 'https', 'ftp', 'a b', ''), { nil: undefined }),
      body: fc.option(fc.oneof(fc.json({ maxDepth: 2 }), token), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(head, async (h) => {
        const body = h.body ?? '';
        const text =
          `${h.method} ${h.path} HTTP/1.1\r\nHost: ${h.host}\r\nConnection: close\r\n` +
          (h.proto === undefined ? '' : `X-Forwarded-Proto: ${h.proto}\r\n`) +
          (body === '' ? '' : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`) +
          `\r\n${body}`;
        const r = await rawRequest(port(), text);
        return r.status >= 100 && r.status < 600 && r.status !== 500;
      }),
      { seed: 15_003, numRuns: 120 },
    );
    expect(await healthy(booted)).toBe(200);
    expect(errorLines(lines)).toEqual([]);
  });
});
