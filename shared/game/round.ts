import { configFor } from '../tcp/config.ts';
import { createHost, connectionTo } from '../tcp/host.ts';
import { nextUnit, seedRng } from '../tcp/rng.ts';
import { flags as makeFlags, flagsLabel, MAX_SEGMENT_DATA, type Segment } from '../tcp/segment.ts';
import { isSeqNumber, seqAdd } from '../tcp/seq.ts';
import { isTcpState } from '../tcp/states.ts';
import { connectionsDueBy, nextDeadline } from '../tcp/timers.ts';
import type { HostEvent, Output } from '../tcp/types.ts';
import { createWire, otherSide, wireInject, SIDES, wireDue, wireNextEvent, wireSend, wireSendFated, wireSettingsProblems, type Side, type WireFate } from '../tcp/wire.ts';
import { allowedMoves, correctMove, judgeMove, type AllowedMove, type Expected } from './judge.ts';
import type { RuleId } from '../rules/ids.ts';
import type { Move } from './move.ts';
import { inAckLoop } from './ackLoop.ts';
import { DELAYED_ACK_MS, readingConfig } from './allowed.ts';
import { askedOf, judgeAgainst, predict, predictDecision, predictDecisionAll, type Prediction } from './expected.ts';

import { REVEAL_AFTER_WRONG_TRIES, REVEAL_COST } from './scoring.ts';
import { firedTimer } from './prompt.ts';
import { NO_TIMELINE, recordTimeline } from './timerRuns.ts';
import type { AppStep, Scenario } from './scenario.ts';
import { findScenario } from './scenarios.ts';
import { playedState } from './playedState.ts';
import type {
  Decision,
  FlightRecord,
  HostSlot,
  Round,
  RoundEvent,
  RoundNotice,
  RoundRejection,
  RoundResult,
  RoundSettings,
} from './types.ts';

/** A move judged against a decision's answers: the answer it matched (or came closest to) and the verdict. */
type Judged = NonNullable<ReturnType<typeof judgeAgainst>>;

const MAX_SEGMENTS_PER_MOVE = 4;
const FLOOD_SIZE = 6;

export function socketOf(s: Scenario, side: Side): string {
  return `${s.addresses[side]}:${s.ports[side]}`;
}

export function scenarioOf(round: Round): Scenario {
  const s = findScenario(round.settings.scenarioId);
  if (!s) throw new Error(`unknown scenario ${round.settings.scenarioId}`); // createRound checked it
  return s;
}

/** Build a round from its settings; a bad setting is a rejection, never a throw. */
export function createRound(settings: RoundSettings): { ok: true; round: Round } | { ok: false; rejection: RoundRejection } {
  const scenario = findScenario(settings.scenarioId);
  if (!scenario) return { ok: false, rejection: { code: 'unknown-scenario', detail: `no scenario "${settings.scenarioId}"` } };
  if (!Number.isInteger(settings.seed)) return { ok: false, rejection: { code: 'bad-settings', detail: 'seed must be an integer' } };
  const wireSettings = settings.wire ?? scenario.wire;
  const problems = wireSettingsProblems(wireSettings);
  if (problems.length) return { ok: false, rejection: { code: 'bad-settings', detail: problems.join('; ') } };
  const config = configFor(settings.profile ?? scenario.profile, scenario.config ?? {});
  const slot = (side: Side, seedOffset: number): HostSlot => {
    const iss = scenario.iss?.[side];
    const s: HostSlot = {
      side,
      host: createHost({
        address: scenario.addresses[side],
        seed: settings.seed * 31 + seedOffset,
        config,
        firstPort: scenario.ports[side],
        ...(iss === undefined ? {} : { fixedIss: iss }),
      }),
      peer: socketOf(scenario, otherSide(side)),
      controller: settings.controllers[side],
      app: { steps: scenario.apps[side].map((s) => ({ ...s })), next: 0, lastAt: 0, conditionMetAt: null, lastCall: null },
      inbox: [],
      decision: null,
      ackOwed: null,
      score: 0,
      streak: 0,
      bestStreak: 0,
      judged: 0,
      correct: 0,
    };
    const first = s.app.steps[0];
    if (first && conditionHolds(s, first)) s.app.conditionMetAt = 0;
    return s;
  };
  const round: Round = {
    settings,
    now: 0,
    nextDecisionId: 1,
    hosts: { client: slot('client', 1), server: slot('server', 2) },
    wire: createWire(wireSettings, settings.seed, settings.faults ?? scenario.faults),
    rng: seedRng(settings.seed ^ 0xb07),
    flights: [],
    states: [],
    decisions: [],
    pendingInjections: 0,
    strayRstSent: false,
    finished: false,
    endReason: null,
    endedAt: null,
    log: [],
    handovers: [],
    timeline: NO_TIMELINE,
  };
  round.timeline = recordTimeline(NO_TIMELINE, round.hosts, 0);
  return { ok: true, round };
}

/** A round's injections depend on its settings alone, which every step shares: listed once. */
const injectionLists = new WeakMap<RoundSettings, Scenario['injections']>();

/** The injections of the scenario, plus a flood when the bot playing the client is a flooder. */
function injectionsOf(round: Round): Scenario['injections'] {
  let list = injectionLists.get(round.settings);
  if (!list) injectionLists.set(round.settings, (list = listInjections(round)));
  return list;
}

