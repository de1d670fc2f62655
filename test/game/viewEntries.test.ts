/**
 * A player's view travels as entries (shared/game/viewEntries.ts): what is read back is exactly
 * the view, a step rewrites only the entries of the parts it changed, and an unchanged view
 * writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { createRound, hintFor, nextEventAt, stepRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Round, RoundEvent } from '../../shared/game/types.ts';
import { readView, sameJson, ViewReader, ViewWriter } from '../../shared/game/viewEntries.ts';
import { roundView, type RoundView } from '../../shared/game/views.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';

/** Every round of a scenario played by two people who answer right, one round per step. */
function rounds(scenarioId: string): Round[] {
  const created = createRound({ scenarioId, mode: 'coach', seed: 3, controllers: { client: 'human', server: 'human' }, personality: 'textbook' });
  if (!created.ok) throw new Error(created.rejection.detail);
  let r = created.round;
  const out = [r];
  for (let i = 0; i < 500 && !r.finished; i++) {
    const waiting = SIDES.find((s) => r.hosts[s].decision);
    const event: RoundEvent = waiting
      ? { kind: 'move', at: r.now, side: waiting, decisionId: r.hosts[waiting].decision!.id, move: hintFor(r, waiting)! }
      : { kind: 'advance', at: nextEventAt(r) ?? r.now + 1_000 };
    const res = stepRound(r, event);
    if (!res.ok) break;
    r = res.round;
    out.push(r);
  }
  return out;
}

describe('a view as entries', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.id}: each player and the spectator read back exactly their view at every step`, () => {
      for (const who of ['client', 'server', null] as (Side | null)[]) {
        const writer = new ViewWriter();
        const reader = new ViewReader<RoundView>();
        const map = new Map<string, string>();
        let before: RoundView | null = null;
        for (const r of rounds(scenario.id)) {
          const view = roundView(r, who);
          writer.write(view, map);
          const read = reader.read(map)!;
          expect(read).toEqual(view);
          expect(JSON.stringify(readView(map))).toBe(JSON.stringify(view)); // same text, same field order
          if (before && sameJson(before, view)) expect(read).toBe(before);
          before = read;
        }
      }
    });
  }

  it('writes nothing for an unchanged view, and only the changed parts for a step', () => {
    const all = rounds('active-close-client');
    const writer = new ViewWriter();
    const map = new Map<string, string>();
    let rewritten = 0;
    let total = 0;
    for (const r of all) {
      const view = roundView(r, 'client');
      const changed = writer.write(view, map);
      expect(writer.write(roundView(r, 'client'), map)).toBe(0);
      rewritten += changed;
      total += map.size; // the view's entries, as written
    }
    // A step rewrites a few entries (the clock, the mover's panel, a new segment), not the view.
    expect(rewritten / all.length).toBeLessThan(6);
    expect(total / all.length).toBeGreaterThan(15);
  });

  it('asking for the right move changes one entry, `revealed`: its patch is not the whole decision again', () => {
    for (const scenario of SCENARIOS) {
      for (const side of SIDES) {
        const created = createRound({ scenarioId: scenario.id, mode: 'coach', seed: 5, controllers: { client: 'bot', server: 'bot', [side]: 'human' }, personality: 'textbook' });
        if (!created.ok) throw new Error(created.rejection.detail);
        let r = created.round;
        for (let i = 0; i < 50 && !r.finished && !r.hosts[side].decision; i++) {
          const res = stepRound(r, { kind: 'advance', at: nextEventAt(r) ?? r.now + 1_000 });
          if (!res.ok) break;
          r = res.round;
        }
        const d = r.hosts[side].decision;
        if (!d) continue;
        const writer = new ViewWriter();
        const map = new Map<string, string>();
        writer.write(roundView(r, side), map);
        expect(JSON.parse(map.get('revealed')!)).toBe(false);
        const asked = stepRound(r, { kind: 'reveal', at: r.now, side, decisionId: d.id });
        if (!asked.ok) throw new Error(asked.rejection.detail);
        const set: string[] = [];
        const recording = { get: (k: string) => map.get(k), set: (k: string, v: string) => (set.push(k), map.set(k, v)), delete: (k: string) => (set.push(`-${k}`), map.delete(k)), forEach: (f: (v: string, k: string) => void) => map.forEach(f) };
        writer.write(roundView(asked.round, side), recording);
        expect(set, `${scenario.id} as the ${side}`).toEqual(['revealed']);
        expect(JSON.parse(map.get('revealed')!)).toBe(true);
      }
    }
  });

  it('keeps the parts that did not change, and empties lists that shrank (a new round)', () => {
    const all = rounds('handshake');
    // Two steps while the round is played (its end reveals the wire, rewriting the player's own segments).
    const playing = all.filter((r) => !r.finished);
    const last = roundView(playing[playing.length - 1]!, 'client');
    const writer = new ViewWriter();
    const reader = new ViewReader<RoundView>();
    const map = new Map<string, string>();
    writer.write(roundView(playing[playing.length - 2]!, 'client'), map);
    const earlier = reader.read(map)!;
    writer.write(last, map);
    const later = reader.read(map)!;
    expect(later).not.toBe(earlier);
    expect(later.flights[0]).toBe(earlier.flights[0]); // the first SYN: the same object, not parsed again
    writer.write(roundView(all[0]!, 'client'), map);
    expect(reader.read(map)).toEqual(roundView(all[0]!, 'client'));
    expect([...map.keys()].filter((k) => k.startsWith('flights/'))).toEqual([]);
  });
});
