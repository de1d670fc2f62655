/**
 * What a replay's step says (client/model/replayStep.ts, the phone's dock): stepped through a
 * finished active close, every step names both hosts' states as the stage draws them, the state
 * change it shows with the rule behind it (FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT one at a time when
 * the peer's ACK and FIN arrive together), the segments of that instant, and the player's
 * decisions judged then; a host's first CLOSED is where it starts, not a change. Autoplay, frame
 * by frame, leaves the stretch of a step only when the next step is reached: the words are worked
 * out once a step, not once a frame (client/scenes/Game.ts tellStep).
 */
import { describe, expect, it } from 'vitest';
import { planPlayback, stepAtOrBefore, stepForward, stepSpanAt, tick, withinSpan, type PlayState, type Position, type StepSpan } from '../../client/model/playback.ts';
import { replayStep } from '../../client/model/replayStep.ts';
import { stateAt } from '../../client/model/snapshot.ts';
import { roundLogOf } from '../../client/net/roundLog.ts';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { roundView, type RoundView } from '../../shared/game/views.ts';

function finished(scenarioId: string): RoundView {
  const created = createRound({ scenarioId, mode: 'coach', seed: 7, controllers: { client: 'human', server: 'human' }, personality: 'textbook' });
  if (!created.ok) throw new Error(created.rejection.detail);
  return roundView(runToEnd(created.round), 'client');
}

describe('a replay step’s words', () => {
  const view = finished('active-close-client');
  const log = roundLogOf(view);
  const mine = view.verdicts.filter((d) => d.side === 'client');
  const plan = planPlayback(log);
  const steps: Position[] = [{ at: 0, cut: Infinity }];
  for (let p = steps[0]!; p.at < plan.duration; ) steps.push((p = stepForward(plan, p)));
  const said = steps.map((p) => replayStep(log, p.at, p.cut, mine));

  it('names both hosts’ states as the stage draws them at every step', () => {
    for (const [i, s] of said.entries()) {
      const p = steps[i]!;
      expect(s).toMatchObject({ at: p.at, cut: p.cut, states: { client: stateAt(log, 'client', p.at, p.cut), server: stateAt(log, 'server', p.at, p.cut) } });
    }
  });

  it('shows FIN-WAIT-1 → FIN-WAIT-2, then FIN-WAIT-2 → TIME-WAIT, each with the rule behind it', () => {
    const changes = said.flatMap((s) => s.changes.filter((c) => c.host === 'client'));
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['CLOSED→SYN-SENT', 'SYN-SENT→ESTABLISHED', 'ESTABLISHED→FIN-WAIT-1', 'FIN-WAIT-1→FIN-WAIT-2', 'FIN-WAIT-2→TIME-WAIT', 'TIME-WAIT→CLOSED']);
    expect(changes.every((c) => c.rule !== undefined)).toBe(true);
  });

  it('does not call a host’s first CLOSED a change', () => {
    expect(said.every((s) => s.changes.every((c) => c.from !== c.to))).toBe(true);
    // At 0 both hosts leave CLOSED (connect(), listen()): two changes, each from the CLOSED it started in, once.
    expect(said[0]!.changes.map((c) => `${c.host}:${c.from}→${c.to}`).sort()).toEqual(['client:CLOSED→SYN-SENT', 'server:CLOSED→LISTEN']);
  });

  it('lists every segment at the instant it was sent and at the instant it arrived or was lost', () => {
    const atStep = new Set(steps.map((p) => p.at));
    for (const f of log.flights) {
      const sent = said.find((s) => s.at === f.sentAt && s.segments.some((x) => x.event === 'sent' && x.segment === f.segment));
      expect(sent, `${f.id} sent`).toBeDefined();
      const end = f.lostAt ?? f.arrivesAt;
      if (end !== null && atStep.has(end)) expect(said.some((s) => s.at === end && s.segments.some((x) => x.event === (f.lostAt !== null ? 'lost' : 'arrived') && x.segment === f.segment)), `${f.id} ended`).toBe(true);
    }
  });

  it('puts each of the player’s decisions at the step of its instant, and no one else’s', () => {
    expect(mine.length).toBeGreaterThan(0);
    for (const d of mine) expect(said.some((s) => s.at === d.at && s.verdicts.includes(d)), `decision ${d.decisionId} at ${d.at}`).toBe(true);
    expect(said.flatMap((s) => s.verdicts).every((d) => d.side === 'client')).toBe(true);
  });

  it('is told, while autoplay runs between two steps, by the step it passed last', () => {
    for (const [i, p] of steps.entries()) {
      expect(stepAtOrBefore(plan, p)).toEqual(p);
      const next = steps[i + 1];
      if (next && next.at > p.at + 1) expect(stepAtOrBefore(plan, { at: (p.at + next.at) / 2, cut: Infinity })).toEqual(p);
    }
  });

  it('keeps telling one step for the whole stretch up to the next, and is worked out again only when autoplay leaves it', () => {
    for (const [i, p] of steps.entries()) {
      const span = stepSpanAt(plan, p);
      expect(span.step).toEqual(p);
      expect(withinSpan(span, p)).toBe(true);
      const next = steps[i + 1];
      if (next && next.at > p.at + 1) expect(withinSpan(span, { at: (p.at + next.at) / 2, cut: Infinity })).toBe(true);
      if (next && next.at < plan.duration) expect(withinSpan(span, next)).toBe(false);
    }
    // Autoplay at 16 ms a frame: a span worked out only when the frame's position leaves the last one.
    let s: PlayState = { at: 0, cut: Infinity, dwellMs: 0 };
    let span: StepSpan | null = null;
    const told: Position[] = [];
    let frames = 0;
    while ((s.at < plan.duration || s.dwellMs > 0) && frames < 100_000) {
      s = tick(plan, s, 16, 1).state;
      frames++;
      if (!span || !withinSpan(span, s)) {
        span = stepSpanAt(plan, s);
        told.push(span.step);
      }
      expect(span.step).toEqual(stepAtOrBefore(plan, s));
    }
    expect(frames).toBeGreaterThan(told.length * 5);
    expect(told).toEqual(steps.filter((p) => told.some((q) => q.at === p.at && q.cut === p.cut)));
    expect(new Set(told.map((p) => `${p.at}|${p.cut}`)).size).toBe(told.length);
  });
});
