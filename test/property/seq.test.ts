import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEQ_MODULUS, seqAdd, seqDiff, seqGe, seqGt, seqLe, seqLt } from '../../shared/tcp/seq.ts';

const seq = fc.integer({ min: 0, max: SEQ_MODULUS - 1 });
/** Distances a TCP compares: less than half the sequence space (RFC 9293 §3.4). */
const near = fc.integer({ min: 1, max: 2 ** 31 - 1 });

describe('sequence arithmetic modulo 2^32 (RFC 9293 §3.4)', () => {
  it('seqAdd stays in 0..2^32-1 and wraps around', () => {
    fc.assert(fc.property(seq, fc.integer({ min: -(2 ** 33), max: 2 ** 33 }), (s, n) => {
      const r = seqAdd(s, n);
      expect(Number.isInteger(r) && r >= 0 && r < SEQ_MODULUS).toBe(true);
      expect(seqAdd(r, -n)).toBe(s);
    }), { seed: 42, numRuns: 500 });
    expect(seqAdd(SEQ_MODULUS - 1, 1)).toBe(0);
  });

  it('a < a + n for every n under 2^31, across the wrap', () => {
    fc.assert(fc.property(seq, near, (a, n) => {
      const b = seqAdd(a, n);
      expect(seqLt(a, b)).toBe(true);
      expect(seqGt(b, a)).toBe(true);
      expect(seqDiff(b, a)).toBe(n);
    }), { seed: 42, numRuns: 500 });
  });

  it('less-than is antisymmetric and irreflexive; le/ge agree with lt/gt', () => {
    fc.assert(fc.property(seq, seq, (a, b) => {
      expect(seqLt(a, a)).toBe(false);
      if (seqLt(a, b)) expect(seqLt(b, a)).toBe(false);
      expect(seqLe(a, b)).toBe(seqLt(a, b) || a === b);
      expect(seqGe(a, b)).toBe(seqLe(b, a));
      expect(seqGt(a, b)).toBe(seqLt(b, a));
      // Exactly one of <, =, > unless the two are exactly half the space apart.
      if (seqDiff(a, b) !== 2 ** 31) expect([seqLt(a, b), a === b, seqGt(a, b)].filter(Boolean).length).toBe(1);
    }), { seed: 42, numRuns: 1_000 });
  });
});
