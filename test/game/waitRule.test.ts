/**
 * When the right move sends nothing, the feedback explains why with the rule of the event itself.
 * A segment that needs no reply (the handshake's third ACK) is "nothing to send" (RFC 9293
 * §3.10.7.4); an application call or a timer that sends nothing is explained by its own transition:
 * listen() is a passive OPEN that "sends nothing" (§3.10.1), TIME-WAIT's end deletes the TCB
 * (§3.10.8); a RST is never answered, and the transition it causes says what it means (SYN-SENT:
 * connection refused). A learner who sent an ACK after listen() was told about "an arriving segment".
 */
import { describe, expect, it } from 'vitest';
import { predict } from '../../shared/game/expected.ts';
import { judgeMove } from '../../shared/game/judge.ts';
import { flags } from '../../shared/tcp/segment.ts';
import { timeWaitMs } from '../../shared/tcp/config.ts';
import { CLIENT, CLIENT_ISS, SERVER, deliver, onlySegment, seg, serverHost, synReceived, synSent, timeWait } from '../engine/builders.ts';

describe('CLOSED: listen()', () => {
  it('a passive OPEN sends nothing; an ACK sent anyway is explained by "Passive open: LISTEN", §3.10.1', () => {
    const p = predict(serverHost(), { kind: 'listen', at: 0, port: 80 }, CLIENT)!;
    expect(p.expected.segments).toEqual([]);
    expect(p.expected.waitRule).toBe('open.passive-listen');
    const v = judgeMove(p.expected, { state: 'LISTEN', segments: [{ flags: flags('ACK'), seq: 1, ack: 1, data: '' }] });
    expect(v.fields.filter((f) => !f.ok).map((f) => [f.field, f.rule])).toEqual([['segments', 'open.passive-listen']]);
  });
});

describe('SYN-RECEIVED: the handshake\'s third ACK arrives', () => {
  it('nothing to send, and the rule says so for an arriving segment (§3.10.7.4)', () => {
    const { client, server, synAck } = synReceived();
    const ack = onlySegment(deliver(client, synAck, 0));
    const p = predict(server, { kind: 'segment', at: 0, segment: ack }, CLIENT)!;
    expect(p.expected.segments).toEqual([]);
    expect(p.expected.waitRule).toBe('wait.nothing-to-do');
  });
});

describe('SYN-SENT: a RST,ACK answers the SYN (connection refused)', () => {
  it('nothing to send (a RST is never answered): explained by "Connection refused", not by the rule for a pure ACK', () => {
    const { client } = synSent();
    const rst = seg({ src: SERVER, dst: CLIENT, flags: ['RST', 'ACK'], seq: 0, ack: CLIENT_ISS + 1 });
    const p = predict(client, { kind: 'segment', at: 0, segment: rst }, SERVER)!;
    expect(p.expected).toMatchObject({ state: 'CLOSED', segments: [], waitRule: 'open.syn-sent-rst-refused' });
  });
});

describe('TIME-WAIT: the 2×MSL timer runs out', () => {
  it('nothing to send: the TCB is deleted, explained by the TIME-WAIT rule itself', () => {
    const { client } = timeWait();
    const p = predict(client, { kind: 'tick', at: timeWaitMs(client.config) + 1_000 }, SERVER)!;
    expect(p.expected.state).toBe('CLOSED');
    expect(p.expected.segments).toEqual([]);
    expect(p.expected.waitRule).toBe('close.time-wait-expired');
  });
});
