// `node bench/heapRooms.ts [--rooms 500] [--scenario active-close-client]`: where a practice room's
// memory goes. A figure, not a test; run it under the machine's bench lock.
//
// It starts `node server/main.ts` as bench:load runs it (--node-flags: more flags for it), takes a heap snapshot of the idle server,
// then opens --rooms practice rooms as the load test's players do (bench/load/dojo-practice.mjs:
// coach mode, the textbook bot, one human each), waits until every player's view shows its first
// decision (mid-round, the world waiting), reads the server's RSS (the load test's "joined" figure)
// and takes a second snapshot. Then, per room: its retained size, split by the room's own fields
// (what only that room holds), what each kind of object the room does not dominate adds
// (connections, sockets, views: held from elsewhere too), and the live heap that grew per room by
// constructor. Snapshots are written to a scratch directory and deleted.
import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, type Room } from '@colyseus/sdk';
import { ViewReader } from '../shared/game/viewEntries.ts';
import { HeapSnapshot } from './heapSnapshot.ts';
import { freePort, rssKb, startServer } from './proc.ts';

const { values } = parseArgs({ options: { rooms: { type: 'string', default: '500' }, scenario: { type: 'string', default: 'active-close-client' }, keep: { type: 'boolean', default: false }, depth: { type: 'string', default: '4' }, from: { type: 'string' }, 'node-flags': { type: 'string', default: '' } } });
const ROOMS = Number(values.rooms);
const DEPTH = Number(values.depth);
const ROOT = join(import.meta.dirname, '..');
const scratch = values.from ?? mkdtempSync(join(tmpdir(), 'tcp-dojo-heaprooms-'));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

interface Measured {
  idleFile: string;
  roomsFile: string;
  rss: string;
}

/** Start the server, fill it with rooms, snapshot it idle and full. */
async function measure(): Promise<Measured> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(ROOT, scratch, port, values['node-flags'].split(' ').filter(Boolean));
  const pid = server.pid!;
  interface Memory {
    rss: number;
    heapTotal: number;
    heapUsed: number;
    external: number;
  }
  const memory = async (): Promise<Memory> => ((await (await fetch(`${base}/api/health`)).json()) as { memory: Memory }).memory;
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
    if (i > 200) throw new Error('the server did not start');
    await sleep(100);
  }

  /** The last bytes of a file. */
  function tail(path: string): string {
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(64);
    const size = fstatSync(fd).size;
    const got = readSync(fd, buf, 0, 64, Math.max(0, size - 64));
    closeSync(fd);
    return buf.subarray(0, got).toString('latin1');
  }

  /** Ask for a snapshot and wait until the file is complete (its size stops changing). */
  async function snapshot(): Promise<string> {
    const before = new Set(readdirSync(scratch));
    server.kill('SIGWINCH');
    for (let i = 0; i < 1200; i++) {
      await sleep(500);
      const file = readdirSync(scratch).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
      if (file === undefined) continue;
      const path = join(scratch, file);
      const size = statSync(path).size;
      await sleep(1000);
      if (statSync(path).size === size && size > 0 && /\]\s*\}\s*$/.test(tail(path))) return path;
    }
    throw new Error('no heap snapshot');
  }

  const idleFile = await snapshot();
  const rssReady = rssKb(pid);
  const memReady = await memory();

  // The players: as bench/load/dojo-practice.mjs joins them.
  const rooms: Room[] = [];
  for (let i = 0; i < ROOMS; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, ROOMS - i) }, (_, j) =>
        new Client(base).create('practice', { scenarioId: values.scenario, role: 'client', mode: 'coach', personality: 'textbook', name: `load-${i + j}` }),
      ),
    );
    for (const room of batch) {
      rooms.push(room);
      for (const type of ['seat', 'notice', 'hint', 'verdict', 'error']) room.onMessage(type, () => undefined);
    }
  }
  const readers = rooms.map(() => new ViewReader<{ decision?: { id: number } | null }>());
  const atDecision = (room: Room, i: number): boolean => {
    try {
      const views = (room.state as { views?: Map<string, { entries?: never }> }).views;
      return Boolean(readers[i]!.read(views?.get('client')?.entries)?.decision);
    } catch {
      return false;
    }
  };
  for (let t = 0; !rooms.every(atDecision); t++) {
    if (t > 600) throw new Error(`only ${rooms.filter(atDecision).length} of ${rooms.length} players reached a decision`);
    await sleep(200);
  }
  const rssJoined = rssKb(pid);
  const memJoined = await memory();
  const roomsFile = await snapshot();
  const rssAfterGc = rssKb(pid);
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');

  await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const rss = `RSS: ready ${(rssReady / 1024).toFixed(0)} MB, joined ${(rssJoined / 1024).toFixed(0)} MB: ${((rssJoined - rssReady) / ROOMS).toFixed(1)} KB a room (a client); after the snapshot's full GC ${(rssAfterGc / 1024).toFixed(0)} MB; load average ${load}`;
  const grew = (k: keyof Memory): string => `${k} +${(((memJoined[k] - memReady[k]) * 1e6) / 1024 / ROOMS).toFixed(1)} KB`;
  return { idleFile, roomsFile, rss: `${rss}\nper room, as the process counts it (/api/health) at the same moments: ${(['rss', 'heapTotal', 'heapUsed', 'external'] as const).map(grew).join(', ')}` };
}

