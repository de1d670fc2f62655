/**
 * The player's side of a decision, from what the player's own host knows and nothing else: the
 * prompt in words (what arrived, which timer fired, what the application passed), the composer's
 * helpers (the TCB's variables by name, and the arrived segment's SEG.SEQ / SEG.ACK), and the Move
 * a proposal becomes. The judge is on the server.
 */
import type { Move, ProposedSegment } from '../../shared/game/move.ts';
import type { DecisionView, RoundView } from '../../shared/game/views.ts';
import { flagsLabel, segmentLength } from '../../shared/tcp/segment.ts';
import { seqAdd, seqGt } from '../../shared/tcp/seq.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import type { ComposerContext, Helper, MoveProposal, PromptText } from '../events.ts';
import { seconds } from '../model/scheduleTimes.ts';

function describe(s: Pick<ProposedSegment, 'flags' | 'seq' | 'ack' | 'data'>): string {
  return `${flagsLabel(s.flags)} seq=${s.seq}${s.flags.ACK ? ` ack=${s.ack}` : ''}${s.data ? ` "${s.data}"` : ''}`;
}

/** What happened, as one or more lines: the event, then what the host's TCP did or holds because of it. */
export function promptLines(view: RoundView): PromptText[] {
  const d = view.decision;
  if (!d) return view.finished ? [] : [{ key: 'prompt.none' }];
  const lines: PromptText[] = [eventLine(d)];
  const other = otherConnection(view);
  if (other) lines.push({ key: 'prompt.otherConnection', params: { remote: other.remote, state: other.state } });
  else if (toListener(view) && view.hosts[view.you!].state !== 'LISTEN') lines.push({ key: 'prompt.listener', params: { remote: d.tcb.remote } });
  if (d.tcb.issJustPicked && d.tcb.iss !== null) lines.push({ key: d.tcb.synCookie ? 'prompt.cookiePicked' : 'prompt.issPicked', params: { iss: d.tcb.iss } });
  if (d.tcb.sendBuffer && !(d.prompt.kind === 'app-call' && d.prompt.call === 'connect')) lines.push({ key: 'prompt.queued', params: { data: d.tcb.sendBuffer } });
  // Whether the application can still read decides what Linux does with new data, or a FIN beyond
  // RCV.NXT (close.abort-on-data: data or a FIN whose data end, SEG.SEQ + its bytes, is past RCV.NXT).
  // Not said for the peer's FIN in order, nor for a FIN or data already received (a retransmitted
  // FIN in TIME-WAIT is simply acknowledged again): the prompt keeps its height there (on a phone
  // held sideways one more line pushed Send and Wait off the screen).
  const p = d.prompt;
  const rcvNxt = d.tcb.rcvNxt;
  const bringsNew = p.kind === 'segment-arrived' && (p.data !== '' || p.flags.FIN) && (rcvNxt === null || seqGt(seqAdd(p.seq, p.data.length), rcvNxt));
  if (d.tcb.orphaned && bringsNew) lines.push({ key: 'prompt.orphan' });
  return lines;
}

function eventLine(d: DecisionView): PromptText {
  const p = d.prompt;
  switch (p.kind) {
    case 'segment-arrived': {
      const params = { flags: flagsLabel(p.flags), seq: p.seq, ack: p.ack, len: segmentLength(p), from: p.from, data: p.data };
      if (p.data) return { key: p.flags.ACK ? 'prompt.segmentAckData' : 'prompt.segmentData', params };
      return { key: p.flags.ACK ? 'prompt.segmentAck' : 'prompt.segment', params };
    }
    case 'app-call': {
      const params = { call: p.call, data: p.data, remote: d.tcb.remote };
      if (p.call === 'connect') return { key: p.data ? 'prompt.connectData' : 'prompt.connect', params };
      if (p.call === 'send') return { key: 'prompt.send', params };
      if (p.call === 'receive') return { key: p.data ? 'prompt.receiveData' : 'prompt.receive', params };
      // The game's name for closing a listening socket is no socket call a learner could look up.
      if (p.call === 'unlisten') return { key: 'prompt.unlisten', params };
      return { key: 'prompt.call', params };
    }
    case 'timer-expired': {
      const timer = p.timer;
      if (!timer) return { key: 'prompt.timer' };
      switch (timer.kind) {
        case 'retransmission':
          return {
            // An orphan (its application called close()) is bounded by Linux's tcp_orphan_retries.
            key: timer.orphaned ? 'prompt.timer.retransmission.orphan' : 'prompt.timer.retransmission',
            params: { rto: seconds(timer.rtoMs), segment: describe(timer.segment), retries: timer.retries, limit: timer.retryLimit, remote: d.tcb.remote },
          };
        case 'time-wait':
          // Linux's TIME-WAIT is a constant (TCP_TIMEWAIT_LEN), not twice an MSL it could be told.
          return { key: timer.profile === 'linux' ? 'prompt.timer.timeWait.linux' : 'prompt.timer.timeWait', params: { total: seconds(timer.durationMs), msl: seconds(timer.mslMs), remote: d.tcb.remote } };
        case 'user-timeout':
          return { key: 'prompt.timer.userTimeout', params: { total: seconds(timer.durationMs), remote: d.tcb.remote } };
        case 'fin-wait-2':
          return { key: 'prompt.timer.finWait2', params: { total: seconds(timer.durationMs), remote: d.tcb.remote } };
        case 'delayed-ack':
          return { key: 'prompt.timer.delayedAck', params: { delay: seconds(timer.delayMs), rcvNxt: d.tcb.rcvNxt ?? '' } };
        default: {
          const unreachable: never = timer;
          return unreachable;
        }
      }
    }
    default: {
      const unreachable: never = p;
      return unreachable;
    }
  }
}

