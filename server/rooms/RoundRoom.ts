/**
 * The base of every game room: it hosts one round at a time and is a thin shell over shared/game.
 * A message is validated at the door (validate.ts), turned into a round event, stepped with
 * `stepRound`, and the result is copied into Schema fields: each side's view as entries
 * (shared/game/viewEntries.ts) visible only to that side's player (StateView), plus the
 * spectators' view of both hosts, so a patch carries what changed for each player.
 *
 * Time: the room's clock (roundClock.ts) turns real time into engine time (shared/game/pace.ts)
 * and wakes the room only when something is due, so the log holds the moments that mattered, and
 * a room whose clock stands does no work at all.
 * Nothing here is shared with other rooms in process memory: room codes and spectator tokens live
 * in presence, results and leaderboards in the store.
 *
 * The room owns one of each of its parts and wires them to its hooks: Seating (seating.ts: who sits
 * where), ViewSync (viewSync.ts: the round copied into the state), Outbox (outbox.ts: what it says
 * and when, behind the journal's commit), RoundJournal (roundJournal.ts: the round in the database).
 * Whether a player's message may act is ruled in playerRules.ts; the messages are protocol.ts's.
 */
import { Room, SchemaSerializer, type Client, type RoomException, type RoomMethodName } from '@colyseus/core';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createRound, stepRound } from '../../shared/game/round.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import { scoreboard } from '../../shared/game/views.ts';
import { roundDue } from '../../shared/game/pace.ts';
import type { BotPersonality, Mode, Round, RoundEvent, RoundRejection, RoundSettings } from '../../shared/game/types.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Scenario } from '../../shared/game/scenario.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { defineMessages, guardMessages, on } from '../validate.ts';
import { dropReservedSeats, holdSeat } from '../seats.ts';
import { releaseRoomCode } from '../roomCode.ts';
import { roomLog, silentLogger } from '../log.ts';
import { reportRoomException } from '../roomErrors.ts';
import { refused } from '../refused.ts';
import { refusal } from '../../shared/refusals.ts';
import type { RoomServices, WithServices } from '../services.ts';
import { EmptyMessage, MoveMessage, QuizMessage, RoomOptions } from './messages.ts';
import { RoundState, type Seat } from './roundState.ts';
import { settingsView, wireChoiceOf } from './roomSettings.ts';
import { ManualTime, RoundClock, processTime } from './roundClock.ts';
import { SharedBufferSerializer } from './sharedSerializer.ts';
import { Outbox } from './outbox.ts';
import { RoundJournal } from './roundJournal.ts';
import { ViewSync } from './viewSync.ts';
import { Seating } from './seating.ts';
import { actRuling, hintRuling, nudgeRuling, quizRuling, rematchRuling, type Ruling } from './playerRules.ts';
import { REJECTION_CODES, hintMessage, rejectionRefusal, verdictMessage, type NoticeMessage, type RoomKind, type SeatMessage } from './protocol.ts';

const SPECTATOR_TOKENS_KEY = 'tcp-dojo:spectator-tokens';
const SPECTATOR_SLOTS = 4;
/**
 * A round room patches when something changed (patchSoon), not on a clock: a room whose players
 * think, whose clock stands or whose next event is seconds away costs nothing between changes.
 * Colyseus' own patch tick stays, slow, for its timers (this.clock: held seats, a pair's wait for
 * its students) and as a net under any change no patchSoon announced.
 */
const PATCH_TICK_MS = 500;

export abstract class RoundRoom extends Room<{ state: RoundState }> {
  override state = new RoundState();
  abstract readonly kind: RoomKind;
  /** With a single human the world waits while the player thinks. */
  protected abstract readonly pauseWhileDeciding: boolean;

