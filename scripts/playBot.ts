// A program that plays one host of a practice round over WebSockets, as an outside tester's would
// (README "Playing from a program"). It joins a `practice` room with @colyseus/sdk, reads its
// host's view from the entries of `state.views.get(side).entries` with ViewReader, answers each
// decision from what the view shows, and prints each decision and its verdict on one line.
//   npm run bot -- [--url http://localhost:2567] [--scenario handshake] [--role client|server]
//                  [--mode coach|consequences] [--personality textbook] [--profile rfc9293|linux]
// The TCP that answers is the test suite's independent one (test/support/independentTcp.ts, through
// modelHost.ts): written from RFC 9293 apart from the game's engine and judge, fed only the view.
// Where the coach refuses a move, the program asks for a hint and sends the move it shows (3 points).
import { parseArgs } from 'node:util';
import { Client, type Room } from '@colyseus/sdk';
import { ViewReader, type EntryMap } from '../shared/game/viewEntries.ts';
import type { DecisionPrompt, DecisionView, RoundView } from '../shared/game/views.ts';
import type { HintMessage, NoticeMessage, SeatMessage, VerdictMessage } from '../server/rooms/protocol.ts';
import type { RoomSettingsView } from '../server/rooms/roomSettings.ts';
import type { ProtocolError } from '../server/validate.ts';
import type { Move, ProposedSegment } from '../shared/game/move.ts';
import type { Side } from '../shared/tcp/wire.ts';
import { ModelHost } from '../test/support/modelHost.ts';
import type { Answer } from '../test/support/independentTcp.ts';

export interface PlayOptions {
  /** The game server: http://host:port (the SDK opens ws://host:port). */
  url: string;
  scenarioId: string;
  role: Side;
  mode?: 'coach' | 'consequences';
  personality?: 'textbook' | 'forgetful' | 'rude' | 'flooder';
  profile?: 'rfc9293' | 'linux';
  name?: string;
  /** Where each decision's line goes (default: stdout). */
  print?: (line: string) => void;
  /** Give up (and reject) when the round has not ended after this many real ms (default 10 minutes). */
  timeoutMs?: number;
}

/** One decision as the program played it, with the verdict it got. */
export interface PlayedDecision {
  decisionId: number;
  at: number;
  prompt: DecisionPrompt;
  move: Move;
  why: string;
  /** Right at the first try (the try a decision is scored on). */
  correct: boolean;
  /** What it earned, a hint's cost taken off. */
  points: number;
  /** A hint was taken after the coach refused the move. */
  hinted: boolean;
}

export interface PlayResult {
  roomId: string;
  roundId: string;
  side: Side;
  endReason: string | null;
  decisions: PlayedDecision[];
  /** The round's end as the view shows it. */
  view: RoundView;
}

/** What the program reads of the room's public state (server/rooms/roundState.ts). */
interface PublicState {
  phase: string;
  roundId: string;
  settings: string;
  /** Absent until the first state arrives. */
  views?: { get(side: string): { entries: EntryMap } | undefined };
}

const FLAGS = ['SYN', 'ACK', 'FIN', 'RST'] as const;

function segmentText(s: Pick<ProposedSegment, 'flags' | 'seq' | 'ack' | 'data'>): string {
  const flags = FLAGS.filter((f) => s.flags[f]).join(',');
  return `<${flags}${flags && s.data ? ',' : ''}${s.data ? 'DATA' : ''} seq=${s.seq}${s.flags.ACK ? ` ack=${s.ack}` : ''}${s.data ? ` len=${s.data.length}` : ''}>`;
}

export function moveText(m: Move): string {
  return `${m.state}${m.segments.length === 0 ? ' (wait)' : ` ${m.segments.map(segmentText).join(' ')}`}`;
}

export function promptText(p: DecisionPrompt): string {
  switch (p.kind) {
    case 'segment-arrived':
      return `${segmentText(p)} arrived from ${p.from}`;
    case 'app-call':
      return `the application calls ${p.call}()${p.data ? ` with ${p.data.length} bytes` : ''}`;
    case 'timer-expired':
      return `${p.timer ? `the ${p.timer.kind}` : 'a'} timer expired`;
  }
}

