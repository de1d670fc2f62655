/**
 * Who sits where in a round room: each side's seat, the connections that fill them (a side, or
 * 'spectator'), and each human seat's way back to it. A player joins, drops (its seat is held for
 * the reconnection window), reconnects, leaves (a duel holds the seat of a player who left a live
 * round), comes back by its rejoin key, or is gone for good (before play the seat frees; in play
 * the bot takes its host over). Roles swap between rounds.
 *
 * The room owns one Seating; what a kind of room decides (which side a player gets, whether seats
 * are held, what a round step does) comes back through SeatHooks, so subclasses' overrides keep
 * working. Everything here is this room's alone: rejoin keys are never in the state nor shared
 * with other rooms.
 */
import type { Client, Room } from '@colyseus/core';
import { refused } from '../refused.ts';
import { refusal } from '../../shared/refusals.ts';
import { CLOSE_OPENED_ELSEWHERE } from '../../shared/protocol.ts';
import { StateView } from '@colyseus/schema';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { BotPersonality, Round, RoundEvent, RoundRejection } from '../../shared/game/types.ts';
import { SIDES, otherSide, type Side } from '../../shared/tcp/wire.ts';
import type { SeatOutcome } from '../seats.ts';
import type { RoomServices } from '../services.ts';
import type { RoomOptions } from './messages.ts';
import type { NoticeMessage, RoomKind, SeatMessage } from './protocol.ts';
import { Seat, SideView, type RoundState } from './roundState.ts';

/** What the seats read of their room (its public side). */
export interface SeatedRoom {
  readonly kind: RoomKind;
  readonly state: RoundState;
  readonly clients: readonly Client[];
  readonly clock: Room['clock'];
  readonly log: Logger;
  readonly services: RoomServices;
  readonly round: Round | null;
  readonly personality: BotPersonality;
}

/** What the seats ask of their room: its kind's decisions, and the round and its messages. */
export interface SeatHooks {
  /** The side a joining player gets, or null when no seat is free. */
  pickSide(options: RoomOptions): Side | null;
  /** Whether this room gives its players keys back to their seats. */
  holdsSeats(): boolean;
  /** The seat's player is away and may still come back to it with its key. */
  awaitsItsPlayer(side: Side): boolean;
  onSeatsFull(): void;
  onSeatFreed(): void;
  startRound(): void;
  step(event: RoundEvent): RoundRejection | null;
  engineNow(): number;
  holdSeat(client: Client, seconds: number): Promise<SeatOutcome>;
  notify(notice: NoticeMessage, except?: Client): void;
  patchSoon(): void;
  writeView(who: Side | 'spectator'): void;
  /** What a kind of room adds to a player's `seat` message. */
  seatExtras(): Partial<SeatMessage>;
  /** The room's clock as a joining client must know it. */
  seatClock(): SeatMessage['clock'];
}

/** A round room's state as onCreate leaves it: both seats and each side's view, empty, and the spectators' view. */
export function furnishSeats(state: RoundState): void {
  state.spectator = new SideView();
  for (const side of SIDES) {
    const seat = new Seat();
    seat.side = side;
    state.seats.set(side, seat);
    const view = new SideView();
    view.side = side;
    state.views.set(side, view);
  }
}

export class Seating {
  /** sessionId → its side, or 'spectator'. */
  readonly occupants = new Map<string, Side | 'spectator'>();
  /** Each human seat's key back to it (see SeatMessage.rejoinKey); never in the state. */
  readonly rejoinKeys = new Map<Side, string>();
  /** Seats whose players left a live duel on purpose, held until the timer hands them to the bot. */
  private readonly leftSeats = new Map<Side, { clear: () => void }>();

  private readonly room: SeatedRoom;
  private readonly hooks: SeatHooks;

  constructor(room: SeatedRoom, hooks: SeatHooks) {
    this.room = room;
    this.hooks = hooks;
  }

  /** The room's seats and each side's view, empty, and the spectators' view (in onCreate). */
  furnish(): void {
    furnishSeats(this.room.state);
  }

