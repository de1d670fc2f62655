/**
 * An independent TCP (test/support/independentTcp.ts: written from RFC 9293, RFC 5961 and Linux's
 * behaviour, importing nothing of the engine or the judge) plays every scenario in both roles,
 * under both profiles, on the scenario's wire and on a jittery one (loss, copies, reordering) against
 * each bot personality, answering each decision from
 * what the player's view shows. A correct TCP's answer must be accepted at the first try: a
 * decision it loses names either a mistake of the model or a judge too strict for RFC 9293.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Move } from '../../shared/game/move.ts';
import type { RoundNotice, RoundSettings } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { symmetricWire, type Side } from '../../shared/tcp/wire.ts';
import { decide, type Known } from '../support/independentTcp.ts';
import { playAgainstBot, startRound } from './play.ts';

const fmt = (m: Move): string =>
  `${m.state} ${m.segments.map((s) => `<${(['SYN', 'ACK', 'FIN', 'RST'] as const).filter((b) => s.flags[b]).join(',')} seq=${s.seq}${s.flags.ACK ? ` ack=${s.ack}` : ''}${s.data ? ` "${s.data}"` : ''}>`).join(' ') || 'wait'}`;

/** The decisions where the judge refused the independent TCP's answer, each with the judge's right answers. */
function disagreements(scenarioId: string, human: Side, extra: Partial<RoundSettings>): { decisions: number; refused: string[] } {
  const ours = new Map<number, Move>();
  const whys = new Map<number, string>();
  const lastChallenge = new Map<string, number>();
  const held = new Map<string, NonNullable<Known['held']>>();
  const refused: string[] = [];
  const round = playAgainstBot(
    startRound(scenarioId, human, extra),
    human,
    () => {},
    (r) => {
      const view = roundView(r, human);
      const d = view.decision!;
      if (ours.has(d.id)) return null; // refused once: the engine's move carries the round on
      const panel = view.hosts[human];
      const known: Known = {
        prompt: d.prompt as Known['prompt'],
        tcb: d.tcb as Known['tcb'],
        yourIss: d.yourIss,
        ...(d.others ? { others: d.others as Known['others'] } : {}),
        queues: panel.queues ?? null,
        linux: (extra.profile ?? SCENARIOS.find((s) => s.id === scenarioId)!.profile) === 'linux',
        rcvWnd: 4_096,
        now: d.at,
        lastChallengeAckAt: lastChallenge.get(d.tcb.remote) ?? null,
        held: held.get(d.tcb.remote) ?? [],
        sentSynAcks: view.flights.filter((f) => f.from === human && f.flags.SYN && f.flags.ACK && f.dst).map((f) => ({ dst: f.dst!, seq: f.seq, ack: f.ack })),
      };
      const answer = decide(known);
      if (answer.challenge) lastChallenge.set(d.tcb.remote, d.at);
      if (answer.hold) held.set(d.tcb.remote, [...(held.get(d.tcb.remote) ?? []), answer.hold]);
      ours.set(d.id, answer.move);
      whys.set(d.id, `${answer.why}; prompt ${JSON.stringify(d.prompt)}; tcb ${JSON.stringify(d.tcb)}`);
      return answer.move;
    },
    (notices: RoundNotice[]) => {
      for (const n of notices) {
        if (n.kind !== 'verdict' || n.side !== human || n.attempt !== 1 || n.accepted) continue;
        refused.push(`#${n.decisionId}: ours ${fmt(ours.get(n.decisionId)!)} (${whys.get(n.decisionId)}); judge ${n.verdict.allowed.map((a) => `${fmt(a.move)} [${a.rule}]`).join(' or ')}`);
      }
    },
  );
  expect(round.finished).toBe(true);
  return { decisions: ours.size, refused };
}

const JITTERY = symmetricWire({ delayMs: 300, loss: 0.3, duplicate: 0.2, reorder: 0.2 });
/** To look further: QA_SEEDS=20 QA_BOT=flooder npx vitest run test/game/independentModel.test.ts (20 jittery seeds with that bot). */
const EXPLORE = Number(process.env['QA_SEEDS'] ?? 0);
const BOT = (process.env['QA_BOT'] ?? 'textbook') as RoundSettings['personality'];
const WIRES: [string, Partial<RoundSettings>][] = EXPLORE
  ? Array.from({ length: EXPLORE }, (_, i): [string, Partial<RoundSettings>] => [`${BOT} bot, jittery wire, seed ${100 + i}`, { seed: 100 + i, personality: BOT, wire: JITTERY }])
  : [
      ['textbook bot, its own wire', {}],
      ['textbook bot, jittery wire (seed 3)', { seed: 3, wire: JITTERY }],
      ['rude bot, jittery wire (seed 8)', { seed: 8, personality: 'rude', wire: JITTERY }],
      ['forgetful bot, jittery wire (seed 6)', { seed: 6, personality: 'forgetful', wire: JITTERY }],
      ['flooder bot, jittery wire (seed 5)', { seed: 5, personality: 'flooder', wire: JITTERY }],
    ];

describe('an independent TCP is right at the first try at every decision', () => {
  for (const scenario of SCENARIOS) {
    for (const profile of ['rfc9293', 'linux'] as const) {
      for (const [wireName, wire] of WIRES) {
        it(`${scenario.id}, ${profile}, ${wireName}: both roles`, () => {
          for (const side of ['client', 'server'] as const) {
            const { decisions, refused } = disagreements(scenario.id, side, { ...wire, profile });
            expect(decisions, `${side} decided`).toBeGreaterThan(0);
            expect(refused, `${side}`).toEqual([]);
          }
        });
      }
    }
  }
});
