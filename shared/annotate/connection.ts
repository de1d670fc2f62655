/**
 * One TCP connection of a capture, annotated by the engine playing both hosts. For each captured
 * segment the annotator answers three questions the way a person reading the capture would:
 * 1. Why did the sender send it? A segment the sender's engine already emitted (a SYN-ACK, an ACK,
 *    a reset), else an application call that makes the engine send it (connect, send, close,
 *    abort), else a retransmission of something sent before.
 * 2. Did it reach the receiver, and when? Lost if its sender later retransmitted it before anything
 *    acknowledged it, or if the receiver later retransmitted what it acknowledged; delivered after
 *    the receiver's own segments that do not acknowledge it (they crossed on the wire).
 * 3. What did the receiver's engine do with it? Its state changes, each with its rule.
 * The engine's own timers run on the capture's clock. Inferences only ever come from later
 * segments of the same connection within a bounded look-ahead, so the states never contradict what
 * the capture shows the hosts doing.
 * This file holds the connection's state and drives the engines; question 1 is answered in
 * sendCause.ts (resets in resets.ts), question 2 in losses.ts, and each special case the capture
 * can show (SYN cookies, half-open connections, probes, ...) in a file named for it.
 */
import type { Profile } from '../tcp/config.ts';
import { connectionTo, createHost, step } from '../tcp/host.ts';
import type { TcpState } from '../tcp/states.ts';
import { nextDeadline } from '../tcp/timers.ts';
import type { Host, HostEvent, Tcb } from '../tcp/types.ts';
import { identical, occupies, reportsHole, segLen, seqGt } from './segments.ts';
import type { AnnotatedSegment, CapturedSegment, CaptureSiteInfo, NoteItem, Role } from './types.ts';
import { MAX_PENDING, annotatorConfig, engineAddress, engineSegments, offerReceiveWindow, scaledWindow } from './engineInput.ts';
import type { Pending } from './emissions.ts';
import { planArrival } from './losses.ts';
import { learnHandshake } from './handshake.ts';
import { checkHalfOpen, checkOrphan } from './halfOpen.ts';
import { deliverToCookie, synCookie } from './synCookies.ts';
import { pickIss } from './isn.ts';
import { releaseHeld } from './gaps.ts';
import { explainSend } from './sendCause.ts';
import { bootstrap } from './firstSegment.ts';
import { trackSent } from './sentSequence.ts';
import { row } from './row.ts';
import { crossingMatters } from './crossings.ts';
import { learnIdClock, type IdClock } from './sendClock.ts';
import { seesServerSend, synNotTaken, type SynAckMissed } from './synAckLoss.ts';
import { sendUncapturedFin } from './uncapturedFin.ts';
import { learnPathOrder, type PathOrder } from './reordering.ts';
import { closeListenerBefore, type ListenerGone } from './listenerGone.ts';
import { droppedAtHost, inferCaptureSite, type HopLimits } from './capturePoint.ts';

interface Queued {
  seg: CapturedSegment;
  /** Deliver at the end of the row with this index. */
  after: number;
  /** A crossing not worth a note (the receiver's ACKs of earlier data): its arrival is data for the replay, not words. */
  quiet: boolean;
}

/**
 * The connection's state: both hosts' engines and what the capture has shown of each endpoint so
 * far. The annotator uses `endpoints`, `process`, `ended` and `issOf`; the other members are the
 * state that this directory's inference rules (plain functions, one concern a file) read and update.
 */
/** How many of an endpoint's latest cumulative ACKs keep their hole report: a few more than a fast retransmission's three duplicate ACKs. */
const HOLE_REPORTS = 16;

