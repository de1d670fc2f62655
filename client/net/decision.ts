/**
 * The player's side of a decision, from what the player saw and nothing else: the prompt in words,
 * the composer's helpers ("peer's seq + 1" from the segment that just arrived, "my next seq" from
 * the segments this host has sent), and the Move a proposal becomes. The judge is on the server.
 */
import type { Move, ProposedSegment } from '../../shared/game/move.ts';
import type { RoundView, SegmentView } from '../../shared/game/views.ts';
import { flagsLabel, segmentLength } from '../../shared/tcp/segment.ts';
import { seqAdd, seqGt } from '../../shared/tcp/seq.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import type { ComposerContext, MoveProposal, PromptText } from '../events.ts';

const space = (f: Pick<SegmentView, 'flags' | 'data'>): number => segmentLength({ flags: f.flags, data: f.data });

/** Segments this player's host put on the wire itself (not copies the wire made, not injections). */
export function ownSegments(view: RoundView): SegmentView[] {
  return view.flights.filter((f) => f.from === view.you && !f.duplicate && !f.injected);
}

/** Segments that reached this player's host from the other side. */
export function arrivedSegments(view: RoundView): SegmentView[] {
  return view.flights.filter((f) => f.from !== view.you && f.fate === 'arrived');
}

/**
 * SND.NXT as the player can know it: just past the furthest byte it has sent; before its first
 * segment, the ISN its own TCP chose (which the decision tells it).
 */
export function myNextSeq(view: RoundView): number | null {
  let nxt: number | null = null;
  const iss = view.decision?.yourIss ?? (view.you ? view.hosts[view.you].iss : null);
  if (iss !== null && iss !== undefined && ownSegments(view).length === 0) return iss;
  for (const f of ownSegments(view)) {
    const end = seqAdd(f.seq, space(f));
    if (nxt === null || seqGt(end, nxt)) nxt = end;
  }
  return nxt;
}

/** The peer's segment the decision is about, else the newest one that arrived. */
export function peerSegment(view: RoundView): { seq: number; len: number } | null {
  const p = view.decision?.prompt;
  if (p?.kind === 'segment-arrived') return { seq: p.seq, len: space(p) };
  const arrived = arrivedSegments(view);
  const last = arrived[arrived.length - 1];
  return last ? { seq: last.seq, len: space(last) } : null;
}

/**
 * The oldest segment of ours that occupies sequence space and that no arrived ACK covers: what the
 * retransmission timer resends (RFC 9293 §3.8.1 / RFC 6298 §5.4).
 */
export function oldestUnacked(view: RoundView): ProposedSegment | null {
  const copy = (f: SegmentView): ProposedSegment => ({ flags: { ...f.flags }, seq: f.seq, ack: f.ack, data: f.data });
  const own = ownSegments(view).filter((f) => space(f) > 0);
  // Until the handshake completes, what is unacknowledged is our SYN (an ACK that arrived may still
  // wait in the queue of events this player has not answered yet, so arrivals alone can mislead).
  const state = view.you ? view.hosts[view.you].state : null;
  if (state === 'SYN-SENT' || state === 'SYN-RECEIVED') {
    const syn = [...own].reverse().find((f) => f.flags.SYN);
    if (syn) return copy(syn);
  }
  let acked: number | null = null;
  for (const f of arrivedSegments(view)) if (f.flags.ACK && (acked === null || seqGt(f.ack, acked))) acked = f.ack;
  for (const f of own) {
    if (acked !== null && !seqGt(seqAdd(f.seq, space(f)), acked)) continue;
    return copy(f);
  }
  const last = own[own.length - 1];
  return last ? copy(last) : null;
}

export function promptText(view: RoundView): PromptText | null {
  const d = view.decision;
  if (!d) return view.finished ? null : { key: 'prompt.none' };
  const p = d.prompt;
  switch (p.kind) {
    case 'segment-arrived':
      if (p.flags.SYN && !p.flags.ACK && d.yourIss !== null && !ownSegments(view).some((f) => f.flags.SYN)) {
        // A SYN reached a listener: its TCP has picked an ISN for the SYN-ACK.
        return { key: 'prompt.synIss', params: { flags: flagsLabel(p.flags), seq: p.seq, len: p.data.length, from: p.from, iss: d.yourIss } };
      }
      return {
        key: p.flags.ACK ? 'prompt.segmentAck' : 'prompt.segment',
        params: { flags: flagsLabel(p.flags), seq: p.seq, ack: p.ack, len: p.data.length, from: p.from },
      };
    case 'app-call':
      if (p.call === 'connect' && d.yourIss !== null) return { key: 'prompt.connectIss', params: { call: p.call, iss: d.yourIss } };
      return { key: p.data ? 'prompt.callData' : 'prompt.call', params: { call: p.call, data: p.data } };
    case 'timer-expired':
      return { key: 'prompt.timer' };
    default: {
      const unreachable: never = p;
      return unreachable;
    }
  }
}

export function composerContextOf(view: RoundView): ComposerContext | null {
  const you = view.you;
  if (!you) return null;
  const own = view.hosts[you].state ?? 'CLOSED';
  const peer = peerSegment(view);
  return {
    role: you,
    ownState: own,
    sndNxt: myNextSeq(view),
    peerSeq: peer?.seq ?? null,
    peerLen: peer?.len ?? null,
    retransmitReady: view.decision?.prompt.kind === 'timer-expired' && oldestUnacked(view) !== null,
    watchOnly: false,
    decisionId: view.decision?.id ?? null,
    prompt: promptText(view),
  };
}

/** The Move a proposal stands for: Wait sends nothing, Retransmit resends the oldest unacknowledged segment. */
export function moveOf(p: MoveProposal, view: RoundView): Move | null {
  const you = view.you;
  if (!you) return null;
  const state: TcpState = p.newState ?? view.hosts[you].state ?? 'CLOSED';
  const current: ProposedSegment = { flags: { ...p.flags }, seq: p.seq ?? 0, ack: p.ack ?? 0, data: p.data };
  switch (p.kind) {
    case 'wait':
      return { state, segments: [...p.queued] };
    case 'send':
      return { state, segments: [...p.queued, current] };
    case 'retransmit': {
      const old = oldestUnacked(view);
      return old ? { state, segments: [old] } : null;
    }
    default: {
      const unreachable: never = p.kind;
      return unreachable;
    }
  }
}
