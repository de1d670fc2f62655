// The command-line simulator: both hosts played by the textbook bot through a lossy wire, printed
// as a ladder diagram in the manner of Wireshark's flow graph (Statistics → Flow Graph).
//   npm run simulate -- --seed 7 --loss 0.3 [--scenario active-close-client] [--profile linux]
//                       [--delay 300] [--jitter 0] [--dup 0.1] [--reorder 0.1] [--relative]
import { parseArgs } from 'node:util';
import { createRound } from '../shared/game/round.ts';
import { SCENARIOS } from '../shared/game/scenarios.ts';
import { endingOf, runWithTranscript } from '../shared/game/transcript.ts';
import type { FlightRecord, Round, StateChange } from '../shared/game/types.ts';
import type { Profile } from '../shared/tcp/config.ts';
import { flagsLabel, segmentLength } from '../shared/tcp/segment.ts';
import { seqDiff } from '../shared/tcp/seq.ts';
import type { TcpState } from '../shared/tcp/states.ts';
import { symmetricWire, SIDES, type Side } from '../shared/tcp/wire.ts';

const USAGE = `usage: npm run simulate -- [--seed N] [--loss P] [--delay MS] [--jitter MS] [--dup P] [--reorder P]
                            [--scenario ID] [--profile rfc9293|linux] [--relative]
  --seed      integer seed of the round (default 7)
  --loss      probability 0..1 that a segment is lost, each direction (default 0)
  --delay     one-way delay in ms, 0..60000 (default 300)
  --jitter    extra random delay in ms, 0..60000 (default 0)
  --dup       probability 0..1 that a segment is duplicated (default 0)
  --reorder   probability 0..1 that a segment is held back and overtaken (default 0)
  --scenario  one of: ${SCENARIOS.map((s) => s.id).join(', ')} (default active-close-client)
  --profile   rfc9293 or linux (default: the scenario's)
  --relative  print sequence numbers relative to each side's ISN, as Wireshark does`;

class UsageError extends Error {}

interface Options {
  seed: number;
  loss: number;
  delay: number;
  jitter: number;
  dup: number;
  reorder: number;
  scenario: string;
  profile: Profile | undefined;
  relative: boolean;
}

function numberFlag(name: string, raw: string | undefined, fallback: number, min: number, max: number, integer = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, not "${raw}"`);
  if (integer && !Number.isInteger(value)) throw new UsageError(`--${name} must be a whole number, not "${raw}"`);
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}, not ${raw}`);
  return value;
}

function parseOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        seed: { type: 'string' },
        loss: { type: 'string' },
        delay: { type: 'string' },
        jitter: { type: 'string' },
        dup: { type: 'string' },
        reorder: { type: 'string' },
        scenario: { type: 'string' },
        profile: { type: 'string' },
        relative: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const scenario = v.scenario ?? 'active-close-client';
  if (!SCENARIOS.some((s) => s.id === scenario)) throw new UsageError(`unknown scenario "${scenario}"; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  if (v.profile !== undefined && v.profile !== 'rfc9293' && v.profile !== 'linux') throw new UsageError(`--profile must be rfc9293 or linux, not "${v.profile}"`);
  return {
    seed: numberFlag('seed', v.seed, 7, -(2 ** 31), 2 ** 31 - 1, true),
    loss: numberFlag('loss', v.loss, 0, 0, 1),
    delay: numberFlag('delay', v.delay, 300, 0, 60_000),
    jitter: numberFlag('jitter', v.jitter, 0, 0, 60_000),
    dup: numberFlag('dup', v.dup, 0, 0, 1),
    reorder: numberFlag('reorder', v.reorder, 0, 0, 1),
    scenario,
    profile: v.profile,
    relative: v.relative ?? false,
  };
}

// ---- the ladder ----------------------------------------------------------------------

const STATE_W = 14;
const WIRE_W = 56;

const seconds = (ms: number): string => (ms / 1000).toFixed(3).padStart(9);
const col = (s: string, w: number): string => (s.length >= w ? s.slice(0, w) : s + ' '.repeat(w - s.length));

/** Each side's ISN: the sequence number of the first SYN it sent (Wireshark's relative numbers count from it). */
function isnOf(round: Round): Record<Side, number | null> {
  const isn: Record<Side, number | null> = { client: null, server: null };
  for (const f of round.flights) if (!f.injected && f.segment.flags.SYN && isn[f.from] === null) isn[f.from] = f.segment.seq;
  return isn;
}

function stateAt(states: readonly StateChange[], side: Side, conn: string, at: number): TcpState | null {
  let s: TcpState | null = null;
  for (const c of states) if (c.side === side && c.at <= at && (c.conn === conn || s === null)) s = c.to;
  return s;
}

function arrowLine(f: FlightRecord, round: Round, relative: boolean, isn: Record<Side, number | null>): string {
  const seg = f.segment;
  const peer: Side = f.from === 'client' ? 'server' : 'client';
  const ownIsn = relative && !f.injected ? isn[f.from] : null;
  const peerIsn = relative && !f.injected ? isn[peer] : null;
  const seq = ownIsn === null ? seg.seq : seqDiff(seg.seq, ownIsn);
  const ack = !seg.flags.ACK ? '—' : String(peerIsn === null ? seg.ack : seqDiff(seg.ack, peerIsn));
  const label = ` ${flagsLabel(seg.flags)} seq=${seq} ack=${ack} len=${seg.data.length} `;
  const fill = Math.max(2, WIRE_W - label.length - 3);
  const head = f.fate === 'lost' ? '✗' : f.from === 'client' ? '▶' : '◀';
  const body = f.from === 'client' ? '─' + label + '─'.repeat(fill) + '─' + head : head + '─' + '─'.repeat(fill) + label + '─';
  const notes: string[] = [];
  if (f.fate === 'lost') notes.push('✗ lost');
  else if (f.fate === 'arrived') notes.push(`arrives ${(f.arrivesAt / 1000).toFixed(3)}`);
  else notes.push('still in flight');
  if (f.rule?.startsWith('timer.retransmit')) notes.push('[retransmission]');
  if (f.duplicate) notes.push('[duplicate]');
  if (f.reordered) notes.push('[held back]');
  if (f.injected) notes.push(`[injected from ${seg.src}]`);
  if (segmentLength(seg) > 0 && seg.data.length > 0) notes.push(JSON.stringify(seg.data));
  const client = stateAt(round.states, 'client', round.hosts.client.peer, f.sentAt) ?? 'CLOSED';
  const server = stateAt(round.states, 'server', round.hosts.server.peer, f.sentAt) ?? 'CLOSED';
  return `${seconds(f.sentAt)}  ${col(client, STATE_W)}│${col(body, WIRE_W)}│ ${col(server, STATE_W)} ${notes.join(' ')}`;
}

function stateLine(c: StateChange): string {
  const text = `· ${c.from} → ${c.to}`;
  return c.side === 'client'
    ? `${seconds(c.at)}  ${col('', STATE_W)}│ ${col(text, WIRE_W - 1)}│ ${col('', STATE_W)} (client: ${c.rule})`
    : `${seconds(c.at)}  ${col('', STATE_W)}│${' '.repeat(WIRE_W)}│ ${col(text, STATE_W + 16)} (server: ${c.rule})`;
}

function ladder(round: Round, relative: boolean): string[] {
  const isn = isnOf(round);
  type Row = { at: number; order: number; index: number; text: string };
  const rows: Row[] = [];
  round.states.forEach((c, index) => rows.push({ at: c.at, order: 0, index, text: stateLine(c) }));
  round.flights.forEach((f, index) => rows.push({ at: f.sentAt, order: 1, index, text: arrowLine(f, round, relative, isn) }));
  rows.sort((a, b) => a.at - b.at || a.order - b.order || a.index - b.index);
  const s = round.hosts;
  const header = `${'time (s)'.padStart(9)}  ${col(`CLIENT ${s.server.peer}`, STATE_W + WIRE_W + 1)}SERVER ${s.client.peer}`;
  return [header, '─'.repeat(header.length + 8), ...rows.map((r) => r.text)];
}

function main(): number {
  let options: Options | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`simulate: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const o = options;
  const created = createRound({
    scenarioId: o.scenario,
    mode: 'consequences',
    seed: o.seed,
    controllers: { client: 'bot', server: 'bot' },
    personality: 'textbook',
    wire: symmetricWire({ delayMs: o.delay, jitterMs: o.jitter, loss: o.loss, duplicate: o.dup, reorder: o.reorder }),
    ...(o.profile ? { profile: o.profile } : {}),
  });
  if (!created.ok) {
    console.error(`simulate: ${created.rejection.detail}\n\n${USAGE}`);
    return 2;
  }
  const { round, transcript } = runWithTranscript(created.round);
  console.log(
    `TCP Dojo simulator: scenario ${o.scenario}, seed ${o.seed}, profile ${round.hosts.client.host.config.profile}, ` +
      `loss ${o.loss}, delay ${o.delay} ms, jitter ${o.jitter} ms, dup ${o.dup}, reorder ${o.reorder}${o.relative ? ', relative sequence numbers' : ''}`,
  );
  console.log('');
  for (const line of ladder(round, o.relative)) console.log(line);
  console.log('');
  const flights = round.flights.filter((f) => !f.injected);
  for (const side of SIDES) {
    const mine = flights.filter((f) => f.from === side);
    const lost = mine.filter((f) => f.fate === 'lost').length;
    const re = mine.filter((f) => f.rule?.startsWith('timer.retransmit')).length;
    const dup = mine.filter((f) => f.duplicate).length;
    const peer: Side = side === 'client' ? 'server' : 'client';
    const t = transcript[peer];
    console.log(
      `${col(side, 7)}: ${mine.length} segments (${lost} lost, ${re} retransmissions, ${dup} wire duplicates); ` +
        `${side}→${peer} bytes delivered ${t.delivered.length}/${transcript[side].sent.length} ${JSON.stringify(t.delivered)}; connection ${endingOf(round, side)}`,
    );
  }
  console.log(`end: ${round.endReason ?? 'not finished'} at ${((round.endedAt ?? round.now) / 1000).toFixed(3)} s`);
  return 0;
}

process.exitCode = main();
