import type { RuleId } from '../rules/ids.ts';
import { connectionTo } from '../tcp/host.ts';
import { playedState } from './playedState.ts';
import { inputsOf, type RoundInputs } from './compare.ts';
import { replayRound } from './round.ts';
import { askedOf, predictDecision } from './expected.ts';
import { delayedAckTimer, firedTimer, tcbView, type TcbView, type TimerKind, type TimerPrompt } from './prompt.ts';
import type { ControlBits } from '../tcp/segment.ts';
import type { TcpState } from '../tcp/states.ts';
import { seqAdd } from '../tcp/seq.ts';
import { otherSide, SIDES, type Side } from '../tcp/wire.ts';
import { judgeMove, type AllowedMove, type FieldVerdict } from './judge.ts';
import type { Move } from './move.ts';
import type { HostEvent } from '../tcp/types.ts';
import type { SocketAddress } from '../tcp/segment.ts';
import type { Counters, Decision, DecisionRecord, EndReason, FlightRecord, HostSlot, Round, StateChange } from './types.ts';
import { findScenario } from './scenarios.ts';
import type { InjectionKind } from './scenario.ts';
import { armedTimers, queuesOf, timelineOf, type ArmedTimer, type RoundTimeline } from './timerRuns.ts';
import { roundCache } from './roundCache.ts';
import { ackedAtKept, arrivedAt, knownOrder, NO_COUNTERS, peerCountersCarried, peerCountersKnown, perFlights, perList, sentBy } from './hostKnowledge.ts';

/**
 * What each player may see. A player sees what its host could know: its own state and timers,
 * the segments it sent and those that reached it; not the peer's state, not the expected answer,
 * not the wire's seed. A spectator (or anyone after the round) sees both hosts and the wire.
 *
 * Of its own segments a player's host knows only that it sent them (and when), and that they were
 * acknowledged once an ACK covering them arrives (shared/game/hostKnowledge.ts): not when or
 * whether they arrived, not that the wire lost or copied them. That is the whole lesson of
 * retransmission: the sender learns of a loss only by the silence after it. The wire's truth is
 * revealed when the round ends, to spectators, and in a room that shows the wire (`wireShown`).
 */

/**
 * What the viewer knows of a segment's trip.
 * - 'sent': the player's own segment during the round: on the wire, fate unknown to its TCP.
 * - 'acknowledged': the player's own segment, once an ACK covering it arrived (at `ackedAt`).
 * - 'in-flight' | 'arrived' | 'lost': the wire's truth. A player sees the peer's segments only
 *   once they arrived; spectators, the end of the round and a room that shows the wire see all.
 */
export type SegmentFate = 'sent' | 'acknowledged' | FlightRecord['fate'];

export interface SegmentView {
  id: number;
  from: Side;
  flags: ControlBits;
  seq: number;
  ack: number;
  len: number;
  data: string;
  sentAt: number;
  /** null: the viewer cannot know (its own segment, during the round). */
  arrivesAt: number | null;
  lostAt: number | null;
  fate: SegmentFate;
  /** When the ACK covering it reached the viewer's host (fate 'acknowledged'), else null. */
  ackedAt: number | null;
  duplicate: boolean;
  reordered: boolean;
  injected: boolean;
  /** The sockets on the segment (an injected one carries a source that is neither host's) and its window. */
  src?: string;
  dst?: string;
  wnd?: number;
  /** For an injected segment: an old duplicate of an earlier connection, a forged one, or another client's. */
  injection?: InjectionKind | null;
  /** The flight whose arrival this segment answers (FlightRecord.cause), once the round is over. */
  cause?: number;
}

/** A timer on a host's Timers panel (timerRuns.ts armedTimers). */
export type TimerView = ArmedTimer;

export interface HostPanel {
  side: Side;
  /** null: hidden from this viewer; else the state of the connection its player plays (playedState). */
  state: TcpState | null;
  /** The host's socket; for a hidden peer, the socket the viewer's host addresses (it never changes). */
  socket: string;
  peer: string;
  controller: HostSlot['controller'];
  appCall: string | null;
  timers: TimerView[];
  iss: number | null;
  /** The listener's SYN queue and accept queue as this host knows them (null: not listening, or hidden). */
  queues?: ListenerQueues | null;
  /** A hidden peer's totals are those its newest segment to reach the viewer carried (hostKnowledge.ts). */
  score: number;
  streak: number;
  judged: number;
  correct: number;
}

