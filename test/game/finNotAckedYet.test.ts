/**
 * RFC 9293 §3.10.7.4, FIN-WAIT-1: "if the FIN segment is now acknowledged, then enter FIN-WAIT-2"
 * (CLOSING: TIME-WAIT; LAST-ACK: CLOSED). Only then. When the server closes right after sending its data, the client's ACK of that data
 * arrives in FIN-WAIT-1 without covering the FIN; a player who moves on to FIN-WAIT-2 (the source
 * article's close) is told why the state stays, not only that nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../shared/rules/catalogue.ts';
import { wrongTry } from './play.ts';

describe('FIN-WAIT-1: an ACK that does not cover our FIN', () => {
  it('keeps FIN-WAIT-1; answering FIN-WAIT-2 is wrong, and the verdict says the FIN is not acknowledged yet', () => {
    const tried = wrongTry('active-close-server', 'server', (d) =>
      d.tcb.state === 'FIN-WAIT-1' && d.prompt.kind === 'segment-arrived' && d.prompt.ack !== d.tcb.sndNxt ? { state: 'FIN-WAIT-2', segments: [] } : null,
    );
    expect(tried).not.toBeNull();
    expect(tried!.right).toEqual({ state: 'FIN-WAIT-1', segments: [] });
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'FIN-WAIT-1', got: 'FIN-WAIT-2', rule: 'close.fin-not-acked-yet' })]);
    const rule = RULES['close.fin-not-acked-yet'];
    expect(rule.section).toBe('RFC 9293 §3.10.7.4');
    expect(rule.en.explanation).toContain('the FIN is still unacknowledged, so the state stays');
    expect(rule.zh.explanation).toContain('FIN 仍未被确认，所以状态不变');
  });

  it('the ACK that does cover the FIN still explains the move to FIN-WAIT-2 with its own rule', () => {
    const tried = wrongTry('active-close-server', 'server', (d) =>
      d.tcb.state === 'FIN-WAIT-1' && d.prompt.kind === 'segment-arrived' && d.prompt.ack === d.tcb.sndNxt ? { state: 'FIN-WAIT-1', segments: [] } : null,
    );
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'FIN-WAIT-2', rule: 'close.fin-wait-1-ack' })]);
  });

  it('LAST-ACK (half-close, server): the ACK of the data sent before our FIN keeps LAST-ACK, and answering CLOSED is told the same rule', () => {
    const tried = wrongTry('half-close', 'server', (d) =>
      d.tcb.state === 'LAST-ACK' && d.prompt.kind === 'segment-arrived' && d.prompt.ack !== d.tcb.sndNxt ? { state: 'CLOSED', segments: [] } : null,
    );
    expect(tried).not.toBeNull();
    expect(tried!.right).toEqual({ state: 'LAST-ACK', segments: [] });
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'LAST-ACK', got: 'CLOSED', rule: 'close.fin-not-acked-yet' })]);
  });
});
