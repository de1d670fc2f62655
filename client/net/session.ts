/**
 * The connection to the game server (@colyseus/sdk 0.18): one room at a time. It answers the menu's
 * intents on the bus (create / join / quick match / practice / challenge), and turns what the room
 * synchronises into bus events the scenes draw: `round:view` (this player's RoundView), verdicts,
 * refusals, errors, connection status and notices. The SDK reconnects by itself; we only say so.
 * It never judges a move: it forwards the player's proposals and shows what the server decided.
 */
import { Client, type Room } from '@colyseus/sdk';
import type { Move } from '../../shared/game/move.ts';
import { finishedView, type RoundView } from '../../shared/game/views.ts';
import { ViewReader, type EntryMap } from '../../shared/game/viewEntries.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { bus } from '../events.ts';
import type { HintMessage, NoticeMessage, SeatMessage, VerdictMessage } from '../../server/rooms/protocol.ts';
import type { ChallengeResult } from '../../server/rooms/ChallengeRoom.ts';
import { CLOSE_BAD_FRAME, CLOSE_FLOODING, CLOSE_OPENED_ELSEWHERE } from '../../shared/protocol.ts';
import { readRefusal } from '../../shared/refusals.ts';
import { fetchInterruptedRound, fetchStoredRound } from './interrupted.ts';
import type { RoomSettingsView } from '../../server/rooms/roomSettings.ts';
import { forgetSeat, heldSeat, keepSeat, markSeatLeft } from './seatKeys.ts';
import { DEFAULT_WINDOW_SECONDS, fitReconnection } from './reconnection.ts';

export type RoomKind = 'duel' | 'practice' | 'challenge' | 'class-pair';
export type PlayMode = 'coach' | 'consequences';

export interface JoinRequest {
  kind: RoomKind;
  name: string;
  scenarioId?: string;
  mode?: PlayMode;
  personality?: string;
  role?: Side;
  /** duel: create a private room (shows a code) instead of quick match. */
  private?: boolean;
  /** duel: join this code. */
  code?: string;
  /** duel: back to the seat this browser left (its room id, exactly as the server gave it). */
  rejoinRoomId?: string;
  /** A room's rules chosen in the menu (duel, practice): the wire, the profile, turns or real time, the wire shown. */
  room?: RoomChoice;
  /** practice: show the first-time tutorial's step cards over this round. */
  tutorial?: boolean;
  /** class-pair: the pair room the class room seated this student in (see classPairLink). */
  classPair?: ClassPairLink;
}

/**
 * A class pair round opened from the classroom page (class.html): `/?classPair=<roomId>&code=<class code>`.
 * The class room's seat reservation for this student (it carries the per-seat key) waits in
 * sessionStorage under CLASS_PAIR_SEAT + roomId; after joining, the reconnection token replaces it
 * under CLASS_PAIR_TOKEN + roomId, so a reload comes back to the same seat.
 */
/** What the duel or practice menu lets a player choose for a new room (server/rooms/messages.ts RoomOptions). */
export interface RoomChoice {
  loss?: number;
  delayMs?: number;
  duplicate?: number;
  reorder?: number;
  profile?: 'rfc9293' | 'linux';
  realTime?: boolean;
  showWire?: boolean;
}

export interface ClassPairLink {
  roomId: string;
  /** The class's join code, for the way back when the game is not inside the classroom page. */
  code: string;
  /** A round already over (`&round=<roundId>&side=<side>`): show its Results from the stored round, sit nowhere. */
  over?: { roundId: string; side: Side };
}
export const CLASS_PAIR_SEAT = 'tcp-dojo.pair-seat.';
/**
 * The room this tab plays in (practice, duel, challenge): its reconnection token and how it was
 * joined, in sessionStorage (this tab only, and it survives a reload). A reloaded page goes back
 * to its seat with it while the server holds the seat (server/rooms/seating.ts drop); leaving removes it.
 */
