/**
 * One human against a bot of a chosen personality (textbook, forgetful, rude, flooder), in coach
 * mode (a wrong move is refused, try again; hints allowed) or consequences mode. The world waits
 * while the player thinks.
 */
import type { Side } from '../../shared/tcp/wire.ts';
import type { RoomOptions } from './messages.ts';
import type { RoomKind } from './protocol.ts';
import { RoundRoom } from './RoundRoom.ts';

export class PracticeRoom extends RoundRoom {
  readonly kind: RoomKind = 'practice';
  protected readonly pauseWhileDeciding = true;

  protected configure(options: RoomOptions): void {
    this.state.mode = options.mode ?? 'coach';
    this.personality = options.personality ?? 'textbook';
    const human: Side = options.role !== undefined && this.scenario.roles.includes(options.role) ? options.role : (this.scenario.roles[0] ?? 'client');
    for (const side of ['client', 'server'] as const) this.seat(side).controller = side === human ? 'human' : 'bot';
    this.seat(human === 'client' ? 'server' : 'client').name = `bot (${this.personality})`;
  }

  protected pickSide(): Side | null {
    for (const side of ['client', 'server'] as const) if (this.seat(side).controller === 'human' && !this.seat(side).taken) return side;
    return null;
  }
}