  /** A round starts: nobody has asked for the next one yet. */
  newRound(): void {
    for (const side of SIDES) {
      const seat = this.seat(side);
      seat.wantsRematch = false;
      seat.request = '';
      // Public totals are the finished round's; during a round each player's own are in its view.
      seat.score = 0;
      seat.judged = 0;
      seat.correct = 0;
    }
  }

  /** Every player seated and connected has asked for the next round. */
  allAskedForNextRound(): boolean {
    return !SIDES.some((s) => this.seat(s).controller === 'human' && this.seat(s).taken && this.seat(s).connected && !this.seat(s).wantsRematch);
  }

  seat(side: Side): Seat {
    return this.room.state.seats.get(side)!;
  }

  freeHumanSeats(): number {
    return SIDES.filter((s) => this.seat(s).controller === 'human' && !this.seat(s).taken).length;
  }

  clientOf(side: Side): Client | undefined {
    for (const client of this.room.clients) if (this.occupants.get(client.sessionId) === side) return client;
    return undefined;
  }

  /** Is a spectator in the room? */
  watched(): boolean {
    for (const who of this.occupants.values()) if (who === 'spectator') return true;
    return false;
  }

  /** The seat this key opens, if its player is away (left, or dropped) and the round still waits for them. */
  heldSeatFor(key: string): Side | null {
    for (const [side, k] of this.rejoinKeys) if (k === key && this.hooks.awaitsItsPlayer(side)) return side;
    return null;
  }

  /** A client past onAuth sits down: as a spectator (`spectator`: its token was right), back in its held seat, or in a free one. */
  join(client: Client, opts: RoomOptions, spectator: boolean): void {
    const { state, log } = this.room;
    client.view = new StateView();
    if (spectator) {
      this.occupants.set(client.sessionId, 'spectator');
      this.hooks.writeView('spectator');
      client.view.add(state.spectator);
      log.info({ sessionId: client.sessionId }, 'spectator joined');
      this.sendSeat(client);
      return;
    }
    const back = opts.rejoinKey !== undefined ? this.heldSeatFor(opts.rejoinKey) : null;
    if (back !== null) {
      this.returnToSeat(client, back);
      return;
    }
    const side = this.hooks.pickSide(opts);
    if (side === null) throw refused(409, refusal('room_full'));
    const seat = this.seat(side);
    seat.taken = true;
    seat.connected = true;
    seat.name = opts.name ?? `player-${side}`;
    if (this.hooks.holdsSeats()) this.rejoinKeys.set(side, randomBytes(16).toString('hex'));
    this.occupants.set(client.sessionId, side);
    client.view.add(state.views.get(side)!);
    log.info({ sessionId: client.sessionId, side, name: seat.name }, 'player joined');
    this.sendSeat(client);
    if (this.freeHumanSeats() === 0) {
      this.hooks.onSeatsFull();
      if (state.phase === 'waiting') this.hooks.startRound();
    }
  }

  /** An unexpected close: the seat is held for the reconnection window, then given up. */
  async drop(client: Client): Promise<void> {
    const side = this.occupants.get(client.sessionId);
    if (side === undefined || side === 'spectator') return;
    this.hooks.patchSoon();
    const seconds = this.room.services.reconnectSeconds;
    this.seat(side).connected = false;
    this.room.log.info({ sessionId: client.sessionId, side, seconds }, 'player dropped; seat held');
    this.hooks.notify({ kind: 'opponent-dropped', side, seconds }, client);
    const outcome = await this.hooks.holdSeat(client, seconds);
    this.hooks.patchSoon();
    if (outcome.kind === 'reconnected') return;
    this.room.log.info({ sessionId: client.sessionId, side }, 'seat expired');
    this.giveUpSeat(client.sessionId, side);
  }

  reconnect(client: Client): void {
    const side = this.occupants.get(client.sessionId);
    if (side === undefined) {
      // Its player came back by the code in the meantime, or opened the game in another tab:
      // another connection holds the seat, and this one is told so (it does not try again).
      client.leave(CLOSE_OPENED_ELSEWHERE);
      return;
    }
    if (side === 'spectator') return;
    this.seat(side).connected = true;
    this.room.log.info({ sessionId: client.sessionId, side }, 'player reconnected');
    this.hooks.notify({ kind: 'opponent-back', side }, client);
    this.sendSeat(client);
  }

