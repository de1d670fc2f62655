/**
 * A class of forty: students join by code, the teacher starts, pairs play a round in their own
 * rooms, and the dashboard, the stored results and the CSV agree with what was played. Then the
 * server restarts on the same database file and the results are still there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Move } from '../../shared/game/move.ts';
import { roundView } from '../../shared/game/views.ts';
import { readView } from '../../shared/game/viewEntries.ts';
import { CSV_HEADER } from '../../server/classroom/results.ts';
import {
  bootClassServer,
  classRoomOf,
  lookUpCode,
  Member,
  openClass,
  pairRoomOf,
  playAllPairs,
  stopClassServer,
  tempDbPath,
  until,
  type ClassServer,
  type OpenedClass,
} from './classHarness.ts';

const CLASS_SIZE = 40;
const dbPath = tempDbPath();
let server: ClassServer;
let opened: OpenedClass;
let teacher: Member;
const students: Member[] = [];

/** Every fourth student gets the handshake's SYN wrong: it stays in LISTEN instead of SYN-RECEIVED. */
function spoil(index: number, correct: Move, viewState: string | null, promptFlags: string): Move {
  if (index % 4 === 0 && viewState === 'LISTEN' && promptFlags === 'SYN') return { state: 'LISTEN', segments: correct.segments };
  return correct;
}

beforeAll(async () => {
  server = await bootClassServer(dbPath);
  opened = await openClass(server, { name: 'Networks 101', settings: { scenarioId: 'handshake', mode: 'consequences', rounds: 1, timed: true } });
  teacher = await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken });
});

let restarted = false;

afterAll(async () => {
  if (!restarted) for (const s of students) {
    await s.pairRoom?.leave().catch(() => undefined);
    await s.classRoom.leave().catch(() => undefined);
  }
  if (!restarted) await teacher?.classRoom.leave().catch(() => undefined);
  if (server) await stopClassServer(server);
});

