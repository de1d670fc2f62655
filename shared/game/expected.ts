import type { RuleId } from '../rules/ids.ts';
import { connectionTo, focusState, step } from '../tcp/host.ts';
import { flags, type SocketAddress } from '../tcp/segment.ts';
import type { TcpState } from '../tcp/states.ts';
import type { Host, HostEvent, Output } from '../tcp/types.ts';
import { ACTIVE_RESETS, alternativesFor } from './allowed.ts';
import { judgeMove, type Expected, type ExpectedSegment, type Verdict } from './judge.ts';
import type { Move } from './move.ts';
import { roundCache } from './roundCache.ts';
import type { Decision, HostSlot, Round } from './types.ts';
import type { Side } from '../tcp/wire.ts';

export interface Prediction {
  expected: Expected;
  host: Host;
  outputs: Output[];
  concerns: SocketAddress;
}

/** Which connection an event is about: a segment's sender, else the connection a timer or call touched. */
export function concernsOf(event: HostEvent, outputs: Output[], peer: SocketAddress): SocketAddress {
  if (event.kind === 'segment') return event.segment.src;
  for (const o of outputs) {
    if (o.kind === 'state' || o.kind === 'signal') return o.conn;
    if (o.kind === 'segment' && o.conn) return o.conn;
  }
  return peer;
}

/**
 * What the engine last answered about one host of a round, kept with the round (roundCache.ts), one
 * per side. Hosts and events are never edited (the round reducer shares them between rounds,
 * test/game/purity.test.ts), so the same host, event and peer always have the same answer: a
 * decision asks the engine once, not once for the judge, once for the player's view, once for the
 * hint and once more when it is answered. A host is asked about one event at a time (the one that
 * opens its decision), so one entry a side is enough; a player's open decision also keeps its
 * answers (predictDecisionAll). (A weak table by host, as before, took an entry at every step of
 * every room, and the collector settles each such entry in its final pause.)
 */
export interface Asked {
  host: Host | null;
  event: HostEvent | null;
  peer: SocketAddress | null;
  prediction: Prediction | null;
  /** A player's open decision: every correct answer, with what decorate read besides the prediction. */
  decided: { first: Prediction; owedAck: boolean; concerns: SocketAddress; ackOwed: SocketAddress | null; all: Prediction[] } | null;
}

const askedOwner = {};
const nothingAsked = (): Asked => ({ host: null, event: null, peer: null, prediction: null, decided: null });
const newAsked = (): Record<Side, Asked> => ({ client: nothingAsked(), server: nothingAsked() });

/** What was last asked of the engine about this side's host in this round. */
export function askedOf(round: Round, side: Side): Asked {
  return roundCache(round, askedOwner, newAsked)[side];
}

/**
 * What a correct TCP does with this event: run the engine itself. The judge, the bot and the
 * coach's hints all come from here, so they can never disagree with the engine. With `asked` (the
 * host's entry in its round, askedOf), the prediction is shared by every caller that asks about the
 * same host and event: read it, never edit it.
 */
export function predict(host: Host, event: HostEvent, peer: SocketAddress, asked?: Asked): Prediction | null {
  if (asked !== undefined && asked.host === host && asked.event === event && asked.peer === peer) return asked.prediction;
  const prediction = runPrediction(host, event, peer);
  if (asked !== undefined) {
    asked.host = host;
    asked.event = event;
    asked.peer = peer;
    asked.prediction = prediction;
    asked.decided = null;
  }
  return prediction;
}

function runPrediction(host: Host, event: HostEvent, peer: SocketAddress): Prediction | null {
  const r = step(host, event);
  if (!r.ok) return null;
  const concerns = concernsOf(event, r.outputs, peer);
  let stateRule: RuleId | null = null;
  let dropRule: RuleId | null = null;
  // The state the connection itself ends in, as the RFC names it: LAST-ACK + the ACK of our FIN is
  // CLOSED even though a listening socket on the same host is still in LISTEN.
  let connectionState: TcpState | null = null;
  for (let i = 0; i < r.outputs.length; i++) {
    const o = r.outputs[i]!;
    if (o.kind === 'state' && (o.conn === concerns || o.conn === host.listener?.local)) stateRule = o.rule;
    if (o.kind === 'state' && o.conn === concerns) connectionState = o.to;
    if (o.kind === 'drop' && dropRule === null) dropRule = o.rule;
  }
  const segments = r.outputs.flatMap((o) =>
    o.kind === 'segment'
      ? [{ flags: { ...o.segment.flags }, seq: o.segment.seq, ack: o.segment.ack, data: o.segment.data, rule: o.rule, retransmission: o.retransmission }]
      : [],
  );
  // Why nothing goes out: a dropped segment's own rule; for an application call, a timer or an
  // arriving RST (never answered), the rule of the transition it makes (a passive OPEN "sends
  // nothing", a RST in SYN-SENT is "connection refused", TIME-WAIT's end deletes the TCB), not the
  // rule about an ACK that needs no reply.
  const ownTransition = event.kind !== 'segment' || event.segment.flags.RST ? stateRule : null;
  const waitRule: RuleId = dropRule ?? ownTransition ?? 'wait.nothing-to-do';
  const expected: Expected = {
    state: connectionState ?? focusState(r.host, concerns),
    stateRule: stateRule ?? stayRule(host, event, concerns, r) ?? segments[0]?.rule ?? waitRule,
    segments,
    waitRule,
  };
  return { expected, host: r.host, outputs: r.outputs, concerns };
}

