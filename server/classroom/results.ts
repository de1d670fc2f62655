/**
 * Class results: one row per student per class round (score, accuracy, accuracy per rule, time),
 * the CSV export, and the podium of a timed class round. Derived from the pairs' finished progress,
 * which is derived from their rounds (STYLE.md §5: results come from the log).
 */
import type { PairProgress } from './progress.ts';
import { SIDES } from '../../shared/tcp/wire.ts';

export interface StudentRoundResult {
  readonly classId: string;
  readonly roundNo: number;
  readonly studentId: string;
  readonly name: string;
  readonly pairNo: number;
  readonly side: string;
  readonly partner: string;
  readonly scenarioId: string;
  readonly score: number;
  readonly judged: number;
  readonly correct: number;
  /** Engine ms the round lasted for this pair. */
  readonly roundMs: number;
  /** Sum of the student's thinking time over their decisions (engine ms). */
  readonly thinkMs: number;
  readonly endReason: string;
  readonly roundId: string;
  readonly rules: Record<string, { judged: number; correct: number }>;
}

export function resultsOfPair(p: PairProgress): StudentRoundResult[] {
  const out: StudentRoundResult[] = [];
  for (const side of SIDES) {
    const host = p.hosts[side];
    if (host.studentId === null) continue;
    const other = p.hosts[side === 'client' ? 'server' : 'client'];
    const mine = p.samples.filter((s) => s.studentId === host.studentId);
    const rules: Record<string, { judged: number; correct: number }> = {};
    for (const s of mine) {
      for (const [rule, r] of Object.entries(s.rules)) {
        const acc = (rules[rule] ??= { judged: 0, correct: 0 });
        acc.judged += r.judged;
        acc.correct += r.correct;
      }
    }
    out.push({
      classId: p.classId,
      roundNo: p.roundNo,
      studentId: host.studentId,
      name: host.name,
      pairNo: p.pairNo,
      side,
      partner: other.name,
      scenarioId: p.scenarioId,
      score: host.score,
      judged: host.judged,
      correct: host.correct,
      roundMs: p.now,
      thinkMs: mine.reduce((n, s) => n + s.thinkMs, 0),
      endReason: p.endReason ?? '',
      roundId: p.roundId,
      rules,
    });
  }
  return out;
}

export function accuracy(judged: number, correct: number): number {
  return judged === 0 ? 0 : Math.round((correct / judged) * 1000) / 10;
}

/** RFC 4180: quote every field that needs it; a leading =,+,-,@ is defused for spreadsheets. */
function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['round', 'student', 'pair', 'side', 'partner', 'scenario', 'score', 'decisions', 'correct', 'accuracy_pct', 'round_ms', 'think_ms', 'end', 'rule_accuracy'];

export function resultsCsv(rows: readonly StudentRoundResult[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    const ruleText = Object.entries(r.rules)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([rule, x]) => `${rule}=${x.correct}/${x.judged}`)
      .join(' ');
    lines.push(
      [r.roundNo, r.name, r.pairNo, r.side, r.partner, r.scenarioId, r.score, r.judged, r.correct, accuracy(r.judged, r.correct), r.roundMs, r.thinkMs, r.endReason, ruleText]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export interface PodiumPlace {
  readonly place: number;
  readonly name: string;
  readonly score: number;
  readonly accuracyPct: number;
  readonly thinkMs: number;
}

/** Total score over the class's rounds; ties go to higher accuracy, then less thinking time. */
export function podium(rows: readonly StudentRoundResult[], size = 3): PodiumPlace[] {
  const by = new Map<string, { name: string; score: number; judged: number; correct: number; thinkMs: number }>();
  for (const r of rows) {
    const s = by.get(r.studentId) ?? { name: r.name, score: 0, judged: 0, correct: 0, thinkMs: 0 };
    s.score += r.score;
    s.judged += r.judged;
    s.correct += r.correct;
    s.thinkMs += r.thinkMs;
    by.set(r.studentId, s);
  }
  const ranked = [...by.values()].map((s) => ({ name: s.name, score: s.score, accuracyPct: accuracy(s.judged, s.correct), thinkMs: s.thinkMs }));
  ranked.sort((a, b) => b.score - a.score || b.accuracyPct - a.accuracyPct || a.thinkMs - b.thinkMs || a.name.localeCompare(b.name));
  return ranked.slice(0, size).map((s, i) => ({ place: i + 1, ...s }));
}

/** Per-rule accuracy over the whole class, weakest first: what to re-teach. */
export function ruleSummary(rows: readonly StudentRoundResult[]): { rule: string; judged: number; correct: number; accuracyPct: number }[] {
  const by = new Map<string, { judged: number; correct: number }>();
  for (const r of rows) {
    for (const [rule, x] of Object.entries(r.rules)) {
      const acc = by.get(rule) ?? { judged: 0, correct: 0 };
      acc.judged += x.judged;
      acc.correct += x.correct;
      by.set(rule, acc);
    }
  }
  return [...by]
    .map(([rule, x]) => ({ rule, ...x, accuracyPct: accuracy(x.judged, x.correct) }))
    .sort((a, b) => a.accuracyPct - b.accuracyPct || b.judged - a.judged);
}