export interface ListenerQueues {
  /** Remote sockets of the half-open (SYN-RECEIVED) connections, oldest first. */
  syn: string[];
  /** Remote sockets of the established connections waiting for accept(), oldest first. */
  accept: string[];
  synMax: number;
  acceptMax: number;
}

export type DecisionPrompt =
  | { kind: 'segment-arrived'; segmentId: number | null; from: string; flags: ControlBits; seq: number; ack: number; data: string }
  /** `data`: the bytes the application passed (send, connect with data) or reads (receive). */
  | { kind: 'app-call'; call: string; data: string }
  | { kind: 'timer-expired'; timer: TimerPrompt | null };

export interface DecisionView {
  id: number;
  at: number;
  prompt: DecisionPrompt;
  attempts: number;
  /**
   * The ISN this host's TCP chose for the connection (RFC 9293 §3.4.1). The host picks it itself,
   * so its player knows it — even when this decision is the one that sends the SYN.
   */
  yourIss: number | null;
  /** This host's own TCB for the connection the decision concerns (the composer's helpers). */
  tcb: TcbView;
  /**
   * Other connections this one decision acts on, from this host's own TCBs: when a listener closes,
   * every connection still waiting in its queues is reset too, each RST with its own SND.NXT.
   */
  others?: OtherTcbView[];
}

export interface OtherTcbView {
  remote: SocketAddress;
  state: TcpState;
  sndNxt: number;
  rcvNxt: number;
}

/** What a decision answered: an arrived segment, an expired timer, or the application's call. */
export type DecisionCause =
  | { kind: 'segment'; flags: ControlBits; seq: number; ack: number; len: number }
  | { kind: 'timer'; timer: TimerKind | null }
  /** `data`: the bytes the application passed (send, or connect with data to send once connected). */
  | { kind: 'call'; call: Exclude<HostEvent['kind'], 'segment' | 'tick'>; data?: string };

export interface VerdictView {
  decisionId: number;
  /** Whose decision, and when in round time: a breakdown can say "at 1.20 s, the SYN-ACK arrived". */
  side: Side;
  at: number;
  cause: DecisionCause;
  /** What the player answered in the end (the new state and the segments sent; none for a wait). */
  played: Move;
  /** Moves proposed before one was accepted: more than 1 when the coach refused the first (the verdict is the first's). */
  attempts: number;
  correct: boolean;
  points: number;
  bonus: number;
  mistakes: FieldVerdict[];
  /** The rules the verdict names (state rule, segment rules). */
  rules: RuleId[];
  /** Every right answer, when there was more than one (else empty), and which one the player gave or came closest to. */
  allowed: AllowedMove[];
  matched: number;
  /** Points taken because the right move was shown before this one was accepted. */
  revealCost: number;
}

export interface RoundView {
  /**
   * Round time this view is as of. For a player during the round: the newest moment its own host
   * learned something (its view changes only then, so neither this nor a patch marks the moment
   * the wire or the peer did something); otherwise the round's time.
   */
  now: number;
  scenarioId: string;
  mode: Round['settings']['mode'];
  you: Side | null;
  hosts: Record<Side, HostPanel>;
  flights: readonly SegmentView[];
  states: readonly StateChange[];
  decision: DecisionView | null;
  /**
   * The right move has been shown for the open decision (it cost points). A field of its own, not
   * the decision's: asking for it changes this and nothing else, so its patch is this one entry,
   * not the whole decision again.
   */
  revealed: boolean;
  verdicts: readonly VerdictView[];
  finished: boolean;
  endReason: EndReason | null;
  /**
   * After the round: both hosts' timers and queues over time, for the replay (shared/game/timeline.ts).
   * null while it is played (there from the start, so the view's fields keep one order on the wire).
   */
  timeline?: RoundTimeline | null;
  /**
   * Once the round is over: what it was played with (scenario, profile, seed, wire fates), so the
   * client can replay it under the other profile (compare.ts). null while it is being played: the
   * seed and the wire's fates are not for players to see then.
   */
  inputs: RoundInputs | null;
  /** Whether this view shows the wire's truth (spectators, the end of the round, a room that shows the wire). */
  wireShown: boolean;
  /**
   * A player's view once the round is over, as the room sends it (playerView): what the round was
   * played with and every event of it, from which `finishedView` plays it again. The view that
   * carries it is still the player's own (its host, what it learned, its verdicts); the finished
   * view, with both hosts, the wire, both sides' verdicts, the timers and the inputs, is made from
   * this by whoever shows it. Absent otherwise.
   */
  ended?: EndedRound;
}

