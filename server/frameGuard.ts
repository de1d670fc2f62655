/**
 * The first thing a room does with a client's WebSocket frame, before Colyseus decodes it:
 *
 * - A client that sends more than `hardMaxPerSecond` frames in one second is closed at once with
 *   CLOSE_FLOODING and a reason, and loses its seat (`wasEvicted`): no reconnection window for it.
 *   (Colyseus' own `maxMessagesPerSecond` would close it only after `onDrop` returns, that is after
 *   the reconnection window: 30 s of an open, dead socket. Ours fires first; theirs is set out of
 *   reach.)
 * - Nothing thrown while a frame is decoded or handled escapes the room: an uncaught exception
 *   there would reach Colyseus' process handler, which shuts the whole server down. The client
 *   whose frame it was is closed with CLOSE_BAD_FRAME, and the line is a client mistake.
 * - While the frame is handled, clientMistakes.ts knows whose it is, so what Colyseus logs about it
 *   is a throttled warn-level line with the client and the room.
 *
 * Colyseus binds `client.ref.on('message', this._onMessage.bind(this, client))` when a client joins,
 * so replacing the room's `_onMessage` before anyone joins puts this guard in front of every frame.
 * The method is Colyseus-internal (pinned version, see COLYSEUS-0.18-NOTES.md); the tests in
 * test/server/hostile.test.ts fail if it stops being called.
 */
import type { Client, Room } from '@colyseus/core';
import { CLOSE_BAD_FRAME, CLOSE_FLOODING } from '../shared/protocol.ts';
import { withFrameContext, type MistakeLog } from './clientMistakes.ts';

type FrameHandler = (client: Client, buffer: Buffer) => void;

interface FrameCount {
  windowStartedAt: number;
  frames: number;
}

const counts = new WeakMap<Client, FrameCount>();
const evicted = new WeakSet<Client>();

/** Was this client closed for flooding or for a frame that broke the room's handling? */
export function wasEvicted(client: Client): boolean {
  return evicted.has(client);
}

export interface FrameGuardOptions {
  readonly hardMaxPerSecond: number;
  readonly mistakes: MistakeLog | undefined;
  /** Milliseconds, real time. */
  readonly now: () => number;
  /** After each frame the room handled (or refused): a room that patches on change schedules its patch here. */
  readonly afterFrame?: () => void;
}

export function guardFrames(room: Room<any>, options: FrameGuardOptions): void {
  const target = room as unknown as { _onMessage: FrameHandler; maxMessagesPerSecond: number };
  const original = target._onMessage;
  if (typeof original !== 'function') throw new Error('Colyseus Room._onMessage not found: the frame guard cannot be installed');
  // Ours closes a flood first; Colyseus' cap would hold the socket open through the reconnection window.
  target.maxMessagesPerSecond = Number.MAX_SAFE_INTEGER;
  target._onMessage = function guardedFrame(this: Room<any>, client: Client, buffer: Buffer): void {
    if (evicted.has(client)) return;
    const context = { room: room.roomName, roomId: room.roomId, sessionId: client.sessionId };
    if (isFlooding(client, options)) {
      evict(client, CLOSE_FLOODING, `too many messages: more than ${options.hardMaxPerSecond} in one second`);
      options.mistakes?.report('flood', context, `more than ${options.hardMaxPerSecond} frames in one second; connection closed`);
      return;
    }
    try {
      withFrameContext(context, () => original.call(room, client, buffer));
    } catch (error) {
      evict(client, CLOSE_BAD_FRAME, 'a message the server could not read');
      options.mistakes?.report('bad-frame', context, error instanceof Error ? (error.stack ?? error.message) : 'a frame the room could not handle');
    }
    options.afterFrame?.();
  };
}

function isFlooding(client: Client, options: FrameGuardOptions): boolean {
  const now = options.now();
  let count = counts.get(client);
  if (count === undefined || now - count.windowStartedAt >= 1000) {
    count = { windowStartedAt: now, frames: 0 };
    counts.set(client, count);
  }
  count.frames += 1;
  return count.frames > options.hardMaxPerSecond;
}

/** Close now; a client that does not answer the close handshake is cut off a second later. */
function evict(client: Client, code: number, reason: string): void {
  evicted.add(client);
  const ref = (client as unknown as { ref?: { terminate?: () => void } }).ref;
  try {
    client.leave(code, reason);
  } catch {
    // the socket is already gone
  }
  const timer = setTimeout(() => {
    try {
      ref?.terminate?.();
    } catch {
      // already closed
    }
  }, 1000);
  timer.unref();
}
