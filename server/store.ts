/**
 * The embedded database (node:sqlite, no native addon, no other service): finished rounds with
 * their full event log, every scored decision, and the per-scenario leaderboards. A game is its log
 * (STYLE.md §5): results and replays are derived from `log_json`; the other tables are indexes over
 * it for the results page, the leaderboard and, later, the classroom reports.
 */
import { DatabaseSync } from 'node:sqlite';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { liveness, otherRunning } from './processes.ts';
import { startWalCheckpointer, type WalCheckpointer } from './walCheckpointer.ts';

/** One scored decision of one player, as the room's judge produced it. */
export interface DecisionRecord {
  /** Position of the decision in the round (0, 1, 2 …). */
  readonly seq: number;
  /** The host the player was playing, e.g. 'client' or 'server'. */
  readonly role: string;
  readonly playerName: string;
  /** Game time of the decision, in milliseconds since the round started. */
  readonly atMs: number;
  readonly correct: boolean;
  readonly points: number;
  /** Ids of the catalogue rules the decision broke (empty when correct). */
  readonly ruleIds: readonly string[];
  /** The judge's full verdict, kept as JSON for the results page. */
  readonly verdict: unknown;
}

export interface RoundPlayerRecord {
  readonly role: string;
  readonly playerName: string;
  readonly score: number;
  /** Who played the host at the end: true when a bot did (from the start, or after a takeover). */
  readonly isBot: boolean;
  /** Game time at which the bot took the host over from `playerName`, who left; absent if nobody left. */
  readonly takenOverAtMs?: number;
}

export interface FinishedRound {
  readonly roundId: string;
  /** 'duel' | 'practice' | 'challenge' | 'class' … */
  readonly mode: string;
  readonly scenarioId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Why the round ended: 'complete', 'time-up', 'resigned', 'stopped', 'ack-loop' (shared/game/ackLoop.ts), 'idle' (nothing more could happen, shared/game/round.ts), 'interrupted' (the server stopped mid-round). */
  readonly outcome: string;
  readonly players: readonly RoundPlayerRecord[];
  readonly decisions: readonly DecisionRecord[];
  /** The round's result (scores, summary) as the room computed it. */
  readonly result: unknown;
  /** The append-only event log from which the round replays exactly. */
  readonly log: readonly unknown[];
}

export interface LeaderboardEntry {
  readonly scenarioId: string;
  readonly playerName: string;
  readonly score: number;
  readonly timeMs: number;
  readonly roundId: string | null;
  readonly achievedAt: number;
}

export interface RankedEntry extends LeaderboardEntry {
  readonly rank: number;
}

/**
 * A round being played, as the database holds it while it goes on (issue 15.7): its head when it
 * starts, then its log, event by event. A server that dies mid-round leaves it here; the next
 * start turns it into an `interrupted` round (server/recovery.ts).
 */
export interface LiveRoundHead {
  readonly roundId: string;
  readonly mode: string;
  readonly scenarioId: string;
  readonly roomId: string;
  readonly startedAt: number;
  /** Everything else needed to rebuild the round and its record (settings, names, round number). */
  readonly head: unknown;
}

export interface LiveRound extends LiveRoundHead {
  /** The process that plays it (server/recovery.ts, PROCESS_OWNER). */
  readonly owner: string;
}

export interface ServerProcess {
  readonly owner: string;
  readonly heartbeatAt: number;
}

