/**
 * "What would Linux do?" / "What does the RFC say?": replay a finished round's inputs — the same
 * scenario (its application calls and injections), the same seed (the same ISNs), the same wire
 * fates — with a correct TCP on both hosts, once under the round's profile and once under the
 * other, and find each point where the two stacks answer differently. Pure: the client's compare
 * view only draws what this returns.
 */
import { RULES } from '../rules/catalogue.ts';
import type { RuleId } from '../rules/ids.ts';
import { otherProfile, type Profile } from '../tcp/config.ts';
import type { TcpState } from '../tcp/states.ts';
import { CONTROL_BITS } from '../tcp/segment.ts';
import { SIDES, type ScriptedFault, type Side, type WireSettings } from '../tcp/wire.ts';
import type { ProposedSegment } from './move.ts';
import { createRound, fateKey, runToEnd, scenarioOf } from './round.ts';
import type { DecisionRecord, RecordedFate, Round } from './types.ts';

/** What a round was played with, enough to play it again under either profile. */
export interface RoundInputs {
  scenarioId: string;
  profile: Profile;
  seed: number;
  wire: WireSettings;
  /** The scripted faults the round's wire applied ("drop the next two SYN-ACKs"). */
  faults: ScriptedFault[];
  /** The flooder bot's spoofed SYNs were part of the round. */
  flood: boolean;
  timeLimitMs: number;
  fates: RecordedFate[];
}

/** The inputs of a round: its scenario, seed, wire and what became of each segment it sent. */
export function inputsOf(round: Round): RoundInputs {
  const s = round.settings;
  const scenario = scenarioOf(round);
  const fates: RecordedFate[] = [];
  const seen = new Map<string, number>();
  for (const f of round.flights) {
    if (f.injected || f.duplicate) continue;
    const key = fateKey(f.segment);
    const count = seen.get(`${f.from}|${key}`) ?? 0;
    seen.set(`${f.from}|${key}`, count + 1);
    // The wire puts its copy of a segment right after the original.
    const copy = round.flights.find((d) => d.duplicate && d.id === f.id + 1);
    fates.push({
      from: f.from,
      key,
      occurrence: count,
      lost: f.lost,
      travelMs: f.arrivesAt - f.sentAt,
      lostAfterMs: f.lostAt === null ? null : f.lostAt - f.sentAt,
      duplicateTravelMs: copy ? copy.arrivesAt - copy.sentAt : null,
      reordered: f.reordered,
    });
  }
  return {
    scenarioId: s.scenarioId,
    profile: s.profile ?? scenario.profile,
    seed: s.seed,
    wire: s.wire ?? scenario.wire,
    faults: (s.faults ?? scenario.faults).map((f) => ({ ...f, withFlags: [...f.withFlags] })),
    flood: s.personality === 'flooder' && s.controllers.client === 'bot',
    timeLimitMs: s.timeLimitMs ?? scenario.timeLimitMs,
    fates,
  };
}

const msOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 3_600_000);

function faultIsSound(f: ScriptedFault): boolean {
  return (
    typeof f === 'object' && f !== null && ['drop', 'duplicate', 'delay'].includes(f.action) && (f.from === 'client' || f.from === 'server') &&
    Array.isArray(f.withFlags) && f.withFlags.every((b) => (CONTROL_BITS as readonly string[]).includes(b)) && typeof f.exact === 'boolean' &&
    Number.isInteger(f.count) && f.count >= 0 && (f.skip === undefined || Number.isInteger(f.skip)) && (f.extraDelayMs === undefined || msOrNull(f.extraDelayMs))
  );
}

function fateIsSound(f: RecordedFate): boolean {
  return (
    typeof f === 'object' && f !== null && (f.from === 'client' || f.from === 'server') && typeof f.key === 'string' &&
    Number.isInteger(f.occurrence) && f.occurrence >= 0 && typeof f.lost === 'boolean' && typeof f.reordered === 'boolean' &&
    typeof f.travelMs === 'number' && msOrNull(f.travelMs) && msOrNull(f.lostAfterMs) && msOrNull(f.duplicateTravelMs)
  );
}

