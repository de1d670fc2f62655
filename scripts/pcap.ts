// Real captures in and out.
//   npm run pcap -- export --scenario <id> --seed <n> [--loss <p>] [--profile rfc9293|linux]
//                          [--view client|server|wire] --out <file.pcap>
//   npm run pcap -- annotate <file.pcap|file.pcapng> [--profile linux|rfc9293] [--json]
import { createReadStream, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Annotator } from '../shared/annotate/annotator.ts';
import { captureSiteText, noteText, problemText } from '../shared/annotate/noteText.ts';
import type { AnnotatedSegment } from '../shared/annotate/types.ts';
import { createRound } from '../shared/game/round.ts';
import { SCENARIOS } from '../shared/game/scenarios.ts';
import { runWithTranscript } from '../shared/game/transcript.ts';
import { CAPTURE_POINTS, exportPcap, type CapturePoint } from '../shared/pcap/export.ts';
import { flightsOfRound } from '../shared/pcap/fromRound.ts';
import type { Profile } from '../shared/tcp/config.ts';
import { symmetricWire } from '../shared/tcp/wire.ts';

const USAGE = `usage:
  npm run pcap -- export --scenario ID --seed N [--loss P] [--profile rfc9293|linux] [--view client|server|wire] --out FILE.pcap
      a bot-vs-bot round as a pcap file (Ethernet, IPv4, TCP, correct checksums); --view is where the
      capture is taken: at the client, at the server (segments lost on the way absent), or on the wire (all; default)
      scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}
  npm run pcap -- annotate FILE [--profile linux|rfc9293] [--json]
      every TCP segment of a pcap or pcapng file with both endpoints' RFC 9293 states after it, and
      what the engine concluded; --json prints a JSON array, one object per segment in file order`;

class UsageError extends Error {}

function profileOf(raw: string | undefined, fallback: Profile | undefined): Profile | undefined {
  if (raw === undefined) return fallback;
  if (raw !== 'rfc9293' && raw !== 'linux') throw new UsageError(`--profile must be rfc9293 or linux, not "${raw}"`);
  return raw;
}

function numberOf(name: string, raw: string | undefined, fallback: number, min: number, max: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw new UsageError(`--${name} must be a${integer ? ' whole' : ''} number from ${min} to ${max}, not "${raw}"`);
  }
  return v;
}

function exportCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { scenario: { type: 'string' }, seed: { type: 'string' }, loss: { type: 'string' }, profile: { type: 'string' }, view: { type: 'string' }, out: { type: 'string' } },
  });
  const scenario = values.scenario;
  if (!scenario || !SCENARIOS.some((s) => s.id === scenario)) throw new UsageError(`--scenario must be one of: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  if (!values.out) throw new UsageError('--out FILE.pcap is required');
  const view = (values.view ?? 'wire') as CapturePoint;
  if (!CAPTURE_POINTS.includes(view)) throw new UsageError(`--view must be client, server or wire, not "${values.view}"`);
  const seed = numberOf('seed', values.seed, 1, -(2 ** 31), 2 ** 31 - 1, true);
  const loss = numberOf('loss', values.loss, 0, 0, 1, false);
  const profile = profileOf(values.profile, undefined);
  const base = SCENARIOS.find((s) => s.id === scenario)!;
  const created = createRound({
    scenarioId: scenario,
    mode: 'consequences',
    seed,
    controllers: { client: 'bot', server: 'bot' },
    personality: 'textbook',
    ...(loss > 0 ? { wire: symmetricWire({ ...base.wire.toServer, loss }) } : {}),
    ...(profile ? { profile } : {}),
  });
  if (!created.ok) throw new UsageError(created.rejection.detail);
  const { round } = runWithTranscript(created.round);
  const bytes = exportPcap(flightsOfRound(round), view);
  writeFileSync(values.out, bytes);
  const segments = round.flights.length;
  console.error(`pcap: ${scenario} (seed ${seed}, ${round.hosts.client.host.config.profile}) seen ${view === 'wire' ? 'on the wire' : `at the ${view}`}: ${segments} segments on the wire → ${values.out} (${bytes.length} bytes)`);
  return 0;
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function textRow(r: AnnotatedSegment): string {
  const [a, b] = r.endpoints;
  const arrow = r.src === a.endpoint ? '──▶' : '◀──';
  const what = `${r.flags.join(',') || '—'} seq=${r.seq}${r.flags.includes('ACK') ? ` ack=${r.ack}` : ''} len=${r.len}${r.arrived ? '' : ' ✗'}`;
  return `${pad(String(r.index), 6)} ${r.time.toFixed(6).padStart(11)}  ${pad(a.state, 12)} ${arrow} ${pad(what, 46)} ${pad(b.state, 12)} ${noteText(r.notes, 'en')}`;
}

async function annotateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { profile: { type: 'string' }, json: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('annotate takes one capture file');
  const profile = profileOf(values.profile, 'linux') ?? 'linux';
  const json = values.json ?? false;
  const annotator = new Annotator({ profile });
  let first = true;
  let stream = -1;
  const write = (rows: AnnotatedSegment[]): void => {
    let text = '';
    for (const r of rows) {
      if (json) {
        const { index, time, src, dst, flags, seq, ack, len, states, note } = r;
        text += `${first ? '' : ',\n'}${JSON.stringify({ index, time, src, dst, flags, seq, ack, len, states, note, stream: r.stream, arrived: r.arrived, capturedAt: r.captureSite.site })}`;
      } else {
        if (r.stream > stream) {
          stream = r.stream;
          text += `\n── connection ${r.stream}: client ${r.endpoints[0].endpoint}, server ${r.endpoints[1].endpoint}; ${captureSiteText(r.captureSite, 'en')}\n`;
        }
        text += textRow(r) + '\n';
      }
      first = false;
    }
    if (text) process.stdout.write(text);
  };
  if (json) process.stdout.write('[\n');
  const input = createReadStream(file, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of input) write(annotator.push(chunk as Uint8Array));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    console.error(`pcap: cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    return 1;
  }
  write(annotator.end());
  if (json) process.stdout.write(first ? ']\n' : '\n]\n');
  for (const p of annotator.problems.listed) console.error(`pcap: ${problemText(p, 'en')}`);
  for (const u of annotator.problems.unlisted()) console.error(`pcap: … and ${u.count} more packets with the same problem (${u.code})`);
  if (!json) console.error(`pcap: ${annotator.packets} packets, ${annotator.segments} TCP segments, ${annotator.streams} connections (${profile} profile)`);
  return annotator.format === null ? 1 : 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  try {
    if (command === 'export') return exportCommand(rest);
    if (command === 'annotate') return await annotateCommand(rest);
    if (command === '--help' || command === '-h' || command === 'help') {
      console.log(USAGE);
      return 0;
    }
    throw new UsageError(command ? `unknown command "${command}"` : 'a command is required');
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && 'code' in e && String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`pcap: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main();
