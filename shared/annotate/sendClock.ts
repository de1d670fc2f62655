/**
 * Which of two segments from one sender left first, when TCP timestamps (RFC 7323 §3: TSval is
 * the sender's clock when it sends) are not there to say so. An IPv4 sender that numbers its
 * datagrams from one counter per connection says so by their IP IDs: Linux does, for the DF
 * datagrams TCP sends (RFC 6864 §4.1 allows any value there, so other stacks may use zero or random
 * ones). The clock is trusted only once the capture has shown this sender's IDs counting up.
 */
import { occupies } from './segments.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

export interface IdClock {
  last: number | null;
  /** Steps from one captured datagram to the next that counted up by a little, and the others. */
  up: number;
  other: number;
  /** The segment with the highest ID so far: the last one this sender sent, of those captured. */
  newest: CapturedSegment | null;
  /** The lowest ID of the captured segments starting at each sequence number: the earliest sent (bounded, as firstSent). */
  firstId: Map<number, number>;
}

/** Up by 1 to this many from one captured datagram of a sender to its next: a counter (a few may be lost or reordered between). */
const STEP = 1024;

const ahead = (a: number, b: number): number => (b - a + 0x10000) % 0x10000;
/** Datagram id `a` was numbered before `b` (16-bit serial arithmetic). */
const numberedBefore = (a: number, b: number): boolean => ahead(a, b) > 0 && ahead(a, b) < 0x8000;

/** After a segment of its sender's own TCP has been taken in. */
export function learnIdClock(c: Connection, s: CapturedSegment): void {
  if (s.ipId === undefined) return;
  const clock = (c.idClock[s.src] ??= { last: null, up: 0, other: 0, newest: null, firstId: new Map() });
  if (clock.last !== null) {
    const d = ahead(clock.last, s.ipId);
    if (d > 0 && d < STEP) clock.up++;
    else clock.other++;
  }
  clock.last = s.ipId;
  if (!clock.newest || numberedBefore(clock.newest.ipId ?? s.ipId, s.ipId)) clock.newest = s;
  const lowest = clock.firstId.get(s.seq);
  if (occupies(s) && (lowest === undefined || numberedBefore(s.ipId, lowest))) {
    clock.firstId.set(s.seq, s.ipId);
    if (clock.firstId.size > 512) clock.firstId.delete(clock.firstId.keys().next().value as number);
  }
}

const trusted = (clock: IdClock | undefined): clock is IdClock => clock !== undefined && clock.up >= 8 && clock.up >= 4 * clock.other;

/**
 * `s` (from `ep`, no TCP timestamps) starts where segments captured before it started, but was
 * numbered before all of them: it is the first copy, overtaken on the way by its retransmissions.
 * (Numbered after one, it is a retransmission, even if newer data overtook it.)
 */
export function originalOvertaken(c: Connection, ep: string, s: CapturedSegment): boolean {
  const clock = c.idClock[ep];
  if (!trusted(clock) || s.ipId === undefined || s.options.timestamp) return false;
  const first = clock.firstId.get(s.seq);
  return first !== undefined && numberedBefore(s.ipId, first);
}

/**
 * A segment of `ep`'s captured so far that `s` (from `ep`, no TCP timestamps) left before, by a
 * trusted IP ID counter: at least eight steps seen, four in five counting up.
 */
export function sentBeforeNewest(c: Connection, ep: string, s: CapturedSegment): CapturedSegment | null {
  const clock = c.idClock[ep];
  if (!trusted(clock) || s.ipId === undefined || s.options.timestamp) return null;
  const newest = clock.newest;
  return newest && newest !== s && newest.ipId !== undefined && numberedBefore(s.ipId, newest.ipId) ? newest : null;
}

/** A copy of `s`'s bytes still to come that was numbered before it: `s` is not the first copy (its retransmission overtook the original). */
export function earlierCopyToCome(s: CapturedSegment, future: readonly CapturedSegment[]): boolean {
  return s.ipId !== undefined && future.some((f) => f.src === s.src && f.seq === s.seq && occupies(f) && f.ipId !== undefined && numberedBefore(f.ipId, s.ipId ?? f.ipId));
}
