/**
 * Per-client message rate limiting, as a token bucket: a client may send `burst` messages at once
 * and `ratePerSecond` sustained. Pure arithmetic over a time passed in, so tests need no clock.
 */
export interface RateLimits {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export interface TokenBucket {
  tokens: number;
  updatedAtMs: number;
}

export function fullBucket(limits: RateLimits, nowMs: number): TokenBucket {
  return { tokens: limits.burst, updatedAtMs: nowMs };
}

/** Refills the bucket for the time passed, then takes one token if there is one. */
export function takeToken(bucket: TokenBucket, limits: RateLimits, nowMs: number): boolean {
  const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
  bucket.tokens = Math.min(limits.burst, bucket.tokens + (elapsedMs * limits.ratePerSecond) / 1000);
  bucket.updatedAtMs = nowMs;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/** One bucket per client object; a reconnected client starts with a fresh bucket. */
export class ClientRateLimiter {
  readonly limits: RateLimits;
  readonly #now: () => number;
  readonly #buckets = new WeakMap<object, TokenBucket>();

  constructor(limits: RateLimits, now: () => number = () => performance.now()) {
    this.limits = limits;
    this.#now = now;
  }

  allow(client: object): boolean {
    const now = this.#now();
    let bucket = this.#buckets.get(client);
    if (bucket === undefined) {
      bucket = fullBucket(this.limits, now);
      this.#buckets.set(client, bucket);
    }
    return takeToken(bucket, this.limits, now);
  }
}
