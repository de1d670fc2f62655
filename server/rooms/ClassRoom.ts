/**
 * Classroom mode: one room per class. The teacher (holder of the class's secret token) starts,
 * stops, re-pairs, removes students, spectates; students join by the class code with a display name
 * and a rejoin token their page made, so a reload or a double-clicked Join comes back to the same
 * seat. Each pair plays in its own `class-pair` room; the class hears about them only through
 * presence (progress on the class channel), the matchMaker (create, reserve seats, remote calls)
 * and the database, so pairs may live on other processes.
 */
import { CloseCode, Room, matchMaker, type Client, type RoomException, type RoomMethodName } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from 'pino';
import { SIDES, otherSide, type Side } from '../../shared/tcp/wire.ts';
import { MAX_CLASS_ROUNDS } from '../../shared/classroom/rounds.ts';
import { roomLog, silentLogger } from '../log.ts';
import { reportRoomException } from '../roomErrors.ts';
import { dropReservedSeats, holdSeat } from '../seats.ts';
import type { RoomServices } from '../services.ts';
import { defineMessages, guardMessages, on, protocolError, sendProtocolError } from '../validate.ts';
import { refused } from '../refused.ts';
import { refusal, type Refusal } from '../../shared/refusals.ts';
import type { ClassRecord, ClassStore, SampleRow } from '../classroom/classStore.ts';
import { ClassState, ClassStudent, TeacherPanel } from '../classroom/classState.ts';
import { buildDashboard } from '../classroom/dashboard.ts';
import { cleanDisplayName, confusable, isReservedName, uniqueName } from '../classroom/names.ts';
import { pairLoneStudents, pairStudents, sidesFor, withoutStudent, type Pair } from '../classroom/pairing.ts';
import { classChannel, waitingProgress, type ClassLink, type PairProgress } from '../classroom/progress.ts';
import { Attendance } from '../classroom/attendance.ts';
import { takenSoFar } from '../classroom/pairTime.ts';
import { podium, resultsOfPair, type StudentRoundResult } from '../classroom/results.ts';
import { PAIR_OPEN_KEYS, type ClassPairOptions } from '../classroom/ClassPairRoom.ts';
import { ClassSettingsSchema, type ClassSettings } from '../classroom/settings.ts';
import { BOT_NAME } from '../../shared/classroom/botName.ts';

const SPECTATOR_TOKENS_KEY = 'tcp-dojo:spectator-tokens';
const DASHBOARD_EVERY_MS = 250;
/** While a round is played, the dashboard's real-time clocks move on this often even when nobody moves. */
const CLOCKS_EVERY_MS = 1_000;
/** A pair seat nobody takes within this long (or twice the reconnection window) goes to the bot: a slow tablet loading the game still makes it. */
const SEAT_WAIT_MS = 90_000;

export interface ClassRoomDeps {
  readonly services: RoomServices;
  readonly classes: ClassStore;
  /** A class with nobody connected is closed after this long. */
  readonly idleMinutes: number;
}

const JoinOptions = z.union([
  z.object({ teacherToken: z.string().min(16).max(128) }).strict(),
  z.object({ name: z.string().max(1000).optional(), rejoinToken: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/).optional() }).strict(),
]);

const Empty = z.object({}).strict();
/**
 * What the teacher may choose for the round Start or Next opens: its scenario (any of the game's,
 * as when opening a class) and whether each pair's students swap hosts (the default: everyone
 * plays both hosts over the rounds) or keep last round's. Both optional: `{}` plays on as before.
 */
export const RoundSetup = z
  .object({
    scenarioId: ClassSettingsSchema.shape.scenarioId.optional(),
    roles: z.enum(['swap', 'keep']).optional(),
  })
  .strict();
export type RoundSetup = z.infer<typeof RoundSetup>;
/**
 * The teacher adds rounds to the running class (the students stay joined), up to MAX_CLASS_ROUNDS
 * in all: the room refuses what would pass it, with the reason, and changes nothing.
 */
export const AddRounds = z.object({ count: z.number().int().min(1).max(MAX_CLASS_ROUNDS) }).strict();
export type AddRounds = z.infer<typeof AddRounds>;
const SpectateMessage = z.object({ pairNo: z.number().int().min(1).max(1000) }).strict();
const RemoveMessage = z.object({ studentId: z.string().min(1).max(64) }).strict();
const LockMessage = z.object({ locked: z.boolean() }).strict();

