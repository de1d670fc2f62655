// What a round's end costs the server, part by part: the last step, the finished view (everything
// revealed, the replay's timers), the stored record, and its save through the journal's group
// commit. Rounds are played side by side first, their live logs journaled to a real database file
// the way the rooms do, so the save deletes a live log spread through the file as it is in service.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { roundRecord } from '../server/roundRecord.ts';
import { openStore } from '../server/store.ts';
import { allowedFor, createRound, nextEventAt, stepRound } from '../shared/game/round.ts';
import type { Round, RoundEvent } from '../shared/game/types.ts';
import { ViewWriter } from '../shared/game/viewEntries.ts';
import { roundView } from '../shared/game/views.ts';

export interface RoundEndCost {
  rounds: number;
  /** Mean wall-clock µs a round end, by part. */
  step: number;
  view: number;
  record: number;
  save: number;
  /** Mean process CPU µs a round end (user + system, the SQLite writes included). */
  cpu: number;
}

interface Live {
  roundId: string;
  round: Round;
  last: RoundEvent | null;
  journaled: number;
  writer: ViewWriter;
  entries: Map<string, string>;
}

export function roundEnds(rounds: number, scenarioId = 'active-close-client'): RoundEndCost {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-bench-'));
  const store = openStore(join(dir, 'bench.sqlite'));
  try {
    const live: Live[] = [];
    for (let i = 0; i < rounds; i++) {
      const created = createRound({ scenarioId, mode: 'coach', seed: i + 1, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' });
      if (!created.ok) throw new Error(created.rejection.detail);
      const roundId = `r${i}`;
      store.queueLiveRound('bench', { roundId, mode: 'practice', scenarioId, roomId: roundId, startedAt: 0, head: null }, () => undefined);
      live.push({ roundId, round: created.round, last: null, journaled: 0, writer: new ViewWriter(), entries: new Map() });
    }
    // Each round one step at a time, in turn, up to its last step; every dozen events a commit.
    let playing = live;
    let queued = 0;
    while (playing.length > 0) {
      const still: Live[] = [];
      for (const x of playing) {
        const r = x.round;
        const d = r.hosts.client.decision;
        const at = nextEventAt(r);
        const event: RoundEvent = d
          ? { kind: 'move', at: r.now, side: 'client', decisionId: d.id, move: allowedFor(r, 'client')![0]!.move }
          : { kind: 'advance', at: at ?? r.now };
        const res = stepRound(r, event);
        if (!res.ok) throw new Error(res.rejection.detail);
        if (res.round.finished) {
          x.last = event;
          continue;
        }
        x.round = res.round;
        x.writer.write(roundView(x.round, 'client'), x.entries);
        store.queueLiveEvents(x.roundId, x.journaled, x.round.log.slice(x.journaled), () => undefined);
        queued += x.round.log.length - x.journaled;
        x.journaled = x.round.log.length;
        if (queued >= 12) {
          store.flushLiveEvents();
          queued = 0;
        }
        still.push(x);
      }
      playing = still;
    }
    store.flushLiveEvents();

    const spent = { step: 0, view: 0, record: 0, save: 0 };
    const cpu0 = process.cpuUsage();
    live.forEach((x, i) => {
      const t0 = performance.now();
      const res = stepRound(x.round, x.last!);
      if (!res.ok) throw new Error(res.rejection.detail);
      const t1 = performance.now();
      x.writer.write(roundView(res.round, 'client'), x.entries);
      const t2 = performance.now();
      const record = roundRecord(res.round, { kind: 'practice', roundId: x.roundId, roundNumber: 1, settings: res.round.settings, names: { client: 'Ada', server: 'bot (textbook)' }, startedAt: 0, finishedAt: 1 });
      const t3 = performance.now();
      store.queueRound(record, () => undefined);
      // A commit every few round ends, as when a class's rounds end together.
      if (i % 8 === 7) store.flushLiveEvents();
      const t4 = performance.now();
      spent.step += t1 - t0;
      spent.view += t2 - t1;
      spent.record += t3 - t2;
      spent.save += t4 - t3;
    });
    store.flushLiveEvents();
    const cpu = process.cpuUsage(cpu0);
    const per = (ms: number): number => (ms * 1000) / rounds;
    return { rounds, step: per(spent.step), view: per(spent.view), record: per(spent.record), save: per(spent.save), cpu: (cpu.user + cpu.system) / rounds };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
