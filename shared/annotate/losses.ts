/**
 * Question 2 of the annotator: did a captured segment reach its receiver, and when? A capture is
 * taken at one point, so losses are inferred the way a person reading it would, from later
 * segments of the same connection: its sender sends it again before anything acknowledged it, the
 * receiver sends again what it acknowledged, the receiver's cumulative ACK stops short of it, a
 * reset that would have closed the receiver did not. A segment that arrived is delivered after the
 * receiver's own segments that do not acknowledge it yet (they crossed on the wire).
 */
import { LINUX_RTO_MIN_MS } from '../tcp/backoff.ts';
import { connectionTo, step } from '../tcp/host.ts';
import { seqAdd, seqDiff } from '../tcp/seq.ts';
import { acknowledges, echoesNewer, identical, leftBeforeArrivalOf, reportedMissing, reportsDuplicateOf, occupies, resends, segEnd, seqGe, seqLe, seqLt } from './segments.ts';
import type { CapturedSegment, LostNote, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';
import { engineSegments } from './engineInput.ts';
import { rttAhead } from './handshake.ts';
import { acceptQueueDrop } from './acceptQueue.ts';
import { keepAliveTimedOut } from './probes.ts';
import { sentBefore } from './sentSequence.ts';
import { synAnswered } from './synAckLoss.ts';
import { sentBeforeNewest } from './sendClock.ts';
import { pathReorders } from './reordering.ts';
import { seenAt } from './capturePoint.ts';

/**
 * The shortest retransmission timer, in seconds: Linux's tail-loss probe waits at least 10 ms
 * (tcp_schedule_loss_probe); its RTO at least 200 ms, RFC 6298 (2.4) at least 1 s.
 */
const SHORTEST_TIMER = 0.01;
/** Linux's shortest retransmission timeout, in seconds (TCP_RTO_MIN, as the engine's backoff has it). */
const LINUX_MIN_RTO = LINUX_RTO_MIN_MS / 1000;

/** Lost on the way (`or`: what else the capture cannot rule out); reached a receiver that dropped it without a word; or delivered at the end of row `after`. */
export type Arrival = { kind: 'lost'; note: LostNote; or?: NoteItem } | { kind: 'ignored'; notes: NoteItem[] } | { kind: 'deliver'; after: number };

/** Question 2: did it arrive, and when? */
export function planArrival(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], horizon: number): Arrival {
  const x = s.src;
  const y = s.dst;
  const crossing = Math.max(0.002, 1.5 * (c.rtt ?? rttAhead(c, future)));

  const full = acceptQueueDrop(c, s, future, crossing);
  if (full) {
    const who = c.role(y);
    return { kind: 'ignored', notes: [{ code: 'accept-queue-drop', who, by: full.index, ...seenAt(c.site, who) }, { code: 'rule', who, rule: 'open.accept-queue-full' }] };
  }

  if (pawsDiscards(c, s)) return { kind: 'ignored', notes: [{ code: 'paws', who: c.role(y) }] };

  const refusal = noRoomAnswer(c, s, future, crossing);
  if (refusal) return { kind: 'ignored', notes: [{ code: 'no-room', who: c.role(y), by: refusal.index }] };

  if (occupies(s)) {
    for (const f of future) {
      if (f.src === y && (acknowledges(f, s) || (s.flags.SYN && f.flags.RST))) break;
      if (f.src === x && resends(f, s) && !(identical(f, s) && Math.abs(f.time - s.time) < 1e-6)) {
        // The server's SYN-ACK shows it took this SYN: what the capture lacks is that SYN-ACK.
        const answered = synAnswered(c, s, f, future);
        if (answered) {
          c.synAckMissed ??= answered;
          break;
        }
        // A SYN-ACK sent again after the peer's SYN came again answers that SYN (RFC 9293
        // §3.10.7.4: a SYN in SYN-RECEIVED); a SYN sent before this one could have arrived crossed
        // it, and the answer says nothing of this one's fate. (Sent well after, it shows this was lost.)
        if (answersCrossingSyn(s, f, future, crossing)) continue;
        // The receiver echoes this copy's own timestamp: it got it (TSecr only ever holds a TSval
        // that arrived, RFC 7323 §4.3). Its answer was what got lost; this copy was resent for that.
        if (echoedLater(s, f, future)) break;
        const { copies, reports } = duplicatesReported(s, f, future);
        if (reports >= copies - 1) break;
        // Some copies arrived late but not all are reported: the capture cannot tell which did not.
        const note: LostNote = { code: 'lost-retransmitted', by: f.index };
        if (reports > 0) return { kind: 'lost', note, or: { code: 'or-copy-late', copies, reports } };
        // None reported. On a path shown to reorder, this copy may have come after a later one
        // with a newer timestamp, which PAWS (RFC 7323 §5) throws away; Linux reports such a copy
        // as a duplicate only below its cumulative ACK. Not taken either way, but not surely lost.
        const reorders = pathReorders(c, x);
        if (reorders !== null && overtakenByStamp(s, f)) return { kind: 'lost', note, or: { code: 'or-paws-late', by: reorders } };
        return { kind: 'lost', note };
      }
    }
  }
  if (s.flags.SYN && s.flags.ACK && c.tcb(y)?.state === 'SYN-SENT' && !future.some((f) => f.src === y)) {
    // A SYN-ACK is answered at once: an ACK from the SYN's sender, a RST from a host that never
    // sent that SYN (RFC 9293 §3.10.7.3, §3.5). The capture goes on and the SYN's sender says
    // nothing at all: it never got it (lost, or nobody is there: a spoofed SYN's source).
    const silence = horizon - s.time;
    if (silence > 1 + 2 * (c.rtt ?? 0)) return { kind: 'lost', note: { code: 'lost-unanswered', seconds: Math.round(silence * 10) / 10 } };
  }
  if (s.flags.SYN && !s.flags.ACK && c.stateOf(y) === 'LISTEN' && !future.some((f) => f.src === y)) {
    // A listener answers a SYN at once: a SYN-ACK, and again on its timer until answered (RFC 9293
    // §3.10.7.2), or a RST from a port nobody listens on. The capture goes on and it says nothing
    // at all: the SYN never reached its TCP (its sender's last try, the ones before it resent).
    const silence = horizon - s.time;
    if (silence > 1 + 2 * (c.rtt ?? 0)) return { kind: 'lost', note: { code: 'lost-syn-unanswered', seconds: Math.round(silence * 10) / 10 } };
  }
  if (s.flags.SYN && !s.flags.ACK && c.tcb(y)?.state === 'SYN-SENT') {
    // Simultaneous open: a receiver in SYN-SENT that got this SYN answers with a SYN-ACK. If its
    // first acknowledgment of it is a bare ACK, it learned the ISN from the sender's later SYN-ACK.
    const first = future.find((f) => f.src === y && acknowledges(f, s));
    const synAck = future.find((f) => f.src === x && f.flags.SYN && f.flags.ACK && f.seq === s.seq);
    if (first && !first.flags.SYN && !first.flags.RST && synAck && synAck.index < first.index) return { kind: 'lost', note: { code: 'lost-answered-later', by: synAck.index } };
  }
  if (s.flags.ACK && !s.flags.RST) {
    // The receiver retransmitted something this segment acknowledged: it never got this one. Not
    // when the retransmission's timestamp echo shows it left before this segment could arrive
    // (a queue on its way: it was captured late, it crossed).
    for (const f of future) {
      // Its timestamp echo is newer than this segment's: the receiver had a later ACK of the
      // sender's (cumulative, never less than this one's); what it sends from then on is not about
      // this one. (Linux's clock ticks in milliseconds: an equal echo may be an earlier segment's.)
      if (f.src === y && echoesNewer(f, s)) break;
      // Only a timer resends what lost ACKs would have acknowledged (an ACK lost, the next one
      // covers it; fast retransmit and RACK need ACKs to arrive): sooner than the shortest one, it
      // answered ACKs sent before this one and crossed it, on its way behind a queue.
      if (f.src !== y || !occupies(f) || f.time - s.time <= Math.max(crossing, SHORTEST_TIMER) || (leftBeforeArrivalOf(f, s) && !finResentByTimer(s, f))) continue;
      // Without timestamps, its IP ID shows it left before a segment of the receiver's captured
      // before this one was sent: it was on its way before this one existed.
      if (sentBeforeNewest(c, y, f)) continue;
      if (!sentBefore(c, y, f.seq, f) || !seqLe(segEnd(f), s.ack)) continue;
      // This segment's sender had reported those bytes missing before it (SACK blocks above a hole,
      // RFC 2018): that report is what the retransmission answers (fast retransmit, RFC 6675 §5;
      // RACK, RFC 8985 §6.2), sent once it arrived, before this ACK could, however long a queue
      // then held it on its way here. An ACK lost is covered by the next one; only a timer (Linux's
      // RTO, at least 200 ms) sends again what a lost ACK would have acknowledged.
      if (answersHoleReport(c, x, f) && f.time - s.time < LINUX_MIN_RTO) continue;
      if (wouldAcknowledge(c, s, f)) return { kind: 'lost', note: { code: 'lost-peer-retransmitted', by: f.index } };
    }
  }
  if (occupies(s) && !s.flags.SYN && !s.flags.RST) {
    // The receiver's acknowledgment is cumulative: a segment that starts where its ACKs have got
    // to, inside the window it offered, is acknowledged by whatever it sends once it has it. A
    // segment of its, sent well after this one would have arrived, that still acknowledges only
    // up to this one's start shows it never got it.
    // Only with a round trip measured in the handshake: without one, "well after" cannot be told
    // from segments of the receiver's that were already on their way (they crossed).
    const seen = c.lastFrom[y];
    const window = c.lastWindow[y] ?? -1;
    if (c.rtt !== null && seen?.flags.ACK && window > 0 && s.seq === seen.ack && seqLe(segEnd(s), seqAdd(seen.ack, window))) {
      const f = future.find((g) => g.src === y && g.flags.ACK && !g.flags.RST && !g.flags.SYN && g.time - s.time > crossing && !leftBeforeArrivalOf(g, s));
      if (f && seqGe(f.ack, s.seq) && seqLt(f.ack, segEnd(s)) && !acknowledgedUnsentAgain(s, future) && !everyCopyReported(s, future)) return { kind: 'lost', note: { code: 'lost-not-acknowledged', by: f.index } };
    }
  }
  if (!occupies(s) && !s.flags.RST && (c.probes[y] ?? []).length > 0) {
    // The answer to a keep-alive probe, and the prober's next word is a reset: its probes went
    // unanswered (RFC 1122 §4.2.3.6), so this answer never reached it.
    const next = future.find((f) => f.src === y);
    if (next && next.flags.RST && keepAliveTimedOut(c, y, next.time) && !c.pending[y]?.some((p) => p.segment.flags.RST)) return { kind: 'lost', note: { code: 'lost-keepalive-timeout', by: next.index } };
  }
  if (s.flags.RST) {
    const y0 = c.tcb(y);
    if (y0) {
      // A host that took the RST has no connection left: all it could send on this 4-tuple is a
      // RST, or a SYN that starts another one (RFC 9293 §3.10.7). Anything else of its, sent well
      // after, shows the RST never reached it (its SYN sent again too). A SYN with a new ISN from
      // either end starts another incarnation, whose segments say nothing of this one.
      const nextSyn = future.findIndex((f) => f.flags.SYN && !sentBefore(c, f.src, f.seq, f));
      const later = (nextSyn < 0 ? future : future.slice(0, nextSyn)).find((f) => f.src === y && !f.flags.RST && f.time - s.time > crossing);
      if (later && wouldClose(c, s)) return { kind: 'lost', note: { code: 'lost-rst-ignored', by: later.index } };
      // Both ends reset: a host that had taken this RST would have no connection left to reset
      // (nothing answers a RST, RFC 9293 §3.10.7). So the receiver's own RST went out before this
      // one arrived: they crossed, or, sent well after, this one was lost.
      const own = future.find((f) => f.src === y);
      if (own?.flags.RST && wouldClose(c, s)) {
        if (own.time - s.time > crossing) return { kind: 'lost', note: { code: 'lost-rst-ignored', by: own.index } };
        return { kind: 'deliver', after: own.index };
      }
    }
  }

  // Crossing: the receiver's own segments that do not yet acknowledge this one were sent before it arrived.
  let after = s.index;
  if (occupies(s)) {
    let candidate = s.index;
    let acked = false;
    for (const f of future) {
      if (f.src === x && resends(f, s) && !answersCrossingSyn(s, f, future, crossing)) break;
      if (f.src !== y) continue;
      if (acknowledges(f, s)) {
        acked = true;
        break;
      }
      if (!f.flags.ACK || (seqLe(s.seq, f.ack) && seqLt(f.ack, segEnd(s)))) candidate = f.index;
    }
    if (acked) after = candidate;
  }
  return { kind: 'deliver', after };
}

