/**
 * Orphans: a connection whose application called close() and will never touch the socket again
 * (Linux sock_orphan in tcp_close, SOCK_DEAD), left in FIN-WAIT-1, CLOSING or LAST-ACK to finish
 * alone. Linux bounds its retransmissions by net.ipv4.tcp_orphan_retries (0, read as 8 while the RTO
 * is below TCP_RTO_MAX: tcp_timer.c tcp_orphan_retries), turned into a time by tcp_model_timeout
 * (8 → 102.2 s) and checked at each expiry (retransmits_timed_out); not by tcp_retries2 (which
 * Linux reads as a time the same way: 15 → 924.6 s). An
 * application that shut down only its sending half (shutdown(SHUT_WR)) still holds the socket: no
 * orphan. RFC 9293 has no such rule: R2 and the user timeout bound an orphan as any connection.
 */
import { describe, expect, it } from 'vitest';
import { linuxModelTimeoutMs, orphanRetryLimit, retransmissionSchedule } from '../../shared/tcp/backoff.ts';
import { configFor, LINUX_CONFIG } from '../../shared/tcp/config.ts';
import { CLIENT, CLIENT_ISS, SERVER, SERVER_ISS, closeWait, deliver, established, expectSegment, finWait1, finWait2, lastAck, ok, onlySegment, rulesOf, seg, segmentOutputs, tcb, tick, transitions } from './builders.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';

const linux = { profile: 'linux' as const };

describe('Linux tcp_model_timeout: a retry count read as a time', () => {
  it('rfc9293 counts R2: 15 data retransmissions; linux times tcp_retries2: 13 with a 1 s first RTO, given up at 967 s', () => {
    expect(retransmissionSchedule(configFor('rfc9293'), 'data').retransmitAt).toHaveLength(15);
    expect(retransmissionSchedule(LINUX_CONFIG, 'data')).toMatchObject({ giveUpAt: 967_000 });
    expect(retransmissionSchedule(LINUX_CONFIG, 'data').retransmitAt).toHaveLength(13);
  });

  it('8 retransmissions from TCP_RTO_MIN (200 ms) are 102.2 s; tcp_retries2 = 15 is 924.6 s', () => {
    expect(linuxModelTimeoutMs(8, 120_000)).toBe(102_200);
    expect(linuxModelTimeoutMs(15, 120_000)).toBe(924_600);
  });

  it('an orphan with tcp_orphan_retries = 0 (8 while alive) gives up at the first expiry past 102.2 s: 127 s, after 6 retransmissions', () => {
    expect(orphanRetryLimit(LINUX_CONFIG)).toBe(6);
    expect(retransmissionSchedule(LINUX_CONFIG, 'FIN', false, true)).toEqual({ kind: 'FIN', retransmitAt: [1_000, 3_000, 7_000, 15_000, 31_000, 63_000], giveUpAt: 127_000 });
  });
});

describe('LAST-ACK, orphaned (the application called close())', () => {
  it('linux: the FIN is retransmitted 6 times, then the connection is dropped silently at 127 s (tcp_orphan_retries)', () => {
    const { server } = lastAck(linux);
    expect(tcb(server, CLIENT).orphaned).toBe(true);
    const before = tick(server, 126_999);
    expect(rulesOf(before).filter((r) => r === 'timer.retransmit-fin')).toHaveLength(6);
    expect(tcb(before.host, CLIENT).state).toBe('LAST-ACK');
    const r = tick(server, 127_000);
    expect(transitions(r)).toEqual(['LAST-ACK=>CLOSED']);
    expect(rulesOf(r)).toContain('timer.data-give-up');
    // tcp_write_err: no RST goes out; the TCB is simply gone.
    expect(segmentOutputs(r).filter((o) => o.segment.flags.RST)).toEqual([]);
    expect(r.host.connections).toEqual([]);
  });

  it('rfc9293: no orphan rule; the FIN goes on being retransmitted at 127 s (the user timeout ends it at 300 s)', () => {
    const { server } = lastAck();
    const r = tick(server, 127_000);
    expect(transitions(r)).toEqual([]);
    expect(tcb(r.host, CLIENT).state).toBe('LAST-ACK');
    expect(transitions(tick(server, 300_000))).toEqual(['LAST-ACK=>CLOSED']);
  });

  it('linux, tcp_orphan_retries = 15 set by hand: the orphan keeps going past 127 s', () => {
    const { server } = lastAck({ profile: 'linux', config: { orphanRetries: 15 } });
    expect(tcb(tick(server, 127_000).host, CLIENT).state).toBe('LAST-ACK');
  });
});