/** What a finished round was played with, and every event it took: enough to play it again (replayRound). */
export interface EndedRound {
  settings: Round['settings'];
  log: Round['log'];
}

function injectionOf(round: Round, f: FlightRecord): SegmentView['injection'] {
  if (!f.injected) return null;
  const scripted = findScenario(round.settings.scenarioId)?.injections.find((i) => i.src === f.segment.src && i.seq === f.segment.seq);
  if (scripted?.kind) return scripted.kind;
  // The receiver's peer is the real sender's socket: a segment claiming to come from it is an old duplicate.
  if (f.segment.src === round.hosts[otherSide(f.from)].peer) return 'old-duplicate';
  return acknowledgedASynAck(round.flights, f.segment.src) ? 'other-client' : 'spoofed';
}

/**
 * Did `src` acknowledge a SYN-ACK sent to it? A blind spoofer never sees the SYN-ACK sent to the
 * address it forged, so it cannot acknowledge its ISS: a source that does is a real client of the
 * same server, completing its own handshake.
 */
export function acknowledgedASynAck(flights: readonly FlightRecord[], src: string): boolean {
  const synAcks = flights.filter((g) => !g.injected && g.segment.dst === src && g.segment.flags.SYN && g.segment.flags.ACK);
  return flights.some((g) => g.injected && g.segment.src === src && g.segment.flags.ACK && !g.segment.flags.SYN && synAcks.some((sa) => sa.sentAt <= g.sentAt && g.segment.ack === seqAdd(sa.segment.seq, 1)));
}

/**
 * A flight's view. An injected segment's kind depends on the rest of the round (a later ACK can show
 * its source was another real client), so only the injected few are made again at each step.
 */
function segmentView(round: Round, f: FlightRecord): SegmentView {
  const view = recordView(round, f);
  const shown = f.injected ? { ...view, injection: injectionOf(round, f) } : view;
  // What a segment answered tells that the segment it answers arrived: known to all once the round is over.
  return round.finished && f.cause !== undefined ? { ...shown, cause: f.cause } : shown;
}

/**
 * A round's records are replaced, never edited (test/game/purity.test.ts), and a record's view
 * depends on the record alone: each is made once and shared by every view after, so a step costs
 * the views of what it changed (and the room sees an unchanged part by identity).
 */
function once<R extends object, V>(make: (record: R) => V): (round: Round, record: R) => V {
  const owner = {};
  const newTable = (): Map<R, V> => new Map();
  return (round, record) => {
    const made = roundCache(round, owner, newTable);
    let view = made.get(record);
    if (view === undefined) made.set(record, (view = make(record)));
    return view;
  };
}

const recordView = once((f: FlightRecord): SegmentView => {
  return {
    id: f.id,
    from: f.from,
    flags: { ...f.segment.flags },
    seq: f.segment.seq,
    ack: f.segment.ack,
    len: f.segment.data.length,
    data: f.segment.data,
    sentAt: f.sentAt,
    arrivesAt: f.arrivesAt,
    lostAt: f.lostAt,
    fate: f.fate,
    ackedAt: null,
    duplicate: f.duplicate,
    reordered: f.reordered,
    injected: f.injected,
    src: f.segment.src,
    dst: f.segment.dst,
    wnd: f.segment.wnd,
    injection: null,
  };
});

/**
 * The segments as the player's host knows them: its own as sent (or acknowledged), the peer's once
 * arrived, numbered in the order it learned of them. An injected segment that reached it is just a
 * segment to its TCP (telling an old duplicate SYN from a new one is the player's job), and the
 * wire's copies of its own segments do not exist for it. They depend on the round's flights alone:
 * made once per list of flights and side.
 */
