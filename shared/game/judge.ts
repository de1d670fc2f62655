import type { RuleId } from '../rules/ids.ts';
import { CONTROL_BITS, type ControlBit } from '../tcp/segment.ts';
import type { TcpState } from '../tcp/states.ts';
import type { Move, ProposedSegment } from './move.ts';

/** What a correct TCP does, with the rule behind the state and behind each segment. */
export interface ExpectedSegment extends ProposedSegment {
  rule: RuleId;
  retransmission: boolean;
}

/** Kinds of right answer other than the engine's own move (see allowed.ts for when each applies). */
export type AlternativeKind = 'delayed-ack' | 'extra-ack' | 'no-extra-ack' | 'seq-check' | 'half-open-deleted' | 'rst-ack';
export type AllowedKind = 'engine' | AlternativeKind;

/** Another move RFC 9293 allows at this decision, with the rule that explains why both are right. */
export interface Alternative {
  kind: AlternativeKind;
  state: TcpState;
  segments: ExpectedSegment[];
  rule: RuleId;
}

export interface Expected {
  state: TcpState;
  stateRule: RuleId;
  segments: ExpectedSegment[];
  /** Why nothing is sent, when nothing is. */
  waitRule: RuleId;
  /** Other moves RFC 9293 allows here; the engine's own move (the fields above) is always allowed. */
  alternatives?: Alternative[];
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

/** One right answer: the engine's, or an alternative, with the rule that says why it is right. */
export interface AllowedMove {
  kind: AllowedKind;
  rule: RuleId;
  move: Move;
}

export interface Verdict {
  correct: boolean;
  fields: FieldVerdict[];
  /** Fields right / fields judged (a right answer earns full marks whichever right answer it is). */
  points: number;
  outOf: number;
  /** Index in `allowed` of the answer this move matched, or came closest to when it is wrong. */
  matched: number;
  /** Every right answer here: the engine's first, then each alternative RFC 9293 also allows. */
  allowed: AllowedMove[];
}

/** The right answers at a decision, the engine's first. */
export function allowedMoves(expected: Expected): AllowedMove[] {
  const engine: AllowedMove = { kind: 'engine', rule: expected.segments[0]?.rule ?? expected.waitRule, move: correctMove(expected) };
  return [engine, ...(expected.alternatives ?? []).map((a) => ({ kind: a.kind, rule: a.rule, move: { state: a.state, segments: a.segments.map(proposed) } }))];
}

/**
 * Compare a move with every right answer and keep the verdict against the one it matches, or,
 * when it matches none, the one it comes closest to (most fields right), so that each mistake is
 * explained against the answer the player was attempting.
 */
export function judgeMove(expected: Expected, move: Move): Verdict {
  const options: Expected[] = [
    expected,
    ...(expected.alternatives ?? []).map((a) => ({ state: a.state, stateRule: expected.stateRule, segments: a.segments, waitRule: a.rule })),
  ];
  const judged = options.map((o) => judgeAgainst(o, move));
  let best = judged.findIndex((v) => v.correct);
  if (best < 0) {
    best = 0;
    judged.forEach((v, i) => {
      if (v.points > judged[best]!.points) best = i;
    });
  }
  const v = judged[best]!;
  const full = Math.max(...options.map(fieldCount));
  return { ...v, points: v.correct ? full : v.points, outOf: v.correct ? full : v.outOf, matched: best, allowed: allowedMoves(expected) };
}

/**
 * One right answer, field by field: the state, how many segments, then for each segment every
 * control bit, seq, ack (when ACK is on) and payload. Every difference names the rule that
 * requires the right value, for exactly this case (a SYN-ACK repeats ISS, a retransmission its
 * original seq, an ACK of a FIN counts the FIN).
 */
function judgeAgainst(expected: Expected, move: Move): Omit<Verdict, 'matched' | 'allowed'> {
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
    for (let b = 0; b < CONTROL_BITS.length; b++) {
      const bit = CONTROL_BITS[b]!;
      // A FIN or SYN the right segment does not carry (a FIN sent before the application called
      // close(), a SYN on a plain ACK) is a mistake about where the connection is, so the rule of
      // the state explains it ("ACK the peer's FIN, enter CLOSE-WAIT: send until your application
      // closes"), not the rule of the segment that is right ("ack = FIN's seq + 1").
      const stateBit = (bit === 'FIN' || bit === 'SYN') && got.flags[bit] && !want.flags[bit];
      fields.push({ field: bit, segment: i, ok: want.flags[bit] === got.flags[bit], expected: want.flags[bit] ? 'on' : 'off', got: got.flags[bit] ? 'on' : 'off', rule: stateBit ? expected.stateRule : want.rule });
    }
    fields.push({ field: 'seq', segment: i, ok: want.seq === got.seq, expected: String(want.seq), got: String(got.seq), rule: seqRule(want) });
    if (want.flags.ACK) {
      // With its ACK bit off a segment carries no acknowledgment number: the player's says so, not "0".
      fields.push({ field: 'ack', segment: i, ok: want.ack === got.ack, expected: String(want.ack), got: got.flags.ACK ? String(got.ack) : '', rule: ackRule(want) });
    }
    // Bytes put on a SYN are not taken (the rule says why); elsewhere the segment's own rule says what it carries.
    fields.push({ field: 'data', segment: i, ok: want.data === got.data, expected: want.data, got: got.data, rule: want.flags.SYN && got.data !== '' ? 'open.syn-data-not-accepted' : want.rule });
  }
  const points = fields.filter((f) => f.ok).length;
  return { correct: points === fields.length, fields, points, outOf: fields.length };
}

