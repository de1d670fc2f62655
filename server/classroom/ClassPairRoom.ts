/**
 * A duel that belongs to a class: the class room creates it (matchMaker.createRoom) and reserves
 * each student's seat with a per-seat key, so nobody else can sit down; an odd student plays the
 * textbook bot. The teacher's settings (wire loss/delay, coach|consequences, time limit) apply,
 * rematches are the teacher's to start (a new class round is a new pair room, roles swapped), and
 * every step is published to the class's presence channel for the dashboard: the class room may
 * live on another process, so nothing is shared in memory.
 */
import { CloseCode, type Client } from '@colyseus/core';
import { refused } from '../refused.ts';
import { refusal } from '../../shared/refusals.ts';
import { z } from 'zod';
import type { RoundSettings } from '../../shared/game/types.ts';
import type { Round, RoundRejection, RoundEvent } from '../../shared/game/types.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { DuelRoom } from '../rooms/DuelRoom.ts';
import type { RoomOptions } from '../rooms/messages.ts';
import type { WithServices } from '../services.ts';
import { classChannel, openTries, pairProgress, type ClassLink, type OpenTry } from './progress.ts';
import { ClassSettingsSchema, type ClassSettings } from './settings.ts';
import { ThinkClock } from './thinkTime.ts';
import { PairClock } from './pairTime.ts';
import { BOT_NAME } from '../../shared/classroom/botName.ts';

// A name is at most 24 graphemes (names.ts); one emoji sequence can take a dozen UTF-16 units.
const StudentSchema = z.object({ studentId: z.string().min(1).max(64), name: z.string().min(1).max(400) }).strict();

export const ClassPairOptions = z
  .object({
    link: z
      .object({
        classId: z.string().min(1).max(64),
        roundNo: z.number().int().min(1).max(100),
        pairNo: z.number().int().min(1).max(1000),
        students: z.object({ client: StudentSchema.nullable(), server: StudentSchema.nullable() }).strict(),
      })
      .strict(),
    /** One secret per human side; the class room hands each to its student inside a seat reservation. */
    seatKeys: z.object({ client: z.string().min(16).max(64).optional(), server: z.string().min(16).max(64).optional() }).strict(),
    settings: ClassSettingsSchema,
    /** One-time key the class room put in presence: a client cannot open a pair room itself. */
    openKey: z.string().min(16).max(64),
    /** A seat nobody has taken after this long is played by the bot, so no pair waits forever. */
    seatWaitMs: z.number().int().min(1_000).max(600_000),
  })
  .strict();

/** Presence hash of one-time keys for opening class pair rooms. */
export const PAIR_OPEN_KEYS = 'tcp-dojo:class-pair-open-keys';
export type ClassPairOptions = z.infer<typeof ClassPairOptions>;

/**
 * A student's seat key, and the tab number of the class connection the class room reserved it for
 * (attendance.ts): larger for a newer tab, so of two tabs of one student the newer plays.
 */
const SeatKeyOption = z.object({ role: z.enum(['client', 'server']), seatKey: z.string().max(64), tab: z.number().int().min(0).optional() });

/** The tab number in these join options (0 when none: a client older than tab numbers). */
function tabOf(options: unknown): number {
  const seat = SeatKeyOption.safeParse(options);
  return seat.success ? (seat.data.tab ?? 0) : 0;
}

/**
 * The wrong tries still open when the round ended (progress.ts openTries of the round before its
 * last step), less any decision that last step answered: the answer that ended the round is among
 * its decisions, and counts there once.
 */
function triesLeftOpen(before: Round, after: Round): OpenTry[] {
  const decided = new Set(after.decisions.map((d) => d.id));
  return openTries(before).filter((t) => !decided.has(t.decision.id));
}

export class ClassPairRoom extends DuelRoom {
  link!: ClassLink;
  seatKeys: Partial<Record<Side, string>> = {};
  /**
   * Keys of seats the bot took over (not taken in time, or the student was removed): their student,
   * arriving late with its reservation, is told the seat is no longer held, not that it is another's.
   */
  private retiredSeatKeys = new Set<string>();
  classSettings!: ClassSettings;
  /** The tab number of the connection that sits in each side's seat (0: none given). */
  private seatTabs: Partial<Record<Side, number>> = {};
  readonly think = new ThinkClock();
  readonly took = new PairClock();
  /** The wrong tries the round's last step closed (openTries of the round before it). */
  private openAtEnd: OpenTry[] = [];

