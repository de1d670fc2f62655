/**
 * WAL checkpoints happen on a thread of their own (server/walCheckpointer.ts), not in the server's
 * commits: the log is still folded back into the database and emptied, under steady writes too, so
 * it does not grow without bound; closing the store ends the thread and leaves no log behind; and a
 * thread that cannot checkpoint says so and harms nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store.ts';
import { startWalCheckpointer } from '../../server/walCheckpointer.ts';
import { until } from './harness.ts';

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-wal-'));
  path = join(dir, 'dojo.sqlite');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function walBytes(): number {
  return existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const EVENT = { kind: 'advance', note: 'x'.repeat(400) };

describe('WAL checkpoints on their own thread', () => {
  it('empty the log while writes go on, once it passes its size, and every event stays readable', async () => {
    const restartFrames = 100;
    const store = openStore(path, { checkpoint: { intervalMs: 5, restartFrames } });
    try {
      store.queueLiveRound('me', { roundId: 'r1', mode: 'practice', scenarioId: 'handshake', roomId: 'r1', startedAt: 0, head: null }, (e) => { throw e; });
      store.flushLiveEvents();
      const pageBytes = Number((store.database().prepare('PRAGMA page_size').get() as { page_size: number }).page_size);
      let written = 0;
      let largest = 0;
      let emptiedWhileWriting = false;
      // One commit a turn of the event loop, as the group commit does, until the log has been
      // emptied under way at least once after it grew past its size.
      for (let turn = 0; !emptiedWhileWriting; turn++) {
        if (turn > 200_000) throw new Error('the log was never emptied while writes went on');
        store.appendLiveEvents('r1', written, [EVENT]);
        written += 1;
        const bytes = walBytes();
        if (largest > restartFrames * pageBytes && bytes < largest / 2) emptiedWhileWriting = true;
        largest = Math.max(largest, bytes);
        await nextTurn();
      }
      expect(store.liveRoundLog('r1')).toHaveLength(written);
    } finally {
      store.close();
    }
  });

  it('empty the log once writes stop', async () => {
    const store = openStore(path, { checkpoint: { intervalMs: 5 } });
    try {
      store.queueLiveRound('me', { roundId: 'r1', mode: 'practice', scenarioId: 'handshake', roomId: 'r1', startedAt: 0, head: null }, (e) => { throw e; });
      store.flushLiveEvents();
      store.appendLiveEvents('r1', 0, [EVENT, EVENT, EVENT]);
      expect(walBytes()).toBeGreaterThan(0);
      await until(() => walBytes() === 0, 'the idle log emptied');
      // The events are in the database file itself now, as a fresh reader sees.
      const reader = new DatabaseSync(path, { readOnly: true });
      try {
        expect(reader.prepare("SELECT COUNT(*) AS n FROM live_round_events WHERE round_id = 'r1'").get()).toEqual({ n: 3 });
      } finally {
        reader.close();
      }
    } finally {
      store.close();
    }
  });

  it('leave no log and no reader behind when the store closes', async () => {
    const store = openStore(path, { checkpoint: { intervalMs: 5 } });
    store.queueLiveRound('me', { roundId: 'r1', mode: 'practice', scenarioId: 'handshake', roomId: 'r1', startedAt: 0, head: null }, (e) => { throw e; });
    store.flushLiveEvents();
    store.appendLiveEvents('r1', 0, [EVENT]);
    // The thread is running: it empties the idle log.
    await until(() => walBytes() === 0, 'the checkpoint thread at work');
    store.appendLiveEvents('r1', 1, [EVENT]);
    store.close();
    // The server's connection closed last: SQLite folded the log in and removed it.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = openStore(path);
    try {
      expect(reopened.liveRoundLog('r1')).toHaveLength(2);
    } finally {
      reopened.close();
    }
  });

  it('end the thread when stopped, whether or not it had opened the database', async () => {
    new DatabaseSync(path).close();
    const errors: unknown[] = [];
    const early = startWalCheckpointer(path, { intervalMs: 5, onError: (e) => errors.push(e) });
    early.stop();
    await early.exited;

    const writer = new DatabaseSync(path);
    writer.exec('PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x TEXT)');
    const running = startWalCheckpointer(path, { intervalMs: 5, onError: (e) => errors.push(e) });
    writer.prepare('INSERT INTO t VALUES (?)').run('a');
    await until(() => walBytes() === 0, 'the checkpoint thread at work');
    running.stop();
    await running.exited;
    writer.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('lose no acknowledged event when the process is killed while checkpoints run', async () => {
    // A writer process: one commit a turn, saying after each that it is written (what a player
    // would then hear); its checkpoint thread empties the log every 50 frames.
    const storeUrl = new URL('../../server/store.ts', import.meta.url).href;
    const script = `
      import { openStore } from ${JSON.stringify(storeUrl)};
      const store = openStore(process.argv[2], { checkpoint: { intervalMs: 2, restartFrames: 50 } });
      store.queueLiveRound('me', { roundId: 'r1', mode: 'practice', scenarioId: 'handshake', roomId: 'r1', startedAt: 0, head: null }, (e) => { throw e; });
      store.flushLiveEvents();
      let seq = 0;
      const step = () => {
        store.queueLiveEvents('r1', seq, [{ kind: 'advance', at: seq }], (e) => { throw e; });
        store.whenWritten(() => { process.stdout.write('written ' + (seq += 1) + '\\n'); setImmediate(step); });
      };
      step();`;
    const scriptPath = join(dir, 'writer.mjs');
    writeFileSync(scriptPath, script);
    const child = spawn(process.execPath, [scriptPath, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let complaints = '';
    child.stderr.on('data', (d: Buffer) => (complaints += d.toString()));
    let acknowledged = 0;
    child.stdout.on('data', (d: Buffer) => {
      const last = /written (\d+)\n(?!.*written)/s.exec(d.toString());
      if (last) acknowledged = Math.max(acknowledged, Number(last[1]));
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      // Killed at a moment the log is in use, after the checkpoint thread emptied it under way.
      let largest = 0;
      let emptied = false;
      await until(
        () => {
          const bytes = walBytes();
          if (largest > 0 && bytes < largest / 2) emptied = true;
          largest = Math.max(largest, bytes);
          return emptied && acknowledged >= 1_000 && bytes > 0;
        },
        'the writer well past an emptied log',
        60_000,
      );
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(complaints).toBe('');
    const store = openStore(path);
    try {
      const log = store.liveRoundLog('r1');
      expect(log.length).toBeGreaterThanOrEqual(acknowledged);
      expect(log).toEqual(log.map((_, at) => ({ kind: 'advance', at })));
    } finally {
      store.close();
    }
  });

  it('report a checkpoint that fails, and go on', async () => {
    writeFileSync(path, 'this is not a database, but a file of text long enough to have a header of one'.repeat(20));
    const errors: unknown[] = [];
    const checkpointer = startWalCheckpointer(path, { intervalMs: 5, onError: (e) => errors.push(e) });
    await until(() => errors.length >= 2, 'two failed checkpoints reported');
    checkpointer.stop();
    await checkpointer.exited;
    expect(String(errors[0])).toMatch(/WAL checkpoint: .*not a database/);
  });
});
