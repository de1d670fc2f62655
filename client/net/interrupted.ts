/**
 * A round the server could not finish (it stopped mid-round: a crash, a restart) is stored as
 * `interrupted` with everything that was judged (server/recovery.ts). When this player's connection
 * is lost for good during a round, we ask the server (once it is back) for that round, replay its
 * log with the same pure reducer the server runs, and show the player the round as it stood: the
 * finished view, so Results and the replay work as for any round.
 */
import { replayRound } from '../../shared/game/round.ts';
import { roundView, type RoundView } from '../../shared/game/views.ts';
import type { RoundEvent, RoundSettings } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';

interface StoredRound {
  outcome?: unknown;
  result?: { settings?: unknown } | null;
  log?: unknown;
}

/** The finished view of a stored round as `side` saw it end (both hosts shown), or null. */
export function viewOfStoredRound(stored: StoredRound, side: Side): RoundView | null {
  const settings = stored.result?.settings;
  if (typeof settings !== 'object' || settings === null || !Array.isArray(stored.log)) return null;
  const round = replayRound(settings as RoundSettings, stored.log as RoundEvent[]);
  if (round === null) return null;
  // The stored round ended where the server stopped: show it ended there, with both hosts, and
  // nothing left to decide.
  const hosts = { client: { ...round.hosts.client, decision: null }, server: { ...round.hosts.server, decision: null } };
  return roundView({ ...round, hosts, finished: true, endedAt: round.endedAt ?? round.now }, side);
}

/**
 * Asks for the round until the server answers that it was interrupted, for up to `waitMs` (the
 * server may be restarting) or until `cancelled()` (the connection came back: the round goes on).
 * Null when it was not interrupted or the wait ran out.
 */
export async function fetchInterruptedRound(roundId: string, side: Side, cancelled: () => boolean, waitMs = 90_000): Promise<RoundView | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(roundId)) return null;
  const deadline = Date.now() + waitMs;
  for (let delay = 500; Date.now() < deadline && !cancelled(); delay = Math.min(delay * 2, 2_000)) {
    try {
      const res = await fetch(`/api/results/${roundId}`);
      if (res.ok) {
        const stored = (await res.json()) as StoredRound;
        if (stored.outcome === 'interrupted') return cancelled() ? null : viewOfStoredRound(stored, side);
        return null; // it finished normally
      }
      // 404: still being played, or not recovered yet by a server that is starting; ask again.
    } catch {
      // the server is not back yet
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return null;
}

/**
 * A finished round's view from the store, as `side` saw it end (both hosts shown), or null. A round
 * just over may not be written yet (its room writes in the next group commit): asked again on a 404
 * for up to `waitMs`.
 */
export async function fetchStoredRound(roundId: string, side: Side, waitMs = 10_000): Promise<RoundView | null> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(roundId)) return null;
  const deadline = Date.now() + waitMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      const res = await fetch(`/api/results/${roundId}`);
      if (res.ok) return viewOfStoredRound((await res.json()) as StoredRound, side);
      if (res.status !== 404) return null;
    } catch {
      // the server is not reachable now; ask again
    }
    if (Date.now() + delay > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
