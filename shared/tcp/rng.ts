import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RngState } from './types.ts';

/**
 * A seeded generator whose whole state is plain data (it lives inside the host and the wire), so
 * every step stays a pure function and a game replays exactly from its seed.
 */
export function seedRng(seed: number): RngState {
  // Neighbouring small seeds give xoroshiro128+ neighbouring first outputs: scramble the seed
  // (a SplitMix32-style finaliser) and discard a few outputs, so seeds 1 and 2 look unrelated.
  let z = (seed | 0) + 0x9e3779b9;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  const g = xoroshiro128plus(z | 0);
  for (let i = 0; i < 8; i++) g.next();
  return [...g.getState()];
}

/** A uniform 32-bit unsigned integer and the generator's next state. */
export function nextUint32(state: RngState): [number, RngState] {
  const g = xoroshiro128plusFromState(state);
  const hi = g.next() >>> 0;
  return [hi, [...g.getState()]];
}

/** A uniform float in [0, 1) and the generator's next state. */
export function nextUnit(state: RngState): [number, RngState] {
  const [n, next] = nextUint32(state);
  return [n / 2 ** 32, next];
}

/**
 * `count` uniform floats in [0, 1), drawn one after another (what as many nextUnit calls give), and
 * the generator's state after them: one generator for them all, not a generator, a state and two
 * pairs per draw (the wire draws five for every segment it carries).
 */
export function nextUnits(state: RngState, count: number): { units: number[]; state: RngState } {
  const g = xoroshiro128plusFromState(state);
  const units = new Array<number>(count);
  for (let i = 0; i < count; i++) units[i] = (g.next() >>> 0) / 2 ** 32;
  return { units, state: [...g.getState()] };
}
