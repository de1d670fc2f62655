/**
 * The round copied into the room's state after each step (sync). Each view is written as entries
 * (shared/game/viewEntries.ts), visible only to its own player (StateView, seating.ts), so a patch
 * carries what changed for each player and only that.
 */
import type { Round } from '../../shared/game/types.ts';
import { playerView, roundView } from '../../shared/game/views.ts';
import { ViewWriter } from '../../shared/game/viewEntries.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import type { RoundState } from './roundState.ts';

/** What the views read of their room. */
export interface ViewedRoom {
  readonly state: RoundState;
  readonly round: Round | null;
}

export interface ViewHooks {
  /** Is a spectator in the room? */
  watched(): boolean;
  /** The clock's public anchor now (roundClock.ts). */
  shownClock(): { clock: number; speed: number };
  patchSoon(): void;
}

export class ViewSync {
  /** What each view's entries were last written from, by side ('spectator': both hosts). */
  private readonly writers = new Map<Side | 'spectator', ViewWriter>();
  private readonly room: ViewedRoom;
  private readonly hooks: ViewHooks;

  constructor(room: ViewedRoom, hooks: ViewHooks) {
    this.room = room;
    this.hooks = hooks;
  }

  /**
   * Copy the round into the state: seats, the clock's anchor, and the views someone can receive
   * (a side a person plays, the spectators' view while a spectator watches). Each view is written
   * as entries, so only the parts that changed go out, each to its own player.
   */
  sync(): void {
    const round = this.room.round;
    if (!round) return;
    this.syncClock();
    for (const side of SIDES) {
      const seat = this.room.state.seats.get(side)!;
      const host = round.hosts[side];
      // Public totals only once the round is over: a total that moved the moment a player answered
      // would tell the other player it had just answered, and whether rightly. During the round a
      // player reads its own in its view, and the peer's as its segments carry them.
      if (round.finished) {
        seat.score = host.score;
        seat.judged = host.judged;
        seat.correct = host.correct;
      }
      if (host.controller === 'bot') seat.controller = 'bot';
      if (host.controller === 'human') this.writeView(side);
    }
    if (this.hooks.watched()) this.writeView('spectator');
  }

  /** Bring one view's entries up to date with the round ('spectator': both hosts). */
  writeView(who: Side | 'spectator'): void {
    const round = this.room.round;
    if (!round) return;
    let writer = this.writers.get(who);
    if (!writer) this.writers.set(who, (writer = new ViewWriter()));
    const target = who === 'spectator' ? this.room.state.spectator : this.room.state.views.get(who)!;
    // A player's finished view is made in its browser from the round's log (views.ts playerView);
    // a spectator's (a teacher watching a pair) shows both hosts all along.
    writer.write(who === 'spectator' ? roundView(round, null) : playerView(round, who), target.entries);
  }

  /**
   * The public clock: its anchor changes only when the rate changes or the clock jumps. In a room
   * that takes turns, game time stands still while any player decides, and a waiting player
   * necessarily sees it stand still: that (its opponent is deciding) is all it may learn, and the
   * game says it in words (client/scenes/liveInfo.ts turnOf). So nothing here depends on *who*
   * decides: `speed` is 0 for either player, both players read the same `clock`, and a player's own
   * view changes only when its own host learns something (views.ts knownNow), never when the
   * other's host is asked to decide. In a real-time room the clock never stops.
   */
  syncClock(): void {
    this.hooks.patchSoon();
    const { clock, speed } = this.hooks.shownClock();
    this.room.state.clock = clock;
    this.room.state.speed = speed;
  }
}