export const CURRENT_ROOM = 'tcp-dojo.room';
export const CLASS_PAIR_TOKEN = 'tcp-dojo.pair.';
/** postMessage type between the game (in the classroom page's frame) and the classroom page. */
export const CLASS_PAIR_MESSAGE = 'tcp-dojo:class-pair';
/** `elsewhere`: the student's class opened in another tab, whose game plays the seat now (this one was closed). */
export type ClassPairEvent = 'joined' | 'finished' | 'leave' | 'failed' | 'elsewhere';

export function classPairFromUrl(search: string = window.location.search): ClassPairLink | null {
  const q = new URLSearchParams(search);
  const roomId = q.get('classPair') ?? '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(roomId)) return null;
  const code = (q.get('code') ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 16);
  const roundId = q.get('round') ?? '';
  const side = q.get('side');
  if (/^[A-Za-z0-9_-]{1,64}$/.test(roundId) && (side === 'client' || side === 'server')) return { roomId, code, over: { roundId, side } };
  return { roomId, code };
}

/**
 * This page was opened for a class pair round (or its Results) and has not got there yet: the menu
 * stands aside meanwhile (menuScreen.ts), so a student waiting on a slow tablet, or whose seat could
 * not be taken (the class page then sends a fresh one, or closes this page), never sees the game's
 * own menu in the class. Once the round or its Results are on screen, a menu is a menu again.
 */
let classRoundReached = false;
export function openingClassRound(): boolean {
  return !classRoundReached && classPairFromUrl() !== null;
}

/** Tell the classroom page (our parent frame) how the pair round goes; standalone, go back to it. */
function toClass(link: ClassPairLink, event: ClassPairEvent): void {
  if (window.parent !== window) {
    window.parent.postMessage({ type: CLASS_PAIR_MESSAGE, event, roomId: link.roomId }, window.location.origin);
  } else if (event === 'leave') {
    window.location.assign(`/class.html${link.code ? `?code=${encodeURIComponent(link.code)}` : ''}`);
  }
}

/** What the room tells everyone (public fields of server/rooms/roundState.ts). */
export interface RoomPublic {
  kind: RoomKind;
  code: string;
  scenarioId: string;
  mode: PlayMode;
  phase: 'waiting' | 'playing' | 'finished';
  roundNumber: number;
  roundId: string;
  /** The clock's anchor: engine ms when it was set, and engine ms per real ms from then (0 = paused). */
  clock: number;
  speed: number;
  endReason: string;
  seats: Partial<Record<Side, SeatPublic>>;
  /** The room's rules (null until the room has said). */
  settings: RoomSettingsView | null;
}

export interface SeatPublic {
  name: string;
  controller: string;
  connected: boolean;
  taken: boolean;
  /** The finished round's totals (0 during a round: see server/rooms/viewSync.ts sync). */
  score: number;
  judged: number;
  correct: number;
  wantsRematch: boolean;
  /** After a round: '' | 'same' | 'swap' (see RoundRoom.onRematch). */
  request: string;
}

export interface LeaderboardEntry {
  rank?: number;
  playerName?: string;
  name?: string;
  score: number;
  timeMs: number;
  roundId?: string;
}

interface MapLike<V> {
  forEach(cb: (value: V, key: string) => void): void;
}
interface SyncedState {
  kind?: string;
  code?: string;
  scenarioId?: string;
  mode?: string;
  phase?: string;
  roundNumber?: number;
  roundId?: string;
  clock?: number;
  speed?: number;
  endReason?: string;
  settings?: string;
  seats?: MapLike<{ side: string; name: string; controller: string; connected: boolean; taken: boolean; score: number; judged: number; correct: number; wantsRematch: boolean; request: string }>;
  views?: MapLike<{ side: string; entries?: EntryMap }>;
  spectator?: { entries?: EntryMap };
}

/** The room's clock as this browser runs it: engine ms `clock` at `at` (performance.now), then `speed`. */
export interface LiveClock {
  clock: number;
  speed: number;
  at: number;
}