/** What the room tells a connection it closes on purpose, just before closing it. */
export type ClassGoodbye = { reason: 'replaced' } | { reason: 'removed' };

/** What a student's connection hears first: who they are in the class. */
export interface ClassWelcome {
  classId: string;
  studentId: string;
  name: string;
  /** Only to a page that sent none of its own (an older page): the token back to this seat. */
  rejoinToken: string | null;
  /** How long the class holds this connection after it drops (the reconnection window): the page retries that long. */
  reconnectSeconds: number;
}

/** What a student receives when seated in a pair room (its own seat only). */
export interface PairSeatMessage {
  roundNo: number;
  pairNo: number;
  side: Side;
  partner: string;
  roomId: string;
  reservation: matchMaker.ISeatReservation | null;
  /**
   * The round is over (a student back between rounds, or the round just ended): the page shows
   * the pair line and a way to the round's Results (the stored round `roundId`), and opens no game.
   */
  over?: { roundId: string };
  /** The teacher removed this student during the round (and let them back in): the bot plays their host to its end. */
  benched?: true;
}

interface LivePair {
  pair: Pair;
  roomId: string;
  link: ClassLink;
  seatKeys: Partial<Record<Side, string>>;
  saved: boolean;
  /** Students the teacher removed during this round: the bot plays their host to its end, even if they are let back in. */
  benched: Set<string>;
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
  /** The class's settings now: the scenario is the current (or last) round's, the teacher's to change between rounds. */
  settings!: ClassSettings;
  /** Which way round each pair's hosts are (sidesFor): one more each round whose students swap hosts. */
  sideTurn = 1;
  /** Teachers' connections. */
  teachers = new Set<string>();
  /** Students' connections; a student's presence is their newest one's. */
  attendance = new Attendance();
  pairs: Pair[] = [];
  pairingSeed = 0;
  /** The current round's pair rooms, by pair number. */
  live = new Map<number, LivePair>();
  /** Latest progress heard from each pair room (key `${roundNo}:${pairNo}`). */
  progress = new Map<string, PairProgress>();
  /** When (this room's wall clock) each progress was heard: a pair still playing has taken that much more since. */
  heardAt = new Map<string, number>();
  dashboardDue = false;
  /**
   * The class's stored results and samples as the dashboard last read them: only this room writes
   * them (as its pairs finish), so they are read again after a write, not on every refresh (the
   * real-time clocks refresh the dashboard each second of a round).
   */
  stored: { results: StudentRoundResult[]; samples: SampleRow[] } | null = null;
  lastSeenAt = 0;

  override messages = defineMessages({
    start: on(RoundSetup, (client, m) => this.teacherOnly(client, 'start', () => this.startClass(m))),
    next: on(RoundSetup, (client, m) => this.teacherOnly(client, 'next', () => this.nextRound(m))),
    addRounds: on(AddRounds, (client, m) => this.teacherOnly(client, 'addRounds', () => this.addRounds(m.count))),
    stop: on(Empty, (client) => this.teacherOnly(client, 'stop', () => this.stopRound())),
    repair: on(Empty, (client) => this.teacherOnly(client, 'repair', () => this.repair())),
    spectate: on(SpectateMessage, (client, m) => this.teacherOnly(client, 'spectate', () => this.spectate(client, m.pairNo))),
    remove: on(RemoveMessage, (client, m) => this.teacherOnly(client, 'remove', () => this.removeStudent(m.studentId))),
    readmit: on(RemoveMessage, (client, m) => this.teacherOnly(client, 'readmit', () => this.readmitStudent(m.studentId))),
    lock: on(LockMessage, (client, m) => this.teacherOnly(client, 'lock', () => this.lockClass(m.locked))),
    // A student's game could not sit down (its reservation ran out while the page loaded): a new one.
    reseat: on(Empty, (client) => this.reseat(client)),
    end: on(Empty, (client) => this.teacherOnly(client, 'end', () => this.endClass())),
  });