export class Connection {
  readonly stream: number;
  /** [client, server]: the client sent the first SYN (or, joining mid-stream, has the higher port). */
  readonly endpoints: [string, string];
  readonly roles: Record<string, Role>;
  readonly profile: Profile;
  readonly hosts: Record<string, Host> = {};
  readonly sock: Record<string, string> = {};
  readonly gone: Record<string, TcpState | null> = {};
  readonly pending: Record<string, Pending[]> = {};
  readonly sndMax: Record<string, number | null> = {};
  readonly firstSent: Record<string, Map<number, number>> = {};
  readonly lastFrom: Record<string, CapturedSegment | null> = {};
  /** Each endpoint's segment with the newest timestamp (TSval) so far: what a later, older one was overtaken by. */
  readonly newestStamp: Record<string, CapturedSegment | null> = {};
  readonly dupAcks: Record<string, { ack: number; window: number; count: number } | null> = {};
  readonly wscale: Record<string, number | null> = {};
  readonly lastWindow: Record<string, number> = {};
  readonly queues: Record<string, Queued[]> = {};
  readonly synsSent: Record<string, Set<'SYN' | 'SYN-ACK'>> = {};
  /** Segments each endpoint received beyond a gap, kept until the gap is filled. */
  readonly held: Record<string, CapturedSegment[]> = {};
  rtt: number | null = null;
  /**
   * Each endpoint's latest ACKs reporting a hole (SACK blocks above the cumulative ACK, RFC 2018:
   * the bytes between missing), the last one at each of its recent cumulative ACKs.
   */
  readonly holeReports: Record<string, Map<number, CapturedSegment>> = {};
  /** What the capture shows of the path each endpoint's segments take: resent, reported, out of order. */
  readonly pathOrder: Record<string, PathOrder> = {};
  /** The segment being processed was not sent by its source's TCP (an old duplicate). */
  notMine = false;
  readonly issSeen: Record<string, number> = {};
  readonly answerDelay: Record<string, number> = {};
  synAt: number | null = null;
  synAckAt: number | null = null;
  synAckTo: string | null = null;
  /** When each endpoint sent the keep-alive probes since its last other segment. */
  readonly probes: Record<string, number[]> = {};
  /** The server was seen dropping this connection's handshake ACK (Linux, accept queue full). */
  acceptQueueSeenFull = false;
  /** Each endpoint's IPv4 ID counter as the capture shows it (a send-order clock without timestamps). */
  readonly idClock: Record<string, IdClock> = {};
  /** A SYN the server took, although the capture shows no SYN-ACK before its sender sent it again. */
  synAckMissed: SynAckMissed | null = null;
  /** The server listened when the first SYN came and was closed before a later copy, which it refused. */
  listenerGone: ListenerGone | null = null;
  /** Where the capture was taken, read from the connection's first segments (the look-ahead). */
  readonly site: CaptureSiteInfo;

  constructor(stream: number, first: CapturedSegment, future: readonly CapturedSegment[], profile: Profile, notes: NoteItem[], hopLimits?: HopLimits) {
    this.stream = stream;
    this.profile = profile;
    const a = first.src;
    const b = first.dst;
    let client = a;
    if (first.flags.SYN && first.flags.ACK) client = b;
    else if (!first.flags.SYN) client = first.srcPort >= first.dstPort ? a : b;
    const server = client === a ? b : a;
    this.endpoints = [client, server];
    this.roles = { [client]: 'client', [server]: 'server' };
    this.site = inferCaptureSite([first, ...future], client, server, hopLimits);
    const t = first.time * 1000;
    const config = annotatorConfig(profile);
    for (const [ep, ip, port] of [[a, first.srcIp, first.srcPort], [b, first.dstIp, first.dstPort]] as const) {
      this.sock[ep] = `${engineAddress(ip)}:${port}`;
      this.hosts[ep] = createHost({ address: engineAddress(ip), seed: stream * 2 + (ep === a ? 1 : 2), config, firstPort: port, now: t });
      this.gone[ep] = null;
      this.pending[ep] = [];
      this.sndMax[ep] = null;
      this.firstSent[ep] = new Map();
      this.lastFrom[ep] = null;
      this.dupAcks[ep] = null;
      this.wscale[ep] = null;
      this.lastWindow[ep] = -1;
      this.queues[ep] = [];
    }
    bootstrap(this, first, future, notes);
  }

  role(ep: string): Role {
    return this.roles[ep] ?? 'client';
  }

  peer(ep: string): string {
    return ep === this.endpoints[0] ? this.endpoints[1] : this.endpoints[0];
  }

  tcb(ep: string): Tcb | undefined {
    return connectionTo(this.host(ep), this.sock[this.peer(ep)] ?? '');
  }

  host(ep: string): Host {
    const h = this.hosts[ep];
    if (!h) throw new Error(`no host for ${ep}`);
    return h;
  }

  /** The state of the connection at this endpoint, as RFC 9293 names it. */
  stateOf(ep: string): TcpState {
    const tcb = this.tcb(ep);
    if (tcb) return tcb.state;
    return this.gone[ep] ?? (this.host(ep).listener ? 'LISTEN' : 'CLOSED');
  }

  /** Both ends closed (or listening, or waiting out TIME-WAIT): a new SYN on this 4-tuple starts a new connection. */
  ended(): boolean {
    return this.endpoints.every((ep) => {
      const s = this.stateOf(ep);
      return s === 'CLOSED' || s === 'LISTEN' || s === 'TIME-WAIT';
    });
  }

  /** The ISN an endpoint used, if this connection saw its SYN. */
  issOf(ep: string): number | null {
    return this.tcb(ep)?.iss ?? null;
  }