function listInjections(round: Round): Scenario['injections'] {
  const s = scenarioOf(round);
  const list = [...s.injections];
  if (round.settings.personality === 'flooder' && round.settings.controllers.client === 'bot') {
    for (let i = 0; i < FLOOD_SIZE; i++) {
      list.push({ at: 0, from: 'client', src: `198.51.100.${10 + i}:${40_000 + i}`, seq: 1_000 * (i + 1), ack: 0, flags: ['SYN'], data: '', delayMs: 100 + 20 * i });
    }
  }
  return list.sort((a, b) => a.at - b.at);
}

// ---- the world moving on -------------------------------------------------------------

/** What identifies a segment across replays of a round: its sender's control bits, seq, ack and data. */
export function fateKey(segment: Segment): string {
  return `${flagsLabel(segment.flags)}|${segment.seq}|${segment.ack}|${segment.data}`;
}

/** The recorded fate of this segment: the n-th copy of it this side sends meets the n-th copy's fate. */
function recordedFate(round: Round, side: Side, segment: Segment): WireFate | null {
  const key = fateKey(segment);
  const occurrence = round.flights.filter((f) => f.from === side && !f.injected && !f.duplicate && fateKey(f.segment) === key).length;
  return round.settings.fates?.find((f) => f.from === side && f.key === key && f.occurrence === occurrence) ?? null;
}

/**
 * Send on the wire. Replaying a recorded round, a segment the round sent meets its recorded fate;
 * the wire still draws its dice and counts its scripted faults for it, so any other segment meets
 * the wire's own chances and the scenario's faults, as it would have then.
 */
function sendOnWire(round: Round, side: Side, segment: Segment, at: number): ReturnType<typeof wireSend> {
  const natural = wireSend(round.wire, side, segment, at);
  const fate = round.settings.fates ? recordedFate(round, side, segment) : null;
  if (!fate) return natural;
  return wireSendFated({ ...round.wire, rng: natural.wire.rng, faults: natural.wire.faults }, side, segment, at, fate);
}

function putOnWire(round: Round, side: Side, segment: Segment, at: number, rule: RuleId, injected: boolean, cause?: number): void {
  const { wire, sent } = sendOnWire(round, side, segment, at);
  round.wire = wire;
  const s = round.hosts[side];
  const sender = injected ? null : { score: s.score, streak: s.streak, judged: s.judged, correct: s.correct };
  for (const f of sent) appendTo(round, 'flights', { ...f, fate: 'in-flight', injected, rule, sender, ...(cause !== undefined ? { cause } : {}) });
}

function recordOutputs(round: Round, slot: HostSlot, outputs: Output[], at: number, cause?: number): void {
  for (const o of outputs) {
    if (o.kind === 'state') appendTo(round, 'states', { at, side: slot.side, conn: o.conn, from: o.from, to: o.to, rule: o.rule, ...(cause !== undefined ? { cause } : {}) });
  }
}

/** The flight whose arrival a decision answers: the newest arrived copy of its segment (none for a call or a timer). */
function arrivalOf(round: Round, side: Side, event: HostEvent): number | undefined {
  if (event.kind !== 'segment') return undefined;
  const s = event.segment;
  for (let i = round.flights.length - 1; i >= 0; i--) {
    const f = round.flights[i]!;
    const g = f.segment;
    if (f.fate !== 'arrived' || f.from === side || f.arrivesAt > event.at) continue;
    if (g.seq === s.seq && g.ack === s.ack && g.src === s.src && g.data === s.data && g.flags.SYN === s.flags.SYN && g.flags.ACK === s.flags.ACK && g.flags.FIN === s.flags.FIN && g.flags.RST === s.flags.RST) return f.id;
  }
  return undefined;
}

/** Does this app step's condition hold for the host as it is? */
function conditionHolds(slot: HostSlot, step: AppStep): boolean {
  const tcb = connectionTo(slot.host, slot.peer);
  switch (step.when) {
    case 'start':
      return true;
    case 'established':
      return !!tcb && tcb.state !== 'SYN-SENT' && tcb.state !== 'SYN-RECEIVED' && tcb.queue !== 'syn';
    case 'acceptable':
      return slot.host.connections.some((c) => c.passive && c.queue === 'accept');
    case 'data-arrived':
      return !!tcb && tcb.unread.length > 0;
    case 'peer-closed':
      return !!tcb && (tcb.state === 'CLOSE-WAIT' || tcb.state === 'LAST-ACK');
    default: {
      const unreachable: never = step.when;
      return unreachable;
    }
  }
}

/**
 * When the application makes its next call: `afterMs` after the step's condition was met (AppStep),
 * if it holds; null while it does not. (Rounds stored before that rule count from the previous call:
 * RoundSettings.afterMsFrom.)
 */
function appCallAt(round: Round, slot: HostSlot, step: AppStep): number | null {
  const from = round.settings.afterMsFrom === 'previous-call' ? (conditionHolds(slot, step) ? slot.app.lastAt : null) : slot.app.conditionMetAt;
  return from === null ? null : from + (step.afterMs ?? 0);
}

/**
 * The moment each host's next application step finds its condition met becomes part of the round:
 * its pause counts from there (appCallAt). Called whenever a host may have changed (its move, its
 * call, an instant's events), so the moment recorded is the instant the condition became true; a
 * condition that stops holding is forgotten, and met again later it counts from then.
 */
