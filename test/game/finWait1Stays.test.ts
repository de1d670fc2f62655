/**
 * RFC 9293 §3.10.7.4, FIN-WAIT-1: "if the FIN segment is now acknowledged, then enter FIN-WAIT-2".
 * Only then. When the server closes right after sending its data, the client's ACK of that data
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
    expect(verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'FIN-WAIT-1', got: 'FIN-WAIT-2', rule: 'close.fin-wait-1-fin-not-acked' })]);
    const rule = RULES['close.fin-wait-1-fin-not-acked'];
    expect(rule.section).toBe('RFC 9293 §3.10.7.4');
    expect(rule.en.explanation).toContain('stays in FIN-WAIT-1');
    expect(rule.zh.explanation).toContain('留在 FIN-WAIT-1');
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
});
