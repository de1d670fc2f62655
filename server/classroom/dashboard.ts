/**
 * The teacher's live dashboard, built from the latest progress of each pair plus what the database
 * already holds for earlier rounds. Pure: the class room hands in what it has heard.
 */
import { heatmap, type HeatCell } from './heatmap.ts';
import type { PairProgress } from './progress.ts';
import { podium, ruleSummary, type PodiumPlace, type StudentRoundResult } from './results.ts';
import type { SampleRow } from './classStore.ts';

export interface PairRow {
  readonly pairNo: number;
  readonly roundNo: number;
  readonly scenarioId: string;
  readonly now: number;
  /** Real ms the pair took (pairTime.ts): what a finished pair's row shows. */
  readonly takenMs: number;
  readonly finished: boolean;
  readonly endReason: string | null;
  readonly decisions: number;
  /** Opened, but its students have not all sat down yet. */
  readonly waiting: boolean;
  readonly hosts: PairProgress['hosts'];
}

export interface Dashboard {
  readonly roundNo: number;
  readonly pairs: readonly PairRow[];
  readonly heatmap: readonly HeatCell[];
  readonly podium: readonly PodiumPlace[];
  readonly weakestRules: ReturnType<typeof ruleSummary>;
}

export function buildDashboard(
  roundNo: number,
  live: Iterable<PairProgress>,
  stored: { results: readonly StudentRoundResult[]; samples: readonly SampleRow[] },
): Dashboard {
  const pairs: PairRow[] = [];
  const samples: Array<Pick<SampleRow, 'before' | 'event' | 'chose' | 'expected' | 'correct'>> = [...stored.samples];
  for (const p of live) {
    if (p.roundNo === roundNo) {
      pairs.push({ pairNo: p.pairNo, roundNo: p.roundNo, scenarioId: p.scenarioId, now: p.now, takenMs: p.takenMs, finished: p.finished, endReason: p.endReason, decisions: p.samples.length, waiting: p.waiting === true, hosts: p.hosts });
    }
    // Finished pairs are already in the stored samples; live ones count as they play.
    if (!p.finished) samples.push(...p.samples);
  }
  pairs.sort((a, b) => a.pairNo - b.pairNo);
  return { roundNo, pairs, heatmap: heatmap(samples), podium: podium(stored.results), weakestRules: ruleSummary(stored.results).slice(0, 8) };
}
