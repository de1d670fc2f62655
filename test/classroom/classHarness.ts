/**
 * A class on the real app: the game rooms with a manual clock, the database in a file (so a test
 * can restart the server on it), a teacher and students as SDK clients, and a loop that plays every
 * pair's round from each player's own view.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import { CloseCode } from '@colyseus/core';
import { Client, type Room as SDKRoom } from '@colyseus/sdk';
import { createApp, type AppDeps } from '../../server/app.config.ts';
import { defaultConfig } from '../../server/config.ts';
import type { Logger } from 'pino';
import { createLogger, silentLogger } from '../../server/log.ts';
import { openStore, type Store } from '../../server/store.ts';
import { gameRooms } from '../../server/rooms/index.ts';
import type { RoomServices } from '../../server/services.ts';
import type { ClassRoom, PairSeatMessage } from '../../server/rooms/ClassRoom.ts';
import type { ClassPairRoom } from '../../server/classroom/ClassPairRoom.ts';
import type { Dashboard } from '../../server/classroom/dashboard.ts';
import type { Move } from '../../shared/game/move.ts';
import { finishedView, type RoundView } from '../../shared/game/views.ts';
import type { viewOfStoredRound } from '../../client/net/interrupted.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { correctAnswer, serverView } from '../server/gameHarness.ts';
import { sameJson, ViewReader } from '../../shared/game/viewEntries.ts';
import { freePort, until } from '../server/harness.ts';

export { until };

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'tcp-dojo-class-')), 'dojo.sqlite');
}

export interface ClassServer {
  colyseus: ColyseusTestServer;
  store: Store;
  baseUrl: string;
  /** The server's wall clock (ms); tests move it. */
  wallClock: number;
  /** Every slowed classroom answer's delay, in order: recorded, not waited out. */
  slowed: number[];
}

/** The machine's network addresses as the test server reports them (a documentation range, RFC 5737). */
export const TEST_NETWORK_ADDRESSES = ['192.0.2.10', '[2001:db8::10]'];

export async function bootClassServer(dbPath: string, staticDir = 'dist', reconnectSeconds = 2, log?: Logger): Promise<ClassServer> {
  const store = openStore(dbPath);
  const server = { store, wallClock: 5_000_000, slowed: [] } as unknown as ClassServer;
  const deps: AppDeps = {
    config: defaultConfig({ reconnectSeconds, dbPath, staticDir }),
    store,
    log: log ?? (process.env['CLASS_LOG'] ? createLogger('debug') : silentLogger()),
    now: () => server.wallClock,
    classroom: {
      wait: async (ms) => void server.slowed.push(ms),
      networkAddresses: () => [...TEST_NETWORK_ADDRESSES],
    },
  };
  const rooms = (s: RoomServices) => gameRooms({ ...s, clock: { scale: 0.5, tickMs: 50, fastForwardMs: 1_500, manual: true }, seed: () => 31_337 });
  const port = await freePort();
  server.colyseus = await boot(createApp(deps, rooms), port);
  server.baseUrl = `http://127.0.0.1:${port}`;
  return server;
}

/**
 * The file's class server: booted before its first test (`set` hands it to the file), stopped after
 * its last, once the members the file joined have left. `staticDir`: the built client, for a file
 * that opens pages (test/e2e/classPages.ts classServerForBrowserFile).
 */
export function classServerForFile(
  set: (server: ClassServer) => void,
  o: { staticDir?: string; reconnectSeconds?: number; log?: Logger; members?: ClassMembers; before?: () => void } = {},
): void {
  let booted: ClassServer | undefined;
  beforeAll(async () => {
    o.before?.();
    booted = await bootClassServer(tempDbPath(), o.staticDir, o.reconnectSeconds, o.log);
    set(booted);
  }, 180_000);
  afterAll(async () => {
    await o.members?.leaveAll();
    if (booted) await stopClassServer(booted);
  });
}

export async function stopClassServer(server: ClassServer): Promise<void> {
  await server.colyseus.shutdown();
  server.store.close();
}

export interface OpenedClass {
  classId: string;
  code: string;
  roomId: string;
  teacherToken: string;
  joinUrl: string;
  teacherUrl: string;
}