describe('FIN-WAIT-1, orphaned', () => {
  it('linux: an unacknowledged FIN after close() is given up at 127 s, not after tcp_retries2', () => {
    const { client } = finWait1(linux);
    expect(tcb(tick(client, 126_999).host, SERVER).state).toBe('FIN-WAIT-1');
    expect(transitions(tick(client, 127_000))).toEqual(['FIN-WAIT-1=>CLOSED']);
  });

  it('linux, shutdown(SHUT_WR): not an orphan; tcp_retries2 still bounds the FIN (retransmitted again at 127 s)', () => {
    const closed = ok(established(linux).client, { kind: 'close', at: 0, remote: SERVER, shutdown: true }).host;
    expect(tcb(closed, SERVER).state).toBe('FIN-WAIT-1');
    expect(tcb(closed, SERVER).orphaned).toBe(false);
    const r = tick(closed, 127_000);
    expect(transitions(r)).toEqual([]);
    expect(rulesOf(r).filter((x) => x === 'timer.retransmit-fin')).toHaveLength(7);
    expect(nextDeadline(r.host)).toBe(247_000);
  });

  it('linux, shutdown(SHUT_WR): tcp_retries2 = 15 is read as a time too (924.6 s): the FIN is given up at the expiry at 967 s, after 13 retransmissions', () => {
    const closed = ok(established(linux).client, { kind: 'close', at: 0, remote: SERVER, shutdown: true }).host;
    const before = tick(closed, 966_999);
    expect(rulesOf(before).filter((x) => x === 'timer.retransmit-fin')).toHaveLength(13);
    expect(tcb(before.host, SERVER).state).toBe('FIN-WAIT-1');
    expect(transitions(tick(closed, 967_000))).toEqual(['FIN-WAIT-1=>CLOSED']);
  });
});

describe('FIN-WAIT-2, orphaned (the application called close())', () => {
  it('linux: waits tcp_fin_timeout (60 s) for the peer\'s FIN, then the TCB is deleted silently: no segment, no RST', () => {
    const { client } = finWait2(linux);
    expect(tcb(client, SERVER).orphaned).toBe(true);
    expect(nextDeadline(client)).toBe(60_000);
    expect(tcb(tick(client, 59_999).host, SERVER).state).toBe('FIN-WAIT-2');
    const r = tick(client, 60_000);
    expect(transitions(r)).toEqual(['FIN-WAIT-2=>CLOSED']);
    expect(rulesOf(r)).toEqual(['close.fin-wait-2-timeout']);
    expect(segmentOutputs(r)).toEqual([]);
    expect(r.host.connections).toEqual([]);
  });

  it('linux: a FIN that comes later finds no connection and is answered with a RST (§3.10.7.1)', () => {
    const { client, server } = finWait2(linux);
    const gone = tick(client, 60_000).host;
    const fin = onlySegment(ok(server, { kind: 'close', at: 61_000, remote: CLIENT }));
    const r = deliver(gone, fin, 61_300);
    expect(onlySegment(r).flags.RST).toBe(true);
  });

  it('linux: the peer\'s FIN within 60 s takes it to TIME-WAIT, and the FIN-WAIT-2 timer is gone', () => {
    const { client, server } = finWait2(linux);
    const fin = onlySegment(ok(server, { kind: 'close', at: 10_000, remote: CLIENT }));
    const r = deliver(client, fin, 10_300);
    expect(transitions(r)).toEqual(['FIN-WAIT-2=>TIME-WAIT']);
    expect(tcb(r.host, SERVER).finWait2ExpiresAt).toBeNull();
    expect(nextDeadline(r.host)).toBe(70_300);
  });

  it('linux, shutdown(SHUT_WR): the application still holds the socket; FIN-WAIT-2 has no timer', () => {
    const closed = ok(established(linux).client, { kind: 'close', at: 0, remote: SERVER, shutdown: true });
    const { server } = established(linux);
    const ack = onlySegment(deliver(server, onlySegment(closed), 0));
    const r = deliver(closed.host, ack, 0);
    expect(tcb(r.host, SERVER).state).toBe('FIN-WAIT-2');
    expect(nextDeadline(r.host)).toBeNull();
  });

  it('rfc9293: no FIN-WAIT-2 timer, orphan or not: the connection waits for the FIN as long as it takes', () => {
    const { client } = finWait2();
    expect(nextDeadline(client)).toBeNull();
  });
});

