/**
 * Classroom mode (issue 5): one room per class. The teacher (holder of the class's secret token)
 * starts, stops, re-pairs, spectates; students join by the class code with a display name and come
 * back to their seat with a per-student rejoin token. Each pair plays in its own `class-pair` room;
 * the class hears about them only through presence (progress on the class channel), the matchMaker
 * (create, reserve seats, remote calls) and the database, so pairs may live on other processes.
 */
import { Room, ServerError, matchMaker, type Client, type RoomException, type RoomMethodName } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from 'pino';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { roomLog, silentLogger } from '../log.ts';
import { reportRoomException } from '../roomErrors.ts';
import { holdSeat } from '../seats.ts';
import type { RoomServices } from '../services.ts';
import { defineMessages, guardMessages, on, sendProtocolError } from '../validate.ts';
import type { ClassRecord, ClassStore, SampleRow } from '../classroom/classStore.ts';
import { ClassState, ClassStudent, TeacherPanel } from '../classroom/classState.ts';
import { buildDashboard } from '../classroom/dashboard.ts';
import { cleanDisplayName, uniqueName } from '../classroom/names.ts';
import { pairStudents, sidesFor, type Pair } from '../classroom/pairing.ts';
import { classChannel, type ClassLink, type PairProgress } from '../classroom/progress.ts';
import { podium, resultsOfPair } from '../classroom/results.ts';
import { PAIR_OPEN_KEYS, type ClassPairOptions } from '../classroom/ClassPairRoom.ts';

export const MAX_STUDENTS = 60;
const SPECTATOR_TOKENS_KEY = 'tcp-dojo:spectator-tokens';
const DASHBOARD_EVERY_MS = 250;

export interface ClassRoomDeps {
  readonly services: RoomServices;
  readonly classes: ClassStore;
  /** A class with nobody connected is closed after this long. */
  readonly idleMinutes: number;
}

const JoinOptions = z.union([
  z.object({ teacherToken: z.string().min(16).max(128) }).strict(),
  z.object({ name: z.string().max(200).optional(), rejoinToken: z.string().max(128).optional() }).strict(),
]);

const Empty = z.object({}).strict();
const SpectateMessage = z.object({ pairNo: z.number().int().min(1).max(1000) }).strict();

/** What a student receives when seated in a pair room (its own seat only). */
export interface PairSeatMessage {
  roundNo: number;
  pairNo: number;
  side: Side;
  partner: string;
  roomId: string;
  reservation: matchMaker.ISeatReservation;
}

interface LivePair {
  pair: Pair;
  roomId: string;
  link: ClassLink;
  seatKeys: Partial<Record<Side, string>>;
  saved: boolean;
}