  override async onCreate(options: WithServices<unknown>) {
    const raw = (options ?? {}) as { classPair?: unknown };
    const parsed = ClassPairOptions.safeParse(raw.classPair);
    if (!parsed.success) throw refused(400, refusal('pair_from_class'));
    const opened = await this.presence.hget(PAIR_OPEN_KEYS, parsed.data.openKey);
    if (opened !== parsed.data.link.classId) throw refused(403, refusal('pair_from_class'));
    await this.presence.hdel(PAIR_OPEN_KEYS, parsed.data.openKey);
    this.link = parsed.data.link;
    this.seatKeys = parsed.data.seatKeys;
    this.classSettings = parsed.data.settings;
    await super.onCreate({ services: options.services, scenarioId: this.classSettings.scenarioId, mode: this.classSettings.mode } as WithServices<unknown>);
    await this.setPrivate(true);
    await this.setMetadata({ classId: this.link.classId, roundNo: this.link.roundNo, pairNo: this.link.pairNo });
    // A student's game page may take a while to load on a slow tablet: their reservation waits as
    // long as their seat does (Colyseus' default is 15 s).
    this.seatReservationTimeout = Math.ceil(parsed.data.seatWaitMs / 1000);
    this.clock.setTimeout(() => this.seatsWaitedFor(), parsed.data.seatWaitMs);
  }

  /** Seats still empty when the wait is over go to the bot, and the round starts. */
  seatsWaitedFor(): void {
    if (this.state.phase !== 'waiting') return;
    this.benchEmptySeats();
    if (this.state.phase === 'waiting') this.startRound();
  }

  /** Every human seat nobody sits in is played by the bot from now on. */
  protected benchEmptySeats(): void {
    for (const side of SIDES) {
      const seat = this.seat(side);
      if (seat.controller !== 'human' || seat.taken) continue;
      seat.controller = 'bot';
      seat.name = BOT_NAME;
      this.retireSeatKey(side);
      this.log.info({ side }, 'class seat not taken: the bot plays it');
    }
  }

  protected override configure(options: RoomOptions): void {
    super.configure(options);
    this.state.mode = this.classSettings.mode;
    for (const side of SIDES) {
      const student = this.link.students[side];
      const seat = this.seat(side);
      seat.controller = student ? 'human' : 'bot';
      seat.name = student ? student.name : BOT_NAME;
    }
  }

  /** A seat key opens its own side only, and only while a student (not the bot) plays it. */
  protected override pickSide(options: RoomOptions): Side | null {
    const side = options.role;
    if (side === undefined || this.seat(side).taken || this.seat(side).controller !== 'human') return null;
    return side;
  }

  override onJoin(client: Client, options: unknown) {
    // A student the bot took the host over from comes back through the class (its fresh seat
    // reservation carries the seat's key): the bot hands the host back, as it is now. Checked
    // again here: of two tabs that both passed onAuth, the first takes the seat back, and the
    // second is refused below as the seat is taken.
    const returning = this.handBackSide(options);
    if (returning !== null) {
      this.outbox.patchSoon();
      if (this.seating.handBack(client, returning)) {
        const student = this.link.students[returning];
        if (student) this.seat(returning).name = student.name;
        this.seating.rejoinKeys.set(returning, this.seatKeys[returning]!);
        this.seatTabs[returning] = tabOf(options);
        return;
      }
    }
    // The class opened in another tab or on another laptop while this seat's connection is still
    // open: the newer tab plays on from here, the host and the round as they are. Checked again
    // here: of two tabs that both passed onAuth, the older is refused (seat_in_use).
    const moving = this.openedElsewhere(options);
    if (moving === 'older') throw refused(409, refusal('seat_in_use'));
    if (moving !== null) {
      this.outbox.patchSoon();
      this.seatTabs[moving] = tabOf(options);
      this.seating.moveSeat(client, moving);
      return;
    }
    // A student whose connection dropped (a closed tab, a crashed browser) comes back with a fresh
    // reservation from the class, its seat key in it: back to the seat held for it, as a reload
    // comes back by its reconnection token (which a new tab does not have).
    const back = this.heldSeatKey(options);
    super.onJoin(client, back === null ? options : { ...(options as object), rejoinKey: back });
    // The name is the class's (already cleaned there), never what the join options say.
    const side = this.seating.occupants.get(client.sessionId);
    const student = side && side !== 'spectator' ? this.link.students[side] : null;
    if (side && side !== 'spectator' && student) this.seat(side).name = student.name;
    // The seat's key is also its key back (Seating.heldSeatFor) while the round waits for it.
    const seatKey = side && side !== 'spectator' ? this.seatKeys[side] : undefined;
    if (side && side !== 'spectator' && seatKey !== undefined) this.seating.rejoinKeys.set(side, seatKey);
    if (side && side !== 'spectator') this.seatTabs[side] = tabOf(options);
  }

