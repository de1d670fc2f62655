/**
 * What a room tells one player in one turn of the event loop goes out in one write to its socket:
 * a verdict and the patch that shows the move, a hint and the patch that marks it shown. Without
 * this, each WebSocket frame is a `writev` of its own (ws writes a frame as it is sent), and a
 * move costs the server two system calls where one carries both frames.
 *
 * The player's socket is corked at the room's first send of the turn and uncorked once the turn's
 * synchronous work is done (process.nextTick): the frames keep their order, and none waits longer
 * than the code that is running now. Nothing here outlives the turn, so rooms share no state
 * through it (README, "Growing beyond one laptop").
 */
import type { Client } from '@colyseus/core';

/** The part of a net.Socket used here. */
export interface Corkable {
  cork(): void;
  uncork(): void;
  readonly destroyed: boolean;
}

const corked = new Set<Corkable>();
let uncorkScheduled = false;

function uncorkAll(): void {
  uncorkScheduled = false;
  for (const socket of corked) {
    try {
      socket.uncork();
    } catch {
      // A socket that broke meanwhile: its 'error'/'close' handlers deal with it, not this tick.
    }
  }
  corked.clear();
}

/**
 * The TCP socket under a Colyseus WebSocket client (ws keeps it as `_socket`), or undefined for
 * any other transport, which then sends as it always does.
 */
function socketOf(client: Client): Corkable | undefined {
  const socket = (client as { ref?: { _socket?: Partial<Corkable> } }).ref?._socket;
  return typeof socket?.cork === 'function' && typeof socket.uncork === 'function' ? (socket as Corkable) : undefined;
}

/** Call before a send to `client`: what is sent to it for the rest of this turn goes in one write. */
export function oneWriteThisTurn(client: Client): void {
  oneWriteOn(socketOf(client));
}

/** The same, for a socket (tests). */
export function oneWriteOn(socket: Corkable | undefined): void {
  if (!socket || socket.destroyed || corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  if (!uncorkScheduled) {
    uncorkScheduled = true;
    process.nextTick(uncorkAll);
  }
}
