/**
 * LISTEN, the SYN queue full, on a stack with SYN cookies (the linux profile, tcp_syncookies = 1):
 * a SYN is answered with <SEQ=cookie><ACK=SEG.SEQ+1><CTL=SYN,ACK> and no TCB is kept (RFC 4987
 * §3.6). The cookie is the ISS the host's TCP just computed, so the decision tells its player: the
 * right SYN-ACK can be built from what the host knows, as every right answer can.
 */
import { describe, expect, it } from 'vitest';
import { predictDecision } from '../../shared/game/expected.ts';
import type { Move } from '../../shared/game/move.ts';
import type { RoundNotice } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { promptLines } from '../../client/net/decision.ts';
import { playAgainstBot, startRound } from './play.ts';

describe('LISTEN with a full SYN queue and SYN cookies: the SYN-ACK carries the cookie the decision shows', () => {
  it('every cookie SYN-ACK built from the decision alone (ISS = the cookie, ack = SEG.SEQ+1) is right at the first try', () => {
    const cookieDecisions: number[] = [];
    const verdicts: Extract<RoundNotice, { kind: 'verdict' }>[] = [];
    const round = playAgainstBot(
      startRound('syn-flood', 'server', { profile: 'linux' }),
      'server',
      () => {},
      (r): Move | null => {
        const slot = r.hosts.server;
        if (!predictDecision(slot, slot.decision!)?.expected.segments.some((s) => s.rule === 'open.syn-cookie')) return null;
        const d = roundView(r, 'server').decision!;
        if (d.prompt.kind !== 'segment-arrived') return null;
        expect(d.tcb.state).toBeNull();
        expect(d.tcb.iss).not.toBeNull();
        expect(d.yourIss).toBe(d.tcb.iss);
        expect(promptLines(roundView(r, 'server')).map((l) => l.key)).toContain('prompt.cookiePicked');
        cookieDecisions.push(d.id);
        return { state: 'LISTEN', segments: [{ flags: { SYN: true, ACK: true, FIN: false, RST: false }, seq: d.tcb.iss!, ack: (d.prompt.seq + 1) >>> 0, data: '' }] };
      },
      (notices) => verdicts.push(...notices.flatMap((n) => (n.kind === 'verdict' && cookieDecisions.includes(n.decisionId) ? [n] : []))),
    );
    expect(cookieDecisions.length).toBeGreaterThan(0);
    expect(verdicts.filter((v) => v.attempt === 1).every((v) => v.accepted && v.verdict.correct)).toBe(true);
    expect(round.endReason).toBe('complete');
  });
});