export interface Store {
  /** Writes the round, its players and decisions in one transaction; a live round of that id is finished with it. */
  saveRound(round: FinishedRound): void;
  /**
   * The same, written in its own commit once the group commit holding the live events queued
   * before it (the round's last ones among them) is done, and after what waited for that commit
   * (the players' replies): see RECORD_SLICE_MS. `failed` hears if it could not be written,
   * `written` once it is. This process reads it back at once (getRound writes what is queued
   * first). Until then a crash leaves the round's live log, which the next start stores with the
   * outcome it reached (server/recovery.ts).
   */
  queueRound(round: FinishedRound, failed: (error: unknown) => void, written?: () => void): void;
  /**
   * A round starts: its head goes in with the next group commit, before the events queued after
   * it, and its log as it grows. `failed` hears if it could not be written.
   */
  queueLiveRound(owner: string, round: LiveRoundHead, failed: (error: unknown) => void): void;
  /** The round's log from position `fromSeq` on (the log is append-only). */
  appendLiveEvents(roundId: string, fromSeq: number, events: readonly unknown[]): void;
  /**
   * The same, written with every other round's events queued in the next GROUP_COMMIT_MS in one
   * transaction (a commit costs ~35-70 µs here, checkpoints being another thread's job; an event
   * in it ~4 µs). `failed` hears if they could not be written. Nothing is told about them before
   * they are: see `whenWritten`.
   */
  queueLiveEvents(roundId: string, fromSeq: number, events: readonly unknown[], failed: (error: unknown) => void): void;
  /** Runs `then` once the queued events are committed (at once when none wait). */
  whenWritten(then: () => void): void;
  /** Commits the queued events now, then runs what waited for them, then writes the queued rounds. */
  flushLiveEvents(): void;
  /** Are events waiting for the group commit? */
  hasQueued(): boolean;
  /** Rounds still being played, by any process (without their logs). */
  liveRounds(): LiveRound[];
  /** A live round's log so far. */
  liveRoundLog(roundId: string): unknown[];
  /** Forget a live round without a record (its room never got to play it). */
  dropLiveRound(roundId: string): void;
  /** A process says it is alive (and since when it last said so). */
  heartbeat(owner: string, at: number): void;
  processes(): ServerProcess[];
  forgetProcess(owner: string): void;
  getRound(roundId: string): FinishedRound | undefined;
  addLeaderboardEntry(entry: LeaderboardEntry): void;
  /** Best first: higher score, then shorter time, then whoever got there first. */
  leaderboard(scenarioId: string, limit?: number): RankedEntry[];
  /** The place a (score, time) would take on the scenario's board, 1 = top. */
  rankOf(scenarioId: string, score: number, timeMs: number): number;
  /** A cheap query that proves the database answers. */
  ping(): boolean;
  /** The same connection, for feature stores with their own tables (server/classroom/classStore.ts). */
  database(): DatabaseSync;
  close(): void;
}

