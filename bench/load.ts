// `npm run bench:load`: the game against a bare Colyseus room, side by side, with the load-test
// harness of ../shared/perf (its README says how it measures). Figures, not assertions.
//
//   npm run bench:load                                   practice and duel, 200,1000,2000 clients, --repeat 3
//   npm run bench:load -- --clients 200 --repeat 1 --duration 10 --behaviours practice
//   npm run bench:load -- --profile 1000                 one practice run under --cpu-prof, its top functions
//   (--ramp S: seconds over which the clients join, default max(5, C/100); longer on a busy machine)
//   (--node-flags='--max-semi-space-size=4': more flags for the game server's node, to try them)
//
// The harness is read-only where it is shared: it is copied to $TMPDIR/tcp-dojo-perf and installed
// there once (npm ci). For each behaviour (bench/load/dojo-*.mjs: the harness's behaviours for the
// game's protocol) and each client count, the harness runs the bare room and the game alternately
// (`--compare`), each client sending 1 message a second, the server pinned to one core. The game
// runs as `npm run serve` would, bound to 127.0.0.1 (HOST), with the message limits raised so the
// load is not refused. At the end one table: the ratios the performance issue asks for, what a
// player downloads per move, and how loaded the machine was.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { replayRound } from '../shared/game/round.ts';
import type { RoundEvent, RoundSettings } from '../shared/game/types.ts';
import { scoreboard } from '../shared/game/views.ts';
import { serverNodeFlags } from './proc.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BEHAVIOURS = ['practice', 'duel'] as const;
type Behaviour = (typeof BEHAVIOURS)[number];

