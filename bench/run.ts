// `npm run bench`: figures, not assertions. How fast the pure engine and the round reducer run,
// so a change that makes the server's rooms or the client's previews slow shows up as a number.
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { allowedFor, createRound, nextEventAt, runToEnd, stepRound } from '../shared/game/round.ts';
import type { Round, RoundEvent, RoundSettings } from '../shared/game/types.ts';
import { ViewWriter } from '../shared/game/viewEntries.ts';
import { roundView } from '../shared/game/views.ts';
import { createHost, step } from '../shared/tcp/host.ts';
import { flags } from '../shared/tcp/segment.ts';
import type { Host, HostEvent } from '../shared/tcp/types.ts';
import { symmetricWire } from '../shared/tcp/wire.ts';
import { clientFps } from './client-fps.ts';
import { roundEnds } from './roundEnds.ts';

const SCENARIO = 'active-close-client';
const lossy = (seed: number): RoundSettings => ({
  scenarioId: SCENARIO,
  mode: 'consequences',
  seed,
  controllers: { client: 'bot', server: 'bot' },
  personality: 'textbook',
  wire: symmetricWire({ delayMs: 300, loss: 0.3 }),
});

function newRound(seed: number): Round {
  const created = createRound(lossy(seed));
  if (!created.ok) throw new Error(created.rejection.detail);
  return created.round;
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Complete bot-vs-bot rounds per second under 30% loss, over many seeds. */
function roundsPerSecond(budgetMs: number): { rounds: number; complete: number; perSecond: number; meanSegments: number } {
  let rounds = 0;
  let complete = 0;
  let segments = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    const r = runToEnd(newRound(rounds + 1), undefined, 50_000);
    rounds += 1;
    if (r.endReason === 'complete') complete += 1;
    segments += r.flights.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { rounds, complete, perSecond: complete / elapsed, meanSegments: segments / rounds };
}

/**
 * A representative mix of engine events: the user calls and segment arrivals of a whole
 * connection (listen, SYN, SYN-ACK, ACK with data, data, FIN each way, TIME-WAIT expiry),
 * recorded once by playing two hosts against each other, then replayed against the recorded
 * host states so each timed call is exactly one `step()`.
 */
function recordEngineMix(): { host: Host; event: HostEvent }[] {
  const mix: { host: Host; event: HostEvent }[] = [];
  let a = createHost({ address: '10.0.0.2', seed: 1 });
  let b = createHost({ address: '10.0.0.1', seed: 2 });
  const serverSocket = '10.0.0.1:80';
  const clientSocket = '10.0.0.2:49152';
  const queue: { to: 'a' | 'b'; event: HostEvent }[] = [
    { to: 'b', event: { kind: 'listen', at: 0, port: 80 } },
    { to: 'a', event: { kind: 'connect', at: 0, remote: serverSocket } },
  ];
  let t = 0;
  const pushApp = (to: 'a' | 'b', event: HostEvent): void => {
    queue.push({ to, event });
  };
  let phase = 0;
  for (let guard = 0; guard < 200 && queue.length > 0; guard++) {
    const item = queue.shift()!;
    const host = item.to === 'a' ? a : b;
    const event = { ...item.event, at: Math.max(item.event.at, host.now) } as HostEvent;
    mix.push({ host, event });
    const r = step(host, event);
    if (!r.ok) continue;
    if (item.to === 'a') a = r.host;
    else b = r.host;
    t = Math.max(t, event.at);
    for (const o of r.outputs) {
      if (o.kind === 'segment') queue.push({ to: item.to === 'a' ? 'b' : 'a', event: { kind: 'segment', at: t + 50, segment: o.segment } });
    }
    const client = a.connections.find((c) => c.remote === serverSocket);
    const server = b.connections.find((c) => c.remote === clientSocket);
    if (phase === 0 && client?.state === 'ESTABLISHED') {
      phase = 1;
      pushApp('a', { kind: 'send', at: t, remote: serverSocket, data: 'GET / HTTP/1.1' });
    } else if (phase === 1 && server?.unread) {
      phase = 2;
      pushApp('b', { kind: 'accept', at: t });
      pushApp('b', { kind: 'receive', at: t, remote: clientSocket });
      pushApp('b', { kind: 'send', at: t, remote: clientSocket, data: 'HTTP/1.1 200 OK' });
    } else if (phase === 2 && client?.unread) {
      phase = 3;
      pushApp('a', { kind: 'receive', at: t, remote: serverSocket });
      pushApp('a', { kind: 'close', at: t, remote: serverSocket });
    } else if (phase === 3 && server?.state === 'CLOSE-WAIT') {
      phase = 4;
      pushApp('b', { kind: 'close', at: t, remote: clientSocket });
    } else if (phase === 4 && client?.state === 'TIME-WAIT') {
      phase = 5;
      // A stray segment from a closed port, and the 2×MSL timer firing.
      pushApp('b', { kind: 'segment', at: t, segment: { src: '10.0.0.9:7', dst: serverSocket, seq: 5, ack: 0, flags: flags('SYN', 'ACK'), wnd: 100, data: '' } });
      pushApp('a', { kind: 'tick', at: t + 1_000_000 });
    }
  }
  return mix;
}

function engineStepMicros(budgetMs: number): { calls: number; micros: number; mix: number } {
  const mix = recordEngineMix();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    for (const { host, event } of mix) step(host, event);
    calls += mix.length;
  }
  return { calls, micros: ((performance.now() - start) * 1000) / calls, mix: mix.length };
}

