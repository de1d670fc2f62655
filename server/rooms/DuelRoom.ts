/**
 * Two humans, one per host. Joined by quick match (`joinOrCreate('duel', { scenarioId })`, rooms
 * filtered by scenario) or privately by a short code (`create('duel', { private: true })`, then
 * `joinById(code)`). Roles go first come, first served; `swap` exchanges them between rounds.
 * By default game time waits while either player thinks (turns): with two people thinking, a
 * running clock buries the slower one under retransmissions. `realTime: true` keeps the clock
 * running, as on a real network, for players who want the pressure.
 */
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { claimRoomCode } from '../roomCode.ts';
import type { RoomOptions } from './messages.ts';
import type { RoomKind } from './protocol.ts';
import { RoundRoom } from './RoundRoom.ts';

type ReserveSeat = (sessionId: string, joinOptions?: unknown, authData?: unknown, seconds?: number, allowReconnection?: boolean, ...rest: unknown[]) => Promise<boolean>;

function isSpectatorJoin(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { spectatorToken?: unknown }).spectatorToken !== undefined;
}

function rejoinKeyOf(options: unknown): string | null {
  const key = typeof options === 'object' && options !== null ? (options as { rejoinKey?: unknown }).rejoinKey : undefined;
  return typeof key === 'string' ? key : null;
}

export class DuelRoom extends RoundRoom {
  readonly kind: RoomKind = 'duel';
  protected pauseWhileDeciding = true;
  protected isPrivate = false;
  /** A public room taken out of the quick-match list while both player seats are promised. */
  private hiddenFromQuickMatch = false;

  protected configure(options: RoomOptions): void {
    this.state.mode = options.mode ?? 'consequences';
    this.personality = 'textbook'; // plays a host only after a player leaves for good
    this.seat('client').controller = 'human';
    this.seat('server').controller = 'human';
    this.isPrivate = options.private === true;
    this.pauseWhileDeciding = options.realTime !== true;
  }

  protected override async open(): Promise<void> {
    if (this.isPrivate) {
      const code = await claimRoomCode(this.presence);
      this.roomId = code;
      this.state.code = code;
      await this.setPrivate(true);
    }
    await this.setMetadata({ scenarioId: this.scenario.id, mode: this.state.mode });
    this.guardQuickMatchSeats();
  }

  protected pickSide(options: RoomOptions): Side | null {
    const free = (s: Side) => !this.seat(s).taken;
    if (options.role !== undefined && free(options.role)) return options.role;
    if (free('client')) return 'client';
    if (free('server')) return 'server';
    return null;
  }

  /**
   * Quick match counts a seat as gone when it is *promised*, not when it is sat in: the matchmaker
   * reserves a seat (`_reserveSeat`) well before the player's onJoin, so counting only taken seats
   * let a third player reserve into a room whose two seats were promised, and be refused at the
   * door with a 409. Refused at the reservation, the matchmaker tries another room or opens one.
   * This must not go through `hasReachedMaxClients()`: Colyseus locks a room while that is true,
   * and a locked room refuses `joinById`, which is how a spectator (a teacher) comes in.
   * Colyseus' `_reserveSeat` is private in its types; it is wrapped once, before anyone joins.
   */
  private guardQuickMatchSeats(): void {
    const target = this as unknown as { _reserveSeat: ReserveSeat };
    const reserve = target._reserveSeat;
    if (typeof reserve !== 'function') throw new Error('Colyseus Room._reserveSeat not found: quick match cannot count promised seats');
    target._reserveSeat = async (sessionId, joinOptions, authData, seconds, allowReconnection, ...rest) => {
      // A player back to the seat it left (its key checked at onAuth) sits where it sat: no seat is promised anew.
      const returning = this.returnsToHeldSeat(joinOptions);
      const player = allowReconnection !== true && !isSpectatorJoin(joinOptions) && !returning;
      if (player && !this.isPrivate && this.playerSeatsPromised() >= SIDES.length) return false;
      const reserved = await reserve.call(this, sessionId, joinOptions, authData, seconds, allowReconnection, ...rest);
      if (reserved && player) await this.listForQuickMatch();
      return reserved;
    };
  }

  /** Whether these join options bring a player back to the seat held for it (its key opens it). */
  protected returnsToHeldSeat(joinOptions: unknown): boolean {
    const key = rejoinKeyOf(joinOptions);
    return key !== null && this.seating.heldSeatFor(key) !== null;
  }

  /** A public room is in the quick-match list exactly while a player seat is still unpromised. */
  private async listForQuickMatch(): Promise<void> {
    if (this.isPrivate) return;
    const full = this.playerSeatsPromised() >= SIDES.length;
    if (full === this.hiddenFromQuickMatch) return;
    this.hiddenFromQuickMatch = full;
    await this.setPrivate(full);
    if (full) {
      // A promised seat nobody comes for frees when its reservation expires: list the room again then.
      this.clock.setTimeout(() => void this.listForQuickMatch(), (this.seatReservationTimeout + 1) * 1000);
    }
  }

  /** Seats taken, plus reservations for players not yet in (a joined client's is hidden by Colyseus). */
  private playerSeatsPromised(): number {
    const reservations = Object.values((this as unknown as { _reservedSeats: Record<string, [unknown, unknown, boolean?, boolean?]> })._reservedSeats ?? {});
    const pending = reservations.filter(([options, , , reconnection]) => reconnection !== true && !isSpectatorJoin(options)).length;
    return SIDES.filter((s) => this.seat(s).taken).length + pending;
  }

  protected override onSeatsFull(): void {
    // Full rooms leave quick match; joinById still works (spectators with the token).
    void this.listForQuickMatch();
  }

  protected override onSeatFreed(): void {
    void this.listForQuickMatch();
  }
}