export interface SessionState {
  request: JoinRequest;
  roomId: string;
  room: RoomPublic | null;
  side: Side | null;
  view: RoundView | null;
  /** The finished round's view with both hosts (the player's own view after the end shows both). */
  finalView: RoundView | null;
  /** Challenge rooms: the score and the place on the leaderboard. */
  challenge: ChallengeResult | null;
  /** The newest round's start as the room announced it (did the players swap hosts?). */
  roundStart: { roundNumber: number; swapped: boolean } | null;
  /** How long the room holds this player's seat if it leaves a live duel (0: it does not). */
  holdSeconds: number;
  /** The round's clock, run on locally from the room's anchor (see liveClockNow). */
  clock: LiveClock;
  /**
   * A timed challenge's real-time clock (its time bonus is scored on it): the par, and when the
   * round started in performance.now() terms (null before it starts). Null in other rooms.
   */
  challengeClock: { parTimeMs: number; startedAt: number | null } | null;
}

/** Engine time now on the room's clock (the server sends the anchor only when the speed changes or the clock jumps). */
export function liveClockNow(clock: LiveClock, now: number = performance.now()): number {
  return clock.clock + Math.max(0, now - clock.at) * clock.speed;
}

let client: Client | null = null;
let room: Room | null = null;
let state: SessionState | null = null;
let viewReader = new ViewReader<RoundView>();
/** The last view read, and the view shown for it: a finished round's is played again here once (views.ts finishedView). */
let lastRead: { read: RoundView; shown: RoundView } | null = null;
let lastPublicJson = '';

/** The view to show for what the reader put together: the same object while the entries stay the same. */
function shownView(read: RoundView): RoundView {
  if (lastRead?.read !== read) lastRead = { read, shown: finishedView(read) };
  return lastRead.shown;
}
/** When this room was joined (Date.now, the clock the SDK's own uptime check reads). */
let joinedAt = 0;

function serverClient(): Client {
  client ??= new Client(window.location.origin);
  return client;
}

export function currentSession(): SessionState | null {
  return state;
}

/**
 * Whether the SDK would reconnect by itself if the connection dropped now. Its own default refuses
 * to in the first 5 s after joining (`reconnection.minUptime`); our rooms retry from the first
 * moment (reconnection.ts), so this is true once a room is joined, unless the round was found
 * interrupted (nothing to go back to).
 */
export function reconnectsOnDrop(): boolean {
  return room !== null && room.reconnection.enabled && Date.now() - joinedAt >= room.reconnection.minUptime;
}

function publicOf(s: SyncedState): RoomPublic {
  const seats: RoomPublic['seats'] = {};
  s.seats?.forEach((seat, key) => {
    if (key === 'client' || key === 'server') {
      seats[key] = { name: seat.name, controller: seat.controller, connected: seat.connected, taken: seat.taken, score: seat.score, judged: seat.judged ?? 0, correct: seat.correct ?? 0, wantsRematch: seat.wantsRematch, request: seat.request ?? '' };
    }
  });
  let settings: RoomSettingsView | null = null;
  try {
    settings = s.settings ? (JSON.parse(s.settings) as RoomSettingsView) : null;
  } catch {
    settings = null;
  }
  return {
    kind: (s.kind as RoomKind) ?? 'duel',
    code: s.code ?? '',
    scenarioId: s.scenarioId ?? '',
    mode: s.mode === 'coach' ? 'coach' : 'consequences',
    phase: s.phase === 'playing' || s.phase === 'finished' ? s.phase : 'waiting',
    roundNumber: s.roundNumber ?? 0,
    roundId: s.roundId ?? '',
    clock: s.clock ?? 0,
    speed: s.speed ?? 0,
    endReason: s.endReason ?? '',
    seats,
    settings,
  };
}