  /**
   * The side whose seat these join options take from a connection still in it, as the student
   * opened the class again in a newer tab; 'older' when the join is from an older tab than the
   * one in the seat (it lost the race); null when the seat is not in use. Only the seat's own key
   * opens it, and a key the bot retired (a removed student) opens nothing.
   */
  private openedElsewhere(options: unknown): Side | 'older' | null {
    const seat = SeatKeyOption.safeParse(options);
    if (!seat.success || this.seatKeys[seat.data.role] !== seat.data.seatKey) return null;
    const side = seat.data.role;
    if (this.seating.clientOf(side) === undefined || this.seat(side).controller !== 'human') return null;
    return (seat.data.tab ?? 0) < (this.seatTabs[side] ?? 0) ? 'older' : side;
  }

  /** The bot plays this side from now on: its key opens no seat, and says so. */
  private retireSeatKey(side: Side): void {
    const key = this.seatKeys[side];
    if (key !== undefined) this.retiredSeatKeys.add(key);
    delete this.seatKeys[side];
  }

  /** The seat key in these join options, if it opens a seat held for its dropped student; else null. */
  private heldSeatKey(options: unknown): string | null {
    const seat = SeatKeyOption.safeParse(options);
    if (!seat.success || this.seatKeys[seat.data.role] !== seat.data.seatKey) return null;
    return this.seating.heldSeatFor(seat.data.seatKey) === null ? null : seat.data.seatKey;
  }

  /**
   * The side this seat key opens if its student is coming back to a host the bot took over from
   * them, to take it back: the round is on, the bot plays that host for this student (it was
   * theirs at the start), and nobody sits in the seat. A student the teacher removed has no key any
   * more (retireSeatKey), so never gets it back this round.
   */
  private handBackSide(options: unknown): Side | null {
    const seat = SeatKeyOption.safeParse(options);
    if (!seat.success || this.seatKeys[seat.data.role] !== seat.data.seatKey) return null;
    const side = seat.data.role;
    const round = this.round;
    if (this.state.phase !== 'playing' || !round || round.finished) return null;
    if (round.hosts[side].controller !== 'bot' || round.settings.controllers[side] !== 'human') return null;
    if (this.seating.clientOf(side) !== undefined) return null;
    return side;
  }

  /**
   * A class seat waits for its dropped student while its window runs, before the round starts too
   * (the partner's tablet still loading): the student comes back to it, not to a seat benched.
   */
  protected override awaitsItsPlayer(side: Side): boolean {
    const seat = this.seat(side);
    return this.seating.rejoinKeys.has(side) && seat.taken && !seat.connected && seat.controller === 'human' && this.state.phase !== 'finished';
  }

  protected override returnsToHeldSeat(joinOptions: unknown): boolean {
    const elsewhere = this.openedElsewhere(joinOptions);
    return super.returnsToHeldSeat(joinOptions) || this.heldSeatKey(joinOptions) !== null || this.handBackSide(joinOptions) !== null || (elsewhere !== null && elsewhere !== 'older');
  }

  protected override roundSettings(settings: RoundSettings): RoundSettings {
    const s = this.classSettings;
    const direction = { delayMs: s.delayMs, jitterMs: 0, loss: s.loss, duplicate: 0, reorder: 0 };
    return { ...settings, wire: { toServer: direction, toClient: { ...direction } }, timeLimitMs: s.timeLimitMs };
  }