// --from DIR: analyse the two snapshots a --keep run left there (the idle one sorts first).
const kept = values.from ? readdirSync(values.from).filter((f) => f.endsWith('.heapsnapshot')).sort().map((f) => join(values.from!, f)) : [];
const { idleFile, roomsFile, rss } = values.from ? { idleFile: kept[0]!, roomsFile: kept[1]!, rss: '(RSS: not measured, snapshots from ' + values.from + ')' } : await measure();

// ---- analysis ----------------------------------------------------------------------------
function byConstructor(s: HeapSnapshot): Map<string, { count: number; self: number }> {
  const out = new Map<string, { count: number; self: number }>();
  for (let i = 0; i < s.count; i++) {
    if (s.idom[i] === -1 && i !== 0) continue; // unreachable
    const t = s.nodeType(i);
    const key = t === 'object' || t === 'native' ? s.nodeName(i) : `(${t})`;
    const e = out.get(key) ?? { count: 0, self: 0 };
    e.count += 1;
    e.self += s.selfSize[i]!;
    out.set(key, e);
  }
  return out;
}
function liveHeap(s: HeapSnapshot): number {
  let sum = 0;
  for (let i = 0; i < s.count; i++) if (s.idom[i] !== -1 || i === 0) sum += s.selfSize[i]!;
  return sum;
}

const idle = new HeapSnapshot(idleFile);
idle.analyse();
const idleHeap = liveHeap(idle);
const idleKinds = byConstructor(idle);
const snap = new HeapSnapshot(roomsFile);
snap.analyse();
const busyHeap = liveHeap(snap);

const roomNodes: number[] = [];
for (let i = 0; i < snap.count; i++) if (snap.nodeType(i) === 'object' && snap.nodeName(i) === 'PracticeRoom' && snap.firstEdge[i + 1]! - snap.firstEdge[i]! > 10) roomNodes.push(i);
const n = roomNodes.length;

// The room's own fields: the retained size of each field's value the room dominates.
const fields = new Map<string, number>();
let roomRetained = 0;
for (const r of roomNodes) {
  roomRetained += snap.retained[r]!;
  fields.set('(the room object itself)', (fields.get('(the room object itself)') ?? 0) + snap.selfSize[r]!);
  for (let j = snap.firstEdge[r]!; j < snap.firstEdge[r + 1]!; j++) {
    const to = snap.edgeTo[j]!;
    if (snap.idom[to] !== r) continue;
    const label = snap.edgeLabel(j);
    fields.set(label, (fields.get(label) ?? 0) + snap.retained[to]!);
  }
}

// Objects of these kinds not dominated by a room, with what they retain: per room.
const OWNERS = /^(WebSocketClient|WebSocket|Socket|StateView|Receiver|Sender|Deferred|ClientState|SeatReservation|IncomingMessage|ServerResponse|HTTPParser|TCP|Timeout|TimersList|ChangeTree)$/;
const owners = new Map<string, { count: number; retained: number }>();
const outside: number[] = [];
for (let i = 0; i < snap.count; i++) {
  if (snap.idom[i] === -1) continue;
  const name = snap.nodeName(i);
  if ((snap.nodeType(i) !== 'object' && snap.nodeType(i) !== 'native') || !OWNERS.test(name)) continue;
  // count it only at the top: not inside a room, nor inside another owner of the list
  let inside = false;
  for (let x = snap.idom[i]!; x > 0; x = snap.idom[x]!) {
    if (snap.nodeName(x) === 'PracticeRoom' || OWNERS.test(snap.nodeName(x))) {
      inside = true;
      break;
    }
  }
  if (inside) continue;
  const e = owners.get(name) ?? { count: 0, retained: 0 };
  e.count += 1;
  e.retained += snap.retained[i]!;
  owners.set(name, e);
  outside.push(i);
}

const table = (rows: [string, number][], limit = 25): void => {
  for (const [k, v] of rows.sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`| ${k} | ${kb(v)} |`);
};

