/**
 * When a scenario's application calls (AppStep): each step waits for its condition, then `afterMs`
 * counted from the moment the condition was met. "close, 400 ms after established" leaves the
 * connection open 400 ms however long the handshake took; the round wakes at that moment.
 */
import { describe, expect, it } from 'vitest';
import { createRound, hintFor, nextEventAt, replayRound, runToEnd, stepRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Round, RoundEvent } from '../../shared/game/types.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { ROUND_BEFORE_AFTER_MS_RULE } from '../support/roundBeforeAfterMsRule.ts';

function start(scenarioId: string, human: Side): Round {
  const controllers = { client: human === 'client' ? 'human' : 'bot', server: human === 'server' ? 'human' : 'bot' } as const;
  const made = createRound({ scenarioId, mode: 'coach', seed: 11, controllers, personality: 'textbook' });
  if (!made.ok) throw new Error(made.rejection.detail);
  return made.round;
}

/** `human` plays by the book, answering each decision `thinkMs` after it opened; the world does not wait meanwhile (a real-time duel). */
function playInRealTime(scenarioId: string, human: Side, thinkMs: number): Round {
  let r = start(scenarioId, human);
  const step = (e: RoundEvent): void => {
    const res = stepRound(r, e);
    if (!res.ok) throw new Error(res.rejection.detail);
    r = res.round;
  };
  for (let i = 0; i < 2_000 && !r.finished; i++) {
    const d = r.hosts[human].decision;
    if (d && r.now >= d.at + thinkMs) step({ kind: 'move', at: r.now, side: human, decisionId: d.id, move: hintFor(r, human)! });
    else step({ kind: 'advance', at: Math.min(nextEventAt(r) ?? Infinity, d ? d.at + thinkMs : Infinity, 900_000) });
  }
  return r;
}

/** When `side`'s connection became ESTABLISHED. */
const establishedAt = (r: Round, side: Side): number | undefined => r.states.find((s) => s.side === side && s.to === 'ESTABLISHED')?.at;
/** When `side`'s application made its first call of this kind (a call that asks its TCP for a segment is a decision). */
const calledAt = (r: Round, side: Side, call: string): number | undefined => r.decisions.find((d) => d.side === side && d.event.kind === call)?.event.at;

describe('close is called afterMs after the connection is established, not earlier', () => {
  it('handshake: the client is ESTABLISHED at 0.6 s and calls close() at 1.0 s; its FIN leaves then, not with the handshake\'s ACK', () => {
    const r = runToEnd(start('handshake', 'client'));
    expect(establishedAt(r, 'client')).toBe(600);
    expect(calledAt(r, 'client', 'close')).toBe(1_000);
    const fromClient = r.flights.filter((f) => f.from === 'client').map((f) => [f.sentAt, f.segment.flags.FIN]);
    expect(fromClient.slice(0, 3)).toEqual([[0, false], [600, false], [1_000, true]]);
  });

  it('a player who takes 250 ms over each decision, the world not waiting (a real-time duel): ESTABLISHED at 1.1 s, close() at 1.5 s, not at once', () => {
    const r = playInRealTime('handshake', 'client', 250);
    expect(establishedAt(r, 'client')).toBe(1_100);
    expect(calledAt(r, 'client', 'close')).toBe(1_500);
  });

  it('the round wakes exactly then: after ESTABLISHED the next instants are the ACK reaching the server (0.9 s) and the close (1.0 s)', () => {
    let r = start('handshake', 'server');
    const instants: number[] = [];
    for (let i = 0; i < 50 && calledAt(r, 'client', 'close') === undefined; i++) {
      const d = r.hosts.server.decision;
      const res = d ? stepRound(r, { kind: 'move', at: r.now, side: 'server', decisionId: d.id, move: hintFor(r, 'server')! }) : stepRound(r, { kind: 'advance', at: nextEventAt(r)! });
      if (!res.ok) throw new Error(res.rejection.detail);
      r = res.round;
      if (r.now > 600 && instants.at(-1) !== r.now) instants.push(r.now);
    }
    expect(instants).toEqual([900, 1_000]);
  });

  // Every scenario, each side whose application waits after its connection is established, played
  // by the book, the world waiting while the player thinks (practice, challenges, duels by default).
  const afterEstablished = SCENARIOS.flatMap((s) => SIDES.flatMap((side) => s.apps[side].filter((a) => a.when === 'established' && a.afterMs).map((a) => ({ scenario: s.id, side, call: a.call, afterMs: a.afterMs! }))));
  it('there are such steps in most scenarios (a test over none would prove nothing)', () => {
    expect(afterEstablished.length).toBeGreaterThanOrEqual(10);
  });
  for (const { scenario, side, call, afterMs } of afterEstablished) {
    for (const human of SIDES) {
      it(`${scenario}: the ${side}'s ${call}() comes ${afterMs} ms after it is ESTABLISHED (${human} played)`, () => {
        const r = runToEnd(start(scenario, human));
        expect(calledAt(r, side, call)! - establishedAt(r, side)!).toBe(afterMs);
      });
    }
  }
});

describe("a step with nothing to wait for ('start') counts its pause from the previous call", () => {
  it('active-close-server: the server sends its reply at 0.9 s and closes 100 ms later', () => {
    const r = runToEnd(start('active-close-server', 'server'));
    expect(calledAt(r, 'server', 'send')).toBe(900);
    expect(calledAt(r, 'server', 'close')).toBe(1_000);
  });

  it('simultaneous-close: the client closes 800 ms after ESTABLISHED (0.6 s), the server 500 ms after accept() (0.9 s): both at 1.4 s, and both FINs cross', () => {
    const r = runToEnd(start('simultaneous-close', 'client'));
    expect([calledAt(r, 'client', 'close'), calledAt(r, 'server', 'close')]).toEqual([1_400, 1_400]);
    for (const side of SIDES) expect(r.states.filter((s) => s.side === side).map((s) => s.to)).toContain('CLOSING');
  });
});

describe('a round stored before this rule', () => {
  const stored = ROUND_BEFORE_AFTER_MS_RULE;

  it('replays as it was played, scores and all, with the rule its settings name (the store\'s migration adds it)', () => {
    const r = replayRound({ ...stored.settings, afterMsFrom: 'previous-call' }, stored.log)!;
    expect({ client: r.hosts.client.score, server: r.hosts.server.score }).toEqual(stored.scores);
    expect(r.states.filter((s) => s.side === 'client').map((s) => `${s.to}@${s.at}`)).toEqual(stored.clientStates);
    expect(r.log).toEqual(stored.log);
  });

  it('would not replay under the new rule: its player answered close() at 1.5 s, before the call it answers (1.6 s)', () => {
    const r = replayRound(stored.settings, stored.log)!;
    expect(r.log.length).toBeLessThan(stored.log.length);
    expect(r.hosts.client.score).not.toBe(stored.scores.client);
  });
});