/** The arrived segment a decision answers, if it answers one. */
function arrived(d: DecisionView): { seq: number; ack: number; hasAck: boolean; len: number } | null {
  const p = d.prompt;
  return p.kind === 'segment-arrived' ? { seq: p.seq, ack: p.ack, hasAck: p.flags.ACK, len: segmentLength(p) } : null;
}

/**
 * Where one decision acts on several connections (a listener closing resets each one in its
 * queues), every TCB variable says whose it is: the decision's own connection as well as the others.
 */
function ownOf(d: DecisionView): { of?: string } {
  return d.others?.length ? { of: d.tcb.remote } : {};
}

/**
 * Values for the seq field: the host's own send variables by name, and for a reset answering a
 * segment what RFC 9293 §3.10.7 puts there (SEG.ACK, or 0 when no TCB exists and SEG has no ACK).
 */
export function seqHelpers(d: DecisionView | null): Helper[] {
  if (!d) return [];
  const out: Helper[] = [];
  const { iss, sndUna, sndNxt } = d.tcb;
  const of = ownOf(d);
  // Closing a listener resets each connection in its queues with <SEQ=SND.NXT><CTL=RST>: one value
  // a connection. (ISS and SND.UNA too made the composer, a chip a variable per connection, taller
  // than its panel: Send and Wait went below the screen at 1280×720.)
  if (d.others?.length) return [...(sndNxt !== null ? [{ name: 'SND.NXT', value: sndNxt, ...of }] : []), ...d.others.map((o) => ({ name: 'SND.NXT', value: o.sndNxt, of: o.remote }))];
  if (iss !== null) out.push({ name: 'ISS', value: iss, ...of });
  if (sndUna !== null) out.push({ name: 'SND.UNA', value: sndUna, ...of });
  if (sndNxt !== null) out.push({ name: 'SND.NXT', value: sndNxt, ...of });
  const seg = arrived(d);
  if (seg?.hasAck) out.push({ name: 'SEG.ACK', value: seg.ack });
  if (seg && !seg.hasAck && d.tcb.state === null && !d.tcb.issJustPicked) out.push({ name: '0', value: 0 });
  for (const o of d.others ?? []) out.push({ name: 'SND.NXT', value: o.sndNxt, of: o.remote });
  return out;
}

/** Values for the acknowledgment number: RCV.NXT as the event found it, and the end of the arrived segment. */
export function ackHelpers(d: DecisionView | null): Helper[] {
  if (!d) return [];
  const out: Helper[] = [];
  if (d.tcb.rcvNxt !== null) out.push({ name: 'RCV.NXT', value: d.tcb.rcvNxt, ...ownOf(d) });
  const seg = arrived(d);
  if (seg) out.push({ name: 'SEG.SEQ+SEG.LEN', value: seqAdd(seg.seq, seg.len) });
  for (const o of d.others ?? []) out.push({ name: 'RCV.NXT', value: o.rcvNxt, of: o.remote });
  return out;
}