function noteConditionsMet(round: Round): void {
  for (let s = 0; s < SIDES.length; s++) {
    const slot = round.hosts[SIDES[s]!];
    const step = slot.app.steps[slot.app.next];
    const metAt = step && conditionHolds(slot, step) ? (slot.app.conditionMetAt ?? round.now) : null;
    if (metAt !== slot.app.conditionMetAt) slotToWrite(round, slot.side).app.conditionMetAt = metAt;
  }
}

function appEvent(slot: HostSlot, step: AppStep, at: number, scenario: Scenario): HostEvent | 'reboot' {
  switch (step.call) {
    case 'listen':
      return { kind: 'listen', at, port: scenario.ports[slot.side] };
    case 'connect':
      return step.data === undefined ? { kind: 'connect', at, remote: slot.peer } : { kind: 'connect', at, remote: slot.peer, data: step.data };
    case 'send':
      return { kind: 'send', at, remote: slot.peer, data: step.data ?? '' };
    case 'receive':
      return { kind: 'receive', at, remote: slot.peer };
    case 'close':
      // An application that still reads or writes after CLOSE shut down its sending half
      // (shutdown(SHUT_WR)); one that never touches the socket again called close().
      return slot.app.steps.slice(slot.app.next).some((s) => s.call === 'receive' || s.call === 'send')
        ? { kind: 'close', at, remote: slot.peer, shutdown: true }
        : { kind: 'close', at, remote: slot.peer };
    case 'abort':
      return { kind: 'abort', at, remote: slot.peer };
    case 'accept':
      return { kind: 'accept', at };
    case 'unlisten':
      return { kind: 'unlisten', at };
    case 'reboot':
      return 'reboot';
    default: {
      const unreachable: never = step.call;
      return unreachable;
    }
  }
}

/** When this host will next have something to do (null: nothing until the world changes). */
function hostNextAt(round: Round, slot: HostSlot): number | null {
  if (slot.decision) return null;
  // The earliest of these (asked at every instant of every step: no list is built for it).
  let next: number | null = null;
  const head = slot.inbox[0];
  if (head) next = earliest(next, head.at);
  const deadline = nextDeadline(slot.host);
  if (deadline !== null) next = earliest(next, Math.max(deadline, slot.host.now));
  if (slot.ackOwed) next = earliest(next, Math.max(slot.ackOwed.dueAt, slot.host.now));
  const step = slot.app.steps[slot.app.next];
  const callAt = step ? appCallAt(round, slot, step) : null;
  if (callAt !== null) next = earliest(next, Math.max(round.now, callAt, slot.host.now));
  return next;
}

/** The earlier of a time so far (null: none yet) and another. */
function earliest(next: number | null, t: number): number {
  return next === null || t < next ? t : next;
}

/** Handle the next thing for an idle host at time `at`: a bot acts, a human gets a decision. */
function hostAct(round: Round, slot: HostSlot, at: number, notices: RoundNotice[]): void {
  const scenario = scenarioOf(round);
  const deadline = nextDeadline(slot.host);
  const head = slot.inbox[0];
  const owed = slot.ackOwed;
  if (owed && owed.dueAt <= at && (deadline === null || owed.dueAt < deadline) && (!head || owed.dueAt <= head.at)) {
    // The delayed-ACK timer of an ACK the player held back: nothing has carried it, it is due now.
    // Its tick touches its own connection only: a timer due at the same instant fires first, as a
    // decision of its own (its segment may carry the owed ACK), never inside this one.
    slot.ackOwed = null;
    if (connectionTo(slot.host, owed.conn)) openDecision(round, slot, { kind: 'tick', at: Math.max(owed.dueAt, slot.host.now), conn: owed.conn }, owed.conn, true, at, notices);
    return;
  }
  let event: HostEvent | null = null;
  if (deadline !== null && deadline <= at && (!head || deadline <= head.at)) {
    // Timers of two connections that run out at one instant are two decisions, one per connection:
    // each prompt names its own timer, and the move answers that one (its segments carry no address).
    const tickAt = Math.max(deadline, slot.host.now);
    const due = connectionsDueBy(slot.host, tickAt);
    event = { kind: 'tick', at: tickAt, ...(due.length > 1 ? { conn: due[0]!.remote } : {}) };
  } else if (head && head.at <= at) {
    event = slot.inbox.shift() ?? null;
    if (event) event = { ...event, at: Math.max(event.at, slot.host.now) };
  } else {
    const step = slot.app.steps[slot.app.next];
    const callAt = step ? appCallAt(round, slot, step) : null;
    if (step && callAt !== null && callAt <= at) {
      slot.app.next += 1;
      slot.app.conditionMetAt = null;
      slot.app.lastAt = at;
      slot.app.lastCall = step.call;
      const ev = appEvent(slot, step, Math.max(at, slot.host.now), scenario);
      if (ev === 'reboot') {
        // The host crashes and comes back with no memory of any connection (half-open discovery).
        for (const c of slot.host.connections) appendTo(round, 'states', { at, side: slot.side, conn: c.remote, from: c.state, to: 'CLOSED', rule: 'abort.silent' });
        slot.host = { ...slot.host, connections: [], listener: null, now: Math.max(at, slot.host.now) };
        return;
      }
      event = ev;
      const p = predict(slot.host, event, slot.peer, askedOf(round, slot.side));
      if (!p) return; // the application's call is refused in this state (e.g. send after a reset): it just fails
      // A call a correct TCP answers with no segment and no change of state needs no decision.
      if (p.expected.segments.length === 0 && p.outputs.every((o) => o.kind !== 'state')) {
        slot.host = p.host;
        recordOutputs(round, slot, p.outputs, at);
        return;
      }
    }
  }
  if (!event) return;
  const p = predict(slot.host, event, slot.peer, askedOf(round, slot.side));
  if (!p) return;
  openDecision(round, slot, event, p.concerns, false, at, notices);
}

