/**
 * What the views and the judge work out from a round, kept with the round while it is played.
 *
 * A round's parts are replaced, never edited (round.ts, test/game/purity.test.ts), so what is read
 * off a part can be kept for as long as that part is the round's. Each round has one record here,
 * found by its settings (every step's round shares them, and they die with the round), holding one
 * entry per cache: the caches are ordinary Maps and fields, not a weak table per record, list or
 * host. Weak tables made at every step (five entries a step) cost the collector where it hurts: a
 * full collection must settle every weak entry in its final pause (ephemerons, traced again each
 * time one's key turns out alive), and with 1,000 rooms those pauses grew to hundreds of
 * milliseconds, every room standing still (README, Server load).
 *
 * What is found here is checked against what it was made from, so a replay or a test that steps
 * the same round two ways gets what a fresh computation says (test/game/views.test.ts).
 */
import type { Round } from './types.ts';

const caches = new WeakMap<object, Map<object, unknown>>();
/** The round asked about last, and its caches (one round's, held until another is asked about). */
let lastRound: object | null = null;
let lastCaches: Map<object, unknown> | undefined;

/**
 * The round's entry for `owner` (one object per cache, made once), made by `make` the first time
 * (a function made once too: this is called at every step of every room).
 */
export function roundCache<T>(round: Round, owner: object, make: () => T): T {
  // A room steps its round and then makes its views: most calls in a row are about one round.
  let byOwner = round.settings === lastRound ? lastCaches : caches.get(round.settings);
  if (byOwner === undefined) caches.set(round.settings, (byOwner = new Map()));
  lastRound = round.settings;
  lastCaches = byOwner;
  let entry = byOwner.get(owner) as T | undefined;
  if (entry === undefined) byOwner.set(owner, (entry = make()));
  return entry;
}