const hostSegments = perFlights((round, you): HostSegments => {
  const sent = sentBy(round, you);
  const arrived = arrivedAt(round, you);
  // Most new lists of flights change nothing the host knows (its own segment arrived or was lost,
  // the peer's is still flying): the segments made last time for this round and side stand.
  const memo = made(round).segments;
  const before = memo[you];
  if (before !== undefined && sameSegments(before.sent, sent, false) && sameSegments(before.arrived, arrived, true)) return before;
  const ids = knownOrder(sent, arrived);
  // The ids number these segments 1, 2, … in the order the host learned of them: each goes to its place.
  const segments = new Array<SegmentView>(sent.length + arrived.length);
  for (const f of sent) {
    const id = ids.get(f.id)!;
    segments[id - 1] = ownSegmentView(round, f, id, ackedAtKept(round, f, sent, arrived));
  }
  for (const f of arrived) {
    const id = ids.get(f.id)!;
    segments[id - 1] = arrivedSegmentView(round, f, id);
  }
  const result: HostSegments = { segments, ids, sent, arrived };
  memo[you] = result;
  return result;
});

interface HostSegments {
  segments: readonly SegmentView[];
  ids: ReadonlyMap<number, number>;
  /** What they were made from. */
  sent: readonly FlightRecord[];
  arrived: readonly FlightRecord[];
}

/**
 * What the views of one round last made, with what each was made from, kept with the round
 * (roundCache.ts). One record per round, its parts rewritten in place: a view is made at every step of every room, and a record per host or per event would be
 * garbage of its own. Whatever is found here is checked against what it was made from, so a
 * replay or a test stepping the same round two ways gets what a fresh view would say
 * (test/game/views.test.ts).
 */
interface Made {
  segments: Partial<Record<Side, HostSegments>>;
  panels: PanelMade[];
  decisions: Partial<Record<Side, DecisionMade>>;
}
const madeFor = {};
const newMade = (): Made => ({ segments: {}, panels: [], decisions: {} });
function made(round: Round): Made {
  return roundCache(round, madeFor, newMade);
}

/**
 * Do two lists hold the same segments as the host knows them? A flight's record is replaced when it
 * settles, but its segment is the same object: what the host knows of its own segment is that, and
 * when it sent it; of one that arrived, also when.
 */
function sameSegments(a: readonly FlightRecord[], b: readonly FlightRecord[], arrived: boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.segment !== y.segment || x.id !== y.id || x.sentAt !== y.sentAt || (arrived && x.arrivesAt !== y.arrivesAt))) return false;
  }
  return true;
}

/**
 * A host's view of a segment changes only when what it knows of it does (its number in the
 * player's order, an ACK covering it): until then every step shows the same object, which costs
 * no copy here and no comparison where the room writes the view (an unchanged part by identity).
 */
const ownViews = {};
const arrivedViews = {};
const newSegmentTable = (): Map<FlightRecord, SegmentView> => new Map();
function ownSegmentView(round: Round, f: FlightRecord, id: number, acked: number | null): SegmentView {
  const views = roundCache(round, ownViews, newSegmentTable);
  const before = views.get(f);
  if (before !== undefined && before.id === id && before.ackedAt === acked) return before;
  const view: SegmentView = { ...recordView(round, f), id, arrivesAt: null, lostAt: null, fate: acked === null ? 'sent' : 'acknowledged', ackedAt: acked, reordered: false };
  views.set(f, view);
  return view;
}

function arrivedSegmentView(round: Round, f: FlightRecord, id: number): SegmentView {
  const views = roundCache(round, arrivedViews, newSegmentTable);
  const before = views.get(f);
  if (before !== undefined && before.id === id) return before;
  const view: SegmentView = { ...recordView(round, f), id, injected: false, injection: null };
  views.set(f, view);
  return view;
}

/** The state of the connection the player plays (playedState.ts): every panel that says "your state" reads it. */
export { playedState };