/** Something happened to a host: its bot answers at once, its player gets a decision. */
function openDecision(round: Round, slot: HostSlot, event: HostEvent, concerns: string, owedAck: boolean, at: number, notices: RoundNotice[]): void {
  const base: Decision = { id: 0, side: slot.side, at: event.at, event, concerns, attempts: 0, firstVerdict: null, ...(owedAck ? { owedAck } : {}) };
  if (slot.controller === 'bot') {
    botAnswers(round, slot, base, at, notices);
    return;
  }
  slot.decision = { ...base, id: round.nextDecisionId++ };
  notices.push({ kind: 'decision', side: slot.side, decisionId: slot.decision.id });
}

/** A bot answers a decision, judged as a player's move is (the answers are worked out once). */
function botAnswers(round: Round, slot: HostSlot, decision: Decision, at: number, notices: RoundNotice[]): void {
  const predictions = predictDecisionAll(slot, decision, askedOf(round, slot.side));
  const first = predictions[0];
  if (!first) return;
  const move = botMove(round, slot, first.expected);
  const match = judgeAgainst(predictions, move);
  if (match) applyDecision(round, slot, decision, move, match, at, notices, true);
}

/** The bot plays the engine's answer, with its personality's flaw. */
function botMove(round: Round, slot: HostSlot, expected: Expected): Move {
  const move = correctMove(expected);
  const personality = round.settings.personality;
  const draw = (): number => {
    const [u, next] = nextUnit(round.rng);
    round.rng = next;
    return u;
  };
  if (personality === 'forgetful') {
    const kept = move.segments.filter((_, i) => !(expected.segments[i]?.retransmission && draw() < 0.5));
    return { ...move, segments: kept };
  }
  // Its one stray RST goes with its first move in ESTABLISHED: a round that gets there always has it.
  if (personality === 'rude' && !round.strayRstSent && expected.state === 'ESTABLISHED') {
    const tcb = connectionTo(slot.host, slot.peer);
    if (tcb) {
      round.strayRstSent = true;
      // In the peer's window but not exactly RCV.NXT: RFC 5961 says the peer must answer with a challenge ACK.
      return { ...move, segments: [...move.segments, { flags: makeFlags('RST'), seq: seqAdd(tcb.sndNxt, 7), ack: 0, data: '' }] };
    }
  }
  return move;
}

function toSegment(slot: HostSlot, decision: Decision, proposed: Move['segments'][number], template: Segment | undefined): Segment {
  const tcb = connectionTo(slot.host, decision.concerns);
  const src = template?.src ?? tcb?.local ?? slot.host.listener?.local ?? `${slot.host.address}:0`;
  return { src, dst: template?.dst ?? decision.concerns, seq: proposed.seq, ack: proposed.ack, flags: { ...proposed.flags }, wnd: slot.host.config.receiveWindow, data: proposed.data };
}

/**
 * Apply a decision: the host's TCP moves on as a correct TCP would; the segments that go on the
 * wire are the move's (in consequences mode a wrong segment really is sent). `match` is the move
 * judged against the decision's answers (expected.ts judgeAgainst), as the caller already did.
 */
function applyDecision(round: Round, slot: HostSlot, decision: Decision, move: Move, match: Judged, at: number, notices: RoundNotice[], byBot: boolean): void {
  // The host goes on as the correct answer the move matched (an option may allow more than one).
  const p = goesOnAs(match, slot, decision);
  // Named while the host is as the timer found it.
  const timer = decision.event.kind !== 'tick' ? null : decision.owedAck ? 'delayed-ack' : (firedTimer(slot.host, decision.concerns, decision.event.at)?.kind ?? null);
  const verdict = match.verdict;
  const judged = decision.firstVerdict ?? verdict;
  const revealCost = !byBot && decision.revealed ? REVEAL_COST : 0;
  let points = 0;
  let bonus = 0;
  if (!byBot) {
    slot.judged += 1;
    // A move made after seeing the right one is not a right first try: no streak, no "correct".
    if (judged.correct && !decision.revealed) {
      slot.correct += 1;
      slot.streak += 1;
      slot.bestStreak = Math.max(slot.bestStreak, slot.streak);
      bonus = Math.min(slot.streak, 5) - 1;
    } else {
      slot.streak = 0;
    }
    points = judged.points - revealCost;
    slot.score += points + bonus;
  }
  const templates = p.outputs.flatMap((o) => (o.kind === 'segment' ? [o] : []));
  // The segments sent are named by the rules of the right answer the move matched (or came closest to).
  const answer = verdict.matched === 0 ? p.expected.segments : (p.expected.alternatives?.[verdict.matched - 1]?.segments ?? []);
  slot.host = p.host;
  const cause = arrivalOf(round, slot.side, decision.event);
  recordOutputs(round, slot, p.outputs, at, cause);
  move.segments.forEach((s, i) => {
    const t = templates[i];
    putOnWire(round, slot.side, toSegment(slot, decision, s, t?.segment), at, answer[i]?.rule ?? t?.rule ?? p.expected.waitRule, false, cause);
  });
  oweAck(slot, decision, p.expected, move, at);
  appendTo(round, 'decisions', { id: decision.id, side: slot.side, by: byBot ? 'bot' : 'human', at: decision.at, answeredAt: at, event: decision.event, expected: p.expected, move, verdict: judged, points, bonus, attempts: byBot ? 0 : Math.max(1, decision.attempts), ...(revealCost ? { revealCost } : {}), ...(timer ? { timer } : {}) });
  if (!byBot) notices.push({ kind: 'verdict', side: slot.side, decisionId: decision.id, verdict: judged, accepted: true, points, bonus, attempt: Math.max(1, decision.attempts), revealed: !!decision.revealed });
}

