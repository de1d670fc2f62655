/**
 * RFC 9293 §3.10.7.3, SYN-SENT, fifth: "if neither of the SYN or RST bits is set, then drop the
 * segment and return" — even an ACK that acknowledges our SYN. The lost SYN-ACK round brings one
 * (the server, in SYN-RECEIVED, answers the client's retransmitted SYN with an ACK). A player who
 * replies to it is told SYN-SENT's rule and section, not LISTEN's (§3.10.7.2).
 */
import { describe, expect, it } from 'vitest';
import type { Move } from '../../shared/game/move.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import { flags } from '../../shared/tcp/segment.ts';
import { wrongTry } from './play.ts';

describe('SYN-SENT: an ACK without SYN', () => {
  it('replying to it is wrong, and the verdict cites SYN-SENT\'s own rule, RFC 9293 §3.10.7.3', () => {
    const tried = wrongTry('lost-syn-ack', 'client', (d) => {
      const p = d.prompt;
      if (d.tcb.state !== 'SYN-SENT' || p.kind !== 'segment-arrived' || p.flags.SYN || p.flags.RST) return null;
      // What a player who answers every segment does: acknowledge it.
      const reply: Move = { state: 'SYN-SENT', segments: [{ flags: flags('ACK'), seq: d.tcb.sndNxt!, ack: p.seq, data: '' }] };
      return reply;
    });
    expect(tried).not.toBeNull();
    const verdict = tried!.verdict;
    expect(verdict.correct).toBe(false);
    expect(verdict.rules).toEqual(['open.syn-sent-stray-segment']);
    const rule = RULES['open.syn-sent-stray-segment'];
    expect(rule.section).toBe('RFC 9293 §3.10.7.3');
    expect(rule.en.title).toContain('SYN-SENT');
    expect(rule.zh.title).toContain('SYN-SENT');
    // LISTEN's rule no longer speaks for SYN-SENT.
    expect(RULES['open.listen-stray-segment'].en.explanation).not.toContain('SYN-SENT');
    expect(RULES['open.listen-stray-segment'].zh.explanation).not.toContain('SYN-SENT');
  });
});
