/**
 * The body of the WAL checkpoint thread (server/walCheckpointer.ts starts it): its own node:sqlite
 * connection to the database file copies what the write-ahead log holds back into the database, so
 * the server's own connection never does (its commits only append to the log).
 *
 * Every `intervalMs` it runs a PASSIVE checkpoint, which takes no lock a writer needs: the server's
 * commits go on while it copies and syncs. SQLite starts the log over from its beginning when a
 * writer finds every frame copied; under steady writes a commit often lands while a checkpoint is
 * still copying, so the log can keep growing. When it holds more than `restartFrames` frames, or
 * when nothing was written since the last look (idle), a TRUNCATE checkpoint empties it: that one
 * waits for the write lock and holds it while it finishes, a few milliseconds a writer may wait, so
 * it runs only then.
 *
 * `control` is shared with the server's thread: a sleep that the server can cut short, and who may
 * have the database open (see walCheckpointer.ts). Errors are posted to the server, which logs them;
 * the thread goes on to its next look.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { CLOSED, NOT_OPENED, OPEN, STATE, type CheckpointerData } from './walCheckpointShared.ts';

const data = workerData as CheckpointerData;
const control = new Int32Array(data.control);

function report(error: unknown): void {
  parentPort?.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}

/** Frames in the log now, and how many of them are in the database file. */
function checkpoint(db: DatabaseSync, mode: 'PASSIVE' | 'TRUNCATE'): { frames: number; copied: number } {
  const row = db.prepare(`PRAGMA wal_checkpoint(${mode})`).get() as { log: number; checkpointed: number } | undefined;
  return { frames: Number(row?.log ?? 0), copied: Number(row?.checkpointed ?? 0) };
}

function run(): void {
  // Closing before this thread got here: it never opens the database.
  if (Atomics.compareExchange(control, STATE, NOT_OPENED, OPEN) !== NOT_OPENED) return;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(data.path, { timeout: data.busyTimeoutMs });
    // This connection never commits; should it ever, it must not checkpoint on its own either.
    db.exec('PRAGMA wal_autocheckpoint = 0');
    let lastFrames = 0;
    while (Atomics.load(control, STATE) === OPEN) {
      Atomics.wait(control, STATE, OPEN, data.intervalMs);
      if (Atomics.load(control, STATE) !== OPEN) break;
      try {
        const { frames, copied } = checkpoint(db, 'PASSIVE');
        const idle = frames === lastFrames && copied === frames;
        lastFrames = frames > data.restartFrames || (idle && frames > 0) ? checkpoint(db, 'TRUNCATE').frames : frames;
      } catch (error) {
        report(error);
      }
    }
  } catch (error) {
    report(error);
  } finally {
    try {
      db?.close();
    } catch (error) {
      report(error);
    }
  }
}

try {
  run();
} finally {
  Atomics.store(control, STATE, CLOSED);
  Atomics.notify(control, STATE);
}
