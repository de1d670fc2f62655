/**
 * The class summary's "Rules to revisit": the rules some answer got wrong, weakest first, at most
 * six. A rule every student applied rightly is nothing to revisit, however few times it was judged.
 */
export interface RuleTally {
  readonly rule: string;
  readonly judged: number;
  readonly correct: number;
  readonly accuracyPct: number;
}

export const RULES_TO_REVISIT = 6;

/** `rules` weakest first (server/classroom/results.ts ruleSummary); the order is kept. */
export function rulesToRevisit<R extends RuleTally>(rules: readonly R[]): R[] {
  return rules.filter((r) => r.correct < r.judged).slice(0, RULES_TO_REVISIT);
}
