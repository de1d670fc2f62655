/**
 * The source article's ten interview questions are each taught by at least one level and asked by
 * at least one quiz card; the levels added for them (a fixed ISN, a random ISN, a half-close) are
 * bilingual, play to the end in either role with every move accepted in coach mode, and show what
 * they teach.
 */
import { describe, expect, it } from 'vitest';
import { ARTICLE_QUESTIONS } from '../../shared/game/articleQuestions.ts';
import { predict } from '../../shared/game/expected.ts';
import { correctMove } from '../../shared/game/judge.ts';
import { createRound, nextEventAt, stepRound } from '../../shared/game/round.ts';
import { findScenario, SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Round } from '../../shared/game/types.ts';
import { connectionTo } from '../../shared/tcp/host.ts';
import { TCP_STATES } from '../../shared/tcp/states.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';

const CJK = /[\u4e00-\u9fff]/;
const NEW_LEVELS = ['isn-fixed', 'isn-random', 'half-close'] as const;

/** A coached round with a person on `human`'s side who plays the engine's answer every time. */
function playedBy(scenarioId: string, human: Side, until: (r: Round) => boolean = () => false): { round: Round; refused: number; judged: number } {
  const created = createRound({ scenarioId, mode: 'coach', seed: 11, controllers: { client: human === 'client' ? 'human' : 'bot', server: human === 'server' ? 'human' : 'bot' }, personality: 'textbook' });
  if (!created.ok) throw new Error(created.rejection.detail);
  let round = created.round;
  let refused = 0;
  let judged = 0;
  for (let guard = 0; guard < 5_000 && !round.finished && !until(round); guard++) {
    const slot = round.hosts[human];
    const d = slot.decision;
    if (d) {
      const p = predict(slot.host, d.event, slot.peer);
      if (!p) throw new Error('a decision the engine cannot answer');
      const r = stepRound(round, { kind: 'move', at: round.now, side: human, decisionId: d.id, move: correctMove(p.expected) });
      if (!r.ok) throw new Error(r.rejection.detail);
      refused += r.notices.filter((n) => n.kind === 'verdict' && !n.accepted).length;
      judged += r.notices.filter((n) => n.kind === 'verdict' && n.accepted).length;
      round = r.round;
      continue;
    }
    const t = nextEventAt(round);
    const r = stepRound(round, { kind: 'advance', at: t ?? round.now + 1_000 });
    if (!r.ok) throw new Error(r.rejection.detail);
    round = r.round;
  }
  return { round, refused, judged };
}

function visited(scenarioId: string): Set<string> {
  const { round } = playedBy(scenarioId, 'client');
  return new Set([...round.states.map((s) => s.from), ...round.states.map((s) => s.to)]);
}

