/**
 * A player who holds back an ACK (§3.8.6.3) is asked for it when its delayed-ACK timer runs out, and
 * that decision is about that connection alone: "the delayed-ACK timer fired, send the owed ACK".
 * Another connection's timer running out at the same instant (a flood's half-open SYN-ACK) is a
 * decision of its own, with its own prompt. Before, the delayed-ACK tick fired every due timer of the
 * host, so a prompt naming the delayed ACK wanted another connection's SYN-ACK resent.
 */
import { describe, expect, it } from 'vitest';
import { allowedFor, hintFor } from '../../shared/game/round.ts';
import type { RoundSettings } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from './play.ts';

const JITTERY = symmetricWire({ delayMs: 300, loss: 0.3, duplicate: 0.2, reorder: 0.2 });

/** The delayed-ACK decisions of a server that holds back every ACK it may, with what each wanted. */
function delayedAckDecisions(scenarioId: string, extra: Partial<RoundSettings>) {
  const asked: { at: number; remote: string; id: number }[] = [];
  const otherTimersAt = new Set<number>();
  const round = playAgainstBot(startRound(scenarioId, 'server', extra), 'server', (r) => {
    const d = roundView(r, 'server').decision!;
    if (d.prompt.kind !== 'timer-expired') return;
    if (d.prompt.timer?.kind === 'delayed-ack') asked.push({ at: d.at, remote: d.tcb.remote, id: d.id });
    else otherTimersAt.add(d.at);
  }, (r) => allowedFor(r, 'server')!.find((a) => a.kind === 'delayed-ack')?.move ?? hintFor(r, 'server'));
  return asked.map((a) => ({ ...a, together: otherTimersAt.has(a.at), record: round.decisions.find((x) => x.id === a.id)! }));
}

describe('ESTABLISHED with an ACK held back, and a half-open SYN-ACK timer due at the same instant', () => {
  it('the delayed-ACK decision wants exactly <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> on its connection; the SYN-ACK is a decision of its own', () => {
    const asked = delayedAckDecisions('abort-rst', { seed: 113, personality: 'flooder', profile: 'linux', wire: JITTERY });
    expect(asked.some((a) => a.together)).toBe(true);
    for (const a of asked) {
      expect(a.record.expected.segments.map((s) => `${s.flags.SYN ? 'SYN,' : ''}${s.flags.ACK ? 'ACK' : ''}`), `decision at ${a.at}`).toEqual(['ACK']);
      expect(a.record.verdict.correct).toBe(true);
    }
  });
});
