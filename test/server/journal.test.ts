/**
 * The live round journal's group commit (server/store.ts): the events every room queued in one turn
 * of the event loop are written together, and nothing waiting on them runs before they are on disk
 * where another process (a restarted server) reads them.
 */
import { mkdtempSync, rmSync, stat } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GROUP_COMMIT_MS, openStore, type FinishedRound, type Store } from '../../server/store.ts';
import { silentLogger } from '../../server/log.ts';
import { interruptRound } from '../../server/recovery.ts';
import { roundRecord } from '../../server/roundRecord.ts';
import { allowedFor, createRound, nextEventAt, stepRound } from '../../shared/game/round.ts';
import type { RoundEvent } from '../../shared/game/types.ts';
import { until } from './harness.ts';

let dir: string;
let path: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-journal-'));
  path = join(dir, 'dojo.sqlite');
  store = openStore(path);
  for (const roundId of ['r1', 'r2']) {
    store.queueLiveRound('me', { roundId, mode: 'practice', scenarioId: 'handshake', roomId: roundId, startedAt: 0, head: null }, (e) => {
      throw e;
    });
  }
  store.flushLiveEvents();
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What another connection (another process) reads of a round's log. */
function seenFromOutside(roundId: string): unknown[] {
  const other = new DatabaseSync(path, { readOnly: true });
  try {
    return (other.prepare('SELECT event_json FROM live_round_events WHERE round_id = ? ORDER BY seq').all(roundId) as { event_json: string }[]).map((r) => JSON.parse(r.event_json) as unknown);
  } finally {
    other.close();
  }
}

/** Has another connection (another process) a stored round of that id? */
function storedOutside(roundId: string): boolean {
  const other = new DatabaseSync(path, { readOnly: true });
  try {
    return other.prepare('SELECT 1 FROM rounds WHERE round_id = ?').get(roundId) !== undefined;
  } finally {
    other.close();
  }
}

/**
 * The store opened again, counting the commits it put off, while another connection holds the
 * write lock (another process's write, or a checkpoint emptying the log).
 */
function lockTakenElsewhere(): { deferred: number[]; other: DatabaseSync } {
  store.close();
  const deferred: number[] = [];
  store = openStore(path, { onCommitDeferred: (since) => deferred.push(since) });
  const other = new DatabaseSync(path);
  other.exec('BEGIN IMMEDIATE');
  return { deferred, other };
}

/** A finished round of that id, with that log. */
function finished(roundId: string, log: unknown[]): FinishedRound {
  return {
    roundId, mode: 'practice', scenarioId: 'handshake', startedAt: 1, finishedAt: 2, outcome: 'complete',
    players: [{ role: 'client', playerName: 'Ada', score: 9, isBot: false }],
    decisions: [{ seq: 0, role: 'client', playerName: 'Ada', atMs: 0, correct: true, points: 9, ruleIds: [], verdict: { correct: true } }],
    result: { scores: { client: 9 } },
    log,
  };
}