  services!: RoomServices;
  log!: Logger;
  scenario!: Scenario;
  personality: BotPersonality = 'textbook';
  /** The creator's wire and profile, if any (seeded per round like everything else). */
  protected wireChoice: Pick<RoundSettings, 'wire' | 'profile' | 'wireShown'> = {};
  /** The round being played (or the last one, once finished). */
  round: Round | null = null;
  /** The room's engine clock: an anchor and one timer (roundClock.ts). */
  protected roundClock!: RoundClock;
  /** Tests' real time (services.clock.manual): it moves only in advanceClock. */
  protected manualTime: ManualTime | null = null;
  /** Token a spectator (a teacher, issue 5) joins with; kept in presence, never in the state. */
  spectatorToken = '';
  override patchRate = PATCH_TICK_MS;
  /** After a round: the roles the player who asked last chose (the second player accepts or chooses). */
  protected swapRequested = false;
  /** Real time (this.clock) of each side's last nudge: one a few seconds is plenty. */
  protected lastNudge = new Map<Side, number>();
  protected quizAnswered = new Map<Side, Set<string>>();
  /** The round in the database: its head, its log as it grows, its record (roundJournal.ts). */
  readonly journal: RoundJournal = new RoundJournal(this);
  /** What the room says, and when it leaves: after the journal's group commit, in one write (outbox.ts). */
  readonly outbox: Outbox = new Outbox(this, (type, message, except) => this.broadcast(type, message, except ? { except } : {}));
  /** The round copied into the state's seats, clock and views (viewSync.ts). */
  readonly viewSync: ViewSync = new ViewSync(this, {
    watched: () => this.seating.watched(),
    shownClock: () => this.roundClock.shown,
    patchSoon: () => this.outbox.patchSoon(),
  });
  /** Who sits where, and each seat's way back (seating.ts); the room's hooks decide for it. */
  readonly seating: Seating = new Seating(this, {
    pickSide: (options) => this.pickSide(options),
    holdsSeats: () => this.holdsSeats(),
    awaitsItsPlayer: (side) => this.awaitsItsPlayer(side),
    onSeatsFull: () => this.onSeatsFull(),
    onSeatFreed: () => this.onSeatFreed(),
    startRound: () => this.startRound(),
    step: (event) => this.step(event),
    engineNow: () => this.engineNow(),
    holdSeat: (client, seconds) => holdSeat(this, client, seconds),
    notify: (notice, except) => this.outbox.notify(notice, except),
    patchSoon: () => this.outbox.patchSoon(),
    writeView: (who) => this.viewSync.writeView(who),
    seatExtras: () => this.seatExtras(),
    seatClock: () => ({ ...this.roundClock.shown, ageMs: Math.round(this.roundClock.ageMs()) }),
  });

  override messages = defineMessages({
    move: on(MoveMessage, (client, m) => this.onMove(client, m.decisionId, m.move)),
    hint: on(EmptyMessage, (client) => this.onHint(client)),
    resign: on(EmptyMessage, (client) => this.onResign(client)),
    quiz: on(QuizMessage, (client, m) => this.onQuiz(client, m.cardId, m.choice)),
    rematch: on(EmptyMessage, (client) => this.onRematch(client, false)),
    swap: on(EmptyMessage, (client) => this.onRematch(client, true)),
    nudge: on(EmptyMessage, (client) => this.onNudge(client)),
  });

  /** Colyseus makes a SchemaSerializer when the state is set: ours shares its buffers with the other rooms (sharedSerializer.ts). */
  override setSerializer(serializer: Parameters<Room<{ state: RoundState }>['setSerializer']>[0]): void {
    super.setSerializer(serializer.constructor === SchemaSerializer ? new SharedBufferSerializer() : serializer);
  }

  // ---- subclass hooks ------------------------------------------------------------------

  /** Read the creator's options: scenario, mode, personality, which sides humans play. */
  protected abstract configure(options: RoomOptions): void;
  /** The side a joining player gets, or null when no seat is free. */
  protected abstract pickSide(options: RoomOptions): Side | null;
  /** Called when a round ends; may write elsewhere (leaderboard) and returns extra result fields. */
  protected onRoundFinished(_round: Round): Record<string, unknown> {
    return {};
  }
  /** Last word on a new round's settings (a class pair room sets the teacher's wire and time limit). */
  protected roundSettings(settings: RoundSettings): RoundSettings {
    return settings;
  }
  /** Called in onCreate before the room is announced (a duel claims its room code here). */
  protected async open(): Promise<void> {}
  protected get mode(): Mode {
    return this.state.mode === 'coach' ? 'coach' : 'consequences';
  }

  /** Whether this room gives its players keys back to their seats (duels do; see Seating.holdsLeftSeats). */
  protected holdsSeats(): boolean {
    return this.kind === 'duel';
  }

  /** The seat's player is away (left, or dropped) and may still come back to it with its key. */
  protected awaitsItsPlayer(side: Side): boolean {
    const seat = this.seat(side);
    return this.seating.rejoinKeys.has(side) && seat.taken && !seat.connected && seat.controller === 'human' && this.state.phase !== 'waiting';
  }

  /** Duel rooms hide themselves from quick match once full. */
  protected onSeatsFull(): void {}
  protected onSeatFreed(): void {}
  /** What a kind of room adds to a player's `seat` message (ChallengeRoom: its real-time clock). */
  protected seatExtras(): Partial<SeatMessage> {
    return {};
  }

