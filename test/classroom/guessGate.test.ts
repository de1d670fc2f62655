/**
 * Wrong guesses at a join code (server/classroom/guessGate.ts): slowed, never refused, counted per
 * address (a repeated code once) and across every address, and waiting one after another when one
 * address sends many at once. Presence is Colyseus' LocalPresence; the waits are recorded.
 */
import { describe, expect, it } from 'vitest';
import { LocalPresence } from '@colyseus/core';
import { createGuessGate, guessDelay, JOIN_GUESS_LIMITS as L } from '../../server/classroom/guessGate.ts';

function gate() {
  const presence = new LocalPresence();
  const waits: number[] = [];
  let release: (() => void)[] = [];
  const held = { on: false };
  const g = createGuessGate(() => presence, 'test', L, (ms) => {
    waits.push(ms);
    return held.on ? new Promise<void>((r) => release.push(r)) : Promise.resolve();
  });
  return { g, waits, held, releaseAll: () => (release.splice(0).forEach((r) => r()), (release = [])), presence };
}

describe('guessing join codes', () => {
  it('answers the first wrong codes of an address at once, then slows each next one more', async () => {
    const { g, waits } = gate();
    const slowed: number[] = [];
    for (let i = 0; i < L.freePerAddress + 4; i++) slowed.push((await g.wrong('10.0.0.1', `CODE${i}`, 0)).slowedMs);
    expect(slowed.slice(0, L.freePerAddress)).toEqual(Array(L.freePerAddress).fill(0));
    expect(slowed.slice(L.freePerAddress)).toEqual([1, 2, 3, 4].map((n) => n * L.stepMs));
    expect(waits).toEqual(slowed.filter((ms) => ms > 0));
  });

  it('counts a wrong code repeated by one address once, and each address on its own', async () => {
    const { g } = gate();
    for (let i = 0; i < L.freePerAddress + 5; i++) expect((await g.wrong('10.0.0.1', 'SAMEONE', 0)).fromAddress).toBe(1);
    expect((await g.wrong('10.0.0.2', 'OTHER1', 0)).fromAddress).toBe(1);
  });

  it('slows everyone’s wrong codes once the whole server has seen too many (many addresses, one guesser)', async () => {
    const { g } = gate();
    let last = { slowedMs: 0, global: 0 };
    for (let i = 0; i < L.freeGlobal + 10; i++) last = await g.wrong(`10.1.${i >> 8}.${i & 255}`, `G${i}`, 0);
    expect(last.global).toBe(L.freeGlobal + 10);
    expect(last.slowedMs).toBe(10 * L.globalStepMs);
  });

  it('makes parallel wrong answers from one address wait one after another', async () => {
    const { g, waits, held, releaseAll } = gate();
    for (let i = 0; i < L.freePerAddress; i++) await g.wrong('10.0.0.9', `P${i}`, 0);
    held.on = true;
    const pending = [0, 1, 2].map((i) => g.wrong('10.0.0.9', `Q${i}`, 0));
    while (waits.length < 3) await new Promise((r) => setImmediate(r));
    releaseAll();
    await Promise.all(pending);
    // Each waits its own step, plus a step for every answer already waiting before it.
    expect(waits).toEqual([1 * L.stepMs, 2 * L.stepMs + 1 * L.stepMs, 3 * L.stepMs + 2 * L.stepMs]);
  });

  it('never waits longer than three times the cap', () => {
    expect(guessDelay(L, 10_000, 10_000, 10_000)).toBe(L.maxDelayMs * 3);
  });

  it('gives a burst across a window’s edge no fresh allowance', async () => {
    const { g } = gate();
    const edge = L.windowSeconds * 1000;
    for (let i = 0; i < L.freePerAddress; i++) await g.wrong('10.0.0.4', `E${i}`, edge - 1);
    expect(await g.wrong('10.0.0.4', 'AFTER-EDGE', edge)).toMatchObject({ fromAddress: L.freePerAddress + 1, slowedMs: L.stepMs });
  });

  it('starts counting afresh once a whole window has gone by without a wrong code', async () => {
    const { g } = gate();
    for (let i = 0; i < L.freePerAddress + 2; i++) await g.wrong('10.0.0.3', `W${i}`, 0);
    expect((await g.wrong('10.0.0.3', 'NEXT', 2 * L.windowSeconds * 1000)).slowedMs).toBe(0);
  });
});
