/**
 * The closing states before TIME-WAIT (RFC 9293 §3.6, §3.10.4, §3.10.7.4 fifth and eighth checks):
 * FIN-WAIT-1, FIN-WAIT-2, CLOSING on the closer's side; CLOSE-WAIT, LAST-ACK on the other.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../shared/tcp/host.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import type { Host, HostEvent } from '../../shared/tcp/types.ts';
import {
  CLIENT,
  CLIENT_ISS,
  SERVER,
  SERVER_ISS,
  closeWait,
  closing,
  deliver,
  expectSegment,
  finWait1,
  finWait2,
  lastAck,
  ok,
  onlySegment,
  rulesOf,
  seg,
  segmentOutputs,
  sentSegments,
  signalsOf,
  tcb,
  tick,
  transitions,
} from './builders.ts';

const toClient = (f: Parameters<typeof seg>[0]) => seg({ src: SERVER, dst: CLIENT, ...f });

/** A user call the state does not allow comes back as a rejection and leaves the host deep-equal. */
function expectRefused(host: Host, event: HostEvent, code: string): void {
  const before = structuredClone(host);
  const r = step(host, event);
  expect(r.ok ? 'accepted' : r.rejection.code).toBe(code);
  expect(r.host).toEqual(before);
}

describe('FIN-WAIT-1', () => {
  it('CLOSE sent <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>; the FIN takes one sequence number', () => {
    const { client, fin } = finWait1();
    expectSegment(fin, { flags: ['FIN', 'ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: '' });
    expect(tcb(client, SERVER)).toMatchObject({ finSent: true, finSeq: CLIENT_ISS + 1, sndNxt: CLIENT_ISS + 2 });
    expect(nextDeadline(client)).toBe(1_000);
  });

  it('a lost FIN is resent at 1 s, then 3 s', () => {
    const { client } = finWait1();
    const r = tick(client, 1_000);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['FIN', 'ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1 });
    expect(out[0]).toMatchObject({ rule: 'timer.retransmit-fin', retransmission: true });
    expect(nextDeadline(r.host)).toBe(3_000);
  });

  it('an ACK that does not cover the FIN leaves it in FIN-WAIT-1', () => {
    const r = deliver(finWait1().client, toClient({ flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 }), 10);
    expect(transitions(r)).toEqual([]);
    expect(tcb(r.host, SERVER).state).toBe('FIN-WAIT-1');
  });

  it('rcv FIN together with the ACK of our FIN: straight to TIME-WAIT, ACK the FIN', () => {
    const { client, server, fin } = finWait1();
    const cw = deliver(server, fin, 10).host; // its ACK of our FIN is lost ...
    const serverFin = onlySegment(ok(cw, { kind: 'close', at: 20, remote: CLIENT }));
    expectSegment(serverFin, { flags: ['FIN', 'ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2 });
    const r = deliver(client, serverFin, 30); // ... but the FIN carries the same ACK
    expect(transitions(r)).toEqual(['FIN-WAIT-1=>TIME-WAIT']);
    expect(rulesOf(r)).toContain('close.fin-wait-1-fin-ack-time-wait');
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 2 });
    expect(out[0]!.rule).toBe('close.ack-of-fin');
    expect(nextDeadline(r.host)).toBe(30 + 240_000);
  });

  it('rcv FIN without the ACK of ours: CLOSING (simultaneous close)', () => {
    const r = deliver(finWait1().client, toClient({ flags: ['FIN', 'ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1 }), 10);
    expect(transitions(r)).toEqual(['FIN-WAIT-1=>CLOSING']);
    expect(rulesOf(r)).toContain('close.simultaneous-closing');
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 2 });
  });

  it('the peer may still send: data is delivered and acknowledged', () => {
    const r = deliver(finWait1().client, toClient({ flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 1, data: 'bye' }), 10);
    expect(tcb(r.host, SERVER).delivered).toBe('bye');
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 4 });
  });

  it('SEND and CLOSE after CLOSE are refused: connection-closing', () => {
    const { client } = finWait1();
    expectRefused(client, { kind: 'send', at: 5, remote: SERVER, data: 'x' }, 'connection-closing');
    expectRefused(client, { kind: 'close', at: 5, remote: SERVER }, 'connection-closing');
  });

  it('an exact RST resets it', () => {
    const r = deliver(finWait1().client, toClient({ flags: ['RST'], seq: SERVER_ISS + 1 }), 10);
    expect(transitions(r)).toEqual(['FIN-WAIT-1=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-reset']);
  });

  it('ABORT sends <SEQ=SND.NXT><CTL=RST>', () => {
    expectSegment(onlySegment(ok(finWait1().client, { kind: 'abort', at: 5, remote: SERVER })), { flags: ['RST'], seq: CLIENT_ISS + 2 });
  });
});

describe('FIN-WAIT-2', () => {
  it('nothing to retransmit: no timer', () => {
    const { client } = finWait2();
    expect(tcb(client, SERVER)).toMatchObject({ sndUna: CLIENT_ISS + 2, unacked: [] });
    expect(nextDeadline(client)).toBeNull();
  });

  it('data from the peer is still delivered', () => {
    const r = deliver(finWait2().client, toClient({ flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2, data: 'tail' }), 10);
    expect(tcb(r.host, SERVER).delivered).toBe('tail');
    expectSegment(onlySegment(r), { flags: ['ACK'], ack: SERVER_ISS + 5 });
  });

  it('rcv FIN: TIME-WAIT, ACK the FIN, 2×MSL starts', () => {
    const { client, fin } = lastAck();
    const r = deliver(client, fin, 500);
    expect(transitions(r)).toEqual(['FIN-WAIT-2=>TIME-WAIT']);
    expect(signalsOf(r)).toEqual(['peer-closed']);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 2 });
    expect(tcb(r.host, SERVER).timeWaitExpiresAt).toBe(240_500);
  });

  it('an exact RST resets it', () => {
    expect(transitions(deliver(finWait2().client, toClient({ flags: ['RST'], seq: SERVER_ISS + 1 }), 10))).toEqual(['FIN-WAIT-2=>CLOSED']);
  });

  it('SEND is refused', () => {
    expectRefused(finWait2().client, { kind: 'send', at: 5, remote: SERVER, data: 'x' }, 'connection-closing');
  });
});

describe('CLOSE-WAIT', () => {
  it('rcv FIN signalled peer-closed and acknowledged <ACK=FIN+1>', () => {
    const { server, ackOfFin } = closeWait();
    expectSegment(ackOfFin, { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2 });
    expect(tcb(server, CLIENT).rcvNxt).toBe(CLIENT_ISS + 2);
  });

  it('the ACK of the FIN was lost: the resent FIN is acknowledged again', () => {
    const { client, server } = closeWait();
    const again = onlySegment(tick(client, 1_000));
    const r = deliver(server, again, 1_010);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2 });
    expect(transitions(deliver(tick(client, 1_000).host, onlySegment(r), 1_020))).toEqual(['FIN-WAIT-1=>FIN-WAIT-2']);
  });

  it('the application may still send', () => {
    const r = ok(finWait2().server, { kind: 'send', at: 10, remote: CLIENT, data: 'last words' });
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2, data: 'last words' });
  });

  it('CLOSE: LAST-ACK, sending <SEQ=SND.NXT><CTL=FIN,ACK>', () => {
    const { server, fin } = lastAck();
    expectSegment(fin, { flags: ['FIN', 'ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2 });
    expect(tcb(server, CLIENT).state).toBe('LAST-ACK');
  });

  it('an exact RST resets it', () => {
    expect(transitions(deliver(finWait2().server, seg({ flags: ['RST'], seq: CLIENT_ISS + 2 }), 10))).toEqual(['CLOSE-WAIT=>CLOSED']);
  });

  it('ABORT sends a RST', () => {
    expectSegment(onlySegment(ok(finWait2().server, { kind: 'abort', at: 5, remote: CLIENT })), { flags: ['RST'], seq: SERVER_ISS + 1 });
  });
});

describe('CLOSING', () => {
  it('both FINs crossed: each end acknowledged the other\'s FIN', () => {
    const { client, clientAck, serverAck } = closing();
    expectSegment(clientAck, { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 2 });
    expectSegment(serverAck, { flags: ['ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2 });
    expect(nextDeadline(client)).toBe(1_000); // our FIN is still unacknowledged
  });

  it('rcv ACK of FIN: both ends enter TIME-WAIT (simultaneous close)', () => {
    const { client, server, clientAck, serverAck } = closing();
    const c = deliver(client, serverAck, 10);
    const s = deliver(server, clientAck, 10);
    expect(transitions(c)).toEqual(['CLOSING=>TIME-WAIT']);
    expect(transitions(s)).toEqual(['CLOSING=>TIME-WAIT']);
    expect(rulesOf(c)).toEqual(['close.closing-ack-time-wait']);
    expect(sentSegments(c)).toEqual([]);
    expect(nextDeadline(c.host)).toBe(240_010);
  });

  it('the ACK was lost: our FIN is resent, the peer re-ACKs it, then TIME-WAIT', () => {
    const { client, server } = closing();
    const fin = onlySegment(tick(client, 1_000));
    expectSegment(fin, { flags: ['FIN', 'ACK'], seq: CLIENT_ISS + 1 });
    // The server's own FIN timer fired at 1000 too; its answer to our FIN is the other segment.
    const answers = segmentOutputs(deliver(server, fin, 1_010)).filter((o) => !o.retransmission);
    expect(answers.map((o) => o.rule)).toEqual(['seq.unacceptable-ack']);
    const reAck = answers[0]!.segment;
    expectSegment(reAck, { flags: ['ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2 });
    expect(transitions(deliver(tick(client, 1_000).host, reAck, 1_020))).toEqual(['CLOSING=>TIME-WAIT']);
  });

  it('an exact RST resets it', () => {
    const r = deliver(closing().client, toClient({ flags: ['RST'], seq: SERVER_ISS + 2 }), 10);
    expect(transitions(r)).toEqual(['CLOSING=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-reset']);
  });

  it('ABORT deletes the TCB silently', () => {
    const r = ok(closing().client, { kind: 'abort', at: 5, remote: SERVER });
    expect(r.outputs).toEqual([{ kind: 'state', conn: SERVER, from: 'CLOSING', to: 'CLOSED', rule: 'abort.silent' }]);
  });
});

describe('LAST-ACK', () => {
  it('rcv ACK of FIN: CLOSED, the TCB deleted, nothing sent', () => {
    const { server, lastAckSeg } = (() => {
      const { client, server, fin } = lastAck();
      return { server, lastAckSeg: onlySegment(deliver(client, fin, 0)) };
    })();
    const r = deliver(server, lastAckSeg, 20);
    expect(signalsOf(r)).toEqual(['connection-closed']);
    expect(rulesOf(r)).toEqual(['close.last-ack-closed', 'close.last-ack-closed']);
    expect(sentSegments(r)).toEqual([]);
    expect(r.host.connections).toEqual([]);
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('a lost FIN is resent at 1 s', () => {
    const r = tick(lastAck().server, 1_000);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['FIN', 'ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2 });
    expect(out[0]).toMatchObject({ rule: 'timer.retransmit-fin', retransmission: true });
  });

  it('an ACK that does not cover the FIN leaves it in LAST-ACK', () => {
    const r = deliver(lastAck().server, seg({ flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 1 }), 10);
    expect(r.outputs).toEqual([]);
    expect(tcb(r.host, CLIENT).state).toBe('LAST-ACK');
  });

  it('SEND and CLOSE are refused; ABORT is silent', () => {
    const { server } = lastAck();
    expectRefused(server, { kind: 'send', at: 5, remote: CLIENT, data: 'x' }, 'connection-closing');
    expectRefused(server, { kind: 'close', at: 5, remote: CLIENT }, 'connection-closing');
    expect(sentSegments(ok(server, { kind: 'abort', at: 5, remote: CLIENT }))).toEqual([]);
  });

  it('an exact RST closes it', () => {
    expect(transitions(deliver(lastAck().server, seg({ flags: ['RST'], seq: CLIENT_ISS + 2 }), 10))).toEqual(['LAST-ACK=>CLOSED']);
  });
});

/**
 * Data beyond the peer's FIN. The peer's FIN took the last sequence number it may use, so data that
 * reaches past RCV.NXT after it is no data the peer can legally send (a forged or stray FIN came
 * first, or a broken peer). A segment that starts below RCV.NXT and reaches past it passes the first
 * check (part of it is in the window; "only the new parts are processed"), its ACK field is processed
 * (fifth check), and then RFC 9293 §3.10.7.4 seventh, CLOSE-WAIT / CLOSING / LAST-ACK: "This should
 * not occur since a FIN has been received from the remote side. Ignore the segment text." Nothing
 * calls for an ACK. Linux instead resets it (rule close.abort-on-data: the FIN shut its receive side).
 */
describe('CLOSE-WAIT, LAST-ACK: data beyond the peer\'s FIN', () => {
  const linux = { profile: 'linux' as const };
  /** The server in CLOSE-WAIT (RCV.NXT = 1002) has sent "reply" (SND.NXT = 5006). */
  const closeWaitReplied = (o = {}) => ok(finWait2(o).server, { kind: 'send', at: 5, remote: CLIENT, data: 'reply' }).host;
  /** Starts at 1001, below RCV.NXT (the FIN's number), and reaches past it; acknowledges "reply". */
  const beyondFin = seg({ flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 6, data: 'late' });

  it('rfc9293 CLOSE-WAIT: the ACK field is processed (SND.UNA = SEG.ACK), the text ignored, nothing sent', () => {
    const r = deliver(closeWaitReplied(), beyondFin, 10);
    expect(sentSegments(r)).toEqual([]);
    expect(rulesOf(r)).toEqual(['data.after-fin-ignored']);
    expect(tcb(r.host, CLIENT)).toMatchObject({ state: 'CLOSE-WAIT', sndUna: SERVER_ISS + 6, rcvNxt: CLIENT_ISS + 2, unread: '' });
  });

  it('linux CLOSE-WAIT: the receive side is shut by the FIN, so the data resets the connection: <SEQ=SEG.ACK><CTL=RST>, CLOSED', () => {
    const r = deliver(closeWaitReplied(linux), beyondFin, 10);
    expectSegment(onlySegment(r), { flags: ['RST'], seq: SERVER_ISS + 6, ack: 0, data: '' });
    expect(transitions(r)).toEqual(['CLOSE-WAIT=>CLOSED']);
    expect(rulesOf(r)).toContain('close.abort-on-data');
    expect(signalsOf(r)).toEqual(['connection-reset']);
    expect(r.host.connections).toEqual([]);
  });

  it('linux CLOSE-WAIT: data that starts at RCV.NXT is skipped (step 7 checks only a segment that starts below it): ignored, nothing sent', () => {
    const r = deliver(closeWaitReplied(linux), seg({ flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 6, data: 'late' }), 10);
    expect(sentSegments(r)).toEqual([]);
    expect(tcb(r.host, CLIENT)).toMatchObject({ state: 'CLOSE-WAIT', sndUna: SERVER_ISS + 6, rcvNxt: CLIENT_ISS + 2 });
  });

  it('linux LAST-ACK, FIN not yet acknowledged: reset (<SEQ=SEG.ACK><CTL=RST>); an orphan has no one to tell', () => {
    const r = deliver(lastAck(linux).server, seg({ flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: 'late' }), 10);
    expectSegment(onlySegment(r), { flags: ['RST'], seq: SERVER_ISS + 1 });
    expect(transitions(r)).toEqual(['LAST-ACK=>CLOSED']);
    expect(signalsOf(r)).toEqual([]);
  });

  it('linux LAST-ACK, the same segment acknowledging the FIN: CLOSED by the ACK (Linux consumes it there), no RST', () => {
    const r = deliver(lastAck(linux).server, seg({ flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 2, data: 'late' }), 10);
    expect(sentSegments(r)).toEqual([]);
    expect(transitions(r)).toEqual(['LAST-ACK=>CLOSED']);
    expect(rulesOf(r)).not.toContain('close.abort-on-data');
  });

  it('rfc9293 LAST-ACK: the text is ignored, nothing sent, still LAST-ACK', () => {
    const r = deliver(lastAck().server, seg({ flags: ['ACK'], seq: CLIENT_ISS + 1, ack: SERVER_ISS + 1, data: 'late' }), 10);
    expect(sentSegments(r)).toEqual([]);
    expect(tcb(r.host, CLIENT).state).toBe('LAST-ACK');
  });
});