  protected seat(side: Side): Seat {
    return this.seating.seat(side);
  }

  /** The room's rules, public: both players read them before they play. */
  protected publishSettings(settings: RoundSettings): void {
    this.state.settings = JSON.stringify(settingsView(settings, this.scenario, !this.pauseWhileDeciding));
  }

  // ---- lifecycle -----------------------------------------------------------------------

  override async onCreate(options: WithServices<unknown>) {
    this.services = options.services;
    this.log = roomLog(this.services.log, this);
    // The rate limiter runs on real time (performance.now), not on the wall clock of stored results.
    guardMessages(this, { limits: this.services.messageLimits, log: this.log, mistakes: this.services.mistakes, afterFrame: () => this.outbox.patchSoon() });
    const parsed = RoomOptions.safeParse(options);
    if (!parsed.success) throw refused(400, refusal('room_options'), `bad room options: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const scenario = findScenario(parsed.data.scenarioId ?? 'handshake');
    if (!scenario) throw refused(400, refusal('no_scenario', { scenario: String(parsed.data.scenarioId) }));
    this.scenario = scenario;
    this.state.kind = this.kind;
    this.state.scenarioId = scenario.id;
    this.seating.furnish();
    this.configure(parsed.data);
    if (this.kind !== 'challenge') this.wireChoice = wireChoiceOf(scenario, parsed.data);
    this.publishSettings(this.roundSettings({ scenarioId: scenario.id, mode: this.mode, seed: 0, controllers: { client: 'human', server: 'human' }, personality: this.personality, ...this.wireChoice }));
    for (const side of SIDES) this.seat(side).personality = this.personality;
    this.maxClients = SIDES.filter((s) => this.seat(s).controller === 'human').length + SPECTATOR_SLOTS;
    await this.open();
    this.log = roomLog(this.services.log, this); // the roomId may have become a room code
    this.spectatorToken = randomBytes(12).toString('hex');
    await this.presence.hset(SPECTATOR_TOKENS_KEY, this.roomId, this.spectatorToken);
    this.roundClock = this.createClock();
    this.log.info({ kind: this.kind, scenarioId: scenario.id, mode: this.state.mode, personality: this.personality }, 'room created');
  }

  override onAuth(_client: Client, options: unknown) {
    const parsed = RoomOptions.safeParse(options ?? {});
    if (!parsed.success) throw refused(400, refusal('room_options'), `bad join options: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    if (parsed.data.spectatorToken !== undefined) {
      if (parsed.data.spectatorToken !== this.spectatorToken) throw refused(403, refusal('wrong_spectator_link'));
      return { spectator: true };
    }
    if (parsed.data.rejoinKey !== undefined) {
      if (this.seating.heldSeatFor(parsed.data.rejoinKey) === null) throw refused(410, refusal('seat_gone'));
      return { spectator: false };
    }
    if (this.pickSide(parsed.data) === null) throw refused(409, refusal('room_full'));
    return { spectator: false };
  }

  override onJoin(client: Client, options: unknown) {
    this.outbox.patchSoon();
    const parsed = RoomOptions.safeParse(options ?? {});
    const opts = parsed.success ? parsed.data : {};
    this.seating.join(client, opts, opts.spectatorToken !== undefined && opts.spectatorToken === this.spectatorToken);
  }

  override async onDrop(client: Client) {
    await this.seating.drop(client);
  }

  override onReconnect(client: Client) {
    this.outbox.patchSoon();
    this.seating.reconnect(client);
  }

  override onLeave(client: Client) {
    this.outbox.patchSoon();
    this.seating.leave(client);
  }

  /** The server is shutting down: seats nobody has taken yet do not hold the room (and the process) open. */
  override onBeforeShutdown(): void {
    dropReservedSeats(this);
    super.onBeforeShutdown();
  }

  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    reportRoomException(this.log ?? this.services?.log ?? silentLogger(), error, method);
  }

  override async onDispose() {
    this.outbox.dispose();
    this.roundClock?.stop();
    // A refused create (bad options, a class pair room not opened by its class) never set the room up.
    if (this.services === undefined) return;
    try {
      if (this.round) this.round = this.journal.close(this.round);
    } catch (error) {
      this.log.error({ err: error }, 'could not save the round on dispose');
    }
    try {
      await this.presence.hdel(SPECTATOR_TOKENS_KEY, this.roomId);
      if (this.state.code) await releaseRoomCode(this.presence, this.state.code);
    } catch (error) {
      this.log.error({ err: error }, 'could not release presence keys');
    }
    this.log.info({ rounds: this.state.roundNumber }, 'room disposed');
  }