/** Plays one practice round to its end; resolves with every decision and its verdict. */
export async function playPractice(options: PlayOptions): Promise<PlayResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const client = new Client(options.url);
  const room: Room = await client.create('practice', {
    scenarioId: options.scenarioId,
    role: options.role,
    mode: options.mode ?? 'coach',
    personality: options.personality ?? 'textbook',
    ...(options.profile ? { profile: options.profile } : {}),
    name: options.name ?? 'playBot',
  });
  const state = (): PublicState => room.state as PublicState;
  const reader = new ViewReader<RoundView>();
  const played = new Map<number, PlayedDecision>();
  let side: Side | null = null;
  let host: ModelHost | null = null;

  return new Promise<PlayResult>((resolve, reject) => {
    let over = false;
    const finish = (outcome: { ok: true; result: PlayResult } | { ok: false; error: Error }): void => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      void room.leave().then(
        () => (outcome.ok ? resolve(outcome.result) : reject(outcome.error)),
        () => (outcome.ok ? resolve(outcome.result) : reject(outcome.error)),
      );
    };
    const fail = (why: string): void => finish({ ok: false, error: new Error(`${options.scenarioId} as the ${options.role}: ${why} (decisions answered: ${played.size})`) });
    const timer = setTimeout(() => fail(played.size === 0 ? 'no decision ever showed in its view' : 'the round did not end in time'), options.timeoutMs ?? 600_000);

    const send = (decision: DecisionView, move: Move): void => room.send('move', { decisionId: decision.id, move });

    /** The view changed (a patch came): answer an open decision not answered yet, or stop at the end. */
    const look = (): void => {
      if (over || side === null) return;
      const view = reader.read(state().views?.get(side)?.entries);
      if (view === null) return;
      if (view.finished) {
        finish({ ok: true, result: { roomId: room.roomId, roundId: state().roundId, side, endReason: view.endReason, decisions: [...played.values()], view } });
        return;
      }
      const decision = view.decision;
      if (decision === null || played.has(decision.id)) return;
      // The profile (rfc9293 or linux) is one of the room's public settings.
      host ??= new ModelHost((JSON.parse(state().settings) as RoomSettingsView).profile === 'linux');
      const answer: Answer = host.answer(decision, view.hosts[side].queues ?? null);
      host.played(decision, answer, answer.move);
      played.set(decision.id, { decisionId: decision.id, at: decision.at, prompt: decision.prompt, move: answer.move, why: answer.why, correct: false, points: 0, hinted: false });
      send(decision, answer.move);
    };

    room.onMessage('seat', (m: SeatMessage) => {
      side = m.side;
      look();
    });
    room.onStateChange(look);
    room.onMessage('verdict', (m: VerdictMessage) => {
      const d = played.get(m.decisionId);
      if (!d) return fail(`a verdict for decision ${m.decisionId}, which it did not answer`);
      // A decision is scored on its first try: one the coach refused first is not right, whatever came after.
      d.correct = m.attempt === 1 && m.verdict.correct;
      d.points = m.points;
      const mark = d.hinted ? 'right with the hint' : m.verdict.correct ? 'right' : `WRONG (${m.verdict.fields.filter((f) => !f.ok).map((f) => f.field).join(', ')})`;
      print(`#${d.decisionId} at ${(d.at / 1000).toFixed(3)} s: ${promptText(d.prompt)} -> ${moveText(d.move)}: ${mark}, ${m.points} points  [${d.why}]`);
    });
    room.onMessage('refused', (m: VerdictMessage) => {
      // Coach mode: the move was wrong and nothing happened; the refusal names the fields and rules, not the answer.
      const d = played.get(m.decisionId);
      if (!d) return fail(`a refusal of decision ${m.decisionId}, which it did not answer`);
      print(`#${d.decisionId}: ${promptText(d.prompt)} -> ${moveText(d.move)}: refused by the coach (${m.verdict.fields.filter((f) => !f.ok).map((f) => `${f.field}: ${f.rule}`).join('; ')}); asking for a hint`);
      d.hinted = true;
      room.send('hint', {});
    });
    room.onMessage('hint', (m: HintMessage) => {
      const d = played.get(m.decisionId);
      if (!d) return;
      d.move = m.move;
      room.send('move', { decisionId: m.decisionId, move: m.move });
    });
    room.onMessage('error', (m: ProtocolError) => fail(`the room refused a "${m.type}" message: ${m.code} (${m.message})`));
    room.onMessage('notice', (_m: NoticeMessage) => {});
    room.onMessage('challenge-result', () => {});
    room.onLeave((code: number) => fail(`the room closed the connection (${code})`));
    look();
  });
}

const USAGE = `usage: npm run bot -- [--url URL] [--scenario ID] [--role client|server] [--mode coach|consequences]
                       [--personality textbook|forgetful|rude|flooder] [--profile rfc9293|linux]
  --url          the game server (default http://localhost:2567)
  --scenario     a scenario id, as in shared/game/scenarios.ts (default handshake)
  --role         the host this program plays; the bot plays the other (default client)
  --mode         coach (a wrong move is refused, try again) or consequences (default coach)
  --personality  the bot's (default textbook)
  --profile      the TCP the judge follows (default: the scenario's)`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      url: { type: 'string', default: 'http://localhost:2567' },
      scenario: { type: 'string', default: 'handshake' },
      role: { type: 'string', default: 'client' },
      mode: { type: 'string', default: 'coach' },
      personality: { type: 'string', default: 'textbook' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const oneOf = <T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
    if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
    throw new Error(`--${name} must be one of ${allowed.join(', ')}, not "${value}"\n${USAGE}`);
  };
  const result = await playPractice({
    url: values.url,
    scenarioId: values.scenario,
    role: oneOf('role', values.role, ['client', 'server'] as const)!,
    mode: oneOf('mode', values.mode, ['coach', 'consequences'] as const)!,
    personality: oneOf('personality', values.personality, ['textbook', 'forgetful', 'rude', 'flooder'] as const)!,
    ...(values.profile === undefined ? {} : { profile: oneOf('profile', values.profile, ['rfc9293', 'linux'] as const)! }),
  });
  const right = result.decisions.filter((d) => d.correct).length;
  console.log(`round over (${result.endReason}): ${right} of ${result.decisions.length} decisions right at the first try, ${result.view.hosts[result.side].score} points`);
  return right === result.decisions.length ? 0 : 1;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
