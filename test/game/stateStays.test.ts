/**
 * RFC 9293 §3.10.7.4, fifth and seventh checks: in ESTABLISHED, CLOSE-WAIT and FIN-WAIT-2 an
 * acceptable ACK only advances SND.UNA (and the send window) and data only advances RCV.NXT; no
 * transition there waits for an ACK, so the state stays. A learner who moves on anyway (ESTABLISHED
 * → CLOSE-WAIT at a pure ACK, FIN-WAIT-2 → CLOSED) is told that by the rule that says why the state
 * stays, not only by "Nothing to send". In TIME-WAIT a repeated ACK is dropped and the 2×MSL wait
 * goes on; its rule says so. Which moves are right does not change.
 */
import { describe, expect, it } from 'vitest';
import { predict } from '../../shared/game/expected.ts';
import { judgeMove } from '../../shared/game/judge.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import { CLIENT, CLIENT_ISS, SERVER, SERVER_ISS, deliver, established, finWait2, ok, onlySegment, seg, stateOf, timeWait } from '../engine/builders.ts';
import { wrongTry } from './play.ts';

const stateMistakes = (v: ReturnType<typeof judgeMove>) => v.fields.filter((f) => !f.ok).map((f) => [f.field, f.expected, f.got, f.rule]);

describe('the rule', () => {
  it('names the three states and RFC 9293 §3.10.7.4, in both languages', () => {
    const rule = RULES['ack.state-stays'];
    expect(rule.section).toBe('RFC 9293 §3.10.7.4');
    expect(rule.en.explanation).toContain('ESTABLISHED, CLOSE-WAIT and FIN-WAIT-2 wait for no ACK to move on');
    expect(rule.en.explanation).toContain('so the state stays as it is');
    expect(rule.zh.explanation).toContain('ESTABLISHED、CLOSE-WAIT 和 FIN-WAIT-2 都不是靠某个 ACK 进入下一个状态的');
    expect(rule.zh.explanation).toContain('所以状态保持不变');
  });
});

describe('in a round against the bot', () => {
  it('ESTABLISHED + a pure ACK: the state stays; a learner who answers CLOSE-WAIT is told by "An ACK or data does not change the state"', () => {
    const tried = wrongTry('active-close-client', 'client', (d) => {
      const p = d.prompt;
      const pureAck = p.kind === 'segment-arrived' && p.flags.ACK && !p.flags.SYN && !p.flags.FIN && !p.flags.RST && p.data === '';
      return d.tcb.state === 'ESTABLISHED' && pureAck ? { state: 'CLOSE-WAIT', segments: [] } : null;
    });
    expect(tried).not.toBeNull();
    expect(tried!.right).toEqual({ state: 'ESTABLISHED', segments: [] });
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'ESTABLISHED', got: 'CLOSE-WAIT', rule: 'ack.state-stays' })]);
  });

  it('FIN-WAIT-2 + data (half-close, client): the state stays; answering CLOSED with the right ACK is wrong in the state only, by the same rule', () => {
    const tried = wrongTry('half-close', 'client', (d, right) => (d.tcb.state === 'FIN-WAIT-2' && d.prompt.kind === 'segment-arrived' ? { ...right, state: 'CLOSED' } : null));
    expect(tried).not.toBeNull();
    expect(tried!.right.state).toBe('FIN-WAIT-2');
    expect(tried!.verdict.mistakes).toEqual([expect.objectContaining({ field: 'state', expected: 'FIN-WAIT-2', got: 'CLOSED', rule: 'ack.state-stays' })]);
  });
});

