// Per-generator figures the harness does not split: RTT by kind of send (move / hint / rematch),
// "move -> first patch after its verdict" (the patch that carries the move's effect), and what a
// player downloads: bytes of state patches and of messages after joining, counted per WebSocket
// frame (the join's full state is counted apart), so bench/load.ts can say what a move costs.
// At exit each generator prints a summary line to its log, and, when DOJO_STATS_DIR is set,
// writes its raw samples to $DOJO_STATS_DIR/<name>-<pid>.json (merge them across generators).
// A copy of ../shared/perf/behaviours/dojo-stats.mjs with the byte counts added.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function makeStats(name) {
  const counts = {
    sends: {}, replies: {}, unexpected: {}, roundsStarted: 0, roundsFinished: 0, decisionsAnswered: 0, incorrect: 0,
    // bytes and frames received: `state` the full state at joining, `patch` state patches, `message` room messages
    bytes: { state: 0, patch: 0, message: 0, other: 0 }, frames: { state: 0, patch: 0, message: 0, other: 0 },
  };
  const samples = { rtt: {}, movePatch: [] };
  const startedAt = new Date().toISOString();
  let clients = 0;
  const pct = (xs, p) => {
    if (!xs.length) return null;
    const v = [...xs].sort((a, b) => a - b);
    return Math.round(v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] * 100) / 100;
  };
  process.on('exit', () => {
    try {
      const summary = { rttMs: {}, movePatchMs: null };
      for (const [k, xs] of Object.entries(samples.rtt)) summary.rttMs[k] = { n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99) };
      summary.movePatchMs = { n: samples.movePatch.length, p50: pct(samples.movePatch, 50), p99: pct(samples.movePatch, 99) };
      process.stderr.write(`[${name} ${process.pid}] clients ${clients} ${JSON.stringify({ ...counts, ...summary })}\n`);
      const dir = process.env.DOJO_STATS_DIR;
      if (dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${name}-${process.pid}.json`), JSON.stringify({ name, pid: process.pid, startedAt, endedAt: new Date().toISOString(), clients, counts, samples }));
      }
    } catch { /* never fail the generator */ }
  });
  // the driver stops a generator with SIGTERM as soon as its result is in: exit through the
  // 'exit' handler above so the samples are written
  process.once('SIGTERM', () => process.exit(143));
  return {
    counts,
    inc: (o, k) => { o[k] = (o[k] ?? 0) + 1; },
    client: () => { clients++; },
    /** Count what this room's socket receives, by kind of frame (Colyseus protocol codes 14, 15, 13). */
    countBytes(room) {
      const events = room?.connection?.events;
      const inner = events?.onmessage;
      if (!events || typeof inner !== 'function') return;
      events.onmessage = (event) => {
        const data = event?.data;
        const n = data?.byteLength ?? 0;
        const code = n > 0 ? new Uint8Array(data, 0, 1)[0] : -1;
        const kind = code === 14 ? 'state' : code === 15 ? 'patch' : code === 13 ? 'message' : 'other';
        counts.bytes[kind] += n;
        counts.frames[kind] += 1;
        inner(event);
      };
    },
    rtt: (kind, ms) => { (samples.rtt[kind] ??= []).push(ms); },
    movePatch: (ms) => { samples.movePatch.push(ms); },
  };
}