function hasEntries(entries: EntryMap | undefined): entries is EntryMap {
  let any = false;
  entries?.forEach(() => (any = true));
  return any;
}

/** My view's entries: my side's, else the only side view whose private entries reached this client. */
function myEntries(s: SyncedState, side: Side | null): { side: Side; entries: EntryMap } | null {
  let found: { side: Side; entries: EntryMap } | null = null;
  s.views?.forEach((v, key) => {
    if ((key === 'client' || key === 'server') && hasEntries(v.entries) && (found === null || key === side)) found = { side: key, entries: v.entries };
  });
  return found;
}

function onState(s: SyncedState): void {
  if (!state) return;
  const pub = publicOf(s);
  const pubJson = JSON.stringify(pub);
  const mine = myEntries(s, state.side);
  let view: RoundView | null = state.view;
  try {
    const read = mine ? viewReader.read(mine.entries) : null;
    view = read ? shownView(read) : state.view;
  } catch {
    // A torn or foreign entry: keep the last good view.
  }
  const viewChanged = view !== state.view;
  if (pubJson === lastPublicJson && !viewChanged) return;
  lastPublicJson = pubJson;
  const previousPhase = state.room?.phase;
  state.room = pub;
  if (pub.clock !== state.clock.clock || pub.speed !== state.clock.speed) state.clock = { clock: pub.clock, speed: pub.speed, at: performance.now() };
  if (mine && view && viewChanged) {
    state.side ??= mine.side;
    state.view = view;
    if (view.finished) state.finalView = view;
  }
  bus.emit('session:update', { session: state, receivedAt: performance.now() });
  if (pub.phase === 'finished' && previousPhase !== 'finished') bus.emit('session:finished', { session: state });
}