/**
 * `f` is its sender's FIN alone, sent again by its retransmission timer (Linux's RTO is at least
 * 200 ms) after `s`, a bare ACK of exactly that FIN. At the close no data of `s`'s sender queues
 * ahead of such an ACK, so it could not still be on its way: the FIN's sender had not got it
 * because it never would (in LAST-ACK or CLOSING it would have been done with the FIN).
 */
function finResentByTimer(s: CapturedSegment, f: CapturedSegment): boolean {
  return f.flags.FIN && f.len === 0 && s.len === 0 && !s.flags.FIN && !s.flags.SYN && s.ack === segEnd(f) && f.time - s.time >= LINUX_MIN_RTO;
}

/** `f` sends again bytes that one of `ep`'s latest reports of a hole, before the segment being judged, said were missing. */
function answersHoleReport(c: Connection, ep: string, f: CapturedSegment): boolean {
  for (const report of c.holeReports[ep]?.values() ?? []) if (reportedMissing(report, f)) return true;
  return false;
}

/**
 * The receiver's cumulative ACK later covers `s`, and its sender never sent those bytes again: it
 * arrived (a receiver acknowledges only what it has, RFC 9293 §3.4), late. Behind a queue its ACKs
 * can go on asking for it for many handshake round trips; with timestamps their echoes show they
 * left first (leftBeforeArrivalOf), without them this is what shows it.
 */
