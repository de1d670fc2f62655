/**
 * Playing back a finished round (replay, demo): stepping stops at every state a host passed, even
 * those it held for 0 s, and autoplay runs through quiet stretches (a 240 s TIME-WAIT) in about a
 * second of real time instead of crawling.
 */
import { describe, expect, it } from 'vitest';
import { DWELL_REAL_MS, IDLE_REAL_MS, planPlayback, stepBack, stepForward, tick, type PlayState, type Position } from '../../client/model/playback.ts';
import { stateAt, timersAt } from '../../client/model/snapshot.ts';
import { roundLogOf } from '../../client/net/roundLog.ts';
import type { RoundLog } from '../../client/model/view.ts';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { roundView } from '../../shared/game/views.ts';

function finished(scenarioId: string): RoundLog {
  const created = createRound({ scenarioId, mode: 'coach', seed: 7, controllers: { client: 'human', server: 'human' }, personality: 'textbook' });
  if (!created.ok) throw new Error(created.rejection.detail);
  return roundLogOf(roundView(runToEnd(created.round), 'client'));
}

/** Autoplay frame by frame (16 ms of real time each) until the end; what it showed on the way. */
function autoplay(log: RoundLog, speed: number): { frames: number; clientStates: string[]; skippedFrames: number } {
  const plan = planPlayback(log);
  let s: PlayState = { at: 0, cut: Infinity, dwellMs: 0 };
  const clientStates: string[] = [stateAt(log, 'client', 0, 0)];
  let frames = 0;
  let skippedFrames = 0;
  while ((s.at < plan.duration || s.dwellMs > 0) && frames < 100_000) {
    const next = tick(plan, s, 16, speed);
    s = next.state;
    frames++;
    if (next.skipping) skippedFrames++;
    const now = stateAt(log, 'client', s.at, s.cut);
    if (clientStates[clientStates.length - 1] !== now) clientStates.push(now);
  }
  return { frames, clientStates, skippedFrames };
}

describe('stepping through a replay', () => {
  it('stops at FIN-WAIT-2 between FIN-WAIT-1 and TIME-WAIT when the peer’s ACK and FIN arrive together', () => {
    const log = finished('active-close-client');
    const plan = planPlayback(log);
    const seen: string[] = [];
    let p: Position = { at: 0, cut: Infinity };
    for (let guard = 0; guard < 500 && p.at < plan.duration; guard++) {
      p = stepForward(plan, p);
      const s = stateAt(log, 'client', p.at, p.cut);
      if (seen[seen.length - 1] !== s) seen.push(s);
    }
    expect(seen).toEqual(['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
    // FIN-WAIT-2 lasted 0 s: the step that shows it is inside one instant, cut before TIME-WAIT.
    const fw2 = plan.steps.find((q) => stateAt(log, 'client', q.at, q.cut) === 'FIN-WAIT-2');
    expect(fw2?.cut).not.toBe(Infinity);
    expect(stateAt(log, 'client', fw2?.at ?? 0)).toBe('TIME-WAIT');
  });

  it('steps back through the same stops in reverse', () => {
    const log = finished('active-close-client');
    const plan = planPlayback(log);
    const forward: Position[] = [];
    let p: Position = { at: 0, cut: Infinity };
    for (let guard = 0; guard < 500 && p.at < plan.duration; guard++) forward.push((p = stepForward(plan, p)));
    const back: Position[] = [];
    for (let guard = 0; guard < 500 && (p.at > 0 || p.cut !== Infinity); guard++) back.push((p = stepBack(plan, p)));
    expect(back.slice(0, -1)).toEqual(forward.slice(0, -1).reverse());
    expect(back[back.length - 1]).toEqual({ at: 0, cut: Infinity });
  });
});

describe('autoplay', () => {
  it('runs through the 240 s TIME-WAIT of the rfc9293 profile in about a second, and still shows every state', () => {
    const log = finished('active-close-client');
    expect(log.duration).toBeGreaterThan(240_000);
    const { frames, clientStates, skippedFrames } = autoplay(log, 0.5);
    // At 0.5× the round would take 8 minutes of real time; quiet stretches take at most IDLE_REAL_MS each.
    const realMs = frames * 16;
    expect(realMs).toBeLessThan(30_000);
    expect(skippedFrames * 16).toBeLessThanOrEqual(IDLE_REAL_MS + 32);
    expect(skippedFrames).toBeGreaterThan(0);
    expect(clientStates).toEqual(['CLOSED', 'SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
  });

  it('dwells on each state of an instant for a moment, then moves on', () => {
    const log = finished('active-close-client');
    const plan = planPlayback(log);
    const [at, inst] = [...plan.instants].find(([t]) => stateAt(log, 'client', t) === 'TIME-WAIT') ?? [0, { count: 0, first: 0 }];
    let s: PlayState = { at: at - 1, cut: Infinity, dwellMs: 0 };
    s = tick(plan, s, 16, 1).state;
    expect(s).toEqual({ at, cut: inst.first, dwellMs: DWELL_REAL_MS });
    expect(stateAt(log, 'client', s.at, s.cut)).toBe('FIN-WAIT-2');
    s = tick(plan, s, DWELL_REAL_MS, 1).state;
    expect(stateAt(log, 'client', s.at, s.cut)).toBe('TIME-WAIT');
  });

  it('does not skip while a segment is on the wire, nor gaps shorter than a second and a half', () => {
    const log = finished('lost-syn');
    const plan = planPlayback(log);
    for (const r of plan.idle) {
      expect(r.to - r.from).toBeGreaterThan(0);
      for (const f of log.flights) {
        const inAir = f.sentAt < r.to && (f.lostAt ?? f.arrivesAt ?? f.sentAt) > r.from;
        expect(inAir, `flight ${f.id} during ${r.from}–${r.to}`).toBe(false);
      }
    }
    // The 1 s RTO of the lost SYN plays at the chosen speed: the learner sees the timer run out.
    expect(plan.idle.some((r) => r.from < 1_000 && r.to > 0)).toBe(false);
  });

  it('shows the timers of a finished round (the server replays them): the TIME-WAIT countdown while it is skipped', () => {
    const log = finished('active-close-client');
    const tw = log.timers.find((t) => t.kind === 'time-wait');
    expect(tw?.host).toBe('client');
    expect((tw?.expiresAt ?? 0) - (tw?.startedAt ?? 0)).toBe(240_000);
    const mid = (tw?.startedAt ?? 0) + 120_000;
    expect(timersAt(log, mid).map((t) => `${t.span.host}/${t.span.kind}`)).toEqual(['client/time-wait']);
  });
});