/**
 * A panel as last made for one viewer of a host, with what it was made from. A panel reads the
 * slot's own fields, its host (replaced, never edited, whenever its TCP steps), the round's state
 * changes, and what reached the viewer: while none of them changed, the panel is the same object,
 * which costs no new panel here and no comparison where the room writes the view.
 */
interface PanelMade {
  viewer: Side | null;
  host: HostSlot['host'] | null;
  visible: boolean;
  side: Side;
  peer: SocketAddress;
  controller: HostSlot['controller'];
  appCall: string | null;
  ackOwed: HostSlot['ackOwed'];
  score: number;
  streak: number;
  judged: number;
  correct: number;
  state: TcpState | null;
  known: Counters | null;
  viewerPeer: SocketAddress | null;
  panel: HostPanel;
}

function panel(round: Round, slot: HostSlot, viewer: Side | null, visible: boolean): HostPanel {
  // What each kind of panel reads besides the slot: its own, the state it shows (playedState
  // reads the state changes); a hidden peer's, the totals known to the viewer and its peer address.
  const state = visible ? playedState(round, slot) : null;
  const known = !visible && viewer !== null ? peerCountersCarried(round, viewer) : null;
  const viewerPeer = viewer !== null ? round.hosts[viewer].peer : null;
  // (A hidden peer's panel shows the totals known, not its own: those may change unseen.)
  const own: Counters = visible || viewer === null ? slot : NO_COUNTERS;
  // (A hidden peer's panel reads nothing of its host, its application or its held-back ACK.)
  const host = visible ? slot.host : null;
  const appCall = visible ? slot.app.lastCall : null;
  const ackOwed = visible ? slot.ackOwed : null;
  const panels = made(round).panels;
  let m: PanelMade | undefined;
  for (let i = 0; i < panels.length; i++) {
    const candidate = panels[i]!;
    if (candidate.viewer === viewer && candidate.visible === visible && candidate.side === slot.side) m = candidate;
  }
  if (
    m !== undefined &&
    m.host === host &&
    m.peer === slot.peer &&
    m.controller === slot.controller &&
    m.appCall === appCall &&
    m.ackOwed === ackOwed &&
    m.score === own.score &&
    m.streak === own.streak &&
    m.judged === own.judged &&
    m.correct === own.correct &&
    m.state === state &&
    m.known === known &&
    m.viewerPeer === viewerPeer
  ) {
    return m.panel;
  }
  const panel = makePanel(round, slot, viewer, visible);
  if (m === undefined) {
    panels.push({ viewer, visible, side: slot.side, host, peer: slot.peer, controller: slot.controller, appCall, ackOwed, score: own.score, streak: own.streak, judged: own.judged, correct: own.correct, state, known, viewerPeer, panel });
  } else {
    m.host = host;
    m.peer = slot.peer;
    m.controller = slot.controller;
    m.appCall = appCall;
    m.ackOwed = ackOwed;
    m.score = own.score;
    m.streak = own.streak;
    m.judged = own.judged;
    m.correct = own.correct;
    m.state = state;
    m.known = known;
    m.viewerPeer = viewerPeer;
    m.panel = panel;
  }
  return panel;
}

function makePanel(round: Round, slot: HostSlot, viewer: Side | null, visible: boolean): HostPanel {
  const tcb = slot.host.connections.find((c) => c.remote === slot.peer);
  // What the viewer's host knows of the peer: its socket and the totals its segments carried.
  // The peer's own socket would change the moment its application calls connect() or listen().
  const known: Counters = visible || viewer === null ? { score: slot.score, streak: slot.streak, judged: slot.judged, correct: slot.correct } : peerCountersKnown(round, viewer);
  return {
    side: slot.side,
    state: visible ? playedState(round, slot) : null,
    socket: visible ? (tcb?.local ?? slot.host.listener?.local ?? slot.host.address) : viewer ? round.hosts[viewer].peer : slot.host.address,
    peer: slot.peer,
    controller: slot.controller,
    // The peer's application is as private as its TCP: its close() shows only as the FIN it sends.
    appCall: visible ? slot.app.lastCall : null,
    timers: visible ? armedTimers(slot) : [],
    iss: visible && tcb ? tcb.iss : null,
    queues: visible ? queuesOf(slot) : null,
    ...known,
  };
}