/** Bytes the application handed over that no segment carried yet (queued, or passed by this call). */
export function payloadHelpers(d: DecisionView | null): string[] {
  if (!d) return [];
  // connect() with data: the bytes wait for ESTABLISHED (the SYN carries none), so nothing is
  // offered for the SYN; the connection's buffer already holds them for the decision that sends them.
  if (d.prompt.kind === 'app-call' && d.prompt.call === 'connect') return [];
  const passed = d.prompt.kind === 'app-call' && d.prompt.call === 'send' ? d.prompt.data : '';
  const bytes = d.tcb.sendBuffer + passed;
  return bytes ? [bytes] : [];
}

/** The segment the retransmission timer resends, when that is the timer that fired. */
export function retransmission(d: DecisionView | null): ProposedSegment | null {
  const timer = d?.prompt.kind === 'timer-expired' ? d.prompt.timer : null;
  return timer?.kind === 'retransmission' ? { ...timer.segment, flags: { ...timer.segment.flags } } : null;
}

/**
 * Another connection of the player's host that a segment or a timer is about (a SYN flood's
 * half-open connection whose SYN-ACK timer fired, another client's ACK), with its state; null when
 * the decision is about the connection the player plays, about no connection yet (a SYN reaching
 * the listener), or an application call (made on the player's own socket or its listener:
 * closing the listener acts on every connection in its queues at once).
 */
export function otherConnection(view: RoundView): { remote: string; state: TcpState } | null {
  const you = view.you;
  const d = view.decision;
  if (!you || !d || d.prompt.kind === 'app-call' || d.tcb.state === null || d.tcb.remote === view.hosts[you].peer) return null;
  return { remote: d.tcb.remote, state: d.tcb.state };
}

/**
 * The state the decision starts from: the connection it is about (RFC 9293 gives states to
 * connections), else the state the player's host shows. A move with no new state picked keeps it.
 */
export function decisionState(view: RoundView): TcpState {
  const you = view.you;
  // A segment no connection owns goes to the listener, and close() on the listening socket is the
  // listener's own call (RFC 9293 §3.10.4: CLOSE in LISTEN), whatever the played connection's state.
  if (toListener(view) || (view.decision?.prompt.kind === 'app-call' && view.decision.prompt.call === 'unlisten')) return 'LISTEN';
  return otherConnection(view)?.state ?? (you ? view.hosts[you].state : null) ?? 'CLOSED';
}

/**
 * A segment for which the host has no connection, reaching a host that listens: its listener
 * answers it (RFC 9293 §3.10.7.2), so the move starts from LISTEN, whatever state the connection
 * the player plays is in (a new client's SYN while the player's own handshake waits in
 * SYN-RECEIVED behind a full accept queue).
 */
function toListener(view: RoundView): boolean {
  const you = view.you;
  const d = view.decision;
  return !!you && !!d && d.prompt.kind === 'segment-arrived' && d.tcb.state === null && !!view.hosts[you].queues;
}

export function composerContextOf(view: RoundView): ComposerContext | null {
  const you = view.you;
  if (!you) return null;
  const d = view.decision;
  return {
    role: you,
    ownState: decisionState(view),
    hostState: view.hosts[you].state ?? 'CLOSED',
    seqHelpers: seqHelpers(d),
    ackHelpers: ackHelpers(d),
    payloads: payloadHelpers(d),
    remote: d ? d.tcb.remote : null,
    // Only the retransmission timer resends anything: TIME-WAIT, the user timeout and a delayed ACK do not.
    retransmitReady: retransmission(d) !== null,
    watchOnly: false,
    decisionId: d?.id ?? null,
    attempts: d?.attempts ?? 0,
    prompt: promptLines(view),
  };
}

/** The Move a proposal stands for: Wait sends nothing, Retransmit resends the segment the retransmission timer names. */
export function moveOf(p: MoveProposal, view: RoundView): Move | null {
  const you = view.you;
  if (!you) return null;
  const state: TcpState = p.newState ?? decisionState(view);
  const current: ProposedSegment = { flags: { ...p.flags }, seq: p.seq ?? 0, ack: p.ack ?? 0, data: p.data };
  switch (p.kind) {
    case 'wait':
      return { state, segments: [...p.queued] };
    case 'send':
      return { state, segments: [...p.queued, current] };
    case 'retransmit': {
      const old = retransmission(view.decision);
      return old ? { state, segments: [old] } : null;
    }
    default: {
      const unreachable: never = p.kind;
      return unreachable;
    }
  }
}
