/**
 * A listener that was there, then was not. Linux drops a SYN without a word while the listener's
 * accept queue is full (tcp_conn_request; nstat ListenOverflows, ListenDrops), so its sender sends
 * it again on its SYN timer (1 s, 2 s, 4 s apart); once the listening socket is closed (its process
 * exits), the next copy finds nobody listening and is refused with a RST. A closed port answers
 * every SYN that reaches it, at once (RFC 9293 §3.10.7.1): copies left unanswered before a RST that
 * answers a later one did not meet a closed port, unless every one of them was lost on the way.
 * Under Linux's rules the listener explains the silence with no loss at all; under RFC 9293's a
 * listener answers every SYN (§3.10.7.2), so losses are needed either way and the port is taken as
 * closed all along.
 */
import { seqAdd } from '../tcp/seq.ts';
import type { CapturedSegment, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';

/** The copy of the first SYN the server refused (`refused`, an index) and its RST (`rst`). */
export interface ListenerGone {
  refused: number;
  rst: number;
}

const isSyn = (f: CapturedSegment): boolean => f.flags.SYN && !f.flags.ACK && !f.flags.RST;

/**
 * `reply`, the server's first answer to the connection's first SYN, is a closed port's RST
 * (<SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>) that answers a later copy of that SYN: the last one sent
 * before it, sooner than that copy came after the one before (a RST late for an earlier copy
 * would come after that gap, not within it).
 */
export function refusedLater(c: Connection, first: CapturedSegment, reply: CapturedSegment, future: readonly CapturedSegment[]): ListenerGone | null {
  if (c.profile !== 'linux' || !isSyn(first) || !reply.flags.RST || !reply.flags.ACK || reply.ack !== seqAdd(first.seq, 1)) return null;
  const copies: CapturedSegment[] = [];
  for (const f of [first, ...future]) {
    if (f.index >= reply.index) break;
    // A copy captured twice at once (on two interfaces) was sent once.
    if (f.src === first.src && isSyn(f) && f.seq === first.seq && !(copies.length > 0 && Math.abs(f.time - copies[copies.length - 1]!.time) < 1e-6)) copies.push(f);
  }
  const last = copies.at(-1);
  const before = copies.at(-2);
  if (!last || !before || reply.time - last.time >= last.time - before.time) return null;
  return { refused: last.index, rst: reply.index };
}

/** The copy the server refused arrives: its listening socket was closed before (RFC 9293 §3.10.4 CLOSE in LISTEN). */
export function closeListenerBefore(c: Connection, seg: CapturedSegment, notes: NoteItem[]): void {
  const gone = c.listenerGone;
  const server = seg.dst;
  if (!gone || gone.refused !== seg.index || !c.host(server).listener) return;
  const who = c.role(server);
  notes.push({ code: 'listener-gone', who, by: gone.rst });
  // A listener's close has no peer to tell: the engine reports it on the listening socket, not on this connection.
  if (c.run(server, { kind: 'unlisten', at: seg.time * 1000 }, null)) notes.push({ code: 'change', who, from: 'LISTEN', to: 'CLOSED', rule: 'close.listen-close' });
}
