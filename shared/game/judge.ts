import type { RuleId } from '../rules/ids.ts';
import { CONTROL_BITS, type ControlBit } from '../tcp/segment.ts';
import type { TcpState } from '../tcp/states.ts';
import type { Move, ProposedSegment } from './move.ts';

/** What a correct TCP does, with the rule behind the state and behind each segment. */
export interface ExpectedSegment extends ProposedSegment {
  rule: RuleId;
  retransmission: boolean;
}

export interface Expected {
  state: TcpState;
  stateRule: RuleId;
  segments: ExpectedSegment[];
  /** Why nothing is sent, when nothing is. */
  waitRule: RuleId;
}

export type FieldName = 'state' | 'segments' | ControlBit | 'seq' | 'ack' | 'data';

export interface FieldVerdict {
  field: FieldName;
  /** Which segment (0-based); null for the state and the segment count. */
  segment: number | null;
  ok: boolean;
  expected: string;
  got: string;
  rule: RuleId;
}

export interface Verdict {
  correct: boolean;
  fields: FieldVerdict[];
  /** Fields right / fields judged. */
  points: number;
  outOf: number;
}

/**
 * Compare a move field by field with a correct TCP's response: the state, how many segments,
 * then for each segment every control bit, seq, ack (when ACK is on) and payload. Every
 * difference names the rule that requires the right value.
 */
export function judgeMove(expected: Expected, move: Move): Verdict {
  const fields: FieldVerdict[] = [];
  fields.push({ field: 'state', segment: null, ok: move.state === expected.state, expected: expected.state, got: move.state, rule: expected.stateRule });

  const countRule = expected.segments[0]?.rule ?? expected.waitRule;
  fields.push({
    field: 'segments',
    segment: null,
    ok: move.segments.length === expected.segments.length,
    expected: String(expected.segments.length),
    got: String(move.segments.length),
    rule: countRule,
  });

  const n = Math.min(expected.segments.length, move.segments.length);
  for (let i = 0; i < n; i++) {
    const want = expected.segments[i]!;
    const got = move.segments[i]!;
    for (const bit of CONTROL_BITS) {
      fields.push({ field: bit, segment: i, ok: want.flags[bit] === got.flags[bit], expected: want.flags[bit] ? 'on' : 'off', got: got.flags[bit] ? 'on' : 'off', rule: want.rule });
    }
    const seqRule: RuleId = want.retransmission ? want.rule : 'seq.segment-seq-is-snd-nxt';
    fields.push({ field: 'seq', segment: i, ok: want.seq === got.seq, expected: String(want.seq), got: String(got.seq), rule: want.flags.RST ? want.rule : seqRule });
    if (want.flags.ACK) {
      fields.push({ field: 'ack', segment: i, ok: want.ack === got.ack, expected: String(want.ack), got: String(got.ack), rule: ackRule(want) });
    }
    fields.push({ field: 'data', segment: i, ok: want.data === got.data, expected: want.data, got: got.data, rule: want.rule });
  }
  const points = fields.filter((f) => f.ok).length;
  return { correct: points === fields.length, fields, points, outOf: fields.length };
}

function ackRule(want: ExpectedSegment): RuleId {
  // The ACK of a held (out-of-order) segment, or of a filled gap, is explained by the reassembly rule itself.
  if (want.rule === 'data.out-of-order-dup-ack' || want.rule === 'data.reassembled') return want.rule;
  if (want.rule === 'close.ack-of-fin' || want.rule === 'close.time-wait-fin-reacked') return 'seq.fin-consumes-one';
  if (want.rule === 'open.listen-syn-ack' || want.rule === 'open.syn-sent-ack-of-syn-ack') return 'seq.syn-consumes-one';
  return 'seq.ack-is-rcv-nxt';
}

/** The move a correct TCP makes: used by the bot, by coach-mode hints and by tests. */
export function correctMove(expected: Expected): Move {
  return {
    state: expected.state,
    segments: expected.segments.map((s) => ({ flags: { ...s.flags }, seq: s.seq, ack: s.ack, data: s.data })),
  };
}

/** The wrong fields of a verdict, the ones a player needs explained. */
export function mistakes(verdict: Verdict): FieldVerdict[] {
  return verdict.fields.filter((f) => !f.ok);
}
