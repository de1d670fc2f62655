/**
 * What a flow-graph label says: the segment ("SYN, ACK seq=… ack=… len=0"), then what happened to
 * it ("RETRANSMITTED", "lost on the wire", "dropped by the server", "spoofed, from …"), each tag in
 * the caller's language.
 */
import { segmentLength, segmentSummary } from '../model/segmentText.ts';
import { peerOf, type Flight, type HostRole, type RoundLog } from '../model/view.ts';
import { arrowEnds, otherClients, spoofedSources } from './ladderLanes.ts';

/** The words the layout writes (translated by the caller). */
export interface LadderText {
  lost: string;
  /** A segment that reached its receiver's host and was dropped there (a capture's), by that host... */
  droppedBy: Record<HostRole, string>;
  /** ...or by a Linux listener's full accept queue (a SYN). */
  droppedAcceptQueue: string;
  retransmission: string;
  duplicate: string;
  oldDuplicate: string;
  /** "spoofed, from 198.51.100.20:41000" */
  spoofedFrom: (address: string) => string;
  /** "to 198.51.100.20:41000 (no such host)" for a reply to a forged source. */
  toForged: (address: string) => string;
  /** "another client, 203.0.113.7:50500": a real client of the same server, not a player. */
  otherClientFrom: (address: string) => string;
  /** "to another client, 203.0.113.7:50500" for the server's reply to it. */
  toOtherClient: (address: string) => string;
  /** "to 10.0.0.4:50002": a reply to a source the host cannot tell forged or real (live, its TCP's view). */
  toAddress: (address: string) => string;
  laneSpoofed: string;
  laneOldDuplicate: string;
  /** The lane when it carries both kinds. */
  laneMixed: string;
  /** The lane when it carries only another client's segments. */
  laneOtherClient: string;
  /** A live round's own segments, whose arrival the player does not know. */
  sent: string;
  awaitingAck: string;
  acked: string;
}

export const ENGLISH_LADDER_TEXT: LadderText = {
  lost: 'lost on the wire',
  droppedBy: { client: 'dropped by the client', server: 'dropped by the server' },
  droppedAcceptQueue: 'dropped: accept queue full',
  retransmission: 'RETRANSMITTED',
  duplicate: 'DUPLICATE',
  oldDuplicate: 'old duplicate',
  spoofedFrom: (a) => `spoofed, from ${a}`,
  toForged: (a) => `to ${a}`,
  otherClientFrom: (a) => `another client, ${a}`,
  toOtherClient: (a) => `to another client, ${a}`,
  toAddress: (a) => `to ${a}`,
  laneSpoofed: 'spoofed sources',
  laneOldDuplicate: 'old duplicates',
  laneMixed: 'old duplicates, forged segments',
  laneOtherClient: 'another client',
  sent: 'sent',
  awaitingAck: 'sent, no ACK yet',
  acked: 'acknowledged',
};

/**
 * Where a reply to a source other than the peer goes: another client or a forged source when the
 * log knows which; while the round is live a host's TCP does not, and the label only names the address.
 */
function replyTo(dst: string, text: LadderText, others: Set<string>, spoofed: Set<string>): string {
  if (others.has(dst)) return text.toOtherClient(dst);
  return spoofed.has(dst) ? text.toForged(dst) : text.toAddress(dst);
}

/** The label's words: the segment, then what happened to it, each tag translated. */
export function arrowLabel(log: RoundLog, f: Flight, text: LadderText): { summary: string; tags: string[] } {
  return labelWords(log, f, text, otherClients(log), spoofedSources(log));
}

/** Every arrow's label words (arrowLabel's), the round's other clients and forged sources found once. */
export function arrowLabels(log: RoundLog, text: LadderText): { summary: string; tags: string[] }[] {
  const others = otherClients(log);
  const spoofed = spoofedSources(log);
  return log.flights.map((f) => labelWords(log, f, text, others, spoofed));
}

function labelWords(log: RoundLog, f: Flight, text: LadderText, others: Set<string>, spoofed: Set<string>): { summary: string; tags: string[] } {
  const tags: string[] = [];
  if (f.injected === 'old-duplicate') tags.push(text.oldDuplicate);
  if (f.injected === 'spoofed') tags.push(text.spoofedFrom(f.segment.src));
  if (f.injected === 'other-client') tags.push(text.otherClientFrom(f.segment.src));
  if (arrowEnds(log, f).to === 'lane') tags.push(replyTo(f.segment.dst, text, others, spoofed));
  if (f.retransmission) tags.push(text.retransmission);
  if (f.duplicateOf) tags.push(text.duplicate);
  if (f.lostAt !== null) tags.push(text.lost);
  else if (f.dropped) tags.push(f.dropped === 'accept-queue' ? text.droppedAcceptQueue : text.droppedBy[peerOf(f.from)]);
  if (f.arrivesAt === null) tags.push(f.ackedAt !== null && f.ackedAt !== undefined ? text.acked : segmentLength(f.segment) > 0 ? text.awaitingAck : text.sent);
  return { summary: segmentSummary(f.segment), tags };
}

/** How the time column writes seconds unless told: '0.300 s'. */
export const defaultSeconds = (s: string): string => `${s} s`;

/** A round time in seconds, with the unit in the UI's language ('0.300 s', '0.300 秒'). */
export function formatSeconds(ms: number, seconds: (s: string) => string = defaultSeconds): string {
  return seconds((ms / 1000).toFixed(3));
}
