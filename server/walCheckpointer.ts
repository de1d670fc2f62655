/**
 * WAL checkpoints off the server's event loop. With SQLite's default, the connection that commits
 * copies the write-ahead log back into the database every 1,000 pages, and syncs the file, in the
 * middle of a commit: measured here, half the cost of a journal commit (~60-70 µs a commit with it,
 * ~35 µs without). The server's connection turns that off (`wal_autocheckpoint = 0`) and this
 * thread, with a connection of its own, does the checkpoints (walCheckpointWorker.ts).
 *
 * Nothing about what is durable changes: a commit is in the log, where a restarted server reads it
 * (SQLite folds the log in on opening), before the commit returns; a checkpoint only moves pages
 * from the log into the database file, and SQLite keeps that safe if the process dies half-way.
 *
 * `stop()` is synchronous so that `Store.close()` stays so: it wakes the thread and waits for it to
 * close its connection (at most one checkpoint, milliseconds), so the server's connection, closed
 * next, is the last and leaves no log behind. A thread that has not opened the database yet is
 * simply told not to.
 */
import { Worker } from 'node:worker_threads';
import { CLOSED, NOT_OPENED, OPEN, STATE, STOPPING, type CheckpointerData } from './walCheckpointShared.ts';

export interface WalCheckpointer {
  /** Ends the thread's connection now; the thread exits right after. */
  stop(): void;
  /** Settles when the thread has exited. */
  readonly exited: Promise<void>;
}

export interface WalCheckpointerOptions {
  /** How often the thread looks at the log. */
  readonly intervalMs?: number;
  /** Past this many frames (pages) in the log, it is emptied even while writes go on. */
  readonly restartFrames?: number;
  readonly busyTimeoutMs?: number;
  /** A checkpoint that failed, or the thread that did: logged, never fatal. */
  readonly onError: (error: unknown) => void;
}

/** How long `stop()` waits for a checkpoint under way before it stops waiting. */
const STOP_WAIT_MS = 5_000;

export function startWalCheckpointer(path: string, options: WalCheckpointerOptions): WalCheckpointer {
  const control = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const state = new Int32Array(control);
  const data: CheckpointerData = {
    path,
    control,
    intervalMs: options.intervalMs ?? 200,
    restartFrames: options.restartFrames ?? 4_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
  };
  const worker = new Worker(new URL('./walCheckpointWorker.ts', import.meta.url), {
    workerData: data,
    // It needs none of the process's flags (and some, like --input-type or --cpu-prof, do not apply to it).
    execArgv: [],
  });
  // A thread that only tidies the log must not keep the process alive.
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error !== undefined) options.onError(new Error(`WAL checkpoint: ${message.error}`));
  });
  worker.on('error', (error) => options.onError(error));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  return {
    stop() {
      if (Atomics.compareExchange(state, STATE, NOT_OPENED, CLOSED) === NOT_OPENED) return;
      if (Atomics.compareExchange(state, STATE, OPEN, STOPPING) !== OPEN) return;
      Atomics.notify(state, STATE);
      if (Atomics.wait(state, STATE, STOPPING, STOP_WAIT_MS) === 'timed-out') {
        options.onError(new Error(`WAL checkpoint thread did not stop within ${STOP_WAIT_MS} ms; terminated`));
        void worker.terminate();
      }
    },
    exited,
  };
}
