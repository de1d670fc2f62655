/**
 * "Connection refused" is two rules in two sections of RFC 9293: the side with no listener answers
 * the SYN from state CLOSED (§3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>), and the client
 * in SYN-SENT accepts that RST because it acknowledges its SYN, then deletes the TCB and enters
 * CLOSED (§3.10.7.3, "If the ACK was acceptable, then signal to the user 'error: connection
 * reset'"). Each side's mistake is explained by the section that governs that side.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../shared/rules/catalogue.ts';
import { wrongTry } from './play.ts';

describe('connection refused', () => {
  it('the client that stays in SYN-SENT at the RST is told by the SYN-SENT rule, RFC 9293 §3.10.7.3', () => {
    const tried = wrongTry('connection-refused', 'client', (d) => (d.prompt.kind === 'segment-arrived' && d.prompt.flags.RST ? { state: 'SYN-SENT', segments: [] } : null));
    expect(tried).not.toBeNull();
    expect(tried!.right).toEqual({ state: 'CLOSED', segments: [] });
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'CLOSED', got: 'SYN-SENT', rule: 'open.syn-sent-rst-refused' })]);
    expect(RULES['open.syn-sent-rst-refused'].section).toBe('RFC 9293 §3.10.7.3');
  });

  it('the side with no listener that gets its RST\'s acknowledgment number wrong is told by the CLOSED rule, RFC 9293 §3.10.7.1', () => {
    const tried = wrongTry('connection-refused', 'server', (_d, right) => {
      const rst = right.segments[0];
      return rst?.flags.RST ? { ...right, segments: [{ ...rst, ack: rst.ack + 1 }] } : null;
    });
    expect(tried).not.toBeNull();
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'ack', rule: 'open.refused-rst' })]);
    expect(RULES['open.refused-rst'].section).toBe('RFC 9293 §3.10.7.1');
    // Each text speaks of its own side: the reply's numbers, and the client's reaction.
    expect(RULES['open.refused-rst'].en.explanation).toContain('<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>');
    expect(RULES['open.syn-sent-rst-refused'].en.explanation).toContain('delete the TCB, enter CLOSED');
    expect(RULES['open.syn-sent-rst-refused'].zh.explanation).toContain('删除 TCB，进入 CLOSED');
  });
});
