/**
 * Captures of what Linux 6.18 was observed to do in cases a loopback test cannot make happen on
 * demand (the exchanges as issue 11 records them), built packet by packet, annotated with
 * `--profile linux`: the states after each packet are the ones the kernel reported.
 */
import { describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { noteText } from '../../shared/annotate/noteText.ts';
import { encodeIpv4Tcp, type TcpSegmentOut } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcap, seg } from './handBuilt.ts';

const C = { srcIp: '10.77.1.1', srcPort: 42468, dstIp: '10.77.1.2', dstPort: 5000 };
const S = { srcIp: '10.77.1.2', srcPort: 5000, dstIp: '10.77.1.1', dstPort: 42468 };
const CLIENT = '10.77.1.1:42468';
const SERVER = '10.77.1.2:5000';
const f = (syn: boolean, ack: boolean, fin = false, rst = false) => ({ SYN: syn, ACK: ack, FIN: fin, RST: rst });

function annotatedRows(packets: [number, TcpSegmentOut][], profile: 'linux' | 'rfc9293' = 'linux') {
  const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, s]) => ({ t, bytes: encodeIpv4Tcp(s) }))), { profile });
  expect(annotator.problems.listed).toEqual([]);
  return rows;
}

function annotate(packets: [number, TcpSegmentOut][]): [string, string][] {
  return annotatedRows(packets).map((r) => [r.states[CLIENT]!, r.states[SERVER]!]);
}

