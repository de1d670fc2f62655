import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RngState } from './types.ts';

/**
 * A seeded generator whose whole state is plain data (it lives inside the host and the wire), so
 * every step stays a pure function and a game replays exactly from its seed.
 */
export function seedRng(seed: number): RngState {
  return [...xoroshiro128plus(seed | 0).getState()];
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