const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rounds (
  round_id     TEXT PRIMARY KEY,
  mode         TEXT NOT NULL,
  scenario_id  TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER NOT NULL,
  outcome      TEXT NOT NULL,
  result_json  TEXT NOT NULL,
  log_json     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rounds_by_scenario ON rounds (scenario_id, finished_at);

CREATE TABLE IF NOT EXISTS round_players (
  round_id     TEXT NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
  role         TEXT NOT NULL,
  player_name  TEXT NOT NULL,
  score        INTEGER NOT NULL,
  is_bot       INTEGER NOT NULL,
  taken_over_at INTEGER,
  PRIMARY KEY (round_id, role)
);

CREATE TABLE IF NOT EXISTS decisions (
  round_id     TEXT NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  role         TEXT NOT NULL,
  player_name  TEXT NOT NULL,
  at_ms        INTEGER NOT NULL,
  correct      INTEGER NOT NULL,
  points       INTEGER NOT NULL,
  rule_ids     TEXT NOT NULL,
  verdict_json TEXT NOT NULL,
  PRIMARY KEY (round_id, seq)
);

CREATE TABLE IF NOT EXISTS leaderboard (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario_id  TEXT NOT NULL,
  player_name  TEXT NOT NULL,
  score        INTEGER NOT NULL,
  time_ms      INTEGER NOT NULL,
  round_id     TEXT,
  achieved_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS leaderboard_order ON leaderboard (scenario_id, score DESC, time_ms ASC, achieved_at ASC, id ASC);

CREATE TABLE IF NOT EXISTS live_rounds (
  round_id     TEXT PRIMARY KEY,
  owner        TEXT NOT NULL,
  mode         TEXT NOT NULL,
  scenario_id  TEXT NOT NULL,
  room_id      TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  head_json    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS live_round_events (
  round_id     TEXT NOT NULL REFERENCES live_rounds (round_id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  event_json   TEXT NOT NULL,
  PRIMARY KEY (round_id, seq)
);

CREATE TABLE IF NOT EXISTS server_processes (
  owner        TEXT PRIMARY KEY,
  heartbeat_at INTEGER NOT NULL
);
`;

/**
 * Several server processes may share one database file (README, "Growing beyond one laptop"): a
 * write that finds another process's write in progress waits up to this long for it (SQLite's busy
 * timeout) instead of failing with "database is locked". Writes take milliseconds, so the wait is
 * short; it blocks this process's event loop while it lasts, as every node:sqlite call does.
 */
export const BUSY_TIMEOUT_MS = 5_000;

/** What the write-ahead log's file is cut back to when it starts over (SQLite's journal_size_limit). */
const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

export interface StoreOptions {
  /** A WAL checkpoint that failed (a background thread does them): logged, the server goes on. */
  readonly onCheckpointError?: (error: unknown) => void;
  /** How often the checkpoint thread looks, and past how many frames it empties the log (tests shrink them). */
  readonly checkpoint?: { readonly intervalMs?: number; readonly restartFrames?: number };
  /**
   * The group commit (or the writer of finished rounds) found the write lock taken and will try
   * again GROUP_COMMIT_MS later; `since` is how long its writes have waited for the lock so far (ms).
   */
  readonly onCommitDeferred?: (since: number) => void;
  /** How long one commit of finished rounds may write for (RECORD_SLICE_MS; tests make it 0: one round a commit). */
  readonly recordSliceMs?: number;
}

/**
 * The least time between two group commits: how long a live event waits, at most, for others to
 * share its commit (not at all when the last commit is older than this). One commit per turn of
 * the event loop made ~400-900 commits a second at 1,000 players; the players hear of their moves
 * this much later at most (a patch interval of a bare Colyseus room is 50 ms).
 */
export const GROUP_COMMIT_MS = 4;

/**
 * How long one commit of finished rounds may write for before the event loop takes its next turn.
 * A round's record (its log again, its players, its ~18 judged decisions with ~27 KB of verdicts)
 * costs about 0.3-0.5 ms to write. When many rounds end together (the load test ends a thousand in
 * one second, and they start again at once), writing each with the group commit made every
 * player's reply in that commit wait for all of them; now the records wait for the replies, and
 * are written a few at a time between the turns that read and answer the players' messages.
 */
export const RECORD_SLICE_MS = 2;

/**
 * Creates `dir` and the folders above it that are missing, one at a time: each failure is an error
 * naming that folder. (Node's recursive mkdirSync loops forever where mkdir answers ENOENT for a
 * folder whose parent exists, as under /proc.)
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  for (; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  if (existsSync(d) && !statSync(d).isDirectory()) throw Object.assign(new Error(`${d} is a file, not a folder`), { code: 'ENOTDIR' });
  for (const m of missing) mkdirSync(m);
}

/** Opens (and on first start creates) the database file; its folder is created too. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  if (path !== ':memory:') makeFolder(dirname(path));
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    return createStore(db, path, options);
  } catch (error) {
    if (db.isOpen) db.close();
    throw error;
  }
}

/** A fresh, private database that lives as long as the returned store, for tests. */
export function openMemoryStore(): Store {
  return openStore(':memory:');
}

type Row = Record<string, unknown>;

function str(row: Row, key: string): string {
  return String(row[key]);
}

function num(row: Row, key: string): number {
  return Number(row[key]);
}

function createStore(db: DatabaseSync, path: string, options: StoreOptions): Store {
  db.exec('PRAGMA foreign_keys = ON');
  if (!isMemory(db)) {
    db.exec('PRAGMA journal_mode = WAL');
    // A live round's log is written at every step. With the write-ahead log, NORMAL keeps every
    // commit through a crash of the process (test/server/crash.test.ts) and loses only the last
    // ones to a power cut or a crash of the machine; FULL would wait for the disk at each step,
    // milliseconds in which the whole server stands still (measured: ~4 ms a write, ~60 µs with NORMAL).
    db.exec('PRAGMA synchronous = NORMAL');
    // Checkpoints are a background thread's job (server/walCheckpointer.ts): a commit here only
    // appends to the log. When the log starts over, its file is cut back to this size.
    db.exec('PRAGMA wal_autocheckpoint = 0');
    db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  }
  migrate(db);

  const q = prepareAll(db);
  const checkpointer: WalCheckpointer | undefined = isMemory(db)
    ? undefined
    : startWalCheckpointer(path, {
        ...options.checkpoint,
        busyTimeoutMs: BUSY_TIMEOUT_MS,
        onError: options.onCheckpointError ?? ((error) => console.error('[store]', error)),
      });

  /** Writes waiting for the group commit (live events, finished rounds), and what may be said once they are written. */
  let queued: { write: () => void; failed: (error: unknown) => void }[] = [];
  let waiting: (() => void)[] = [];
  /** The group commit's next turn, when one is armed: a timer, or the check phase of this turn (quiet server). */
  let flushArmed: { cancel(): void } | null = null;
  const flushAfter = (ms: number): void => {
    flushArmed = later(flushWhenFree, ms);
  };

  const writeEvents = (roundId: string, fromSeq: number, events: readonly unknown[]): void => {
    events.forEach((event, i) => q.insertLiveEvent.run({ $round_id: roundId, $seq: fromSeq + i, $event_json: JSON.stringify(event) }));
  };

  const writeLiveRound = (owner: string, round: LiveRoundHead): void => {
    q.insertLive.run({
      $round_id: round.roundId,
      $owner: owner,
      $mode: round.mode,
      $scenario_id: round.scenarioId,
      $room_id: round.roomId,
      $started_at: round.startedAt,
      $head_json: JSON.stringify(round.head ?? null),
    });
  };

  /** A finished round, its players and decisions; the live round of that id (and its log) goes. */
  const writeRound = (round: FinishedRound): void => {
    q.deleteLive.run({ $round_id: round.roundId });
    q.insertRound.run({
      $round_id: round.roundId,
      $mode: round.mode,
      $scenario_id: round.scenarioId,
      $started_at: round.startedAt,
      $finished_at: round.finishedAt,
      $outcome: round.outcome,
      $result_json: JSON.stringify(round.result ?? null),
      $log_json: JSON.stringify(round.log),
    });
    for (const p of round.players) {
      q.insertPlayer.run({
        $round_id: round.roundId,
        $role: p.role,
        $player_name: p.playerName,
        $score: p.score,
        $is_bot: p.isBot ? 1 : 0,
        $taken_over_at: p.takenOverAtMs ?? null,
      });
    }
    for (const d of round.decisions) {
      q.insertDecision.run({
        $round_id: round.roundId,
        $seq: d.seq,
        $role: d.role,
        $player_name: d.playerName,
        $at_ms: d.atMs,
        $correct: d.correct ? 1 : 0,
        $points: d.points,
        $rule_ids: JSON.stringify(d.ruleIds),
        $verdict_json: JSON.stringify(d.verdict ?? null),
      });
    }
  };

  /** When the last group commit wrote something (performance.now()). */
  let lastCommitAt = -Infinity;

  /**
   * BEGIN IMMEDIATE without waiting for the write lock: 'busy' if another connection holds it (a
   * checkpoint emptying the log, another process's write), 'failed' on any other error (the
   * blocking path then reports it, write by write, to whoever queued each).
   */
  const tryBegin = (): 'began' | 'busy' | 'failed' => {
    try {
      db.exec('PRAGMA busy_timeout = 0');
      try {
        db.exec('BEGIN IMMEDIATE');
        return 'began';
      } finally {
        db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
    } catch (error) {
      return isBusy(error) ? 'busy' : 'failed';
    }
  };

  /**
   * The first write queued waits for the others until GROUP_COMMIT_MS have passed since the last
   * commit: a busy server commits at most every GROUP_COMMIT_MS, every room's events together, and
   * a quiet one (no commit that recent) commits once this turn's I/O is handled (setImmediate:
   * every message this turn read is in), so a player's verdict does not wait for others that are
   * not coming, nor for a timer of its own (a timer of 0 ms fires after 1 ms, in another turn).
   */
  const armFlush = (): void => {
    if (flushArmed !== null) return;
    flushAfter(GROUP_COMMIT_MS - (performance.now() - lastCommitAt));
  };

  /** When the group commit first found the write lock taken (null: it has not, since its last commit). */
  let lockedSince: number | null = null;

  /**
   * The group commit's own turn. It never waits for the write lock on the event loop: a checkpoint
   * that empties the log holds it for tens of milliseconds (copying what is left, syncing the
   * database file), another process's write for as long as that takes, and every room would stand
   * still meanwhile. Its events wait in the queue instead, and so does everything told of them
   * (whenWritten); it tries again GROUP_COMMIT_MS later. Only after BUSY_TIMEOUT_MS of that does it
   * wait for the lock as every other write does (and fail as they do).
   */
  const flushWhenFree = (): void => {
    flushArmed = null;
    if (!db.isOpen) return;
    if (queued.length === 0) {
      flush();
      return;
    }
    const now = performance.now();
    if (lockedSince !== null && now - lockedSince >= BUSY_TIMEOUT_MS) {
      flush();
      return;
    }
    const begun = tryBegin();
    if (begun !== 'busy') {
      flush(begun === 'began');
      return;
    }
    lockedSince ??= now;
    options.onCommitDeferred?.(now - lockedSince);
    flushAfter(GROUP_COMMIT_MS);
  };

  /** Commit what is queued (`begun`: in the transaction the caller began), then run what waited for it. */
  const flush = (begun = false): void => {
    flushArmed?.cancel();
    flushArmed = null;
    lockedSince = null;
    const batch = queued;
    const then = waiting;
    queued = [];
    waiting = [];
    if (batch.length > 0) {
      lastCommitAt = performance.now();
      try {
        const work = (): void => batch.forEach((b) => b.write());
        if (begun) inBegunTransaction(work);
        else inTransaction(work);
      } catch {
        // One write cannot be done (a round's live log is gone, the disk is full): the others
        // still are, each on its own, and whoever queued the one that failed hears of it.
        for (const b of batch) {
          try {
            inTransaction(b.write);
          } catch (error) {
            b.failed(error);
          }
        }
      }
    }
    for (let i = 0; i < then.length; i++) {
      const fn = then[i]!;
      fn();
    }
  };

  const inTransaction = (work: () => void): void => {
    db.exec('BEGIN IMMEDIATE');
    inBegunTransaction(work);
  };

  const inBegunTransaction = (work: () => void): void => {
    try {
      work();
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };

  /** Finished rounds whose last events are committed, waiting for their own commit (queueRound). */
  let records: QueuedRecord[] = [];
  let recordsArmed: { cancel(): void } | null = null;
  /** When the record writer first found the write lock taken (null: it has not, since it last wrote). */
  let recordsLockedSince: number | null = null;

  /** The record writer's next turn: the check phase of this turn (after its I/O), or a timer. */
  const armRecords = (ms = 0): void => {
    recordsArmed ??= later(writeRecordsWhenFree, ms);
  };

  /** A turn of the record writer: as the group commit, it never waits for the write lock on the event loop. */
  const writeRecordsWhenFree = (): void => {
    recordsArmed = null;
    if (!db.isOpen || records.length === 0) return;
    const now = performance.now();
    if (recordsLockedSince !== null && now - recordsLockedSince >= BUSY_TIMEOUT_MS) {
      writeRecords(true);
      return;
    }
    const begun = tryBegin();
    if (begun === 'busy') {
      recordsLockedSince ??= now;
      options.onCommitDeferred?.(now - recordsLockedSince);
      armRecords(GROUP_COMMIT_MS);
      return;
    }
    writeRecords(true, begun === 'began');
  };

  /**
   * Writes queued records in one commit: as many as RECORD_SLICE_MS allows (`slice`, at least one;
   * the rest in the next turn) or all of them. `begun`: in the transaction the caller began.
   */
  const writeRecords = (slice: boolean, begun = false): void => {
    recordsArmed?.cancel();
    recordsArmed = null;
    recordsLockedSince = null;
    const until = performance.now() + (options.recordSliceMs ?? RECORD_SLICE_MS);
    let n = 0;
    const work = (): void => {
      do {
        writeRound(records[n]!.round);
        n++;
      } while (n < records.length && (!slice || performance.now() < until));
    };
    let done: QueuedRecord[];
    try {
      if (begun) inBegunTransaction(work);
      else inTransaction(work);
      done = records.splice(0, n);
    } catch {
      // One record cannot be written (the disk is full, …): the others still are, each on its own,
      // and whoever queued the one that failed hears of it.
      done = [];
      for (const r of records.splice(0, n + 1)) {
        try {
          inTransaction(() => writeRound(r.round));
          done.push(r);
        } catch (error) {
          r.failed(error);
        }
      }
    }
    if (records.length > 0) armRecords();
    for (let i = 0; i < done.length; i++) done[i]!.written?.();
  };

  /** Everything queued on disk now: the group commit, what waited for it, then every queued record. */
  const flushAll = (): void => {
    flush();
    if (records.length > 0) writeRecords(false);
  };

  return {
    saveRound(round) {
      flushAll();
      inTransaction(() => writeRound(round));
    },

    queueRound(round, failed, written) {
      const record: QueuedRecord = { round, failed, ...(written === undefined ? {} : { written }) };
      // Its write deletes the live round: it follows the commit that holds the round's last
      // events, and the replies that waited for that commit.
      const enqueue = (): void => {
        records.push(record);
        armRecords();
      };
      if (queued.length === 0) enqueue();
      else waiting.push(enqueue);
    },

    getRound(roundId) {
      flushAll();
      const row = q.selectRound.get({ $round_id: roundId }) as Row | undefined;
      if (row === undefined) return undefined;
      const players = (q.selectPlayers.all({ $round_id: roundId }) as Row[]).map((p) => ({
        role: str(p, 'role'),
        playerName: str(p, 'player_name'),
        score: num(p, 'score'),
        isBot: num(p, 'is_bot') === 1,
        ...(p['taken_over_at'] === null || p['taken_over_at'] === undefined ? {} : { takenOverAtMs: num(p, 'taken_over_at') }),
      }));
      const decisions = (q.selectDecisions.all({ $round_id: roundId }) as Row[]).map((d) => ({
        seq: num(d, 'seq'),
        role: str(d, 'role'),
        playerName: str(d, 'player_name'),
        atMs: num(d, 'at_ms'),
        correct: num(d, 'correct') === 1,
        points: num(d, 'points'),
        ruleIds: JSON.parse(str(d, 'rule_ids')) as string[],
        verdict: JSON.parse(str(d, 'verdict_json')) as unknown,
      }));
      return {
        roundId: str(row, 'round_id'),
        mode: str(row, 'mode'),
        scenarioId: str(row, 'scenario_id'),
        startedAt: num(row, 'started_at'),
        finishedAt: num(row, 'finished_at'),
        outcome: str(row, 'outcome'),
        players,
        decisions,
        result: JSON.parse(str(row, 'result_json')) as unknown,
        log: JSON.parse(str(row, 'log_json')) as unknown[],
      };
    },

    queueLiveRound(owner, round, failed) {
      queued.push({ write: () => writeLiveRound(owner, round), failed });
      armFlush();
    },

    appendLiveEvents(roundId, fromSeq, events) {
      flushAll();
      if (events.length === 0) return;
      const write = (): void => writeEvents(roundId, fromSeq, events);
      if (events.length === 1) write();
      else inTransaction(write);
    },

    queueLiveEvents(roundId, fromSeq, events, failed) {
      if (events.length === 0) return;
      queued.push({ write: () => writeEvents(roundId, fromSeq, events), failed });
      // The first event waits GROUP_COMMIT_MS for the others (every room's, every message's in that
      // time), and they are written in one commit: a commit costs the same for one event as for
      // twenty, and what a player hears waits no longer than that for it.
      armFlush();
    },

    whenWritten(then) {
      if (queued.length === 0) then();
      else waiting.push(then);
    },

    flushLiveEvents() {
      if (queued.length > 0 || waiting.length > 0) flush();
      if (records.length > 0) writeRecords(false);
    },

    hasQueued() {
      return queued.length > 0;
    },

    liveRounds() {
      flushAll();
      return (q.selectLive.all() as Row[]).map((r) => ({
        roundId: str(r, 'round_id'),
        owner: str(r, 'owner'),
        mode: str(r, 'mode'),
        scenarioId: str(r, 'scenario_id'),
        roomId: str(r, 'room_id'),
        startedAt: num(r, 'started_at'),
        head: JSON.parse(str(r, 'head_json')) as unknown,
      }));
    },

    liveRoundLog(roundId) {
      flushAll();
      return (q.selectLiveEvents.all({ $round_id: roundId }) as Row[]).map((e) => JSON.parse(str(e, 'event_json')) as unknown);
    },

    dropLiveRound(roundId) {
      flushAll();
      q.deleteLive.run({ $round_id: roundId });
    },

    heartbeat(owner, at) {
      q.upsertProcess.run({ $owner: owner, $heartbeat_at: at });
    },

    processes() {
      return (q.selectProcesses.all() as Row[]).map((r) => ({ owner: str(r, 'owner'), heartbeatAt: num(r, 'heartbeat_at') }));
    },

    forgetProcess(owner) {
      q.deleteProcess.run({ $owner: owner });
    },

    addLeaderboardEntry(entry) {
      q.insertLeaderboard.run({
        $scenario_id: entry.scenarioId,
        $player_name: entry.playerName,
        $score: entry.score,
        $time_ms: entry.timeMs,
        $round_id: entry.roundId,
        $achieved_at: entry.achievedAt,
      });
    },

    leaderboard(scenarioId, limit = 20) {
      const rows = q.selectLeaderboard.all({ $scenario_id: scenarioId, $limit: Math.max(1, Math.min(limit, 100)) }) as Row[];
      return rows.map((r, i) => ({
        rank: i + 1,
        scenarioId: str(r, 'scenario_id'),
        playerName: str(r, 'player_name'),
        score: num(r, 'score'),
        timeMs: num(r, 'time_ms'),
        roundId: r['round_id'] === null ? null : str(r, 'round_id'),
        achievedAt: num(r, 'achieved_at'),
      }));
    },

    rankOf(scenarioId, score, timeMs) {
      const row = q.countBetter.get({ $scenario_id: scenarioId, $score: score, $time_ms: timeMs }) as Row;
      return num(row, 'better') + 1;
    },

    ping() {
      const row = q.ping.get() as Row | undefined;
      return row !== undefined && num(row, 'ok') === 1;
    },

    database() {
      return db;
    },

    close() {
      if (db.isOpen) {
        flushAll();
        // Its connection closes first, so this one is the last: it folds the log in and removes it.
        checkpointer?.stop();
        db.close();
      }
    },
  };
}

/** Runs `run` after `ms` (a timer), or in this turn's check phase, once its I/O is handled (0 or less). */
function later(run: () => void, ms: number): { cancel(): void } {
  if (ms > 0) {
    const timer = setTimeout(run, ms);
    return { cancel: () => clearTimeout(timer) };
  }
  const immediate = setImmediate(run);
  return { cancel: () => clearImmediate(immediate) };
}

/** A finished round waiting for the record writer (queueRound). */
interface QueuedRecord {
  readonly round: FinishedRound;
  readonly failed: (error: unknown) => void;
  readonly written?: () => void;
}

/** SQLite's "database is locked" (SQLITE_BUSY): another connection holds the lock asked for. */
function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errcode?: unknown }).errcode === 5;
}

function isMemory(db: DatabaseSync): boolean {
  const row = db.prepare('PRAGMA database_list').get() as Row | undefined;
  return row === undefined || row['file'] === '' || row['file'] === null;
}

/** An older server still running on the database this one would upgrade (store.ts migrate). */
export class OlderServerRunning extends Error {
  readonly code = 'TCP_DOJO_OLDER_SERVER';
  readonly servers: readonly { owner: string; heardMsAgo: number }[];
  readonly version: number;
  constructor(servers: readonly { owner: string; heardMsAgo: number }[], version: number) {
    super(`an older server (database schema version ${version}) still uses this database: ${servers.map((s) => s.owner).join(', ')}`);
    this.servers = servers;
    this.version = version;
  }
}

/**
 * An upgrade rewrites what servers of the old version stored (version 3 marks their rounds'
 * settings), and a server of the old version still running would go on storing rounds the old
 * way, which the new one would then read the new way. So the upgrade waits until they are all
 * stopped (their heartbeats, server/processes.ts; a crashed one no longer counts once its
 * heartbeat is stale or, on this machine, its pid no longer runs).
 */
function refuseWhileOlderServersRun(db: DatabaseSync, version: number): void {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'server_processes'").get();
  if (table === undefined) return;
  const rows = (db.prepare('SELECT owner, heartbeat_at FROM server_processes').all() as Row[]).map((r) => ({ owner: str(r, 'owner'), heartbeatAt: num(r, 'heartbeat_at') }));
  const now = Date.now();
  const live = liveness(new Map(rows.map((r) => [r.owner, r.heartbeatAt])), now);
  const running = rows.filter((r) => otherRunning(r.owner, live));
  if (running.length > 0) throw new OlderServerRunning(running.map((r) => ({ owner: r.owner, heardMsAgo: Math.max(0, now - r.heartbeatAt) })), version);
}

/** One transaction, so two processes starting on one file migrate it one after the other. */
function migrate(db: DatabaseSync): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const row = db.prepare('PRAGMA user_version').get() as Row;
    const version = num(row, 'user_version');
    if (version > SCHEMA_VERSION) {
      throw new Error(`database schema version ${version} is newer than this server understands (${SCHEMA_VERSION})`);
    }
    if (version > 0 && version < SCHEMA_VERSION) refuseWhileOlderServersRun(db, version);
    db.exec(SCHEMA);
    // Version 2: who played each side at the end (a bot may take a host over from a player who left).
    const columns = (db.prepare('PRAGMA table_info(round_players)').all() as Row[]).map((c) => str(c, 'name'));
    if (!columns.includes('taken_over_at')) db.exec('ALTER TABLE round_players ADD COLUMN taken_over_at INTEGER');
    // An index by rule nothing reads: every saved decision paid to keep it (about 8% of a save).
    db.exec('DROP INDEX IF EXISTS decisions_by_rule');
    // Version 3: an application's pause (a scenario step's afterMs) counts from the moment the
    // step's condition was met. Rounds stored before were played counting it from the previous
    // call: their settings say so (RoundSettings.afterMsFrom), so that replaying their logs (a
    // finished round's view, a round a crash interrupted) reproduces them, scores and all.
    if (version < 3) {
      db.exec(`UPDATE rounds SET result_json = json_set(result_json, '$.settings.afterMsFrom', 'previous-call') WHERE json_type(result_json, '$.settings') = 'object'`);
      db.exec(`UPDATE live_rounds SET head_json = json_set(head_json, '$.settings.afterMsFrom', 'previous-call') WHERE json_type(head_json, '$.settings') = 'object'`);
    }
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function prepareAll(db: DatabaseSync) {
  return {
    insertRound: db.prepare(
      `INSERT INTO rounds (round_id, mode, scenario_id, started_at, finished_at, outcome, result_json, log_json)
       VALUES ($round_id, $mode, $scenario_id, $started_at, $finished_at, $outcome, $result_json, $log_json)`,
    ),
    insertPlayer: db.prepare(
      `INSERT INTO round_players (round_id, role, player_name, score, is_bot, taken_over_at)
       VALUES ($round_id, $role, $player_name, $score, $is_bot, $taken_over_at)`,
    ),
    insertLive: db.prepare(
      `INSERT INTO live_rounds (round_id, owner, mode, scenario_id, room_id, started_at, head_json)
       VALUES ($round_id, $owner, $mode, $scenario_id, $room_id, $started_at, $head_json)`,
    ),
    insertLiveEvent: db.prepare('INSERT OR REPLACE INTO live_round_events (round_id, seq, event_json) VALUES ($round_id, $seq, $event_json)'),
    selectLive: db.prepare('SELECT * FROM live_rounds ORDER BY started_at, round_id'),
    selectLiveEvents: db.prepare('SELECT event_json FROM live_round_events WHERE round_id = $round_id ORDER BY seq'),
    deleteLive: db.prepare('DELETE FROM live_rounds WHERE round_id = $round_id'),
    upsertProcess: db.prepare(
      'INSERT INTO server_processes (owner, heartbeat_at) VALUES ($owner, $heartbeat_at) ON CONFLICT (owner) DO UPDATE SET heartbeat_at = excluded.heartbeat_at',
    ),
    selectProcesses: db.prepare('SELECT * FROM server_processes'),
    deleteProcess: db.prepare('DELETE FROM server_processes WHERE owner = $owner'),
    insertDecision: db.prepare(
      `INSERT INTO decisions (round_id, seq, role, player_name, at_ms, correct, points, rule_ids, verdict_json)
       VALUES ($round_id, $seq, $role, $player_name, $at_ms, $correct, $points, $rule_ids, $verdict_json)`,
    ),
    selectRound: db.prepare('SELECT * FROM rounds WHERE round_id = $round_id'),
    selectPlayers: db.prepare('SELECT * FROM round_players WHERE round_id = $round_id ORDER BY role'),
    selectDecisions: db.prepare('SELECT * FROM decisions WHERE round_id = $round_id ORDER BY seq'),
    insertLeaderboard: db.prepare(
      `INSERT INTO leaderboard (scenario_id, player_name, score, time_ms, round_id, achieved_at)
       VALUES ($scenario_id, $player_name, $score, $time_ms, $round_id, $achieved_at)`,
    ),
    selectLeaderboard: db.prepare(
      `SELECT * FROM leaderboard WHERE scenario_id = $scenario_id
       ORDER BY score DESC, time_ms ASC, achieved_at ASC, id ASC LIMIT $limit`,
    ),
    countBetter: db.prepare(
      `SELECT COUNT(*) AS better FROM leaderboard WHERE scenario_id = $scenario_id
       AND (score > $score OR (score = $score AND time_ms < $time_ms))`,
    ),
    ping: db.prepare('SELECT 1 AS ok'),
  };
}