  override onAuth(client: Client, options: unknown) {
    const o = (options ?? {}) as { spectatorToken?: unknown };
    if (o.spectatorToken === undefined) {
      const seat = SeatKeyOption.safeParse(options);
      const key = seat.success ? this.seatKeys[seat.data.role] : undefined;
      if (seat.success && key === undefined && this.retiredSeatKeys.has(seat.data.seatKey)) throw refused(410, refusal('seat_gone'));
      if (!seat.success || key === undefined || key !== seat.data.seatKey) throw refused(403, refusal('seat_of_another'));
      if (this.heldSeatKey(options) !== null || this.handBackSide(options) !== null) return { spectator: false };
      // The student's seat, played on another connection: a newer tab takes it (onJoin), an older one is refused.
      const elsewhere = this.openedElsewhere(options);
      if (elsewhere === 'older') throw refused(409, refusal('seat_in_use'));
      if (elsewhere !== null) return { spectator: false };
    }
    return super.onAuth(client, options);
  }

  /** Every step of the round goes to the class dashboard, with the real time each decision took. */
  protected override step(event: RoundEvent): RoundRejection | null {
    // The step that ends the round closes its open decisions: a wrong try still open counts (progress.ts openTries).
    const before = this.round;
    const rejection = super.step(event);
    if (before && !before.finished && this.round?.finished) this.openAtEnd = triesLeftOpen(before, this.round);
    if (this.round) {
      this.think.observe(this.round, this.services.now());
      this.took.observe(this.round, this.services.now());
    }
    if (rejection === null) this.publishProgress();
    return rejection;
  }

  /**
   * The room closes with nobody left in it: every student of the pair left the game (or a student
   * alone with the bot did), and the bot played their hosts. The journal plays a round of bots to
   * its end as it saves it (RoundJournal.close); the class hears that this pair's round is over as
   * it hears any other end, or its round would wait for this pair for ever (and Stop could not
   * reach a room that is gone).
   */
  override async onDispose() {
    const before = this.round;
    await super.onDispose();
    if (!before || before.finished || !this.round?.finished || this.link === undefined) return;
    this.openAtEnd = triesLeftOpen(before, this.round);
    this.publishProgress();
  }

  publishProgress(): void {
    if (!this.round) return;
    try {
      const now = this.services.now();
      const message = pairProgress(this.round, this.link, this.roomId, (id) => this.think.thinkMs(id, now), this.round.finished ? this.state.roundId : '', this.round.finished ? this.openAtEnd : openTries(this.round), this.took.takenMs(this.round, now));
      void this.presence.publish(classChannel(this.link.classId), message);
    } catch (error) {
      this.log.error({ err: error }, 'could not publish class progress');
    }
  }

  /**
   * The teacher stops the class round (called through matchMaker.remoteRoomCall). A pair still
   * waiting for a student starts with the bot in the empty seat and stops at once, so it ends like
   * every other pair and the class can go on.
   */
  stopForClass(): boolean {
    this.outbox.patchSoon();
    if (this.state.phase === 'waiting') {
      this.benchEmptySeats();
      if (this.state.phase === 'waiting') this.startRound();
    }
    if (!this.round || this.round.finished) return false;
    return this.step({ kind: 'stop', at: this.engineNow() }) === null;
  }

  /** The teacher removed a student from the class: the bot plays their host from now on. */
  removeStudent(studentId: string): boolean {
    const side = SIDES.find((s) => this.link.students[s]?.studentId === studentId);
    if (!side) return false;
    this.outbox.patchSoon();
    this.retireSeatKey(side);
    for (const client of this.clients) {
      if (this.seating.occupants.get(client.sessionId) === side) client.leave(CloseCode.CONSENTED);
    }
    if (this.state.phase === 'waiting') this.seatsWaitedFor();
    return true;
  }

  /**
   * A student who leaves a class round does not keep a seat held for them: the bot plays their host
   * at once, as it does for a student the teacher removed. A dropped connection still gets its
   * reconnection window. Either comes back through the class, and the bot hands the host back
   * (handBackSide); a removed student does not.
   */
  protected override holdsSeats(): boolean {
    return false;
  }

  protected override onRematch(client: Client, swap: boolean): void {
    this.outbox.refuse(client, swap ? 'swap' : 'rematch', 'not_allowed', refusal('teacher_starts_rounds'));
  }
}