/**
 * What the host does after a right move: the engine's answer, or, where the move matched an answer
 * that takes the host elsewhere (allowed.ts readingConfig), the engine's answer under the setting
 * that gives it. The host keeps its own settings for what follows.
 */
function goesOnAs(match: Judged, slot: HostSlot, decision: Decision): Prediction {
  const p = match.prediction;
  const kind = match.verdict.correct ? match.verdict.allowed[match.verdict.matched]?.kind : undefined;
  const setting = kind ? readingConfig(kind) : null;
  if (!setting) return p;
  const q = predict({ ...slot.host, config: { ...slot.host.config, ...setting } }, decision.event, slot.peer);
  return q ? { ...p, host: { ...q.host, config: slot.host.config }, outputs: q.outputs } : p;
}

/**
 * A delayable ACK the move did not send is owed: the delayed-ACK timer will ask for it unless a
 * segment with the ACK bit carries it first (RFC 9293 §3.8.6.3). A connection that is gone owes nothing.
 */
function oweAck(slot: HostSlot, decision: Decision, expected: Expected, move: Move, at: number): void {
  const carriesAck = move.segments.some((s) => s.flags.ACK && !s.flags.RST);
  if (slot.ackOwed && slot.ackOwed.conn === decision.concerns && carriesAck) slot.ackOwed = null;
  if (!carriesAck && expected.alternatives?.some((a) => a.kind === 'delayed-ack')) slot.ackOwed = { conn: decision.concerns, dueAt: at + DELAYED_ACK_MS };
  if (slot.ackOwed && !connectionTo(slot.host, slot.ackOwed.conn)) slot.ackOwed = null;
}

/** A flight's record is shared with earlier rounds: its new fate goes into a new record. */
function settleFlight(round: Round, id: number, fate: FlightRecord['fate']): void {
  const i = round.flights.findIndex((r) => r.id === id);
  const rec = round.flights[i];
  if (rec) written(round, 'flights')[i] = { ...rec, fate };
}

function deliverArrivals(round: Round, at: number): void {
  const { wire, arrivals, lost } = wireDue(round.wire, at);
  round.wire = wire;
  for (let i = 0; i < lost.length; i++) settleFlight(round, lost[i]!.id, 'lost');
  for (let i = 0; i < arrivals.length; i++) {
    const f = arrivals[i]!;
    settleFlight(round, f.id, 'arrived');
    slotToWrite(round, otherSide(f.from)).inbox.push({ kind: 'segment', at: f.arrivesAt, segment: f.segment });
  }
}

/** ISS + 1 of the connection `target` holds from `src`: what that client's ACK of our SYN-ACK carries. */
function ackOfSynAck(target: HostSlot, src: string): number | null {
  const tcb = connectionTo(target.host, src);
  return tcb ? seqAdd(tcb.iss, 1) : null;
}

function runInjections(round: Round, upTo: number): number | null {
  const list = injectionsOf(round);
  let next: number | null = null;
  for (let i = round.pendingInjections; i < list.length; i++) {
    const inj = list[i]!;
    if (inj.at > upTo) {
      next = inj.at;
      break;
    }
    const s = scenarioOf(round);
    const ack = inj.acksSynAck ? ackOfSynAck(round.hosts[otherSide(inj.from)], inj.src) ?? inj.ack : inj.ack;
    const segment: Segment = { src: inj.src, dst: socketOf(s, otherSide(inj.from)), seq: inj.seq, ack, flags: makeFlags(...inj.flags), wnd: 4_096, data: inj.data };
    const { wire, sent } = wireInject(round.wire, inj.from, segment, inj.at, inj.delayMs);
    round.wire = wire;
    for (const f of sent) appendTo(round, 'flights', { ...f, fate: 'in-flight', injected: true, rule: null, sender: null });
    round.pendingInjections = i + 1;
  }
  return next;
}

function nextInjectionAt(round: Round): number | null {
  return injectionsOf(round)[round.pendingInjections]?.at ?? null;
}

/** The next moment anything happens without a player (null: the round waits for a player). */
export function nextEventAt(round: Round): number | null {
  if (round.finished) return null;
  let next: number | null = null;
  const w = wireNextEvent(round.wire);
  if (w !== null) next = earliest(next, w);
  const inj = nextInjectionAt(round);
  if (inj !== null) next = earliest(next, inj);
  for (let s = 0; s < SIDES.length; s++) {
    const t = hostNextAt(round, round.hosts[SIDES[s]!]);
    if (t !== null) next = earliest(next, t);
  }
  return next === null ? null : Math.max(round.now, next);
}