/**
 * New data at an orphan. RFC 9293 §3.6.1: a host MAY implement a "half-duplex" close, after which
 * the application cannot read; then "if new data is received after CLOSE is called, its TCP
 * implementation SHOULD send a RST to show that data was lost" (SHLD-3). Linux does, for an orphan:
 * close() set its receive side shut (RCV_SHUTDOWN), and tcp_rcv_state_process step 7 resets a segment
 * whose data ends past RCV.NXT (LINUX_MIB_TCPABORTONDATA); tcp_v4_send_reset answers it with
 * <SEQ=SEG.ACK><CTL=RST>. shutdown(SHUT_WR) leaves the receive side open. RFC 9293's §3.10.7.4 (the
 * rfc9293 profile) delivers and acknowledges the data in FIN-WAIT-1 and FIN-WAIT-2.
 */
describe('FIN-WAIT-1 and FIN-WAIT-2, orphaned: new data', () => {
  /** The server, still open, sends "late" after the client's close(). */
  const late = (server: ReturnType<typeof established>['server']) => onlySegment(ok(server, { kind: 'send', at: 5, remote: CLIENT, data: 'late' }));

  it('linux FIN-WAIT-2: RST <SEQ=SEG.ACK><CTL=RST>, the connection deleted, no one told', () => {
    const { client, server } = finWait2(linux);
    const data = late(server);
    expectSegment(data, { flags: ['ACK'], seq: SERVER_ISS + 1, ack: CLIENT_ISS + 2, data: 'late' });
    const r = deliver(client, data, 10);
    expectSegment(onlySegment(r), { flags: ['RST'], seq: CLIENT_ISS + 2, ack: 0 });
    expect(transitions(r)).toEqual(['FIN-WAIT-2=>CLOSED']);
    expect(rulesOf(r)).toEqual(['close.abort-on-data', 'close.abort-on-data']);
    expect(r.host.connections).toEqual([]);
  });

  it('linux FIN-WAIT-1, the data acknowledging only the SYN: RST, CLOSED', () => {
    const { client, server } = finWait1(linux);
    const r = deliver(client, late(server), 10);
    expectSegment(onlySegment(r), { flags: ['RST'], seq: CLIENT_ISS + 1 });
    expect(transitions(r)).toEqual(['FIN-WAIT-1=>CLOSED']);
  });

  it('linux FIN-WAIT-1, the data acknowledging the FIN too: RST, CLOSED (Linux checks it on the way to FIN-WAIT-2)', () => {
    const { client, server, ackOfFin } = closeWait(linux);
    expect(ackOfFin.ack).toBe(CLIENT_ISS + 2);
    const r = deliver(client, late(server), 10);
    expectSegment(onlySegment(r), { flags: ['RST'], seq: CLIENT_ISS + 2 });
    expect(transitions(r)).toEqual(['FIN-WAIT-1=>CLOSED']);
  });

  it('linux FIN-WAIT-2: a FIN beyond RCV.NXT (data before it missing) resets too ("out of order FIN after close()")', () => {
    const { client } = finWait2(linux);
    const r = deliver(client, seg({ src: SERVER, dst: CLIENT, flags: ['FIN', 'ACK'], seq: SERVER_ISS + 5, ack: CLIENT_ISS + 2 }), 10);
    expectSegment(onlySegment(r), { flags: ['RST'], seq: CLIENT_ISS + 2 });
    expect(transitions(r)).toEqual(['FIN-WAIT-2=>CLOSED']);
  });

  it('linux FIN-WAIT-2: data already received is no new data: the first check\'s ACK, still FIN-WAIT-2', () => {
    const { client } = finWait2(linux);
    const r = deliver(client, seg({ src: SERVER, dst: CLIENT, flags: ['ACK'], seq: SERVER_ISS - 3, ack: CLIENT_ISS + 2, data: 'old' }), 10);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 1 });
    expect(tcb(r.host, SERVER).state).toBe('FIN-WAIT-2');
  });

  it('linux, shutdown(SHUT_WR): the receive side is open; the data is delivered and acknowledged', () => {
    const { client, server } = finWait2({ ...linux, shutdown: true });
    const r = deliver(client, late(server), 10);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 5 });
    expect(tcb(r.host, SERVER)).toMatchObject({ state: 'FIN-WAIT-2', unread: 'late' });
  });

  it('rfc9293 FIN-WAIT-2, orphan or not: §3.10.7.4 delivers the data and acknowledges it', () => {
    const { client, server } = finWait2();
    const r = deliver(client, late(server), 10);
    expectSegment(onlySegment(r), { flags: ['ACK'], seq: CLIENT_ISS + 2, ack: SERVER_ISS + 5 });
    expect(tcb(r.host, SERVER).state).toBe('FIN-WAIT-2');
  });
});