  // ---- the clock -----------------------------------------------------------------------

  private createClock(): RoundClock {
    const { scale, fastForwardMs, tickMs, manual } = this.services.clock;
    const time = manual ? (this.manualTime = new ManualTime()) : processTime((error) => this.log.error({ err: error }, 'clock wake failed'));
    return new RoundClock(time, { scale, fastForwardMs, pauseWhileDeciding: this.pauseWhileDeciding }, tickMs, (at) => this.onClockDue(at));
  }

  /** The clock says the round is due at engine time `at`: step it there. */
  private onClockDue(at: number): void {
    try {
      const round = this.round;
      if (!round || round.finished || this.state.phase !== 'playing') return;
      const now = this.roundClock.dueAt(at, round);
      if (roundDue(round, now)) this.step({ kind: 'advance', at: now });
      else this.replanClock();
    } catch (error) {
      this.log.error({ err: error }, 'clock wake failed');
    }
  }

  /** Tests (services.clock.manual): `realMs` of real time go by, and whatever fell due runs. */
  advanceClock(realMs: number): void {
    this.manualTime?.advance(realMs);
  }

  /** Engine time now. */
  get clockNow(): number {
    return this.roundClock.engineNow(this.round);
  }

  protected engineNow(): number {
    return this.roundClock.engineNow(this.round);
  }

  private replanClock(): void {
    if (this.round && this.state.phase === 'playing') this.roundClock.plan(this.round);
    else this.roundClock.stop();
    this.viewSync.syncClock();
  }

  // ---- rounds --------------------------------------------------------------------------

  protected startRound(swapped = false): void {
    const controllers = { client: this.seat('client').controller === 'human' ? 'human' : 'bot', server: this.seat('server').controller === 'human' ? 'human' : 'bot' } as const;
    const settings: RoundSettings = this.roundSettings({ scenarioId: this.scenario.id, mode: this.mode, seed: this.services.seed(), controllers, personality: this.personality, ...this.wireChoice });
    const created = createRound(settings);
    if (!created.ok) {
      this.log.error({ rejection: created.rejection }, 'could not create a round');
      return;
    }
    this.round = created.round;
    this.publishSettings(settings);
    this.roundClock.reset();
    this.swapRequested = false;
    this.quizAnswered.clear();
    this.state.roundNumber += 1;
    this.state.roundId = randomUUID();
    this.state.phase = 'playing';
    this.state.endReason = '';
    this.seating.newRound();
    this.journal.begin(created.round, settings);
    this.log.info({ roundId: this.state.roundId, roundNumber: this.state.roundNumber, controllers, swapped }, 'round started');
    this.outbox.notify({ kind: 'round-started', roundId: this.state.roundId, roundNumber: this.state.roundNumber, swapped });
    this.step({ kind: 'advance', at: 0 });
  }

  /** Step the reducer; send verdicts; copy the result into the state. Returns a rejection or null. */
  protected step(event: RoundEvent): RoundRejection | null {
    if (!this.round) return { code: 'round-over', detail: 'no round is being played' };
    const result = stepRound(this.round, event);
    if (!result.ok) return result.rejection;
    this.round = result.round;
    // Written before anyone hears of it: what a player was told survives a crash. The events go
    // out with the other rooms' in one commit; the verdicts wait for it, and so does the patch.
    this.journal.append(result.round);
    this.roundClock.plan(result.round);
    let finished = false;
    for (const notice of result.notices) {
      if (notice.kind === 'verdict') {
        const message = verdictMessage(notice);
        const client = this.seating.clientOf(notice.side);
        if (client) this.outbox.reply(client, notice.accepted ? 'verdict' : 'refused', message);
      } else if (notice.kind === 'reveal') {
        const hint = hintMessage(notice);
        const client = this.seating.clientOf(notice.side);
        // Like a verdict, told only once the event that charged for it is stored.
        if (client) this.outbox.reply(client, 'hint', hint);
      } else if (notice.kind === 'finished') {
        finished = true;
      }
    }
    this.viewSync.sync();
    if (finished) this.finishRound();
    return null;
  }

  protected finishRound(): void {
    const round = this.round;
    if (!round) return;
    this.state.phase = 'finished';
    this.state.endReason = round.endReason ?? '';
    this.log.info({ roundId: this.state.roundId, reason: round.endReason, scores: scoreboard(round) }, 'round finished');
    let extras: Record<string, unknown> = {};
    try {
      extras = this.onRoundFinished(round);
    } catch (error) {
      this.log.error({ err: error }, 'finishing hook failed');
    }
    this.journal.finish(round, extras);
    this.viewSync.sync();
    this.outbox.notify({ kind: 'round-finished', roundId: this.state.roundId, reason: round.endReason ?? '' });
  }

