/**
 * The right answer to a decision of the `handshake` scenario (open, then the four-way close), from
 * nothing but the player's own view, as a student who knows RFC 9293 would work it out: its state,
 * what arrived, its ISN, and the segments it sent and received. Tests of processes they cannot
 * look inside use it (the in-process tests replay the room's log instead, see gameHarness.ts).
 * Anything outside a calm handshake-and-close is an error, not a guess.
 */
import type { Move, ProposedSegment } from '../../shared/game/move.ts';
import type { ControlBits } from '../../shared/tcp/segment.ts';
import type { RoundView, SegmentView } from '../../shared/game/views.ts';

const flags = (...on: Array<keyof ControlBits>): ControlBits => ({ SYN: on.includes('SYN'), ACK: on.includes('ACK'), FIN: on.includes('FIN'), RST: on.includes('RST') });
const segment = (f: ControlBits, seq: number, ack: number): ProposedSegment => ({ flags: f, seq, ack, data: '' });

/** Sequence space a segment takes: its data, plus one each for SYN and FIN (RFC 9293 §3.4). */
const length = (s: Pick<SegmentView, 'len' | 'flags'>): number => s.len + (s.flags.SYN ? 1 : 0) + (s.flags.FIN ? 1 : 0);
const mod32 = (n: number): number => n >>> 0;

export function textbookMove(view: RoundView): Move {
  const me = view.you;
  const decision = view.decision;
  if (me === null || decision === null) throw new Error('no decision is waiting for this player');
  const state = view.hosts[me].state;
  const sent = view.flights.filter((f) => f.from === me && !f.duplicate);
  const received = view.flights.filter((f) => f.from !== me && f.fate === 'arrived');
  // SND.NXT: after the last new sequence number sent; RCV.NXT: after the last one received.
  const sndNxt = sent.length ? mod32(Math.max(...sent.map((f) => f.seq + length(f)))) : (decision.yourIss ?? 0);
  const rcvNxt = received.length ? mod32(Math.max(...received.map((f) => f.seq + length(f)))) : 0;
  const prompt = decision.prompt;
  const where = `${state} / ${JSON.stringify(prompt)}`;

  if (prompt.kind === 'app-call') {
    if (prompt.call === 'listen' && state === 'CLOSED') return { state: 'LISTEN', segments: [] }; // §3.10.1 passive OPEN
    if (prompt.call === 'connect' && state === 'CLOSED') return { state: 'SYN-SENT', segments: [segment(flags('SYN'), decision.yourIss!, 0)] }; // §3.10.1 active OPEN
    if (prompt.call === 'accept') return { state: state!, segments: [] }; // the connection is already there
    if (prompt.call === 'close' && state === 'ESTABLISHED') return { state: 'FIN-WAIT-1', segments: [segment(flags('FIN', 'ACK'), sndNxt, rcvNxt)] }; // §3.10.4
    if (prompt.call === 'close' && state === 'CLOSE-WAIT') return { state: 'LAST-ACK', segments: [segment(flags('FIN', 'ACK'), sndNxt, rcvNxt)] }; // §3.10.4
    throw new Error(`no textbook answer for ${where}`);
  }
  if (prompt.kind === 'timer-expired') {
    if (state === 'TIME-WAIT') return { state: 'CLOSED', segments: [] }; // §3.10.8, 2×MSL over
    throw new Error(`no textbook answer for ${where}`);
  }
  const f = prompt.flags;
  const next = mod32(prompt.seq + (prompt.data?.length ?? 0) + (f.SYN ? 1 : 0) + (f.FIN ? 1 : 0));
  if (state === 'LISTEN' && f.SYN && !f.ACK) return { state: 'SYN-RECEIVED', segments: [segment(flags('SYN', 'ACK'), decision.yourIss!, next)] }; // §3.10.7.2
  if (state === 'SYN-SENT' && f.SYN && f.ACK) return { state: 'ESTABLISHED', segments: [segment(flags('ACK'), prompt.ack, next)] }; // §3.10.7.3
  if (state === 'SYN-RECEIVED' && f.ACK && !f.FIN) return { state: 'ESTABLISHED', segments: [] }; // §3.10.7.4
  if (state === 'ESTABLISHED' && f.FIN) return { state: 'CLOSE-WAIT', segments: [segment(flags('ACK'), sndNxt, next)] };
  if (state === 'FIN-WAIT-1' && f.ACK && !f.FIN && prompt.ack === sndNxt) return { state: 'FIN-WAIT-2', segments: [] };
  if (state === 'FIN-WAIT-2' && f.FIN) return { state: 'TIME-WAIT', segments: [segment(flags('ACK'), sndNxt, next)] };
  // §3.10.7.4 LAST-ACK: our FIN is acknowledged, the connection is CLOSED (a listening socket stays in LISTEN).
  if (state === 'LAST-ACK' && f.ACK && prompt.ack === sndNxt) return { state: 'CLOSED', segments: [] };
  throw new Error(`no textbook answer for ${where}`);
}
