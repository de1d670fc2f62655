/**
 * Two game server processes behind one Redis (RedisPresence + RedisDriver) and one SQLite file, as
 * the README's "Growing beyond one laptop" runs them: each started from `node server/main.ts` with
 * its own port and public address. SDK clients connect to either process; wherever a room lands,
 * players matched through the other process reach it, play it, and the class dashboard, the stored
 * results and the rate limits are the same from both processes. Nothing here can look inside a
 * process: players answer from their own views (textbook.ts), the rest is asserted from what clients,
 * HTTP and Redis say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { Client } from '@colyseus/sdk';
import type { Move } from '../../shared/game/move.ts';
import type { RoundView } from '../../shared/game/views.ts';
import { readView } from '../../shared/game/viewEntries.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { Member, type OpenedClass } from '../classroom/classHarness.ts';
import { Player, until } from '../server/gameHarness.ts';
import { hostOfRoom, redisServerPath, startGameServer, startRedis, tempDir, waitFor, type GameServerProcess, type RedisServer } from './cluster.ts';
import { textbookMove } from './textbook.ts';
import { CLOSE_OPENED_ELSEWHERE } from '../../shared/protocol.ts';

// Fails the suite, loudly, on a machine without redis-server (npm run pretest installs it).
redisServerPath();

const dir = tempDir('tcp-dojo-scale-');
let redis: RedisServer;
let a: GameServerProcess;
let b: GameServerProcess;
const rooms: { leave(consented?: boolean): Promise<unknown> }[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const dbPath = join(dir, 'dojo.sqlite');
  // Both at once, on a database file neither has created yet.
  [a, b] = await Promise.all([
    startGameServer({ name: 'A', redisUrl: redis.url, dbPath }),
    startGameServer({ name: 'B', redisUrl: redis.url, dbPath }),
  ]);
});

afterAll(async () => {
  for (const room of rooms) await room.leave().catch(() => undefined);
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function track<T extends { leave(consented?: boolean): Promise<unknown> }>(room: T): T {
  rooms.push(room);
  return room;
}

async function player(server: GameServerProcess, how: (client: Client) => Promise<Player['room']>): Promise<Player> {
  const p = new Player(track(await how(new Client(server.baseUrl))));
  await until(() => p.side !== null, 'seat message', 10_000);
  return p;
}

/** Which process a room lives on, by name. */
async function hostName(roomId: string): Promise<'A' | 'B'> {
  const address = await hostOfRoom(redis, roomId);
  if (address === a.publicAddress) return 'A';
  if (address === b.publicAddress) return 'B';
  throw new Error(`room ${roomId} is on no known process (${address})`);
}

/**
 * Answers every decision of one player from its own view until the round is over, the way a
 * person at a client would: wait for a new decision, send a move, repeat.
 */
async function playOut(view: () => RoundView | null, send: (decisionId: number, move: Move) => void, refusals: () => number, answer: (v: RoundView) => Move = textbookMove): Promise<RoundView> {
  let answered = -1;
  const refusedBefore = refusals();
  for (;;) {
    await until(() => {
      const v = view();
      return refusals() > refusedBefore || (v !== null && (v.finished || (v.decision !== null && v.decision.id !== answered)));
    }, 'a decision or the end of the round', 20_000);
    if (refusals() > refusedBefore) throw new Error('a move was refused');
    const v = view()!;
    if (v.finished) return v;
    answered = v.decision!.id;
    send(answered, answer(v));
  }
}

const playDuelSide = (p: Player) =>
  playOut(
    () => p.view(),
    (decisionId, move) => p.room.send('move', { decisionId, move }),
    () => p.errors().length + p.of('refused').length,
  );

