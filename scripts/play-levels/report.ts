/** One played round of `npm run check:levels`, whether it failed, and the table and totals it prints. */
import type { Lang } from '../../shared/game/scenario.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import type { WordingProblem } from './wording.ts';

export interface RoundRecord {
  level: string;
  role: Side;
  lang: Lang;
  /** Decisions answered (each with the engine's right move, through the composer). */
  decisions: number;
  /** Moves the coach refused: with right answers, every one is a finding. */
  refusals: { decision: number; verdict: string; text: string; sentDirectly: 'accepted' | 'refused' | 'not tried'; shot: string }[];
  /** Moves accepted but judged other than right (the feedback's verdict, or Results' mark). */
  judgedWrong: { decision: number | null; verdict: string; text: string }[];
  /** A value the right move needs that no helper beside the composer offered (a learner must guess it). */
  notOnScreen: { decision: number; what: string; offered: string[] }[];
  wording: (WordingProblem & { where: string })[];
  overflows: { where: string; text: string }[];
  consoleErrors: string[];
  pageErrors: string[];
  /** The wait that ran out (the round stuck), or another error that ended the round. */
  error: string | null;
  seconds: number;
  /** The Results screenshot, or the last screen when the round did not get there. */
  shot: string;
}

export function failed(r: RoundRecord): boolean {
  return r.error !== null || r.refusals.length > 0 || r.judgedWrong.length > 0 || r.notOnScreen.length > 0 || r.wording.length > 0 || r.overflows.length > 0 || r.consoleErrors.length > 0 || r.pageErrors.length > 0;
}

/** What went wrong in a round, in a few words each (empty: it passed). */
export function findings(r: RoundRecord): string[] {
  return [
    ...(r.error ? [r.error] : []),
    ...r.refusals.map((f) => `decision ${f.decision} refused: "${f.text}" (sent directly: ${f.sentDirectly})`),
    ...r.judgedWrong.map((f) => `decision ${f.decision ?? '?'} judged ${f.verdict}: "${f.text}"`),
    ...r.notOnScreen.map((f) => `decision ${f.decision}: ${f.what} not on screen (offered: ${f.offered.join(', ') || 'none'})`),
    ...r.wording.map((w) => `${w.where}: ${w.problem} "${w.excerpt}"`),
    ...r.overflows.map((o) => `${o.where}: overflow "${o.text}"`),
    ...r.pageErrors.map((e) => `page error: ${e}`),
    ...r.consoleErrors.map((e) => `console error: ${e}`),
  ];
}

const COLUMNS = ['level', 'role', 'lang', 'moves', 'refused', 'wrong', 'unseen', 'wording', 'overflow', 'errors', 'secs', 'result'] as const;

export function table(rounds: readonly RoundRecord[]): string {
  const rows = rounds.map((r) => [
    r.level,
    r.role,
    r.lang,
    String(r.decisions),
    String(r.refusals.length),
    String(r.judgedWrong.length),
    String(r.notOnScreen.length),
    String(r.wording.length),
    String(r.overflows.length),
    String(r.consoleErrors.length + r.pageErrors.length),
    r.seconds.toFixed(0),
    r.error ? 'STUCK/ERROR' : failed(r) ? 'FAIL' : 'ok',
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(COLUMNS), ...rows.map(line)].join('\n');
}

export interface Totals {
  rounds: number;
  passed: number;
  failed: number;
  decisions: number;
  refusals: number;
  seconds: number;
}

export function totals(rounds: readonly RoundRecord[]): Totals {
  const bad = rounds.filter(failed).length;
  return {
    rounds: rounds.length,
    passed: rounds.length - bad,
    failed: bad,
    decisions: rounds.reduce((n, r) => n + r.decisions, 0),
    refusals: rounds.reduce((n, r) => n + r.refusals.length, 0),
    seconds: rounds.reduce((n, r) => n + r.seconds, 0),
  };
}

export function totalsLine(t: Totals): string {
  return `${t.rounds} rounds: ${t.passed} passed, ${t.failed} failed; ${t.decisions} decisions played, ${t.refusals} refused; ${(t.seconds / 60).toFixed(1)} min of play`;
}
