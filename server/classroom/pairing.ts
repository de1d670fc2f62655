/**
 * Pairing a class: a seeded shuffle (the same seed and roster give the same pairs, so a test or a
 * teacher's "re-pair" is reproducible), an odd student out plays against the bot, and roles swap
 * every round so everyone plays both the client host and the server host.
 */
import type { Side } from '../../shared/tcp/wire.ts';

export interface Pair {
  /** 1-based, stable within one pairing; shown on the dashboard as "Pair 3". */
  readonly pairNo: number;
  /** Two student ids, or one (plays the bot). */
  readonly studentIds: readonly [string] | readonly [string, string];
}

/** mulberry32: tiny, seedable, good enough for a shuffle (not for secrets). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seeded(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function pairStudents(studentIds: readonly string[], seed: number): Pair[] {
  const order = shuffled(studentIds, seed);
  const pairs: Pair[] = [];
  for (let i = 0; i < order.length; i += 2) {
    const a = order[i] as string;
    const b = order[i + 1];
    pairs.push({ pairNo: pairs.length + 1, studentIds: b === undefined ? [a] : [a, b] });
  }
  return pairs;
}

/**
 * Which side each member plays on the class's side turn `turn` (1-based): one turn more each round
 * whose students swap hosts (every round, unless the teacher keeps the hosts for the next one).
 */
export function sidesFor(pair: Pair, turn: number): Map<string, Side> {
  const [first, second] = pair.studentIds;
  const firstSide: Side = turn % 2 === 1 ? 'client' : 'server';
  const sides = new Map<string, Side>([[first, firstSide]]);
  if (second !== undefined) sides.set(second, firstSide === 'client' ? 'server' : 'client');
  return sides;
}

/** The pairing without one student: their partner plays the bot; a pair left empty goes. */
export function withoutStudent(pairs: readonly Pair[], studentId: string): Pair[] {
  const out: Pair[] = [];
  for (const p of pairs) {
    const rest = p.studentIds.filter((id) => id !== studentId);
    if (rest.length === p.studentIds.length) out.push(p);
    else if (rest.length === 1) out.push({ pairNo: p.pairNo, studentIds: [rest[0]!] });
  }
  return out;
}

/**
 * The pairs for a new round, so that no two students play the bot: a student with nobody present
 * to play with (the odd one out, a latecomer seated with the bot, one whose partner is away) plays
 * the next such student instead, in pair-number order. A partner who is away keeps a pair of their
 * own (they play when they are back); only the last student alone, if any, still plays the bot.
 */
export function pairLoneStudents(pairs: readonly Pair[], present: ReadonlySet<string>): Pair[] {
  const sorted = [...pairs].sort((a, b) => a.pairNo - b.pairNo);
  const lone = sorted.filter((p) => p.studentIds.filter((id) => present.has(id)).length === 1);
  let next = sorted.reduce((n, p) => Math.max(n, p.pairNo), 0);
  const replaced = new Map<Pair, Pair[]>();
  for (let i = 0; i + 1 < lone.length; i += 2) {
    const [a, b] = [lone[i]!, lone[i + 1]!];
    const here = (p: Pair): string => p.studentIds.find((id) => present.has(id))!;
    const away = (p: Pair): string | undefined => p.studentIds.find((id) => !present.has(id));
    const awayA = away(a);
    const awayB = away(b);
    replaced.set(a, [{ pairNo: a.pairNo, studentIds: [here(a), here(b)] }, ...(awayA === undefined ? [] : [{ pairNo: ++next, studentIds: [awayA] as const }])]);
    replaced.set(b, awayB === undefined ? [] : [{ pairNo: b.pairNo, studentIds: [awayB] }]);
  }
  return sorted.flatMap((p) => replaced.get(p) ?? [p]);
}