describe('two game server processes on one Redis', () => {
  it('runs both processes on the shared Redis and database', async () => {
    for (const s of [a, b]) {
      const health = (await (await fetch(`${s.baseUrl}/api/health`)).json()) as { status: string; database: string };
      expect(health).toMatchObject({ status: 'ok', database: 'ok' });
    }
  });

  it('lets a duel opened through A be joined by its code through B, and played to the end', async () => {
    const alice = await player(a, (c) => c.create('duel', { scenarioId: 'handshake', private: true, name: 'Alice' }));
    const code = alice.room.roomId;
    expect(code).toMatch(/^[23456789A-HJKMNP-Z]{5}$/);
    const bob = await player(b, (c) => c.joinById(code, { name: 'Bob' }));
    expect(bob.room.roomId).toBe(code);
    expect([alice.side, bob.side]).toEqual(['client', 'server']);
    expect(['A', 'B']).toContain(await hostName(code));

    const [aliceEnd, bobEnd] = await Promise.all([playDuelSide(alice), playDuelSide(bob)]);
    expect(aliceEnd.endReason).toBe('complete');
    // Once over, both players see both hosts, and agree on every score.
    expect(bobEnd.hosts).toEqual(aliceEnd.hosts);
    expect(aliceEnd.hosts.client.state).toBe('CLOSED');
    const verdicts = [...(alice.of('verdict') as { verdict: { correct: boolean } }[]), ...(bob.of('verdict') as { verdict: { correct: boolean } }[])];
    expect(verdicts.length).toBeGreaterThanOrEqual(10);
    expect(verdicts.every((v) => v.verdict.correct)).toBe(true);
    await until(() => alice.room.state.seats.get('server')?.score === bobEnd.hosts.server.score, 'scores in the state');
    expect(alice.room.state.seats.get('client')!.score).toBe(aliceEnd.hosts.client.score);

    // The stored round is the same from either process (one SQLite file).
    const roundId = alice.room.state.roundId as string;
    for (const s of [a, b]) {
      await waitFor(async () => (await fetch(`${s.baseUrl}/api/results/${roundId}`)).status === 200, `round ${roundId} stored, via ${s.name}`);
      const stored = (await (await fetch(`${s.baseUrl}/api/results/${roundId}`)).json()) as { players: { role: Side; playerName: string; score: number }[] };
      expect(stored.players.map((p) => [p.role, p.playerName, p.score])).toEqual([
        ['client', 'Alice', aliceEnd.hosts.client.score],
        ['server', 'Bob', aliceEnd.hosts.server.score],
      ]);
    }
  });

  it('matches two quick-match players, one on each process, into one room', async () => {
    const carol = await player(a, (c) => c.joinOrCreate('duel', { scenarioId: 'handshake', name: 'Carol' }));
    const dan = await player(b, (c) => c.joinOrCreate('duel', { scenarioId: 'handshake', name: 'Dan' }));
    expect(dan.room.roomId).toBe(carol.room.roomId);
    expect([carol.side, dan.side].sort()).toEqual(['client', 'server']);
    const [end] = await Promise.all([playDuelSide(carol), playDuelSide(dan)]);
    expect(end.endReason).toBe('complete');
  });

  it('matches two quick-match players who ask at the same moment through different processes', async () => {
    const [erin, frank] = await Promise.all([
      player(a, (c) => c.joinOrCreate('duel', { scenarioId: 'handshake', mode: 'coach', name: 'Erin' })),
      player(b, (c) => c.joinOrCreate('duel', { scenarioId: 'handshake', mode: 'coach', name: 'Frank' })),
    ]);
    expect(frank.room.roomId).toBe(erin.room.roomId);
    expect([erin.side, frank.side].sort()).toEqual(['client', 'server']);
  });

  describe('a class opened through A, students on both processes', () => {
    const STUDENTS = 7; // three pairs and one student with the bot
    let opened: OpenedClass;
    let teacher: Member;
    const students: Member[] = [];
    const via = (i: number) => (i % 3 === 2 ? a : b); // five through B, two through A
    /** The student who opened the class again in a second tab, through the other process (round two). */
    let movedTab = -1;

    it('opens through A and lets students in by code through either process', async () => {
      const res = await fetch(`${a.baseUrl}/api/classes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Scale 101', settings: { scenarioId: 'handshake', mode: 'consequences', rounds: 2, timed: true, loss: 0 } }),
      });
      expect(res.status).toBe(201);
      opened = (await res.json()) as OpenedClass;
      const teacherSdk = new Client(a.baseUrl);
      teacher = new Member(teacherSdk, track(await teacherSdk.joinById(opened.roomId, { teacherToken: opened.teacherToken })));
      for (let i = 0; i < STUDENTS; i++) {
        const server = via(i);
        const look = await fetch(`${server.baseUrl}/api/classes/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: opened.code }) });
        expect(look.status).toBe(200);
        const { roomId } = (await look.json()) as { roomId: string };
        expect(roomId).toBe(opened.roomId);
        const sdk = new Client(server.baseUrl);
        students.push(new Member(sdk, track(await sdk.joinById(roomId, { name: `Student ${i}` }))));
      }
      await until(() => students.every((s) => s.of('welcome').length === 1), 'everyone welcomed', 10_000);
      await until(() => teacher.classRoom.state.students?.size === STUDENTS, 'the teacher sees everyone', 10_000);
    });

    it('pairs everyone into class-pair rooms, and each pair plays its round wherever its room is', async () => {
      teacher.classRoom.send('start', {});
      await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'everyone seated', 20_000);
      for (const s of students) track(s.pairRoom!);
      const pairRooms = new Set(students.map((s) => s.pairRoom!.roomId));
      expect(pairRooms.size).toBe(Math.ceil(STUDENTS / 2));
      const hosts = new Map<string, 'A' | 'B'>();
      for (const roomId of [opened.roomId, ...pairRooms]) hosts.set(roomId, await hostName(roomId));
      // The pairs' rooms are spread over both processes: some report to a class room on another one.
      expect(new Set([...pairRooms].map((r) => hosts.get(r))).size).toBe(2);
      expect([...pairRooms].some((r) => hosts.get(r) !== hosts.get(opened.roomId))).toBe(true);

      // One student gets the SYN wrong (stays in LISTEN): their score must differ on the dashboard.
      const spoiler = students.find((s) => s.pairSide === 'server' && s.pairSeat!.partner !== 'Bot')!;
      await Promise.all(
        students.map((s) =>
          playOut(
            () => s.pairView(),
            (decisionId, move) => s.pairRoom!.send('move', { decisionId, move }),
            () => s.pairMessages.filter((m) => m.type === 'error' || m.type === 'refused').length,
            (view) => {
              const correct = textbookMove(view);
              const p = view.decision!.prompt;
              return s === spoiler && p.kind === 'segment-arrived' && p.flags.SYN && !p.flags.ACK ? { ...correct, state: 'LISTEN' } : correct;
            },
          ),
        ),
      );
      await until(() => teacher.classRoom.state.phase === 'between', 'the class round is over', 20_000);

      // The teacher's dashboard (class room, wherever it is) heard every pair, on both processes.
      await until(() => (teacher.dashboard()?.pairs.length ?? 0) === pairRooms.size && teacher.dashboard()!.pairs.every((p) => p.finished), 'dashboard caught up', 10_000);
      const dash = teacher.dashboard()!;
      for (const s of students) {
        const mine = s.pairView()!;
        const row = dash.pairs.find((p) => p.pairNo === s.pairSeat!.pairNo)!;
        const host = row.hosts[s.pairSide!];
        expect(host.studentId).toBe(s.of('welcome')[0].studentId);
        expect(host.score).toBe(mine.hosts[s.pairSide!].score);
        expect(host.state).toBe(mine.hosts[s.pairSide!].state);
        expect(row.endReason).toBe('complete');
      }
      const spoiled = dash.pairs.find((p) => p.pairNo === spoiler.pairSeat!.pairNo)!.hosts.server;
      const clean = dash.pairs.filter((p) => p.pairNo !== spoiler.pairSeat!.pairNo && p.hosts.server.controller === 'human').map((p) => p.hosts.server);
      expect(clean.length).toBeGreaterThan(0);
      for (const h of clean) expect(spoiled.score).toBeLessThan(h.score);
      expect(dash.heatmap.find((c) => c.key === 'LISTEN × SYN arrives')?.wrong).toBe(1);
      // The class totals (written by the class room from what the pairs published).
      for (const s of students) expect(teacher.classRoom.state.students.get(s.of('welcome')[0].studentId).total).toBe(s.pairView()!.hosts[s.pairSide!].score);

      // The stored results are the same through either process.
      for (const server of [a, b]) {
        const summary = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/summary`, { headers: { 'x-teacher-token': opened.teacherToken } });
        expect(summary.status).toBe(200);
        const body = (await summary.json()) as { results: { studentId: string; score: number }[] };
        expect(body.results).toHaveLength(STUDENTS);
        for (const s of students) {
          expect(body.results.find((r) => r.studentId === s.of('welcome')[0].studentId)?.score).toBe(s.pairView()!.hosts[s.pairSide!].score);
        }
      }
    });

    it('lets the teacher spectate a pair on each process', async () => {
      const pairOn = new Map<'A' | 'B', Member>();
      for (const s of students) pairOn.set(await hostName(s.pairSeat!.roomId), s);
      expect([...pairOn.keys()].sort()).toEqual(['A', 'B']);
      for (const student of pairOn.values()) {
        const pairNo = student.pairSeat!.pairNo;
        teacher.classRoom.send('spectate', { pairNo });
        await until(() => teacher.of('spectate').some((m) => m.pairNo === pairNo), `spectator token for pair ${pairNo}`);
        const { roomId, spectatorToken } = teacher.of('spectate').find((m) => m.pairNo === pairNo);
        expect(roomId).toBe(student.pairSeat!.roomId);
        const watch = track(await teacher.sdk.joinById(roomId, { spectatorToken }));
        watch.onMessage('*', () => undefined);
        await until(() => readView(watch.state.spectator?.entries) !== null, 'the spectator view');
        const seen = readView<RoundView>(watch.state.spectator.entries)!;
        expect(seen.hosts).toEqual(student.pairView()!.hosts);
      }
    });

    it('seats everyone for round two; a student who opens the class again through the other process plays on in the newer tab', async () => {
      teacher.classRoom.send('next', {});
      const seatedAgain = (s: Member) => s.pairSeat?.roundNo === 2 && s.pairRoom?.roomId === s.pairSeat.roomId && s.pairSide === s.pairSeat.side;
      await until(() => students.every(seatedAgain), 'everyone seated for round two', 20_000);
      for (const s of students) track(s.pairRoom!);
      const pairRooms = new Set(students.map((s) => s.pairRoom!.roomId));
      const hosts = await Promise.all([...pairRooms].map(hostName));
      expect(new Set(hosts).size).toBe(2);
      await until(() => students.every((s) => s.pairView()?.finished === false), 'round two under way', 20_000);

      // A student opens the class again, through the other process, while the first tab still plays,
      // and her pair room is on another process than the class room: the newer tab takes the seat.
      const classHost = await hostName(opened.roomId);
      const far = await Promise.all(students.map(async (s) => (await hostName(s.pairRoom!.roomId)) !== classHost));
      const i = far.indexOf(true);
      expect(i).toBeGreaterThanOrEqual(0);
      const first = students[i]!;
      const firstGame: number[] = [];
      first.pairRoom!.onLeave((code: number) => firstGame.push(code));
      const sdk = new Client((via(i) === a ? b : a).baseUrl);
      const second = new Member(sdk, track(await sdk.joinById(opened.roomId, { rejoinToken: first.of('welcome')[0].rejoinToken })));
      await until(() => second.pairRoom?.roomId === first.pairRoom!.roomId && second.pairSide === first.pairSide, 'the second tab plays her seat', 20_000);
      track(second.pairRoom!);
      await until(() => firstGame.length === 1 && second.pairView()?.finished === false, 'the first tab’s game closed, the second’s under way', 20_000);
      expect(firstGame).toEqual([CLOSE_OPENED_ELSEWHERE]);
      expect(first.of('goodbye')).toEqual([{ reason: 'replaced' }]);
      students[i] = second;
      // The server closed the first tab's rooms: nothing left to leave at the end.
      for (const closed of [first.classRoom, first.pairRoom]) {
        for (let at = rooms.indexOf(closed!); at >= 0; at = rooms.indexOf(closed!)) rooms.splice(at, 1);
      }
      movedTab = i;
    });

    it('lets a student who left round two take her host back from the bot through the class, across processes', async () => {
      // A student with a partner leaves the round from the game: the bot takes her host over at
      // once. Her pair room is on the other process than the class room's (where the matchmaker
      // put one; it spreads the rooms by load, so almost always).
      const classHost = await hostName(opened.roomId);
      const partnered = students.flatMap((s, i) => (i !== movedTab && students.some((o) => o !== s && o.pairSeat!.pairNo === s.pairSeat!.pairNo) ? [{ s, i }] : []));
      const far = await Promise.all(partnered.map(async ({ s }) => (await hostName(s.pairSeat!.roomId)) !== classHost));
      const { s: ada, i: index } = partnered[far.indexOf(true)] ?? partnered[0]!;
      const side = ada.pairSide!;
      const pairNo = ada.pairSeat!.pairNo;
      const studentId = ada.of('welcome')[0].studentId as string;
      const card = () => teacher.dashboard()?.pairs.find((p) => p.pairNo === pairNo)?.hosts[side];
      const left = ada.pairRoom!;
      await left.leave(true);
      for (let at = rooms.indexOf(left); at >= 0; at = rooms.indexOf(left)) rooms.splice(at, 1);
      await until(() => card()?.controller === 'bot', 'the teacher sees the bot playing her host', 20_000);
      await until(() => ada.classRoom.state.students.get(studentId)?.left === true, 'her page says the bot has her host', 20_000);

      // Her class page takes it back: the class room (wherever it is) reserves her seat in the pair
      // room on the other process, and the bot hands the host back there.
      const seats = ada.of('pair').length;
      ada.classRoom.send('reseat', {});
      await until(() => ada.of('pair').length > seats && ada.pairRoom !== left && ada.pairRoom?.state?.seats !== undefined && ada.pairSide === side, 'her seat again', 20_000);
      expect(ada.pairRoom!.roomId).toBe(left.roomId);
      track(ada.pairRoom!);
      await until(() => ada.pairRoom!.state.seats.get(side)?.controller === 'human' && ada.pairRoom!.state.seats.get(side)?.connected === true, 'her host is hers again', 20_000);
      expect(ada.pairRoom!.state.seats.get(side).name).toBe(`Student ${index}`);
      await until(() => card()?.controller === 'human' && card()?.backIn !== undefined, 'the teacher’s card shows her back', 20_000);
      await until(() => ada.classRoom.state.students.get(studentId)?.left === false, 'her page: the host is hers', 20_000);
      const partner = students.find((s) => s !== ada && s.pairSeat!.pairNo === pairNo)!;
      await until(() => partner.pairMessages.some((m) => m.type === 'notice' && m.message.kind === 'bot-handed-back' && m.message.side === side), 'her partner’s game told', 20_000);
      await until(() => ada.pairView()?.finished === false && ada.pairView()!.you === side, 'her own view of the round', 20_000);
    });

    it('stops round two on every process when the teacher stops it', async () => {
      const pairRooms = new Set(students.map((s) => s.pairRoom!.roomId));

      // The class room reaches each pair room on its own process (matchMaker.remoteRoomCall).
      teacher.classRoom.send('stop', {});
      await until(() => students.every((s) => s.pairView()?.finished === true), 'every pair stopped', 20_000);
      expect(new Set(students.map((s) => s.pairView()!.endReason))).toEqual(new Set(['stopped']));
      await until(() => teacher.classRoom.state.phase === 'finished', 'the class is over', 20_000);
      await until(() => teacher.dashboard()?.roundNo === 2 && teacher.dashboard()!.pairs.length === pairRooms.size && teacher.dashboard()!.pairs.every((p) => p.finished), 'dashboard of round two', 10_000);
      expect(teacher.dashboard()!.pairs.map((p) => p.endReason)).toEqual([...pairRooms].map(() => 'stopped'));
    });

    it('counts wrong join codes per address across both processes, and never refuses the right one', async () => {
      const slowed: number[] = [];
      for (let i = 0; i < 12; i++) {
        const server = i % 2 === 0 ? a : b;
        const res = await fetch(`${server.baseUrl}/api/classes/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `ZZZZ${'23456789ABCD'[i]}Z` }) });
        expect(res.status).toBe(404);
        slowed.push(((await res.json()) as { slowedMs: number }).slowedMs);
      }
      // Ten distinct wrong codes are free, whichever process answered them; the next ones wait.
      expect(slowed.slice(0, 10)).toEqual(Array(10).fill(0));
      expect(slowed[10]).toBeGreaterThan(0);
      expect(slowed[11]).toBeGreaterThan(slowed[10]!);
      for (const server of [a, b]) {
        const right = await fetch(`${server.baseUrl}/api/classes/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: opened.code }) });
        expect(right.status).toBe(200);
      }
    });
  });

  it('logs no warning or error on either process, and both shut down cleanly', async () => {
    for (const room of rooms.splice(0)) await room.leave().catch(() => undefined);
    // A lost write ("database is locked"), a pair the teacher could not stop, a failed publish: all logged, none allowed.
    for (const s of [a, b]) expect(s.output()).not.toMatch(/"level":(40|50|60)/);
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
  });
});