  // ---- driving the engine ----------------------------------------------------------------

  /** Step one host's engine; record its state changes in `notes` and what it emitted as pending. */
  run(ep: string, event: HostEvent, notes: NoteItem[] | null): boolean {
    const host = this.host(ep);
    const at = Math.max(event.at, host.now);
    const r = step(host, { ...event, at } as HostEvent);
    if (!r.ok) {
      notes?.push({ code: 'engine-refused', who: this.role(ep), detail: r.rejection.detail });
      return false;
    }
    const peerSock = this.sock[this.peer(ep)];
    for (const o of r.outputs) {
      if (o.kind === 'state' && o.conn === peerSock) {
        notes?.push({ code: 'change', who: this.role(ep), from: o.from, to: o.to, rule: o.rule });
        if (o.to === 'CLOSED' || o.to === 'LISTEN') this.gone[ep] = o.to;
      }
      if (o.kind === 'segment' && o.segment.dst === peerSock) {
        const list = this.pending[ep] ?? [];
        list.push({ segment: o.segment, rule: o.rule });
        if (list.length > MAX_PENDING) list.shift();
        this.pending[ep] = list;
      }
    }
    // The annotator never reads the bytes back: keep the engine's application buffers small.
    for (const c of r.host.connections) {
      c.delivered = '';
      if (c.unread.length > 1) c.unread = c.unread.slice(0, 1);
    }
    if (connectionTo(r.host, peerSock ?? '')) this.gone[ep] = null;
    this.hosts[ep] = r.host;
    return true;
  }

  /** Let each engine's timers run up to the capture's clock (TIME-WAIT ends, SYN-ACKs are retried, ...). */
  tick(t: number, notes: NoteItem[]): void {
    for (const ep of this.endpoints) {
      const due = nextDeadline(this.host(ep));
      if (due !== null && due <= t) this.run(ep, { kind: 'tick', at: t }, notes);
    }
  }

  /** The segment reaches its receiver: its engine takes it. */
  deliver(s: CapturedSegment, notes: NoteItem[]): void {
    const ep = s.dst;
    const before = this.tcb(ep);
    // Beyond a gap: every real stack keeps it for when the gap is filled (RFC 9293 §3.10.7.4 "may
    // be held"); hold it here too, and hand it over again once the engine has caught up.
    if (before && occupies(s) && !s.flags.SYN && before.state !== 'SYN-SENT' && seqGt(s.seq, before.rcvNxt)) {
      const held = (this.held[ep] ??= []);
      held.push(s);
      if (held.length > MAX_PENDING) held.shift();
    }
    offerReceiveWindow(this, ep);
    for (const seg of engineSegments(this, s)) this.run(ep, { kind: 'segment', at: s.time * 1000, segment: seg }, notes);
    releaseHeld(this, ep, s.time * 1000, notes);
    const tcb = this.tcb(ep);
    // The engine has no window scaling: let the sender's engine see the real (scaled) window it was offered.
    if (tcb && s.flags.ACK && !s.flags.RST) tcb.sndWnd = Math.max(tcb.sndWnd, scaledWindow(this, s));
  }

  /** The endpoint's port, as its engine's socket has it. */
  portOf(ep: string): number {
    return Number((this.sock[ep] ?? '').split(':').pop());
  }

  // ---- the three questions -------------------------------------------------------------------

