/**
 * Large sweeps of the independent TCP against the game (not part of the suite):
 *   node test/support/sweepRun.ts <seeds> <bot> <wire> <mode> <otherRate> [scenario]
 * wire: own | jittery | dup | reorder | lossy. Prints agreement counts per profile and role (with
 * the rounds that ran to their time limit, `timeUp`, and those that ended with nothing more to
 * happen, `idle`), then each disagreement (deduplicated by its rule and shape).
 */
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { RoundSettings } from '../../shared/game/types.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { playModel } from './modelRound.ts';

const [seedsArg = '10', bot = 'textbook', wireName = 'jittery', mode = 'coach', rateArg = '0', only, firstArg = '100'] = process.argv.slice(2);
const WIRES: Record<string, RoundSettings['wire'] | undefined> = {
  own: undefined,
  jittery: symmetricWire({ delayMs: 300, loss: 0.3, duplicate: 0.2, reorder: 0.2 }),
  dup: symmetricWire({ delayMs: 200, duplicate: 0.5 }),
  reorder: symmetricWire({ delayMs: 300, reorder: 0.5 }),
  lossy: symmetricWire({ delayMs: 250, loss: 0.45 }),
};
const first = Number(firstArg);
const counts: Record<string, { rounds: number; decisions: number; refused: number; unfinished: number; timeUp: number; idle: number }> = {};
const seen = new Map<string, { n: number; example: string }>();
const others: Record<string, number> = {};
let crashes = 0;
for (let seed = first; seed < first + Number(seedsArg); seed++) {
  for (const scenario of SCENARIOS) {
    if (only && only !== 'all' && scenario.id !== only) continue;
    for (const profile of ['rfc9293', 'linux'] as const) {
      for (const side of ['client', 'server'] as const) {
        const key = `${profile} ${side}`;
        const c = (counts[key] ??= { rounds: 0, decisions: 0, refused: 0, unfinished: 0, timeUp: 0, idle: 0 });
        const wire = WIRES[wireName];
        let run;
        try {
          run = playModel(scenario.id, side, { seed, personality: bot as RoundSettings['personality'], mode: mode as RoundSettings['mode'], profile, ...(wire ? { wire } : {}) }, Number(rateArg));
        } catch (e) {
          crashes++;
          const k = `CRASH ${scenario.id} ${String(e).slice(0, 200)}`;
          const prev = seen.get(k);
          seen.set(k, { n: (prev?.n ?? 0) + 1, example: `${k} seed ${seed} ${profile} ${side}` });
          continue;
        }
        c.rounds++;
        c.decisions += run.decisions;
        if (run.round.endReason === 'time-up') c.timeUp++;
        if (run.round.endReason === 'idle') c.idle++;
        for (const [n, v] of Object.entries(run.others)) others[n] = (others[n] ?? 0) + v;
        for (const r of run.refused) {
          if (r === 'the round did not finish') c.unfinished++;
          else c.refused++;
          const shape = `${scenario.id} ${profile} ${side}: ${r.replace(/^#\d+: /, '').replace(/\d{3,}/g, 'N').replace(/; prompt.*?; judge/, '; judge').slice(0, 400)}`;
          const prev = seen.get(shape);
          seen.set(shape, { n: (prev?.n ?? 0) + 1, example: prev?.example ?? `seed ${seed}: ${r}` });
        }
      }
    }
  }
}
console.log(JSON.stringify({ seeds: Number(seedsArg), bot, wire: wireName, mode, otherRate: Number(rateArg), crashes, counts, others }));
for (const [shape, { n, example }] of seen) console.log(`\n[${n}x] ${shape}\n  e.g. ${example.slice(0, 1500)}`);