  override async onCreate(options: { classId?: unknown } & ClassRoomDeps) {
    this.deps = { services: options.services, classes: options.classes, idleMinutes: options.idleMinutes };
    this.log = roomLog(this.deps.services.log, this);
    guardMessages(this, { limits: this.deps.services.messageLimits, log: this.log, now: this.deps.services.now, mistakes: this.deps.services.mistakes });
    const classId = typeof options.classId === 'string' ? options.classId : '';
    // Only the HTTP API opens classes: it writes the class first, then the room claims it once.
    if (!this.deps.classes.attachRoom(classId, this.roomId)) throw refused(403, refusal('class_via_page'), 'classes are opened through /api/classes');
    const record = this.deps.classes.getClass(classId);
    if (!record) throw refused(404, refusal('no_class'));
    this.record = record;
    this.settings = record.settings;
    this.state.classId = record.classId;
    this.state.name = record.name;
    this.state.code = record.code;
    this.state.rounds = record.settings.rounds;
    this.state.scenarioId = record.settings.scenarioId;
    this.state.mode = record.settings.mode;
    this.state.timed = record.settings.timed;
    this.state.maxStudents = record.settings.maxStudents;
    this.state.locked = record.settings.locked;
    this.state.teacher = new TeacherPanel();
    this.showRemoved();
    // Connections, not students: a reload holds an old connection for a while beside the new one.
    this.maxClients = record.settings.maxStudents * 2 + 10;
    await this.setPrivate(true);
    await this.presence.subscribe(classChannel(record.classId), (message: PairProgress) => this.onPairProgress(message));
    this.lastSeenAt = this.deps.services.now();
    this.clock.setInterval(() => this.checkIdle(), 30_000);
    // A pair whose student is thinking publishes nothing: its real time taken still goes on.
    this.clock.setInterval(() => {
      if (this.state.phase === 'playing' && this.teachers.size > 0) this.refreshDashboard();
    }, CLOCKS_EVERY_MS);
    this.refreshDashboard();
    this.log.info({ classId: record.classId, code: record.code }, 'class opened');
  }

  override onAuth(_client: Client, options: unknown) {
    const parsed = JoinOptions.safeParse(options ?? {});
    if (!parsed.success) throw refused(400, refusal('join_options'));
    if ('teacherToken' in parsed.data) {
      if (!this.deps.classes.isTeacher(this.record.classId, parsed.data.teacherToken)) throw refused(403, refusal('wrong_teacher_link'));
      return { teacher: true };
    }
    const { rejoinToken, name } = parsed.data;
    if (rejoinToken !== undefined) {
      const back = this.deps.classes.studentByRejoinToken(this.record.classId, rejoinToken);
      if (back) return { teacher: false, studentId: back.studentId };
      if (this.deps.classes.wasRemoved(this.record.classId, rejoinToken)) throw refused(403, refusal('removed'));
    }
    const clean = cleanDisplayName(name);
    if (clean === null) throw refused(400, refusal('enter_name'));
    if (isReservedName(clean)) throw refused(400, refusal('reserved_name'));
    // A removed student on another browser (or one that forgot its token) comes back under the same name: not let in either.
    if (this.deps.classes.removedStudents(this.record.classId).some((r) => confusable(r.name, clean))) {
      throw refused(403, refusal('removed_name'));
    }
    if (this.state.phase === 'finished') throw refused(409, refusal('class_finished'));
    // Past the checks above: only a student new to the class (a known one came back by token).
    if (this.settings.locked) throw refused(403, refusal('class_locked'));
    if (this.state.students.size >= this.state.maxStudents) throw refused(409, refusal('class_full'));
    return { teacher: false, name: clean, rejoinToken };
  }

  override async onJoin(client: Client, _options: unknown, auth: { teacher: boolean; studentId?: string; name?: string; rejoinToken?: string }) {
    this.touch();
    client.view = new StateView();
    if (auth.teacher) {
      this.teachers.add(client.sessionId);
      client.view.add(this.state.teacher);
      this.state.students.forEach((seat) => client.view!.add(seat));
      this.refreshDashboard();
      return;
    }
    const studentId = this.seatStudent(client, auth);
    const seat = this.state.students.get(studentId)!;
    client.view.add(seat);
    // One live connection per student: an older one (a double-clicked Join, another tab) is closed.
    for (const old of this.attendance.join(studentId, client.sessionId, this.deps.services.now())) this.closeConnection(old, { reason: 'replaced' });
    seat.connected = true;
    this.log.info({ studentId }, 'student in class');
    if (this.state.phase === 'playing') await this.seatLateStudent(studentId);
    else this.sendPairOver(studentId);
    this.scheduleDashboard();
  }