function wire(r: Room, request: JoinRequest): void {
  room = r;
  joinedAt = Date.now();
  state = { request, roomId: r.roomId, room: null, side: null, view: null, finalView: null, challenge: null, roundStart: null, holdSeconds: 0, clock: { clock: 0, speed: 0, at: performance.now() }, challengeClock: null };
  viewReader = new ViewReader<RoundView>();
  lastPublicJson = '';
  // A dropped connection is retried for as long as the room holds the seat (its `seat` message says how long).
  let reconnectSeconds = DEFAULT_WINDOW_SECONDS;
  fitReconnection(r, () => reconnectSeconds);
  r.onStateChange((s: SyncedState) => onState(s));
  r.onMessage('verdict', (m: VerdictMessage) => bus.emit('round:verdict', m));
  r.onMessage('refused', (m: VerdictMessage) => bus.emit('round:refused', m));
  r.onMessage('error', (m: unknown) => bus.emit('round:error', errorOf(m)));
  r.onMessage('notice', (m: NoticeMessage) => {
    if (m.kind === 'round-started' && state) {
      state.roundStart = { roundNumber: m.roundNumber, swapped: m.swapped };
      if (state.challengeClock) state.challengeClock = { ...state.challengeClock, startedAt: performance.now() };
    }
    bus.emit('round:notice', m);
  });
  r.onMessage('hint', (m: HintMessage) => bus.emit('round:hint', m));
  r.onMessage('quiz-result', (m: QuizResult) => bus.emit('round:quiz-result', m));
  r.onMessage('challenge-result', (m: ChallengeResult) => {
    if (state) state.challenge = m;
    bus.emit('round:challenge-result', m);
  });
  r.onMessage('nudged', () => bus.emit('round:nudged', {}));
  r.onMessage('seat', (m: SeatMessage) => {
    if (!state) return;
    state.side = m.side;
    state.holdSeconds = m.holdSeconds;
    // (A server older than the field sends none: its default.)
    if (typeof m.reconnectSeconds === 'number') reconnectSeconds = m.reconnectSeconds;
    if (m.rejoinKey) keepSeat({ roomId: r.roomId, code: state.room?.code || (request.code ?? ''), key: m.rejoinKey, holdSeconds: m.holdSeconds });
    if (!request.classPair && !request.tutorial) rememberRoom(r, request);
    // A swap moves this player to the other view: read the new one from scratch.
    viewReader = new ViewReader<RoundView>();
    // Joining (or coming back to) a running clock: it was set ageMs ago, not now.
    if (m.clock) state.clock = { clock: m.clock.clock, speed: m.clock.speed, at: performance.now() - m.clock.ageMs };
    // A challenge's real-time clock: run on from what the room says has been played (a reload too).
    if (m.challenge) state.challengeClock = { parTimeMs: m.challenge.parTimeMs, startedAt: m.challenge.elapsedMs === null ? (state.challengeClock?.startedAt ?? null) : performance.now() - m.challenge.elapsedMs };
    bus.emit('session:update', { session: state, receivedAt: performance.now() });
  });
  // While the SDK retries a dropped connection, every failed attempt reports a socket error with
  // no code: the banner already says we are reconnecting, so those are not the server refusing.
  let dropped = false;
  r.onDrop(() => {
    // The SDK signals onDrop again for each attempt that fails (every 500 ms while offline): one
    // drop, one banner, one look for an interrupted round.
    if (dropped) return;
    dropped = true;
    bus.emit('net:status', { status: 'reconnecting' });
    // If the server itself went down, the SDK's retries cannot succeed; the restarted server says
    // the round was interrupted as soon as it is back.
    void recoverInterrupted(r, () => !dropped);
  });
  r.onReconnect(() => {
    dropped = false;
    bus.emit('net:status', { status: 'online' });
  });
  r.onLeave((code: number) => {
    dropped = false;
    if (room !== r) return;
    if (code === CLOSE_FLOODING || code === CLOSE_BAD_FRAME) return bus.emit('net:status', { status: code === CLOSE_FLOODING ? 'flooding' : 'bad-frame' });
    if (code === CLOSE_OPENED_ELSEWHERE) {
      // Played on in another tab (a class opened again there): this page keeps no way back to the seat.
      sessionStorage.removeItem(CURRENT_ROOM);
      if (request.classPair) {
        sessionStorage.removeItem(CLASS_PAIR_TOKEN + request.classPair.roomId);
        toClass(request.classPair, 'elsewhere');
      }
      return bus.emit('net:status', { status: 'elsewhere' });
    }
    const consented = code === 4000 || code === 1000;
    if (state?.room?.endReason === 'interrupted') return;
    bus.emit('net:status', { status: consented ? 'closed' : 'lost' });
    if (!consented) void recoverInterrupted(r, () => false);
  });
  r.onError((code: number, message?: string) => {
    if (!dropped) bus.emit('round:error', errorOf({ code, message: message ?? '' }));
  });
  bus.emit('net:status', { status: 'online' });
}

export type { HintMessage, VerdictMessage, NoticeMessage } from '../../server/rooms/protocol.ts';
export type { ChallengeResult } from '../../server/rooms/ChallengeRoom.ts';

export interface QuizResult {
  cardId: string;
  choice: number;
  correct: boolean;
  answer: number;
  explanation: { en: string; 'zh-CN': string };
}

/**
 * The connection is gone for good in the middle of a round: if the server stopped (it stores the
 * round as `interrupted` when it starts again), show the player the round as it stood.
 */
async function recoverInterrupted(r: Room, reconnected: () => boolean): Promise<void> {
  const s = state;
  if (!s || !s.side || s.room?.phase !== 'playing' || !s.room.roundId) return;
  const view = await fetchInterruptedRound(s.room.roundId, s.side, () => reconnected() || room !== r || s.room?.phase !== 'playing');
  if (!view || room !== r || state !== s || s.room?.phase !== 'playing') return;
  r.reconnection.enabled = false; // nothing to go back to
  r.reconnection.maxRetries = 0;
  s.view = view;
  s.finalView = view;
  s.room = { ...s.room, phase: 'finished', endReason: 'interrupted' };
  // The round stopped where the server did: its clock stands there.
  s.clock = { clock: view.now, speed: 0, at: performance.now() };
  bus.emit('net:status', { status: 'interrupted' });
  bus.emit('session:update', { session: s, receivedAt: performance.now() });
  bus.emit('session:finished', { session: s });
}
/**
 * A class round already over, opened from the class page (a reload between rounds, or the game
 * closed after the round): no room to sit in, so its Results come from the stored round, replayed
 * with the same reducer. The Game scene takes the finished session and goes on to Results.
 */