  /**
   * Annotate one captured segment. `future`: the later segments of this connection within the
   * look-ahead; `horizon`: the time of the newest packet read from the file (how far it goes on).
   */
  process(s: CapturedSegment, future: readonly CapturedSegment[], notes: NoteItem[], horizon = s.time): AnnotatedSegment {
    const t = s.time * 1000;
    this.tick(t, notes);
    learnHandshake(this, s);
    const previous = this.lastFrom[s.src];
    if (previous && identical(previous, s) && Math.abs(previous.time - s.time) < 1e-6) {
      notes.push({ code: 'wire-duplicate', of: previous.index });
    } else {
      explainSend(this, s, future, notes);
    }
    const own = !this.notMine;
    if (own) {
      // What its sender's TCP last did: a segment it did not send says nothing about that.
      learnPathOrder(this, s, previous);
      this.lastFrom[s.src] = s;
      const newest = this.newestStamp[s.src];
      if (s.options.timestamp && (!newest?.options.timestamp || seqGt(s.options.timestamp.value, newest.options.timestamp.value))) this.newestStamp[s.src] = s;
      learnIdClock(this, s);
      this.lastWindow[s.src] = scaledWindow(this, s);
      this.probes[s.src] = notes.some((n) => n.code === 'keep-alive') ? [...(this.probes[s.src] ?? []).slice(-1), s.time] : [];
      trackSent(this, s);
    }
    this.notMine = false;
    sendUncapturedFin(this, s, future, notes);

    // Seen arriving at the host the capture was taken on, it reached that host: not lost on the way.
    const plan = droppedAtHost(this, s, planArrival(this, s, future, horizon));
    if (own && reportsHole(s)) {
      const reports = (this.holeReports[s.src] ??= new Map());
      reports.delete(s.ack);
      reports.set(s.ack, s);
      if (reports.size > HOLE_REPORTS) reports.delete(reports.keys().next().value as number);
    }
    let arrived = true;
    if (plan.kind === 'lost') {
      notes.push(plan.note);
      if (plan.or) notes.push(plan.or);
      arrived = false;
      // A SYN sent again with no SYN-ACK seen may have arrived, its SYN-ACK lost on the way back,
      // where a capture taken short of the server never sees it: say so, unless the capture would
      // have shown the server sending it, or the SYN-ACK's timestamp echo shows the SYN never arrived.
      if (s.flags.SYN && !s.flags.ACK && plan.note.code === 'lost-retransmitted' && this.stateOf(s.dst) === 'LISTEN' && !seesServerSend(s, future) && !synNotTaken(s, future)) {
        notes.push({ code: 'or-syn-ack-lost', who: this.role(s.dst) });
      }
      // A FIN sent again with no word from its receiver in between: the FIN may have arrived and
      // the ACK of it been lost on the way back, which a capture short of the receiver never sees.
      if (s.flags.FIN && !s.flags.SYN && plan.note.code === 'lost-retransmitted') {
        const by = plan.note.by;
        if (!future.some((f) => f.src === s.dst && f.index < by)) notes.push({ code: 'or-ack-lost', who: this.role(s.dst) });
      }
      // What a capture shows of a SYN lost on the way is also what a Linux listener does with a SYN
      // while its accept queue is full (tcp_conn_request drops it): say so.
      if (this.profile === 'linux' && s.flags.SYN && !s.flags.ACK && this.stateOf(s.dst) === 'LISTEN') notes.push({ code: 'or-accept-queue-full', who: this.role(s.dst) });
    } else if (plan.kind === 'ignored') {
      // It reached its receiver, whose TCP threw it away without a word: the engine never sees it.
      notes.push(...plan.notes);
    } else {
      const q = this.queues[s.dst] ?? [];
      // Segments in one direction arrive in the order they were sent.
      const after = Math.max(plan.after, ...q.map((x) => x.after));
      // Arriving after the receiver's ACKs of earlier data is what pipelining is: said only where a crossed segment would be misread.
      const quiet = after > s.index && !crossingMatters(this, s, future, after);
      if (after > s.index && !quiet) notes.push({ code: 'crossed', after });
      q.push({ seg: s, after, quiet });
      this.queues[s.dst] = q;
    }
    this.deliverDue(s.index, future, notes, horizon);
    return row(this, s, notes, arrived);
  }

  /** Deliver every queued segment due by the end of row `index`, checking first that its receiver still had the connection. */
  deliverDue(index: number, future: readonly CapturedSegment[], notes: NoteItem[], horizon = -Infinity): void {
    for (const ep of this.endpoints) {
      const q = this.queues[ep] ?? [];
      while (q.length > 0 && (q[0]?.after ?? Infinity) <= index) {
        const { seg, quiet } = q.shift()!;
        const at = notes.length;
        if (seg.index !== index) notes.push(quiet ? { code: 'arrives-now', index: seg.index, quiet } : { code: 'arrives-now', index: seg.index });
        closeListenerBefore(this, seg, notes);
        checkOrphan(this, seg, future, notes);
        checkHalfOpen(this, seg, future, notes);
        const reseated = pickIss(this, seg, future);
        if (synCookie(this, seg, future, horizon)) deliverToCookie(this, seg, notes);
        else if (reseated) {
          // The same SYN again, to a listener that was already SYN-RECEIVED: no new state change.
          const scratch: NoteItem[] = [];
          this.deliver(seg, scratch);
          notes.push(...scratch.filter((n) => !(n.code === 'change' && n.who === this.role(seg.dst) && n.to === 'SYN-RECEIVED')));
        } else this.deliver(seg, notes);
        // A routine arrival that changed the receiver's state (its ACK took a FIN, say) is no longer routine: say it arrives here.
        if (quiet && seg.index !== index && notes.slice(at + 1).some((n) => n.code === 'change')) notes[at] = { code: 'arrives-now', index: seg.index };
      }
    }
  }
}

export { annotatorConfig } from './engineInput.ts';
export { segLen };
