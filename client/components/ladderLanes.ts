/**
 * Which lifeline each arrow runs between: a host's axis, or the lane of segments no host's TCP sent
 * (an old duplicate, a spoofed SYN, another client's) beside the client's; and the lane's title.
 */
import type { Flight, HostRole, RoundLog } from '../model/view.ts';
import type { LadderText } from './ladderWords.ts';

export type LadderEnd = HostRole | 'lane';

export function otherHost(role: HostRole): HostRole {
  return role === 'client' ? 'server' : 'client';
}

/** The two ends of a flight's arrow: an injected segment leaves from the lane, a reply to a forged source goes to it. */
export function arrowEnds(log: RoundLog, f: Flight): { from: LadderEnd; to: LadderEnd } {
  const receiver = otherHost(f.from);
  const from: LadderEnd = f.injected ? 'lane' : f.from;
  const forged = !f.injected && f.segment.dst !== '' && log.hosts[receiver].address !== '' && f.segment.dst !== log.hosts[receiver].address;
  return { from, to: forged ? 'lane' : receiver };
}

/** The sockets of the other (real) clients whose segments the round carries. */
export function otherClients(log: RoundLog): Set<string> {
  return new Set(log.flights.filter((f) => f.injected === 'other-client').map((f) => f.segment.src));
}

/** The sources the round knows were forged (once the wire is revealed; a host's TCP cannot tell). */
export function spoofedSources(log: RoundLog): Set<string> {
  return new Set(log.flights.filter((f) => f.injected === 'spoofed').map((f) => f.segment.src));
}

/** The lane's title: what its segments are (old duplicates, forged segments, another client, or a mix). */
export function laneTitleOf(log: RoundLog, ends: ReadonlyMap<string, { from: LadderEnd; to: LadderEnd }>, laneUsers: readonly Flight[], text: LadderText): string {
  const others = otherClients(log);
  const forged = laneUsers.some((f) => f.injected === 'spoofed' || (ends.get(f.id)?.to === 'lane' && !others.has(f.segment.dst)));
  const old = laneUsers.some((f) => f.injected === 'old-duplicate');
  const onlyOthers = laneUsers.length > 0 && !forged && !old;
  return onlyOthers && others.size > 0 ? text.laneOtherClient : forged && old ? text.laneMixed : forged ? text.laneSpoofed : text.laneOldDuplicate;
}
