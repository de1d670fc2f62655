/**
 * A duel that belongs to a class: the class room creates it (matchMaker.createRoom) and reserves
 * each student's seat with a per-seat key, so nobody else can sit down; an odd student plays the
 * textbook bot. The teacher's settings (wire loss/delay, coach|consequences, time limit) apply,
 * rematches are the teacher's to start (a new class round is a new pair room, roles swapped), and
 * every step is published to the class's presence channel for the dashboard: the class room may
 * live on another process, so nothing is shared in memory.
 */
import { ServerError, type Client } from '@colyseus/core';
import { z } from 'zod';
import type { RoundSettings } from '../../shared/game/types.ts';
import type { RoundRejection, RoundEvent } from '../../shared/game/types.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { DuelRoom } from '../rooms/DuelRoom.ts';
import type { RoomOptions } from '../rooms/messages.ts';
import type { WithServices } from '../services.ts';
import { classChannel, pairProgress, type ClassLink } from './progress.ts';
import { ClassSettingsSchema, type ClassSettings } from './settings.ts';

const StudentSchema = z.object({ studentId: z.string().min(1).max(64), name: z.string().min(1).max(40) }).strict();

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
  })
  .strict();

/** Presence hash of one-time keys for opening class pair rooms. */
export const PAIR_OPEN_KEYS = 'tcp-dojo:class-pair-open-keys';
export type ClassPairOptions = z.infer<typeof ClassPairOptions>;

const SeatKeyOption = z.object({ role: z.enum(['client', 'server']), seatKey: z.string().max(64) });

export class ClassPairRoom extends DuelRoom {
  link!: ClassLink;
  seatKeys: Partial<Record<Side, string>> = {};
  classSettings!: ClassSettings;

  override async onCreate(options: WithServices<unknown>) {
    const raw = (options ?? {}) as { classPair?: unknown };
    const parsed = ClassPairOptions.safeParse(raw.classPair);
    if (!parsed.success) throw new ServerError(400, 'a class pair room is opened by its class');
    const opened = await this.presence.hget(PAIR_OPEN_KEYS, parsed.data.openKey);
    if (opened !== parsed.data.link.classId) throw new ServerError(403, 'a class pair room is opened by its class');
    await this.presence.hdel(PAIR_OPEN_KEYS, parsed.data.openKey);
    this.link = parsed.data.link;
    this.seatKeys = parsed.data.seatKeys;
    this.classSettings = parsed.data.settings;
    await super.onCreate({ services: options.services, scenarioId: this.classSettings.scenarioId, mode: this.classSettings.mode } as WithServices<unknown>);
    await this.setPrivate(true);
    await this.setMetadata({ classId: this.link.classId, roundNo: this.link.roundNo, pairNo: this.link.pairNo });
  }

  protected override configure(options: RoomOptions): void {
    super.configure(options);
    this.state.mode = this.classSettings.mode;
    for (const side of SIDES) {
      const student = this.link.students[side];
      const seat = this.seat(side);
      seat.controller = student ? 'human' : 'bot';
      if (!student) seat.name = 'Bot';
    }
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
      if (!seat.success || key === undefined || key !== seat.data.seatKey) throw new ServerError(403, 'this seat belongs to another student');
    }
    return super.onAuth(client, options);
  }

  /** Every step of the round goes to the class dashboard. */
  protected override step(event: RoundEvent): RoundRejection | null {
    const rejection = super.step(event);
    if (rejection === null) this.publishProgress();
    return rejection;
  }

  publishProgress(): void {
    if (!this.round) return;
    try {
      const message = pairProgress(this.round, this.link, this.roomId, this.round.finished ? this.state.roundId : '');
      void this.presence.publish(classChannel(this.link.classId), message);
    } catch (error) {
      this.log.error({ err: error }, 'could not publish class progress');
    }
  }

  /** The teacher stops the class round (called through matchMaker.remoteRoomCall). */
  stopForClass(): boolean {
    if (!this.round || this.round.finished) return false;
    const side = SIDES.find((s) => this.link.students[s] !== null) ?? 'client';
    return this.step({ kind: 'resign', at: this.engineNow(), side }) === null;
  }

  protected override onRematch(client: Client, swap: boolean): void {
    this.refuse(client, swap ? 'swap' : 'rematch', 'not_allowed', 'In a class, the teacher starts the next round.');
  }
}
