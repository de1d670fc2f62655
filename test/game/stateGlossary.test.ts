/**
 * The state glossary (what each state means, how a connection gets there and leaves) and the quiz
 * over all eleven states built from it: complete in both languages, and true to the engine: every
 * state change the engine makes in any scenario is one the glossary describes.
 */
import { describe, expect, it } from 'vitest';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { STATE_GLOSSARY, stateQuizCards } from '../../shared/game/stateGlossary.ts';
import { TCP_STATES, type TcpState } from '../../shared/tcp/states.ts';

const CJK = /[\u4e00-\u9fff]/;

describe('the state glossary', () => {
  it('explains all eleven states, each with its meaning, ways in and ways out, in English and Chinese', () => {
    expect(Object.keys(STATE_GLOSSARY).sort()).toEqual([...TCP_STATES].sort());
    for (const state of TCP_STATES) {
      const e = STATE_GLOSSARY[state];
      expect(e.state).toBe(state);
      expect(e.enter.length).toBeGreaterThan(0);
      expect(e.leave.length).toBeGreaterThan(0);
      for (const text of [e.meaning, ...e.enter, ...e.leave]) {
        expect(text.en.length).toBeGreaterThan(5);
        expect(text['zh-CN']).toMatch(CJK);
      }
      // The meaning never gives the name away (the quiz asks for it).
      expect(e.meaning.en).not.toContain(state);
      expect(e.meaning['zh-CN']).not.toContain(state);
    }
  });

  it('teaches what the source article gets wrong: CLOSE-WAIT for the first FIN’s receiver, FIN-WAIT-2 after the ACK of our FIN, TIME-WAIT of 2×MSL', () => {
    expect(STATE_GLOSSARY['CLOSE-WAIT'].enter.map((e) => e.en).join(' ')).toContain('receives the first FIN');
    expect(STATE_GLOSSARY['FIN-WAIT-2'].enter.map((e) => e.en).join(' ')).toContain('FIN-WAIT-1 + the ACK of our FIN');
    expect(STATE_GLOSSARY['TIME-WAIT'].meaning.en).toContain('2×MSL');
    expect(STATE_GLOSSARY['TIME-WAIT'].meaning['zh-CN']).toContain('2×MSL');
  });

  it('describes every state change the engine makes, in every scenario: the way out of the old state and the way into the new one', () => {
    const seen = new Map<string, string>();
    for (const s of SCENARIOS) {
      for (const seed of [1, 7]) {
        const created = createRound({ scenarioId: s.id, mode: 'coach', seed, controllers: { client: 'bot', server: 'bot' }, personality: 'textbook' });
        if (!created.ok) throw new Error(created.rejection.detail);
        for (const c of runToEnd(created.round).states) {
          // A host that crashes forgets its connections: no TCP transition, nothing to describe.
          if (c.rule === 'abort.silent' || c.from === c.to) continue;
          seen.set(`${c.from}→${c.to}`, `${s.id} (${c.rule})`);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(15);
    for (const [pair, where] of seen) {
      const [from, to] = pair.split('→') as [TcpState, TcpState];
      const leave = STATE_GLOSSARY[from].leave.map((e) => e.en).join(' ');
      const enter = STATE_GLOSSARY[to].enter.map((e) => e.en).join(' ');
      expect(leave, `${pair} in ${where}: the way out of ${from}`).toContain(to);
      if (to !== 'CLOSED') expect(enter, `${pair} in ${where}: the way into ${to}`).toContain(from);
    }
  });
});

describe('the quiz over all eleven states', () => {
  it('has one card per state, whose right answer is that state, among four different states', () => {
    const cards = stateQuizCards();
    expect(cards.map((c) => c.id)).toEqual(TCP_STATES.map((s) => `state-${s}`));
    cards.forEach((card, i) => {
      const state = TCP_STATES[i] as TcpState;
      expect(card.choices).toHaveLength(4);
      expect(new Set(card.choices.map((c) => c.en)).size).toBe(4);
      expect(card.choices[card.answer]?.en).toBe(state);
      for (const c of card.choices) expect(TCP_STATES).toContain(c.en);
      expect(card.question.en).toContain(STATE_GLOSSARY[state].meaning.en);
      expect(card.question['zh-CN']).toMatch(CJK);
      // Chinese sets no space after its full stop: the meaning runs straight on into 进入：.
      expect(card.explanation['zh-CN']).toContain(`${STATE_GLOSSARY[state].meaning['zh-CN']}进入：`);
      expect(card.explanation['zh-CN']).not.toMatch(/。 /);
    });
    // The right answer is not always in the same place.
    expect(new Set(cards.map((c) => c.answer)).size).toBe(4);
  });
});
