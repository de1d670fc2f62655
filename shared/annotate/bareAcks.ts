/**
 * Bare ACKs the engine did not send on its own, named the way Wireshark names them (a duplicate
 * ACK, a window update, a zero window, a probe), and ACKs their sender held back (delayed ACKs,
 * RFC 9293 §3.8.6.3).
 */
import { seqDiff } from '../tcp/seq.ts';
import type { RuleId } from '../rules/ids.ts';
import { segEnd, seqGt } from './segments.ts';
import type { CapturedSegment, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';
import { scaledWindow } from './engineInput.ts';
import { probeKind } from './probes.ts';

/** A bare ACK the engine did not send on its own: a duplicate ACK, a window update, a keep-alive. */
export function noteAckKind(c: Connection, s: CapturedSegment, notes: NoteItem[]): void {
  const x = s.src;
  const window = scaledWindow(c, s);
  const previousWindow = c.lastWindow[x] ?? -1;
  if (s.len > 0 || s.flags.SYN || s.flags.FIN || s.flags.RST || !s.flags.ACK) {
    c.dupAcks[x] = null;
    return;
  }
  const tcb = c.tcb(x);
  const max = c.sndMax[x];
  if (tcb && max !== null && max !== undefined && seqDiff(max, s.seq) === 1) return void notes.push(probeKind(c, x));
  if (window === 0) notes.push({ code: 'zero-window' });
  const last = c.dupAcks[x];
  // Wireshark's test: same ACK and same window as the previous bare ACK, while the peer has data outstanding.
  const peerMax = c.sndMax[c.peer(x)];
  const outstanding = peerMax !== null && peerMax !== undefined && seqGt(peerMax, s.ack);
  if (last && last.ack === s.ack && last.window === window && outstanding) {
    last.count += 1;
    notes.push({ code: 'dup-ack', count: last.count, ack: s.ack });
  } else if (last && last.ack === s.ack && previousWindow !== window && previousWindow >= 0) {
    notes.push({ code: 'window-update' });
    c.dupAcks[x] = { ack: s.ack, window, count: 0 };
  } else {
    c.dupAcks[x] = { ack: s.ack, window, count: 0 };
  }
}

/**
 * A bare ACK of in-order data that its sender held back (RFC 9293 §3.8.6.3: a TCP SHOULD delay
 * ACKs, by at most 0.5 s; Linux's delayed-ACK timer waits 40 ms at least): how many ms after the
 * data it acknowledges, beyond the time that host's answers take to show up here. Null when sent
 * at once.
 */
export function ackHeldBack(c: Connection, s: CapturedSegment, rule: RuleId): number | null {
  if (rule !== 'data.in-order-ack' || s.len > 0 || s.flags.FIN || s.flags.SYN) return null;
  const data = c.lastFrom[c.peer(s.src)];
  if (!data || data.len === 0 || segEnd(data) !== s.ack) return null;
  const held = s.time - data.time - (c.answerDelay[s.src] ?? 0);
  return held >= 0.03 ? Math.round(held * 1000) : null;
}
