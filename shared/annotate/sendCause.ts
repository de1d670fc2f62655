/**
 * Question 1 of the annotator: why did the sender send this segment? A segment its engine already
 * emitted (with the rule that sent it), else an application call that makes the engine send it
 * (connect, send, close, abort), else a retransmission, a probe, or a segment its TCP never sent.
 */
import { seqAdd, seqDiff } from '../tcp/seq.ts';
import { occupies, segEnd, seqGt, seqLe, seqLt } from './segments.ts';
import type { CapturedSegment, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';
import { OPEN_WINDOW, SEND_CHUNK, dataOf } from './engineInput.ts';
import { keepsGoing, oldDuplicateSyn, outsideSequenceSpace } from './oldDuplicates.ts';
import { probeKind } from './probes.ts';
import { ackHeldBack, noteAckKind } from './bareAcks.ts';
import { catchUp, fillGap } from './gaps.ts';
import { explainReset } from './resets.ts';
import { readsOnAfterFin } from './halfOpen.ts';
import { dropPendingCovered, takePending } from './emissions.ts';
import { earlierCopyToCome, originalOvertaken, sentBeforeNewest } from './sendClock.ts';

/** Question 1: why did the sender send this? */
export function explainSend(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], notes: NoteItem[]): void {
  const x = s.src;
  const who = c.role(x);
  const t = s.time * 1000;
  const peerSock = c.sock[c.peer(x)] ?? '';
  const before = c.tcb(x);
  const max = c.sndMax[x];
  // A SYN-ACK that repeats the ISN of our own SYN (simultaneous open) is new, not a resend.
  const synKind = s.flags.SYN ? (s.flags.ACK ? 'SYN-ACK' : 'SYN') : null;
  const isRetransmission = occupies(s) && max !== null && max !== undefined && seqLt(s.seq, max) && !s.flags.RST && (synKind === null || (c.synsSent[x]?.has(synKind) ?? false));
  if (synKind) (c.synsSent[x] ??= new Set()).add(synKind);

  if (outsideSequenceSpace(c, s)) {
    c.notMine = true;
    return void notes.push({ code: 'outside-sequence-space', who, seq: s.seq });
  }

  if (s.flags.RST) return explainReset(c, s, future, notes);

  const missed = c.synAckMissed;
  if (missed && missed.synAck === s.index) notes.push({ code: 'syn-ack-not-captured', syn: missed.syn, resent: missed.resent, by: missed.by });

  if (s.flags.SYN && !s.flags.ACK) {
    if (before && before.state === 'SYN-SENT' && before.iss === s.seq) {
      notes.push({ code: 'retransmission', first: c.firstSent[x]?.get(s.seq) ?? null });
      takePending(c, s);
      return;
    }
    if (oldDuplicateSyn(c, s, future)) {
      c.notMine = true;
      return void notes.push({ code: 'old-duplicate', who });
    }
    if (!before || before.state === 'TIME-WAIT') {
      c.hosts[x] = { ...c.host(x), nextPort: c.portOf(x) };
      notes.push({ code: 'connect', who });
      // Data on the SYN: TCP Fast Open (RFC 7413), the application's first send rode on it.
      if (s.len > 0) notes.push({ code: 'send', who, bytes: s.len });
      c.run(x, { kind: 'connect', at: t, remote: peerSock, iss: s.seq, ...(s.len > 0 ? { data: dataOf(s), fastOpen: true } : {}) }, notes);
      takePending(c, s);
      return;
    }
    const alive = keepsGoing(c, s, future);
    if (alive) {
      // A SYN with another ISN while its supposed sender goes on with this connection.
      c.notMine = true;
      return void notes.push({ code: 'not-own', who, what: 'SYN', by: alive.index });
    }
    return void notes.push({ code: 'no-connection', who });
  }

  // Bytes the capture never showed (a dropped packet, a skipped fragment) but that this segment
  // proves were sent: its own seq is beyond what its sender sent, or it acknowledges more than its peer sent.
  // Its own earlier bytes are not known to have arrived; the peer's bytes it acknowledges have.
  fillGap(c, x, s.seq, false, notes);
  if (s.flags.ACK) fillGap(c, c.peer(x), s.ack, true, notes);
  if (s.flags.ACK) catchUp(c, x, s.ack, notes);

  const matched = takePending(c, s);
  if (matched) {
    if (isRetransmission) notes.push({ code: 'retransmission', first: c.firstSent[x]?.get(s.seq) ?? null });
    notes.push({ code: 'rule', who, rule: matched.rule });
    const held = ackHeldBack(c, s, matched.rule);
    if (held !== null) notes.push({ code: 'delayed-ack', ms: held });
    dropPendingCovered(c, s);
    noteAckKind(c, s, notes);
    return;
  }
  if (s.flags.SYN) {
    // A SYN-ACK the engine did not emit: a retransmission by the server's own timer, or its answer to a repeated SYN.
    if (isRetransmission || (before && before.state === 'SYN-RECEIVED' && before.iss === s.seq)) notes.push({ code: 'retransmission', first: c.firstSent[x]?.get(s.seq) ?? null });
    else if (!before) notes.push({ code: 'no-connection', who });
    return;
  }
  if (!before) return void notes.push({ code: 'no-connection', who });

  if (isRetransmission && seqLe(segEnd(s), max ?? s.seq)) {
    const keepAlive = s.len <= 1 && !s.flags.FIN && seqDiff(before.sndNxt, s.seq) === 1 && seqDiff(max ?? s.seq, s.seq) === 1;
    const newer = overtakenBy(c, s);
    // Without timestamps, the IP ID counter: sent before the copy captured first, or (none captured) before newer data.
    const copy = c.firstSent[x]?.get(s.seq);
    const overtaker = newer || copy !== undefined ? null : sentBeforeNewest(c, x, s);
    const counted = newer ? null : copy !== undefined ? (originalOvertaken(c, x, s) ? copy : null) : overtaker && !earlierCopyToCome(s, future) ? overtaker.index : null;
    notes.push(keepAlive ? probeKind(c, x) : newer ? { code: 'reordered', newer: newer.index } : counted !== null ? { code: 'reordered', newer: counted, clock: 'ip-id' } : { code: 'retransmission', first: copy ?? null });
    dropPendingCovered(c, s);
    return;
  }

  // New data beyond what the engine has sent: the application called send().
  const end = seqAdd(s.seq, s.len);
  const now = c.tcb(x) ?? before;
  if (s.len > 0 && seqGt(end, now.sndNxt)) {
    if (now.state !== 'ESTABLISHED' && now.state !== 'CLOSE-WAIT' && now.state !== 'SYN-SENT' && now.state !== 'SYN-RECEIVED') {
      notes.push({ code: 'not-sendable', who, state: now.state });
    } else {
      const from = Math.max(0, seqDiff(now.sndNxt, s.seq));
      const fresh = dataOf(s).slice(from);
      if (c.lastWindow[c.peer(x)] === 0 && fresh.length <= 1) notes.push({ code: 'window-probe' });
      notes.push({ code: 'send', who, bytes: fresh.length });
      // An application that sends has read what arrived before (a request is answered once it has
      // been read): only data that came after it last sent can still be unread when it closes,
      // which is what makes Linux's close() send RST (tcp_close: data_was_unread).
      if (now.unread.length > 0) c.run(x, { kind: 'receive', at: t, remote: peerSock }, null);
      const tcb = c.tcb(x);
      if (tcb) tcb.sndWnd = OPEN_WINDOW;
      for (let off = 0; off < fresh.length; off += SEND_CHUNK) {
        c.run(x, { kind: 'send', at: t, remote: peerSock, data: fresh.slice(off, off + SEND_CHUNK) }, notes);
      }
    }
    dropPendingCovered(c, s);
  }

  if (s.flags.FIN) {
    const tcb = c.tcb(x);
    if (tcb && !tcb.finQueued) {
      const readsOn = readsOnAfterFin(c, s, future);
      if (readsOn) {
        notes.push({ code: 'shutdown-write', who, by: readsOn.index });
        c.run(x, { kind: 'close', at: t, remote: peerSock, shutdown: true }, notes);
        dropPendingCovered(c, s);
        return;
      }
      if (c.profile === 'linux' && tcb.unread.length > 0) {
        // A FIN, not a RST: the application must have read what had arrived before closing.
        notes.push({ code: 'close-after-read', who });
        c.run(x, { kind: 'receive', at: t, remote: peerSock }, null);
      } else {
        notes.push({ code: 'close', who });
      }
      c.run(x, { kind: 'close', at: t, remote: peerSock }, notes);
      dropPendingCovered(c, s);
    } else if (tcb && tcb.finSent && isRetransmission) {
      notes.push({ code: 'retransmission', first: c.firstSent[x]?.get(s.seq) ?? null });
    }
    return;
  }
  if (s.len === 0) noteAckKind(c, s, notes);
}

/**
 * A segment of sequence numbers its sender had gone past, whose timestamp is older than one the
 * capture showed from that sender before: it left before that one (a retransmission carries the
 * clock of when it is sent, RFC 7323 §3) and was overtaken on the way. It is the first copy,
 * reordered; a capture taken downstream of a reordering path shows many.
 */
function overtakenBy(c: Connection, s: CapturedSegment): CapturedSegment | null {
  const newest = c.newestStamp[s.src];
  const mine = s.options.timestamp;
  const theirs = newest?.options.timestamp;
  return newest && mine && theirs && seqLt(mine.value, theirs.value) ? newest : null;
}