/**
 * Why the state stays where a move may be tempted to change it:
 * - the application's send() in ESTABLISHED or CLOSE-WAIT (RFC 9293 §3.10.2) only sends the data:
 *   the RFC names no change of state, so the data segment's own rule, which says how it is built,
 *   would not say why the state stays. The other calls a round asks about (connect, listen, close,
 *   abort, closing a listener) each change the state, and their own rule says so; a call that
 *   neither sends nor changes the state (receive, accept, a send queued before ESTABLISHED) is no
 *   decision at all (round.ts);
 * - for an arriving ACK (no RST), RFC 9293 §3.10.7.4, fifth and seventh checks:
 *   - FIN-WAIT-1, CLOSING and LAST-ACK wait for the ACK of our FIN; an ACK that does not cover it
 *     (an ACK of the data before it) leaves the state as it was (the source article's close moved
 *     on at any ACK);
 *   - ESTABLISHED, CLOSE-WAIT and FIN-WAIT-2 wait for no ACK: an ACK or data they take in (nothing
 *     dropped, no SYN, no FIN) never moves them. A segment with a FIN that stays ESTABLISHED had
 *     its FIN held out of order, which the out-of-order rule explains already.
 */
function stayRule(before: Host, event: HostEvent, concerns: SocketAddress, r: { host: Host; outputs: Output[] }): RuleId | null {
  const was = connectionTo(before, concerns)?.state;
  if (was === undefined || was !== connectionTo(r.host, concerns)?.state) return null;
  if (event.kind === 'send') return was === 'ESTABLISHED' || was === 'CLOSE-WAIT' ? 'data.send-state-stays' : null;
  if (event.kind !== 'segment') return null;
  const f = event.segment.flags;
  if (!f.ACK || f.RST) return null;
  if (was === 'FIN-WAIT-1' || was === 'CLOSING' || was === 'LAST-ACK') return 'close.fin-not-acked-yet';
  if (f.SYN || f.FIN || r.outputs.some((o) => o.kind === 'drop' || (o.kind === 'segment' && !TAKEN_IN.has(o.rule)))) return null;
  return was === 'ESTABLISHED' || was === 'CLOSE-WAIT' || was === 'FIN-WAIT-2' ? 'ack.state-stays' : null;
}

/**
 * What a connection sends when it has taken a segment in: the ACK of its data, and data of its own
 * the ACK let out. Any other answer (an unacceptable segment's ACK, an ACK of something not yet
 * sent) has its own rule that says why the state stays.
 */
const TAKEN_IN: ReadonlySet<RuleId> = new Set<RuleId>(['data.in-order-ack', 'data.out-of-order-dup-ack', 'data.reassembled', 'data.send']);

/**
 * The settings under which a stack that follows the RFCs may answer an event in another way, so the
 * judge accepts either answer:
 * - RFC 1337 is Informational, so where a round turns its option on (ignore a RST in TIME-WAIT),
 *   closing as RFC 9293 §3.10.7.4 says is right too. Where the option is off, only RFC 9293's
 *   answer is.
 * - ACK rate limiting (RFC 5961 §7 "SHOULD", Linux's tcp_invalid_ratelimit): where the engine holds
 *   back a challenge ACK or an unacceptable segment's duplicate ACK, sending it, as §3.10.7.4 reads
 *   word for word, is right too. The host then goes on as having sent it (its clock restarts).
 * Each option changes the answer only where the engine's own answer is the option's drop (its rule
 * says so): anywhere else the other setting answers alike, so it is not asked (every decision
 * asked the engine twice, and compared the two answers as JSON, for the rate limits both profiles
 * have on).
 */
const OPTION_DROPS: readonly { rules: ReadonlySet<RuleId>; applies: (c: Host['config']) => boolean; off: (c: Host['config']) => Host['config'] }[] = [
  { rules: new Set<RuleId>(['rst.time-wait-rfc1337']), applies: (c) => c.rfc1337, off: (c) => ({ ...c, rfc1337: false }) },
  {
    rules: new Set<RuleId>(['ack.challenge-throttled', 'ack.out-of-window-rate-limited']),
    applies: (c) => c.challengeAckIntervalMs > 0 || (c.invalidAckRatelimitMs ?? 0) > 0,
    off: (c) => ({ ...c, challengeAckIntervalMs: 0, invalidAckRatelimitMs: 0 }),
  },
];

