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
import { RoundRoom, type RoomKind } from './RoundRoom.ts';

export class DuelRoom extends RoundRoom {
  readonly kind: RoomKind = 'duel';
  protected pauseWhileDeciding = true;
  protected isPrivate = false;

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
   * reserves a seat (`_reserveSeat`, which asks this) well before the player's onJoin, so counting
   * only taken seats let a third player reserve into a room whose two seats were promised, and be
   * refused at the door with a 409. Refused here, the matchmaker tries another room or opens one.
   * (Colyseus also locks the room while this is true, so it leaves the quick-match list at once.)
   */
  override hasReachedMaxClients(): boolean {
    return super.hasReachedMaxClients() || (!this.isPrivate && this.playerSeatsPromised() >= SIDES.length);
  }

  /** Seats taken, plus reservations for players not yet in (a joined client's is hidden by Colyseus). */
  private playerSeatsPromised(): number {
    const reservations = Object.values((this as unknown as { _reservedSeats: Record<string, [unknown, unknown, boolean?, boolean?]> })._reservedSeats ?? {});
    const pending = reservations.filter(([options, , , reconnection]) => reconnection !== true && (options as { spectatorToken?: unknown } | null)?.spectatorToken === undefined).length;
    return SIDES.filter((s) => this.seat(s).taken).length + pending;
  }

  protected override onSeatsFull(): void {
    // Full rooms leave quick match; joinById still works (spectators with the token).
    if (!this.isPrivate) void this.setPrivate(true);
  }

  protected override onSeatFreed(): void {
    if (!this.isPrivate) void this.setPrivate(false);
  }
}