/** How many fields a move matching this answer exactly is judged on. */
function fieldCount(expected: Expected): number {
  // The state and the segment count, then per segment four control bits, seq, ack (if ACK) and data.
  return 2 + expected.segments.reduce((n, s) => n + CONTROL_BITS.length + 2 + (s.flags.ACK ? 1 : 0), 0);
}

/** The rule that fixes this segment's seq. */
function seqRule(want: ExpectedSegment): RuleId {
  // A RST's seq depends on what it answers (the rule says), a retransmission repeats its original.
  if (want.flags.RST || want.retransmission) return want.rule;
  if (want.flags.SYN) return 'seq.syn-is-iss';
  return 'seq.segment-seq-is-snd-nxt';
}

const ACKS_A_FIN: ReadonlySet<RuleId> = new Set<RuleId>(['close.ack-of-fin', 'close.time-wait-fin-reacked']);
const ACKS_A_SYN: ReadonlySet<RuleId> = new Set<RuleId>([
  'open.listen-syn-ack',
  'open.syn-sent-ack-of-syn-ack',
  'open.simultaneous-syn',
  'open.syn-received-dup-syn',
  'data.piggyback-third-segment',
  'timer.retransmit-syn-ack',
]);

/** The rule that fixes this segment's acknowledgment number. */
function ackRule(want: ExpectedSegment): RuleId {
  // The ACK of a held (out-of-order) segment, or of a filled gap, is explained by the reassembly rule itself.
  if (want.rule === 'data.out-of-order-dup-ack' || want.rule === 'data.reassembled') return want.rule;
  // A RST,ACK from a closed port acknowledges the offending segment, not a RCV.NXT (there is none).
  if (want.flags.RST) return want.rule;
  if (ACKS_A_FIN.has(want.rule)) return 'seq.fin-consumes-one';
  if (ACKS_A_SYN.has(want.rule)) return 'seq.syn-consumes-one';
  return 'seq.ack-is-rcv-nxt';
}

function proposed(s: ExpectedSegment): ProposedSegment {
  return { flags: { ...s.flags }, seq: s.seq, ack: s.ack, data: s.data };
}

/** The move a correct TCP makes: used by the bot, by coach-mode hints and by tests. */
export function correctMove(expected: Expected): Move {
  return { state: expected.state, segments: expected.segments.map(proposed) };
}

/** The wrong fields of a verdict, the ones a player needs explained. */
export function mistakes(verdict: Verdict): FieldVerdict[] {
  return verdict.fields.filter((f) => !f.ok);
}
