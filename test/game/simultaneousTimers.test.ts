/**
 * A listener whose two half-open connections' SYN-ACK timers run out at one instant (the flooder's
 * spoofed SYN and the old duplicate SYN of why-three arriving together on a jittery wire): the
 * player gets one decision per timer, each prompt naming its own connection's SYN-ACK, and each
 * answered right by resending that one SYN-ACK. Before, one decision wanted both SYN-ACKs while its
 * prompt named one.
 */
import { describe, expect, it } from 'vitest';
import type { RoundSettings } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from './play.ts';

const JITTERY: Partial<RoundSettings> = { seed: 100, personality: 'flooder', profile: 'linux', wire: symmetricWire({ delayMs: 300, loss: 0.3, duplicate: 0.2, reorder: 0.2 }) };

describe('LISTEN with two SYN-RECEIVED children whose SYN-ACK timers expire together', () => {
  it('each timer is a decision of its own, and the right answer resends exactly the SYN-ACK its prompt names', () => {
    const timers: { at: number; remote: string; resend: number; expected: number }[] = [];
    const round = playAgainstBot(startRound('why-three', 'server', JITTERY), 'server', (r) => {
      const d = roundView(r, 'server').decision!;
      if (d.prompt.kind !== 'timer-expired' || d.prompt.timer?.kind !== 'retransmission') return;
      const expected = r.hosts.server.decision!;
      timers.push({ at: d.at, remote: d.tcb.remote, resend: d.prompt.timer.segment.ack, expected: expected.id });
    });
    const sameInstant = timers.filter((t) => timers.some((u) => u !== t && u.at === t.at));
    expect(sameInstant.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sameInstant.map((t) => t.remote)).size).toBe(sameInstant.length);
    for (const t of sameInstant) {
      const record = round.decisions.find((x) => x.id === t.expected)!;
      expect(record.expected.segments.map((s) => [s.flags.SYN && s.flags.ACK, s.ack])).toEqual([[true, t.resend]]);
      expect(record.verdict.correct).toBe(true);
    }
  });
});