describe('each state, from the engine', () => {
  it('FIN-WAIT-2 + a pure (duplicate) ACK: stays FIN-WAIT-2, sends nothing; CLOSED is wrong by this rule', () => {
    const { client } = finWait2();
    const dupAck = seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2 });
    const p = predict(client, { kind: 'segment', at: 0, segment: dupAck }, SERVER)!;
    expect(p.expected).toMatchObject({ state: 'FIN-WAIT-2', segments: [], stateRule: 'ack.state-stays', waitRule: 'wait.nothing-to-do' });
    expect(judgeMove(p.expected, { state: 'FIN-WAIT-2', segments: [] }).correct).toBe(true);
    expect(stateMistakes(judgeMove(p.expected, { state: 'CLOSED', segments: [] }))).toEqual([['state', 'FIN-WAIT-2', 'CLOSED', 'ack.state-stays']]);
  });

  it('CLOSE-WAIT + the ACK of the data it sent: stays CLOSE-WAIT (LAST-ACK comes only with our own close())', () => {
    const { client, server } = finWait2();
    const sent = ok(server, { kind: 'send', at: 0, remote: CLIENT, data: 'bye' });
    const atClient = deliver(client, onlySegment(sent), 0);
    expect(stateOf(atClient.host, SERVER)).toBe('FIN-WAIT-2');
    const ackOfData = onlySegment(atClient);
    const p = predict(sent.host, { kind: 'segment', at: 0, segment: ackOfData }, CLIENT)!;
    expect(p.expected).toMatchObject({ state: 'CLOSE-WAIT', segments: [], stateRule: 'ack.state-stays' });
    expect(stateMistakes(judgeMove(p.expected, { state: 'LAST-ACK', segments: [] }))).toEqual([['state', 'CLOSE-WAIT', 'LAST-ACK', 'ack.state-stays']]);
    // The client's side of the same exchange: data in FIN-WAIT-2 is delivered and acknowledged, the state stays.
    const q = predict(client, { kind: 'segment', at: 0, segment: onlySegment(sent) }, SERVER)!;
    expect(q.expected).toMatchObject({ state: 'FIN-WAIT-2', stateRule: 'ack.state-stays', segments: [expect.objectContaining({ rule: 'data.in-order-ack' })] });
  });

  it('where the state stays for another reason, that reason\'s own rule still explains it', () => {
    const { client } = established();
    // An ACK of something not yet sent: answered with an ACK and dropped (fifth check).
    const future = seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 50 });
    expect(predict(client, { kind: 'segment', at: 0, segment: future }, SERVER)!.expected).toMatchObject({ state: 'ESTABLISHED', stateRule: 'ack.future-ack' });
    // A FIN beyond RCV.NXT is held, not processed: the out-of-order rule says why ESTABLISHED stays.
    const earlyFin = seg({ src: SERVER, dst: CLIENT, flags: ['FIN', 'ACK'], seq: SERVER_ISS + 4, ack: CLIENT_ISS + 1 });
    expect(predict(client, { kind: 'segment', at: 0, segment: earlyFin }, SERVER)!.expected).toMatchObject({ state: 'ESTABLISHED', stateRule: 'data.out-of-order-dup-ack' });
  });
});

describe('TIME-WAIT', () => {
  it('a repeated ACK is dropped and TIME-WAIT stays; a learner who answers CLOSED is told so by "Duplicate ignored", which says what each profile does with the 2×MSL timer', () => {
    const { client } = timeWait();
    const dupAck = seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2 });
    const p = predict(client, { kind: 'segment', at: 0, segment: dupAck }, SERVER)!;
    expect(p.expected).toMatchObject({ state: 'TIME-WAIT', segments: [], stateRule: 'wait.duplicate-ignored' });
    expect(stateMistakes(judgeMove(p.expected, { state: 'CLOSED', segments: [] }))).toEqual([['state', 'TIME-WAIT', 'CLOSED', 'wait.duplicate-ignored']]);
    const rule = RULES['wait.duplicate-ignored'];
    expect(rule.en.explanation).toContain('the connection stays in TIME-WAIT');
    expect(rule.zh.explanation).toContain('连接仍留在 TIME-WAIT');
    expect(rule.profiles?.rfc9293.en).toContain('leaves the timer running as it was');
    expect(rule.profiles?.linux.en).toContain('restarts the 60 s TIME-WAIT timer');
    expect(rule.profiles?.linux.zh).toContain('重新启动 60 秒的 TIME-WAIT 定时器');
  });
});
