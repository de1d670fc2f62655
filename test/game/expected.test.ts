/**
 * What the judge expects a player to name as the host's new state: the state RFC 9293 gives the
 * connection the event was about, even when another socket on the same host (the listener) is in
 * a different one.
 */
import { describe, expect, it } from 'vitest';
import { judgeAgainst, predict, predictAll } from '../../shared/game/expected.ts';
import type { Move } from '../../shared/game/move.ts';
import { focusState } from '../../shared/tcp/host.ts';
import { CLIENT, CLIENT_ISS, SERVER, SERVER_ISS, seg, synReceived, timeWait } from '../engine/builders.ts';

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

describe('a RST in TIME-WAIT: RFC 9293 closes; the RFC 1337 option ignores it', () => {
  const rst = seg({ src: SERVER, dst: CLIENT, flags: ['RST'], seq: SERVER_ISS + 2 });
  const close: Move = { state: 'CLOSED', segments: [] };
  const stay: Move = { state: 'TIME-WAIT', segments: [] };

  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}, option off: only closing is right ("enter the CLOSED state, delete the TCB")`, () => {
      const { client } = timeWait({ profile });
      const all = predictAll(client, { kind: 'segment', at: 10, segment: rst }, SERVER);
      expect(all).toHaveLength(1);
      expect(judgeAgainst(all, close)?.verdict.correct).toBe(true);
      const wrong = judgeAgainst(all, stay)!;
      expect(wrong.verdict.correct).toBe(false);
      expect(wrong.verdict.fields.find((f) => f.field === 'state')?.rule).toBe('rst.time-wait-assassination');
    });

    it(`${profile}, option on: either answer is right, and the host goes on as the one the player chose`, () => {
      const { client } = timeWait({ profile, config: { rfc1337: true } });
      const all = predictAll(client, { kind: 'segment', at: 10, segment: rst }, SERVER);
      expect(all.map((p) => p.expected.state)).toEqual(['TIME-WAIT', 'CLOSED']);
      const ignored = judgeAgainst(all, stay)!;
      expect(ignored.verdict.correct).toBe(true);
      expect(ignored.prediction.host.connections).toHaveLength(1);
      const closed = judgeAgainst(all, close)!;
      expect(closed.verdict.correct).toBe(true);
      expect(closed.prediction.host.connections).toEqual([]);
      // The option stays on for what follows.
      expect(closed.prediction.host.config.rfc1337).toBe(true);
      // Anything else is still wrong, judged against the engine's own answer.
      expect(judgeAgainst(all, { state: 'CLOSED', segments: [{ flags: { SYN: false, ACK: false, FIN: false, RST: true }, seq: CLIENT_ISS + 2, ack: 0, data: '' }] })?.verdict.correct).toBe(false);
    });
  }

  it('the option adds no second answer where it changes nothing (an ACK in TIME-WAIT)', () => {
    const { client } = timeWait({ config: { rfc1337: true } });
    const ack = seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2 });
    expect(predictAll(client, { kind: 'segment', at: 10, segment: ack }, SERVER)).toHaveLength(1);
  });
});
