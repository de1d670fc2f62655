/**
 * When the right move sends nothing, the feedback explains why with the rule of the event itself.
 * A segment that needs no reply (the handshake's third ACK) is "nothing to send" (RFC 9293
 * §3.10.7.4); an application call or a timer that sends nothing is explained by its own transition:
 * listen() is a passive OPEN that "sends nothing" (§3.10.1), TIME-WAIT's end deletes the TCB
 * (§3.10.8). A learner who sent an ACK after listen() was told about "an arriving segment".
 */
import { describe, expect, it } from 'vitest';
import { predict } from '../../shared/game/expected.ts';
import { judgeMove } from '../../shared/game/judge.ts';
import { flags } from '../../shared/tcp/segment.ts';
import { timeWaitMs } from '../../shared/tcp/config.ts';
import { CLIENT, SERVER, onlySegment, serverHost, synReceived, deliver, timeWait } from '../engine/builders.ts';

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

describe('TIME-WAIT: the 2×MSL timer runs out', () => {
  it('nothing to send: the TCB is deleted, explained by the TIME-WAIT rule itself', () => {
    const { client } = timeWait();
    const p = predict(client, { kind: 'tick', at: timeWaitMs(client.config) + 1_000 }, SERVER)!;
    expect(p.expected.state).toBe('CLOSED');
    expect(p.expected.segments).toEqual([]);
    expect(p.expected.waitRule).toBe('close.time-wait-expired');
  });
});
