/**
 * The class-wide misconception heatmap: for each decision point (host state before × event), how
 * many students chose each answer, the right one marked. A teacher scans it for the hot wrong cells
 * ("12 students stayed in LISTEN after the SYN arrived") and stops the class to explain.
 */
import type { DecisionSample } from './progress.ts';

export interface HeatChoice {
  readonly label: string;
  readonly count: number;
  readonly correct: boolean;
}

export interface HeatCell {
  /** "LISTEN × SYN arrives" */
  readonly key: string;
  readonly before: string;
  readonly event: string;
  readonly expected: string;
  readonly total: number;
  readonly wrong: number;
  /** Most chosen first. */
  readonly choices: readonly HeatChoice[];
}

export function heatmap(samples: Iterable<Pick<DecisionSample, 'before' | 'event' | 'chose' | 'expected' | 'correct'>>): HeatCell[] {
  const cells = new Map<string, { before: string; event: string; expected: string; choices: Map<string, { count: number; correct: boolean }> }>();
  for (const s of samples) {
    const key = `${s.before} × ${s.event}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { before: s.before, event: s.event, expected: s.expected, choices: new Map() };
      cells.set(key, cell);
    }
    const c = cell.choices.get(s.chose) ?? { count: 0, correct: s.correct };
    c.count += 1;
    // A label counts as right only if every student who chose it was judged right.
    c.correct = c.correct && s.correct;
    cell.choices.set(s.chose, c);
  }
  const out: HeatCell[] = [];
  for (const [key, cell] of cells) {
    const choices = [...cell.choices].map(([label, c]) => ({ label, count: c.count, correct: c.correct }));
    choices.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    const total = choices.reduce((n, c) => n + c.count, 0);
    const wrong = choices.filter((c) => !c.correct).reduce((n, c) => n + c.count, 0);
    out.push({ key, before: cell.before, event: cell.event, expected: cell.expected, total, wrong, choices });
  }
  // The cells where most of the class went wrong come first.
  out.sort((a, b) => b.wrong / b.total - a.wrong / a.total || b.total - a.total || a.key.localeCompare(b.key));
  return out;
}