function advanceTo(round: Round, to: number, notices: RoundNotice[]): void {
  // A move or a takeover just now may have met an application's condition.
  noteConditionsMet(round);
  // The next event's time is found once per instant: checkFinished reads it too.
  let t = nextEventAt(round);
  for (let guard = 0; guard < 100_000; guard++) {
    if (round.finished) return;
    if (t === null || t > to) break;
    // Time moves on: the hosts' timers and queues as the last instant left them.
    if (t > round.now) round.timeline = recordTimeline(round.timeline, round.hosts, round.now);
    round.now = t;
    runInjections(round, t);
    deliverArrivals(round, t);
    for (let s = 0; s < SIDES.length; s++) {
      const side = SIDES[s]!;
      const at = hostNextAt(round, round.hosts[side]);
      if (at !== null && at <= t) hostAct(round, slotToWrite(round, side), t, notices);
    }
    noteConditionsMet(round);
    t = nextEventAt(round);
    checkFinished(round, notices, t);
  }
  if (to > round.now && !round.finished) round.timeline = recordTimeline(round.timeline, round.hosts, round.now);
  round.now = Math.max(round.now, to);
  // (Time moving on to `to` brings nothing due: whether anything is still to come stays as found.)
  checkFinished(round, notices, t);
}

/** `next`: the round's next event time (nextEventAt), null when none is to come. */
function checkFinished(round: Round, notices: RoundNotice[], next: number | null): void {
  if (round.finished) return;
  const limit = round.settings.timeLimitMs ?? scenarioOf(round).timeLimitMs;
  // Quiet: nothing left to decide, nothing on the wire, no application call still to come, and no
  // connection left — or, once the time limit is reached, only connections sitting out TIME-WAIT
  // (the close itself is done; only the 2×MSL quiet period remains).
  if (quietWith(round, false)) {
    finish(round, 'complete', notices);
  } else if (inAckLoop(round)) {
    finish(round, 'ack-loop', notices);
  } else if (nothingMoreCanHappen(round, next)) {
    finish(round, 'idle', notices);
  } else if (round.now >= limit) {
    finish(round, quietWith(round, true) ? 'complete' : 'time-up', notices);
  }
}

/**
 * A connection is left open, but nothing will ever happen to it again: no decision is open, no
 * segment is on the wire, no injection or application call is to come and no host has a timer
 * running (nextEventAt: null). A correct TCP keeps an idle connection open indefinitely: RFC 9293
 * has no timer in ESTABLISHED, CLOSE-WAIT or FIN-WAIT-2 (§3.8.4: keep-alives are optional, off by
 * default, and wait at least two hours; Linux's orphaned FIN-WAIT-2 has its own timer, and a timer
 * running means this is not yet the case). Waiting out the time limit would show nothing more.
 */
function nothingMoreCanHappen(round: Round, next: number | null): boolean {
  for (let s = 0; s < SIDES.length; s++) if (round.hosts[SIDES[s]!].decision) return false;
  return next === null;
}

/** Is the round quiet (checkFinished)? (Loops, not closures: it is asked at every instant of every step.) */
function quietWith(round: Round, timeWaitAllowed: boolean): boolean {
  if (round.wire.inFlight.length !== 0 || nextInjectionAt(round) !== null) return false;
  for (let s = 0; s < SIDES.length; s++) {
    const slot = round.hosts[SIDES[s]!];
    const step = slot.app.steps[slot.app.next];
    const connections = slot.host.connections;
    for (let i = 0; i < connections.length; i++) if (!(timeWaitAllowed && connections[i]!.state === 'TIME-WAIT')) return false;
    if (slot.decision || slot.ackOwed || slot.inbox.length !== 0 || (step && step.when === 'start')) return false;
  }
  return true;
}

function finish(round: Round, reason: Round['endReason'] & string, notices: RoundNotice[]): void {
  round.finished = true;
  round.endReason = reason;
  round.endedAt = round.now;
  for (const side of SIDES) if (round.hosts[side].decision) slotToWrite(round, side).decision = null;
  notices.push({ kind: 'finished', reason });
}

const FLAG_BITS = ['SYN', 'ACK', 'FIN', 'RST'] as const;

export function moveProblems(move: unknown): string | null {
  if (typeof move !== 'object' || move === null) return 'a move is an object';
  const m = move as Move;
  if (!isTcpState(m.state)) return 'state must be one of the eleven RFC 9293 states';
  if (!Array.isArray(m.segments) || m.segments.length > MAX_SEGMENTS_PER_MOVE) return `segments must be a list of at most ${MAX_SEGMENTS_PER_MOVE}`;
  for (let i = 0; i < m.segments.length; i++) {
    const s = m.segments[i]!;
    if (typeof s !== 'object' || s === null) return 'each segment is an object';
    if (!isSeqNumber(s.seq) || !isSeqNumber(s.ack)) return 'seq and ack are whole numbers from 0 to 4294967295';
    if (typeof s.data !== 'string' || s.data.length > MAX_SEGMENT_DATA) return `data is text of at most ${MAX_SEGMENT_DATA} characters`;
    if (typeof s.flags !== 'object' || s.flags === null) return 'flags are SYN/ACK/FIN/RST booleans';
    for (let b = 0; b < FLAG_BITS.length; b++) if (typeof s.flags[FLAG_BITS[b]!] !== 'boolean') return 'flags are SYN/ACK/FIN/RST booleans';
  }
  return null;
}

/**
 * The round a step writes to: a new spine over the parts of the round it was given (structural
 * sharing, as Redux and Immer do). A step writes only what is copied: the round's own fields here,
 * its log once the step is done (a new list, one event longer), a host's slot when it first writes
 * it (slotToWrite), a list when it first appends to or settles a record in it (appendTo, written).
 * Everything else is replaced, never edited: a host is the engine's new host, a
 * settled flight a new record (settleFlight), the wire and the random generator new values. So
 * the round given to stepRound stays exactly as it was, and a step costs the spine, not the world
 * (test/game/purity.test.ts steps deep-frozen rounds to keep it so).
 */
