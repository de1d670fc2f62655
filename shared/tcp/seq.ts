/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): numbers wrap, so "less than" means
 * "less than within half the sequence space", never a plain numeric comparison.
 */
export const SEQ_MODULUS = 2 ** 32;
export const SEQ_MAX = SEQ_MODULUS - 1;

export function seqAdd(seq: number, n: number): number {
  return (((seq + n) % SEQ_MODULUS) + SEQ_MODULUS) % SEQ_MODULUS;
}

/** The signed distance from a to b, in (-2^31, 2^31]. */
export function seqDiff(b: number, a: number): number {
  const d = (b - a) % SEQ_MODULUS;
  const wrapped = d < 0 ? d + SEQ_MODULUS : d;
  return wrapped > 2 ** 31 ? wrapped - SEQ_MODULUS : wrapped;
}

export const seqLt = (a: number, b: number): boolean => seqDiff(b, a) > 0;
export const seqLe = (a: number, b: number): boolean => seqDiff(b, a) >= 0;
export const seqGt = (a: number, b: number): boolean => seqDiff(a, b) > 0;
export const seqGe = (a: number, b: number): boolean => seqDiff(a, b) >= 0;

/** lo <= x < hi, modulo 2^32. */
export function seqInWindow(x: number, lo: number, hi: number): boolean {
  return seqLe(lo, x) && seqLt(x, hi);
}

export function isSeqNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= SEQ_MAX;
}