function secret(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

export class ClassRoom extends Room<{ state: ClassState }> {
  override state = new ClassState();
  override autoDispose = false;

  deps!: ClassRoomDeps;
  log!: Logger;
  record!: ClassRecord;
  /** sessionId → 'teacher' or the student id. */
  occupants = new Map<string, string>();
  pairs: Pair[] = [];
  pairingSeed = 0;
  /** The current round's pair rooms, by pair number. */
  live = new Map<number, LivePair>();
  /** Latest progress heard from each pair room (key `${roundNo}:${pairNo}`). */
  progress = new Map<string, PairProgress>();
  dashboardDue = false;
  lastSeenAt = 0;

  override messages = defineMessages({
    start: on(Empty, (client) => this.teacherOnly(client, 'start', () => this.startClass())),
    next: on(Empty, (client) => this.teacherOnly(client, 'next', () => this.nextRound())),
    stop: on(Empty, (client) => this.teacherOnly(client, 'stop', () => this.stopRound())),
    repair: on(Empty, (client) => this.teacherOnly(client, 'repair', () => this.repair())),
    spectate: on(SpectateMessage, (client, m) => this.teacherOnly(client, 'spectate', () => this.spectate(client, m.pairNo))),
    end: on(Empty, (client) => this.teacherOnly(client, 'end', () => this.endClass())),
  });

  override async onCreate(options: { classId?: unknown } & ClassRoomDeps) {
    this.deps = { services: options.services, classes: options.classes, idleMinutes: options.idleMinutes };
    this.log = roomLog(this.deps.services.log, this);
    guardMessages(this, { limits: this.deps.services.messageLimits, log: this.log, now: this.deps.services.now, mistakes: this.deps.services.mistakes });
    const classId = typeof options.classId === 'string' ? options.classId : '';
    // Only the HTTP API opens classes: it writes the class first, then the room claims it once.
    if (!this.deps.classes.attachRoom(classId, this.roomId)) throw new ServerError(403, 'classes are opened through /api/classes');
    const record = this.deps.classes.getClass(classId);
    if (!record) throw new ServerError(404, 'no such class');
    this.record = record;
    this.state.classId = record.classId;
    this.state.name = record.name;
    this.state.code = record.code;
    this.state.rounds = record.settings.rounds;
    this.state.scenarioId = record.settings.scenarioId;
    this.state.mode = record.settings.mode;
    this.state.timed = record.settings.timed;
    this.state.teacher = new TeacherPanel();
    this.maxClients = MAX_STUDENTS + 4;
    await this.setPrivate(true);
    await this.presence.subscribe(classChannel(record.classId), (message: PairProgress) => this.onPairProgress(message));
    this.lastSeenAt = this.deps.services.now();
    this.clock.setInterval(() => this.checkIdle(), 30_000);
    this.refreshDashboard();
    this.log.info({ classId: record.classId, code: record.code }, 'class opened');
  }

  override onAuth(_client: Client, options: unknown) {
    const parsed = JoinOptions.safeParse(options ?? {});
    if (!parsed.success) throw new ServerError(400, 'join a class with a display name, or as its teacher with the teacher link');
    if ('teacherToken' in parsed.data) {
      if (!this.deps.classes.isTeacher(this.record.classId, parsed.data.teacherToken)) throw new ServerError(403, 'wrong teacher token');
      return { teacher: true };
    }
    const { rejoinToken, name } = parsed.data;
    if (rejoinToken !== undefined) {
      const back = this.deps.classes.studentByRejoinToken(this.record.classId, rejoinToken);
      if (back) return { teacher: false, studentId: back.studentId };
    }
    const clean = cleanDisplayName(name);
    if (clean === null) throw new ServerError(400, 'enter a display name');
    if (this.state.students.size >= MAX_STUDENTS) throw new ServerError(409, 'this class is full');
    if (this.state.phase === 'finished') throw new ServerError(409, 'this class has finished');
    return { teacher: false, name: clean };
  }

  override async onJoin(client: Client, _options: unknown, auth: { teacher: boolean; studentId?: string; name?: string }) {
    this.touch();
    client.view = new StateView();
    if (auth.teacher) {
      this.occupants.set(client.sessionId, 'teacher');
      client.view.add(this.state.teacher);
      this.refreshDashboard();
      return;
    }
    let studentId = auth.studentId;
    if (studentId === undefined) {
      studentId = secret(6);
      const rejoinToken = secret(24);
      const names = [...this.state.students.values()].map((s) => s.name);
      const name = uniqueName(auth.name ?? 'student', names);
      this.deps.classes.addStudent(this.record.classId, { studentId, name, joinedAt: this.deps.services.now() }, rejoinToken);
      const seat = new ClassStudent();
      seat.name = name;
      this.state.students.set(studentId, seat);
      client.send('welcome', { classId: this.record.classId, studentId, name, rejoinToken });
    } else {
      if (!this.state.students.has(studentId)) {
        const stored = this.deps.classes.students(this.record.classId).find((s) => s.studentId === studentId);
        const seat = new ClassStudent();
        seat.name = stored?.name ?? 'student';
        this.state.students.set(studentId, seat);
      }
      client.send('welcome', { classId: this.record.classId, studentId, name: this.state.students.get(studentId)!.name, rejoinToken: null });
    }
    this.occupants.set(client.sessionId, studentId);
    this.state.students.get(studentId)!.connected = true;
    this.log.info({ studentId }, 'student in class');
    if (this.state.phase === 'playing') await this.seatLateStudent(client, studentId);
    this.scheduleDashboard();
  }

  override async onDrop(client: Client) {
    const who = this.occupants.get(client.sessionId);
    const seat = who && who !== 'teacher' ? this.state.students.get(who) : undefined;
    if (seat) seat.connected = false;
    const outcome = await holdSeat(this, client, this.deps.services.reconnectSeconds);
    if (outcome.kind === 'reconnected' && seat) seat.connected = true;
  }

  override onLeave(client: Client) {
    const who = this.occupants.get(client.sessionId);
    this.occupants.delete(client.sessionId);
    const seat = who && who !== 'teacher' ? this.state.students.get(who) : undefined;
    if (seat) seat.connected = false;
    this.touch();
  }

  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    reportRoomException(this.log ?? silentLogger(), error, method);
  }

  override async onDispose() {
    // A refused create (no class, or a class another room holds) has no class to close.
    if (this.record === undefined) return;
    try {
      this.deps.classes.close(this.record.classId, this.deps.services.now());
    } catch (error) {
      this.log.error({ err: error }, 'could not close the class');
    }
    this.log.info({ classId: this.record?.classId }, 'class closed');
  }

  // ---- teacher actions -----------------------------------------------------------------

  teacherOnly(client: Client, type: string, action: () => unknown): unknown {
    if (this.occupants.get(client.sessionId) !== 'teacher') {
      sendProtocolError(client, { code: 'not_allowed', type, message: 'Only the teacher can do this.', issues: [] });
      return undefined;
    }
    this.touch();
    return action();
  }

  connectedStudents(): string[] {
    return [...this.state.students].filter(([, s]) => s.connected).map(([id]) => id);
  }

  async startClass(): Promise<void> {
    if (this.state.phase !== 'lobby') return;
    this.pairingSeed = randomInt(1, 2 ** 31 - 1);
    this.pairs = pairStudents(this.connectedStudents(), this.pairingSeed);
    await this.startRound(1);
  }

  async nextRound(): Promise<void> {
    if (this.state.phase !== 'between' || this.state.roundNo >= this.state.rounds) return;
    await this.startRound(this.state.roundNo + 1);
  }

  /** New random pairs for the next round (between rounds, or in the lobby). */
  repair(): void {
    if (this.state.phase === 'playing' || this.state.phase === 'finished') return;
    this.pairingSeed = randomInt(1, 2 ** 31 - 1);
    this.pairs = pairStudents(this.connectedStudents(), this.pairingSeed);
    for (const [id, s] of this.state.students) s.pairNo = this.pairs.find((p) => p.studentIds.includes(id))?.pairNo ?? 0;
  }

  async stopRound(): Promise<void> {
    if (this.state.phase !== 'playing') return;
    await Promise.all(
      [...this.live.values()].map((lp) =>
        matchMaker.remoteRoomCall(lp.roomId, 'stopForClass').catch((error: unknown) => this.log.warn({ err: error, roomId: lp.roomId }, 'could not stop a pair')),
      ),
    );
  }

  async spectate(client: Client, pairNo: number): Promise<void> {
    const lp = this.live.get(pairNo);
    const token = lp ? await this.presence.hget(SPECTATOR_TOKENS_KEY, lp.roomId) : null;
    if (!lp || !token) {
      sendProtocolError(client, { code: 'not_allowed', type: 'spectate', message: `Pair ${pairNo} is not playing now.`, issues: [] });
      return;
    }
    client.send('spectate', { pairNo, roomId: lp.roomId, spectatorToken: token });
  }

  async endClass(): Promise<void> {
    await this.stopRound();
    this.state.phase = 'finished';
    this.publishPodium();
  }

  // ---- rounds --------------------------------------------------------------------------

  async startRound(roundNo: number): Promise<void> {
    // Students who joined after the pairing pair up among themselves (or with the bot).
    const paired = new Set(this.pairs.flatMap((p) => [...p.studentIds]));
    const newcomers = this.connectedStudents().filter((id) => !paired.has(id));
    for (const extra of pairStudents(newcomers, this.pairingSeed + roundNo)) {
      this.pairs.push({ pairNo: this.pairs.length + 1, studentIds: extra.studentIds });
    }
    this.state.roundNo = roundNo;
    this.state.phase = 'playing';
    this.live.clear();
    for (const [, s] of this.state.students) {
      s.pairNo = 0;
      s.side = '';
    }
    await Promise.all(this.pairs.map((pair) => this.openPair(pair, roundNo)));
    this.log.info({ roundNo, pairs: this.pairs.length }, 'class round started');
    this.refreshDashboard();
  }

  async openPair(pair: Pair, roundNo: number): Promise<void> {
    const sides = sidesFor(pair, roundNo);
    const students: ClassLink['students'] = { client: null, server: null };
    const seatKeys: Partial<Record<Side, string>> = {};
    for (const [studentId, side] of sides) {
      const seat = this.state.students.get(studentId);
      if (!seat) continue;
      seat.pairNo = pair.pairNo;
      seat.side = side;
      // Someone away at the start is played by the bot this round; they rejoin the class next round.
      if (!seat.connected) continue;
      students[side] = { studentId, name: seat.name };
      seatKeys[side] = secret(18);
    }
    if (!students.client && !students.server) return;
    const link: ClassLink = { classId: this.record.classId, roundNo, pairNo: pair.pairNo, students };
    const openKey = secret(18);
    const options: ClassPairOptions = { link, seatKeys, settings: this.record.settings, openKey };
    try {
      await this.presence.hset(PAIR_OPEN_KEYS, openKey, this.record.classId);
      const room = await matchMaker.createRoom('class-pair', { classPair: options });
      const lp: LivePair = { pair, roomId: room.roomId, link, seatKeys, saved: false };
      this.live.set(pair.pairNo, lp);
      for (const side of SIDES) {
        const student = students[side];
        if (student) await this.sendPairSeat(student.studentId, lp, side);
      }
    } catch (error) {
      this.log.error({ err: error, pairNo: pair.pairNo }, 'could not open a pair room');
    }
  }

  clientOf(studentId: string): Client | undefined {
    for (const c of this.clients) if (this.occupants.get(c.sessionId) === studentId) return c;
    return undefined;
  }

  async sendPairSeat(studentId: string, lp: LivePair, side: Side): Promise<void> {
    const client = this.clientOf(studentId);
    const seatKey = lp.seatKeys[side];
    if (!client || seatKey === undefined) return;
    const room = await matchMaker.getRoomById(lp.roomId);
    if (!room) return;
    const name = lp.link.students[side]?.name ?? 'student';
    try {
      const reservation = await matchMaker.reserveSeatFor(room, { role: side, name, seatKey });
      const partner = lp.link.students[side === 'client' ? 'server' : 'client']?.name ?? 'Bot';
      const message: PairSeatMessage = { roundNo: lp.link.roundNo, pairNo: lp.link.pairNo, side, partner, roomId: lp.roomId, reservation };
      client.send('pair', message);
    } catch (error) {
      // The seat is taken (the student is still connected there, or reconnects by token).
      this.log.info({ err: error, studentId }, 'no fresh seat reservation');
      const partner = lp.link.students[side === 'client' ? 'server' : 'client']?.name ?? 'Bot';
      client.send('pair', { roundNo: lp.link.roundNo, pairNo: lp.link.pairNo, side, partner, roomId: lp.roomId, reservation: null });
    }
  }

  /** A student (re)joining mid-round: back to their pair's seat, or a new pair with the bot. */
  async seatLateStudent(_client: Client, studentId: string): Promise<void> {
    for (const lp of this.live.values()) {
      for (const side of SIDES) {
        if (lp.link.students[side]?.studentId === studentId) return this.sendPairSeat(studentId, lp, side);
      }
    }
    if (this.pairs.some((p) => p.studentIds.includes(studentId))) return; // was away at the start: next round
    const pair: Pair = { pairNo: this.pairs.length + 1, studentIds: [studentId] };
    this.pairs.push(pair);
    await this.openPair(pair, this.state.roundNo);
  }

  // ---- what the pairs tell us ----------------------------------------------------------

  onPairProgress(message: PairProgress): void {
    if (!message || message.classId !== this.record.classId) return;
    // Only rooms this class opened count (a pair of an earlier round may still finish late).
    const lp = this.live.get(message.pairNo);
    const known = (lp && lp.roomId === message.roomId) || this.progress.get(`${message.roundNo}:${message.pairNo}`)?.roomId === message.roomId;
    if (!known) return;
    this.progress.set(`${message.roundNo}:${message.pairNo}`, message);
    if (message.finished && lp && lp.roomId === message.roomId && !lp.saved) {
      lp.saved = true;
      const rows = resultsOfPair(message);
      const samples: SampleRow[] = message.samples.map((s) => ({ ...s, roundNo: message.roundNo, pairNo: message.pairNo }));
      try {
        this.deps.classes.saveResults(rows, samples);
      } catch (error) {
        this.log.error({ err: error }, 'could not save class results');
      }
      for (const r of rows) {
        const seat = this.state.students.get(r.studentId);
        if (seat) seat.total += r.score;
      }
      if ([...this.live.values()].every((p) => p.saved)) this.roundOver();
    }
    this.touch();
    this.scheduleDashboard();
  }

  roundOver(): void {
    if (this.state.phase !== 'playing') return;
    this.state.phase = this.state.roundNo >= this.state.rounds ? 'finished' : 'between';
    this.log.info({ roundNo: this.state.roundNo, phase: this.state.phase }, 'class round over');
    if (this.state.phase === 'finished') this.publishPodium();
    this.refreshDashboard();
  }

  publishPodium(): void {
    this.state.podium = JSON.stringify(podium(this.deps.classes.results(this.record.classId)));
  }

  // ---- dashboard, idleness -------------------------------------------------------------

  scheduleDashboard(): void {
    if (this.dashboardDue) return;
    this.dashboardDue = true;
    // Forty students' moves arrive in bursts: rebuild the dashboard a few times a second at most.
    this.clock.setTimeout(() => {
      this.dashboardDue = false;
      this.refreshDashboard();
    }, DASHBOARD_EVERY_MS);
  }

  refreshDashboard(): void {
    const classId = this.record.classId;
    const dashboard = buildDashboard(this.state.roundNo, this.progress.values(), {
      results: this.deps.classes.results(classId),
      samples: this.deps.classes.samples(classId),
    });
    this.state.teacher.dashboard = JSON.stringify(dashboard);
  }

  touch(): void {
    this.lastSeenAt = this.deps.services.now();
    try {
      this.deps.classes.touch(this.record.classId, this.lastSeenAt);
    } catch {
      // a touch is best effort
    }
  }

  checkIdle(): void {
    if (this.clients.length > 0) {
      this.lastSeenAt = this.deps.services.now();
      return;
    }
    if (this.deps.services.now() - this.lastSeenAt > this.deps.idleMinutes * 60_000) {
      this.log.info('class idle: closing');
      void this.disconnect();
    }
  }
}