function draftOf(round: Round): Round {
  return { ...round, hosts: { ...round.hosts } };
}

/**
 * A host's slot, ready to be written: copied (with its application's progress, its inbox and its
 * open decision) the first time a step writes it, shared with the round before while it does not.
 * Most steps are about one host: the other's slot stays the same object.
 */
function slotToWrite(round: Round, side: Side): HostSlot {
  const copies = copiesIn(round);
  if (!copies[side]) {
    const s = round.hosts[side];
    round.hosts[side] = { ...s, app: { ...s.app }, inbox: [...s.inbox], decision: s.decision && { ...s.decision } };
    copies[side] = true;
  }
  return round.hosts[side];
}

/**
 * The round's flights, state changes and decision records, ready to be written: copied the first
 * time a step writes one of them, shared with the round before while it does not (most steps touch
 * one or none). So a list that did not change is the same array after the step, and whatever was
 * made from it (a player's segments, views.ts) can be reused as is.
 */
type SharedList = 'flights' | 'states' | 'decisions';
function written<K extends SharedList>(round: Round, list: K): Round[K][number][] {
  const copies = copiesIn(round);
  if (!copies[list]) {
    (round as Record<SharedList, readonly unknown[]>)[list] = [...round[list]];
    copies[list] = true;
  }
  return round[list] as Round[K][number][];
}

/**
 * A new record at the end of one of those lists: the first in a step makes the step's copy with it,
 * exactly one longer (copying, then pushing, would allocate the list twice, and keep the second,
 * grown half again as long, for as long as the round lives).
 */
function appendTo<K extends SharedList>(round: Round, list: K, item: Round[K][number]): void {
  const copies = copiesIn(round);
  if (copies[list]) {
    (round[list] as Round[K][number][]).push(item);
    return;
  }
  (round as Record<SharedList, readonly unknown[]>)[list] = (round[list] as readonly unknown[]).concat([item]);
  copies[list] = true;
}

/**
 * What the step under way has copied of its draft. A step runs start to end without another
 * starting (stepRound is synchronous and never calls itself), so one record serves: a draft it
 * does not know is a new step's, with nothing copied yet. (A record per round, kept in a WeakMap,
 * made two small objects and an entry the collector must trace at every step.)
 */
const copies: { draft: Round | null } & Record<SharedList | Side, boolean> = { draft: null, flights: false, states: false, decisions: false, client: false, server: false };
function copiesIn(round: Round): typeof copies {
  if (copies.draft !== round) {
    copies.draft = round;
    copies.flights = copies.states = copies.decisions = copies.client = copies.server = false;
  }
  return copies;
}

/**
 * The round reducer: (round, event) → (round', notices), pure and deterministic. The room, the
 * tests, the simulator and replays all drive rounds through this one function.
 */
