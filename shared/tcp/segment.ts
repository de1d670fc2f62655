import { isSeqNumber, seqAdd } from './seq.ts';

/** The four control bits this game plays with (RFC 9293 §3.1). */
export interface ControlBits {
  SYN: boolean;
  ACK: boolean;
  FIN: boolean;
  RST: boolean;
}

export const CONTROL_BITS = ['SYN', 'ACK', 'FIN', 'RST'] as const;
export type ControlBit = (typeof CONTROL_BITS)[number];

/** An "ip:port" socket address. */
export type SocketAddress = string;

export interface Segment {
  src: SocketAddress;
  dst: SocketAddress;
  seq: number;
  /** Meaningful only when flags.ACK is set (RFC 9293 §3.1). */
  ack: number;
  flags: ControlBits;
  /** The receive window the sender advertises. */
  wnd: number;
  /** Application bytes, as text (one character = one sequence number). */
  data: string;
}

export const MAX_WINDOW = 65_535;
/** Largest payload one segment may carry in the game (a stand-in for the MSS). */
export const MAX_SEGMENT_DATA = 1_460;

export function noFlags(): ControlBits {
  return { SYN: false, ACK: false, FIN: false, RST: false };
}

export function flags(...bits: ControlBit[]): ControlBits {
  const f = noFlags();
  for (const b of bits) f[b] = true;
  return f;
}

/** SEG.LEN: data plus one for SYN and one for FIN, which each occupy a sequence number. */
export function segmentLength(seg: Pick<Segment, 'flags' | 'data'>): number {
  return seg.data.length + (seg.flags.SYN ? 1 : 0) + (seg.flags.FIN ? 1 : 0);
}

/** The sequence number just past this segment. */
export function segmentEnd(seg: Pick<Segment, 'seq' | 'flags' | 'data'>): number {
  return seqAdd(seg.seq, segmentLength(seg));
}

/** "SYN, ACK" — the control bits in the order Wireshark prints them. */
export function flagsLabel(f: ControlBits): string {
  const on = (['SYN', 'FIN', 'RST', 'ACK'] as const).filter((b) => f[b]);
  return on.length ? on.join(', ') : '—';
}

export type SegmentProblem =
  | 'seq-out-of-range'
  | 'ack-out-of-range'
  | 'window-out-of-range'
  | 'data-too-long'
  | 'syn-with-fin'
  | 'bad-address';

/** Fields no real TCP could put on the wire; the engine rejects such a segment unchanged. */
export function segmentProblems(seg: Segment): SegmentProblem[] {
  const problems: SegmentProblem[] = [];
  if (typeof seg.src !== 'string' || typeof seg.dst !== 'string' || !seg.src || !seg.dst) problems.push('bad-address');
  if (!isSeqNumber(seg.seq)) problems.push('seq-out-of-range');
  if (!isSeqNumber(seg.ack)) problems.push('ack-out-of-range');
  if (!Number.isInteger(seg.wnd) || seg.wnd < 0 || seg.wnd > MAX_WINDOW) problems.push('window-out-of-range');
  if (typeof seg.data !== 'string' || seg.data.length > MAX_SEGMENT_DATA) problems.push('data-too-long');
  if (seg.flags?.SYN && seg.flags?.FIN) problems.push('syn-with-fin');
  return problems;
}