/** The cost of one stepRound: the snapshots of a few lossy rounds, each advanced by one event. */
function stepRoundMicros(budgetMs: number): { calls: number; micros: number } {
  const snapshots: Round[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    let r = newRound(seed);
    for (let i = 0; i < 5_000 && !r.finished; i++) {
      snapshots.push(r);
      const at = nextEventAt(r);
      const res = stepRound(r, { kind: 'advance', at: at ?? r.now + 1_000 });
      if (!res.ok) break;
      r = res.round;
    }
  }
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    for (const r of snapshots) stepRound(r, { kind: 'advance', at: nextEventAt(r) ?? r.now + 1_000 });
    calls += snapshots.length;
  }
  return { calls, micros: ((performance.now() - start) * 1000) / calls };
}

/**
 * What the server's rooms do at every step, many rooms side by side (as the load test's practice
 * players: ask the coach, answer, let the wire and the bot play): stepRound, then the player's
 * view written as entries (what ViewSync.sync does, server/rooms/viewSync.ts). Interleaved, so the caches and the
 * collector see as many live rounds as a busy server holds. The garbage collector's share of it
 * all is from the process's GC events.
 */
async function roomsSideBySide(rooms: number, steps: number): Promise<{ stepMicros: number; viewMicros: number; gcShare: number }> {
  const you = 'client';
  const open = (seed: number) => {
    const created = createRound({ scenarioId: SCENARIO, mode: 'coach', seed, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' });
    if (!created.ok) throw new Error(created.rejection.detail);
    return { round: created.round, writer: new ViewWriter(), entries: new Map<string, string>() };
  };
  const slots = Array.from({ length: rooms }, (_, i) => open(i + 1));
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => (gcMs += e.duration)));
  observer.observe({ entryTypes: ['gc'] });
  let done = 0;
  let stepMs = 0;
  let viewMs = 0;
  let seed = rooms + 1;
  const start = performance.now();
  while (done < steps) {
    for (let i = 0; i < slots.length && done < steps; i++) {
      let slot = slots[i]!;
      if (slot.round.finished) slot = slots[i] = open(seed++);
      const r = slot.round;
      const d = r.hosts[you].decision;
      let event: RoundEvent;
      if (d && !d.revealed) event = { kind: 'reveal', at: r.now, side: you, decisionId: d.id };
      else if (d) event = { kind: 'move', at: r.now, side: you, decisionId: d.id, move: allowedFor(r, you)![0]!.move };
      else {
        const at = nextEventAt(r);
        if (at === null) {
          slots[i] = open(seed++);
          continue;
        }
        event = { kind: 'advance', at };
      }
      const t0 = performance.now();
      const res = stepRound(r, event);
      if (!res.ok) throw new Error(res.rejection.detail);
      const t1 = performance.now();
      slot.round = res.round;
      // (A finished round's view replays the round for its timeline: once a round, not per step.)
      if (!res.round.finished) slot.writer.write(roundView(res.round, you), slot.entries);
      viewMs += performance.now() - t1;
      stepMs += t1 - t0;
      done += 1;
    }
  }
  const total = performance.now() - start;
  // The GC entries are delivered once the event loop turns.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return { stepMicros: (stepMs * 1000) / done, viewMicros: (viewMs * 1000) / done, gcShare: gcMs / total };
}