  /**
   * The student this connection is: back by rejoin token, or new. A page sends the token it made
   * before its first join, so two joins racing with one token (a double click) find one student:
   * the second finds the first's row here, in one synchronous stretch of the room's single thread.
   */
  seatStudent(client: Client, auth: { studentId?: string; name?: string; rejoinToken?: string }): string {
    const classId = this.record.classId;
    const known = auth.studentId ?? (auth.rejoinToken === undefined ? undefined : this.deps.classes.studentByRejoinToken(classId, auth.rejoinToken)?.studentId);
    if (known !== undefined) {
      if (!this.state.students.has(known)) {
        const stored = this.deps.classes.students(classId).find((s) => s.studentId === known);
        this.addSeat(known, stored?.name ?? 'student');
      }
      client.send('welcome', { classId, studentId: known, name: this.state.students.get(known)!.name, rejoinToken: null, reconnectSeconds: this.deps.services.reconnectSeconds } satisfies ClassWelcome);
      return known;
    }
    if (this.state.students.size >= this.state.maxStudents) throw refused(409, refusal('class_full'));
    const studentId = secret(6);
    const rejoinToken = auth.rejoinToken ?? secret(24);
    const names = [...this.state.students.values()].map((s) => s.name);
    const name = uniqueName(auth.name ?? 'student', names);
    this.deps.classes.addStudent(classId, { studentId, name, joinedAt: this.deps.services.now() }, rejoinToken);
    this.addSeat(studentId, name);
    client.send('welcome', { classId, studentId, name, rejoinToken: auth.rejoinToken === undefined ? rejoinToken : null, reconnectSeconds: this.deps.services.reconnectSeconds } satisfies ClassWelcome);
    return studentId;
  }

  addSeat(studentId: string, name: string): void {
    const seat = new ClassStudent();
    seat.name = name;
    this.state.students.set(studentId, seat);
    for (const c of this.clients) if (this.teachers.has(c.sessionId)) c.view?.add(seat);
  }

  override async onDrop(client: Client) {
    const studentId = this.attendance.studentOf(client.sessionId);
    if (studentId !== undefined) {
      this.attendance.drop(client.sessionId);
      this.updatePresence(studentId);
    }
    const outcome = await holdSeat(this, client, this.deps.services.reconnectSeconds);
    if (outcome.kind !== 'reconnected' || studentId === undefined) return;
    // Back on an old connection while a newer one has the student: the newer one stays.
    if (!this.attendance.reconnect(client.sessionId)) return this.closeConnection(client.sessionId, { reason: 'replaced' });
    this.updatePresence(studentId);
    await this.catchUp(studentId);
  }

  /**
   * A student's connection is back after a drop (a Wi-Fi blip): what the class said to them while it
   * was away never reached them (a held connection is not among the room's clients), so they hear
   * it now. A round that ended meanwhile: their pair's Results. A round that started meanwhile
   * without them (away at its start, their seat went to no one): a seat as a late joiner gets one.
   * A student already seated in this round was told before the drop, and their game reconnects to
   * its own room: nothing to say.
   */
  async catchUp(studentId: string): Promise<void> {
    if (this.state.phase !== 'playing') return this.sendPairOver(studentId);
    const seated = [...this.live.values()].some((lp) => SIDES.some((side) => lp.link.students[side]?.studentId === studentId));
    if (!seated) await this.seatLateStudent(studentId);
  }

  override onLeave(client: Client) {
    this.teachers.delete(client.sessionId);
    const studentId = this.attendance.studentOf(client.sessionId);
    const gone = this.attendance.leave(client.sessionId);
    if (studentId !== undefined) this.updatePresence(studentId);
    if (gone !== undefined) this.forgetIfNeverPlayed(gone);
    this.touch();
  }

  updatePresence(studentId: string): void {
    const seat = this.state.students.get(studentId);
    if (seat) seat.connected = this.attendance.presence(studentId) === 'here';
    this.scheduleDashboard();
  }

  /**
   * A student with no connection left (past the reconnection window, or left on purpose) who never
   * played a round is forgotten: their place in the class is free again. Someone who played keeps
   * their place, their totals and their results. A locked class forgets nobody: it takes no one new
   * whom a place would be freed for, and a student whose laptop slept past the reconnection window
   * comes back with their rejoin token (unlocking forgets those still gone).
   */
  forgetIfNeverPlayed(studentId: string): void {
    if (this.state.phase === 'finished' || this.settings.locked) return;
    if (this.pairs.some((p) => p.studentIds.includes(studentId))) return;
    if ([...this.live.values()].some((lp) => SIDES.some((side) => lp.link.students[side]?.studentId === studentId))) return;
    if (this.deps.classes.hasPlayed(this.record.classId, studentId)) return;
    this.deps.classes.forgetStudent(this.record.classId, studentId);
    this.attendance.forget(studentId);
    this.state.students.delete(studentId);
    this.log.info({ studentId }, 'student never played and left: forgotten');
  }