console.log(`heapRooms: ${n} practice rooms (${values.scenario}, coach, textbook bot), every player at its first decision`);
console.log(rss);
console.log(`live heap: idle ${(idleHeap / 1e6).toFixed(1)} MB, with the rooms ${(busyHeap / 1e6).toFixed(1)} MB: ${kb((busyHeap - idleHeap) / n)} a room`);
console.log(`\nretained by a room (dominated by it): ${kb(roomRetained / n)}; by field:\n\n| field | per room |\n|---|---|`);
table([...fields].map(([k, v]) => [k, v / n]));
// Deeper: what the room dominates, by path of fields (up to --depth), where a part is worth 0.3 KB a room.
const acc = new Map<string, number>();
const walk = (node: number, path: string, depth: number): void => {
  if (depth === 0) return;
  for (let j = snap.firstEdge[node]!; j < snap.firstEdge[node + 1]!; j++) {
    const to = snap.edgeTo[j]!;
    if (snap.idom[to] !== node) continue;
    const label = snap.edgeLabel(j).replace(/^\[\d+\]$/, '[i]');
    const key = `${path}.${label} (${snap.nodeName(to).slice(0, 30) || snap.nodeType(to)})`;
    acc.set(key, (acc.get(key) ?? 0) + snap.retained[to]!);
    walk(to, key, depth - 1);
  }
};
for (const r of roomNodes) walk(r, 'room', DEPTH);
console.log(`\nwhat a room holds, by path (>= 0.3 KB a room):\n\n| path | per room |\n|---|---|`);
for (const [k, v] of [...acc].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (v / n >= 300) console.log(`| ${k} | ${kb(v / n)} |`);
console.log(`\nheld outside the rooms (not dominated by one), per room:\n\n| object | count | retained per room |\n|---|---|---|`);
for (const [k, v] of [...owners].sort((a, b) => b[1].retained - a[1].retained)) console.log(`| ${k} | ${v.count} | ${kb(v.retained / n)} |`);

acc.clear();
for (const o of outside) walk(o, snap.nodeName(o), 2);
console.log(`\nwhat those hold, by path (>= 0.3 KB a room):\n\n| path | per room |\n|---|---|`);
for (const [k, v] of [...acc].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (v / n >= 300) console.log(`| ${k} | ${kb(v / n)} |`);

// Everything else the rooms added: self sizes by the chain of dominators above each object (the
// nearest four with a name), idle snapshot subtracted.
function chains(s: HeapSnapshot, skip: (i: number) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 1; i < s.count; i++) {
    if (s.idom[i] === -1 || skip(i)) continue;
    const names: string[] = [];
    for (let x = i; x > 0 && names.length < 4; x = s.idom[x]!) {
      const t = s.nodeType(x);
      if (t === 'object' || t === 'native' || t === 'closure') names.push(s.nodeName(x).slice(0, 40) || t);
      else if (x === i) names.push(`(${t})`);
    }
    const key = names.join(' < ');
    out.set(key, (out.get(key) ?? 0) + s.selfSize[i]!);
  }
  return out;
}
const underRoomOrOwner = new Uint8Array(snap.count);
{
  const marks = new Set([...roomNodes, ...outside]);
  for (let i = 1; i < snap.count; i++) {
    if (snap.idom[i] === -1) continue;
    for (let x = i; x > 0; x = snap.idom[x]!) {
      if (marks.has(x)) {
        underRoomOrOwner[i] = 1;
        break;
      }
    }
  }
}
const restNow = chains(snap, (i) => underRoomOrOwner[i] === 1);
const restIdle = chains(idle, () => false);
const rest = [...restNow].map(([k, v]) => [k, (v - (restIdle.get(k) ?? 0)) / n] as [string, number]).filter(([, v]) => Math.abs(v) >= 200);
console.log(`\nthe rest of the heap's growth (not under a room or the objects above), by dominator chain (>= 0.2 KB a room):\n\n| chain | per room |\n|---|---|`);
table(rest, 40);

const kinds = byConstructor(snap);
const growth: [string, number, number][] = [];
for (const [k, v] of kinds) {
  const before = idleKinds.get(k) ?? { count: 0, self: 0 };
  growth.push([k, (v.count - before.count) / n, (v.self - before.self) / n]);
}
console.log(`\nlive heap grown per room, by constructor (self sizes):\n\n| constructor | objects per room | bytes per room |\n|---|---|---|`);
for (const [k, c, b] of growth.sort((a, b) => b[2] - a[2]).slice(0, 40)) console.log(`| ${k} | ${c.toFixed(1)} | ${kb(b)} |`);

if (values.keep || values.from) console.log(`\nsnapshots kept in ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
process.exit(0);
