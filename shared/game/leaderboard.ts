/**
 * Which leaderboard a challenge round goes on: one per scenario and role, since the two hosts of a
 * scenario make different decisions and score differently. The board of a scenario's first role
 * keeps the scenario's own id, so boards from before roles could be chosen stay where they were.
 */
import type { Side } from '../tcp/wire.ts';
import { findScenario } from './scenarios.ts';

export function leaderboardId(scenarioId: string, role: Side): string {
  const first = findScenario(scenarioId)?.roles[0] ?? 'client';
  return role === first ? scenarioId : `${scenarioId}--${role}`;
}
