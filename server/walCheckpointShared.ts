/**
 * What the server's thread and the WAL checkpoint thread share (walCheckpointer.ts,
 * walCheckpointWorker.ts): the thread's settings, and one Int32 slot of shared memory saying who may
 * have the database open, on which the thread sleeps between looks.
 */
export interface CheckpointerData {
  readonly path: string;
  /** A SharedArrayBuffer of one Int32: the state below. */
  readonly control: SharedArrayBuffer;
  readonly intervalMs: number;
  /** Past this many frames in the log, empty it even while writes go on. */
  readonly restartFrames: number;
  readonly busyTimeoutMs: number;
}

export const STATE = 0;
/** The thread has not opened the database; the server may close without waiting for it. */
export const NOT_OPENED = 0;
/** The thread has (or is about to have) the database open. */
export const OPEN = 1;
/** The server asks the thread to close its connection and end. */
export const STOPPING = 2;
/** The thread's connection is closed (or will never open), and the thread ends. */
export const CLOSED = 3;
