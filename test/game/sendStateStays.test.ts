/**
 * RFC 9293 §3.10.2, SEND Call, ESTABLISHED STATE and CLOSE-WAIT STATE: "Segmentize the buffer and
 * send it with a piggybacked acknowledgment (acknowledgment value = RCV.NXT)". No change of state
 * is named, so the connection stays where it is: waiting for the data's ACK is no state, and
 * CLOSE-WAIT may still send, the peer's FIN having closed only the direction from the peer. A
 * learner who thinks send() moves the connection on is told that by the rule that says why the
 * state stays, data.send-state-stays, not by "Send data", which only says how the segment is
 * built. The calls that do change the state (connect, listen, close, abort, closing a listener)
 * keep the rule of their own transition. Which moves are right does not change.
 */
import { describe, expect, it } from 'vitest';
import { predict, predictDecision } from '../../shared/game/expected.ts';
import { judgeMove } from '../../shared/game/judge.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import { connectionTo } from '../../shared/tcp/host.ts';
import { CLIENT, SERVER, closeWait, established } from '../engine/builders.ts';
import { playAgainstBot, startRound, wrongTry } from './play.ts';

describe('the rule', () => {
  it('names the call, both states and RFC 9293 §3.10.2, in both languages', () => {
    const rule = RULES['data.send-state-stays'];
    expect(rule.section).toBe('RFC 9293 §3.10.2');
    expect(rule.en.title).toBe('send() does not change the state');
    expect(rule.en.explanation).toContain('A SEND in ESTABLISHED or CLOSE-WAIT only segmentizes the data and sends it');
    expect(rule.en.explanation).toContain('RFC 9293 names no change of state');
    expect(rule.en.explanation).toContain('CLOSE-WAIT may still send: the peer\'s FIN closed only the peer\'s direction');
    expect(rule.zh.title).toBe('send() 不会改变状态');
    expect(rule.zh.explanation).toContain('在 ESTABLISHED 或 CLOSE-WAIT 中执行 SEND，只是把数据分段发出');
    expect(rule.zh.explanation).toContain('RFC 9293 没有规定状态变化');
    expect(rule.zh.explanation).toContain('CLOSE-WAIT 也仍可发送：对端的 FIN 只关闭了从对端到本端的方向');
  });
});

describe('in a round against the bot (half-close)', () => {
  it('send() in ESTABLISHED: the client that answers FIN-WAIT-1 with the right data segment is wrong in the state only, by "send() does not change the state"', () => {
    const tried = wrongTry('half-close', 'client', (d, right) => (d.prompt.kind === 'app-call' && d.prompt.call === 'send' ? { ...right, state: 'FIN-WAIT-1' } : null));
    expect(tried).not.toBeNull();
    expect(tried!.right).toMatchObject({ state: 'ESTABLISHED', segments: [expect.objectContaining({ data: 'GET /' })] });
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'ESTABLISHED', got: 'FIN-WAIT-1', rule: 'data.send-state-stays' })]);
  });

  it('send() in CLOSE-WAIT: the server that answers LAST-ACK is told the same, and the rule is the one the verdict names', () => {
    const tried = wrongTry('half-close', 'server', (d, right) => (d.prompt.kind === 'app-call' && d.prompt.call === 'send' ? { ...right, state: 'LAST-ACK' } : null));
    expect(tried).not.toBeNull();
    expect(tried!.right).toMatchObject({ state: 'CLOSE-WAIT', segments: [expect.objectContaining({ data: '200 OK' })] });
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'CLOSE-WAIT', got: 'LAST-ACK', rule: 'data.send-state-stays' })]);
    expect(tried!.verdict.rules).toEqual(['data.send-state-stays']);
  });
});

describe('each state, from the engine', () => {
  it('ESTABLISHED and CLOSE-WAIT: the data goes out by "Send data" and the state stays by this rule; the right move is still the only right one', () => {
    const { client } = established();
    const { server } = closeWait();
    for (const [host, remote, state] of [[client, SERVER, 'ESTABLISHED'], [server, CLIENT, 'CLOSE-WAIT']] as const) {
      const p = predict(host, { kind: 'send', at: 0, remote, data: 'hello' }, remote)!;
      expect(p.expected).toMatchObject({ state, stateRule: 'data.send-state-stays', segments: [expect.objectContaining({ data: 'hello', rule: 'data.send' })] });
      const right = { state, segments: p.expected.segments.map(({ flags, seq, ack, data }) => ({ flags, seq, ack, data })) };
      expect(judgeMove(p.expected, right).correct).toBe(true);
      // Forgetting the data is wrong by the rule that says how data goes out, as before.
      expect(judgeMove(p.expected, { state, segments: [] }).fields.filter((f) => !f.ok).map((f) => [f.field, f.rule])).toEqual([['segments', 'data.send']]);
    }
  });
});

/**
 * Every application call a round asks a player about, in every scenario, as each side, under both
 * profiles: the state it leaves the connection in and the rule the state field cites. A call that
 * moves the connection is explained by its own transition's rule; the only call that leaves it
 * where it was, send(), by the rule that says why.
 */
describe('every application call the game asks about', () => {
  it('each is explained by the rule of what it does to the state', () => {
    const asked = new Set<string>();
    for (const scenario of SCENARIOS) {
      for (const side of ['client', 'server'] as const) {
        for (const profile of ['rfc9293', 'linux'] as const satisfies readonly Profile[]) {
          playAgainstBot(startRound(scenario.id, side, { profile }), side, (r) => {
            const slot = r.hosts[side];
            const d = slot.decision!;
            if (d.event.kind === 'segment' || d.event.kind === 'tick') return;
            const p = predictDecision(slot, d)!;
            const from = connectionTo(slot.host, d.concerns)?.state ?? (slot.host.listener ? 'LISTEN' : 'CLOSED');
            asked.add(`${d.event.kind} ${from} -> ${p.expected.state} ${p.expected.stateRule}`);
          });
        }
      }
    }
    expect([...asked].sort()).toEqual([
      'abort ESTABLISHED -> CLOSED abort.rst',
      'close CLOSE-WAIT -> LAST-ACK close.close-wait-fin',
      'close ESTABLISHED -> FIN-WAIT-1 close.active-fin',
      'connect CLOSED -> SYN-SENT open.active-syn',
      'listen CLOSED -> LISTEN open.passive-listen',
      'send CLOSE-WAIT -> CLOSE-WAIT data.send-state-stays',
      'send ESTABLISHED -> ESTABLISHED data.send-state-stays',
      // Linux resets the connection still waiting in the closed listener's accept queue.
      'unlisten ESTABLISHED -> CLOSED close.listen-close',
      'unlisten LISTEN -> CLOSED close.listen-close',
    ]);
  });
});
