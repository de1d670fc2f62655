/**
 * Linux's accept queue seen from a capture: a handshake's last ACK that a listener with a full
 * accept queue dropped (tcp_abort_on_overflow = 0), and what the server does after it.
 */
import { seqAdd } from '../tcp/seq.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

/**
 * Linux only (its listener's accept queue, `tcp_abort_on_overflow = 0`): the ACK that would complete
 * a passive open was dropped because the accept queue was full. The capture shows it by what the
 * server does next on this connection: it sends its SYN-ACK again (it is still SYN-RECEIVED), or,
 * once it has been seen doing that, answers a later segment with the reset of a host with no TCB
 * (the embryonic connection died with its listener; an established one would have been reset at
 * once or would have answered). Returns that next segment of the server's.
 */
export function acceptQueueDrop(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], crossing: number): CapturedSegment | null {
  const x = s.src;
  const y = s.dst;
  const tcb = c.tcb(y);
  if (c.profile !== 'linux' || !tcb || !tcb.passive || tcb.state !== 'SYN-RECEIVED') return null;
  if (!s.flags.ACK || s.flags.SYN || s.flags.RST || s.ack !== seqAdd(tcb.iss, 1)) return null;
  const i = future.findIndex((f) => f.src === y);
  const next = future[i];
  if (!next) return null;
  // A SYN-ACK resent before this ACK reached the server crossed it and proves nothing. How long the
  // ACK takes to get there from where the capture was taken is how long the server took to answer
  // the SYN as seen here (0 at the server, one way on the wire, a round trip at the client).
  const reach = c.answerDelay[y];
  const window = reach === undefined ? crossing : 1.25 * reach + 0.002;
  if (next.flags.SYN && next.flags.ACK && !next.flags.RST && next.seq === tcb.iss) {
    if (next.time - s.time <= window) return null;
    c.acceptQueueSeenFull = true;
    return next;
  }
  // A reset alone could be a reboot (half-open discovery): only a server already seen holding this
  // connection back is taken to have lost it with its listener.
  if (!c.acceptQueueSeenFull || !next.flags.RST || next.flags.ACK) return null;
  const answered = future.slice(0, i).filter((f) => f.src === x).at(-1);
  return answered && answered.flags.ACK && answered.ack === next.seq ? next : null;
}
