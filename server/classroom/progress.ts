/**
 * What a pair room tells its class, computed from the pair's round (a pure function of the Round,
 * so it is the same on every process). The pair room publishes it on the class's presence channel
 * (`classChannel(classId)`); the class room, on whichever process it lives, aggregates it. Nothing
 * here is sent to students: it carries both hosts' states, for the teacher's dashboard only.
 */
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import type { Decision, DecisionRecord, Round } from '../../shared/game/types.ts';
import type { Verdict } from '../../shared/game/judge.ts';
import { predictDecision } from '../../shared/game/expected.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Expected } from '../../shared/game/judge.ts';
import { HEAT_WORDS as W } from '../../shared/classroom/heatWords.ts';
import { playedState } from '../../shared/game/views.ts';
import { BOT_NAME } from '../../shared/classroom/botName.ts';

/** Presence channel a class room listens on. */
export function classChannel(classId: string): string {
  return `tcp-dojo:class:${classId}`;
}

/** Who sits where in a pair room that belongs to a class; passed in the room's create options. */
export interface ClassLink {
  readonly classId: string;
  readonly roundNo: number;
  readonly pairNo: number;
  /** Student id per side; null: the bot plays that side. */
  readonly students: Record<Side, { readonly studentId: string; readonly name: string } | null>;
}

/** One answered decision, reduced to what the misconception heatmap needs. */
export interface DecisionSample {
  readonly side: Side;
  readonly studentId: string;
  /** The host's state before the event ("LISTEN"). */
  readonly before: TcpState;
  /** The event, in TCP words ("SYN arrives", "connect()", "timer expires"). */
  readonly event: string;
  /** What the student chose, e.g. "SYN-RECEIVED · SYN+ACK". */
  readonly chose: string;
  readonly expected: string;
  readonly correct: boolean;
  /** Fields judged / right, per rule: accuracy per rule. */
  readonly rules: Record<string, { judged: number; correct: number }>;
  /** Wall-clock ms the decision was open (thinkTime.ts), not game time. */
  readonly thinkMs: number;
}

export interface HostProgress {
  readonly studentId: string | null;
  readonly name: string;
  readonly controller: 'human' | 'bot';
  readonly state: TcpState;
  readonly score: number;
  readonly judged: number;
  readonly correct: number;
  /** Waiting for this player's decision now. */
  readonly deciding: boolean;
  /**
   * A student's host the bot played this round (they left the round, their connection dropped for
   * good, the teacher removed them, or they never sat down): the state it was in when the bot first
   * took it over (botTookOverIn). `controller` says who plays it now: a student who came back plays
   * it again (backIn). Absent while the bot has not played it, and on the bot's own side.
   */
  readonly botFrom?: TcpState;
  /**
   * The student came back during the round and plays their host again: the state the bot handed
   * it back in. Absent while the bot plays it, and when the bot never had it.
   */
  readonly backIn?: TcpState;
}

export interface PairProgress {
  readonly kind: 'progress' | 'finished';
  readonly classId: string;
  readonly roundNo: number;
  readonly pairNo: number;
  readonly roomId: string;
  readonly scenarioId: string;
  /** Engine ms since the round began. */
  readonly now: number;
  /** Real ms the pair took (pairTime.ts): to its last decision if it completed, else to its end; so far while playing. */
  readonly takenMs: number;
  readonly finished: boolean;
  readonly endReason: string | null;
  readonly hosts: Record<Side, HostProgress>;
  /** Every human decision so far (a round has tens, not thousands). */
  readonly samples: readonly DecisionSample[];
  /** The stored round's id once it is written ('' before). */
  readonly roundId: string;
  /** Only the class room's placeholder for a pair room that has not started its round yet. */
  readonly waiting?: boolean;
}

/**
 * What the dashboard shows for a pair room the class opened before the room has said anything
 * (its students are still sitting down): every pair the server creates is on the dashboard.
 */