  leave(client: Client): void {
    const side = this.occupants.get(client.sessionId);
    if (side === undefined) return;
    if (side === 'spectator') {
      this.occupants.delete(client.sessionId);
      return;
    }
    this.room.log.info({ sessionId: client.sessionId, side }, 'player left');
    if (this.holdsLeftSeats() && this.occupants.get(client.sessionId) === side) {
      this.holdLeftSeat(client.sessionId, side);
      return;
    }
    this.giveUpSeat(client.sessionId, side);
  }

  /**
   * A duel keeps a player's host waiting for it while the round is live: leaving by mistake (Menu,
   * Esc, a closed tab) is not final within the reconnection window. With nobody else in the room
   * there is no one to wait for, and a practice or challenge room simply ends.
   */
  private holdsLeftSeats(): boolean {
    const { round, state, services } = this.room;
    return this.hooks.holdsSeats() && state.phase === 'playing' && !!round && !round.finished && services.reconnectSeconds > 0;
  }

  private holdLeftSeat(sessionId: string, side: Side): void {
    const seconds = this.room.services.reconnectSeconds;
    this.occupants.delete(sessionId);
    this.seat(side).connected = false;
    this.room.log.info({ sessionId, side, seconds }, 'player left a live round; seat held');
    this.hooks.notify({ kind: 'opponent-left', side, seconds });
    const timer = this.room.clock.setTimeout(() => {
      this.leftSeats.delete(side);
      if (this.seat(side).connected) return;
      this.room.log.info({ side }, 'held seat expired');
      this.releaseSeat(side);
    }, seconds * 1000);
    this.leftSeats.set(side, { clear: () => timer.clear() });
  }

  /** A player back by its rejoin key: its seat, its view, its host (whoever held the seat before). */
  private returnToSeat(client: Client, side: Side): void {
    this.leftSeats.get(side)?.clear();
    this.leftSeats.delete(side);
    for (const [sessionId, s] of this.occupants) if (s === side) this.occupants.delete(sessionId);
    this.occupants.set(client.sessionId, side);
    this.seat(side).connected = true;
    client.view?.add(this.room.state.views.get(side)!);
    this.room.log.info({ sessionId: client.sessionId, side }, 'player came back to its seat');
    this.sendSeat(client);
    this.hooks.notify({ kind: 'opponent-back', side }, client);
  }

  /**
   * The seat's player opened the game again elsewhere (another tab, another laptop) while this
   * seat's connection is still open (or only seems so: a laptop asleep keeps its socket half open).
   * The newer connection takes the seat as it is, with nothing in between: no drop, no bot, the
   * opponent told nothing (for them nothing changed). The older one no longer sees the seat's view
   * and is closed with CLOSE_OPENED_ELSEWHERE, so it does not reconnect; its leaving is then not
   * the seat's (it no longer sits in it).
   */
  moveSeat(client: Client, side: Side): void {
    const { state, log } = this.room;
    const old = this.clientOf(side);
    if (old) {
      this.occupants.delete(old.sessionId);
      old.view?.remove(state.views.get(side)!);
    }
    this.occupants.set(client.sessionId, side);
    this.seat(side).connected = true;
    client.view ??= new StateView();
    client.view.add(state.views.get(side)!);
    log.info({ sessionId: client.sessionId, from: old?.sessionId, side }, 'player opened the game elsewhere: the seat moves to the newer connection');
    this.sendSeat(client);
    old?.leave(CLOSE_OPENED_ELSEWHERE);
  }

