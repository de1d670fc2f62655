/**
 * Half-open connections seen from a capture (RFC 9293 §3.5.1): a receiver that answers a segment
 * with the reset of a host that has no connection, where its engine would not, had lost the
 * connection before the segment arrived; or its application had closed it for reading too. And
 * whether a FIN came from close() or from shutdown(SHUT_WR), which the capture shows only when new
 * data reaches its sender.
 */
import { step } from '../tcp/host.ts';
import type { Segment } from '../tcp/segment.ts';
import { segEnd, seqGe, seqGt } from './segments.ts';
import type { CapturedSegment, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';
import { engineSegments } from './engineInput.ts';

/** The receiver's answer to segment `s`: its next segment, before the sender sends anything else, if it came as promptly as that host answers. */
function promptReply(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[]): CapturedSegment | null {
  const y = s.dst;
  const reply = future.find((f) => f.src === y || f.src === s.src);
  if (!reply || reply.src !== y) return null;
  const window = 1.5 * (c.answerDelay[y] ?? c.rtt ?? 0) + 0.002;
  return reply.time - s.time > window ? null : reply;
}

/**
 * Linux only: the FIN `s` came from shutdown(SHUT_WR), not close(), when its sender later
 * acknowledges new data from its peer: after close() Linux answers such data with a RST (the
 * application can no longer read it) and the connection is gone, after shutdown() the application
 * reads on. Returns that ACK. Its segments before it may not acknowledge the data yet (they crossed
 * it, or it was lost and they ask for it again): only a reset, or a new connection, ends the search.
 * This is the only place the two are told apart; without such an ACK the FIN is close()'s.
 * (RFC 9293's CLOSE leaves the receive side open either way: there the question does not arise.)
 */
export function readsOnAfterFin(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[]): CapturedSegment | null {
  if (c.profile !== 'linux' || !s.flags.FIN) return null;
  const x = s.src;
  const y = s.dst;
  const sent = c.sndMax[y];
  let data: CapturedSegment | null = null;
  for (const f of future) {
    if (f.flags.SYN || f.flags.RST) return null;
    if (!data) {
      if (f.src === y && f.len > 0 && (sent === null || sent === undefined || seqGe(f.seq, sent))) data = f;
    } else if (f.src === x && f.flags.ACK && seqGt(f.ack, data.seq)) {
      return f;
    }
  }
  return null;
}

/**
 * New data that reaches an orphan (its FIN came from close(), readsOnAfterFin) is answered with a
 * RST (Linux, rule close.abort-on-data): when the capture shows that reset, say why.
 */
export function checkOrphan(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], notes: NoteItem[]): void {
  const y = s.dst;
  const tcb = c.tcb(y);
  if (s.flags.RST || !tcb?.orphaned || (tcb.state !== 'FIN-WAIT-1' && tcb.state !== 'FIN-WAIT-2')) return;
  // The capture's answer first (a look ahead), the engine's only when that answer is a reset.
  if (!promptReply(c, s, future)?.flags.RST) return;
  const host = c.host(y);
  const probe = step(host, { kind: 'segment', at: Math.max(host.now, s.time * 1000), segment: engineSegments(c, s)[0]! });
  if (probe.ok && probe.outputs.some((o) => o.rule === 'close.abort-on-data')) notes.push({ code: 'data-after-close', who: c.role(y) });
}

/**
 * Half-open discovery (RFC 9293 §3.5.1): the receiver answers the segment with the reset a host
 * with no connection sends (§3.10.7.1), where its engine would not. So it had lost the connection
 * before the segment arrived (a crash, a reboot, a listener closed under an embryonic connection).
 */
export function checkHalfOpen(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], notes: NoteItem[]): void {
  const y = s.dst;
  if (s.flags.RST || !c.tcb(y)) return;
  // The reset must answer this segment: the receiver's next segment, before the sender sends
  // anything else, and as promptly as that host answered during the handshake.
  const reply = promptReply(c, s, future);
  if (!reply?.flags.RST) return;
  const closedShape = s.flags.ACK ? !reply.flags.ACK && reply.seq === s.ack : reply.flags.ACK && reply.ack === segEnd(s);
  if (!closedShape) return;
  const host = c.host(y);
  const probe = step(host, { kind: 'segment', at: Math.max(host.now, s.time * 1000), segment: engineSegments(c, s)[0]! });
  if (probe.ok && probe.outputs.some((o) => o.kind === 'segment' && o.segment.flags.RST)) return;
  const tcb = c.tcb(y)!;
  c.hosts[y] = { ...host, connections: host.connections.filter((c) => c !== tcb) };
  c.gone[y] = 'CLOSED';
  c.pending[y] = [];
  if (s.len > 0 && (tcb.state === 'FIN-WAIT-1' || tcb.state === 'FIN-WAIT-2')) {
    // Not a lost connection: its application closed it for reading too (close(), not
    // shutdown()), and new data after that is answered with a RST (RFC 9293 §3.6.1; Linux
    // tcp_rcv_state_process, and tcp_timewait_state_process for an orphaned FIN-WAIT-2).
    notes.push({ code: 'data-after-close', who: c.role(y) });
    notes.push({ code: 'change', who: c.role(y), from: tcb.state, to: 'CLOSED', rule: 'close.abort-on-data' });
    const rst: Segment = { src: tcb.local, dst: tcb.remote, seq: tcb.sndNxt, ack: 0, flags: { SYN: false, ACK: false, FIN: false, RST: true }, wnd: 0, data: '' };
    c.pending[y] = [{ segment: rst, rule: 'close.abort-on-data' }];
    return;
  }
  notes.push({ code: 'half-open', who: c.role(y) });
  notes.push({ code: 'change', who: c.role(y), from: tcb.state, to: 'CLOSED', rule: 'abort.silent' });
}
