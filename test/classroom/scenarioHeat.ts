/**
 * A whole class's heatmap of one scenario, built as the class room builds it: every decision point
 * of both hosts (the engine playing the round right, over a few seeds, so a point only some pairs
 * meet is there too), each answered by sixteen students, right and four different wrong answers.
 * For what the teacher's dashboard must hold at its largest (teacherView.test.ts).
 */
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { decisionSamples, type DecisionSample } from '../../server/classroom/progress.ts';
import { heatmap, type HeatCell } from '../../server/classroom/heatmap.ts';
import { HEAT_WORDS as W } from '../../shared/classroom/heatWords.ts';

const WRONG = [`ESTABLISHED · ACK`, `CLOSED · ${W.wait}`, `SYN-RECEIVED · SYN+ACK`, `FIN-WAIT-1 · FIN+ACK`, `CLOSE-WAIT · ACK`];
/** Of sixteen students at a decision point: six right, then 4, 3, 2 and 1 on four wrong answers. */
const SPREAD = [6, 4, 3, 2, 1];

export type HeatSample = Pick<DecisionSample, 'before' | 'event' | 'chose' | 'expected' | 'correct'>;

export function fullHeatmap(scenarioId: string, seeds = 8): HeatCell[] {
  return heatmap(fullSamples(scenarioId, seeds));
}

/** The answers behind fullHeatmap, as the class room holds a class's samples. */
export function fullSamples(scenarioId: string, seeds = 8): HeatSample[] {
  const points = new Map<string, Pick<DecisionSample, 'before' | 'event' | 'expected'>>();
  for (let seed = 1; seed <= seeds; seed++) {
    const created = createRound({ scenarioId, mode: 'coach', seed, controllers: { client: 'human', server: 'human' }, personality: 'textbook' });
    if (!created.ok) throw new Error(`${scenarioId}: ${created.rejection}`);
    const round = runToEnd(created.round);
    const link = { classId: 'c', roundNo: 1, pairNo: 1, students: { client: { studentId: 'c', name: 'C' }, server: { studentId: 's', name: 'S' } } };
    for (const s of decisionSamples(round, link, () => 0, [])) points.set(`${s.before} × ${s.event}`, s);
  }
  const samples: HeatSample[] = [];
  for (const p of points.values()) {
    const wrong = WRONG.filter((w) => w !== p.expected).slice(0, SPREAD.length - 1);
    const answers = [{ chose: p.expected, correct: true }, ...wrong.map((chose) => ({ chose, correct: false }))];
    answers.forEach((a, i) => {
      for (let n = 0; n < SPREAD[i]!; n++) samples.push({ ...p, ...a });
    });
  }
  return samples;
}
