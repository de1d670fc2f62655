// `npm run bench:memory [-- --players 200 --seconds 60]`: what a busy spell costs in memory and
// what the server keeps after everyone left (issue 15.10). A figure, not a test.
//
// It starts `node server/main.ts` on a free port and a scratch database, lets N SDK players play
// coached practice rounds (the coach's hint, then the move; a rematch when a round ends) for the
// given time, makes them all leave, and reads the process's RSS along the way (/proc) and its JS
// heap (/api/health). Then it asks the server for a heap snapshot (--heapsnapshot-signal on SIGWINCH, which
// runs a full garbage collection first) and counts what is still alive: rooms, rounds, clients.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, type Room } from '@colyseus/sdk';
import { readView, type EntryMap } from '../shared/game/viewEntries.ts';
import { freePort, rssKb, startServer } from './proc.ts';

const { values } = parseArgs({ options: { players: { type: 'string', default: '200' }, seconds: { type: 'string', default: '60' }, scenario: { type: 'string', default: 'handshake' } } });
const PLAYERS = Number(values.players);
const SECONDS = Number(values.seconds);
const ROOT = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'tcp-dojo-memory-'));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

interface Health {
  memory: { rss: number; heapUsed: number; heapTotal: number };
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = startServer(ROOT, scratch, port);
const pid = server.pid!;
const health = async (): Promise<Health> => (await fetch(`${base}/api/health`)).json() as Promise<Health>;
for (let i = 0; ; i++) {
  if ((await health().catch(() => null)) !== null) break;
  if (i > 200) throw new Error('the server did not start');
  await sleep(100);
}
const start = { rss: rssKb(pid), health: await health() };

interface Player {
  room: Room;
  side: string;
  hint: { decisionId: number; move: unknown } | null;
}
let rounds = 0;
let moves = 0;
const players: Player[] = [];
for (let i = 0; i < PLAYERS; i++) {
  const room = await new Client(base).create('practice', { name: `mem-${i}`, scenarioId: values.scenario, mode: 'coach' });
  const p: Player = { room, side: 'client', hint: null };
  room.onMessage('seat', (m: { side?: string }) => void (m?.side && (p.side = m.side)));
  room.onMessage('hint', (m: { decisionId: number; move: unknown }) => void (p.hint = m));
  room.onMessage('verdict', () => void (moves += 1));
  room.onMessage('notice', (m: { kind?: string }) => void (m?.kind === 'round-finished' && (rounds += 1)));
  room.onMessage('*', () => undefined);
  players.push(p);
}
let peak = rssKb(pid);
const deadline = Date.now() + SECONDS * 1000;
const timers = players.map((p, i) =>
  setInterval(() => {
    const state = p.room.state as { phase?: string; views?: Map<string, { entries?: EntryMap }> };
    if (state.phase === 'finished') return p.room.send('rematch', {});
    let decisionId: number | null = null;
    try {
      decisionId = readView<{ decision?: { id: number } | null }>(state.views?.get(p.side)?.entries)?.decision?.id ?? null;
    } catch {
      decisionId = null;
    }
    if (decisionId !== null && p.hint?.decisionId === decisionId) {
      p.room.send('move', { decisionId, move: p.hint.move });
      p.hint = null;
    } else p.room.send('hint', {});
  }, 1000 + (i % 97)),
);
while (Date.now() < deadline) {
  peak = Math.max(peak, rssKb(pid));
  await sleep(500);
}
for (const t of timers) clearInterval(t);
await Promise.all(players.map((p) => p.room.leave().catch(() => undefined)));
await sleep(5000);
const afterLeave = { rss: rssKb(pid), health: await health() };

// A heap snapshot (after a full GC): what is still alive once everyone left.
// Not SIGUSR2: Colyseus shuts down on it (nodemon's restart signal).
server.kill('SIGWINCH');
type Snapshot = { snapshot: { meta: { node_fields: string[]; node_types: string[][] } }; nodes: number[]; strings: string[] };
let snap: Snapshot | null = null;
for (let i = 0; i < 600 && snap === null; i++) {
  await sleep(500);
  const file = readdirSync(scratch).find((f) => f.endsWith('.heapsnapshot'));
  if (file === undefined) continue;
  try {
    snap = JSON.parse(readFileSync(join(scratch, file), 'utf8')) as Snapshot; // complete once it parses
  } catch {
    snap = null;
  }
}
const alive = new Map<string, number>();
let heapBytes = 0;
if (snap !== null) {
  const fields = snap.snapshot.meta.node_fields;
  const [typeI, nameI, sizeI] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = snap.snapshot.meta.node_types[0]!;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    heapBytes += snap.nodes[i + sizeI]!;
    if (types[snap.nodes[i + typeI]!] !== 'object') continue;
    const name = snap.strings[snap.nodes[i + nameI]!]!;
    // Instances of the rooms' leaf classes, connections and views (a parent class's name also
    // labels its subclasses' prototypes, so those are left out).
    if (/^(PracticeRoom|ChallengeRoom|ClassPairRoom|ClassRoom|WebSocketClient|StateView|RoundState)$/.test(name)) alive.set(name, (alive.get(name) ?? 0) + 1);
  }
}
const idle = rssKb(pid);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(scratch, { recursive: true, force: true });

console.log(`memory: ${PLAYERS} practice players (${values.scenario}, coach) for ${SECONDS} s: ${rounds} rounds finished, ${moves} moves judged`);
console.log(`  RSS   start ${mb(start.rss)}, peak ${mb(peak)} (${((peak - start.rss) / PLAYERS).toFixed(0)} KB a player), after everyone left ${mb(afterLeave.rss)}, idle after a full GC ${mb(idle)}`);
console.log(`  JS heap used: start ${start.health.memory.heapUsed} MB, after everyone left ${afterLeave.health.memory.heapUsed} MB (committed ${afterLeave.health.memory.heapTotal} MB); live objects after a full GC ${(heapBytes / 1e6).toFixed(0)} MB`);
console.log(`  still alive after everyone left: ${alive.size === 0 ? 'no room, client or view' : [...alive].map(([k, v]) => `${v} ${k}`).join(', ')}`);
