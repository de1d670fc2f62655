/**
 * Rounds survive a crash (issue 15.7). Each round's log is in the database as it grows (a round
 * room's RoundJournal writes every step before the room answers the players); a process that dies — `kill -9`, a power cut —
 * leaves its rounds there. The next process to start (or any live process, every minute, in
 * multi-process mode) replays each orphaned log with the pure reducer and stores the round as
 * `interrupted`, with every decision that was judged: players find it under /api/results/<roundId>,
 * teachers in the class's results.
 *
 * A round is orphaned when its process is gone: on this machine, its pid no longer runs; anywhere,
 * it has not said it is alive (heartbeat) for HEARTBEAT_STALE_MS.
 */
import { replayRound } from '../shared/game/round.ts';
import type { RoundEvent } from '../shared/game/types.ts';
import type { Logger } from './log.ts';
import { HEARTBEAT_EVERY_MS, liveness, ownerGone, PROCESS_OWNER } from './processes.ts';
import type { LiveRound, Store } from './store.ts';
import { roundRecord, type RoundHead } from './roundRecord.ts';

function isRoundHead(value: unknown): value is RoundHead {
  const h = value as Partial<RoundHead> | null;
  return typeof h === 'object' && h !== null && typeof h.kind === 'string' && typeof h.roundNumber === 'number' && typeof h.settings === 'object' && typeof h.names === 'object';
}

/** Stores one orphaned round as `interrupted`; a round whose head cannot be read is dropped (and logged). */
export function interruptRound(store: Store, live: LiveRound, finishedAt: number, log: Logger): boolean {
  if (!isRoundHead(live.head)) {
    log.error({ roundId: live.roundId }, 'an interrupted round has an unreadable head; dropped');
    store.dropLiveRound(live.roundId);
    return false;
  }
  const round = replayRound(live.head.settings, store.liveRoundLog(live.roundId) as RoundEvent[]);
  if (round === null) {
    log.error({ roundId: live.roundId }, 'an interrupted round cannot be replayed; dropped');
    store.dropLiveRound(live.roundId);
    return false;
  }
  const record = roundRecord(round, {
    ...live.head,
    roundId: live.roundId,
    startedAt: live.startedAt,
    finishedAt,
    // A round that had in fact ended (its record was not written yet) keeps its own outcome.
    ...(round.finished ? {} : { outcome: 'interrupted' }),
    extras: { interrupted: !round.finished, roomId: live.roomId },
  });
  store.saveRound(record);
  return true;
}

/** Turns every round whose process is gone into a stored `interrupted` round. Returns how many. */
export function recoverInterruptedRounds(store: Store, log: Logger, now: number, self = PROCESS_OWNER): number {
  const processes = store.processes();
  const running = liveness(new Map(processes.map((p) => [p.owner, p.heartbeatAt])), now, self);
  let recovered = 0;
  for (const live of store.liveRounds()) {
    if (!ownerGone(live.owner, running)) continue;
    try {
      if (interruptRound(store, live, now, log)) recovered += 1;
    } catch (error) {
      log.error({ err: error, roundId: live.roundId }, 'could not store an interrupted round');
    }
  }
  const owners = new Set(store.liveRounds().map((r) => r.owner));
  for (const p of processes) if (ownerGone(p.owner, running) && !owners.has(p.owner)) store.forgetProcess(p.owner);
  if (recovered > 0) log.warn({ recovered }, 'rounds interrupted by a server that stopped were stored as "interrupted"');
  return recovered;
}

/**
 * At start: recover what a dead process left, then say every HEARTBEAT_EVERY_MS that this one is
 * alive and look again for rounds other processes left. Returns a stop function.
 */
export function watchForInterruptedRounds(store: Store, log: Logger, now: () => number = Date.now): () => void {
  const tick = (): void => {
    try {
      store.heartbeat(PROCESS_OWNER, now());
      recoverInterruptedRounds(store, log, now());
    } catch (error) {
      log.error({ err: error }, 'interrupted-round check failed');
    }
  };
  tick();
  const timer = setInterval(tick, HEARTBEAT_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    try {
      store.forgetProcess(PROCESS_OWNER);
    } catch {
      // the database may be closed already
    }
  };
}