describe('live round journal: group commit', () => {
  it('writes what several rounds queued, and only then runs what waited on it', async () => {
    const failures: unknown[] = [];
    store.queueLiveEvents('r1', 0, [{ kind: 'advance', at: 0 }], (e) => failures.push(e));
    store.queueLiveEvents('r2', 0, [{ kind: 'advance', at: 0 }, { kind: 'advance', at: 5 }], (e) => failures.push(e));
    store.queueLiveEvents('r1', 1, [{ kind: 'advance', at: 7 }], (e) => failures.push(e));
    // Queued, not yet written: a player told now could outlive what the database knows.
    expect(seenFromOutside('r1')).toEqual([]);
    const heard: unknown[][] = [];
    store.whenWritten(() => heard.push(seenFromOutside('r1'), seenFromOutside('r2')));
    expect(heard).toEqual([]);

    await until(() => heard.length > 0, 'the group commit');
    expect(heard).toEqual([
      [{ kind: 'advance', at: 0 }, { kind: 'advance', at: 7 }],
      [{ kind: 'advance', at: 0 }, { kind: 'advance', at: 5 }],
    ]);
    expect(failures).toEqual([]);
  });

  it('commits at the next turn when the last commit is older than GROUP_COMMIT_MS, and waits out the rest of it when not', () => {
    // The game clock of this test is fake: the store's timers, immediates and performance.now() move only when told.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'] });
    const quiet = openStore(join(dir, 'quiet.sqlite'));
    try {
      const told: string[] = [];
      quiet.queueLiveRound('me', { roundId: 'q', mode: 'practice', scenarioId: 'handshake', roomId: 'q', startedAt: 0, head: null }, (e) => {
        throw e;
      });
      quiet.queueLiveEvents('q', 0, [{ kind: 'advance', at: 0 }], (e) => {
        throw e;
      });
      quiet.whenWritten(() => told.push('first'));
      // Nothing was committed for longer than GROUP_COMMIT_MS: no waiting for others that are not coming.
      vi.advanceTimersByTime(1);
      expect(told).toEqual(['first']);

      quiet.queueLiveEvents('q', 1, [{ kind: 'advance', at: 5 }], (e) => {
        throw e;
      });
      quiet.whenWritten(() => told.push('second'));
      // A commit 1 ms ago: this one shares the next, GROUP_COMMIT_MS after it, with whatever comes meanwhile.
      vi.advanceTimersByTime(GROUP_COMMIT_MS - 2);
      expect(told).toEqual(['first']);
      vi.advanceTimersByTime(1);
      expect(told).toEqual(['first', 'second']);
    } finally {
      quiet.close();
      vi.useRealTimers();
    }
  });

  it('on a quiet server, commits in the turn that queued the event, ahead of a timer set before it', async () => {
    const quiet = openStore(join(dir, 'turn.sqlite'));
    try {
      const order: string[] = [];
      // A player's message arrives in an I/O callback; so does this test's event.
      await new Promise<void>((resolve) =>
        stat(dir, () => {
          setTimeout(() => {
            order.push('a timer of 0 ms');
            resolve();
          }, 0);
          quiet.queueLiveRound('me', { roundId: 'q', mode: 'practice', scenarioId: 'handshake', roomId: 'q', startedAt: 0, head: null }, (e) => {
            throw e;
          });
          quiet.queueLiveEvents('q', 0, [{ kind: 'advance', at: 0 }], (e) => {
            throw e;
          });
          quiet.whenWritten(() => order.push('told'));
        }),
      );
      // A timer fires in the next turn at the earliest (and 0 ms is 1 ms to Node): the verdict does not wait for one.
      expect(order).toEqual(['told', 'a timer of 0 ms']);
    } finally {
      quiet.close();
    }
  });

  it('runs at once what waits when nothing is queued', () => {
    let ran = false;
    store.whenWritten(() => (ran = true));
    expect(ran).toBe(true);
  });

  it('commits before a patch when asked (flushLiveEvents), and before any other write of the round', () => {
    store.queueLiveEvents('r1', 0, [{ kind: 'advance', at: 0 }], () => undefined);
    store.flushLiveEvents();
    expect(seenFromOutside('r1')).toEqual([{ kind: 'advance', at: 0 }]);

    store.queueLiveEvents('r2', 0, [{ kind: 'advance', at: 3 }], () => undefined);
    expect(store.liveRoundLog('r2')).toEqual([{ kind: 'advance', at: 3 }]);
  });

  it('waits for a write lock another connection holds with its events queued, never on the event loop', async () => {
    const { deferred, other } = lockTakenElsewhere();
    try {
      store.queueLiveEvents('r1', 0, [{ kind: 'advance', at: 0 }], () => undefined);
      let told = false;
      store.whenWritten(() => (told = true));
      // The commit found the lock taken twice, and each time the event loop went on (this test runs on it).
      await until(() => deferred.length >= 2, 'two tries at the group commit');
      expect(told).toBe(false);
      expect(store.hasQueued()).toBe(true);
      expect(deferred[1]).toBeGreaterThan(deferred[0]!);
      // The lock is freed: the next try commits, and only then is the player told.
      other.exec('COMMIT');
      await until(() => told, 'the group commit once the lock is free');
      expect(seenFromOutside('r1')).toEqual([{ kind: 'advance', at: 0 }]);
    } finally {
      if (other.isTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });

  it('never throws out of its timer when the write lock cannot be asked for: it commits the blocking way, and tells', async () => {
    // One failure that is not "database is locked" (a disk error), once.
    const db = store.database();
    const exec = db.exec.bind(db);
    let failures = 0;
    db.exec = (sql: string) => {
      if (sql === 'BEGIN IMMEDIATE' && failures === 0) {
        failures += 1;
        throw Object.assign(new Error('disk I/O error'), { errcode: 10 });
      }
      return exec(sql);
    };
    const failed: unknown[] = [];
    store.queueLiveEvents('r1', 0, [{ kind: 'advance', at: 0 }], (e) => failed.push(e));
    let told = false;
    store.whenWritten(() => (told = true));
    await until(() => told, 'the group commit');
    expect(failures).toBe(1);
    expect(failed).toEqual([]);
    expect(seenFromOutside('r1')).toEqual([{ kind: 'advance', at: 0 }]);
  });

  it('writes a finished round after the commit that holds its last events, and after the replies that waited for that commit', async () => {
    const record = finished('r1', [{ kind: 'advance', at: 0 }, { kind: 'advance', at: 7 }]);
    const failures: unknown[] = [];
    store.queueLiveEvents('r1', 0, [{ kind: 'advance', at: 0 }], (e) => failures.push(e));
    store.queueLiveEvents('r1', 1, [{ kind: 'advance', at: 7 }], (e) => failures.push(e));
    let written = false;
    store.queueRound(record, (e) => failures.push(e), () => (written = true));
    // The player's reply to the last move waits for the commit of its events, not for the record.
    let whenTold: { stored: boolean; log: unknown[] } | null = null;
    store.whenWritten(() => (whenTold = { stored: storedOutside('r1'), log: seenFromOutside('r1') }));
    expect(storedOutside('r1')).toBe(false);
    expect(whenTold).toBe(null);

    await until(() => whenTold !== null, 'the group commit');
    expect(whenTold).toEqual({ stored: false, log: [{ kind: 'advance', at: 0 }, { kind: 'advance', at: 7 }] });
    await until(() => written, 'the record written');
    expect(failures).toEqual([]);
    expect(storedOutside('r1')).toBe(true);
    // The live round and its log went with it, in the same commit.
    expect(store.liveRounds().map((r) => r.roundId)).toEqual(['r2']);
    expect(seenFromOutside('r1')).toEqual([]);
    expect(store.getRound('r1')).toEqual(record);
  });

  it('writes finished rounds a few at a time, letting the event loop take its turns between them', async () => {
    store.close();
    // A commit of finished rounds that may write for 0 ms writes one round.
    store = openStore(path, { recordSliceMs: 0 });
    const written: string[] = [];
    for (const roundId of ['a', 'b', 'c']) store.queueRound(finished(roundId, []), (e) => { throw e; }, () => written.push(roundId));
    expect(written).toEqual([]);
    // A turn of the event loop queued after them (a player's message read meanwhile) runs after the first.
    let seenByNextTurn: string[] | null = null;
    setImmediate(() => (seenByNextTurn = [...written]));
    await until(() => seenByNextTurn !== null, 'the next turn');
    expect(seenByNextTurn).toEqual(['a']);
    await until(() => written.length === 3, 'every record written');
    expect(written).toEqual(['a', 'b', 'c']);
    expect(['a', 'b', 'c'].map(storedOutside)).toEqual([true, true, true]);
  });

  it('does not wait for the write lock on the event loop to write finished rounds', async () => {
    const { deferred, other } = lockTakenElsewhere();
    try {
      let written = false;
      store.queueRound(finished('r1', []), (e) => { throw e; }, () => (written = true));
      await until(() => deferred.length >= 2, 'two tries at writing the record');
      expect(written).toBe(false);
      other.exec('COMMIT');
      await until(() => written, 'the record written once the lock is free');
      expect(storedOutside('r1')).toBe(true);
    } finally {
      if (other.isTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });

  it('still writes the other finished rounds when one cannot be written, and tells that one', async () => {
    const failed: string[] = [];
    const written: string[] = [];
    const queue = (record: FinishedRound, name: string): void => store.queueRound(record, () => failed.push(name), () => written.push(name));
    queue(finished('a', []), 'a');
    // The same round id twice: the second cannot be stored.
    queue(finished('a', []), 'a again');
    queue(finished('b', []), 'b');
    await until(() => written.length + failed.length === 3, 'every record written or failed');
    expect(failed).toEqual(['a again']);
    expect(written).toEqual(['a', 'b']);
    expect(['a', 'b'].map(storedOutside)).toEqual([true, true]);
  });

  it('writes the finished rounds still queued when it closes', () => {
    store.queueRound(finished('r1', []), (e) => { throw e; });
    store.close();
    expect(storedOutside('r1')).toBe(true);
    store = openStore(path);
  });

  it("writes a new round's head in the group commit, before its first events", async () => {
    const failures: unknown[] = [];
    store.queueLiveRound('me', { roundId: 'r3', mode: 'practice', scenarioId: 'handshake', roomId: 'r3', startedAt: 5, head: { roundNumber: 2 } }, (e) => failures.push(e));
    store.queueLiveEvents('r3', 0, [{ kind: 'advance', at: 0 }], (e) => failures.push(e));
    let told = false;
    store.whenWritten(() => (told = true));
    expect(told).toBe(false);
    await until(() => told, 'the group commit');
    expect(failures).toEqual([]);
    expect(seenFromOutside('r3')).toEqual([{ kind: 'advance', at: 0 }]);
    expect(store.liveRounds().find((r) => r.roundId === 'r3')).toEqual({ roundId: 'r3', owner: 'me', mode: 'practice', scenarioId: 'handshake', roomId: 'r3', startedAt: 5, head: { roundNumber: 2 } });
  });

  it('reads a queued round back at once in its own process', () => {
    const record: FinishedRound = { roundId: 'r2', mode: 'practice', scenarioId: 'handshake', startedAt: 1, finishedAt: 2, outcome: 'complete', players: [], decisions: [], result: null, log: [] };
    store.queueRound(record, () => undefined);
    expect(store.getRound('r2')).toEqual(record);
  });

  it('still writes the other rounds when one round cannot be written, and tells that one', async () => {
    const failed: string[] = [];
    store.queueLiveEvents('r1', 0, [{ kind: 'advance', at: 0 }], () => failed.push('r1'));
    store.queueLiveEvents('gone', 0, [{ kind: 'advance', at: 0 }], () => failed.push('gone'));
    store.queueLiveEvents('r2', 0, [{ kind: 'advance', at: 1 }], () => failed.push('r2'));
    let written = false;
    store.whenWritten(() => (written = true));
    await until(() => written, 'the group commit');
    expect(failed).toEqual(['gone']);
    expect(seenFromOutside('r1')).toEqual([{ kind: 'advance', at: 0 }]);
    expect(seenFromOutside('r2')).toEqual([{ kind: 'advance', at: 1 }]);
  });
});

describe('opening a database made by an earlier version', () => {
  it('drops the index by rule that nothing reads (every saved decision paid for it), and keeps the rounds', async () => {
    const record: FinishedRound = {
      roundId: 'r1', mode: 'practice', scenarioId: 'handshake', startedAt: 1, finishedAt: 2, outcome: 'complete',
      players: [{ role: 'client', playerName: 'Ada', score: 9, isBot: false }],
      decisions: [{ seq: 0, role: 'client', playerName: 'Ada', atMs: 0, correct: false, points: 0, ruleIds: ['open.syn-sent-ack-of-syn-ack'], verdict: { correct: false } }],
      result: { scores: { client: 0 } },
      log: [{ kind: 'advance', at: 0 }],
    };
    store.saveRound(record);
    store.close();
    const old = new DatabaseSync(path);
    old.exec('CREATE INDEX decisions_by_rule ON decisions (rule_ids)');
    old.close();
    const indexes = (): string[] => {
      const db = new DatabaseSync(path, { readOnly: true });
      try {
        return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'decisions'").all() as { name: string }[]).map((r) => r.name);
      } finally {
        db.close();
      }
    };
    expect(indexes()).toContain('decisions_by_rule');

    store = openStore(path);
    expect(indexes()).not.toContain('decisions_by_rule');
    expect(store.getRound('r1')).toEqual(record);
  });
});

describe('a server that stops after a round ended, before its record is written', () => {
  it("leaves the round's live log, which the next start stores with the outcome the round reached and every judged decision", () => {
    // A practice round played to its end with the engine's answers; its events were committed as it went.
    const created = createRound({ scenarioId: 'handshake', mode: 'coach', seed: 3, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' });
    if (!created.ok) throw new Error(created.rejection.detail);
    let round = created.round;
    while (!round.finished) {
      const d = round.hosts.client.decision;
      const event: RoundEvent = d ? { kind: 'move', at: round.now, side: 'client', decisionId: d.id, move: allowedFor(round, 'client')![0]!.move } : { kind: 'advance', at: nextEventAt(round) ?? round.now };
      const stepped = stepRound(round, event);
      if (!stepped.ok) throw new Error(stepped.rejection.detail);
      round = stepped.round;
    }
    const names = { client: 'Ada', server: 'bot (textbook)' };
    const head = { kind: 'practice', roundNumber: 1, settings: round.settings, names };
    store.queueLiveRound('gone-host|1|dead', { roundId: 'r9', mode: 'practice', scenarioId: 'handshake', roomId: 'room', startedAt: 1, head }, (e) => { throw e; });
    store.appendLiveEvents('r9', 0, round.log);
    // The process dies here: its record was queued behind the replies, never written.
    store.close();

    store = openStore(path);
    const live = store.liveRounds().find((r) => r.roundId === 'r9')!;
    expect(interruptRound(store, live, 9, silentLogger())).toBe(true);
    const stored = store.getRound('r9')!;
    const played = roundRecord(round, { ...head, roundId: 'r9', startedAt: 1, finishedAt: 9 });
    expect(stored.outcome).toBe('complete');
    expect(stored.decisions).toEqual(played.decisions);
    expect(stored.players).toEqual(played.players);
    expect(store.liveRounds().map((r) => r.roundId)).not.toContain('r9');
  });
});