/** The round again, both hosts played by a correct TCP under `profile`; a rejection if the inputs are not a round's. */
export function replayUnder(inputs: RoundInputs, profile: Profile): { ok: true; round: Round } | { ok: false; reason: string } {
  if (typeof inputs !== 'object' || inputs === null || !Array.isArray(inputs.fates)) return { ok: false, reason: 'not the inputs of a round' };
  if (!Number.isFinite(inputs.timeLimitMs) || inputs.timeLimitMs <= 0 || inputs.timeLimitMs > 24 * 3_600_000) return { ok: false, reason: 'timeLimitMs must be a positive number of ms, at most a day' };
  if (!Array.isArray(inputs.faults) || !inputs.faults.every(faultIsSound)) return { ok: false, reason: 'faults must be scripted faults' };
  const bad = inputs.fates.findIndex((f) => !fateIsSound(f));
  if (bad >= 0) return { ok: false, reason: `fate ${bad} is not a recorded fate` };
  const created = createRound({
    scenarioId: inputs.scenarioId,
    mode: 'consequences',
    seed: inputs.seed,
    controllers: { client: 'bot', server: 'bot' },
    personality: inputs.flood ? 'flooder' : 'textbook',
    wire: inputs.wire,
    faults: inputs.faults,
    profile,
    timeLimitMs: inputs.timeLimitMs,
    fates: inputs.fates,
  });
  return created.ok ? { ok: true, round: runToEnd(created.round, undefined, 20_000) } : { ok: false, reason: created.rejection.detail };
}

/** What one stack did at one point: when, the state it named, what it sent. */
export interface StackAnswer {
  at: number;
  state: TcpState;
  segments: ProposedSegment[];
  rule: RuleId;
}

export type DifferenceKind =
  /** The same input, answered differently. */
  | 'answer'
  /** The same answer, at a different time (a timer of another length). */
  | 'timing'
  /** Only the round's own stack did this. */
  | 'only-base'
  /** Only the other stack did this. */
  | 'only-other';

export interface ProfileDifference {
  /** 1, 2, 3…: the number drawn on both flow graphs. */
  n: number;
  side: Side;
  kind: DifferenceKind;
  /** The catalogue entry that explains why the stacks differ here. */
  rule: RuleId;
  /** Each time it happened (grouped when the same difference repeats, e.g. every SYN of a schedule). */
  base: StackAnswer[];
  other: StackAnswer[];
}

export interface ProfileComparison {
  base: { profile: Profile; round: Round };
  other: { profile: Profile; round: Round };
  differences: ProfileDifference[];
}

/** A decision's input, as the two runs can share it: the segment that arrived, the call, or which timer fired. */
function inputOf(d: DecisionRecord): string {
  const e = d.event;
  if (e.kind === 'segment') {
    const s = e.segment;
    return `segment ${fateKey(s)} from ${s.src}`;
  }
  if (e.kind === 'tick') return `timer ${d.expected.segments[0]?.rule ?? d.expected.stateRule}`;
  return `call ${e.kind}`;
}

function answerOf(d: DecisionRecord): string {
  return JSON.stringify([d.expected.state, d.expected.segments.map((s) => [s.flags, s.seq, s.ack, s.data])]);
}

function rulesOf(d: DecisionRecord): RuleId[] {
  return [d.expected.stateRule, ...d.expected.segments.map((s) => s.rule), d.expected.waitRule];
}

const stackAnswer = (d: DecisionRecord, rule: RuleId): StackAnswer => ({
  at: d.at,
  state: d.expected.state,
  segments: d.expected.segments.map((s) => ({ flags: { ...s.flags }, seq: s.seq, ack: s.ack, data: s.data })),
  rule,
});

/** The first rule the catalogue explains per profile, among these decisions' rules. */
function profileRule(...ds: (DecisionRecord | undefined)[]): RuleId | null {
  for (const d of ds) for (const r of d ? rulesOf(d) : []) if (RULES[r].profiles) return r;
  return null;
}

/** A timer's length differs: the retransmission backoff and its cap, or the timer's own rule. */
function timingRule(d: DecisionRecord): RuleId {
  const r = d.expected.segments[0]?.rule ?? d.expected.stateRule;
  if (RULES[r].profiles) return r;
  if (r === 'timer.retransmit-data' || r === 'timer.retransmit-fin' || r === 'timer.data-give-up') return 'timer.backoff-doubles';
  return r;
}

/** Longest common subsequence of two lists of inputs: the pairs (i, j) the runs share, in order. */
function matchInputs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

type Found = Omit<ProfileDifference, 'n'> & { order: number };