function alternativeConfigs(host: Host, first: Prediction): Host['config'][] {
  const out: Host['config'][] = [];
  for (const option of OPTION_DROPS) {
    if (option.applies(host.config) && first.outputs.some((o) => o.kind === 'drop' && option.rules.has(o.rule))) out.push(option.off(host.config));
  }
  return out;
}

/** Every correct answer to the event: the engine's own first, then each one an option allows that differs from it. */
export function predictAll(host: Host, event: HostEvent, peer: SocketAddress, asked?: Asked): Prediction[] {
  const first = predict(host, event, peer, asked);
  if (!first) return [];
  const all = [first];
  for (const config of alternativeConfigs(host, first)) {
    const alt = predict({ ...host, config }, event, peer);
    if (!alt || JSON.stringify(alt.expected) === JSON.stringify(first.expected)) continue;
    // The host goes on with its own settings: the option stays on for the events that follow.
    all.push({ ...alt, host: { ...alt.host, config: host.config } });
  }
  return all;
}

/** Judge a move against every correct answer: the first it matches, else the engine's own (with its mistakes). */
export function judgeAgainst(predictions: readonly Prediction[], move: Move): { prediction: Prediction; verdict: Verdict } | null {
  const first = predictions[0];
  if (!first) return null;
  for (const prediction of predictions) {
    const verdict = judgeMove(prediction.expected, move);
    if (verdict.correct) return { prediction, verdict };
  }
  return { prediction: first, verdict: judgeMove(first.expected, move) };
}

/**
 * What is right at a player's decision: the engine's answer to its event, plus an ACK the player
 * held back when this is its delayed-ACK timer, plus every other answer RFC 9293 allows
 * (allowed.ts). The judge, the hints, the bot taking over and the views all read this.
 */
export function predictDecision(slot: HostSlot, d: Decision, asked?: Asked): Prediction | null {
  return predictDecisionAll(slot, d, asked)[0] ?? null;
}

/** Every correct answer at a player's decision: one per answer an option allows (predictAll), each with the answers RFC 9293 allows besides. */
export function predictDecisionAll(slot: HostSlot, d: Decision, asked?: Asked): Prediction[] {
  // A player's open decision is asked about again and again while it is open (its view, a hint,
  // each try): the answers are made once per prediction and what decorates them. A bot's decision
  // is asked about once: nothing is kept for it.
  if (slot.controller !== 'human') return predictAll(slot.host, d.event, slot.peer, asked).map((p) => decorate(slot, d, p));
  const first = predict(slot.host, d.event, slot.peer, asked);
  if (!first) return [];
  const owedAck = !!d.owedAck;
  const ackOwed = slot.ackOwed?.conn ?? null;
  const known = asked?.decided;
  if (known && known.first === first && known.owedAck === owedAck && known.concerns === d.concerns && known.ackOwed === ackOwed) return known.all;
  const all = predictAll(slot.host, d.event, slot.peer, asked).map((p) => decorate(slot, d, p));
  if (asked !== undefined) asked.decided = { first, owedAck, concerns: d.concerns, ackOwed, all };
  return all;
}

/** Per segment sent: the RCV.NXT of the connection an active RST resets (as the host held it before the event), else null. */
function activeResets(before: Host, outputs: Output[]): (number | null)[] {
  return outputs.flatMap((o) => {
    if (o.kind !== 'segment') return [];
    const tcb = o.segment.flags.RST && ACTIVE_RESETS.has(o.rule) && o.conn ? connectionTo(before, o.conn) : undefined;
    return [tcb ? tcb.rcvNxt : null];
  });
}

function decorate(slot: HostSlot, d: Decision, p: Prediction): Prediction {
  // A delayed-ACK timer's tick touches no connection in the engine: the decision names its own.
  const concerns = d.owedAck ? d.concerns : p.concerns;
  const tcb = connectionTo(p.host, concerns) ?? null;
  let expected = p.expected;
  // A segment with the ACK bit that goes out at the same moment carries the owed ACK already.
  if (d.owedAck && tcb && !expected.segments.some((s) => s.flags.ACK)) {
    const ack: ExpectedSegment = { flags: flags('ACK'), seq: tcb.sndNxt, ack: tcb.rcvNxt, data: '', rule: 'ack.delayed-ack-timer', retransmission: false };
    const stateChanged = p.outputs.some((o) => o.kind === 'state');
    expected = { ...expected, segments: [...expected.segments, ack], stateRule: stateChanged ? expected.stateRule : 'ack.delayed-ack-timer' };
  }
  const alternatives = alternativesFor({ event: d.event, expected, tcb, ackOwed: slot.ackOwed?.conn === concerns, activeResets: activeResets(slot.host, p.outputs) });
  if (alternatives.length) expected = { ...expected, alternatives };
  return { ...p, expected, concerns };
}