async function showRoundOver(request: JoinRequest, over: { roundId: string; side: Side }): Promise<void> {
  await leave();
  bus.emit('net:status', { status: 'connecting' });
  const view = await fetchStoredRound(over.roundId, over.side);
  if (!view) {
    bus.emit('net:status', { status: 'failed' });
    bus.emit('round:error', { code: 'round_not_found', message: 'This round’s results are not available.' });
    return;
  }
  const s: SessionState = { request, roomId: request.classPair?.roomId ?? '', room: null, side: over.side, view, finalView: view, challenge: null, roundStart: null, holdSeconds: 0, clock: { clock: view.now, speed: 0, at: performance.now() }, challengeClock: null };
  state = s;
  if (request.classPair) classRoundReached = true;
  const off = bus.on('scene-ready', ({ scene }) => {
    if (scene !== 'Game' || state !== s) return;
    off();
    bus.emit('session:update', { session: s, receivedAt: performance.now() });
    bus.emit('session:finished', { session: s });
    bus.emit('nav:results', {});
  });
  bus.emit('net:status', { status: 'closed' });
  bus.emit('session:started', { request });
}

/**
 * A refusal for the bus: its code (shared/refusals.ts) when the server sent one, else the status
 * (a number: Menu's JOIN_ERRORS reads Colyseus' own) or the message's category.
 */
function errorOf(raw: unknown): { code: string; message: string; params: Record<string, string | number> } {
  const r = readRefusal(raw);
  const category = typeof raw === 'object' && raw !== null && typeof (raw as { code?: unknown }).code === 'string' ? (raw as { code: string }).code : null;
  return { code: r.code ?? category ?? (r.status !== null ? String(r.status) : 'join_failed'), message: r.message, params: { ...r.params } };
}

/** The server's answer to a rejoin key whose seat is no longer held (server/rooms/RoundRoom.ts onAuth). */
export const SEAT_GONE = 410;
/** Both seats of the room are taken. */
export const ROOM_FULL = 409;

async function join(request: JoinRequest): Promise<void> {
  await leave();
  bus.emit('net:status', { status: 'connecting' });
  const sdk = serverClient();
  const options: Record<string, unknown> = { name: request.name || 'Player', ...(request.room ?? {}) };
  if (request.scenarioId) options['scenarioId'] = request.scenarioId;
  if (request.mode) options['mode'] = request.mode;
  if (request.personality) options['personality'] = request.personality;
  if (request.role) options['role'] = request.role;
  // Back to a seat this browser left: by the button in the menu, or by typing the room's code again.
  const held = request.kind === 'duel' ? heldSeat(request.rejoinRoomId ?? request.code ?? '') : null;
  if (held) options['rejoinKey'] = held.key;
  try {
    let r: Room;
    if (request.kind === 'class-pair' && request.classPair) r = await joinClassPair(sdk, request.classPair);
    else if (request.kind === 'duel' && held) r = await sdk.joinById(held.roomId, options);
    else if (request.kind === 'duel' && request.code) r = await sdk.joinById(request.code.toUpperCase(), options);
    else if (request.kind === 'duel' && request.private) r = await sdk.create('duel', { ...options, private: true });
    else if (request.kind === 'duel') r = await sdk.joinOrCreate('duel', options);
    else r = await sdk.create(request.kind, options);
    wire(r, request);
    if (request.classPair) {
      classRoundReached = true;
      sessionStorage.setItem(CLASS_PAIR_TOKEN + request.classPair.roomId, r.reconnectionToken);
      toClass(request.classPair, 'joined');
    }
    bus.emit('session:started', { request });
  } catch (error) {
    if (request.classPair) toClass(request.classPair, 'failed');
    if (held) {
      forgetSeat();
      // A code typed again after the seat went to the bot (or a code given to a new room): join as anyone would.
      if (request.code && !request.rejoinRoomId && (error as { code?: unknown } | null)?.code === SEAT_GONE) return join(request);
    }
    bus.emit('net:status', { status: 'failed' });
    bus.emit('round:error', errorOf(error instanceof Error ? { code: (error as { code?: unknown }).code, message: error.message } : String(error)));
  }
}

