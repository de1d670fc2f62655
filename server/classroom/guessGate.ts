/**
 * Wrong guesses at a secret (a class's join code, a teacher token) are slowed down, never refused,
 * and a right one is never slowed: behind a school's NAT thirty students share one address, and one
 * of them typing codes at random must not lock the rest out of their class.
 *
 * The caller checks the secret first. Only a wrong one comes here: it is counted per address and
 * across the whole server (in presence, so every process counts the same), and answered after a
 * delay that grows with both counts once past a free allowance (typos). The counts cover this
 * window and the one before, so a burst across a window's edge gets no fresh allowance (and no
 * answer depends on when in the minute it came). A wrong code repeated from one address teaches the
 * guesser nothing, so it counts once per window. Wrong answers from one
 * address that are waiting at the same time wait one after another, so sending many in parallel
 * does not guess any faster.
 */
import type { Presence } from '@colyseus/core';

export interface GuessLimits {
  /** Distinct wrong guesses per address per window answered at once. */
  readonly freePerAddress: number;
  /** Wrong guesses per window, all addresses together, answered at once. */
  readonly freeGlobal: number;
  /** Added per wrong guess past the allowance (per address), and per waiting answer before this one. */
  readonly stepMs: number;
  /** Added per wrong guess past the global allowance. */
  readonly globalStepMs: number;
  readonly maxDelayMs: number;
  readonly windowSeconds: number;
}

export const JOIN_GUESS_LIMITS: GuessLimits = { freePerAddress: 10, freeGlobal: 300, stepMs: 500, globalStepMs: 20, maxDelayMs: 10_000, windowSeconds: 60 };

export interface WrongGuess {
  /** Distinct wrong guesses from this address in this window and the one before, this one included. */
  readonly fromAddress: number;
  /** Wrong guesses from everyone in this window and the one before, this one included. */
  readonly global: number;
  /** How long the answer waited, in ms. */
  readonly slowedMs: number;
}

/** The delay for a wrong guess, from its counts and the answers already waiting from its address. */
export function guessDelay(limits: GuessLimits, fromAddress: number, global: number, waitingBefore: number): number {
  const own = Math.max(0, fromAddress - limits.freePerAddress) * limits.stepMs;
  const all = Math.max(0, global - limits.freeGlobal) * limits.globalStepMs;
  if (own === 0 && all === 0) return 0;
  return Math.min(limits.maxDelayMs * 3, Math.min(limits.maxDelayMs, own + all) + waitingBefore * limits.stepMs);
}

export interface GuessGate {
  /** Count a wrong guess and wait as long as the counts say; resolves with what happened. */
  wrong(address: string, guess: string, nowMs: number): Promise<WrongGuess>;
}

export function createGuessGate(presence: () => Presence, kind: string, limits: GuessLimits, wait: (ms: number) => Promise<void>): GuessGate {
  return {
    async wrong(address, guess, nowMs) {
      const p = presence();
      const window = Math.floor(nowMs / 1000 / limits.windowSeconds);
      const ttl = limits.windowSeconds * 2;
      const base = `tcp-dojo:guess:${kind}`;
      const seenKey = `${base}:seen:${address}:${window}`;
      const addressKey = (w: number): string => `${base}:address:${address}:${w}`;
      const globalKey = (w: number): string => `${base}:global:${w}`;
      const waitingKey = `${base}:waiting:${address}`;
      // hincrby answers the new count on every presence, so "first time this code" is atomic.
      const repeats = await p.hincrbyex(seenKey, guess.slice(0, 64), 1, ttl);
      const inWindow = repeats === 1 ? await p.incr(addressKey(window)) : Number((await p.get(addressKey(window))) ?? 1);
      if (repeats === 1 && inWindow === 1) await p.expire(addressKey(window), ttl);
      const globalInWindow = await p.incr(globalKey(window));
      if (globalInWindow === 1) await p.expire(globalKey(window), ttl);
      // (a key lives two windows from its first count, so the previous window's is still there)
      const before = async (key: string): Promise<number> => Number((await p.get(key)) ?? 0) || 0;
      const fromAddress = inWindow + (await before(addressKey(window - 1)));
      const global = globalInWindow + (await before(globalKey(window - 1)));
      const waiting = await p.incr(waitingKey);
      // Outlives the longest wait, so a process that died mid-wait leaves no count behind for long.
      await p.expire(waitingKey, Math.ceil((limits.maxDelayMs * 3) / 1000) + limits.windowSeconds);
      try {
        const slowedMs = guessDelay(limits, fromAddress, global, Math.max(0, waiting - 1));
        if (slowedMs > 0) await wait(slowedMs);
        return { fromAddress, global, slowedMs };
      } finally {
        await p.decr(waitingKey);
      }
    },
  };
}