/**
 * A decision's view as last made, with what it was made from: the open decision (its event object
 * stays while it is open; the step that answers it or tries again changes the rest), the host
 * (replaced whenever its TCP steps), the held-back ACK and the numbering of the host's segments.
 */
interface DecisionMade {
  event: HostEvent;
  id: number;
  at: number;
  attempts: number;
  concerns: SocketAddress;
  owedAck: boolean;
  host: HostSlot['host'];
  peer: SocketAddress;
  ackOwed: HostSlot['ackOwed'];
  ids: ReadonlyMap<number, number> | null;
  view: DecisionView;
}

function decisionView(round: Round, slot: HostSlot, ids: ReadonlyMap<number, number> | null): DecisionView | null {
  const d = slot.decision;
  if (!d) return null;
  const decisions = made(round).decisions;
  const m = decisions[slot.side];
  if (
    m !== undefined &&
    m.event === d.event &&
    m.id === d.id &&
    m.at === d.at &&
    m.attempts === d.attempts &&
    m.concerns === d.concerns &&
    m.owedAck === !!d.owedAck &&
    m.host === slot.host &&
    m.peer === slot.peer &&
    m.ackOwed === slot.ackOwed &&
    m.ids === ids
  ) {
    return m.view;
  }
  const view = makeDecisionView(round, slot, d, ids);
  decisions[slot.side] = { event: d.event, id: d.id, at: d.at, attempts: d.attempts, concerns: d.concerns, owedAck: !!d.owedAck, host: slot.host, peer: slot.peer, ackOwed: slot.ackOwed, ids, view };
  return view;
}

function makeDecisionView(round: Round, slot: HostSlot, d: Decision, ids: ReadonlyMap<number, number> | null): DecisionView {
  const e = d.event;
  let prompt: DecisionPrompt;
  if (e.kind === 'segment') {
    const flight = round.flights.find((f) => f.fate === 'arrived' && f.arrivesAt === e.at && f.segment === e.segment) ??
      round.flights.find((f) => f.fate === 'arrived' && f.segment.seq === e.segment.seq && f.segment.src === e.segment.src && f.arrivesAt <= e.at);
    const id = flight ? (ids ? (ids.get(flight.id) ?? null) : flight.id) : null;
    prompt = { kind: 'segment-arrived', segmentId: id, from: e.segment.src, flags: { ...e.segment.flags }, seq: e.segment.seq, ack: e.segment.ack, data: e.segment.data };
  } else if (e.kind === 'tick') {
    prompt = { kind: 'timer-expired', timer: d.owedAck ? delayedAckTimer() : firedTimer(slot.host, d.concerns, e.at) };
  } else {
    const data = e.kind === 'send' ? e.data : e.kind === 'connect' ? (e.data ?? '') : e.kind === 'receive' ? (connectionTo(slot.host, e.remote)?.unread ?? '') : '';
    prompt = { kind: 'app-call', call: e.kind, data };
  }
  const p = predictDecision(slot, d, askedOf(round, slot.side));
  // A SYN that finds the SYN queue full, on a stack with SYN cookies, is answered with a SYN-ACK
  // whose ISN is the cookie: no TCB keeps it, but the host's TCP computed it, so its player knows it.
  const cookie = p?.expected.segments.find((s) => s.rule === 'open.syn-cookie')?.seq ?? null;
  const yourIss = (p && connectionTo(p.host, p.concerns)?.iss) ?? connectionTo(slot.host, d.concerns)?.iss ?? cookie;
  const others: OtherTcbView[] = e.kind === 'unlisten'
    ? slot.host.connections.filter((c) => c.remote !== d.concerns && c.state !== 'LISTEN' && c.state !== 'CLOSED').map((c) => ({ remote: c.remote, state: c.state, sndNxt: c.sndNxt, rcvNxt: c.rcvNxt }))
    : [];
  const tcb = tcbView(slot.host, p?.host ?? null, d.concerns);
  const known = cookie !== null && tcb.state === null && tcb.iss === null ? { ...tcb, iss: cookie, issJustPicked: true, synCookie: true } : tcb;
  return { id: d.id, at: d.at, prompt, attempts: d.attempts, yourIss, tcb: known, ...(others.length ? { others } : {}) };
}

