/**
 * What a player's host can know while the round is played, read off the round (pure).
 *
 * A TCP knows that it sent a segment and when; it learns that the segment's bytes got through only
 * when an ACK covering them arrives (RFC 9293 §3.4: "acceptable ack"), and it never learns when the
 * segment arrived, that the wire dropped it, or that the wire copied it. Of the peer it knows only
 * the segments that reached it. Everything here follows from those two sentences.
 */
import { segmentLength } from '../tcp/segment.ts';
import { seqAdd, seqGt, seqLe } from '../tcp/seq.ts';
import type { Side } from '../tcp/wire.ts';
import { roundCache } from './roundCache.ts';
import type { Counters, FlightRecord, Round } from './types.ts';

/**
 * A cache for what is read off one of a round's lists (flights, state changes, decisions) for one
 * viewer: the lists are replaced, never edited, and a step that leaves one alone keeps the same
 * list (round.ts `written`), so it is read once per list and viewer. The round keeps what was read
 * off its newest list (roundCache.ts): an older list (a test stepping the round two ways) is read
 * again. Its results are read-only.
 */
export function perList<L extends object, K extends string, T, A = L>(): (round: Round, list: L, viewer: K, from: A, read: (from: A, viewer: K) => T) => T {
  const owner = {};
  const makeSlot = (): { list: L | null; byViewer: Map<K, T> } => ({ list: null, byViewer: new Map() });
  // `read` is handed what it reads from (`from`), so a caller passes a function made once, not a
  // closure made at every call (a view is made at every step of every room).
  return (round, list, viewer, from, read) => {
    const slot = roundCache(round, owner, makeSlot);
    if (slot.list !== list) {
      slot.list = list;
      slot.byViewer.clear();
    }
    let value = slot.byViewer.get(viewer);
    if (value === undefined && !slot.byViewer.has(viewer)) slot.byViewer.set(viewer, (value = read(from, viewer)));
    return value as T;
  };
}

/**
 * What a side reads off the round's flights, once per list of flights (perList). `read` must read
 * nothing of the round but its flights and what is fixed for the round (a host's address).
 */
export function perFlights<T>(read: (round: Round, side: Side) => T): (round: Round, side: Side) => T {
  const cached = perList<readonly FlightRecord[], Side, T, Round>();
  return (round, side) => cached(round, round.flights, side, round, read);
}

/** The segments a host put on the wire itself: not the wire's copies, not injections from its side. */
export const sentBy = perFlights((round, side): readonly FlightRecord[] => round.flights.filter((f) => f.from === side && !f.duplicate && !f.injected));

/**
 * The segments that reached `side` from the other end, in the order they arrived. Only those
 * addressed to its host: the server's SYN-ACKs to a flood's forged sources cross the same wire but
 * never reach the client's TCP. (The host's address is fixed for the round, so this still depends
 * on the flights alone.)
 */
export const arrivedAt = perFlights((round, side): readonly FlightRecord[] => {
  const address = round.hosts[side].host.address;
  const arrived = round.flights.filter((f) => f.from !== side && f.fate === 'arrived' && ipOf(f.segment.dst) === address);
  // Most often they arrived in the order they were sent: sorted already, and a sort would copy them.
  for (let i = 1; i < arrived.length; i++) if (byArrival(arrived[i - 1]!, arrived[i]!) > 0) return arrived.sort(byArrival);
  return arrived;
});

function byArrival(a: FlightRecord, b: FlightRecord): number {
  return a.arrivesAt - b.arrivesAt || a.id - b.id;
}

function ipOf(socket: string): string {
  return socket.slice(0, socket.lastIndexOf(':'));
}

const endOf = (f: FlightRecord): number => seqAdd(f.segment.seq, segmentLength(f.segment));

/**
 * When the host learned that `own` got through: the first segment of the same connection (from the
 * address `own` went to, to the address it came from) to arrive after it was sent whose ACK covers
 * its last sequence number and acknowledges nothing the host had not sent on that connection yet,
 * and which the host's TCP took the ACK from. null while no such ACK has arrived, and always for a
 * segment that occupies no sequence space (a pure ACK or RST is never acknowledged, so its sender
 * never learns its fate).
 *
 * Taken from: not a RST (it resets the connection, it acknowledges nothing), and, before any SYN
 * of the peer's has arrived (the host is in SYN-SENT), only a SYN-ACK: SYN-SENT drops a segment with
 * an ACK and no SYN (RFC 9293 §3.10.7.3), so its SYN is still unacknowledged and will be sent again.
 * Another connection's ACK (a flood's forged sources, the real client beside them) says nothing of it.
 */