const { values: opts } = parseArgs({
  options: {
    clients: { type: 'string', default: '200,1000,2000' },
    repeat: { type: 'string', default: '3' },
    duration: { type: 'string', default: '20' },
    rate: { type: 'string', default: '1' },
    ramp: { type: 'string' },
    behaviours: { type: 'string', default: BEHAVIOURS.join(',') },
    harness: { type: 'string' },
    profile: { type: 'string' },
    'node-flags': { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log(readFileSync(import.meta.filename, 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}

/** The shared harness: --harness, TCP_DOJO_PERF_HARNESS, or ../shared/perf next to this checkout (or its worktree root). */
function harnessSource(): string {
  const candidates = [opts.harness, process.env['TCP_DOJO_PERF_HARNESS'], join(ROOT, '..', 'shared', 'perf'), join(ROOT, '..', '..', 'shared', 'perf')];
  for (const c of candidates) if (c && existsSync(join(c, 'run.mjs'))) return resolve(c);
  throw new Error('no load-test harness: pass --harness DIR or set TCP_DOJO_PERF_HARNESS (../shared/perf)');
}

/** A writable copy of the harness with its dependencies installed (once). */
function harnessCopy(): string {
  const source = harnessSource();
  const copy = join(tmpdir(), 'tcp-dojo-perf');
  mkdirSync(copy, { recursive: true });
  cpSync(source, copy, { recursive: true, filter: (p) => !/[/\\](node_modules|results)([/\\]|$)/.test(p.slice(source.length)) });
  const lock = join(copy, 'package-lock.json');
  const stamp = join(copy, 'node_modules', '.installed-lock');
  const installed = existsSync(stamp) && readFileSync(stamp, 'utf8') === readFileSync(lock, 'utf8');
  if (!installed) {
    console.error(`[bench:load] installing the harness in ${copy} (npm ci)`);
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: copy, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm ci failed in the harness copy');
    cpSync(lock, stamp);
  }
  return copy;
}

interface Aggregate {
  label: string;
  clients: number;
  runs: number;
  rttP99: number | null;
  patchP99: number | null;
  serverCpuPct: number | null;
  serverCpuUsPerMsg: number | null;
  rssMbPeak: number | null;
  errors: number;
  generatorsSaturated: boolean;
}
interface Run {
  label: string;
  clients: { requested: number };
  failed?: string;
  server: { rssKbPerClient: number | null; cpuUsPerMsg: number | null };
  /** The load generators' own lateness: how late their send timers fired (a busy generator reads replies late too). */
  generators?: { sendLagMs?: { p99: number | null } };
  machineCpu?: { idlePct: number | null; stealPct: number | null };
}
interface Report {
  aggregates: Aggregate[];
  runs: Run[];
}

/** What one behaviour's generators counted (bench/load/dojo-stats.mjs), summed over its files. */
interface Downloads {
  moves: number;
  patchBytes: number;
  messageBytes: number;
  stateBytes: number;
  clients: number;
  patches: number;
  movePatchP99: number | null;
}

function downloads(dir: string): Downloads {
  const out: Downloads = { moves: 0, patchBytes: 0, messageBytes: 0, stateBytes: 0, clients: 0, patches: 0, movePatchP99: null };
  const movePatch: number[] = [];
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    const s = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { clients: number; counts: { decisionsAnswered: number; bytes: Record<string, number>; frames: Record<string, number> }; samples: { movePatch: number[] } };
    out.moves += s.counts.decisionsAnswered;
    out.patchBytes += s.counts.bytes['patch'] ?? 0;
    out.messageBytes += s.counts.bytes['message'] ?? 0;
    out.stateBytes += s.counts.bytes['state'] ?? 0;
    out.patches += s.counts.frames['patch'] ?? 0;
    out.clients += s.clients;
    movePatch.push(...s.samples.movePatch);
  }
  movePatch.sort((a, b) => a - b);
  if (movePatch.length) out.movePatchP99 = movePatch[Math.min(movePatch.length - 1, Math.ceil(0.99 * movePatch.length) - 1)]!;
  return out;
}

/** What the game stored for the rounds played (every server run's database), and what replaying them costs. */
interface Stored {
  rounds: number;
  complete: number;
  /** Mean bytes per round: the result (settings, scores), the log of events, the judged decisions. */
  resultBytes: number;
  logBytes: number;
  decisionBytes: number;
  events: number;
  /** Replaying the stored logs: CPU µs per event, and rounds whose replay did not give the stored scores. */
  replayUsPerStep: number | null;
  replayMismatches: number;
}

function stored(dir: string): Stored {
  const out: Stored = { rounds: 0, complete: 0, resultBytes: 0, logBytes: 0, decisionBytes: 0, events: 0, replayUsPerStep: null, replayMismatches: 0 };
  const games: { settings: RoundSettings; log: RoundEvent[]; scores: unknown }[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.sqlite'))) {
    const db = new DatabaseSync(join(dir, f), { readOnly: true });
    try {
      for (const row of db.prepare('SELECT round_id, outcome, result_json, log_json FROM rounds').all() as { round_id: string; outcome: string; result_json: string; log_json: string }[]) {
        const decisions = db.prepare('SELECT coalesce(sum(length(verdict_json) + length(rule_ids) + length(player_name)), 0) AS n FROM decisions WHERE round_id = ?').get(row.round_id) as { n: number };
        out.rounds += 1;
        if (row.outcome === 'complete') out.complete += 1;
        out.resultBytes += row.result_json.length;
        out.logBytes += row.log_json.length;
        out.decisionBytes += decisions.n;
        const result = JSON.parse(row.result_json) as { settings: RoundSettings; scores: unknown };
        games.push({ settings: result.settings, log: JSON.parse(row.log_json) as RoundEvent[], scores: result.scores });
      }
    } finally {
      db.close();
    }
  }
  if (!out.rounds) return out;
  out.resultBytes /= out.rounds;
  out.logBytes /= out.rounds;
  out.decisionBytes /= out.rounds;
  const cpu = (): number => process.cpuUsage().user + process.cpuUsage().system;
  const t0 = cpu();
  for (const g of games) {
    const replayed = replayRound(g.settings, g.log);
    out.events += g.log.length;
    if (!replayed || JSON.stringify(scoreboard(replayed)) !== JSON.stringify(g.scores)) out.replayMismatches += 1;
  }
  out.replayUsPerStep = out.events ? (cpu() - t0) / out.events : null;
  out.events /= out.rounds;
  return out;
}

const median = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
const fmt = (x: number | null, digits = 1): string => (x === null ? '—' : x.toFixed(digits));
const ratio = (a: number | null, b: number | null): string => (a !== null && b !== null && b > 0 ? `${(a / b).toFixed(2)}×` : '—');

function gameCommand(dbDir: string, nodeFlags = ''): string {
  nodeFlags = `${opts['node-flags']} ${nodeFlags}`.trim();
  const env = [
    'HOST=127.0.0.1',
    'LOG_LEVEL=warn',
    `TCP_DOJO_DB=${dbDir}/dojo-{port}.sqlite`,
    // The load is 1 message a second per client: the per-client limits must not refuse it.
    'TCP_DOJO_MESSAGES_PER_SECOND=1000',
    'TCP_DOJO_MESSAGE_BURST=1000',
    'TCP_DOJO_MAX_MESSAGES_PER_SECOND=10000',
  ];
  // The young generation sized as package.json's start/serve run the server (README, what a player costs).
  return `${env.join(' ')} exec {node} ${serverNodeFlags(ROOT).join(' ')} ${nodeFlags} server/main.ts`;
}

function runHarness(harness: string, behaviour: Behaviour, clients: number, extra: { compare: boolean; repeat: number; nodeFlags?: string; label?: string }): { report: Report; stats: Downloads; rounds: Stored } {
  const work = join(tmpdir(), 'tcp-dojo-bench-load', `${behaviour}-${clients}-${Date.now()}`);
  const statsDir = join(work, 'stats');
  mkdirSync(statsDir, { recursive: true });
  const out = join(work, 'report.json');
  const args = [
    'run.mjs',
    ...(extra.compare ? ['--compare'] : []),
    '--clients', String(clients),
    '--rate', opts.rate!,
    ...(opts.ramp ? ['--ramp', opts.ramp] : []),
    '--duration', opts.duration!,
    '--repeat', String(extra.repeat),
    '--label', extra.label ?? `game-${behaviour}`,
    '--server-cwd', ROOT,
    '--server-cmd', gameCommand(work, extra.nodeFlags),
    '--behaviour', join(ROOT, 'bench', 'load', `dojo-${behaviour}.mjs`),
    '--out', out,
    '--quiet',
  ];
  console.error(`[bench:load] ${behaviour}, ${clients} clients${extra.compare ? ', against the bare room' : ''}, ${extra.repeat} run(s) each (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  const r = spawnSync(join(harness, 'node_modules', '.bin', 'node'), args, { cwd: harness, env: { ...process.env, DOJO_STATS_DIR: statsDir }, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(out)) throw new Error(`the harness wrote no report (exit ${r.status})`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  const stats = downloads(statsDir);
  const rounds = stored(work);
  rmSync(work, { recursive: true, force: true });
  return { report, stats, rounds };
}

function compare(harness: string): void {
  const counts = opts.clients!.split(',').map(Number).filter((n) => n > 0);
  const behaviours = opts.behaviours!.split(',').filter((b): b is Behaviour => (BEHAVIOURS as readonly string[]).includes(b));
  const repeat = Math.max(1, Number(opts.repeat));
  const rows: string[] = [];
  const storedRows: string[] = [];
  const loads: number[] = [];
  for (const behaviour of behaviours) {
    for (const clients of counts) {
      loads.push(loadavg()[0]!);
      const { report, stats, rounds } = runHarness(harness, behaviour, clients, { compare: true, repeat });
      storedRows.push(
        `| ${behaviour} | ${clients} | ${rounds.rounds} (${rounds.complete} complete) | ${fmt(rounds.resultBytes / 1024, 2)} + ${fmt(rounds.logBytes / 1024, 2)} + ${fmt(rounds.decisionBytes / 1024, 2)} KiB | ${fmt(rounds.events, 1)} | ${fmt(rounds.replayUsPerStep, 1)} µs | ${rounds.replayMismatches} |`,
      );
      loads.push(loadavg()[0]!);
      const bare = report.aggregates.find((a) => a.label === 'bare');
      const game = report.aggregates.find((a) => a.label !== 'bare');
      const kbPerClient = (label: (l: string) => boolean) => median(report.runs.filter((r) => !r.failed && label(r.label)).map((r) => r.server.rssKbPerClient));
      const bareKb = kbPerClient((l) => l === 'bare');
      const gameKb = kbPerClient((l) => l !== 'bare');
      const sendLag = (label: (l: string) => boolean) => median(report.runs.filter((r) => !r.failed && label(r.label)).map((r) => r.generators?.sendLagMs?.p99 ?? null));
      const idle = median(report.runs.filter((r) => !r.failed).map((r) => r.machineCpu?.idlePct ?? null));
      const perMove = (bytes: number) => (stats.moves ? bytes / stats.moves : null);
      rows.push(
        `| ${behaviour} | ${clients} | ${game?.runs ?? 0}+${bare?.runs ?? 0} | ${fmt(bare?.serverCpuUsPerMsg ?? null, 0)} / ${fmt(game?.serverCpuUsPerMsg ?? null, 0)} µs | **${ratio(game?.serverCpuUsPerMsg ?? null, bare?.serverCpuUsPerMsg ?? null)}** | ` +
          `${fmt(bareKb, 0)} / ${fmt(gameKb, 0)} KB | **${ratio(gameKb, bareKb)}** | ${fmt(bare?.rttP99 ?? null)} / ${fmt(game?.rttP99 ?? null)} ms (${ratio(game?.rttP99 ?? null, bare?.rttP99 ?? null)}) | ` +
          `${fmt(bare?.patchP99 ?? null, 0)} / ${fmt(game?.patchP99 ?? null, 0)} ms | ${fmt(stats.movePatchP99, 0)} ms | ${fmt(perMove(stats.patchBytes), 0)} + ${fmt(perMove(stats.messageBytes), 0)} B (${fmt(stats.moves ? stats.patches / stats.moves : null, 2)} patches) | ` +
          `${bare?.errors ?? '—'} / ${game?.errors ?? '—'} | ${fmt(sendLag((l) => l === 'bare'), 0)} / ${fmt(sendLag((l) => l !== 'bare'), 0)} ms | ${fmt(idle, 0)}%${bare?.generatorsSaturated || game?.generatorsSaturated ? ' (generators saturated)' : ''} |`,
      );
    }
  }
  console.log(`\nTCP Dojo vs a bare Colyseus room: ${opts.rate} msg/s per client, ${opts.duration} s, medians of ${repeat} run(s) each; ${cpus().length} CPUs, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs\n`);
  console.log('| rooms | clients | runs | server CPU per message, bare / game | game/bare | RSS per client, bare / game | game/bare | RTT p99, bare / game | patch p99, bare / game | move → patch p99 | downloaded per move: patches + messages | errors, bare / game | generators late, p99 bare / game | machine idle |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log('\nRounds the game stored during these runs (finished ones, and those the server saved at shutdown), replayed here from their logs:\n');
  console.log('| rooms | clients | rounds stored | per round: result + log + decisions | events per log | replay CPU per event | replays that disagree with the stored scores |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of storedRows) console.log(row);
}

/**
 * When the clients' messages stopped (s since the profile began): the last sample in a handler of
 * what the practice behaviour sends (a move, a hint, a rematch). The measured window is the
 * `--duration` seconds before it. (Leaving comes in as a message too, and is not in the window.)
 */
function lastMessageAt(file: string): number {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[]; samples: number[]; timeDeltas: number[] };
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const handlers = new Set(['onMove', 'onHint', 'onRematch']);
  const handling = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (handlers.has(byId.get(at)?.callFrame.functionName ?? '')) return true;
    return false;
  };
  let t = 0;
  let last = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (handling(p.samples[i]!)) last = t;
  }
  return last / 1e6;
}

function profile(harness: string, clients: number): void {
  const dir = join(tmpdir(), 'tcp-dojo-bench-load', `profile-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  runHarness(harness, 'practice', clients, { compare: false, repeat: 1, nodeFlags: `--cpu-prof --cpu-prof-dir=${dir}`, label: 'game-profiled' });
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!file) throw new Error('the server wrote no profile');
  const end = lastMessageAt(file);
  const from = Math.max(0, end - Number(opts.duration));
  console.log(`\nCPU profile of the game server, ${clients} practice clients, the measured window (${from.toFixed(1)}–${end.toFixed(1)} s): ${file}`);
  console.log(execFileSync(join(harness, 'node_modules', '.bin', 'node'), ['tools-cpuprofile.mjs', file, '--top', '12', '--from', from.toFixed(1), '--to', end.toFixed(1)], { cwd: harness, encoding: 'utf8' }));
}

const harness = harnessCopy();
if (opts.profile) profile(harness, Number(opts.profile));
else compare(harness);
