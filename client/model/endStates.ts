/**
 * How a connection ended, for Results' first line: "both hosts are back in CLOSED" only when they
 * are. A capture often stops while the closer still waits in TIME-WAIT (2×MSL), and so does a round
 * whose time limit comes first: the line must not say it is over.
 */
import type { MessageKey } from '../i18n/en.ts';
import type { Flight, FlightTotals, HostRole, RoundLog } from './view.ts';

export function finalState(log: Pick<RoundLog, 'states'>, host: HostRole): string | null {
  let last: string | null = null;
  for (const s of log.states) if (s.host === host) last = s.state;
  return last;
}

export function endLine(log: Pick<RoundLog, 'states'>): { key: MessageKey; params: Record<string, string> } {
  const client = finalState(log, 'client');
  const server = finalState(log, 'server');
  if ((client ?? 'CLOSED') === 'CLOSED' && (server ?? 'CLOSED') === 'CLOSED') return { key: 'results.subtitle', params: {} };
  return { key: 'results.subtitleEnded', params: { client: client ?? 'CLOSED', server: server ?? 'CLOSED' } };
}

/**
 * A round's first line on Results: why it ended, said as its host paths end. A round ends
 * 'complete' also when its time limit comes while the closer still sits out TIME-WAIT (round.ts
 * checkFinished: the close is done, only 2×MSL of quiet is left), as a class round does when its
 * teacher chose a limit under RFC 9293's 240 s (the default lets TIME-WAIT run out,
 * shared/classroom/timeLimit.ts): "both hosts are back in CLOSED" would then be false beside a path that
 * stops at TIME-WAIT, so the line says where each host ended, from the same states the paths draw.
 */
export function roundEndLine(reason: string, log: Pick<RoundLog, 'states'>): { key: MessageKey; params: Record<string, string> } {
  const client = finalState(log, 'client') ?? 'CLOSED';
  const server = finalState(log, 'server') ?? 'CLOSED';
  if (reason === 'complete' && (client !== 'CLOSED' || server !== 'CLOSED')) return { key: 'results.reason.completeWaiting', params: { client, server } };
  return { key: `results.reason.${reason}` as MessageKey, params: {} };
}

/**
 * Results' time figure: a round's or the demo's own length, a capture's span on its own clock (its
 * replay runs one packet a step, 7.7 s for a 3.2 s capture).
 */
export function durationStat(log: Pick<RoundLog, 'duration' | 'capturedMs'>): { key: MessageKey; seconds: string } {
  if (log.capturedMs !== undefined) return { key: 'results.captured', seconds: (log.capturedMs / 1000).toFixed(3) };
  return { key: 'results.duration', seconds: (log.duration / 1000).toFixed(1) };
}

/**
 * What Results counts of a connection's flights: the segments sent (not the wire's copies), those
 * lost on the way, those that reached the receiving host and were dropped there, the retransmissions.
 */
export function flightTotals(flights: readonly Pick<Flight, 'duplicateOf' | 'lostAt' | 'retransmission' | 'dropped'>[]): FlightTotals {
  let segments = 0;
  let lost = 0;
  let dropped = 0;
  let retransmissions = 0;
  for (const f of flights) {
    if (!f.duplicateOf) segments++;
    if (f.lostAt !== null) lost++;
    else if (f.dropped) dropped++;
    if (f.retransmission) retransmissions++;
  }
  return { segments, lost, dropped, retransmissions };
}

/** Results' counts for a log: a long capture's whole connection where its replay draws part of it (captureLog.ts), else its flights'. */
export function segmentTotals(log: Pick<RoundLog, 'flights' | 'captureTotals'>): FlightTotals {
  return log.captureTotals ?? flightTotals(log.flights);
}