function causeOf(e: HostEvent, timer: TimerKind | null): DecisionCause {
  if (e.kind === 'segment') return { kind: 'segment', flags: { ...e.segment.flags }, seq: e.segment.seq, ack: e.segment.ack, len: e.segment.data.length };
  if (e.kind === 'tick') return { kind: 'timer', timer };
  if ((e.kind === 'send' || e.kind === 'connect') && e.data) return { kind: 'call', call: e.kind, data: e.data };
  return { kind: 'call', call: e.kind };
}

const verdictView = once((r: DecisionRecord): VerdictView => {
  const mistakes = r.verdict.fields.filter((f) => !f.ok);
  const rules = [...new Set(mistakes.map((m) => m.rule))];
  return {
    decisionId: r.id,
    side: r.side,
    at: r.at,
    cause: causeOf(r.event, r.timer ?? null),
    played: { state: r.move.state, segments: r.move.segments.map((sg) => ({ ...sg, flags: { ...sg.flags } })) },
    attempts: r.attempts,
    correct: r.verdict.correct,
    points: r.points,
    bonus: r.bonus,
    mistakes,
    rules,
    allowed: r.verdict.allowed.length > 1 ? r.verdict.allowed : [],
    // The answer finally given (the verdict itself is the first try's).
    matched: r.verdict.allowed.length > 1 ? judgeMove(r.expected, r.move).matched : 0,
    revealCost: r.revealCost ?? 0,
  };
});

/** A side's state changes, made once per list of them (perList). */
const statesMade = perList<readonly StateChange[], Side, readonly StateChange[]>();
function statesOf(round: Round, side: Side): readonly StateChange[] {
  return statesMade(round, round.states, side, round.states, statesBy);
}
function statesBy(states: readonly StateChange[], side: Side): readonly StateChange[] {
  return states.filter((s) => s.side === side);
}

/** The verdicts on a side's decisions (null: both sides'), made once per list of decisions. */
const verdictsMade = perList<readonly DecisionRecord[], Side | 'both', readonly VerdictView[], Round>();
function verdictsOf(round: Round, side: Side | null): readonly VerdictView[] {
  return verdictsMade(round, round.decisions, side ?? 'both', round, verdictsBy);
}
function verdictsBy(round: Round, side: Side | 'both'): readonly VerdictView[] {
  const out: VerdictView[] = [];
  for (const d of round.decisions) if (d.by === 'human' && (side === 'both' || d.side === side)) out.push(verdictView(round, d));
  return out;
}

/** The view for one player (`you`), or for a spectator (`you` = null). */
export function roundView(round: Round, you: Side | null, { reveal = true }: { reveal?: boolean } = {}): RoundView {
  // Once the round is over everything is shown (`reveal`), unless the view is a player's as the
  // room sends it (playerView: the player's own, and what finishedView needs to show the rest).
  const all = you === null || (round.finished && reveal);
  const wireShown = all || round.settings.wireShown === true;
  const hosts = {
    client: panel(round, round.hosts.client, you, all || you === 'client'),
    server: panel(round, round.hosts.server, you, all || you === 'server'),
  };
  const known = !wireShown && you ? hostSegments(round, you) : null;
  const flights = known && you ? ackedAsProcessed(round, known.segments, round.hosts[you]) : round.flights.map((f) => segmentView(round, f));
  const states = all ? round.states : statesOf(round, you);
  const verdicts = verdictsOf(round, all ? null : you);
  const decision = you ? decisionView(round, round.hosts[you], known?.ids ?? null) : null;
  return {
    now: known && you ? knownNow(round.hosts[you], flights, decision) : round.now,
    scenarioId: round.settings.scenarioId,
    mode: round.settings.mode,
    you,
    hosts,
    flights,
    states,
    decision,
    revealed: !!(you && round.hosts[you].decision?.revealed),
    verdicts,
    finished: round.finished,
    endReason: round.endReason,
    timeline: round.finished && all ? timelineOf(round.timeline) : null,
    inputs: round.finished && all ? inputsOf(round) : null,
    wireShown,
  };
}