/**
 * Sit down in a class pair room: back to the seat with the reconnection token of an earlier visit,
 * else consume the class room's seat reservation (once: it is removed from storage).
 */
async function joinClassPair(sdk: Client, link: ClassPairLink): Promise<Room> {
  const token = sessionStorage.getItem(CLASS_PAIR_TOKEN + link.roomId);
  if (token) {
    try {
      return await sdk.reconnect(token);
    } catch {
      sessionStorage.removeItem(CLASS_PAIR_TOKEN + link.roomId);
    }
  }
  const saved = sessionStorage.getItem(CLASS_PAIR_SEAT + link.roomId);
  // No seat kept for this page (used, or the page opened without its class page): read as the
  // server's own answer to a seat no longer held, in the page's language (Menu's JOIN_ERRORS).
  if (!saved) throw Object.assign(new Error('This class seat is no longer reserved: go back to the class page.'), { code: SEAT_GONE });
  sessionStorage.removeItem(CLASS_PAIR_SEAT + link.roomId);
  return sdk.consumeSeatReservation(JSON.parse(saved) as never);
}

function rememberRoom(r: Room, request: JoinRequest): void {
  try {
    sessionStorage.setItem(CURRENT_ROOM, JSON.stringify({ token: r.reconnectionToken, request: { ...request, code: undefined, rejoinRoomId: undefined } }));
  } catch {
    // Storage refused (private mode, full): a reload then starts from the menu, as before.
  }
}

/** The room a reload left, if this tab was in one (see CURRENT_ROOM). */
function rememberedRoom(): { token: string; request: JoinRequest } | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(CURRENT_ROOM) ?? 'null') as { token?: unknown; request?: JoinRequest } | null;
    return saved && typeof saved.token === 'string' && saved.request && typeof saved.request.kind === 'string' ? { token: saved.token, request: saved.request } : null;
  } catch {
    return null;
  }
}

/**
 * Back to the seat a reload left: reconnect with the room's token. The server holds a dropped
 * seat for its reconnection window; after that (or if the room is gone) the page stays on the menu.
 */
async function resume(saved: { token: string; request: JoinRequest }): Promise<void> {
  bus.emit('net:status', { status: 'connecting' });
  try {
    const r = await serverClient().reconnect(saved.token);
    wire(r, saved.request);
    bus.emit('session:started', { request: saved.request });
  } catch {
    sessionStorage.removeItem(CURRENT_ROOM);
    bus.emit('net:status', { status: 'closed' });
  }
}

export async function leave(): Promise<void> {
  sessionStorage.removeItem(CURRENT_ROOM);
  const r = room;
  // Leaving a live duel: the server holds the seat for a while, and the menu offers the way back.
  if (r && state?.room?.kind === 'duel' && state.room.phase === 'playing' && !state.view?.finished && !state.request.classPair) markSeatLeft(r.roomId);
  else if (r) forgetSeat(r.roomId);
  room = null;
  state = null;
  if (r) {
    try {
      await r.leave(true);
    } catch {
      // Already gone.
    }
  }
}

function send(type: string, payload: unknown): void {
  room?.send(type, payload);
}