export function ackedAt(own: FlightRecord, sent: readonly FlightRecord[], arrived: readonly FlightRecord[]): number | null {
  const i = ackingArrival(own, sent, arrived);
  return i < 0 ? null : arrived[i]!.arrivesAt;
}

/**
 * ackedAt for the views, kept per segment once found (roundCache.ts). Segments reach a host in
 * time order, so a new one joins the end of `arrived` and the arrival that acknowledged a segment
 * stays the first that did; it is found again at its place (an older step of the round, viewed
 * by a test, may not have it yet, and is worked out afresh).
 */
export function ackedAtKept(round: Round, own: FlightRecord, sent: readonly FlightRecord[], arrived: readonly FlightRecord[]): number | null {
  const table = roundCache(round, ackedOwner, newAckedTable);
  const kept = table.get(own.id);
  if (kept !== undefined && arrived[kept.index] === kept.arrival) return kept.arrival.arrivesAt;
  const i = ackingArrival(own, sent, arrived);
  if (i < 0) return null;
  table.set(own.id, { index: i, arrival: arrived[i]! });
  return arrived[i]!.arrivesAt;
}
const ackedOwner = {};
const newAckedTable = (): Map<number, { index: number; arrival: FlightRecord }> => new Map();

/** The index in `arrived` of the segment that acknowledged `own` (ackedAt), or -1. */
function ackingArrival(own: FlightRecord, sent: readonly FlightRecord[], arrived: readonly FlightRecord[]): number {
  if (segmentLength(own.segment) === 0) return -1;
  const end = endOf(own);
  const local = own.segment.src;
  const remote = own.segment.dst;
  let peerSynArrived = false;
  for (let i = 0; i < arrived.length; i++) {
    const a = arrived[i]!;
    if (a.segment.src !== remote || a.segment.dst !== local) continue;
    const synSeen = peerSynArrived;
    if (a.segment.flags.SYN) peerSynArrived = true;
    if (a.arrivesAt < own.sentAt || !a.segment.flags.ACK || a.segment.flags.RST) continue;
    if (!synSeen && !a.segment.flags.SYN) continue;
    let sndMax: number | null = null;
    for (let j = 0; j < sent.length; j++) {
      const s = sent[j]!;
      if (s.sentAt > a.arrivesAt || s.segment.src !== local || s.segment.dst !== remote) continue;
      const e = endOf(s);
      if (sndMax === null || seqGt(e, sndMax)) sndMax = e;
    }
    if (sndMax !== null && seqLe(end, a.segment.ack) && seqLe(a.segment.ack, sndMax)) return i;
  }
  return -1;
}

export const NO_COUNTERS: Counters = { score: 0, streak: 0, judged: 0, correct: 0 };

/**
 * The peer's totals as far as `side` can know them: as carried by the newest segment of the peer's
 * that reached it (each segment carries its sender's totals when it was sent), so they never move
 * the moment the peer answers, only when a segment could have brought the news.
 */
export function peerCountersKnown(round: Round, side: Side): Counters {
  return { ...(peerCountersCarried(round, side) ?? NO_COUNTERS) };
}

/** The totals the newest of the peer's segments to reach `side` carried, as recorded (read-only), or null. */
export function peerCountersCarried(round: Round, side: Side): Counters | null {
  const arrived = arrivedAt(round, side);
  for (let i = arrived.length - 1; i >= 0; i--) {
    const sender = arrived[i]?.sender;
    if (sender) return sender;
  }
  return null;
}

/**
 * Ids as the player's view numbers segments: in the order its host learned of them (its own when
 * sent, the peer's when they arrived; at one instant arrivals first, as the round delivers them
 * before a host acts). The wire's ids count every segment on the wire, so a gap in them would
 * tell the player that a segment it cannot see exists (one still flying to it, one the wire lost
 * or copied). The order is stable: what a host learns later never sorts before what it knew.
 */
export function knownOrder(sent: readonly FlightRecord[], arrived: readonly FlightRecord[]): Map<number, number> {
  // The segments themselves are sorted (no record made per segment): one the host sent is known
  // from when it was sent, one that arrived from when it arrived. The two lists share no segment
  // (one side sent them all, the other side sent those that arrived).
  const from = sent[0]?.from;
  const known = arrived.concat(sent);
  known.sort((a, b) => {
    const aSent = a.from === from;
    const bSent = b.from === from;
    return (aSent ? a.sentAt : a.arrivesAt) - (bSent ? b.sentAt : b.arrivesAt) || Number(aSent) - Number(bSent) || a.id - b.id;
  });
  const ids = new Map<number, number>();
  for (let i = 0; i < known.length; i++) ids.set(known[i]!.id, i + 1);
  return ids;
}