  override broadcastPatch(): boolean {
    return this.outbox.broadcastPatch(() => super.broadcastPatch());
  }

  // ---- messages: ruled in playerRules.ts, then a round event or an answer ----------------

  /** A ruling's value, or null once its refusal is on its way to the player. */
  private ruled<T>(client: Client, type: string, ruling: Ruling<T>): T | null {
    if (ruling.ok) return ruling.value;
    this.outbox.refuse(client, type, ruling.code, ruling.why);
    return null;
  }

  /** The side the client plays in the current round, or a refusal already sent. */
  protected actingSide(client: Client, type: string): Side | null {
    return this.ruled(client, type, actRuling(this.seating.occupants.get(client.sessionId), this.round, this.state.phase));
  }

  /** A player's round event; the round's rejection goes back to it as a refusal of its message. */
  private stepFor(client: Client, type: string, event: RoundEvent): void {
    const rejection = this.step(event);
    if (rejection) this.outbox.refuse(client, type, REJECTION_CODES[rejection.code], rejectionRefusal(rejection));
  }

  protected onMove(client: Client, decisionId: number, move: Move): void {
    const side = this.actingSide(client, 'move');
    if (side !== null) this.stepFor(client, 'move', { kind: 'move', at: this.engineNow(), side, decisionId, move });
  }

  protected onHint(client: Client): void {
    const side = this.actingSide(client, 'hint');
    const hint = side === null || !this.round ? null : this.ruled(client, 'hint', hintRuling(this.kind, this.round, side));
    if (side === null || hint === null) return;
    if (hint.again) return this.outbox.reply(client, 'hint', hint.again);
    // A round event, so the cost is in the log and a replay scores the round the same.
    this.stepFor(client, 'hint', { kind: 'reveal', at: this.engineNow(), side, decisionId: hint.decisionId });
  }

  protected onResign(client: Client): void {
    const side = this.actingSide(client, 'resign');
    if (side === null) return;
    this.log.info({ side }, 'player resigned');
    this.stepFor(client, 'resign', { kind: 'resign', at: this.engineNow(), side });
  }

  protected onQuiz(client: Client, cardId: string, choice: number): void {
    const occupant = this.seating.occupants.get(client.sessionId);
    const answered = occupant === undefined || occupant === 'spectator' ? undefined : this.quizAnswered.get(occupant);
    const ruled = this.ruled(client, 'quiz', quizRuling(occupant, this.state.phase, this.scenario, answered, cardId, choice));
    if (ruled === null) return;
    const { side, card } = ruled;
    this.quizAnswered.set(side, (answered ?? new Set<string>()).add(cardId));
    const correct = choice === card.answer;
    if (correct) this.seat(side).quizScore += 1;
    this.outbox.reply(client, 'quiz-result', { cardId, choice, correct, answer: card.answer, explanation: card.explanation });
  }

  /**
   * After a round each player asks for the next one, with the same roles or swapped. The request is
   * public (the other player's Results show it); the round starts once every seated player has
   * asked, with the roles the last one chose: the second player accepts the first's choice, or
   * chooses the other.
   */
  protected onRematch(client: Client, swap: boolean): void {
    const side = this.ruled(client, swap ? 'swap' : 'rematch', rematchRuling(this.seating.occupants.get(client.sessionId), this.state.phase));
    if (side === null) return;
    this.seat(side).wantsRematch = true;
    this.seat(side).request = swap ? 'swap' : 'same';
    this.swapRequested = swap;
    if (!this.seating.allAskedForNextRound()) return;
    if (this.swapRequested) this.seating.swapSides();
    this.startRound(this.swapRequested);
  }

  /** "Your opponent is waiting for you" (playerRules.ts nudgeRuling), to the player deciding. */
  protected onNudge(client: Client): void {
    const side = this.actingSide(client, 'nudge');
    const peer = side === null || !this.round ? null : this.ruled(client, 'nudge', nudgeRuling(this.round, side, this.pauseWhileDeciding, this.lastNudge.get(side), this.clock.currentTime));
    if (side === null || peer === null) return;
    this.lastNudge.set(side, this.clock.currentTime);
    this.seating.clientOf(peer)?.send('notice', { kind: 'nudge', side } satisfies NoticeMessage);
    this.outbox.reply(client, 'nudged', {});
  }
}
