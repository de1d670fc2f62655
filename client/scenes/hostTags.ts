/**
 * Which host card says "YOU" (and the other "PEER"): the player's host in a round or its replay.
 * The scripted demo is watched, not played, so neither card claims the watcher (it said the client
 * host was "YOU").
 */
import type { HostRole } from '../model/view.ts';

export function isYouOf(mode: 'watch' | 'live' | 'replay', player: HostRole, role: HostRole): boolean | null {
  if (mode === 'watch') return null;
  return player === role;
}
