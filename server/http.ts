/**
 * The JSON API, on Colyseus 0.18's own router (a fork of better-call): endpoints declared here are
 * typed end to end, so the client can call them through the SDK (`client.http.get('/api/…')`).
 * Colyseus matches these before falling back to the Express app that serves `dist/`.
 */
import { createEndpoint, createRouter } from '@colyseus/core';
import { z } from 'zod';
import type { Store } from './store.ts';
import { refusal, type Refusal } from '../shared/refusals.ts';

/** A refusal's body: its code and parameters (the page words it in its language) and its English. */
function wire(why: Refusal): { code: string; params: Record<string, string | number>; message: string } {
  return { code: why.code, params: { ...why.params }, message: why.message };
}

export interface HttpDeps {
  readonly store: Store;
  /** Milliseconds since the epoch; injected so tests control uptime. */
  readonly now: () => number;
  readonly startedAt: number;
  readonly version: string;
}

/** Scenario ids are catalogue keys such as `lost-syn-ack`; anything else is refused before SQL. */
export const ScenarioId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a scenario id is lowercase letters, digits and dashes');
export const RoundId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a round id is letters, digits, _ and -');

const LeaderboardQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export function createApiRoutes(deps: HttpDeps) {
  const health = createEndpoint('/api/health', { method: 'GET' }, async (ctx) => {
    let database: 'ok' | 'error' = 'error';
    try {
      database = deps.store.ping() ? 'ok' : 'error';
    } catch {
      database = 'error';
    }
    const memory = process.memoryUsage();
    const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
    const body = {
      status: database === 'ok' ? ('ok' as const) : ('degraded' as const),
      version: deps.version,
      uptimeMs: Math.max(0, deps.now() - deps.startedAt),
      database,
      // What the process holds (MB), for whoever runs the server and for bench/memory.ts.
      memory: { rss: mb(memory.rss), heapUsed: mb(memory.heapUsed), heapTotal: mb(memory.heapTotal), external: mb(memory.external) },
    };
    if (database !== 'ok') ctx.setStatus(503);
    return ctx.json(body);
  });

  const leaderboard = createEndpoint(
    '/api/leaderboard/:scenarioId',
    { method: 'GET', query: LeaderboardQuery },
    async (ctx) => {
      const scenario = ScenarioId.safeParse(ctx.params.scenarioId);
      if (!scenario.success) {
        throw ctx.error(400, { ...wire(refusal('bad_scenario_id')), detail: scenario.error.issues[0]?.message ?? '' });
      }
      const entries = deps.store.leaderboard(scenario.data, ctx.query.limit ?? 20);
      return ctx.json({ scenarioId: scenario.data, entries });
    },
  );

  const result = createEndpoint('/api/results/:roundId', { method: 'GET' }, async (ctx) => {
    const id = RoundId.safeParse(ctx.params.roundId);
    if (!id.success) {
      throw ctx.error(400, { ...wire(refusal('bad_round_id')), detail: id.error.issues[0]?.message ?? '' });
    }
    const round = deps.store.getRound(id.data);
    if (round === undefined) {
      throw ctx.error(404, wire(refusal('round_not_found')));
    }
    return ctx.json(round);
  });

  return createRouter({ health, leaderboard, result });
}
