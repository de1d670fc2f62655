/**
 * Boots the real game rooms with a manual clock and a pinned seed, and SDK players that record
 * everything they receive (every decoded state, every message) so tests can check what leaked.
 */
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import { Client, type Room as SDKRoom } from '@colyseus/sdk';
import { createApp, type AppDeps } from '../../server/app.config.ts';
import { defaultConfig, type ServerConfig } from '../../server/config.ts';
import { silentLogger, type Logger } from '../../server/log.ts';
import { openMemoryStore, type Store } from '../../server/store.ts';
import { gameRooms } from '../../server/rooms/index.ts';
import type { RoomServices } from '../../server/services.ts';
import type { RoundRoom } from '../../server/rooms/RoundRoom.ts';
import type { ProtocolError } from '../../server/validate.ts';
import { hintFor, replayRound } from '../../shared/game/round.ts';
import type { Move } from '../../shared/game/move.ts';
import { finishedView, playerView, roundView, type RoundView } from '../../shared/game/views.ts';
import { readView, sameJson, ViewReader } from '../../shared/game/viewEntries.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { freePort, until } from './harness.ts';

export { until };

export const TEST_SEED = 424_242;

export interface GameBooted {
  readonly colyseus: ColyseusTestServer;
  readonly store: Store;
  readonly baseUrl: string;
  /** The pinned wall clock (ms) rooms read for timestamps and challenge times. */
  wallClock: number;
}

export async function bootGame(services: Partial<RoomServices> = {}, config: Partial<ServerConfig> = {}, log: Logger = silentLogger()): Promise<GameBooted> {
  const store = openMemoryStore();
  const booted = { store, wallClock: 1_000_000 } as { store: Store; wallClock: number; colyseus: ColyseusTestServer; baseUrl: string };
  const now = () => booted.wallClock;
  const deps: AppDeps = { config: defaultConfig({ reconnectSeconds: 2, ...config }), store, log, now };
  const rooms = (s: RoomServices) =>
    gameRooms({ ...s, clock: { scale: 0.5, tickMs: 50, fastForwardMs: 1_500, manual: true }, seed: () => TEST_SEED, ...services });
  const port = await freePort();
  booted.colyseus = await boot(createApp(deps, rooms), port);
  booted.baseUrl = `http://127.0.0.1:${port}`;
  return booted;
}

export interface Received {
  type: string;
  message: unknown;
}

/** An SDK player that keeps every decoded state and every message it received. */
export class Player {
  readonly room: SDKRoom<any, any>;
  private readonly reader = new ViewReader<RoundView>();
  readonly states: string[] = [];
  readonly received: Received[] = [];
  side: Side | null = null;

  constructor(room: SDKRoom<any, any>) {
    this.room = room;
    room.onStateChange((state: { toJSON(): unknown }) => this.states.push(JSON.stringify(state.toJSON())));
    for (const type of ['error', 'seat', 'verdict', 'refused', 'hint', 'notice', 'quiz-result', 'challenge-result', 'nudged']) {
      room.onMessage(type, (message: unknown) => {
        this.received.push({ type, message });
        if (type === 'seat') this.side = (message as { side: Side | null }).side;
      });
    }
  }

  static async join(booted: GameBooted, how: (client: Client) => Promise<SDKRoom<any, any>>): Promise<Player> {
    const player = new Player(await how(new Client(booted.baseUrl)));
    await until(() => player.side !== null || player.received.some((r) => r.type === 'seat'), 'seat message');
    return player;
  }

  of(type: string): unknown[] {
    return this.received.filter((r) => r.type === type).map((r) => r.message);
  }
  errors(): ProtocolError[] {
    return this.of('error') as ProtocolError[];
  }
  /** The view as its entries arrived (views.ts playerView: once the round is over, the player's own with the log). */
  sent(): RoundView | null {
    return this.side ? this.reader.read(this.room.state.views?.get(this.side)?.entries) : null;
  }
  /** This player's view as a browser shows it: once the round is over, the finished view, played again from the log (finishedView). */
  view(): RoundView | null {
    const view = this.sent();
    return view ? finishedView(view) : null;
  }
  viewJson(): string {
    const view = this.view();
    return view ? JSON.stringify(view) : '';
  }
  /** The player has received the room's latest view of its side. */
  inSync(room: RoundRoom): boolean {
    return !!this.side && sameJson(this.sent(), serverView(room, this.side));
  }
}

/** What the room's state holds for one view ('spectator': both hosts), read back from its entries. */
export function serverView(room: RoundRoom, who: Side | 'spectator'): RoundView | null {
  return readView<RoundView>(who === 'spectator' ? room.state.spectator.entries : room.state.views.get(who)?.entries);
}

/** The view a room's round gives now (what its state's entries must come to: a player's as playerView sends it). */
export function currentView(room: RoundRoom, who: Side | null): RoundView | null {
  if (!room.round) return null;
  return who === null ? roundView(room.round, null) : playerView(room.round, who);
}

export function serverRoom(booted: GameBooted, player: Player): RoundRoom {
  return booted.colyseus.getRoomById(player.room.roomId) as unknown as RoundRoom;
}

/** The correct move, found by replaying the room's log (the room itself never hints in a duel). */
export function correctAnswer(room: RoundRoom, side: Side): Move | null {
  const round = room.round;
  if (!round) return null;
  const replayed = replayRound(round.settings, round.log);
  return replayed ? hintFor(replayed, side) : null;
}



/**
 * Plays a room to its end on the manual clock: wait until every player's view matches the
 * server's, let players with an open decision answer, otherwise move the clock on.
 */
export async function playRound(room: RoundRoom, players: Player[], answer: (player: Player, view: RoundView, room: RoundRoom) => Move | null, maxSteps = 3_000): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    if (!room.round || room.round.finished) break;
    const live = players.filter((p) => p.side && room.state.seats.get(p.side)?.controller === 'human' && room.state.seats.get(p.side)?.connected);
    await until(() => live.every((p) => p.inSync(room)), 'views in sync');
    let acted = false;
    for (const p of live) {
      const view = p.view();
      const decision = view?.decision;
      if (!view || !decision) continue;
      const move = answer(p, view, room);
      if (!move) continue;
      const before = room.round.log.length;
      const errorsBefore = p.errors().length;
      p.room.send('move', { decisionId: decision.id, move });
      await until(() => room.round!.log.length > before || p.errors().length > errorsBefore, 'move handled');
      acted = true;
      break;
    }
    if (!acted) room.advanceClock(200);
  }
  await until(() => players.every((p) => !p.side || p.inSync(room)), 'final views in sync');
}
