// `node bench/ladderLayout.ts`: figures, not assertions. What the flow graph's layout costs at each
// update of a player's view during a live round: the round is played step by step (the player's
// moves are the coach's, the other host a bot), each step's view folded into the log the Game scene
// draws (LiveRoundLog), and that log laid out once, timed, as LadderDiagram does it: handed the
// previous update's layout (only what is new is placed), and for comparison anew every time.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ENGLISH_LADDER_TEXT, layoutLadder, type LadderLayout, type LadderOptions } from '../client/components/ladderLayout.ts';
import type { RoundLog } from '../client/model/view.ts';
import type { BotPersonality } from '../shared/game/types.ts';
import type { Side } from '../shared/tcp/wire.ts';
import { liveLogs } from '../test/support/liveLogs.ts';

/**
 * Each update's layout time (ms, wall clock) and how it was made, and the round's main-thread CPU
 * time (ms; on a machine shared with other work, the wall clock also counts the waits for a core).
 */
function timeRound(logs: RoundLog[], width: number, incremental: boolean, options: LadderOptions): { ms: number[]; made: string[]; cpu: number } {
  const ms: number[] = [];
  const made: string[] = [];
  let previous: LadderLayout | null = null;
  // Fresh copies: a log laid out before would be a cache hit, not the update's cost.
  const fresh = structuredClone(logs);
  const cpu0 = process.threadCpuUsage();
  for (const log of fresh) {
    const t0 = performance.now();
    const layout: LadderLayout = layoutLadder(log, log.duration, width, options, incremental ? previous : null);
    ms.push(performance.now() - t0);
    made.push(layout.made);
    previous = layout;
  }
  const cpu = process.threadCpuUsage(cpu0);
  return { ms, made, cpu: (cpu.user + cpu.system) / 1000 };
}

const CASES: { name: string; scenario: string; you: Side; personality: BotPersonality }[] = [
  { name: 'syn-flood as server vs flooder', scenario: 'syn-flood', you: 'server', personality: 'flooder' },
  { name: 'syn-flood as server vs textbook', scenario: 'syn-flood', you: 'server', personality: 'textbook' },
  { name: 'half-close as client', scenario: 'half-close', you: 'client', personality: 'textbook' },
  { name: 'lost-syn-ack as server', scenario: 'lost-syn-ack', you: 'server', personality: 'textbook' },
];

const REPEATS = 5;
const fmt = (n: number): string => n.toFixed(2);

function main(): void {
  console.log(`flow graph layout per view update (node ${process.versions.node}, 640 px, English, each update's median of ${REPEATS} replays, load average ${loadavg()[0]?.toFixed(1)}); figures, not assertions`);
  // At the graph's own sizes, then on a tablet (1024×768 or a 960×540 window: its text raised to 15 px).
  for (const textFloor of [0, 15]) {
    if (textFloor) console.log(`on a tablet (text floor ${textFloor} px):`);
    cases({ text: ENGLISH_LADDER_TEXT, textFloor });
  }
}

function cases(options: LadderOptions): void {
  for (const c of CASES) {
    const logs = liveLogs(c.scenario, c.you, { personality: c.personality });
    for (const incremental of [false, true]) {
      timeRound(logs, 640, incremental, options); // JIT warm-up
      const runs = Array.from({ length: REPEATS }, () => timeRound(logs, 640, incremental, options));
      const median = logs.map((_, i) => runs.map((r) => r.ms[i] ?? 0).sort((a, b) => a - b)[Math.floor(REPEATS / 2)] ?? 0);
      const sorted = [...median].sort((a, b) => a - b);
      const mean = median.reduce((s, x) => s + x, 0) / median.length;
      const p95 = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0;
      const max = sorted[sorted.length - 1] ?? 0;
      const made = runs[0]!.made;
      const cpu = runs.map((r) => r.cpu).sort((a, b) => a - b)[Math.floor(REPEATS / 2)]! / logs.length;
      const kinds = incremental ? ` [${['anew', 'extended', 'same'].map((k) => `${made.filter((m) => m === k).length} ${k}`).join(', ')}]` : '';
      console.log(
        `${c.name.padEnd(32)} ${(incremental ? 'previous passed' : 'anew each time').padEnd(16)} ${logs.length} updates, ${logs[logs.length - 1]?.flights.length} segments: ` +
          `mean ${fmt(mean)} ms, p95 ${fmt(p95)} ms, max ${fmt(max)} ms (CPU ${fmt(cpu)} ms an update)${kinds}`,
      );
    }
  }
}

main();
