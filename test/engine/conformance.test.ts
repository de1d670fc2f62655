/**
 * Conformance with RFC 9293 §3.10 ("Event Processing"), worked out from the RFC's own sentences:
 * each case quotes the rule it checks and builds the segments it describes. Every case runs twice,
 * once with ordinary ISNs and once with ISNs just below 2^32 so that every SEQ and ACK the case
 * computes crosses the wrap (§3.4: "all arithmetic dealing with sequence numbers must be performed
 * modulo 2^32"), and in both profiles wherever RFC 9293 and Linux agree. Where they differ the case
 * names its profile.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES, configFor, timeWaitMs, type Profile } from '../../shared/tcp/config.ts';
import { retransmissionSchedule } from '../../shared/tcp/backoff.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import {
  CLIENT,
  SERVER,
  closing,
  deliver,
  established,
  expectSegment,
  finWait1,
  finWait2,
  lastAck,
  listening,
  ok,
  onlySegment,
  seg,
  sentSegments,
  serverHost,
  signalsOf,
  stateOf,
  synReceived,
  synSent,
  tcb,
  tick,
  timeWait,
  transitions,
  type BuildOptions,
} from './builders.ts';

/** Sequence-number arithmetic modulo 2^32, written out here rather than taken from the engine. */
const add = (x: number, n: number): number => (((x + n) % 2 ** 32) + 2 ** 32) % 2 ** 32;

const ISNS = [
  { name: 'ISNs 1000 / 5000', clientIss: 1_000, serverIss: 5_000 },
  // The client's data starts at 2^32 − 2 and the server's at 2^32 − 1 … 0: every +1, +2 wraps.
  { name: 'ISNs just below 2^32', clientIss: 2 ** 32 - 3, serverIss: 2 ** 32 - 2 },
] as const;

/** Server to client (the builders' `seg` defaults to client to server). */
const toClient = (f: Parameters<typeof seg>[0]) => seg({ src: SERVER, dst: CLIENT, ...f });