export async function fetchLeaderboard(scenarioId: string): Promise<LeaderboardEntry[]> {
  const res = await fetch(`/api/leaderboard/${encodeURIComponent(scenarioId)}?limit=10`);
  if (!res.ok) return [];
  const body = (await res.json()) as { entries?: LeaderboardEntry[] };
  return body.entries ?? [];
}

/** Subscribe the session to the bus: the menu's and the game's intents. Called once by main.ts. */
export function mountSession(): void {
  bus.on('menu:create-duel', ({ name, scenarioId, mode, room }) => void join({ kind: 'duel', name, scenarioId, private: true, ...(mode ? { mode } : {}), ...(room ? { room } : {}) }));
  bus.on('menu:join-duel', ({ name, code }) => void join({ kind: 'duel', name, code }));
  bus.on('menu:rejoin', ({ name, roomId }) => void join({ kind: 'duel', name, rejoinRoomId: roomId }));
  bus.on('menu:quick-match', ({ name, scenarioId, mode, room }) => void join({ kind: 'duel', name, scenarioId, ...(mode ? { mode } : {}), ...(room ? { room } : {}) }));
  bus.on('menu:practice', ({ name, scenarioId, botId, mode, role, room }) => void join({ kind: 'practice', name, scenarioId, personality: botId, mode, role, ...(room ? { room } : {}) }));
  // The tutorial is a practice round chosen for a first game: the handshake, a bot that never errs,
  // coach mode (wrong moves are explained and retried), and the client side (the first move).
  bus.on('menu:tutorial', ({ name }) => void join({ kind: 'practice', name, scenarioId: 'handshake', personality: 'textbook', mode: 'coach', role: 'client', tutorial: true }));
  bus.on('menu:challenge', ({ name, scenarioId, role }) => void join({ kind: 'challenge', name, scenarioId, role }));
  bus.on('round:move', (m) => send('move', m));
  bus.on('round:ask-hint', () => send('hint', {}));
  bus.on('round:resign', () => send('resign', {}));
  bus.on('round:quiz', (m) => send('quiz', m));
  bus.on('round:rematch', () => send('rematch', {}));
  bus.on('round:swap', () => send('swap', {}));
  bus.on('round:nudge', () => send('nudge', {}));
  bus.on('round:next-scenario', ({ scenarioId }) => {
    const s = state;
    if (!s) return;
    // In a class the teacher chooses the next round: the way on is back to the class.
    if (s.request.classPair) {
      bus.emit('session:leave', {});
      return;
    }
    void join({ ...s.request, scenarioId, code: undefined, rejoinRoomId: undefined, tutorial: undefined, private: s.request.kind === 'duel' ? true : undefined } as JoinRequest);
  });
  bus.on('session:leave', () => {
    const link = state?.request.classPair ?? classPair;
    void leave().then(() => {
      if (link) toClass(link, 'leave');
    });
  });
  // Opened by the classroom page for a pair round: join it as soon as the menu (which starts the
  // Game scene on session:started) is listening; once only, so the menu after the round stays a menu.
  const classPair = classPairFromUrl();
  const reloaded = classPair ? null : rememberedRoom();
  if (reloaded) {
    let resumed = false;
    bus.on('scene-ready', ({ scene }) => {
      if (scene !== 'Menu' || resumed) return;
      resumed = true;
      void resume(reloaded);
    });
  }
  if (classPair) {
    let joined = false;
    bus.on('scene-ready', ({ scene }) => {
      if (scene !== 'Menu' || joined) return;
      joined = true;
      const name = localStorage.getItem('tcp-dojo.name') ?? 'Player';
      if (classPair.over) void showRoundOver({ kind: 'class-pair', name, classPair }, classPair.over);
      else void join({ kind: 'class-pair', name, classPair });
    });
    bus.on('session:finished', ({ session }) => {
      if (session.request.classPair) toClass(session.request.classPair, 'finished');
    });
  }
}