/**
 * A player's view as the room sends it. While the round is played, its `roundView`. Once it is
 * over, the player's own view with the round's settings and log (`ended`), not the finished view:
 * that one (every flight and state change again, now both hosts', the timers' record, the inputs)
 * was 9.5 KB of a round's 25 KB of entries, sent to every player in the same instant, and the
 * browser makes it from these 1-3 KB with the same engine (`finishedView`), in about a millisecond.
 */
export function playerView(round: Round, you: Side): RoundView {
  if (!round.finished) return roundView(round, you);
  return { ...roundView(round, you, { reveal: false }), ended: endedOf(round) };
}

/** One `ended` per round: the view's writer finds it the same object at the next write, and skips it. */
const endedRounds = new WeakMap<Round['log'], EndedRound>();
function endedOf(round: Round): EndedRound {
  let ended = endedRounds.get(round.log);
  if (ended === undefined || ended.settings !== round.settings) endedRounds.set(round.log, (ended = { settings: round.settings, log: round.log }));
  return ended;
}

/**
 * The finished view a player's `ended` view stands for: the round played again from its settings
 * and log, shown to that player with everything revealed. The engine is pure, so this is the
 * view the server would have made (test/game/playerView.test.ts). Any other view comes back as it is;
 * so does an `ended` view whose log does not replay.
 */
export function finishedView(view: RoundView): RoundView {
  if (!view.ended || view.you === null) return view;
  const round = replayRound(view.ended.settings, view.ended.log);
  return round?.finished ? roundView(round, view.you) : view;
}

/**
 * An own segment is acknowledged once its TCP accepted an ACK for it, not merely once one arrived:
 * a host that dropped the ACK (Linux with a full accept queue leaves the connection SYN-RECEIVED)
 * still holds the segment in its retransmission queue and resends it, and the flow graph must not
 * say "acknowledged" beside a prompt that says "still unacknowledged". An ACK the player is
 * deciding about right now has not been processed yet: it keeps the arrival's word.
 */
function ackedAsProcessed(round: Round, segments: readonly SegmentView[], slot: HostSlot): readonly SegmentView[] {
  const deciding = slot.decision?.event.kind === 'segment' ? slot.decision.event.segment : null;
  let out: SegmentView[] | null = null;
  for (let i = 0; i < segments.length; i++) {
    const v = segments[i]!;
    if (v.fate !== 'acknowledged' || v.from !== slot.side || !v.dst) continue;
    if (deciding && deciding.src === v.dst && deciding.flags.ACK) continue;
    const tcb = connectionTo(slot.host, v.dst);
    if (!tcb || !stillUnacked(tcb.unacked, v.seq)) continue;
    // The same object while it stays so: no copy per step, and the room's writer skips it by identity.
    const table = roundCache(round, sentNotProcessed, newViewTable);
    let sent = table.get(v);
    if (sent === undefined) table.set(v, (sent = { ...v, fate: 'sent', ackedAt: null }));
    (out ??= [...segments])[i] = sent;
  }
  return out ?? segments;
}

/** An acknowledged segment's view as its host still holds it (ackedAsProcessed), by that view. */
const sentNotProcessed = {};
const newViewTable = (): Map<SegmentView, SegmentView> => new Map();

function stillUnacked(unacked: readonly { seq: number }[], seq: number): boolean {
  for (let i = 0; i < unacked.length; i++) if (unacked[i]!.seq === seq) return true;
  return false;
}

/** The newest moment the player's host learned something: an event of its own, a segment it sent or received. */
function knownNow(slot: HostSlot, flights: readonly SegmentView[], decision: DecisionView | null): number {
  let now = Math.max(slot.host.now, decision?.at ?? 0);
  for (const f of flights) now = Math.max(now, f.from === slot.side ? f.sentAt : (f.arrivesAt ?? f.sentAt));
  return now;
}

/** One line per side for dashboards and results. */
export function scoreboard(round: Round): Record<Side, { score: number; judged: number; correct: number; bestStreak: number }> {
  const out = {} as Record<Side, { score: number; judged: number; correct: number; bestStreak: number }>;
  for (const side of SIDES) {
    const s = round.hosts[side];
    out[side] = { score: s.score, judged: s.judged, correct: s.correct, bestStreak: s.bestStreak };
  }
  return out;
}