export function stepRound(round: Round, event: RoundEvent): RoundResult {
  if (round.finished) return rejected(round, 'round-over', 'the round is over');
  if (typeof event?.at !== 'number' || !Number.isFinite(event.at)) return rejected(round, 'invalid-move', 'an event needs a time');
  if (event.at < round.now) return rejected(round, 'time-went-backwards', `event at ${event.at} is before ${round.now}`);
  const next = draftOf(round);
  const notices: RoundNotice[] = [];
  switch (event.kind) {
    case 'advance':
      advanceTo(next, event.at, notices);
      break;
    case 'takeover': {
      advanceTo(next, event.at, notices);
      const slot = slotToWrite(next, event.side);
      if (slot.controller === 'human') next.handovers = [...next.handovers, { at: next.now, side: event.side, to: 'bot', state: playedState(next, slot) }];
      slot.controller = 'bot';
      const d = slot.decision;
      if (d) {
        slot.decision = null;
        botAnswers(next, slot, d, next.now, notices);
      }
      advanceTo(next, event.at, notices);
      break;
    }
    case 'handback': {
      advanceTo(next, event.at, notices);
      if (next.finished) return rejected(round, 'round-over', 'the round ended before the player came back');
      const slot = SIDES.includes(event.side) ? slotToWrite(next, event.side) : undefined;
      // Only a host the bot took over from a person goes back to one: a bot's own host stays the bot's.
      if (!slot || slot.controller !== 'bot' || next.settings.controllers[event.side] !== 'human') return rejected(round, 'not-your-decision', 'the bot does not play that host for a person');
      // As the host is now: the bot's answers meanwhile stand (they scored nothing), and a streak
      // counts a player's right answers in a row, which the bot's answers between have broken.
      slot.controller = 'human';
      slot.streak = 0;
      next.handovers = [...next.handovers, { at: next.now, side: event.side, to: 'human', state: playedState(next, slot) }];
      break;
    }
    case 'reveal': {
      advanceTo(next, event.at, notices);
      if (next.finished) return rejected(round, 'round-over', 'the round ended before this request');
      const slot = SIDES.includes(event.side) ? slotToWrite(next, event.side) : undefined;
      if (!slot || slot.controller !== 'human') return rejected(round, 'not-your-decision', 'that host is not played by a person');
      const d = slot.decision;
      if (!d) return rejected(round, 'not-your-decision', 'nothing is waiting for your decision');
      if (d.id !== event.decisionId) return rejected(round, 'stale-decision', `decision ${event.decisionId} is no longer open (now ${d.id})`);
      const p = predictDecision(slot, d, askedOf(next, event.side));
      if (!p) return rejected(round, 'invalid-move', 'the event can no longer be applied');
      // The cost is taken once per decision, however often the player looks.
      d.revealed = true;
      notices.push({ kind: 'reveal', side: event.side, decisionId: d.id, allowed: allowedMoves(p.expected), cost: REVEAL_COST, reason: 'asked' });
      break;
    }
    case 'resign':
      advanceTo(next, event.at, notices);
      if (!next.finished) finish(next, 'resigned', notices);
      break;
    case 'stop':
      advanceTo(next, event.at, notices);
      if (!next.finished) finish(next, 'stopped', notices);
      break;
    case 'move': {
      const problem = moveProblems(event.move);
      if (problem) return rejected(round, 'invalid-move', problem);
      advanceTo(next, event.at, notices);
      if (next.finished) return rejected(round, 'round-over', 'the round ended before this move');
      const slot = SIDES.includes(event.side) ? slotToWrite(next, event.side) : undefined;
      if (!slot || slot.controller !== 'human') return rejected(round, 'not-your-decision', 'that host is not played by a person');
      const d = slot.decision;
      if (!d) return rejected(round, 'not-your-decision', 'nothing is waiting for your decision');
      if (d.id !== event.decisionId) return rejected(round, 'stale-decision', `decision ${event.decisionId} is no longer open (now ${d.id})`);
      const match = judgeAgainst(predictDecisionAll(slot, d, askedOf(next, event.side)), event.move);
      if (!match) return rejected(round, 'invalid-move', 'the event can no longer be applied');
      const verdict = match.verdict;
      d.attempts += 1;
      d.firstVerdict ??= verdict;
      if (!verdict.correct && next.settings.mode === 'coach') {
        // Two wrong tries: the coach shows the right move (at its stated cost) rather than let the
        // player guess on, and this refusal may then show the right value of each wrong field.
        const reveal = !d.revealed && d.attempts >= REVEAL_AFTER_WRONG_TRIES;
        if (reveal) d.revealed = true;
        notices.push({ kind: 'verdict', side: event.side, decisionId: d.id, verdict, accepted: false, points: 0, bonus: 0, attempt: d.attempts, revealed: !!d.revealed });
        if (reveal) notices.push({ kind: 'reveal', side: event.side, decisionId: d.id, allowed: verdict.allowed, cost: REVEAL_COST, reason: 'second-try' });
        break;
      }
      slot.decision = null;
      applyDecision(next, slot, d, event.move, match, next.now, notices, false);
      advanceTo(next, next.now, notices);
      break;
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
  next.timeline = recordTimeline(next.timeline, next.hosts, next.now);
  // The log gains the event once the step is done: a new array of exactly that length (a copy that
  // is then pushed to grows a second time, half again as long, and the round keeps that one).
  next.log = round.log.concat([event]);
  return { ok: true, round: next, notices };
}

/** A step refused: the round as it was, and why. */
function rejected(round: Round, code: RoundRejection['code'], detail: string): RoundResult {
  return { ok: false, round, rejection: { code, detail } };
}

/** Replay: fold the reducer over a recorded log. Same settings + same log = same round. */
export function replayRound(settings: RoundSettings, log: RoundEvent[]): Round | null {
  const created = createRound(settings);
  if (!created.ok) return null;
  let round = created.round;
  for (const event of log) {
    const r = stepRound(round, event);
    if (r.ok) round = r.round;
  }
  return round;
}

/** Run a round with nobody thinking: every decision is answered at once (bots, simulator, bench). */
export function runToEnd(round: Round, answer?: (round: Round, side: Side) => Move | null, maxEvents = 5_000): Round {
  let r = round;
  for (let i = 0; i < maxEvents && !r.finished; i++) {
    const waiting = SIDES.find((s) => r.hosts[s].decision);
    if (waiting) {
      const slot = r.hosts[waiting];
      const d = slot.decision!;
      const p = predictDecision(slot, d, askedOf(r, waiting));
      const move = answer?.(r, waiting) ?? (p ? correctMove(p.expected) : { state: 'CLOSED' as const, segments: [] });
      const res = stepRound(r, { kind: 'move', at: r.now, side: waiting, decisionId: d.id, move });
      if (res.ok) r = res.round;
      else break;
      continue;
    }
    const t = nextEventAt(r);
    const limit = r.settings.timeLimitMs ?? scenarioOf(r).timeLimitMs;
    const res = stepRound(r, { kind: 'advance', at: t === null ? limit : Math.min(t, limit) });
    if (!res.ok) break;
    r = res.round;
  }
  return r;
}

/** Every right answer for a pending decision, the engine's first (what a reveal shows). */
export function allowedFor(round: Round, side: Side): AllowedMove[] | null {
  const slot = round.hosts[side];
  if (!slot.decision) return null;
  const p = predictDecision(slot, slot.decision, askedOf(round, side));
  return p ? allowedMoves(p.expected) : null;
}

/** The correct move for a pending decision (coach hints, the bot taking over, tests). */
export function hintFor(round: Round, side: Side): Move | null {
  const slot = round.hosts[side];
  if (!slot.decision) return null;
  const p = predictDecision(slot, slot.decision, askedOf(round, side));
  return p ? correctMove(p.expected) : null;
}