  /**
   * The player the bot took the host over from is back (a class pair room decides who may be): the
   * bot hands the host back as it is now, a round event like the takeover, and the player sits in
   * its seat again. False (and nothing changed) when the round refuses it.
   */
  handBack(client: Client, side: Side): boolean {
    const { state, log } = this.room;
    const rejection = this.hooks.step({ kind: 'handback', at: this.hooks.engineNow(), side });
    if (rejection) {
      log.warn({ rejection, side }, 'bot handback refused');
      return false;
    }
    const seat = this.seat(side);
    seat.controller = 'human';
    seat.taken = true;
    seat.connected = true;
    for (const [sessionId, s] of this.occupants) if (s === side) this.occupants.delete(sessionId);
    this.occupants.set(client.sessionId, side);
    client.view ??= new StateView();
    client.view.add(state.views.get(side)!);
    log.info({ sessionId: client.sessionId, side }, 'player back: the bot handed the host back');
    this.sendSeat(client);
    this.hooks.notify({ kind: 'bot-handed-back', side }, client);
    return true;
  }

  /** A player is gone for good: in play, the bot takes the host over; before play, the seat frees. */
  private giveUpSeat(sessionId: string, side: Side): void {
    if (this.occupants.get(sessionId) !== side) return;
    this.occupants.delete(sessionId);
    this.releaseSeat(side);
  }

  /** The seat's player is not coming back (its key no longer opens it). */
  private releaseSeat(side: Side): void {
    const { state, round, log } = this.room;
    this.rejoinKeys.delete(side);
    const seat = this.seat(side);
    seat.connected = false;
    if (state.phase === 'waiting') {
      seat.taken = false;
      seat.name = '';
      this.hooks.onSeatFreed();
      return;
    }
    if (state.phase === 'finished' || !round || round.hosts[side].controller === 'bot') return;
    const rejection = this.hooks.step({ kind: 'takeover', at: this.hooks.engineNow(), side });
    if (rejection) {
      log.error({ rejection, side }, 'bot takeover refused');
      return;
    }
    seat.controller = 'bot';
    log.info({ side, personality: this.room.personality }, 'bot took over');
    this.hooks.notify({ kind: 'bot-took-over', side, personality: round.settings.personality });
  }

  /** Roles swap between rounds: seats, names and each player's private view change sides. */
  swapSides(): void {
    const { state, clients } = this.room;
    const client = this.seat('client');
    const server = this.seat('server');
    const a = { name: client.name, controller: client.controller, taken: client.taken, connected: client.connected, quizScore: client.quizScore };
    Object.assign(client, { name: server.name, controller: server.controller, taken: server.taken, connected: server.connected, quizScore: server.quizScore });
    Object.assign(server, a);
    for (const c of clients) {
      const side = this.occupants.get(c.sessionId);
      if (side === undefined || side === 'spectator') continue;
      const next = otherSide(side);
      this.occupants.set(c.sessionId, next);
      c.view?.remove(state.views.get(side)!);
      c.view?.add(state.views.get(next)!);
    }
    for (const [sessionId, side] of this.occupants) {
      if (side !== 'spectator' && !clients.some((c) => c.sessionId === sessionId)) this.occupants.set(sessionId, otherSide(side));
    }
    const keys = { client: this.rejoinKeys.get('client'), server: this.rejoinKeys.get('server') };
    for (const s of SIDES) {
      const key = keys[otherSide(s)];
      if (key === undefined) this.rejoinKeys.delete(s);
      else this.rejoinKeys.set(s, key);
    }
    for (const c of clients) this.sendSeat(c);
    this.room.log.info('roles swapped');
  }

  sendSeat(client: Client): void {
    const side = this.occupants.get(client.sessionId);
    const mine = side === 'spectator' || side === undefined ? null : side;
    const rejoinKey = mine !== null && this.hooks.holdsSeats() ? (this.rejoinKeys.get(mine) ?? '') : '';
    const message: SeatMessage = {
      side: mine,
      spectator: side === 'spectator',
      kind: this.room.kind,
      roundId: this.room.state.roundId,
      rejoinKey,
      holdSeconds: rejoinKey ? this.room.services.reconnectSeconds : 0,
      reconnectSeconds: this.room.services.reconnectSeconds,
      clock: this.hooks.seatClock(),
      ...this.hooks.seatExtras(),
    };
    client.send('seat', message);
  }
}