export function waitingProgress(link: ClassLink, roomId: string, scenarioId: string): PairProgress {
  const hosts = {} as Record<Side, HostProgress>;
  for (const side of SIDES) {
    const student = link.students[side];
    hosts[side] = {
      studentId: student?.studentId ?? null,
      name: student?.name ?? BOT_NAME,
      controller: student ? 'human' : 'bot',
      state: 'CLOSED',
      score: 0,
      judged: 0,
      correct: 0,
      deciding: false,
    };
  }
  return { kind: 'progress', classId: link.classId, roundNo: link.roundNo, pairNo: link.pairNo, roomId, scenarioId, now: 0, takenMs: 0, finished: false, endReason: null, hosts, samples: [], roundId: '', waiting: true };
}

function flagWord(flags: { SYN: boolean; ACK: boolean; FIN: boolean; RST: boolean }): string {
  const on = (['SYN', 'FIN', 'RST', 'ACK'] as const).filter((b) => flags[b]);
  return on.length ? on.join('+') : W.noFlags;
}

export function eventLabel(event: DecisionRecord['event']): string {
  switch (event.kind) {
    case 'segment':
      return `${flagWord(event.segment.flags)}${event.segment.data ? ` + ${W.data}` : ''} ${W.arrives}`;
    case 'tick':
      return W.timerExpires;
    case 'listen':
    case 'connect':
    case 'send':
    case 'receive':
    case 'close':
    case 'abort':
    case 'unlisten':
    case 'accept':
      return `${event.kind}()`;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

function answerLabel(answer: Move | Expected): string {
  const segs = answer.segments.length === 0 ? W.wait : answer.segments.map((s) => flagWord(s.flags)).join(', ');
  return `${answer.state} · ${segs}`;
}

/**
 * What the student chose, read back from the verdict's `got` fields: in coach mode the record's
 * move is the accepted retry, but the verdict (and the heatmap) is about the first attempt.
 * "ESTABLISHED · ACK", with "(numbers wrong)" when state and flags match but seq/ack/data do not.
 */
export function choiceLabel(record: Pick<DecisionRecord, 'verdict' | 'move' | 'expected'>): string {
  const fields = record.verdict.fields;
  const state = fields.find((f) => f.field === 'state')?.got ?? record.move.state;
  const count = Number(fields.find((f) => f.field === 'segments')?.got ?? record.move.segments.length);
  const segs: string[] = [];
  for (let i = 0; i < count; i++) {
    const bits = (['SYN', 'FIN', 'RST', 'ACK'] as const).filter((b) => fields.some((f) => f.segment === i && f.field === b && f.got === 'on'));
    const judged = fields.some((f) => f.segment === i && f.field === 'SYN');
    segs.push(judged ? (bits.length ? bits.join('+') : W.noFlags) : W.extraSegment);
  }
  const chose = `${state} · ${count === 0 ? W.wait : segs.join(', ')}`;
  if (!record.verdict.correct && chose === answerLabel(record.expected)) return `${chose} ${W.numbersWrong}`;
  return chose;
}

function rulesOf(record: Pick<DecisionRecord, 'verdict'>): Record<string, { judged: number; correct: number }> {
  const out: Record<string, { judged: number; correct: number }> = {};
  for (const f of record.verdict.fields) {
    const r = (out[f.rule] ??= { judged: 0, correct: 0 });
    r.judged += 1;
    if (f.ok) r.correct += 1;
  }
  return out;
}

/** Wall-clock thinking time of a decision, by its id (the room's ThinkClock). */
export type ThinkTime = (decisionId: number) => number;

/**
 * The human decisions as heatmap samples. The state before a decision is the state a correct TCP
 * was left in by the side's previous decision (the engine moves on correctly whatever was sent).
 */
export function decisionSamples(round: Round, link: ClassLink, thinkMs: ThinkTime, tried: readonly OpenTry[] = openTries(round)): DecisionSample[] {
  const before: Record<Side, TcpState> = { client: 'CLOSED', server: 'CLOSED' };
  const out: DecisionSample[] = [];
  for (const d of round.decisions) {
    const student = link.students[d.side];
    if (d.by === 'human' && student) {
      out.push({
        side: d.side,
        studentId: student.studentId,
        before: before[d.side],
        event: eventLabel(d.event),
        chose: choiceLabel(d),
        expected: answerLabel(d.expected),
        correct: d.verdict.correct,
        rules: rulesOf(d),
        thinkMs: thinkMs(d.id),
      });
    }
    before[d.side] = d.expected.state;
  }
  // A decision still open that the student already got wrong (coach mode refused the try): judged
  // on that first try like every other, so a student stuck on it shows on the heatmap now, and in
  // the results when the round ends before they get it right.
  for (const open of tried) {
    const student = link.students[open.side];
    if (!student) continue;
    const record = { verdict: open.verdict, move: { state: open.expected.state, segments: [] }, expected: open.expected };
    out.push({
      side: open.side,
      studentId: student.studentId,
      before: before[open.side],
      event: eventLabel(open.decision.event),
      chose: choiceLabel(record),
      expected: answerLabel(open.expected),
      correct: false,
      rules: rulesOf(record),
      thinkMs: thinkMs(open.decision.id),
    });
  }
  return out;
}

/** An open decision a person already had a try refused at: its first verdict and the right answer. */
export interface OpenTry {
  readonly side: Side;
  readonly decision: Decision;
  readonly verdict: Verdict;
  readonly expected: Expected;
}

/**
 * The round's open decisions a person already got wrong once. A round that ends (stopped, time up)
 * closes its open decisions, so the room reads them off the round just before its last step.
 */
export function openTries(round: Round): OpenTry[] {
  const out: OpenTry[] = [];
  for (const side of SIDES) {
    const slot = round.hosts[side];
    const d = slot.decision;
    if (slot.controller !== 'human' || !d || d.attempts === 0 || !d.firstVerdict || d.firstVerdict.correct) continue;
    const p = predictDecision(slot, d);
    if (p) out.push({ side, decision: d, verdict: d.firstVerdict, expected: p.expected });
  }
  return out;
}

/**
 * Where a student stopped playing their host: the state the round recorded when the bot first took
 * it over (Round.handovers). A host the bot played from the start (its student never sat down) was
 * never taken over: the state its student's last decision left it in, CLOSED as they made none.
 */
export function botTookOverIn(round: Round, side: Side): TcpState {
  const first = round.handovers.find((h) => h.side === side && h.to === 'bot');
  if (first) return first.state;
  let state: TcpState = 'CLOSED';
  for (const d of round.decisions) if (d.side === side && d.by === 'human') state = d.expected.state;
  return state;
}

/** The state the bot last handed the host back to its student in, while the student plays it again; else undefined. */
export function handedBackIn(round: Round, side: Side): TcpState | undefined {
  if (round.hosts[side].controller !== 'human') return undefined;
  const last = round.handovers.findLast((h) => h.side === side);
  return last?.to === 'human' ? last.state : undefined;
}

export function pairProgress(round: Round, link: ClassLink, roomId: string, thinkMs: ThinkTime, roundId = '', tried: readonly OpenTry[] = openTries(round), takenMs = 0): PairProgress {
  const hosts = {} as Record<Side, HostProgress>;
  for (const side of SIDES) {
    const slot = round.hosts[side];
    const student = link.students[side];
    hosts[side] = {
      studentId: student?.studentId ?? null,
      name: student?.name ?? BOT_NAME,
      controller: slot.controller,
      // The same "your state" the student's own panels read (views.ts playedState).
      state: playedState(round, slot),
      score: slot.score,
      // (A decision still open after a refused try counts as judged, and wrong: decisionSamples.)
      judged: slot.judged + tried.filter((o) => o.side === side).length,
      correct: slot.correct,
      deciding: slot.decision !== null,
      ...(student && (slot.controller === 'bot' || round.handovers.some((h) => h.side === side)) ? { botFrom: botTookOverIn(round, side) } : {}),
      ...(student && handedBackIn(round, side) !== undefined ? { backIn: handedBackIn(round, side) } : {}),
    };
  }
  return {
    kind: round.finished ? 'finished' : 'progress',
    classId: link.classId,
    roundNo: link.roundNo,
    pairNo: link.pairNo,
    roomId,
    scenarioId: round.settings.scenarioId,
    now: round.now,
    takenMs,
    finished: round.finished,
    endReason: round.endReason,
    hosts,
    samples: decisionSamples(round, link, thinkMs, tried),
    roundId,
  };
}
