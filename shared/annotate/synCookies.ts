/**
 * SYN cookies seen from a capture (Linux, RFC 4987 §3.6): a listener whose SYN queue is full
 * answers a SYN with a cookie in its ISN and keeps no state, so its SYN-ACK is never resent.
 */
import { seqAdd } from '../tcp/seq.ts';
import type { CapturedSegment, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';

/**
 * Linux answers a SYN that finds its SYN queue full with a SYN cookie and keeps no state
 * (RFC 4987 §3.6), so it never resends that SYN-ACK. A listener's SYN-ACK that nobody answers,
 * never resent although the capture goes on well past Linux's first SYN-ACK retransmission
 * (1 s), was such a cookie: the listener stayed in LISTEN.
 */
export function synCookie(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], horizon: number): boolean {
  const y = s.dst;
  if (c.profile !== 'linux' || !s.flags.SYN || s.flags.ACK || c.tcb(y) || !c.host(y).listener) return false;
  const at = future.findIndex((f) => f.src === y && f.flags.SYN && f.flags.ACK && f.ack === seqAdd(s.seq, 1));
  const answer = future[at];
  if (!answer) return false;
  const later = future.slice(at + 1);
  if (later.some((f) => f.src === s.src || (f.src === y && f.flags.SYN && f.seq === answer.seq))) return false;
  return horizon - answer.time > 1.5 * (c.host(y).config.initialRtoMs / 1000);
}

/** The SYN reaches a listener that answers it with a cookie: its SYN-ACK goes out, no TCB stays. */
export function deliverToCookie(c: Connection, s: CapturedSegment, notes: NoteItem[]): void {
  const y = s.dst;
  const scratch: NoteItem[] = [];
  c.deliver(s, scratch);
  const tcb = c.tcb(y);
  if (tcb) {
    const host = c.host(y);
    c.hosts[y] = { ...host, connections: host.connections.filter((c) => c !== tcb) };
  }
  c.gone[y] = null;
  c.pending[y] = (c.pending[y] ?? []).map((p) => (p.segment.flags.SYN ? { ...p, rule: 'open.syn-cookie' } : p));
  notes.push(...scratch.filter((n) => !(n.code === 'change' && n.who === c.role(y))));
  notes.push({ code: 'syn-cookie', who: c.role(y) });
}
