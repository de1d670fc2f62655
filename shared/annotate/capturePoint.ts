/**
 * Where a connection's capture was taken, as the capture itself shows it. A segment seen arriving
 * at the host the capture was taken on reached that host: its TCP (or its firewall) may still have
 * dropped it, but it was not lost on the way. Two things in a capture tell where it was taken:
 * - Hop counts. A host sends every datagram with its initial TTL (IPv6: Hop Limit; Linux and macOS
 *   64, Windows 128, others 255) and each router on the way takes one off (RFC 791, RFC 8200 §3).
 *   One end's segments all carrying an initial value and the other's all carrying less: the capture
 *   was taken on the first end's side of every router. Both less: routers on both sides (the middle).
 * - Answer times. A host answers what reaches it after its own processing time (microseconds, a
 *   millisecond or two when busy); where the capture was taken at the other end, its answers come a
 *   round trip later (the SYN-ACK after the SYN at the client, the handshake's ACK after the SYN-ACK
 *   at the server). An answer comes no sooner than the way from the capture point to the answering
 *   host and back, so one end answering at least twice within 2 ms and within a tenth of the other
 *   end's quickest answer puts the capture at that end (the two parts of the handshake's round trip
 *   that Wireshark's iRTT adds up: SYN to SYN-ACK, SYN-ACK to ACK, as seen at the capture point).
 * Either decides where the other says nothing; where they disagree the point is unknown. A capture
 * on the loopback (or between two addresses of one host) sees every segment leave and arrive at once:
 * both ends, and losses there (a firewall rule) are read as before.
 */
import { acknowledges, occupies } from './segments.ts';
import type { CapturedSegment, CaptureSite, CaptureSiteInfo, Role } from './types.ts';
import type { Connection } from './connection.ts';
import type { Arrival } from './losses.ts';

/** The TTLs (Hop Limits) hosts start with: Linux, macOS and the BSDs 64, Windows 128, network gear 255. */
const INITIAL_HOP_LIMITS = new Set([64, 128, 255]);
/** A host's own processing time is at most this (seconds): a quick answer is one within it. */
const PROCESSING = 0.002;
/** The quick end's answers take at most this share of the other end's quickest. */
const RATIO = 10;
/** Several exchanges must agree: quick answers from one end, and answers from the other. */
const EXCHANGES = 2;
/** Segments of one end waiting for the other's answer, at most (a bulk sender's flight). */
const WAITING = 64;

/** Seconds to the capture's own precision (a difference of two times read to the nanosecond). */
const nanoseconds = (seconds: number): number => Math.round(seconds * 1e9) / 1e9;

const isLoopback = (ip: string): boolean => ip.startsWith('127.') || ip === '::1';

/** The TTLs (Hop Limits) the capture shows an address's segments with, in any of its connections so far. */
export type HopLimits = (ip: string) => ReadonlySet<number> | undefined;

/**
 * The hop counts say which side of every router the capture is on ('middle': routers on both
 * sides). Read per address, over all its connections in the capture: one taken at a host sees all
 * of that host's segments leave with its initial value, also in a connection where it sends
 * nothing (a SYN it never answers).
 */
function byHopLimits(client: ReadonlySet<number>, server: ReadonlySet<number>): { site: Role | 'middle' | null; ttl?: Record<Role, number> } {
  const kind = (values: ReadonlySet<number>): 'initial' | 'routed' | null => {
    if (values.size === 0) return null;
    const initial = [...values].filter((v) => INITIAL_HOP_LIMITS.has(v)).length;
    // A mixture (segments its TCP did not send, a path that changed) says nothing.
    return initial === values.size ? 'initial' : initial === 0 ? 'routed' : null;
  };
  const c = kind(client);
  const s = kind(server);
  if (c === null || s === null || (c === 'initial' && s === 'initial')) return { site: null };
  const ttl = { client: Math.max(...client), server: Math.max(...server) };
  if (c === 'routed' && s === 'routed') return { site: 'middle', ttl };
  return { site: c === 'initial' ? 'client' : 'server', ttl };
}