describe('the article’s ten questions', () => {
  it('each has a level and a quiz card, and every card named is in a level’s quiz', () => {
    expect(ARTICLE_QUESTIONS.map((q) => q.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const allCards = new Set(SCENARIOS.flatMap((s) => s.quiz.map((c) => c.id)));
    for (const q of ARTICLE_QUESTIONS) {
      expect(q.levels.length, `Q${q.n}`).toBeGreaterThan(0);
      expect(q.cards.length, `Q${q.n}`).toBeGreaterThan(0);
      for (const id of q.levels) expect(findScenario(id), `Q${q.n}: level ${id}`).toBeDefined();
      for (const id of q.cards) expect(allCards.has(id), `Q${q.n}: card ${id}`).toBe(true);
      const ownCards = new Set(q.levels.flatMap((id) => findScenario(id)?.quiz.map((c) => c.id) ?? []));
      expect(q.cards.some((id) => ownCards.has(id)), `Q${q.n}: a card in one of its own levels`).toBe(true);
      expect(q.question['zh-CN']).toMatch(CJK);
    }
  });

  it('Q10 (the meaning of each state): its levels pass all eleven states, and its quiz asks about every one', () => {
    const q10 = ARTICLE_QUESTIONS.find((q) => q.n === 10);
    const states = new Set(q10?.levels.flatMap((id) => [...visited(id)]));
    expect([...states].sort()).toEqual([...TCP_STATES].sort());
    const asked = findScenario('half-close')?.quiz.map((c) => c.id) ?? [];
    for (const s of TCP_STATES) expect(asked).toContain(`state-${s}`);
  });

  it('Q3 (what the handshake is for) has cards of its own on the handshake level', () => {
    const ids = findScenario('handshake')?.quiz.map((c) => c.id) ?? [];
    expect(ids).toEqual(expect.arrayContaining(['handshake-purpose-1', 'handshake-purpose-2']));
  });
});

describe('the levels added for them', () => {
  it.each(NEW_LEVELS)('%s has a bilingual title, goal and interview question, and offers both roles', (id) => {
    const s = findScenario(id);
    for (const text of [s?.title, s?.goal, s?.question]) {
      expect(text?.en.length).toBeGreaterThan(5);
      expect(text?.['zh-CN']).toMatch(CJK);
    }
    expect([...(s?.roles ?? [])].sort()).toEqual(['client', 'server']);
    expect(s?.quiz.length).toBeGreaterThan(0);
  });

  it.each(NEW_LEVELS.flatMap((id) => SIDES.map((side) => [id, side] as const)))('%s played as the %s: every engine answer accepted, the round completes', (id, side) => {
    const { round, refused, judged } = playedBy(id, side);
    expect(refused).toBe(0);
    expect(judged).toBeGreaterThan(3);
    expect(round.finished).toBe(true);
    expect(round.endReason).toBe('complete');
  });

  it('a fixed ISN: the old "DEL /" completes the handshake and reaches the server’s application; the real "GET /" is dropped as a duplicate', () => {
    const { round } = playedBy('isn-fixed', 'server', (r) => r.now >= 1_000);
    const peer = round.hosts.server.peer;
    const tcb = connectionTo(round.hosts.server.host, peer);
    expect(tcb?.delivered).toBe('DEL /');
    // The SYN-RECEIVED → ESTABLISHED step was taken on the old segment's arrival, before the client's ACK.
    const established = round.states.find((s) => s.side === 'server' && s.to === 'ESTABLISHED');
    const injected = round.flights.find((f) => f.injected);
    const clientAck = round.flights.find((f) => f.from === 'client' && !f.injected && f.segment.flags.ACK && !f.segment.flags.SYN);
    expect(established?.at).toBe(injected?.arrivesAt);
    expect(injected?.arrivesAt).toBeLessThan(clientAck?.arrivesAt ?? 0);
  });

  it('a random ISN: the same old segment is answered with an ACK and dropped, the blind RST is dropped silently, "GET /" gets through', () => {
    const { round } = playedBy('isn-random', 'server', (r) => r.now >= 1_300);
    const tcb = connectionTo(round.hosts.server.host, round.hosts.server.peer);
    expect(tcb?.delivered).toBe('GET /');
    expect(tcb?.state).toBe('ESTABLISHED');
    const [old, rst] = round.flights.filter((f) => f.injected);
    expect(old?.segment.data).toBe('DEL /');
    expect(rst?.segment.flags.RST).toBe(true);
    // The answer to the old segment: an ACK with the server's own numbers, not acknowledging 1006.
    const answer = round.decisions.find((d) => d.side === 'server' && d.event.kind === 'segment' && d.event.segment.data === 'DEL /');
    expect(answer?.move.segments).toHaveLength(1);
    expect(answer?.move.segments[0]?.flags).toMatchObject({ ACK: true, RST: false, SYN: false, FIN: false });
    expect(answer?.move.segments[0]?.ack).not.toBe(1_006);
    const toRst = round.decisions.find((d) => d.side === 'server' && d.event.kind === 'segment' && d.event.segment.flags.RST);
    expect(toRst?.move).toEqual({ state: 'ESTABLISHED', segments: [] });
  });

  it('a half-close: the server sends its reply from CLOSE-WAIT, the client acknowledges it from FIN-WAIT-2', () => {
    const { round } = playedBy('half-close', 'client');
    const closeWaitAt = round.states.find((s) => s.side === 'server' && s.to === 'CLOSE-WAIT')?.at ?? Infinity;
    const lastAckAt = round.states.find((s) => s.side === 'server' && s.to === 'LAST-ACK')?.at ?? -Infinity;
    const reply = round.flights.find((f) => f.from === 'server' && f.segment.data === '200 OK');
    expect(reply?.sentAt).toBeGreaterThanOrEqual(closeWaitAt);
    expect(reply?.sentAt).toBeLessThan(lastAckAt);
    const fw2 = round.states.find((s) => s.side === 'client' && s.to === 'FIN-WAIT-2')?.at ?? Infinity;
    const ackOfReply = round.decisions.find((d) => d.side === 'client' && d.event.kind === 'segment' && d.event.segment.data === '200 OK');
    expect(ackOfReply?.expected.state).toBe('FIN-WAIT-2');
    expect(ackOfReply?.at).toBeGreaterThanOrEqual(fw2);
  });
});
