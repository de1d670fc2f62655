/**
 * A round in the database (issue 15.7): its head when it starts, its log as it grows (each step's
 * new events go out with the other rooms' in the journal's next group commit, store.ts), and its
 * record when it ends or the room closes under it. What a player was told survives a crash: the
 * room tells nothing before the commit that holds it (outbox.ts).
 */
import type { Logger } from 'pino';
import type { Round, RoundSettings } from '../../shared/game/types.ts';
import { runToEnd } from '../../shared/game/round.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { botLabel, roundRecord } from '../roundRecord.ts';
import type { RoomServices } from '../services.ts';
import type { RoomKind } from './protocol.ts';
import type { RoundState } from './roundState.ts';

/** What the journal reads of its room. */
export interface JournaledRoom {
  readonly kind: RoomKind;
  readonly roomId: string;
  readonly state: RoundState;
  readonly services: RoomServices;
  readonly log: Logger;
}

export class RoundJournal {
  /** When the round started (real time, services.now). */
  startedAtMs = 0;
  private isSaved = false;
  /** How much of the round's log the database has (it is written as the round goes, issue 15.7). */
  private journaled = 0;
  private broken = false;
  private readonly room: JournaledRoom;

  constructor(room: JournaledRoom) {
    this.room = room;
  }

  /** The round's record is written (or queued): nothing more goes into its live log. */
  get saved(): boolean {
    return this.isSaved;
  }

  /** A round starts (its id already in the state): its head goes in with the journal's next group commit, before its first events. */
  begin(round: Round, settings: RoundSettings): void {
    const { services, state, kind } = this.room;
    this.isSaved = false;
    this.startedAtMs = services.now();
    this.journaled = 0;
    this.broken = false;
    const roundId = state.roundId;
    services.store.queueLiveRound(
      services.owner,
      { roundId, mode: kind, scenarioId: settings.scenarioId, roomId: this.room.roomId, startedAt: this.startedAtMs, head: { kind, roundNumber: state.roundNumber, settings, names: this.names(round) } },
      (error) => {
        if (this.room.state.roundId !== roundId) return;
        this.broken = true;
        this.room.log.error({ err: error, roundId }, 'could not write the round to the database; it is not protected against a crash');
      },
    );
  }

  /** Queues what the log gained since the last step for the live round in the database (store.queueLiveEvents). */
  append(round: Round | null): void {
    // A saved round's live log went with its save: what happens after (a held seat handed to the
    // bot as the room closes) has nowhere to go, and the record already says how it stood.
    if (!round || this.isSaved || this.broken || round.log.length <= this.journaled) return;
    const roundId = this.room.state.roundId;
    this.room.services.store.queueLiveEvents(roundId, this.journaled, round.log.slice(this.journaled), (error) => {
      if (this.room.state.roundId !== roundId || this.broken) return;
      this.broken = true;
      this.room.log.error({ err: error, roundId }, 'could not write the round log to the database; it is not protected against a crash');
    });
    this.journaled = round.log.length;
  }

  /** A round ended by its rules: its record, with what its kind of room adds (`extras`). */
  finish(round: Round, extras: Record<string, unknown>): void {
    try {
      this.save(round, extras);
    } catch (error) {
      this.room.log.error({ err: error, roundId: this.room.state.roundId }, 'could not save the round');
    }
  }

  /**
   * The room closes under a round not stored yet. Everyone left and bots took their hosts over:
   * they play the round out, as promised, and that round is returned. Else the server is stopping
   * under a player who is still there: the round is stored as interrupted.
   */
  close(round: Round): Round {
    if (this.isSaved) return round;
    if (SIDES.every((s) => round.hosts[s].controller === 'bot')) {
      const played = runToEnd(round);
      this.append(played);
      this.save(played, {});
      return played;
    }
    this.save(round, {}, 'interrupted');
    return round;
  }

  /** The round's record; `outcome` when it did not end by its rules (the server stopped under a player). */
  save(round: Round, extras: Record<string, unknown>, outcome?: string): void {
    const { services, state, kind, log } = this.room;
    const names = this.names(round);
    const record = roundRecord(round, {
      kind,
      roundId: state.roundId,
      roundNumber: state.roundNumber,
      settings: round.settings,
      names,
      startedAt: this.startedAtMs,
      finishedAt: services.now(),
      ...(outcome === undefined ? {} : { outcome }),
      extras,
    });
    // Written after the commit that holds the round's last events, and after the replies that
    // waited for it (store.queueRound); until then the live log keeps the round through a crash.
    services.store.queueRound(
      record,
      (error) => log.error({ err: error, roundId: record.roundId }, 'could not save the round'),
      () => log.info({ roundId: record.roundId, outcome: record.outcome }, 'round saved'),
    );
    this.isSaved = true;
  }

  /** Who plays each side: a person's name, or the bot's label for a side a bot plays from the start. */
  private names(round: Round): Record<Side, string> {
    const name = (side: Side): string => (round.settings.controllers[side] === 'bot' ? botLabel(round.settings) : this.room.state.seats.get(side)!.name);
    return { client: name('client'), server: name('server') };
  }
}