function acknowledgedUnsentAgain(s: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  for (const f of future) {
    if (f.src === s.src && resends(f, s)) return false;
    if (f.src === s.dst && acknowledges(f, s)) return true;
  }
  return false;
}

/** `f`, a copy of `s`'s bytes, carries a timestamp more than one tick newer (Linux's PAWS slack): once taken, `s` arriving after it is thrown away. */
function overtakenByStamp(s: CapturedSegment, f: CapturedSegment): boolean {
  const mine = s.options.timestamp;
  const theirs = f.options.timestamp;
  return mine !== undefined && theirs !== undefined && seqDiff(theirs.value, mine.value) > 1;
}

/**
 * `s` was sent again, and the receiver reports a duplicate of its bytes (D-SACK) for every copy but
 * one: every copy arrived, `s` too, however long after the receiver's ACKs that still asked for it
 * (a queue, a slower path: reordering, RFC 8985 §2).
 */
function everyCopyReported(s: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  const f = future.find((g) => g.src === s.src && resends(g, s));
  return f !== undefined && duplicateReported(s, f, future);
}

/**
 * `s`, a SYN or SYN-ACK, and a later segment of its receiver echoes its TSval, which its copy `f`
 * does not carry. (Only in the handshake: there nothing else of its sender carries that TSval; a
 * data segment shares its millisecond with its neighbours.)
 */
