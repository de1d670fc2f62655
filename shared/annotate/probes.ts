/**
 * Probes: a segment one below what its sender has sent, which the receiver must answer with an
 * ACK. Against a zero window it is the persist timer's window probe (RFC 9293 §3.8.6.1), against
 * an open window a keep-alive (§3.8.4); a reset one probe interval after the last unanswered
 * keep-alive is the keep-alive timer giving up (RFC 1122 §4.2.3.6).
 */
import type { NoteItem } from './types.ts';
import type { Connection } from './connection.ts';

/**
 * A segment one below what its sender has sent (SEG.SEQ = SND.NXT − 1, an old byte the receiver
 * must answer with an ACK) is a probe. Against a zero window it is the persist timer's window
 * probe (RFC 9293 §3.8.6.1; Linux tcp_xmit_probe_skb sends exactly this, no data); against an
 * open window, with nothing to send, a keep-alive (§3.8.4).
 */
export function probeKind(c: Connection, x: string): NoteItem {
  return c.lastWindow[c.peer(x)] === 0 ? { code: 'window-probe' } : { code: 'keep-alive' };
}

/**
 * A reset at `at` from an endpoint whose last segments were keep-alive probes is its keep-alive
 * timer giving up: it comes one probe interval after the last probe, as each probe came after the
 * one before (a reset at another moment is some other call's, e.g. close() with unread data).
 */
export function keepAliveTimedOut(c: Connection, ep: string, at: number): boolean {
  const times = c.probes[ep] ?? [];
  const last = times.at(-1);
  if (last === undefined) return false;
  if (times.length < 2) return true;
  const interval = last - times[0]!;
  return Math.abs(at - last - interval) <= 0.25 * interval + 0.05;
}