describe('Linux behaviours, annotated with the linux profile', () => {
  it('accept queue full: the server ignores the final ACK and the ACKs to its retransmitted SYN-ACKs, staying SYN-RECEIVED, until accept() makes room', () => {
    const states = annotate([
      [0, seg({ ...C, seq: 1000, flags: f(true, false) })],
      [0.00005, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [0.0001, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })], // dropped: accept queue full
      [1.02, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })], // SYN-ACK timer
      [1.0201, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })], // dropped again
      [3.1, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [3.1001, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })], // accept() made room: taken
      [3.2, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true, true) })],
      [3.2001, seg({ ...S, seq: 9001, ack: 1002, flags: f(false, true) })],
    ]);
    expect(states).toEqual([
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['FIN-WAIT-1', 'CLOSE-WAIT'],
      ['FIN-WAIT-2', 'CLOSE-WAIT'],
    ]);
  });

  it('the listener closes under an embryonic connection: the client\'s later FIN meets no connection and gets <SEQ=SEG.ACK><CTL=RST>', () => {
    const packets: [number, TcpSegmentOut][] = [
      [0, seg({ ...C, seq: 1000, flags: f(true, false) })],
      [0.00005, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [0.0001, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })], // dropped: accept queue full
      [1.02, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [1.0201, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })], // dropped
      [2, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true, true) })],
      [2.00005, seg({ ...S, seq: 9001, ack: 0, flags: f(false, false, false, true) })],
    ];
    // The first ACK is shown dropped by the SYN-ACK sent again after it; the second, by the reset
    // that answers the FIN from a server that sent nothing since and was already holding the
    // connection back: the embryonic connection died with its listener, it was never ESTABLISHED.
    expect(annotate(packets)).toEqual([
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['FIN-WAIT-1', 'CLOSED'],
      ['CLOSED', 'CLOSED'],
    ]);
    const rows = annotatedRows(packets);
    for (const i of [2, 4]) {
      expect(rows[i]!.arrived).toBe(true);
      expect(rows[i]!.note).toMatch(/did not take this ACK: its next segment here \(#\d\) shows it still in SYN-RECEIVED\. Linux drops the handshake's last ACK while the listener's accept queue is full/);
      expect(noteText(rows[i]!.notes, 'zh-CN')).toMatch(/全连接队列已满时，Linux 会丢弃握手的最后一个 ACK/);
    }
  });

  it('rfc9293 has no accept queue: the same capture reads as the final ACK taken and the SYN-ACK a stray retransmission', () => {
    const rows = annotatedRows([
      [0, seg({ ...C, seq: 1000, flags: f(true, false) })],
      [0.00005, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [0.0001, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })],
      [1.02, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
    ], 'rfc9293');
    expect(rows.map((r) => r.notes.some((n) => n.code === 'accept-queue-drop'))).toEqual([false, false, false, false]);
  });

  it('a handshake ACK whose SYN-ACK retransmission crossed it (sent before it arrived) proves nothing: the server takes it', () => {
    // The SYN-ACK took 0.3 s to answer the SYN as seen here; the resent SYN-ACK 0.1 s after the ACK crossed it.
    const states = annotate([
      [0, seg({ ...C, seq: 1000, flags: f(true, false) })],
      [0.3, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [0.9, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })],
      [1.0, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [1.3, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })],
    ]);
    expect(states[2]).toEqual(['ESTABLISHED', 'ESTABLISHED']);
  });

  it('a lost SYN-ACK: the retransmitted SYN is answered with the SYN-ACK again (Linux), the first SYN-ACK never arrived', () => {
    const states = annotate([
      [0, seg({ ...C, seq: 1000, flags: f(true, false) })],
      [0.00005, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })], // lost
      [1.0, seg({ ...C, seq: 1000, flags: f(true, false) })],
      [1.00005, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [1.0001, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })],
    ]);
    expect(states).toEqual([
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'ESTABLISHED'],
    ]);
  });

  it('SYNs lost on Linux 6.18\'s linear schedule (1 s apart, then doubling): each unanswered SYN is lost, the server stays LISTEN until one arrives', () => {
    const times = [0, 1.0, 2.0, 3.1, 4.1, 5.1, 7.1];
    const states = annotate([
      ...times.map((t): [number, TcpSegmentOut] => [t, seg({ ...C, seq: 1000, flags: f(true, false) })]),
      [7.10005, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [7.1001, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })],
    ]);
    expect(states).toEqual([
      ...times.slice(0, -1).map((): [string, string] => ['SYN-SENT', 'LISTEN']),
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'ESTABLISHED'],
    ]);
  });

  it('a lost FIN and a lost last ACK: the retransmission shows which copy arrived', () => {
    const handshake: [number, TcpSegmentOut][] = [
      [0, seg({ ...C, seq: 1000, flags: f(true, false) })],
      [0.00005, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [0.0001, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })],
    ];
    const lostFin = annotate([
      ...handshake,
      [1, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true, true) })], // lost
      [1.21, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true, true) })],
      [1.21005, seg({ ...S, seq: 9001, ack: 1002, flags: f(false, true, true) })],
      [1.2101, seg({ ...C, seq: 1002, ack: 9002, flags: f(false, true) })],
    ]);
    expect(lostFin.slice(3)).toEqual([
      ['FIN-WAIT-1', 'ESTABLISHED'],
      ['FIN-WAIT-1', 'CLOSE-WAIT'],
      ['TIME-WAIT', 'LAST-ACK'],
      ['TIME-WAIT', 'CLOSED'],
    ]);
    const lostLastAck = annotate([
      ...handshake,
      [1, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true, true) })],
      [1.00005, seg({ ...S, seq: 9001, ack: 1002, flags: f(false, true, true) })],
      [1.0001, seg({ ...C, seq: 1002, ack: 9002, flags: f(false, true) })], // lost
      [1.21, seg({ ...S, seq: 9001, ack: 1002, flags: f(false, true, true) })],
      [1.21005, seg({ ...C, seq: 1002, ack: 9002, flags: f(false, true) })],
    ]);
    expect(lostLastAck.slice(3)).toEqual([
      ['FIN-WAIT-1', 'CLOSE-WAIT'],
      ['TIME-WAIT', 'LAST-ACK'],
      ['TIME-WAIT', 'LAST-ACK'],
      ['TIME-WAIT', 'LAST-ACK'],
      ['TIME-WAIT', 'CLOSED'],
    ]);
  });

  it('simultaneous open: SYNs cross, both pass SYN-RECEIVED; Linux adds an ACK', () => {
    const A = { srcIp: '10.77.1.1', srcPort: 42468, dstIp: '10.77.1.2', dstPort: 5000 };
    const B = { srcIp: '10.77.1.2', srcPort: 5000, dstIp: '10.77.1.1', dstPort: 42468 };
    const states = annotate([
      [0, seg({ ...A, seq: 1000, flags: f(true, false) })],
      [0.00001, seg({ ...B, seq: 9000, flags: f(true, false) })],
      [0.00002, seg({ ...A, seq: 1000, ack: 9001, flags: f(true, true) })],
      [0.00003, seg({ ...B, seq: 9000, ack: 1001, flags: f(true, true) })],
      [0.00004, seg({ ...A, seq: 1001, ack: 9001, flags: f(false, true) })],
      [0.00005, seg({ ...B, seq: 9001, ack: 1001, flags: f(false, true) })],
    ]);
    expect(states).toEqual([
      ['SYN-SENT', 'CLOSED'],
      ['SYN-RECEIVED', 'SYN-RECEIVED'],
      ['SYN-RECEIVED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
    ]);
  });

  it('half-open discovery: the server lost the connection; the client\'s data is answered like a closed port', () => {
    const states = annotate([
      [0, seg({ ...C, seq: 1000, flags: f(true, false) })],
      [0.00005, seg({ ...S, seq: 9000, ack: 1001, flags: f(true, true) })],
      [0.0001, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true) })],
      [5, seg({ ...C, seq: 1001, ack: 9001, flags: f(false, true), payload: new TextEncoder().encode('ping') })],
      [5.00005, seg({ ...S, seq: 9001, ack: 0, flags: f(false, false, false, true) })],
    ]);
    expect(states).toEqual([
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'CLOSED'],
      ['CLOSED', 'CLOSED'],
    ]);
  });
  it('reordering: data and a FIN that came beyond a gap are held, and processed the moment the gap is filled (CLOSE-WAIT then)', () => {
    const d = (n: number): Uint8Array => new Uint8Array(n).fill(65);
    const states = annotate([
      [0, seg({ ...C, seq: 100, flags: f(true, false) })],
      [0.01, seg({ ...S, seq: 500, ack: 101, flags: f(true, true) })],
      [0.02, seg({ ...C, seq: 101, ack: 501, flags: f(false, true) })],
      [0.03, seg({ ...C, seq: 111, ack: 501, flags: f(false, true), payload: d(10) })], // overtook the first 10 bytes
      [0.04, seg({ ...S, seq: 501, ack: 101, flags: f(false, true) })],
      [0.05, seg({ ...C, seq: 121, ack: 501, flags: f(false, true, true) })],
      [0.06, seg({ ...S, seq: 501, ack: 101, flags: f(false, true) })],
      [0.07, seg({ ...C, seq: 101, ack: 501, flags: f(false, true), payload: d(10) })], // fills the gap
      [0.08, seg({ ...S, seq: 501, ack: 122, flags: f(false, true) })],
    ]);
    expect(states.slice(3)).toEqual([
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['FIN-WAIT-1', 'ESTABLISHED'],
      ['FIN-WAIT-1', 'ESTABLISHED'],
      ['FIN-WAIT-1', 'CLOSE-WAIT'],
      ['FIN-WAIT-2', 'CLOSE-WAIT'],
    ]);
  });
});