function roundMemory(): { jsonBytes: number; heapBytes: number | null } {
  const finished = runToEnd(newRound(7), undefined, 50_000);
  const jsonBytes = Buffer.byteLength(JSON.stringify(finished));
  // `npm run bench` runs plain `node`: switch the collector on from inside to measure the heap.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('typeof gc === "function" ? gc : null') as (() => void) | null;
  if (!gc) return { jsonBytes, heapBytes: null };
  const keep: Round[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 200; i++) keep.push(structuredClone(finished));
  gc();
  const heapBytes = (process.memoryUsage().heapUsed - before) / keep.length;
  return { jsonBytes, heapBytes };
}

async function main(): Promise<void> {
  console.log(`TCP Dojo bench (node ${process.versions.node}); figures, not assertions`);
  // Warm the JIT so the first figure is not the compiler's.
  runToEnd(newRound(999), undefined, 50_000);
  const rounds = roundsPerSecond(8_000);
  console.log(
    `bot-vs-bot rounds (${SCENARIO}, 30% loss, ${rounds.rounds} seeds): ${fmt(rounds.perSecond)} complete rounds/s ` +
      `(${rounds.complete}/${rounds.rounds} complete, ${fmt(rounds.meanSegments)} segments per round)`,
  );
  const engine = engineStepMicros(4_000);
  console.log(`engine step(): ${fmt(engine.micros, 2)} µs mean over ${engine.calls.toLocaleString('en-US')} calls (a mix of ${engine.mix} events: calls, arrivals, timers)`);
  const reducer = stepRoundMicros(4_000);
  console.log(`stepRound(): ${fmt(reducer.micros, 2)} µs mean over ${reducer.calls.toLocaleString('en-US')} calls (lossy rounds, one advance each)`);
  const side = await roomsSideBySide(1_000, 200_000);
  console.log(
    `1,000 practice rounds side by side: stepRound ${fmt(side.stepMicros)} µs + the player's view written ${fmt(side.viewMicros)} µs a step ` +
      `(garbage collection ${fmt(100 * side.gcShare)}% of the time)`,
  );
  const ends = roundEnds(1_000);
  console.log(
    `${ends.rounds.toLocaleString('en-US')} practice rounds ending (journaled to a database file): ${fmt(ends.cpu / 1000, 2)} ms of CPU a round end ` +
      `(last step ${fmt(ends.step)} µs, finished view ${fmt(ends.view)} µs, record ${fmt(ends.record)} µs, save in the group commit ${fmt(ends.save)} µs)`,
  );
  const mem = roundMemory();
  console.log(
    `one finished round: ${fmt(mem.jsonBytes / 1024)} KiB as JSON` +
      (mem.heapBytes === null ? ' (no heap figure: gc unavailable)' : `, ~${fmt(mem.heapBytes / 1024)} KiB on the heap`),
  );
  // The browser part last; it skips itself without Chromium and never fails the bench.
  try {
    await clientFps();
  } catch (err) {
    console.log(`client fps: skipped (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
}

await main();
