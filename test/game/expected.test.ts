/**
 * What the judge expects a player to name as the host's new state: the state RFC 9293 gives the
 * connection the event was about, even when another socket on the same host (the listener) is in
 * a different one.
 */
import { describe, expect, it } from 'vitest';
import { predict } from '../../shared/game/expected.ts';
import { focusState } from '../../shared/tcp/host.ts';
import { CLIENT, CLIENT_ISS, seg, synReceived, timeWait } from '../engine/builders.ts';

describe('the expected new state', () => {
  it('LAST-ACK: the ACK of our FIN closes the connection: CLOSED, though the listening socket stays in LISTEN (RFC 9293 §3.10.7.4)', () => {
    const { server, lastAckSeg } = timeWait();
    const p = predict(server, { kind: 'segment', at: 10, segment: lastAckSeg }, CLIENT);
    expect(p?.expected.state).toBe('CLOSED');
    expect(p?.expected.segments).toEqual([]);
    // The host as a whole still listens on port 80: the next SYN finds LISTEN.
    expect(p && focusState(p.host, CLIENT)).toBe('LISTEN');
  });

  it('SYN-RECEIVED from a passive OPEN: an acceptable RST returns the connection to LISTEN (RFC 9293 §3.10.7.4, first check)', () => {
    const { server } = synReceived();
    const rst = seg({ seq: CLIENT_ISS + 1, flags: ['RST'] });
    const p = predict(server, { kind: 'segment', at: 10, segment: rst }, CLIENT);
    expect(p?.expected.state).toBe('LISTEN');
    expect(p?.expected.segments).toEqual([]);
  });
});