for (const isn of ISNS) {
  const C = isn.clientIss;
  const S = isn.serverIss;
  for (const profile of PROFILES) {
    const o: BuildOptions = { profile, clientIss: C, serverIss: S };
    const name = `${profile}, ${isn.name}`;

    describe(`§3.10.7.1 CLOSED (${name})`, () => {
      it('"If the ACK bit is off, sequence number zero is used, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"', () => {
        const r = deliver(serverHost(o), seg({ flags: ['FIN'], seq: add(C, 1), data: 'abc' }), 0);
        expectSegment(onlySegment(r), { flags: ['RST', 'ACK'], seq: 0, ack: add(C, 5) });
        expect(r.host.connections).toEqual([]);
      });

      it('"If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>"', () => {
        const r = deliver(serverHost(o), seg({ flags: ['ACK'], seq: add(C, 1), ack: add(S, 1) }), 0);
        expectSegment(onlySegment(r), { flags: ['RST'], seq: add(S, 1) });
      });
    });

    describe(`§3.10.7.2 LISTEN (${name})`, () => {
      it('"Any acknowledgment is bad if it arrives on a connection still in the LISTEN state … <SEQ=SEG.ACK><CTL=RST>"', () => {
        const r = deliver(listening(o), seg({ flags: ['ACK'], seq: add(C, 1), ack: add(S, 7) }), 0);
        expectSegment(onlySegment(r), { flags: ['RST'], seq: add(S, 7) });
        expect(r.host.connections).toEqual([]);
      });

      it('a SYN: "Set RCV.NXT to SEG.SEQ+1, IRS is set to SEG.SEQ … <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> … SND.NXT is set to ISS+1 and SND.UNA to ISS. The connection state should be changed to SYN-RECEIVED"', () => {
        const { syn } = synSent(o);
        const r = deliver(listening(o), syn, 0);
        expectSegment(onlySegment(r), { flags: ['SYN', 'ACK'], seq: S, ack: add(C, 1) });
        expect(tcb(r.host, CLIENT)).toMatchObject({ state: 'SYN-RECEIVED', irs: C, rcvNxt: add(C, 1), sndUna: S, sndNxt: add(S, 1) });
      });
    });

    describe(`§3.10.7.3 SYN-SENT (${name})`, () => {
      it('"If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset … <SEQ=SEG.ACK><CTL=RST>"', () => {
        for (const bad of [C, add(C, 2)]) {
          const r = deliver(synSent(o).client, toClient({ flags: ['SYN', 'ACK'], seq: S, ack: bad }), 0);
          expectSegment(onlySegment(r), { flags: ['RST'], seq: bad });
          expect(stateOf(r.host, SERVER)).toBe('SYN-SENT');
        }
      });

      it('"If the RST bit is set … If the ACK was acceptable, then signal to the user \'error: connection reset\', drop the segment, enter CLOSED state"', () => {
        const r = deliver(synSent(o).client, toClient({ flags: ['RST', 'ACK'], seq: 0, ack: add(C, 1) }), 0);
        expect(transitions(r)).toEqual(['SYN-SENT=>CLOSED']);
        // The RFC's "connection reset" is what the sockets API reports as ECONNREFUSED for a SYN.
        expect(signalsOf(r)).toEqual(['connection-refused']);
        expect(sentSegments(r)).toEqual([]);
        expect(r.host.connections).toEqual([]);
      });

      it('"… (unless the RST bit is set, if so drop the segment and return)": a RST with an unacceptable ACK changes nothing', () => {
        const r = deliver(synSent(o).client, toClient({ flags: ['RST', 'ACK'], seq: 0, ack: add(C, 5) }), 0);
        expect(sentSegments(r)).toEqual([]);
        expect(stateOf(r.host, SERVER)).toBe('SYN-SENT');
      });

      it('"If SND.UNA > ISS (our SYN has been ACKed), change the connection state to ESTABLISHED, form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"', () => {
        const r = deliver(synSent(o).client, toClient({ flags: ['SYN', 'ACK'], seq: S, ack: add(C, 1) }), 0);
        expect(transitions(r)).toEqual(['SYN-SENT=>ESTABLISHED']);
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(C, 1), ack: add(S, 1) });
      });

      it('"Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>" (a SYN without ACK: simultaneous open)', () => {
        const r = deliver(synSent(o).client, toClient({ flags: ['SYN'], seq: S }), 0);
        expect(transitions(r)).toEqual(['SYN-SENT=>SYN-RECEIVED']);
        expectSegment(onlySegment(r), { flags: ['SYN', 'ACK'], seq: C, ack: add(S, 1) });
      });
    });

    describe(`§3.10.7.4 first check, sequence number (${name})`, () => {
      it('"If an incoming segment is not acceptable, an acknowledgment should be sent in reply … <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"', () => {
        const { server } = established(o);
        // An old duplicate: the client's handshake ACK carried data the server already has.
        const got = deliver(server, seg({ flags: ['ACK'], seq: add(C, 1), ack: add(S, 1), data: 'ab' }), 10).host;
        const r = deliver(got, seg({ flags: ['ACK'], seq: add(C, 1), ack: add(S, 1), data: 'ab' }), 20);
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(S, 1), ack: add(C, 3) });
        expect(tcb(r.host, CLIENT).delivered).toBe('ab');
      });

      it('"Segments with higher beginning sequence numbers may be held for later processing": held, then delivered in order with the FIN after them', () => {
        const { server } = established(o);
        let h = deliver(server, seg({ flags: ['FIN', 'ACK'], seq: add(C, 7), ack: add(S, 1) }), 10).host;
        h = deliver(h, seg({ flags: ['ACK'], seq: add(C, 4), ack: add(S, 1), data: 'def' }), 20).host;
        expect(tcb(h, CLIENT)).toMatchObject({ state: 'ESTABLISHED', rcvNxt: add(C, 1), delivered: '' });
        const r = deliver(h, seg({ flags: ['ACK'], seq: add(C, 1), ack: add(S, 1), data: 'abc' }), 30);
        expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSE-WAIT']);
        expect(tcb(r.host, CLIENT)).toMatchObject({ delivered: 'abcdef', rcvNxt: add(C, 8) });
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(S, 1), ack: add(C, 8) });
      });
    });

    describe(`§3.10.7.4 second check, RST (${name})`, () => {
      it('SYN-RECEIVED: "If this connection was initiated with a passive OPEN (i.e., came from the LISTEN state), then return this connection to LISTEN state"', () => {
        const { server } = synReceived(o);
        const r = deliver(server, seg({ flags: ['RST'], seq: add(C, 1) }), 10);
        expect(transitions(r)).toEqual(['SYN-RECEIVED=>LISTEN']);
        expect(sentSegments(r)).toEqual([]);
      });

      it('ESTABLISHED: "If the RST bit is set and the sequence number exactly matches the next expected sequence number (RCV.NXT)" the connection is reset and enters CLOSED', () => {
        const r = deliver(established(o).client, toClient({ flags: ['RST'], seq: add(S, 1) }), 10);
        expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSED']);
        expect(signalsOf(r)).toContain('connection-reset');
      });

      it('"If the RST bit is set and the sequence number does not exactly match the next expected sequence value, yet is within the current receive window, TCP endpoints MUST send an acknowledgment (challenge ACK)"', () => {
        const r = deliver(established(o).client, toClient({ flags: ['RST'], seq: add(S, 3) }), 10);
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(C, 1), ack: add(S, 1) });
        expect(stateOf(r.host, SERVER)).toBe('ESTABLISHED');
      });

      it('TIME-WAIT: "If the RST bit is set, then enter the CLOSED state, delete the TCB, and return"', () => {
        const r = deliver(timeWait(o).client, toClient({ flags: ['RST'], seq: add(S, 2) }), 10);
        expect(transitions(r)).toEqual(['TIME-WAIT=>CLOSED']);
        expect(r.host.connections).toEqual([]);
      });

      it('LAST-ACK: "If the RST bit is set, then enter the CLOSED state, delete the TCB, and return"', () => {
        const r = deliver(lastAck(o).server, seg({ flags: ['RST'], seq: add(C, 2) }), 10);
        expect(transitions(r)).toEqual(['LAST-ACK=>CLOSED']);
        expect(r.host.connections).toEqual([]);
      });
    });

    describe(`§3.10.7.4 fourth check, SYN (${name})`, () => {
      it('"If the SYN bit is set, irrespective of the sequence number, TCP endpoints MUST send a \'challenge ACK\' to the remote peer: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"', () => {
        for (const seq of [add(S, 1), add(S, 500), S]) {
          const r = deliver(established(o).client, toClient({ flags: ['SYN'], seq }), 10);
          expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(C, 1), ack: add(S, 1) });
          expect(stateOf(r.host, SERVER)).toBe('ESTABLISHED');
        }
      });
    });

    describe(`§3.10.7.4 fifth check, ACK (${name})`, () => {
      it('"if the ACK bit is off, drop the segment and return"', () => {
        const r = deliver(established(o).server, seg({ seq: add(C, 1), data: 'xy' }), 10);
        expect(sentSegments(r)).toEqual([]);
        expect(tcb(r.host, CLIENT).delivered).toBe('');
      });

      it('SYN-RECEIVED: "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state"; otherwise "<SEQ=SEG.ACK><CTL=RST>"', () => {
        const { server } = synReceived(o);
        const bad = deliver(server, seg({ flags: ['ACK'], seq: add(C, 1), ack: add(S, 9) }), 10);
        expectSegment(onlySegment(bad), { flags: ['RST'], seq: add(S, 9) });
        expect(stateOf(bad.host, CLIENT)).toBe('SYN-RECEIVED');
        const good = deliver(server, seg({ flags: ['ACK'], seq: add(C, 1), ack: add(S, 1) }), 10);
        expect(transitions(good)).toEqual(['SYN-RECEIVED=>ESTABLISHED']);
      });

      it('ESTABLISHED: "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment, and return"', () => {
        const r = deliver(established(o).client, toClient({ flags: ['ACK'], seq: add(S, 1), ack: add(C, 50), data: 'zz' }), 10);
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(C, 1), ack: add(S, 1) });
        expect(tcb(r.host, SERVER).delivered).toBe('');
      });

      it('ESTABLISHED: "If SND.UNA < SEG.ACK =< SND.NXT, then set SND.UNA <- SEG.ACK. Any segments on the retransmission queue that are thereby entirely acknowledged are removed"', () => {
        const sent = ok(established(o).client, { kind: 'send', at: 0, remote: SERVER, data: 'hello' }).host;
        const r = deliver(sent, toClient({ flags: ['ACK'], seq: add(S, 1), ack: add(C, 6) }), 10);
        expect(tcb(r.host, SERVER)).toMatchObject({ sndUna: add(C, 6), unacked: [], retransmitTimer: null });
      });

      it('FIN-WAIT-1: "if the FIN segment is now acknowledged, then enter FIN-WAIT-2 and continue processing"', () => {
        const r = deliver(finWait1(o).client, toClient({ flags: ['ACK'], seq: add(S, 1), ack: add(C, 2) }), 10);
        expect(transitions(r)).toEqual(['FIN-WAIT-1=>FIN-WAIT-2']);
      });

      it('CLOSING: "if the ACK acknowledges our FIN, then enter the TIME-WAIT state"', () => {
        const { client, clientAck, serverAck } = closing(o);
        expectSegment(serverAck, { flags: ['ACK'], seq: add(S, 2), ack: add(C, 2) });
        expectSegment(clientAck, { flags: ['ACK'], seq: add(C, 2), ack: add(S, 2) });
        expect(transitions(deliver(client, serverAck, 10))).toEqual(['CLOSING=>TIME-WAIT']);
      });

      it('LAST-ACK: "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state, and return"', () => {
        const r = deliver(lastAck(o).server, seg({ flags: ['ACK'], seq: add(C, 2), ack: add(S, 2) }), 10);
        expect(transitions(r)).toEqual(['LAST-ACK=>CLOSED']);
        expect(r.host.connections).toEqual([]);
      });

      it('TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout"', () => {
        const { client, fin } = timeWait(o);
        const r = deliver(client, fin, 5_000);
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(C, 2), ack: add(S, 2) });
        expect(nextDeadline(r.host)).toBe(5_000 + timeWaitMs(configFor(profile)));
      });
    });

    describe(`§3.10.7.4 seventh and eighth checks, text and FIN (${name})`, () => {
      it('ESTABLISHED: text and a FIN in one segment: the text is delivered, "RCV.NXT … advance[d] … over the FIN", CLOSE-WAIT, and the ACK covers both', () => {
        const r = deliver(established(o).server, seg({ flags: ['FIN', 'ACK'], seq: add(C, 1), ack: add(S, 1), data: 'bye' }), 10);
        expect(transitions(r)).toEqual(['ESTABLISHED=>CLOSE-WAIT']);
        expect(tcb(r.host, CLIENT)).toMatchObject({ delivered: 'bye', rcvNxt: add(C, 5) });
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(S, 1), ack: add(C, 5) });
      });

      it('FIN-WAIT-1: "If our FIN has been ACKed (perhaps in this segment), then enter TIME-WAIT … otherwise, enter the CLOSING state"', () => {
        const { client } = finWait1(o);
        const unacked = deliver(client, toClient({ flags: ['FIN', 'ACK'], seq: add(S, 1), ack: add(C, 1) }), 10);
        expect(transitions(unacked)).toEqual(['FIN-WAIT-1=>CLOSING']);
        expectSegment(onlySegment(unacked), { flags: ['ACK'], seq: add(C, 2), ack: add(S, 2) });
        const acked = deliver(client, toClient({ flags: ['FIN', 'ACK'], seq: add(S, 1), ack: add(C, 2) }), 10);
        expect(transitions(acked)).toEqual(['FIN-WAIT-1=>TIME-WAIT']);
        expectSegment(onlySegment(acked), { flags: ['ACK'], seq: add(C, 2), ack: add(S, 2) });
      });

      it('FIN-WAIT-2: "Enter the TIME-WAIT state. Start the time-wait timer, turn off the other timers"', () => {
        const r = deliver(finWait2(o).client, toClient({ flags: ['FIN', 'ACK'], seq: add(S, 1), ack: add(C, 2) }), 10);
        expect(transitions(r)).toEqual(['FIN-WAIT-2=>TIME-WAIT']);
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: add(C, 2), ack: add(S, 2) });
        expect(nextDeadline(r.host)).toBe(10 + timeWaitMs(configFor(profile)));
      });
    });

    describe(`§3.10.8 timeouts (${name})`, () => {
      it('"If the time-wait timeout expires on a connection, delete the TCB, enter the CLOSED state, and return"', () => {
        const { client } = timeWait(o);
        const end = timeWaitMs(configFor(profile));
        expect(stateOf(tick(client, end - 1).host, SERVER)).toBe('TIME-WAIT');
        const r = tick(client, end);
        expect(transitions(r)).toEqual(['TIME-WAIT=>CLOSED']);
        expect(r.host.connections).toEqual([]);
      });

      it('every retransmitted SYN is the same SYN: <SEQ=ISS><CTL=SYN>', () => {
        let h = synSent(o).client;
        for (const at of retransmissionSchedule(configFor(profile), 'SYN').retransmitAt) {
          const r = tick(h, at);
          expectSegment(onlySegment(r), { flags: ['SYN'], seq: C });
          h = r.host;
        }
      });
    });
  }

  describe(`§3.8.3 MUST-23, rfc9293 only (${isn.name})`, () => {
    const profile: Profile = 'rfc9293';
    it('"R2 for a SYN segment MUST be set large enough to provide retransmission of the segment for at least 3 minutes"', () => {
      const o: BuildOptions = { profile, clientIss: C, serverIss: S };
      const schedule = retransmissionSchedule(configFor(profile), 'SYN');
      expect(schedule.retransmitAt.at(-1)).toBeGreaterThanOrEqual(180_000);
      expect(stateOf(tick(synSent(o).client, 180_000).host, SERVER)).toBe('SYN-SENT');
      // The application hears "connection timed out" only when R2 runs out.
      const r = tick(synSent(o).client, schedule.giveUpAt);
      expect(transitions(r)).toEqual(['SYN-SENT=>CLOSED']);
      expect(signalsOf(r)).toEqual(['connection-timed-out']);
    });
  });
}