describe('a class of forty', () => {
  it('gives the teacher a 6-character code, a join URL and a private teacher link', () => {
    expect(opened.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    expect(opened.joinUrl).toContain(`/class.html?code=${opened.code}`);
    expect(opened.teacherUrl).toContain(`#class=${opened.classId}&token=${opened.teacherToken}`);
    expect(opened.teacherToken.length).toBeGreaterThanOrEqual(32);
  });

  it("tells the teacher's page how long the class holds its place when its connection drops (the server's setting), so the page retries that long", async () => {
    const res = await fetch(`${server.baseUrl}/api/classes/${opened.classId}`, { headers: { 'x-teacher-token': opened.teacherToken } });
    expect(res.status).toBe(200);
    // bootClassServer runs with TCP_DOJO_RECONNECT_SECONDS=2, not the 30 s default.
    expect(((await res.json()) as { reconnectSeconds: unknown }).reconnectSeconds).toBe(2);
  });

  it('lets forty students in by code, cleaning names and suffixing duplicates', async () => {
    for (let i = 0; i < CLASS_SIZE; i++) {
      const res = await lookUpCode(server, i === 0 ? opened.code.toLowerCase() : opened.code);
      expect(res.status).toBe(200);
      const { roomId } = (await res.json()) as { roomId: string };
      const name = i === 1 ? '  Li\u200b Wei\u202e ' : i === 2 ? 'Li Wei' : i === 3 ? 'x'.repeat(80) : `Student ${String(i).padStart(2, '0')}`;
      students.push(await Member.join(server, roomId, { name }));
    }
    await until(() => students.every((s) => s.of('welcome').length === 1), 'everyone welcomed');
    const names = students.map((s) => s.of('welcome')[0].name as string);
    expect(names[1]).toBe('Li Wei');
    expect(names[2]).toBe('Li Wei (2)');
    expect([...names[3]!].length).toBe(24);
    expect(new Set(names).size).toBe(CLASS_SIZE);
    await until(() => teacher.classRoom.state.students?.size === CLASS_SIZE, 'lobby shows everyone');
    expect(students[5]!.classRoom.state.students.size).toBe(CLASS_SIZE); // the lobby is public
  });

  it('refuses the controls to a student and keeps the dashboard from students', async () => {
    const s = students[7]!;
    s.classRoom.send('start', {});
    s.classRoom.send('spectate', { pairNo: 1 });
    await until(() => s.of('error').length >= 2, 'refusals');
    expect(s.of('error').map((e) => e.code)).toEqual(['not_allowed', 'not_allowed']);
    expect(classRoomOf(server, opened.roomId).state.phase).toBe('lobby');
    expect(s.classRoom.state.teacher?.dashboard).toBeFalsy();
    expect(teacher.dashboard()).not.toBeNull();
    await expect(Member.join(server, opened.roomId, { teacherToken: 'x'.repeat(32) })).rejects.toThrow();
  });

  it('pairs everyone at random when the teacher starts, each pair in its own room', async () => {
    teacher.classRoom.send('start', {});
    await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'everyone seated', 20_000);
    const rooms = new Set(students.map((s) => s.pairRoom!.roomId));
    expect(rooms.size).toBe(CLASS_SIZE / 2);
    for (const roomId of rooms) {
      const pair = students.filter((s) => s.pairRoom!.roomId === roomId);
      expect(pair.map((p) => p.pairSide).sort()).toEqual(['client', 'server']);
    }
    // A student may not use its reservation's room to take someone else's seat.
    const victim = students[0]!;
    await expect(students[9]!.sdk.joinById(victim.pairRoom!.roomId, { role: 'client', seatKey: 'guess-guess-guess-guess' })).rejects.toThrow();
  });

  it('plays a round; the dashboard, heatmap, stored results and CSV match what was played', async () => {
    const index = new Map(students.map((s, i) => [s, i]));
    await playAllPairs(server, students, (s, view, correct) => {
      const p = view.decision?.prompt;
      const flags = p?.kind === 'segment-arrived' ? (['SYN', 'ACK', 'FIN', 'RST'] as const).filter((b) => p.flags[b]).join('+') : '';
      return spoil(index.get(s)!, correct, view.hosts[view.you!].state, flags);
    });
    const classRoom = classRoomOf(server, opened.roomId);
    await until(() => classRoom.state.phase === 'finished', 'class round over', 20_000);

    // What was played, from the pair rooms themselves.
    const played = new Map<string, { score: number; judged: number; correct: number }>();
    const finalState = new Map<string, string>();
    for (const s of students) {
      const room = pairRoomOf(server, s.pairRoom!.roomId);
      const host = room.round!.hosts[s.pairSide!];
      played.set(s.of('welcome')[0].studentId, { score: host.score, judged: host.judged, correct: host.correct });
      finalState.set(s.of('welcome')[0].studentId, roundView(room.round!, null).hosts[s.pairSide!].state!);
    }
    const spoiledServers = students.filter((s, i) => i % 4 === 0 && s.pairSide === 'server').length;
    expect(spoiledServers).toBeGreaterThan(0);

    await until(() => (teacher.dashboard()?.pairs.every((p) => p.finished) ?? false) && teacher.dashboard()!.podium.length >= 3, 'dashboard caught up', 10_000);
    const dash = teacher.dashboard()!;
    expect(dash.pairs).toHaveLength(CLASS_SIZE / 2);
    for (const pair of dash.pairs) {
      for (const side of ['client', 'server'] as const) {
        const h = pair.hosts[side];
        expect(h.controller).toBe('human');
        expect(h.score).toBe(played.get(h.studentId!)!.score);
        expect(h.state).toBe(finalState.get(h.studentId!));
      }
    }
    const synCell = dash.heatmap.find((c) => c.key === 'LISTEN × SYN arrives')!;
    expect(synCell.total).toBe(CLASS_SIZE / 2);
    expect(synCell.wrong).toBe(spoiledServers);
    expect(synCell.choices.find((c) => c.label === 'LISTEN · SYN+ACK')).toMatchObject({ count: spoiledServers, correct: false });
    expect(synCell.choices.find((c) => c.correct)!.label).toBe('SYN-RECEIVED · SYN+ACK');
    expect(dash.heatmap[0]!.key).toBe('LISTEN × SYN arrives'); // the worst cell first

    // Stored results and the CSV (teacher token only).
    const summary = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/summary`, { headers: { 'x-teacher-token': opened.teacherToken } });
    expect(summary.status).toBe(200);
    const body = (await summary.json()) as { results: { studentId: string; score: number; judged: number; correct: number; rules: Record<string, unknown> }[]; podium: unknown[]; heatmap: typeof dash.heatmap };
    expect(body.results).toHaveLength(CLASS_SIZE);
    for (const r of body.results) expect({ score: r.score, judged: r.judged, correct: r.correct }).toEqual(played.get(r.studentId));
    expect(body.heatmap).toEqual(dash.heatmap);
    // The first three places, with everyone who shares one (equal totals share a place).
    const onPodium = (places: { place: number }[]) => places.length >= 3 && places.every((p) => p.place >= 1 && p.place <= 3);
    expect(onPodium(body.podium as { place: number }[])).toBe(true);

    const csv = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/results.csv`, { headers: { 'x-teacher-token': opened.teacherToken } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines).toHaveLength(CLASS_SIZE + 1);
    const byName = new Map(lines.slice(1).map((l) => [l.split(',')[1]!.replace(/^"|"$/g, ''), l.split(',')]));
    for (const s of students) {
      const welcome = s.of('welcome')[0];
      const row = byName.get(welcome.name)!;
      expect(Number(row[6])).toBe(played.get(welcome.studentId)!.score);
    }
    // The podium is public at the end of a timed class round.
    expect(onPodium(JSON.parse(students[3]!.classRoom.state.podium))).toBe(true);
  });

  it('keeps every pair’s hidden state from students: nothing a student received names another pair’s states', () => {
    for (const s of students) {
      for (const state of s.pairStates) {
        const decoded = JSON.parse(state) as { views?: Record<string, { entries?: Record<string, string> }>; spectator?: { entries?: Record<string, string> } };
        expect(readView(decoded.spectator?.entries)).toBeNull();
        const other = s.pairSide === 'client' ? 'server' : 'client';
        expect(readView(decoded.views?.[other]?.entries)).toBeNull();
      }
      expect(s.classRoom.state.teacher?.dashboard).toBeFalsy();
    }
  });

  it('refuses the summary and CSV without the teacher token, and with the token in a URL', async () => {
    for (const url of [`/api/classes/${opened.classId}/results.csv`, `/api/classes/${opened.classId}/summary?token=wrong`, `/api/classes/${opened.classId}`]) {
      expect((await fetch(server.baseUrl + url)).status).toBe(403);
    }
    // The right token in a query string opens nothing: it belongs in the header only.
    expect((await fetch(`${server.baseUrl}/api/classes/${opened.classId}/results.csv?token=${opened.teacherToken}`)).status).toBe(403);
  });

  it('still has the results after a restart on the same database file', async () => {
    for (const s of students) {
      await s.pairRoom?.leave().catch(() => undefined);
      await s.classRoom.leave().catch(() => undefined);
    }
    await teacher.classRoom.leave();
    students.length = 0;
    restarted = true;
    await stopClassServer(server);
    server = await bootClassServer(dbPath);
    const res = await fetch(`${server.baseUrl}/api/classes/${opened.classId}/summary`, { headers: { 'x-teacher-token': opened.teacherToken } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: unknown[]; class: { status: string }; heatmap: { key: string }[] };
    expect(body.results).toHaveLength(CLASS_SIZE);
    expect(body.class.status).toBe('closed');
    expect(body.heatmap[0]!.key).toBe('LISTEN × SYN arrives');
    expect((await lookUpCode(server, opened.code)).status).toBe(404); // a closed class takes nobody
  });
});