  closeConnection(sessionId: string, goodbye: ClassGoodbye): void {
    const client = this.clients.find((c) => c.sessionId === sessionId);
    if (!client) return;
    client.send('goodbye', goodbye);
    client.leave(CloseCode.CONSENTED);
  }

  /** The server is shutting down: seats nobody has taken yet do not hold the room (and the process) open. */
  override onBeforeShutdown(): void {
    dropReservedSeats(this);
    super.onBeforeShutdown();
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

  /** Runs a teacher's action; a refusal (not the teacher, not now) comes back as a clear error. */
  async teacherOnly(client: Client, type: string, action: () => Refusal | null | Promise<Refusal | null>): Promise<void> {
    if (!this.teachers.has(client.sessionId)) {
      sendProtocolError(client, protocolError('not_allowed', type, refusal('teacher_only')));
      return;
    }
    this.touch();
    const why = await action();
    if (why !== null) sendProtocolError(client, protocolError('not_allowed', type, why));
  }

  presentStudents(): string[] {
    return [...this.state.students].filter(([, s]) => s.connected).map(([id]) => id);
  }

  async startClass(setup: RoundSetup = {}): Promise<Refusal | null> {
    if (this.state.phase !== 'lobby') return refusal('class_started');
    const present = this.presentStudents();
    if (present.length === 0) return refusal('nobody_joined');
    this.pairingSeed = randomInt(1, 2 ** 31 - 1);
    this.pairs = pairStudents(present, this.pairingSeed);
    this.setUpRound(setup);
    await this.startRound(1);
    return null;
  }

  async nextRound(setup: RoundSetup = {}): Promise<Refusal | null> {
    if (this.state.phase !== 'between') return this.state.phase === 'playing' ? refusal('stop_round_first') : refusal('no_next_round');
    if (this.state.roundNo >= this.state.rounds) return refusal('last_round');
    if (setup.roles !== 'keep') this.sideTurn += 1;
    this.setUpRound(setup);
    await this.startRound(this.state.roundNo + 1);
    return null;
  }

  /**
   * The teacher's choice for the round about to open (already validated): its scenario becomes the
   * class's, kept in the database so the teacher's page and summary read it after a reload. Each
   * result row keeps the scenario its own round was played in.
   */
  setUpRound(setup: RoundSetup): void {
    if (setup.scenarioId === undefined || setup.scenarioId === this.settings.scenarioId) return;
    this.settings = { ...this.settings, scenarioId: setup.scenarioId };
    this.state.scenarioId = setup.scenarioId;
    try {
      this.deps.classes.updateSettings(this.record.classId, this.settings);
    } catch (error) {
      this.log.error({ err: error }, 'could not store the class’s new scenario');
    }
    this.log.info({ scenarioId: setup.scenarioId }, 'class scenario changed');
  }

  /**
   * More rounds for this class, the students staying joined (a lesson that goes on through more
   * levels). Allowed until the class room closes: a class over (its last round played, or ended by
   * the teacher) is between rounds again, and its podium waits for the new last round. Kept in the
   * class's stored settings, so the teacher's page and summary read the new count after a reload.
   */
  addRounds(count: number): Refusal | null {
    const rounds = this.state.rounds + count;
    if (rounds > MAX_CLASS_ROUNDS) {
      return refusal('too_many_rounds', { max: MAX_CLASS_ROUNDS, rounds: this.state.rounds, count });
    }
    this.state.rounds = rounds;
    this.settings = { ...this.settings, rounds };
    try {
      this.deps.classes.updateSettings(this.record.classId, this.settings);
    } catch (error) {
      this.log.error({ err: error }, 'could not store the class’s new number of rounds');
    }
    if (this.state.phase === 'finished') {
      this.state.phase = this.state.roundNo === 0 ? 'lobby' : 'between';
      this.state.podium = '';
    }
    this.log.info({ rounds, phase: this.state.phase }, 'class rounds added');
    return null;
  }

  /** New random pairs for the next round (between rounds). */
  repair(): Refusal | null {
    if (this.state.phase !== 'between') return refusal('repair_between');
    this.pairingSeed = randomInt(1, 2 ** 31 - 1);
    this.pairs = pairStudents(this.presentStudents(), this.pairingSeed);
    for (const [id, s] of this.state.students) s.pairNo = this.pairs.find((p) => p.studentIds.includes(id))?.pairNo ?? 0;
    return null;
  }

  async stopRound(): Promise<Refusal | null> {
    if (this.state.phase !== 'playing') return refusal('no_round');
    await this.stopPairs();
    return null;
  }

  /**
   * Stop the pairs still playing. A pair whose round is over and saved is not asked: its room may be
   * gone already (a student alone with the bot who left: the bot finished the round at once), and a
   * call to a room that is gone waits out the matchmaker's timeout before it fails.
   */
  async stopPairs(): Promise<void> {
    await Promise.all(
      [...this.live.values()].filter((lp) => !lp.saved).map((lp) =>
        matchMaker.remoteRoomCall(lp.roomId, 'stopForClass').catch((error: unknown) => this.log.warn({ err: error, roomId: lp.roomId }, 'could not stop a pair')),
      ),
    );
  }

  async spectate(client: Client, pairNo: number): Promise<Refusal | null> {
    const lp = this.live.get(pairNo);
    const token = lp ? await this.presence.hget(SPECTATOR_TOKENS_KEY, lp.roomId) : null;
    if (!lp || !token) return refusal('pair_not_playing', { pair: pairNo });
    client.send('spectate', { pairNo, roomId: lp.roomId, spectatorToken: token });
    return null;
  }

  /**
   * The teacher removes a student: their connections close, their rejoin token opens nothing more
   * (their page keeps it, so a reload is refused as them) and their name (or a lookalike) joins no
   * more, until the teacher lets them back in; the bot plays their host if they are in a round, and
   * their place in the class is free. Results they already have stay in the class's results.
   */
  async removeStudent(studentId: string): Promise<Refusal | null> {
    if (!this.state.students.has(studentId)) return refusal('no_student');
    this.deps.classes.removeStudent(this.record.classId, studentId);
    for (const sessionId of this.attendance.sessionsOf(studentId)) this.closeConnection(sessionId, { reason: 'removed' });
    this.attendance.forget(studentId);
    this.state.students.delete(studentId);
    this.pairs = withoutStudent(this.pairs, studentId);
    for (const lp of this.live.values()) {
      if (!SIDES.some((side) => lp.link.students[side]?.studentId === studentId)) continue;
      lp.benched.add(studentId);
      await matchMaker.remoteRoomCall(lp.roomId, 'removeStudent', [studentId]).catch((error: unknown) => this.log.warn({ err: error, roomId: lp.roomId }, 'could not take a removed student out of a pair'));
    }
    this.log.info({ studentId }, 'student removed by the teacher');
    this.showRemoved();
    this.scheduleDashboard();
    return null;
  }

  /**
   * The teacher undoes a removal: the student's page comes back with its rejoin token to the same
   * student (results kept), and their name may join again. Their seat in a round already played
   * stays the bot's; they play from the next round.
   */
  readmitStudent(studentId: string): Refusal | null {
    if (!this.deps.classes.readmitStudent(this.record.classId, studentId)) return refusal('not_removed');
    this.log.info({ studentId }, 'removal undone by the teacher');
    this.showRemoved();
    return null;
  }

  /**
   * The teacher locks the class once everyone is in (a removed student cannot come back under a new
   * name, nor a stranger with the code), or unlocks it for a latecomer. Students already in the class
   * keep coming back. Kept in the class's stored settings, so a reloaded page and a restarted room
   * read it.
   */
  lockClass(locked: boolean): Refusal | null {
    if (this.settings.locked === locked) return null;
    this.settings = { ...this.settings, locked };
    this.state.locked = locked;
    try {
      this.deps.classes.updateSettings(this.record.classId, this.settings);
    } catch (error) {
      this.log.error({ err: error }, 'could not store the class’s lock');
    }
    this.log.info({ locked }, locked ? 'class locked to new students' : 'class unlocked');
    if (!locked) for (const studentId of [...this.state.students.keys()]) if (this.attendance.sessionsOf(studentId).length === 0) this.forgetIfNeverPlayed(studentId);
    return null;
  }

  /** The removed students, for the teacher's roster (where each can be let back in). */
  showRemoved(): void {
    this.state.teacher.removed = JSON.stringify(this.deps.classes.removedStudents(this.record.classId).map((s) => ({ studentId: s.studentId, name: s.name })));
  }

  async endClass(): Promise<Refusal | null> {
    if (this.state.phase === 'finished') return refusal('class_over');
    await this.stopPairs();
    this.state.phase = 'finished';
    this.publishPodium();
    this.refreshDashboard();
    return null;
  }

  // ---- rounds --------------------------------------------------------------------------

  async startRound(roundNo: number): Promise<void> {
    // Students who joined after the pairing pair up among themselves (or with the bot).
    const paired = new Set(this.pairs.flatMap((p) => [...p.studentIds]));
    const newcomers = this.presentStudents().filter((id) => !paired.has(id));
    for (const extra of pairStudents(newcomers, this.pairingSeed + roundNo)) {
      this.pairs.push({ pairNo: this.nextPairNo(), studentIds: extra.studentIds });
    }
    // The odd one out, a latecomer seated with the bot, one whose partner is away: they play each other.
    this.pairs = pairLoneStudents(this.pairs, new Set(this.presentStudents()));
    this.state.roundNo = roundNo;
    this.state.phase = 'playing';
    this.live.clear();
    for (const [, s] of this.state.students) {
      s.pairNo = 0;
      s.side = '';
      s.partnerLeft = false;
      s.partnerBack = false;
      s.left = false;
    }
    await Promise.all(this.pairs.map((pair) => this.openPair(pair, roundNo)));
    this.log.info({ roundNo, pairs: this.pairs.length }, 'class round started');
    this.refreshDashboard();
  }

  nextPairNo(): number {
    return this.pairs.reduce((n, p) => Math.max(n, p.pairNo), 0) + 1;
  }

  async openPair(pair: Pair, roundNo: number): Promise<void> {
    const sides = sidesFor(pair, this.sideTurn);
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
    const seatWaitMs = Math.min(600_000, Math.max(SEAT_WAIT_MS, this.deps.services.reconnectSeconds * 2000));
    const options: ClassPairOptions = { link, seatKeys, settings: this.settings, openKey, seatWaitMs };
    try {
      await this.presence.hset(PAIR_OPEN_KEYS, openKey, this.record.classId);
      const room = await matchMaker.createRoom('class-pair', { classPair: options });
      const lp: LivePair = { pair, roomId: room.roomId, link, seatKeys, saved: false, benched: new Set() };
      this.live.set(pair.pairNo, lp);
      for (const side of SIDES) {
        const student = students[side];
        if (student) await this.sendPairSeat(student.studentId, lp, side);
      }
    } catch (error) {
      this.log.error({ err: error, pairNo: pair.pairNo }, 'could not open a pair room');
    }
  }

  /** The student's newest connection, if it is live. */
  clientOf(studentId: string): Client | undefined {
    return this.clients.find((c) => this.attendance.studentOf(c.sessionId) === studentId && this.attendance.isNewest(c.sessionId));
  }

  async sendPairSeat(studentId: string, lp: LivePair, side: Side): Promise<void> {
    const client = this.clientOf(studentId);
    const seatKey = lp.seatKeys[side];
    if (!client || seatKey === undefined) return;
    const room = await matchMaker.getRoomById(lp.roomId);
    if (!room) return;
    try {
      // No name in the options: the pair room takes it from its link (the class's cleaned name).
      // The tab number: of two tabs of this student, the pair room seats the newer (ClassPairRoom).
      const reservation = await matchMaker.reserveSeatFor(room, { role: side, seatKey, tab: this.attendance.tabOf(studentId) });
      const partner = lp.link.students[side === 'client' ? 'server' : 'client']?.name ?? BOT_NAME;
      const message: PairSeatMessage = { roundNo: lp.link.roundNo, pairNo: lp.link.pairNo, side, partner, roomId: lp.roomId, reservation };
      client.send('pair', message);
    } catch (error) {
      // The seat is taken (the student is still connected there, or reconnects by token).
      this.log.info({ err: error, studentId }, 'no fresh seat reservation');
      const partner = lp.link.students[side === 'client' ? 'server' : 'client']?.name ?? BOT_NAME;
      const message: PairSeatMessage = { roundNo: lp.link.roundNo, pairNo: lp.link.pairNo, side, partner, roomId: lp.roomId, reservation: null };
      client.send('pair', message);
    }
  }

  /**
   * The student's pair in the round just over, if they played in it (a reload between rounds, or
   * the round's end): their page keeps its pair line and its way to that round's Results.
   */
  sendPairOver(studentId: string): void {
    const client = this.clientOf(studentId);
    if (!client) return;
    for (const lp of this.live.values()) {
      const side = SIDES.find((s) => lp.link.students[s]?.studentId === studentId);
      const roundId = this.progress.get(`${lp.link.roundNo}:${lp.link.pairNo}`)?.roundId ?? '';
      if (side === undefined || !lp.saved || roundId === '') continue;
      const partner = lp.link.students[side === 'client' ? 'server' : 'client']?.name ?? BOT_NAME;
      const message: PairSeatMessage = { roundNo: lp.link.roundNo, pairNo: lp.link.pairNo, side, partner, roomId: lp.roomId, reservation: null, over: { roundId } };
      client.send('pair', message);
      return;
    }
  }

  sendBenched(studentId: string, lp: LivePair, side: Side): void {
    const partner = lp.link.students[side === 'client' ? 'server' : 'client']?.name ?? BOT_NAME;
    const message: PairSeatMessage = { roundNo: lp.link.roundNo, pairNo: lp.link.pairNo, side, partner, roomId: lp.roomId, reservation: null, benched: true };
    this.clientOf(studentId)?.send('pair', message);
  }

  async reseat(client: Client): Promise<void> {
    const studentId = this.attendance.studentOf(client.sessionId);
    if (studentId === undefined || this.state.phase !== 'playing') {
      sendProtocolError(client, protocolError('not_allowed', 'reseat', refusal('no_round_for_you')));
      return;
    }
    await this.seatLateStudent(studentId);
  }

  /** A student (re)joining mid-round: back to their pair's seat, or a new pair with the bot. */
  async seatLateStudent(studentId: string): Promise<void> {
    for (const lp of this.live.values()) {
      for (const side of SIDES) {
        // Removed this round and let back in: their seat is the bot's now; they play from the next round.
        if (lp.link.students[side]?.studentId === studentId && lp.benched.has(studentId)) return this.sendBenched(studentId, lp, side);
        if (lp.link.students[side]?.studentId === studentId) return this.sendPairSeat(studentId, lp, side);
      }
    }
    if (this.pairs.some((p) => p.studentIds.includes(studentId))) return; // was away at the start: next round
    const pair: Pair = { pairNo: this.nextPairNo(), studentIds: [studentId] };
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
    this.heardAt.set(`${message.roundNo}:${message.pairNo}`, this.deps.services.now());
    if (lp && lp.roomId === message.roomId) this.showWhoLeft(message);
    if (message.finished && lp && lp.roomId === message.roomId && !lp.saved) {
      lp.saved = true;
      const rows = resultsOfPair(message);
      const samples: SampleRow[] = message.samples.map((s) => ({ ...s, roundNo: message.roundNo, pairNo: message.pairNo }));
      try {
        this.stored = null;
        this.deps.classes.saveResults(rows, samples);
      } catch (error) {
        this.log.error({ err: error }, 'could not save class results');
      }
      for (const r of rows) {
        const seat = this.state.students.get(r.studentId);
        if (seat) seat.total += r.score;
        this.sendPairOver(r.studentId);
      }
      if ([...this.live.values()].every((p) => p.saved)) this.roundOver();
    }
    this.touch();
    this.scheduleDashboard();
  }

  /** Each student of the pair learns whether the bot now plays their own host and their partner's (the pair room's word, as the teacher's card). */
  showWhoLeft(message: PairProgress): void {
    for (const side of SIDES) {
      const studentId = message.hosts[side].studentId;
      const partner = message.hosts[otherSide(side)];
      const seat = studentId === null ? undefined : this.state.students.get(studentId);
      if (!seat) continue;
      seat.left = message.hosts[side].controller === 'bot' && message.hosts[side].botFrom !== undefined;
      seat.partnerLeft = partner.studentId !== null && partner.controller === 'bot' && partner.botFrom !== undefined;
      seat.partnerBack = partner.studentId !== null && partner.controller === 'human' && partner.backIn !== undefined;
    }
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
    const now = this.deps.services.now();
    // Real time taken so far, measured on this room's clock from when the pair last spoke (the pair may live on another process).
    const heard = [...this.progress].map(([key, p]) => (p.finished ? p : { ...p, takenMs: takenSoFar(p.takenMs, this.heardAt.get(key) ?? now, now) }));
    for (const lp of this.live.values()) {
      const key = `${lp.link.roundNo}:${lp.link.pairNo}`;
      if (this.progress.get(key)?.roomId !== lp.roomId) heard.push(waitingProgress(lp.link, lp.roomId, this.settings.scenarioId));
    }
    this.stored ??= { results: this.deps.classes.results(classId), samples: this.deps.classes.samples(classId) };
    const dashboard = buildDashboard(this.state.roundNo, heard, this.stored);
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
