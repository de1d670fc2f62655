/**
 * One round played by the independent TCP (independentTcp.ts) against the bot, answering only from
 * what the player's view shows. Where RFC 9293 allows more than one answer, the model may take the
 * other one (`otherAnswers`: a delayed ACK, no extra ACK or the seq-check reading in a simultaneous
 * open, a RST with or without ACK, CLOSED for a given-up half-open entry) and then goes on from
 * where that answer left it: the game must follow. Used by test/game/independentModel.test.ts, and
 * by its explorer (QA_SEEDS=…) for large sweeps.
 */
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Scenario } from '../../shared/game/scenario.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Round, RoundNotice, RoundSettings } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import type { Answer } from './independentTcp.ts';
import { ModelHost } from './modelHost.ts';
import { playAgainstBot, startRound } from '../game/play.ts';

export const fmt = (m: Move): string =>
  `${m.state} ${m.segments.map((s) => `<${(['SYN', 'ACK', 'FIN', 'RST'] as const).filter((b) => s.flags[b]).join(',')} seq=${s.seq}${s.flags.ACK ? ` ack=${s.ack}` : ''}${s.data ? ` "${s.data}"` : ''}>`).join(' ') || 'wait'}`;

/** The answers RFC 9293 allows besides the model's first choice, each with the move it makes. */
function otherAnswers(a: Answer): { name: string; move: Move }[] {
  const m = a.move;
  const out: { name: string; move: Move }[] = [];
  const only = m.segments.length === 1 ? m.segments[0]! : null;
  if (a.delayable && only) out.push({ name: 'delayed ACK', move: { state: m.state, segments: [] } });
  if (a.simultaneousSynAck && only) {
    out.push({ name: 'no extra ACK', move: { state: m.state, segments: [] } });
    out.push({ name: 'seq-check reading', move: { state: 'SYN-RECEIVED', segments: m.segments } });
  }
  if (a.activeReset) {
    out.push({
      name: 'RST with the ACK bit flipped',
      move: { state: m.state, segments: m.segments.map((s, i) => (a.activeReset![i] === undefined || a.activeReset![i] === null || !s.flags.RST ? s : { ...s, flags: { ...s.flags, ACK: !s.flags.ACK }, ack: s.flags.ACK ? 0 : a.activeReset![i]! })) },
    });
  }
  if (a.halfOpenGivenUp) out.push({ name: 'half-open entry CLOSED', move: { state: 'CLOSED', segments: [] } });
  return out;
}

export interface ModelRun {
  decisions: number;
  refused: string[];
  /** Which other answers the model took, by name. */
  others: Record<string, number>;
  /** The round played, to look into. */
  round: Round;
}

/** A small deterministic generator for the model's choices (not the round's). */
const chooser = (seed: number) => {
  let x = (seed * 2_654_435_761) >>> 0 || 1;
  return (): number => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
};

/**
 * The decisions where the judge refused the independent TCP's answer, each with the judge's right
 * answers. With `otherRate` > 0 the model takes one of the other allowed answers that often.
 */
export function playModel(scenarioId: string, human: Side, extra: Partial<RoundSettings>, otherRate = 0): ModelRun {
  const ours = new Map<number, Move>();
  const whys = new Map<number, string>();
  const host = new ModelHost((extra.profile ?? SCENARIOS.find((s) => s.id === scenarioId)!.profile) === 'linux');
  const others: Record<string, number> = {};
  const refused: string[] = [];
  const rand = chooser((extra.seed ?? 11) * 31 + (human === 'client' ? 1 : 2));
  const round = playAgainstBot(
    startRound(scenarioId, human, extra),
    human,
    () => {},
    (r) => {
      const view = roundView(r, human);
      const d = view.decision!;
      if (ours.has(d.id)) return null; // refused once: the engine's move carries the round on
      const answer = host.answer(d, view.hosts[human].queues ?? null);
      let move = answer.move;
      let why = answer.why;
      const alts = otherRate > 0 ? otherAnswers(answer) : [];
      if (alts.length > 0 && rand() < otherRate) {
        const alt = alts[Math.floor(rand() * alts.length)]!;
        move = alt.move;
        why = `${alt.name} (instead of ${fmt(answer.move)}: ${why})`;
        others[alt.name] = (others[alt.name] ?? 0) + 1;
      }
      host.played(d, answer, move);
      ours.set(d.id, move);
      whys.set(d.id, `${why}; prompt ${JSON.stringify(d.prompt)}; tcb ${JSON.stringify(d.tcb)}`);
      return move;
    },
    (notices: RoundNotice[]) => {
      for (const n of notices) {
        if (n.kind !== 'verdict' || n.side !== human || n.attempt !== 1 || n.accepted) continue;
        refused.push(`#${n.decisionId}: ours ${fmt(ours.get(n.decisionId)!)} (${whys.get(n.decisionId)}); judge ${n.verdict.allowed.map((a) => `${fmt(a.move)} [${a.rule}]`).join(' or ')}`);
      }
    },
  );
  if (!round.finished) refused.push('the round did not finish');
  return { decisions: ours.size, refused, others, round };
}

/** A stray segment put on the wire at `at` (game ms) by `from`'s side, with the real socket as its source. */
export interface Stray {
  at: number;
  from: Side;
  flags: ('SYN' | 'ACK' | 'FIN' | 'RST')[];
  seq: number;
  ack: number;
  /** Text the stray carries (none unless given). */
  data?: string;
}

/** The ISNs of a stray round (fixed, so a stray's numbers land where it is meant to). */
export const STRAY_ISS = { client: 1_000, server: 5_000 } as const;

let strays = 0;
/**
 * `base` with fixed ISNs (STRAY_ISS) and one stray segment more, registered as a scenario of its own
 * for the length of `run` (rounds find their scenario by id).
 */
export function withStray<T>(baseId: string, stray: Stray, run: (scenarioId: string) => T): T {
  const list = SCENARIOS as Scenario[];
  const base = list.find((s) => s.id === baseId)!;
  const id = `${baseId}+stray-${strays++}`;
  const injection = { ...stray, src: `${base.addresses[stray.from]}:${base.ports[stray.from]}`, data: stray.data ?? '', delayMs: 50 };
  list.push({ ...base, id, iss: STRAY_ISS, injections: [...base.injections, injection].sort((a, b) => a.at - b.at) });
  try {
    return run(id);
  } finally {
    list.splice(list.findIndex((s) => s.id === id), 1);
  }
}