function echoedLater(s: CapturedSegment, f: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  const mine = s.options.timestamp?.value;
  if (!s.flags.SYN || mine === undefined || f.options.timestamp?.value === mine) return false;
  return future.some((g) => g.src === s.dst && g.flags.ACK && g.options.timestamp?.echo === mine);
}

/**
 * `f`, a SYN-ACK sent again, answers the peer's SYN sent again before `s` could have reached it:
 * the SYN crossed `s`, and its answer says nothing of `s`'s fate.
 */
function answersCrossingSyn(s: CapturedSegment, f: CapturedSegment, future: readonly CapturedSegment[], crossing: number): boolean {
  return s.flags.SYN && s.flags.ACK && future.some((g) => g.src === s.dst && g.flags.SYN && !g.flags.ACK && g.index < f.index && g.time - s.time <= crossing);
}

/**
 * The retransmission `f` of `s` was not needed: the receiver reports duplicates of `s`'s bytes
 * (D-SACK, RFC 2883: one for each copy that arrives after the first) for every copy its sender had
 * sent but one. Each report is one more copy that arrived, so all of them did, `s` too: late
 * (reordered or queued), and Linux's fast retransmit or RACK took it for lost (RFC 8985 §7.2:
 * undone on D-SACK). On a reordering path Linux can send the same bytes three times or more before
 * the first report comes back.
 */
