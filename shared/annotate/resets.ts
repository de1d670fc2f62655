/**
 * Resets seen from a capture: why a host sent one. A reset its engine emitted carries the rule that
 * sent it; otherwise it is an application's call (ABORT, or Linux's close() with unread data), the
 * keep-alive timer giving up, or not its TCP's at all (a blind reset its sender contradicts).
 */
import type { CapturedSegment, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';
import { keepsGoing } from './oldDuplicates.ts';
import { keepAliveTimedOut } from './probes.ts';
import { takePending } from './emissions.ts';

/** Question 1 for a reset: why did its sender send it? */
export function explainReset(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], notes: NoteItem[]): void {
  const x = s.src;
  const who = c.role(x);
  const t = s.time * 1000;
  const peerSock = c.sock[c.peer(x)] ?? '';
  const before = c.tcb(x);
  const p = takePending(c, s);
  if (p) return void notes.push({ code: 'rule', who, rule: p.rule });
  if (!before) return void notes.push({ code: 'no-connection', who });
  const alive = keepsGoing(c, s, future);
  if (alive) {
    c.notMine = true;
    return void notes.push({ code: 'not-own', who, what: 'RST', by: alive.index });
  }
  if (keepAliveTimedOut(c, x, s.time) && (before.state === 'ESTABLISHED' || before.state === 'CLOSE-WAIT')) {
    // RFC 1122 §4.2.3.6: keep-alive probes that go unanswered mean the peer is gone; Linux's
    // keep-alive timer then resets the connection (tcp_keepalive_timer: tcp_send_active_reset).
    notes.push({ code: 'keep-alive-timeout', who });
    const scratch: NoteItem[] = [];
    c.run(x, { kind: 'abort', at: t, remote: peerSock }, scratch);
    // The keep-alive timer dropped it, not the application's ABORT.
    notes.push(...scratch.map((n): NoteItem => (n.code === 'change' && n.who === who ? { ...n, rule: 'timer.keepalive-give-up' } : n)));
    c.pending[x] = [];
    return;
  }
  if (c.profile === 'linux' && before.unread.length > 0 && (before.state === 'ESTABLISHED' || before.state === 'CLOSE-WAIT' || before.state === 'SYN-RECEIVED')) {
    notes.push({ code: 'close-unread-rst', who });
    c.run(x, { kind: 'close', at: t, remote: peerSock }, notes);
  } else {
    notes.push({ code: 'abort', who });
    c.run(x, { kind: 'abort', at: t, remote: peerSock }, notes);
  }
  c.pending[x] = [];
}
