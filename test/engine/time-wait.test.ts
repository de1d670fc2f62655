/**
 * TIME-WAIT (RFC 9293 §3.3.2, §3.10.7.4; RFC 1337): the active closer waits 2×MSL so a lost last
 * ACK can be repeated and old duplicates die out.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../shared/tcp/host.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import {
  CLIENT,
  CLIENT_ISS,
  SERVER,
  SERVER_ISS,
  deliver,
  expectSegment,
  ok,
  onlySegment,
  rulesOf,
  seg,
  segmentOutputs,
  sentSegments,
  signalsOf,
  tcb,
  tick,
  timeWait,
  transitions,
} from './builders.ts';

const toClient = (f: Parameters<typeof seg>[0]) => seg({ src: SERVER, dst: CLIENT, ...f });

describe('TIME-WAIT: the 2×MSL timer', () => {
  it('the last ACK acknowledges the peer\'s FIN: <SEQ=SND.NXT><ACK=FIN+1>', () => {
    expectSegment(timeWait().lastAckSeg, { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 2, data: '' });
  });

  it('rfc9293: lasts exactly 2×MSL = 240 s, then CLOSED', () => {
    const { client } = timeWait();
    expect(nextDeadline(client)).toBe(240_000);
    expect(tcb(tick(client, 239_999).host, SERVER).state).toBe('TIME-WAIT');
    const r = tick(client, 240_000);
    expect(transitions(r)).toEqual(['TIME-WAIT=>CLOSED']);
    expect(signalsOf(r)).toEqual(['connection-closed']);
    expect(rulesOf(r)).toEqual(['close.time-wait-expired', 'close.time-wait-expired']);
    expect(sentSegments(r)).toEqual([]);
    expect(r.host.connections).toEqual([]);
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('linux: lasts exactly 60 s (TCP_TIMEWAIT_LEN)', () => {
    const { client } = timeWait({ profile: 'linux' }, 1_000);
    expect(nextDeadline(client)).toBe(61_000);
    expect(tcb(tick(client, 60_999).host, SERVER).state).toBe('TIME-WAIT');
    expect(transitions(tick(client, 61_000))).toEqual(['TIME-WAIT=>CLOSED']);
  });

  it('while it lasts, the socket pair cannot be reused: connect is refused', () => {
    const r = step(timeWait().client, { kind: 'connect', at: 10, remote: SERVER });
    expect(r.ok ? 'accepted' : r.rejection.code).toBe('connection-already-exists');
  });
});

describe('TIME-WAIT: the last ACK is lost', () => {
  it('the peer resends its FIN; it is re-ACKed and 2×MSL restarts from then', () => {
    const { client, server } = timeWait();
    const fin = onlySegment(tick(server, 1_000));
    expectSegment(fin, { flags: ['FIN', 'ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2 });
    const r = deliver(client, fin, 1_300);
    const out = segmentOutputs(r);
    expect(out).toHaveLength(1);
    expectSegment(out[0]!.segment, { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 2 });
    expect(out[0]!.rule).toBe('close.time-wait-fin-reacked');
    expect(transitions(r)).toEqual([]);
    expect(nextDeadline(r.host)).toBe(241_300);
    expect(tcb(tick(r.host, 241_299).host, SERVER).state).toBe('TIME-WAIT');
    expect(transitions(tick(r.host, 241_300))).toEqual(['TIME-WAIT=>CLOSED']);
    // The repeated ACK closes the peer.
    expect(transitions(deliver(tick(server, 1_000).host, out[0]!.segment, 1_600))).toEqual(['LAST-ACK=>CLOSED']);
  });

  it('rfc9293: a bare ACK at RCV.NXT is dropped without reply, and 2×MSL runs on as it was', () => {
    const r = deliver(timeWait().client, toClient({ flags: ['ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2 }), 10);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: SERVER, rule: 'wait.duplicate-ignored' }]);
    expect(nextDeadline(r.host)).toBe(240_000);
  });

  it('linux: a bare ACK at RCV.NXT is dropped without reply, and TIME-WAIT starts its 60 s again (tcp_timewait_state_process: "it may be only reset or bare ack" → inet_twsk_reschedule)', () => {
    const { client } = timeWait({ profile: 'linux' });
    const before = nextDeadline(client);
    const r = deliver(client, toClient({ flags: ['ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2 }), 10_000);
    expect(r.outputs).toEqual([{ kind: 'drop', conn: SERVER, rule: 'wait.duplicate-ignored' }]);
    expect(tcb(r.host, SERVER).state).toBe('TIME-WAIT');
    expect(nextDeadline(r.host)).toBe(10_000 + 60_000);
    expect(nextDeadline(r.host)).toBeGreaterThan(before!);
  });
});

describe('TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout" (§3.10.7.4 fifth check)', () => {
  // Linux tcp_timewait_state_process agrees: only a bare ACK (or a RST) exactly at RCV.NXT is taken
  // silently; "all the segments are ACKed immediately", and the TIME-WAIT timer rescheduled.
  const cases: [string, Parameters<typeof toClient>[0]][] = [
    ['a bare ACK that starts past RCV.NXT (in window) and acknowledges what was never sent', { flags: ['ACK'], seq: SERVER_ISS + 13, ack: CLIENT_ISS + 7 }],
    ['a FIN past the one already taken', { flags: ['FIN', 'ACK'], seq: SERVER_ISS + 14, ack: CLIENT_ISS + 1 }],
    ['a FIN at RCV.NXT (a second FIN: the first was taken)', { flags: ['FIN', 'ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2 }],
    ['data at RCV.NXT', { flags: ['ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2, data: 'late' }],
  ];
  for (const profile of ['rfc9293', 'linux'] as const) {
    for (const [what, f] of cases) {
      it(`${profile}: ${what} is acknowledged <SEQ=SND.NXT><ACK=RCV.NXT>, RCV.NXT stays, 2×MSL restarts`, () => {
        const { client } = timeWait({ profile });
        const r = deliver(client, toClient(f), 1_000);
        expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 2, data: '' });
        expect(rulesOf(r)).toEqual(['close.time-wait-segment-acked']);
        expect(transitions(r)).toEqual([]);
        expect(tcb(r.host, SERVER).rcvNxt).toBe(SERVER_ISS + 2);
        expect(nextDeadline(r.host)).toBe(1_000 + (profile === 'linux' ? 60_000 : 240_000));
      });
    }
  }
});

describe('TIME-WAIT, linux: its ACKs of bare segments are rate-limited too (tcp_timewait_check_oow_rate_limit)', () => {
  const pastRcvNxt = { flags: ['ACK'], seq: SERVER_ISS + 13, ack: CLIENT_ISS + 7 } as Parameters<typeof toClient>[0];
  it('a second bare ACK past RCV.NXT within 500 ms gets no ACK, but 2×MSL still restarts', () => {
    const { client } = timeWait({ profile: 'linux' });
    const first = deliver(client, toClient(pastRcvNxt), 1_000);
    const soon = deliver(first.host, toClient(pastRcvNxt), 1_300);
    expect(soon.outputs.filter((o) => o.kind === 'segment')).toEqual([]);
    expect(rulesOf(soon)).toEqual(['ack.out-of-window-rate-limited']);
    expect(nextDeadline(soon.host)).toBe(1_300 + 60_000);
  });

  it('a retransmitted FIN is always acknowledged (a FIN is no part of an ACK loop)', () => {
    const { client } = timeWait({ profile: 'linux' });
    const first = deliver(client, toClient(pastRcvNxt), 1_000);
    const fin = deliver(first.host, toClient({ flags: ['FIN', 'ACK'], seq: SERVER_ISS + 2, ack: CLIENT_ISS + 2 }), 1_100);
    expect(rulesOf(fin)).toEqual(['close.time-wait-segment-acked']);
  });

  it('rfc9293: every one is acknowledged', () => {
    const { client } = timeWait({ profile: 'rfc9293' });
    const first = deliver(client, toClient(pastRcvNxt), 1_000);
    expect(rulesOf(deliver(first.host, toClient(pastRcvNxt), 1_300))).toEqual(['close.time-wait-segment-acked']);
  });
});

describe('TIME-WAIT: RST (RFC 9293 §3.10.7.4 second check; RFC 1337 "TIME-WAIT assassination")', () => {
  const rst = toClient({ flags: ['RST'], seq: SERVER_ISS + 2 });

  for (const profile of ['rfc9293', 'linux'] as const) {
    it(`${profile}: "TIME-WAIT STATE: If the RST bit is set, then enter the CLOSED state, delete the TCB, and return"`, () => {
      const r = deliver(timeWait({ profile }).client, rst, 10);
      expect(r.outputs).toEqual([{ kind: 'state', conn: SERVER, from: 'TIME-WAIT', to: 'CLOSED', rule: 'rst.time-wait-assassination' }]);
      expect(r.host.connections).toEqual([]);
      expect(nextDeadline(r.host)).toBeNull();
    });

    it(`${profile} with the RFC 1337 option on: the RST is ignored and TIME-WAIT runs its full 2×MSL`, () => {
      const { client } = timeWait({ profile, config: { rfc1337: true } });
      const r = deliver(client, rst, 10);
      expect(r.outputs).toEqual([{ kind: 'drop', conn: SERVER, rule: 'rst.time-wait-rfc1337' }]);
      expect(nextDeadline(r.host)).toBe(nextDeadline(client));
      expect(tcb(r.host, SERVER).state).toBe('TIME-WAIT');
    });

    it(`${profile}: an in-window RST that is not exact draws a challenge ACK (RFC 5961 §3.2) and TIME-WAIT goes on`, () => {
      const r = deliver(timeWait({ profile }).client, toClient({ flags: ['RST'], seq: SERVER_ISS + 9 }), 10);
      expect(rulesOf(r)).toEqual(['rst.in-window-challenge-ack']);
      expect(tcb(r.host, SERVER).state).toBe('TIME-WAIT');
    });
  }

  it('the RFC 1337 option is off in both profiles, as RFC 9293 and Linux (tcp_rfc1337 = 0) have it', () => {
    expect(timeWait().client.config.rfc1337).toBe(false);
    expect(timeWait({ profile: 'linux' }).client.config.rfc1337).toBe(false);
  });
});

describe('TIME-WAIT: user calls', () => {
  it('SEND and CLOSE are refused with the host unchanged', () => {
    const { client } = timeWait();
    for (const event of [{ kind: 'send', at: 5, remote: SERVER, data: 'x' }, { kind: 'close', at: 5, remote: SERVER }] as const) {
      const r = step(client, event);
      expect(r.ok ? 'accepted' : r.rejection.code).toBe('connection-closing');
      expect(r.host).toEqual(client);
    }
  });

  it('ABORT deletes the TCB silently', () => {
    const r = ok(timeWait().client, { kind: 'abort', at: 5, remote: SERVER });
    expect(r.outputs).toEqual([{ kind: 'state', conn: SERVER, from: 'TIME-WAIT', to: 'CLOSED', rule: 'abort.silent' }]);
  });

  it('a SYN in TIME-WAIT draws a challenge ACK (RFC 5961 §4.2)', () => {
    const r = deliver(timeWait().client, toClient({ flags: ['SYN'], seq: SERVER_ISS + 100 }), 10);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 2 });
    expect(rulesOf(r)).toEqual(['syn.synchronized-challenge-ack']);
  });
});