export async function openClass(server: ClassServer, body: unknown): Promise<OpenedClass> {
  const res = await fetch(`${server.baseUrl}/api/classes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`open class: ${res.status} ${await res.text()}`);
  return (await res.json()) as OpenedClass;
}

export async function lookUpCode(server: ClassServer, code: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/classes/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
}

/** A class member as an SDK client: the class room, and the pair room once seated. */
export class Member {
  readonly sdk: Client;
  readonly classRoom: SDKRoom<any, any>;
  readonly messages: { type: string; message: any }[] = [];
  pairRoom: SDKRoom<any, any> | null = null;
  private readonly pairReader = new ViewReader<RoundView>();
  pairSeat: PairSeatMessage | null = null;
  pairSide: Side | null = null;
  readonly pairMessages: { type: string; message: any }[] = [];
  readonly pairStates: string[] = [];

  /** After a reload: the pair seat this page held, to come back to by its reconnection token. */
  heldPair: { roomId: string; reconnectionToken: string } | null = null;

  constructor(sdk: Client, room: SDKRoom<any, any>, heldPair: Member['heldPair'] = null) {
    this.sdk = sdk;
    this.classRoom = room;
    this.heldPair = heldPair;
    for (const type of ['error', 'welcome', 'pair', 'spectate', 'goodbye']) {
      room.onMessage(type, (message: any) => {
        this.messages.push({ type, message });
        if (type === 'pair') void this.takeSeat(message as PairSeatMessage);
      });
    }
  }

  static async join(server: ClassServer, roomId: string, options: Record<string, unknown>, heldPair: Member['heldPair'] = null): Promise<Member> {
    const sdk = new Client(server.baseUrl);
    return new Member(sdk, await sdk.joinById(roomId, options), heldPair);
  }

  of(type: string): any[] {
    return this.messages.filter((m) => m.type === type).map((m) => m.message);
  }

  async takeSeat(seat: PairSeatMessage): Promise<void> {
    if (seat.over) return; // a round already over: nothing to sit in
    // As the game page does: back to a seat it held by its reconnection token, else the reservation.
    if (this.heldPair?.roomId === seat.roomId) return this.rejoinPair(seat, this.heldPair.reconnectionToken);
    if (!seat.reservation) return;
    this.pairSeat = seat;
    this.wirePairRoom(await this.sdk.consumeSeatReservation(seat.reservation));
  }

  /** Back to a held pair seat with the reconnection token of an earlier connection (a reload). */
  async rejoinPair(seat: PairSeatMessage, reconnectionToken: string): Promise<void> {
    this.pairSeat = seat;
    this.wirePairRoom(await this.sdk.reconnect(reconnectionToken));
  }

  private wirePairRoom(room: SDKRoom<any, any>): void {
    room.onStateChange((state: unknown) => {
      this.pairStates.push(JSON.stringify((state as { toJSON(): unknown }).toJSON()));
    });
    for (const type of ['error', 'seat', 'verdict', 'refused', 'notice', 'hint']) {
      room.onMessage(type, (message: any) => {
        this.pairMessages.push({ type, message });
        if (type === 'seat') this.pairSide = message.side;
      });
    }
    this.pairRoom = room;
  }

  /**
   * A page reload: both connections drop without a goodbye (the SDK must not reconnect them by
   * itself, as a reloaded page does not), and a fresh page joins the class with the rejoin token and
   * comes back to its pair seat by the reconnection token it kept.
   */
  async reload(server: ClassServer, rejoinToken: string, name: string): Promise<Member> {
    const held = this.pairRoom && this.pairSeat ? { roomId: this.pairSeat.roomId, reconnectionToken: this.pairRoom.reconnectionToken } : null;
    for (const room of [this.classRoom, this.pairRoom]) {
      if (!room) continue;
      room.reconnection.enabled = false;
      // A browser closes with 1001 (going away); a Node WebSocket may only send 1000 or 3000–4999.
      room.connection.close(CloseCode.MAY_TRY_RECONNECT, 'page reload');
    }
    return Member.join(server, this.classRoom.roomId, { name, rejoinToken }, held);
  }

  /** This student's view in its pair room as its entries arrived (views.ts playerView). */
  pairSent(): RoundView | null {
    return this.pairSide && this.pairRoom ? this.pairReader.read(this.pairRoom.state.views?.get(this.pairSide)?.entries) : null;
  }

  /** This student's view as a browser shows it: once the round is over, the finished view, played again from the log. */
  pairView(): RoundView | null {
    const view = this.pairSent();
    return view ? finishedView(view) : null;
  }

  dashboard(): Dashboard | null {
    const json = this.classRoom.state.teacher?.dashboard;
    return json ? (JSON.parse(json) as Dashboard) : null;
  }
}

/** What a class page makes before its first join and keeps: its rejoin token. */
export const pageToken = (): string => randomBytes(18).toString('base64url');

/** A student's id in their class, from the class's welcome. */
export const studentIdOf = (m: Member): string => m.of('welcome')[0].studentId;

/** A room a test joined and leaves at the end if it is still open. */
type OpenRoom = { leave(consented?: boolean): Promise<unknown>; connection?: { isOpen?: boolean } };

/**
 * The teachers and students one test file joins to its class server: each class room ignores the
 * messages the test does not read, and every room still open (`open`: the class rooms, and the pair
 * rooms a test adds) leaves at the end (`leaveAll`, in afterAll, before the server stops).
 */
export class ClassMembers {
  readonly open: OpenRoom[] = [];
  private readonly server: () => ClassServer;

  constructor(server: () => ClassServer) {
    this.server = server;
  }

  readonly track = (m: Member): Member => {
    this.open.push(m.classRoom);
    m.classRoom.onMessage('*', () => undefined);
    return m;
  };

  /** A student joins the class as a class page does (its own rejoin token), and is welcomed. */
  readonly student = async (opened: OpenedClass, name: string, rejoinToken = pageToken()): Promise<Member> => {
    const m = this.track(await Member.join(this.server(), opened.roomId, { name, rejoinToken }));
    await until(() => m.of('welcome').length === 1, `${name} welcomed`);
    return m;
  };

  async leaveAll(): Promise<void> {
    for (const room of this.open) if (room.connection?.isOpen) await room.leave().catch(() => undefined);
  }
}

export function classRoomOf(server: ClassServer, roomId: string): ClassRoom {
  return server.colyseus.getRoomById(roomId) as unknown as ClassRoom;
}

export function pairRoomOf(server: ClassServer, roomId: string): ClassPairRoom {
  return server.colyseus.getRoomById(roomId) as unknown as ClassPairRoom;
}

/**
 * Plays every pair room to its end on the manual clock. Each student answers from its own view;
 * `answer` gets the correct move (replayed from the room's log, tests only) and may spoil it.
 */
export async function playAllPairs(
  server: ClassServer,
  students: Member[],
  answer: (student: Member, view: RoundView, correct: Move) => Move,
  maxSteps = 2_000,
): Promise<void> {
  const seated = students.filter((s) => s.pairRoom && s.pairSide);
  const byRoom = new Map<string, Member[]>();
  for (const s of seated) byRoom.set(s.pairRoom!.roomId, [...(byRoom.get(s.pairRoom!.roomId) ?? []), s]);
  for (let i = 0; i < maxSteps; i++) {
    const open = [...byRoom].filter(([roomId]) => {
      const room = pairRoomOf(server, roomId);
      return room && room.round && !room.round.finished;
    });
    if (open.length === 0) break;
    await until(
      () => open.every(([roomId, members]) => members.every((m) => sameJson(m.pairSent(), serverView(pairRoomOf(server, roomId), m.pairSide!)))),
      'views in sync',
    );
    for (const [roomId, members] of open) {
      const room = pairRoomOf(server, roomId);
      let acted = false;
      for (const m of members) {
        const view = m.pairView();
        if (!view?.decision || room.round!.hosts[m.pairSide!].controller !== 'human') continue;
        const correct = correctAnswer(room as never, m.pairSide!);
        if (!correct) continue;
        const before = room.round!.log.length;
        const errors = m.pairMessages.length;
        m.pairRoom!.send('move', { decisionId: view.decision.id, move: answer(m, view, correct) });
        await until(() => room.round!.log.length > before || m.pairMessages.length > errors, 'move handled');
        acted = true;
        break;
      }
      if (!acted) room.advanceClock(200);
    }
  }
}

/**
 * Ada and Bob seated in one pair of a handshake class the members opened (and its teacher), Ada
 * having made her first decision: where the tests of a student leaving, coming back or opening the
 * class again start.
 */
export async function adaHasPlayedOnce(server: ClassServer, members: ClassMembers, className: string, rounds: number) {
  const opened = await openClass(server, { name: className, settings: { scenarioId: 'handshake', mode: 'consequences', rounds } });
  const teacher = members.track(await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken }));
  const adaToken = pageToken();
  const ada = await members.student(opened, 'Ada', adaToken);
  const bob = await members.student(opened, 'Bob');
  teacher.classRoom.send('start', {});
  await until(() => [ada, bob].every((s) => s.pairRoom !== null && s.pairSide !== null), 'both seated');
  const side = ada.pairSide!;
  const pair = pairRoomOf(server, ada.pairRoom!.roomId);
  members.open.push(ada.pairRoom!, bob.pairRoom!);
  for (let i = 0; i < 50 && !pair.round?.decisions.some((d) => d.side === side && d.by === 'human'); i++) {
    await playAllPairs(server, [ada, bob], (_s, _v, correct) => correct, 1);
  }
  return { opened, teacher, ada, adaToken, bob, side, pair };
}

/**
 * Ada opens the class again in two tabs (her rejoin token): each gets its seat in the pair room
 * from the class, and neither sits down with it (the test does): the tabs, oldest first, and their
 * seat reservations.
 */
export async function twoTabsOffered(server: ClassServer, members: ClassMembers, opened: OpenedClass, adaToken: string) {
  const tabs: Member[] = [];
  for (let i = 0; i < 2; i++) {
    const tab = members.track(await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: adaToken }));
    tab.takeSeat = async () => undefined;
    tabs.push(tab);
    await until(() => tab.of('pair').some((p) => p.reservation), `tab ${i + 1} offered the seat`);
  }
  return { tabs, reservations: tabs.map((t) => t.of('pair').find((p) => p.reservation).reservation) };
}

/** A class pair's stored round as `/api/results` serves it, once its room's writes are out (the next group commit). */
export async function storedRound(server: Pick<ClassServer, 'baseUrl'>, roundId: string): Promise<Parameters<typeof viewOfStoredRound>[0]> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${server.baseUrl}/api/results/${roundId}`);
    if (res.ok) return (await res.json()) as Parameters<typeof viewOfStoredRound>[0];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`round ${roundId} was not stored`);
}
