/**
 * RFC 9293 §3.10.7.4, FIN-WAIT-1: "if the FIN segment is now acknowledged, then enter FIN-WAIT-2"
 * (CLOSING: TIME-WAIT; LAST-ACK: CLOSED). Only then. When the server closes right after sending its data, the client's ACK of that data
 * arrives in FIN-WAIT-1 without covering the FIN; a player who moves on to FIN-WAIT-2 (the source
 * article's close) is told why the state stays, not only that nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import { hintFor } from '../../shared/game/round.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import { roundView } from '../../shared/game/views.ts';
import { playAgainstBot, startRound } from './play.ts';

describe('FIN-WAIT-1: an ACK that does not cover our FIN', () => {
  it('keeps FIN-WAIT-1; answering FIN-WAIT-2 is wrong, and the verdict says the FIN is not acknowledged yet', () => {
    let early: number | null = null;
    const round = playAgainstBot(startRound('active-close-server', 'server'), 'server', () => {}, (r) => {
      const view = roundView(r, 'server');
      const d = view.decision!;
      const p = d.prompt;
      const right = hintFor(r, 'server')!;
      if (early !== null || d.tcb.state !== 'FIN-WAIT-1' || p.kind !== 'segment-arrived' || p.ack === d.tcb.sndNxt) return right;
      early = d.id;
      expect(right).toEqual({ state: 'FIN-WAIT-1', segments: [] });
      return { state: 'FIN-WAIT-2', segments: [] };
    });
    expect(early).not.toBeNull();
    const verdict = roundView(round, 'server').verdicts.find((v) => v.decisionId === early)!;
    expect(verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'FIN-WAIT-1', got: 'FIN-WAIT-2', rule: 'close.fin-not-acked-yet' })]);
    const rule = RULES['close.fin-not-acked-yet'];
    expect(rule.section).toBe('RFC 9293 §3.10.7.4');
    expect(rule.en.explanation).toContain('the FIN is still unacknowledged, so the state stays');
    expect(rule.zh.explanation).toContain('FIN 仍未被确认，所以状态不变');
  });

  it('the ACK that does cover the FIN still explains the move to FIN-WAIT-2 with its own rule', () => {
    let covering: number | null = null;
    const round = playAgainstBot(startRound('active-close-server', 'server'), 'server', () => {}, (r) => {
      const view = roundView(r, 'server');
      const d = view.decision!;
      const p = d.prompt;
      if (covering !== null || d.tcb.state !== 'FIN-WAIT-1' || p.kind !== 'segment-arrived' || p.ack !== d.tcb.sndNxt) return hintFor(r, 'server');
      covering = d.id;
      return { state: 'FIN-WAIT-1', segments: [] };
    });
    const verdict = roundView(round, 'server').verdicts.find((v) => v.decisionId === covering)!;
    expect(verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'FIN-WAIT-2', rule: 'close.fin-wait-1-ack' })]);
  });

  it('LAST-ACK (half-close, server): the ACK of the data sent before our FIN keeps LAST-ACK, and answering CLOSED is told the same rule', () => {
    let early: number | null = null;
    const round = playAgainstBot(startRound('half-close', 'server'), 'server', () => {}, (r) => {
      const view = roundView(r, 'server');
      const d = view.decision!;
      const p = d.prompt;
      const right = hintFor(r, 'server')!;
      if (early !== null || d.tcb.state !== 'LAST-ACK' || p.kind !== 'segment-arrived' || p.ack === d.tcb.sndNxt) return right;
      early = d.id;
      expect(right).toEqual({ state: 'LAST-ACK', segments: [] });
      return { state: 'CLOSED', segments: [] };
    });
    expect(early).not.toBeNull();
    const verdict = roundView(round, 'server').verdicts.find((v) => v.decisionId === early)!;
    expect(verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'LAST-ACK', got: 'CLOSED', rule: 'close.fin-not-acked-yet' })]);
  });
});