/** How long each end took to answer the other's segments, as the capture shows it (seconds, each end's quickest first). */
function answerTimes(segments: readonly CapturedSegment[], client: string, server: string): Record<Role, number[]> {
  const gaps: Record<Role, number[]> = { client: [], server: [] };
  const waiting: Record<string, CapturedSegment[]> = { [client]: [], [server]: [] };
  for (const f of segments) {
    const role: Role | null = f.src === client ? 'client' : f.src === server ? 'server' : null;
    if (role === null) continue;
    const other = role === 'client' ? server : client;
    // The first segment of this end after the other's: an answer to those it acknowledges.
    for (const s of waiting[other] ?? []) if (acknowledges(f, s)) gaps[role].push(f.time - s.time);
    waiting[other] = [];
    if (occupies(f)) {
      const mine = waiting[f.src] ?? [];
      mine.push(f);
      if (mine.length > WAITING) mine.shift();
      waiting[f.src] = mine;
    }
  }
  gaps.client.sort((a, b) => a - b);
  gaps.server.sort((a, b) => a - b);
  return gaps;
}

/** The answer times say which end the capture was taken at, if one end is clearly the quick one. */
function byAnswerTimes(gaps: Record<Role, number[]>): Role | null {
  for (const [near, far] of [['client', 'server'], ['server', 'client']] as const) {
    const quickestFar = gaps[far][0];
    if (quickestFar === undefined || gaps[far].length < EXCHANGES) continue;
    const quick = gaps[near].filter((g) => g <= PROCESSING && g * RATIO <= quickestFar).length;
    if (quick >= EXCHANGES) return near;
  }
  return null;
}

/**
 * Where the capture of this connection was taken: `segments` are its segments in capture order (at
 * least one), `client` and `server` its endpoints, `hopLimits` what the capture shows of each
 * address in all its connections (without it, this connection's own segments).
 */
export function inferCaptureSite(segments: readonly CapturedSegment[], client: string, server: string, hopLimits?: HopLimits): CaptureSiteInfo {
  const first = segments[0];
  if (!first) return { site: 'unknown' };
  if (first.srcIp === first.dstIp || (isLoopback(first.srcIp) && isLoopback(first.dstIp))) return { site: 'both' };
  const ipOf = (ep: string): string => (ep === first.src ? first.srcIp : first.dstIp);
  const own = (ep: string): Set<number> => new Set(segments.flatMap((s) => (s.src === ep && s.hopLimit !== undefined ? [s.hopLimit] : [])));
  const hops = byHopLimits(hopLimits?.(ipOf(client)) ?? own(client), hopLimits?.(ipOf(server)) ?? own(server));
  const gaps = answerTimes(segments, client, server);
  const timed = byAnswerTimes(gaps);
  const evidence: Omit<CaptureSiteInfo, 'site'> = {
    ...(hops.ttl ? { ttl: hops.ttl } : {}),
    ...(timed && gaps.client[0] !== undefined && gaps.server[0] !== undefined ? { answers: { client: nanoseconds(gaps.client[0]), server: nanoseconds(gaps.server[0]) } } : {}),
  };
  // Routers on both sides, or the two disagreeing: not at either end.
  const site: CaptureSite = hops.site === 'middle' || (hops.site !== null && timed !== null && hops.site !== timed) ? 'unknown' : (hops.site ?? timed ?? 'unknown');
  return { site, ...evidence };
}

/** The segment was seen arriving at the host the capture was taken on: it reached that host. */
export function seenArriving(site: CaptureSiteInfo, receiver: Role): boolean {
  return site.site === receiver;
}

/** A note's `seen` mark: present only where the capture was taken at the segment's receiver (notes stay as they were elsewhere). */
export function seenAt(site: CaptureSiteInfo, receiver: Role): { seen?: true } {
  return seenArriving(site, receiver) ? { seen: true } : {};
}

/**
 * A segment the losses say never reached its receiver's TCP, seen arriving at the receiver's own
 * host: it was not lost on the way. Its TCP never took it (what showed the loss shows that), so the
 * engine still does not see it; what is left is a drop at the host. A SYN to a Linux listener:
 * its full accept queue (tcp_conn_request; nstat ListenOverflows); anything else: what a host drops
 * a segment for after its capture saw it (a bad checksum, no memory for it, a firewall rule).
 */
export function droppedAtHost(c: Connection, s: CapturedSegment, plan: Arrival): Arrival {
  const who = c.role(s.dst);
  if (plan.kind !== 'lost' || !seenArriving(c.site, who)) return plan;
  const listener = c.profile === 'linux' && s.flags.SYN && !s.flags.ACK && c.stateOf(s.dst) === 'LISTEN';
  return { kind: 'ignored', notes: [{ code: 'dropped-at-host', who, why: plan.note, cause: listener ? 'accept-queue' : 'host' }] };
}