function duplicateReported(s: CapturedSegment, f: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  const { copies, reports } = duplicatesReported(s, f, future);
  return reports >= copies - 1;
}

/**
 * How many copies of `s`'s bytes its sender sent from `s` on (`f` the first again), and how many
 * duplicates of them the receiver reported (D-SACK, RFC 2883) after `f`, counted until they reach
 * copies - 1 (every copy arrived) at the copies sent by then.
 */
function duplicatesReported(s: CapturedSegment, f: CapturedSegment, future: readonly CapturedSegment[]): { copies: number; reports: number } {
  let copies = 2;
  let reports = 0;
  for (const g of future) {
    if (g.index <= f.index) continue;
    if (g.src === s.src && resends(g, s)) copies++;
    else if (g.src === s.dst && reportsDuplicateOf(g, s) && ++reports >= copies - 1) return { copies, reports };
  }
  return { copies, reports };
}

/**
 * Data that reached a receiver with no room for it: the receiver's answer, at once, is an ACK that
 * does not take it and offers a window of 0. A segment not acceptable for the receive window is
 * dropped and answered with an ACK (RFC 9293 §3.10.7.4); Linux answers each one so (nstat
 * BeyondWindow, or RcvQDrop when its receive queue was already full). Its sender sending it again
 * then says the window, not the path, held it back.
 */
function noRoomAnswer(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], crossing: number): CapturedSegment | null {
  if (s.len === 0 || s.flags.SYN || s.flags.RST) return null;
  // Its next segment, before the sender's next one and sooner than any timer of its could fire.
  const f = future.find((g) => g.src === s.dst || g.src === s.src);
  if (!f || f.src !== s.dst || f.time - s.time > Math.max(crossing, SHORTEST_TIMER) || !f.flags.ACK || f.flags.SYN || f.flags.RST || f.flags.FIN || f.len > 0) return null;
  return f.window === 0 && seqLe(f.ack, s.seq) ? f : null;
}

/**
 * PAWS (RFC 7323 §5.3): a segment whose timestamp is older than the receiver's TS.Recent is thrown
 * away on arrival and answered with a duplicate ACK. The receiver's latest echo is its TS.Recent;
 * Linux allows one tick of slack (TCP_PAWS_WINDOW). Only a capture taken after a reordering path
 * shows it: an original overtaken by its own retransmission, which raised TS.Recent.
 */
function pawsDiscards(c: Connection, s: CapturedSegment): boolean {
  const stamp = s.options.timestamp;
  const recent = c.lastFrom[s.dst]?.options.timestamp;
  if (!stamp || !recent || !occupies(s) || s.flags.SYN || s.flags.RST) return false;
  return seqDiff(recent.echo, stamp.value) > 1;
}

/** Had the receiver's engine taken `s`, would it be done with `f` (so it would not send it again)? */
export function wouldAcknowledge(c: Connection, s: CapturedSegment, f: CapturedSegment): boolean {
  const y = s.dst;
  const host = c.host(y);
  let h = host;
  for (const seg of engineSegments(c, s)) {
    const r = step(h, { kind: 'segment', at: Math.max(h.now, s.time * 1000), segment: seg });
    if (!r.ok) return false;
    h = r.host;
  }
  const tcb = connectionTo(h, c.sock[s.src] ?? '');
  return !tcb || seqGe(tcb.sndUna, segEnd(f));
}

/** Would the receiver's engine take this RST and drop the connection? */
export function wouldClose(c: Connection, s: CapturedSegment): boolean {
  const y = s.dst;
  const host = c.host(y);
  const segs = engineSegments(c, s);
  const seg = segs[0];
  if (!seg) return false;
  const r = step(host, { kind: 'segment', at: Math.max(host.now, s.time * 1000), segment: seg });
  return r.ok && !connectionTo(r.host, c.sock[s.src] ?? '');
}