/** The differences on one side: answers that differ, timers of another length, and profile-specific extra steps. */
function sideDifferences(side: Side, base: Round, other: Round, firstAnswer: number | null): Found[] {
  const a = base.decisions.filter((d) => d.side === side);
  const b = other.decisions.filter((d) => d.side === side);
  const pairs = matchInputs(a.map(inputOf), b.map(inputOf));
  const found: Found[] = [];
  const matchedA = new Set(pairs.map(([i]) => i));
  const matchedB = new Set(pairs.map(([, j]) => j));
  let prev: [number, number] | null = null;
  for (const [i, j] of pairs) {
    const da = a[i]!;
    const db = b[j]!;
    if (answerOf(da) !== answerOf(db)) {
      // A different answer that no profile rule explains follows from an earlier difference (a
      // connection that is already elsewhere, another ISN): it shows on the graphs, not in the list.
      const rule = profileRule(da, db);
      if (rule) found.push({ side, kind: 'answer', rule, base: [stackAnswer(da, rule)], other: [stackAnswer(db, rule)], order: da.at });
    } else if (da.event.kind === 'tick' && prev) {
      // The same timer did the same thing, but after a different wait since this side's previous step.
      const waitA = da.at - a[prev[0]]!.at;
      const waitB = db.at - b[prev[1]]!.at;
      if (waitA !== waitB) {
        const rule = timingRule(da);
        found.push({ side, kind: 'timing', rule, base: [stackAnswer(da, rule)], other: [stackAnswer(db, rule)], order: da.at });
      }
    }
    prev = [i, j];
  }
  // Steps only one stack took are listed where a profile rule names them — except a timer that
  // fired only because the stacks had already answered differently (a SYN resent because the other
  // stack's SYN-ACK came sooner), which follows from that earlier difference.
  const only = (d: DecisionRecord): RuleId | null => {
    const rule = profileRule(d);
    if (!rule || d.event.kind !== 'tick') return rule;
    return firstAnswer !== null && firstAnswer < d.at ? null : rule;
  };
  a.forEach((d, i) => {
    const rule = matchedA.has(i) ? null : only(d);
    if (rule) found.push({ side, kind: 'only-base', rule, base: [stackAnswer(d, rule)], other: [], order: d.at });
  });
  b.forEach((d, j) => {
    const rule = matchedB.has(j) ? null : only(d);
    if (rule) found.push({ side, kind: 'only-other', rule, base: [], other: [stackAnswer(d, rule)], order: d.at });
  });
  return found;
}

/** One point per rule and side: a schedule's ten SYNs are one difference, not ten. */
function grouped(found: Found[]): Found[] {
  const out: Found[] = [];
  for (const f of [...found].sort((x, y) => x.order - y.order)) {
    const same = out.find((g) => g.side === f.side && g.rule === f.rule);
    if (same) {
      same.base.push(...f.base);
      same.other.push(...f.other);
      if (same.kind !== f.kind) same.kind = same.kind === 'only-base' || same.kind === 'only-other' ? f.kind : same.kind;
    } else {
      out.push({ ...f, base: [...f.base], other: [...f.other] });
    }
  }
  for (const g of out) {
    g.base.sort((x, y) => x.at - y.at);
    g.other.sort((x, y) => x.at - y.at);
  }
  return out;
}

/**
 * Replay the round's inputs under its own profile and under the other one, and list where the two
 * stacks answer differently, each with the catalogue rule that explains it (numbered in time order).
 */
export function compareProfiles(inputs: RoundInputs): { ok: true; comparison: ProfileComparison } | { ok: false; reason: string } {
  if (inputs?.profile !== 'rfc9293' && inputs?.profile !== 'linux') return { ok: false, reason: 'profile must be rfc9293 or linux' };
  const otherName = otherProfile(inputs.profile);
  const baseRun = replayUnder(inputs, inputs.profile);
  if (!baseRun.ok) return baseRun;
  const otherRun = replayUnder(inputs, otherName);
  if (!otherRun.ok) return otherRun;
  const base = baseRun.round;
  const other = otherRun.round;
  // When the stacks first answered the same input differently, on either side.
  const firstAnswer = SIDES.flatMap((side) => sideDifferences(side, base, other, null))
    .filter((f) => f.kind === 'answer')
    .reduce<number | null>((t, f) => (t === null || f.order < t ? f.order : t), null);
  const found = grouped(SIDES.flatMap((side) => sideDifferences(side, base, other, firstAnswer)));
  const differences = found
    .sort((x, y) => x.order - y.order || SIDES.indexOf(x.side) - SIDES.indexOf(y.side))
    .map(({ order: _order, ...d }, i) => ({ ...d, n: i + 1 }));
  return { ok: true, comparison: { base: { profile: inputs.profile, round: base }, other: { profile: otherName, round: other }, differences } };
}