describe('§3.10.7.4 where the profiles differ', () => {
  it('rfc9293: a retransmitted SYN in SYN-RECEIVED is outside the window (SEG.SEQ < RCV.NXT): answered <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>', () => {
    const { server, syn } = synReceived({ clientIss: 2 ** 32 - 1, serverIss: 2 ** 32 - 1 });
    expectSegment(onlySegment(deliver(server, syn, 10)), { flags: ['ACK'], seq: 0, ack: 0 });
  });

  it('linux: the same SYN is taken as a sign the SYN-ACK was lost and the SYN-ACK is sent again', () => {
    const { server, syn } = synReceived({ profile: 'linux', clientIss: 2 ** 32 - 1, serverIss: 2 ** 32 - 1 });
    expectSegment(onlySegment(deliver(server, syn, 10)), { flags: ['SYN', 'ACK'], seq: 2 ** 32 - 1, ack: 0 });
  });

  it('the RFC 1337 option, off by default in both, ignores a RST in TIME-WAIT when turned on', () => {
    for (const profile of PROFILES) {
      const { client } = timeWait({ profile, clientIss: 2 ** 32 - 3, serverIss: 2 ** 32 - 2, config: { rfc1337: true } });
      const r = deliver(client, toClient({ flags: ['RST'], seq: 0 }), 10);
      expect(sentSegments(r)).toEqual([]);
      expect(stateOf(r.host, SERVER)).toBe('TIME-WAIT');
    }
  });
});

