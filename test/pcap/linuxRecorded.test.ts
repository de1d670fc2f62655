/**
 * Behaviours recorded from Linux 6.18 on a loopback (each in its own network namespace, losses made
 * with iptables drops after the capture point, the kernel's socket states read with `ss -tanoi`),
 * rebuilt here packet by packet with the same flags, relative seq/ack, windows and timing, and
 * annotated with `--profile linux`: the notes must say what the kernel did.
 */
import { describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { lossInDoubt } from '../../shared/annotate/noteText.ts';
import type { AnnotatedSegment } from '../../shared/annotate/types.ts';
import { encodeIpv4Tcp, type TcpSegmentOut } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcap, seg, tcpWithOptions } from './handBuilt.ts';

const C = { srcIp: '127.0.0.1', srcPort: 44292, dstIp: '127.0.0.2', dstPort: 5000 };
const S = { srcIp: '127.0.0.2', srcPort: 5000, dstIp: '127.0.0.1', dstPort: 44292 };
const CLIENT = '127.0.0.1:44292';
const SERVER = '127.0.0.2:5000';
const ack = { SYN: false, ACK: true, FIN: false, RST: false };
const bytes = (n: number): Uint8Array => new Uint8Array(n).fill(120);

function annotate(packets: [number, TcpSegmentOut][]): AnnotatedSegment[] {
  const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, s]) => ({ t, bytes: encodeIpv4Tcp(s) }))), { profile: 'linux' });
  expect(annotator.problems.listed).toEqual([]);
  return rows;
}
const codes = (r: AnnotatedSegment): string[] => r.notes.map((n) => n.code);

/** Packets with TCP timestamps (RFC 7323) where given: [time, segment, TSval, TSecr]. */
function annotateStamped(packets: ([number, TcpSegmentOut] | [number, TcpSegmentOut, number, number])[]): AnnotatedSegment[] {
  const u32 = (n: number): number[] => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const frames = packets.map(([t, s, value, echo]) => ({ t, bytes: value === undefined ? encodeIpv4Tcp(s) : tcpWithOptions(s, [1, 1, 8, 10, ...u32(value), ...u32(echo ?? 0)]) }));
  const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, frames), { profile: 'linux' });
  expect(annotator.problems.listed).toEqual([]);
  return rows;
}

const handshake: [number, TcpSegmentOut][] = [
  [0, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false }, window: 65495 })],
  [0.000012, seg({ ...S, seq: 500, ack: 101, flags: { ...ack, SYN: true }, window: 65483 })],
  [0.000024, seg({ ...C, seq: 101, ack: 501, window: 64 })],
];

describe('probes: a segment one below SND.NXT that the receiver must answer', () => {
  it('against a zero window it is the persist timer\'s window probe (RFC 9293 §3.8.6.1), not a keep-alive: Linux sends SEG.SEQ = SND.UNA − 1 with no data', () => {
    const rows = annotate([
      ...handshake,
      [0.0001, seg({ ...C, seq: 101, ack: 501, payload: bytes(1000) })],
      [0.0877, seg({ ...S, seq: 501, ack: 1101, window: 0 })], // the reader stopped reading: no room
      [0.3037, seg({ ...C, seq: 1100, ack: 501 })], // ss: timer:(persist,…)
      [0.3037, seg({ ...S, seq: 501, ack: 1101, window: 0 })],
      [0.7597, seg({ ...C, seq: 1100, ack: 501 })],
      [1.5111, seg({ ...S, seq: 501, ack: 1101, window: 4 })], // the application read: window update
      [1.5111, seg({ ...C, seq: 1101, ack: 501, payload: bytes(1000) })],
    ]);
    expect(codes(rows[4]!)).toContain('zero-window');
    for (const i of [5, 7]) {
      expect(codes(rows[i]!)).toContain('window-probe');
      expect(codes(rows[i]!)).not.toContain('keep-alive');
      expect(rows[i]!.note).toContain('zero-window probe');
    }
    expect(rows.map((r) => r.states[CLIENT])).toEqual(rows.map(() => 'ESTABLISHED').fill('SYN-SENT', 0, 1));
    expect(rows.map((r) => r.states[SERVER]).slice(2)).toEqual(rows.slice(2).map(() => 'ESTABLISHED'));
  });

  it('against an open window, on an idle connection, it is a keep-alive (RFC 9293 §3.8.4)', () => {
    const rows = annotate([
      ...handshake,
      [0.0001, seg({ ...C, seq: 101, ack: 501, payload: bytes(2) })],
      [0.00011, seg({ ...S, seq: 501, ack: 103 })],
      [1.0039, seg({ ...C, seq: 102, ack: 501 })],
      [1.00391, seg({ ...S, seq: 501, ack: 103 })],
    ]);
    expect(codes(rows[5]!)).toContain('keep-alive');
    expect(codes(rows[5]!)).not.toContain('window-probe');
  });
});

describe('a receiver with no room (a reader that stopped reading, SO_RCVBUF 4096; server nstat: RcvQDrop 1, BeyondWindow 6)', () => {
  it('data it is sent anyway reached it: each copy is answered at once by an ACK that takes none of it and offers a window of 0, so it was dropped for want of room, not lost on the way (RFC 9293 §3.10.7.4)', () => {
    const zero = { ...S, seq: 501, ack: 1101, window: 0 };
    const rows = annotate([
      ...handshake,
      [0.0010, seg({ ...C, seq: 101, ack: 501, payload: bytes(1000) })],
      [0.00122, seg({ ...C, seq: 1101, ack: 501, payload: bytes(1000) })], // the receive queue already full
      [0.00123, seg(zero)],
      [0.00124, seg({ ...C, seq: 2101, ack: 501, payload: bytes(1000) })], // beyond the window
      [0.00125, seg(zero)],
      [0.2095, seg({ ...C, seq: 1101, ack: 501, payload: bytes(1000) })], // its retransmission timer
      [0.20951, seg(zero)],
      [1.4735, seg({ ...C, seq: 1101, ack: 501, payload: bytes(1000) })],
      [1.4758, seg(zero)], // 2.3 ms: the receiver's answer, late, still before anything else the sender sent
      [3.0762, seg({ ...zero, window: 4000 })], // the application read: window update
      [3.1375, seg({ ...C, seq: 1101, ack: 501, payload: bytes(1000) })],
      [3.13758, seg({ ...S, seq: 501, ack: 2101, window: 4000 })],
    ]);
    for (const [i, by] of [[4, 5], [6, 7], [8, 9], [10, 11]] as const) {
      expect(rows[i]!.arrived).toBe(true);
      expect(rows[i]!.notes).toContainEqual({ code: 'no-room', who: 'server', by });
      expect(codes(rows[i]!)).not.toContain('lost-retransmitted');
    }
    expect(rows[13]!.notes.some((n) => n.code === 'no-room')).toBe(false);
    expect(rows.slice(2).every((r) => r.states[CLIENT] === 'ESTABLISHED' && r.states[SERVER] === 'ESTABLISHED')).toBe(true);
  });
});

describe('the close with a loss (the router dropped one segment toward the client)', () => {
  it('the final ACK lost: the client, in LAST-ACK, sends its FIN again on its timer 205 ms later, so the ACK never reached it (its echo, older than the ACK, only says it had not come yet); the server in TIME-WAIT acknowledges again (RFC 9293 §3.10.7.4)', () => {
    const rows = annotateStamped([
      ...handshake,
      [0.0001, seg({ ...C, seq: 101, ack: 501, payload: bytes(5) })],
      [0.00011, seg({ ...S, seq: 501, ack: 106, payload: bytes(6) })],
      [0.0032, seg({ ...C, seq: 106, ack: 507, payload: bytes(3) })],
      [0.0065, seg({ ...S, seq: 507, ack: 109, flags: { ...ack, FIN: true } }), 1006, 2003], // close()
      [0.0469, seg({ ...C, seq: 109, ack: 508 }), 2046, 1006], // delayed ACK
      [0.0535, seg({ ...C, seq: 109, ack: 508, flags: { ...ack, FIN: true } }), 2053, 1006],
      [0.05351, seg({ ...S, seq: 508, ack: 110 }), 1053, 2053], // dropped by the router after the capture point
      [0.2589, seg({ ...C, seq: 109, ack: 508, flags: { ...ack, FIN: true } }), 2258, 1006],
      [0.25891, seg({ ...S, seq: 508, ack: 110 }), 1258, 2258],
    ]);
    expect(rows[9]!.arrived).toBe(false);
    expect(rows[9]!.notes).toContainEqual({ code: 'lost-peer-retransmitted', by: 10 });
    expect(rows[9]!.states).toEqual({ [CLIENT]: 'LAST-ACK', [SERVER]: 'TIME-WAIT' });
    expect(codes(rows[10]!)).toContain('retransmission');
    expect(codes(rows[10]!)).not.toContain('not-own');
    expect(rows[11]!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'TIME-WAIT' });
  });

  it('the same lost final ACK captured at the client: its FIN sent again with no word from the server in between may have been lost, or arrived with the ACK lost on the way back, and the note gives both', () => {
    const rows = annotate([
      ...handshake,
      [0.0001, seg({ ...C, seq: 101, ack: 501, payload: bytes(5) })],
      [0.00011, seg({ ...S, seq: 501, ack: 106, payload: bytes(6) })],
      [0.0032, seg({ ...C, seq: 106, ack: 507, payload: bytes(3) })],
      [0.0065, seg({ ...S, seq: 507, ack: 109, flags: { ...ack, FIN: true } })],
      [0.0469, seg({ ...C, seq: 109, ack: 508 })],
      [0.0535, seg({ ...C, seq: 109, ack: 508, flags: { ...ack, FIN: true } })],
      [0.2589, seg({ ...C, seq: 109, ack: 508, flags: { ...ack, FIN: true } })],
      [0.25895, seg({ ...S, seq: 508, ack: 110 })],
    ]);
    expect(codes(rows[8]!)).toEqual(expect.arrayContaining(['lost-retransmitted', 'or-ack-lost']));
    expect(rows[8]!.note).toContain("or it arrived and the server's ACK of it was lost on the way back");
    // So the panel says the engine takes it as lost, not flatly that it did not reach the server.
    expect(lossInDoubt(rows[8]!.notes)).toBe(true);
    expect(rows.at(-1)!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'TIME-WAIT' });
  });

  it('the server\'s FIN lost, captured at the client: the server\'s answer to the client\'s FIN starts one past a FIN never seen, which it sends again 166 ms later, so it had closed first: FIN-WAIT-1, CLOSING, TIME-WAIT (ss at the server: CLOSING)', () => {
    const rows = annotate([
      ...handshake,
      [0.0002, seg({ ...C, seq: 101, ack: 501, payload: bytes(27) })],
      [0.0003, seg({ ...S, seq: 501, ack: 128, payload: bytes(40) })],
      [0.0211, seg({ ...C, seq: 128, ack: 541, payload: bytes(3) })], // the server read it, then close(): its FIN is dropped on the way
      [0.0713, seg({ ...C, seq: 131, ack: 541, flags: { ...ack, FIN: true } })],
      [0.0714, seg({ ...S, seq: 542, ack: 132 })],
      [0.2370, seg({ ...S, seq: 541, ack: 132, flags: { ...ack, FIN: true } })],
      [0.23701, seg({ ...C, seq: 132, ack: 542 })],
    ]);
    expect(rows[6]!.notes).toContainEqual({ code: 'fin-not-captured', who: 'server', by: 7, resent: 8 });
    expect(rows.slice(6).map((r) => r.states[SERVER])).toEqual(['CLOSING', 'CLOSING', 'CLOSING', 'TIME-WAIT']);
    expect(rows.slice(6).map((r) => r.states[CLIENT])).toEqual(['FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'TIME-WAIT']);
    expect(rows.some((r) => codes(r).includes('not-own') || codes(r).includes('gap'))).toBe(false);
  });
});

describe('a reset with no segment to answer: which call or timer sent it', () => {
  const requestReply: [number, TcpSegmentOut][] = [
    ...handshake,
    [0.0001, seg({ ...C, seq: 101, ack: 501, payload: bytes(5) })], // GET /
    [0.00011, seg({ ...S, seq: 501, ack: 106 })],
    [0.00012, seg({ ...S, seq: 501, ack: 106, payload: bytes(6) })], // 200 OK
    [0.00013, seg({ ...C, seq: 106, ack: 507 })],
  ];

  it('keep-alive timeout: the probes went unanswered (RFC 1122 §4.2.3.6), so Linux\'s keep-alive timer resets the connection; the last answer never reached the prober', () => {
    // TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 2; from 2.5 s on the answers were dropped at the client.
    const rows = annotate([
      ...requestReply,
      [1.0039, seg({ ...C, seq: 105, ack: 507 })],
      [1.00391, seg({ ...S, seq: 507, ack: 106 })],
      [3.0518, seg({ ...C, seq: 105, ack: 507 })],
      [3.05181, seg({ ...S, seq: 507, ack: 106 })],
      [4.0758, seg({ ...C, seq: 105, ack: 507 })],
      [4.07581, seg({ ...S, seq: 507, ack: 106 })],
      [5.1038, seg({ ...C, seq: 106, ack: 507, flags: { ...ack, RST: true } })],
    ]);
    const rst = rows.at(-1)!;
    expect(codes(rst)).toContain('keep-alive-timeout');
    expect(codes(rst)).not.toContain('close-unread-rst');
    expect(rst.note).toMatch(/keep-alive probes went unanswered/);
    expect(rst.notes).toContainEqual({ code: 'change', who: 'client', from: 'ESTABLISHED', to: 'CLOSED', rule: 'timer.keepalive-give-up' });
    expect(rst.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'CLOSED' });
    expect(rows.at(-2)!.arrived).toBe(false);
    expect(codes(rows.at(-2)!)).toContain('lost-keepalive-timeout');
    expect(rows.slice(0, -2).every((r) => r.arrived)).toBe(true);
  });

  it('the keep-alive reset lost too (the path to the server dropped everything): the server\'s FIN 8 s later shows it still had the connection, so the RST never reached it; the client, gone, answers that FIN with a RST', () => {
    // TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 3; from 1.5 s on the router dropped every segment to the server (ss there: ESTAB, then FIN-WAIT-1).
    const rows = annotate([
      ...requestReply,
      [1.0346, seg({ ...C, seq: 105, ack: 507 })],
      [1.0347, seg({ ...S, seq: 507, ack: 106 })],
      [2.0546, seg({ ...C, seq: 105, ack: 507 })],
      [3.0786, seg({ ...C, seq: 105, ack: 507 })],
      [4.1026, seg({ ...C, seq: 105, ack: 507 })],
      [5.1266, seg({ ...C, seq: 106, ack: 507, flags: { ...ack, RST: true } })],
      [13.0133, seg({ ...S, seq: 507, ack: 106, flags: { ...ack, FIN: true } })],
      [13.0134, seg({ ...C, seq: 106, flags: { ...ack, ACK: false, RST: true } })],
      [13.2187, seg({ ...S, seq: 507, ack: 106, flags: { ...ack, FIN: true } })],
    ]);
    const rst = rows[12]!;
    expect(codes(rst)).toContain('keep-alive-timeout');
    expect(rst.arrived).toBe(false);
    expect(rst.notes).toContainEqual({ code: 'lost-rst-ignored', by: 13 });
    expect(rst.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'ESTABLISHED' });
    expect(rows[13]!.states[SERVER]).toBe('FIN-WAIT-1');
    expect(rows[13]!.notes).toContainEqual({ code: 'change', who: 'server', from: 'ESTABLISHED', to: 'FIN-WAIT-1', rule: 'close.active-fin' });
  });

  it('a reset between keep-alive probes, not one probe interval after the last, is the application\'s (here close() with the reply unread)', () => {
    const rows = annotate([
      ...requestReply,
      [1.0039, seg({ ...C, seq: 105, ack: 507 })],
      [1.00391, seg({ ...S, seq: 507, ack: 106 })],
      [2.0277, seg({ ...C, seq: 105, ack: 507 })],
      [2.02771, seg({ ...S, seq: 507, ack: 106 })],
      [2.3, seg({ ...C, seq: 106, ack: 507, flags: { ...ack, RST: true } })],
    ]);
    expect(codes(rows.at(-1)!)).toContain('close-unread-rst');
    expect(codes(rows.at(-1)!)).not.toContain('keep-alive-timeout');
    expect(rows.every((r) => r.arrived)).toBe(true);
  });

  it('both ends abort at once (SO_LINGER 0, their RSTs 19 µs apart): each RST went out before the other arrived, so each host is closed by its own call', () => {
    const rows = annotate([
      ...requestReply,
      [0.003245, seg({ ...C, seq: 106, ack: 507, flags: { ...ack, RST: true } })],
      [0.003264, seg({ ...S, seq: 507, ack: 106, flags: { ...ack, RST: true } })],
    ]);
    expect(codes(rows.at(-2)!)).toContain('crossed');
    expect(rows.at(-2)!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'ESTABLISHED' });
    expect(codes(rows.at(-1)!)).toContain('abort');
    expect(codes(rows.at(-1)!)).not.toContain('no-connection');
    expect(rows.at(-1)!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'CLOSED' });
  });

  it('SO_LINGER 0 after the server answered the request: an abort, not close() with unread data (it read the request before it replied)', () => {
    const rows = annotate([...requestReply, [0.00015, seg({ ...S, seq: 507, ack: 106, flags: { ...ack, RST: true } })]]);
    expect(codes(rows.at(-1)!)).toContain('abort');
    expect(codes(rows.at(-1)!)).not.toContain('close-unread-rst');
    expect(rows.at(-1)!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'CLOSED' });
  });

  it('close() with bytes that came after the server last sent: Linux sends RST instead of FIN (data left unread)', () => {
    const rows = annotate([
      ...requestReply,
      [0.00014, seg({ ...C, seq: 106, ack: 507, payload: bytes(16) })],
      [0.1005, seg({ ...S, seq: 507, ack: 122 })],
      [0.108, seg({ ...S, seq: 507, ack: 122, flags: { ...ack, RST: true } })],
    ]);
    expect(codes(rows.at(-1)!)).toContain('close-unread-rst');
  });
});

describe('TCP Fast Open (RFC 7413; net.ipv4.tcp_fastopen = 3, the client holding a cookie from an earlier connection)', () => {
  const syn = (t: number): [number, TcpSegmentOut] => [t, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false }, payload: new TextEncoder().encode('GET /1') })];

  it('the SYN carries the first 6 bytes and the SYN-ACK acknowledges them (ack = ISN + 7): the server took the data in SYN-RECEIVED, the client is ESTABLISHED', () => {
    const rows = annotate([
      syn(0),
      [0.000015, seg({ ...S, seq: 500, ack: 107, flags: { ...ack, SYN: true } })],
      [0.000025, seg({ ...C, seq: 107, ack: 501 })],
      [0.00014, seg({ ...S, seq: 501, ack: 107, payload: bytes(6) })],
      [0.000145, seg({ ...C, seq: 107, ack: 507 })],
    ]);
    expect(rows.map((r) => [r.states[CLIENT], r.states[SERVER]])).toEqual([
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
    ]);
    expect(rows[0]!.notes).toContainEqual({ code: 'send', who: 'client', bytes: 6 });
    expect(rows[1]!.notes).toContainEqual({ code: 'rule', who: 'server', rule: 'open.fast-open-syn-data' });
    expect(rows.every((r) => r.arrived && !codes(r).includes('retransmission') && !codes(r).includes('no-connection'))).toBe(true);
  });

  it('the server\'s Fast Open turned off, the SYN-ACK takes only the SYN (ack = ISN + 1): the client is ESTABLISHED and sends the 6 bytes again at once, which completes the handshake', () => {
    const rows = annotate([
      syn(0),
      [0.000016, seg({ ...S, seq: 500, ack: 101, flags: { ...ack, SYN: true } })],
      [0.000036, seg({ ...C, seq: 101, ack: 501, payload: new TextEncoder().encode('GET /1') })],
      [0.000054, seg({ ...S, seq: 501, ack: 107 })],
    ]);
    expect(rows.map((r) => [r.states[CLIENT], r.states[SERVER]])).toEqual([
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'SYN-RECEIVED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
    ]);
    expect(codes(rows[0]!)).not.toContain('crossed');
    expect(codes(rows[1]!)).not.toContain('no-connection');
    expect(rows[2]!.notes).toContainEqual({ code: 'rule', who: 'client', rule: 'open.fast-open-data-resent' });
  });
});

describe('FIN-WAIT-2 after close(): the application closed reading too', () => {
  const closedFirst: [number, TcpSegmentOut][] = [
    ...handshake,
    [0.0001, seg({ ...C, seq: 101, ack: 501, payload: bytes(5) })],
    [0.00011, seg({ ...S, seq: 501, ack: 106 })],
    [0.00012, seg({ ...C, seq: 106, ack: 501, flags: { ...ack, FIN: true } })], // close()
    [0.0458, seg({ ...S, seq: 501, ack: 107 })],
  ];

  it('new data from the peer is answered with <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.6.1): the connection was there, its application could no longer read', () => {
    const rows = annotate([
      ...closedFirst,
      [0.1586, seg({ ...S, seq: 501, ack: 107, payload: bytes(10) })],
      [0.15865, seg({ ...C, seq: 107, ack: 0, flags: { ...ack, ACK: false, RST: true } })],
    ]);
    expect(rows[6]!.states).toEqual({ [CLIENT]: 'FIN-WAIT-2', [SERVER]: 'CLOSE-WAIT' });
    expect(codes(rows[7]!)).toContain('data-after-close');
    expect(codes(rows[7]!)).not.toContain('half-open');
    expect(rows[7]!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'CLOSE-WAIT' });
    expect(rows[7]!.notes).toContainEqual({ code: 'change', who: 'client', from: 'FIN-WAIT-2', to: 'CLOSED', rule: 'close.abort-on-data' });
    expect(rows[8]!.notes).toContainEqual({ code: 'rule', who: 'client', rule: 'close.abort-on-data' });
    expect(rows[8]!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'CLOSED' });
  });

  it('the same data acknowledged instead: the FIN came from shutdown(SHUT_WR), the application reads on (no orphan, no reset)', () => {
    const rows = annotate([
      ...closedFirst,
      [0.1586, seg({ ...S, seq: 501, ack: 107, payload: bytes(10) })],
      [0.15865, seg({ ...C, seq: 107, ack: 511 })],
    ]);
    expect(codes(rows[7]!)).not.toContain('data-after-close');
    expect(rows[7]!.states).toEqual({ [CLIENT]: 'FIN-WAIT-2', [SERVER]: 'CLOSE-WAIT' });
    expect(rows[8]!.states).toEqual({ [CLIENT]: 'FIN-WAIT-2', [SERVER]: 'CLOSE-WAIT' });
    expect(rows[8]!.notes.map((n) => n.code)).not.toContain('not-own');
    // The FIN's own row says so: the ACK of that data is what shows it was shutdown(), not close().
    expect(rows[5]!.notes).toContainEqual({ code: 'shutdown-write', who: 'client', by: 8 });
    expect(codes(rows[5]!)).not.toContain('close');
  });

  it('the peer\'s first new segment lost: the FIN\'s sender first asks again for it (a duplicate ACK, no reset), then acknowledges it once resent; that ACK shows shutdown(SHUT_WR) as well, decided at the FIN', () => {
    const rows = annotate([
      ...closedFirst,
      [0.1586, seg({ ...S, seq: 501, ack: 107, payload: bytes(10) })], // lost on the way
      [0.1587, seg({ ...S, seq: 511, ack: 107, payload: bytes(10) })],
      [0.15875, seg({ ...C, seq: 107, ack: 501 })], // out of order: a duplicate ACK, not the RST an orphan sends
      [0.3650, seg({ ...S, seq: 501, ack: 107, payload: bytes(10) })], // its retransmission timer
      [0.36505, seg({ ...C, seq: 107, ack: 521 })],
    ]);
    expect(rows[7]!.arrived).toBe(false);
    expect(rows[5]!.notes).toContainEqual({ code: 'shutdown-write', who: 'client', by: 11 });
    expect(codes(rows[5]!)).not.toContain('close');
    expect(rows.slice(6).map((r) => r.states[CLIENT])).toEqual(['FIN-WAIT-2', 'FIN-WAIT-2', 'FIN-WAIT-2', 'FIN-WAIT-2', 'FIN-WAIT-2', 'FIN-WAIT-2']);
    for (const r of rows) expect(codes(r)).not.toContain('data-after-close');
  });

  it('a request, shutdown(SHUT_WR), then the reply: the FIN is no close() (the client acknowledges both later replies), and the client goes FIN-WAIT-2, TIME-WAIT as ss showed', () => {
    const rows = annotate([
      ...handshake,
      [0.000164, seg({ ...C, seq: 101, ack: 501, payload: bytes(27) })],
      [0.000168, seg({ ...S, seq: 501, ack: 128 })],
      [0.000178, seg({ ...C, seq: 128, ack: 501, flags: { ...ack, FIN: true } })],
      [0.04229, seg({ ...S, seq: 501, ack: 129 })],
      [0.131988, seg({ ...S, seq: 501, ack: 129, payload: bytes(40) })],
      [0.13204, seg({ ...C, seq: 129, ack: 541 })],
      [0.232292, seg({ ...S, seq: 541, ack: 129, payload: bytes(40) })],
      [0.232339, seg({ ...C, seq: 129, ack: 581 })],
      [0.232379, seg({ ...S, seq: 581, ack: 129, flags: { ...ack, FIN: true } })],
      [0.232391, seg({ ...C, seq: 129, ack: 582 })],
    ]);
    expect(rows[5]!.notes).toContainEqual({ code: 'shutdown-write', who: 'client', by: 8 });
    expect(rows[5]!.note).toContain('shutdown(SHUT_WR)');
    expect(rows.map((r) => r.states[CLIENT]).slice(5)).toEqual(['FIN-WAIT-1', 'FIN-WAIT-2', 'FIN-WAIT-2', 'FIN-WAIT-2', 'FIN-WAIT-2', 'FIN-WAIT-2', 'TIME-WAIT', 'TIME-WAIT']);
    expect(rows.at(-1)!.states[SERVER]).toBe('CLOSED');
  });

  it('a FIN alone met by a reset after the FIN-WAIT-2 timer ran out (tcp_fin_timeout): the engine deleted the orphan at 60 s itself, so the RST is a closed port\'s answer, not a half-open discovery', () => {
    const rows = annotate([
      ...closedFirst,
      [61.7, seg({ ...S, seq: 501, ack: 107, flags: { ...ack, FIN: true } })],
      [61.70001, seg({ ...C, seq: 107, ack: 0, flags: { ...ack, ACK: false, RST: true } })],
    ]);
    expect(rows[7]!.notes).toContainEqual({ code: 'change', who: 'client', from: 'FIN-WAIT-2', to: 'CLOSED', rule: 'close.fin-wait-2-timeout' });
    expect(codes(rows[7]!)).not.toContain('half-open');
    expect(rows[8]!.notes).toContainEqual({ code: 'rule', who: 'client', rule: 'closed.reset-reply' });
    expect(rows[8]!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'CLOSED' });
  });
});

describe('segments the supposed sender\'s TCP never sent (injected with a raw socket), and RFC 5961', () => {
  const established: [number, TcpSegmentOut][] = [
    ...handshake,
    [0.0002, seg({ ...C, seq: 101, ack: 501, payload: bytes(5) })],
    [0.00021, seg({ ...S, seq: 501, ack: 106 })],
    [0.00028, seg({ ...S, seq: 501, ack: 106, payload: bytes(6) })],
    [0.00029, seg({ ...C, seq: 106, ack: 507 })],
  ];

  it('a blind in-window RST "from the client" draws a challenge ACK (RFC 5961 §3.2), and the client going on with the connection shows it never reset it; a SYN "from the client" likewise (§4), the server staying ESTABLISHED; the real close still reads right', () => {
    const rows = annotate([
      ...established,
      [0.0515, seg({ ...C, seq: 1106, ack: 0, flags: { ...ack, ACK: false, RST: true } })], // seq = SND.NXT + 1000
      [0.05154, seg({ ...S, seq: 507, ack: 106 })], // challenge ACK
      [0.1114, seg({ ...C, seq: 12345, flags: { ...ack, SYN: true, ACK: false } })], // unanswered: Linux's 500 ms challenge-ACK limit
      [0.172, seg({ ...S, seq: 507, ack: 106, flags: { ...ack, FIN: true } })],
      [0.17208, seg({ ...C, seq: 106, ack: 508, flags: { ...ack, FIN: true } })],
      [0.1721, seg({ ...S, seq: 508, ack: 107 })],
    ]);
    expect(rows[7]!.notes).toContainEqual({ code: 'not-own', who: 'client', what: 'RST', by: 11 });
    expect(rows[8]!.notes).toContainEqual({ code: 'rule', who: 'server', rule: 'rst.in-window-challenge-ack' });
    expect(rows[9]!.notes).toContainEqual({ code: 'not-own', who: 'client', what: 'SYN', by: 11 });
    expect(rows.slice(7, 10).map((r) => r.states)).toEqual([0, 0, 0].map(() => ({ [CLIENT]: 'ESTABLISHED', [SERVER]: 'ESTABLISHED' })));
    expect(rows.slice(10).map((r) => [r.states[CLIENT], r.states[SERVER]])).toEqual([
      ['CLOSE-WAIT', 'FIN-WAIT-1'],
      ['LAST-ACK', 'TIME-WAIT'],
      ['CLOSED', 'TIME-WAIT'],
    ]);
  });

  it('a RST to the server\'s TIME-WAIT ends it (RFC 9293 §3.10.7.4; Linux\'s tcp_rfc1337 is 0): ss showed no TIME-WAIT after it', () => {
    const rows = annotate([
      ...established,
      [0.172, seg({ ...S, seq: 507, ack: 106, flags: { ...ack, FIN: true } })],
      [0.17208, seg({ ...C, seq: 106, ack: 508, flags: { ...ack, FIN: true } })],
      [0.1721, seg({ ...S, seq: 508, ack: 107 })],
      [0.28, seg({ ...C, seq: 107, ack: 0, flags: { ...ack, ACK: false, RST: true } })],
    ]);
    expect(rows.at(-2)!.states[SERVER]).toBe('TIME-WAIT');
    expect(rows.at(-1)!.states[SERVER]).toBe('CLOSED');
    expect(rows.at(-1)!.notes).toContainEqual(expect.objectContaining({ code: 'change', who: 'server', from: 'TIME-WAIT', to: 'CLOSED' }));
  });
});

describe('a sender that gives up (net.ipv4.tcp_retries2 = 3): no RST, its TCB just goes', () => {
  it('every copy of the data was lost: the server\'s much later data still acknowledges only up to its start; the client, gone, answers it like a closed port, and that RST (exactly RCV.NXT) closes the server', () => {
    const times = [0.002658, 0.209043, 0.417048, 0.853037, 1.68506, 3.353051];
    const rows = annotate([
      ...handshake,
      ...times.map((t): [number, TcpSegmentOut] => [t, seg({ ...C, seq: 101, ack: 501, payload: bytes(12) })]),
      [6.76162, seg({ ...S, seq: 501, ack: 101, payload: bytes(6) })],
      [6.761635, seg({ ...C, seq: 101, ack: 0, flags: { ...ack, ACK: false, RST: true } })],
    ]);
    expect(rows.slice(3, 9).map((r) => r.arrived)).toEqual([false, false, false, false, false, false]);
    expect(rows[8]!.notes).toContainEqual({ code: 'lost-not-acknowledged', by: 9 });
    expect(codes(rows[9]!)).toContain('half-open');
    expect(rows[9]!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'ESTABLISHED' });
    expect(rows[10]!.states).toEqual({ [CLIENT]: 'CLOSED', [SERVER]: 'CLOSED' });
  });
});

describe('a SYN flood from spoofed sources (raw SYNs from 10.9.9.x, a listener with backlog 2)', () => {
  const spoofed = { srcIp: '10.9.9.4', srcPort: 30003, dstIp: '127.0.0.2', dstPort: 5000 };
  const toSpoofed = { srcIp: '127.0.0.2', srcPort: 5000, dstIp: '10.9.9.4', dstPort: 30003 };
  const SPOOFED = '10.9.9.4:30003';
  const flood = (later: [number, TcpSegmentOut][]) =>
    annotate([
      [0, seg({ ...spoofed, seq: 4000, flags: { ...ack, SYN: true, ACK: false } })],
      [0.000024, seg({ ...toSpoofed, seq: 9000, ack: 4001, flags: { ...ack, SYN: true } })], // a SYN cookie: never resent
      ...later,
    ]);

  it('a SYN-ACK its SYN\'s sender never answers (no ACK, no RST) while the capture goes on for seconds did not reach it: the source stays SYN-SENT', () => {
    const rows = flood([
      [3.518387, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [3.518402, seg({ ...S, seq: 500, ack: 101, flags: { ...ack, SYN: true } })],
      [3.518419, seg({ ...C, seq: 101, ack: 501 })],
    ]);
    expect(rows[1]!.arrived).toBe(false);
    expect(rows[1]!.notes).toContainEqual({ code: 'lost-unanswered', seconds: 3.5 });
    expect(rows[1]!.states[SPOOFED]).toBe('SYN-SENT');
    expect(rows.slice(2).every((r) => r.arrived)).toBe(true);
  });

  it('a SYN-ACK never resent though unanswered past Linux\'s first SYN-ACK timeout was a SYN cookie (nstat: SyncookiesSent): the listener kept no state and stays LISTEN; one resent at 1 s was a half-open entry (ss: SYN-RECV)', () => {
    const half = { ...spoofed, srcIp: '10.9.9.1', srcPort: 30000 };
    const toHalf = { ...toSpoofed, dstIp: '10.9.9.1', dstPort: 30000 };
    const rows = flood([
      [0.00003, seg({ ...half, seq: 1000, flags: { ...ack, SYN: true, ACK: false } })],
      [0.00004, seg({ ...toHalf, seq: 7000, ack: 1001, flags: { ...ack, SYN: true } })],
      [1.002188, seg({ ...toHalf, seq: 7000, ack: 1001, flags: { ...ack, SYN: true } })],
      [3.018164, seg({ ...toHalf, seq: 7000, ack: 1001, flags: { ...ack, SYN: true } })],
      [3.518387, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
    ]);
    const LISTENER = '127.0.0.2:5000';
    expect(rows[0]!.states[LISTENER]).toBe('LISTEN');
    expect(codes(rows[0]!)).toContain('syn-cookie');
    expect(rows[1]!.notes).toContainEqual({ code: 'rule', who: 'server', rule: 'open.syn-cookie' });
    expect(rows[1]!.states[LISTENER]).toBe('LISTEN');
    expect(rows.slice(2, 6).map((r) => r.states[LISTENER])).toEqual(['SYN-RECEIVED', 'SYN-RECEIVED', 'SYN-RECEIVED', 'SYN-RECEIVED']);
    expect(rows.slice(2, 6).some((r) => codes(r).includes('syn-cookie'))).toBe(false);
  });

  it('at the very end of a capture the same SYN-ACK proves nothing: it is taken to arrive', () => {
    const rows = flood([]);
    expect(rows[1]!.arrived).toBe(true);
    expect(rows[1]!.states['127.0.0.2:5000']).toBe('SYN-RECEIVED');
  });
});

describe('delayed ACK (RFC 9293 §3.8.6.3)', () => {
  it('after request/reply turns (Linux\'s interactive mode), a request the server does not answer is acknowledged by the delayed-ACK timer 42 ms later; the ACKs sent at once are not called delayed', () => {
    const rows = annotate([
      ...handshake,
      [0.0001, seg({ ...C, seq: 101, ack: 501, payload: bytes(3) })],
      [0.00013, seg({ ...S, seq: 501, ack: 104 })],
      [0.01, seg({ ...C, seq: 104, ack: 501, payload: bytes(3) })],
      [0.010025, seg({ ...S, seq: 501, ack: 107, payload: bytes(3) })],
      [0.2046, seg({ ...C, seq: 107, ack: 504, payload: bytes(8) })],
      [0.247081, seg({ ...S, seq: 504, ack: 115 })],
    ]);
    expect(rows.at(-1)!.notes).toContainEqual({ code: 'delayed-ack', ms: 42 });
    expect(rows.at(-1)!.note).toContain('a delayed ACK: held back 42 ms');
    expect(rows.slice(0, -1).some((r) => codes(r).includes('delayed-ack'))).toBe(false);
  });
});

describe('what a cumulative ACK proves needs the round trip', () => {
  it('joined mid-stream (no handshake, so no round trip), the receiver\'s segments 30 ms later that do not yet acknowledge a segment may have crossed it: it is not called lost', () => {
    const rows = annotate([
      [0, seg({ ...S, seq: 501, ack: 101, payload: bytes(100) })],
      [0.0001, seg({ ...C, seq: 101, ack: 601, payload: bytes(10) })],
      [0.03, seg({ ...S, seq: 601, ack: 101, payload: bytes(100) })], // sent before #1 reached the server
      [0.06, seg({ ...S, seq: 701, ack: 111, payload: bytes(100) })],
    ]);
    expect(rows[1]!.arrived).toBe(true);
    expect(codes(rows[1]!)).not.toContain('lost-not-acknowledged');
  });
});

describe('a busy capture: the SYN-ACK further ahead than the look-ahead reaches', () => {
  it('a SYN first met with silence (dropped by a full accept queue) and answered only when resent: the listener\'s ISN is the one its SYN-ACK shows, and the handshake completes (60 curls against python\'s http.server, backlog 5)', () => {
    const D = { srcIp: '127.0.0.3', srcPort: 40000, dstIp: '127.0.0.2', dstPort: 5000 };
    const toD = { srcIp: '127.0.0.2', srcPort: 5000, dstIp: '127.0.0.3', dstPort: 40000 };
    const packets: [number, TcpSegmentOut][] = [
      [0, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [0.1, seg({ ...D, seq: 7000, flags: { ...ack, SYN: true, ACK: false } })],
      [0.10001, seg({ ...toD, seq: 8000, ack: 7001, flags: { ...ack, SYN: true } })],
      [0.10002, seg({ ...D, seq: 7001, ack: 8001 })],
      [0.2, seg({ ...D, seq: 7001, ack: 8001, payload: bytes(5) })],
      [1.02, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [1.02004, seg({ ...S, seq: 500, ack: 101, flags: { ...ack, SYN: true } })],
      [1.02008, seg({ ...C, seq: 101, ack: 501 })],
      [1.0201, seg({ ...C, seq: 101, ack: 501, payload: bytes(91) })],
      [1.0202, seg({ ...S, seq: 501, ack: 192 })],
    ];
    const { rows } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, s]) => ({ t, bytes: encodeIpv4Tcp(s) }))), { profile: 'linux', lookahead: 3 });
    const mine = rows.filter((r) => r.src === CLIENT || r.dst === CLIENT);
    // (The first SYN's fate is beyond this look-ahead too: it is taken to have arrived.)
    expect(mine.slice(1).map((r) => r.states[SERVER])).toEqual(['SYN-RECEIVED', 'SYN-RECEIVED', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED']);
    expect(mine[2]!.notes).toContainEqual({ code: 'rule', who: 'server', rule: 'open.listen-syn-ack' });
    expect(mine[5]!.notes).toContainEqual({ code: 'rule', who: 'server', rule: 'data.in-order-ack' });
    expect(mine[1]!.notes.filter((n) => n.code === 'change' && n.who === 'server')).toEqual([]);
  });
});

describe('the look-ahead reaches past a busy second', () => {
  it('a SYN resent 1 s and 400 packets of other connections later was lost (the listener stayed LISTEN), with the default look-ahead', () => {
    const D = { srcIp: '127.0.0.3', srcPort: 40000, dstIp: '127.0.0.2', dstPort: 5000 };
    const toD = { srcIp: '127.0.0.2', srcPort: 5000, dstIp: '127.0.0.3', dstPort: 40000 };
    const busy: [number, TcpSegmentOut][] = [];
    for (let i = 0; i < 200; i++) {
      busy.push([0.1 + i * 0.004, seg({ ...D, seq: 7001 + i * 10, ack: 8001, payload: bytes(10) })]);
      busy.push([0.1 + i * 0.004 + 0.00001, seg({ ...toD, seq: 8001, ack: 7011 + i * 10 })]);
    }
    const rows = annotate([
      [0, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [0.05, seg({ ...D, seq: 7000, flags: { ...ack, SYN: true, ACK: false } })],
      [0.05001, seg({ ...toD, seq: 8000, ack: 7001, flags: { ...ack, SYN: true } })],
      [0.05002, seg({ ...D, seq: 7001, ack: 8001 })],
      ...busy,
      [1.02, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [1.02004, seg({ ...S, seq: 500, ack: 101, flags: { ...ack, SYN: true } })],
    ]);
    expect(rows[0]!.arrived).toBe(false);
    expect(rows[0]!.states[SERVER]).toBe('LISTEN');
    expect(codes(rows[0]!)).not.toContain('listen-assumed');
  });
});

describe('a SYN that never reaches the listener\'s TCP', () => {
  it('resent on Linux\'s schedule while a backlog-0 listener held an unaccepted connection (nstat: ListenOverflows): lost, or dropped by the full accept queue — the capture cannot tell, and the note says both', () => {
    const rows = annotate([
      [0, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [1.0162, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [2.0442, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [3.0642, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })],
      [3.06427, seg({ ...S, seq: 500, ack: 101, flags: { ...ack, SYN: true } })],
    ]);
    for (const r of rows.slice(0, 3)) {
      expect(r.arrived).toBe(false);
      expect(r.states[SERVER]).toBe('LISTEN');
      expect(r.notes).toContainEqual({ code: 'or-accept-queue-full', who: 'server' });
    }
    expect(codes(rows[3]!)).not.toContain('or-accept-queue-full');
  });

  it('its sender\'s last try, never answered while the capture goes on for seconds, did not reach it either: a listener answers a SYN at once (backlog-0 listener, nstat: ListenOverflows 8 for 8 silent SYNs)', () => {
    const syn = { ...ack, SYN: true, ACK: false };
    const rows = annotate([
      ...[0, 1.019, 2.043, 3.067, 4.091, 5.115].map((t): [number, TcpSegmentOut] => [t, seg({ ...C, seq: 100, flags: syn })]),
      // Another client of the same listener, 3 s later: the capture went on.
      [8.1550, seg({ ...C, srcPort: 44310, seq: 900, flags: syn })],
      [8.1552, seg({ ...S, dstPort: 44310, seq: 0, ack: 901, flags: { ...ack, RST: true } })],
    ]);
    for (const r of rows.slice(0, 6)) {
      expect(r.arrived).toBe(false);
      expect(r.states[SERVER]).toBe('LISTEN');
      expect(r.notes).toContainEqual({ code: 'or-accept-queue-full', who: 'server' });
    }
    expect(rows[5]!.notes).toContainEqual({ code: 'lost-syn-unanswered', seconds: 3 });
  });

  it('at the very end of a capture an unanswered SYN proves nothing: it is taken to arrive', () => {
    const rows = annotate([[0, seg({ ...C, seq: 100, flags: { ...ack, SYN: true, ACK: false } })]]);
    expect(rows[0]!.arrived).toBe(true);
    expect(rows[0]!.states[SERVER]).toBe('SYN-RECEIVED');
  });
});

describe('a SYN refused only once the listener is gone (between network namespaces: a backlog-0 listener that never calls accept() and exits at 8 s; nstat ListenOverflows 8, TcpOutRsts 3)', () => {
  // backlog0-cli.pcapng #11–#17 (server ListenOverflows 8: the 6 copies of an earlier SYN and the
  // first 2 here). A closed port answers every SYN at once (RFC 9293 §3.10.7.1): silence means
  // the listener was there and dropped it (or it was lost on the way); the RST comes for a later copy.
  const K = { srcIp: '10.77.2.2', srcPort: 55710, dstIp: '10.77.1.2', dstPort: 5001 };
  const L = { srcIp: '10.77.1.2', srcPort: 5001, dstIp: '10.77.2.2', dstPort: 55710 };
  const listener = '10.77.1.2:5001';
  const syn = { ...ack, SYN: true, ACK: false };
  const refused = { ...ack, RST: true };
  const recorded = (): AnnotatedSegment[] => annotate([
    [0, seg({ ...K, seq: 617283221, flags: syn, window: 64240 })],
    [1.015557, seg({ ...K, seq: 617283221, flags: syn, window: 64240 })], // the client's SYN timer: 1 s
    [2.039528, seg({ ...K, seq: 617283221, flags: syn, window: 64240 })], // 2 s: the listener exited at 1.26
    [2.039755, seg({ ...L, seq: 0, ack: 617283222, flags: refused, window: 0 })],
    // The client's next connect(), 0.1 s later: refused from its first SYN.
    [2.147960, seg({ ...K, srcPort: 55716, seq: 3192886317, flags: syn, window: 64240 })],
    [2.148034, seg({ ...L, dstPort: 55716, seq: 0, ack: 3192886318, flags: refused, window: 0 })],
  ]);

  it('the copies the server left unanswered met its listener (LISTEN), which a full accept queue makes drop a SYN without a word; lost on the way is still possible, and the note says both', () => {
    const rows = recorded();
    expect(rows[0]!.notes).toContainEqual({ code: 'listen-until-refused', who: 'server', refused: 2, by: 3 });
    for (const r of rows.slice(0, 2)) {
      expect(r.arrived).toBe(false);
      expect(r.states[listener]).toBe('LISTEN');
      expect(codes(r)).not.toContain('not-listening');
      expect(r.notes).toContainEqual({ code: 'or-accept-queue-full', who: 'server' });
      expect(lossInDoubt(r.notes)).toBe(true);
    }
  });

  it('the copy answered at once by the RST is the first the listener was gone for: the server LISTEN → CLOSED before it arrives, and its TCP refuses it as a closed port does', () => {
    const rows = recorded();
    expect(rows[2]!.arrived).toBe(true);
    expect(rows[2]!.notes).toContainEqual({ code: 'listener-gone', who: 'server', by: 3 });
    expect(rows[2]!.notes).toContainEqual({ code: 'change', who: 'server', from: 'LISTEN', to: 'CLOSED', rule: 'close.listen-close' });
    expect(rows[2]!.states[listener]).toBe('CLOSED');
    expect(rows[3]!.notes).toContainEqual({ code: 'change', who: 'client', from: 'SYN-SENT', to: 'CLOSED', rule: 'open.syn-sent-rst-refused' });
  });

  it('under RFC 9293\'s rules a listener answers every SYN (§3.10.7.2): the silence needs losses either way, and the port is taken as closed all along', () => {
    const frames = [
      [0, seg({ ...K, seq: 617283221, flags: syn })],
      [1.015557, seg({ ...K, seq: 617283221, flags: syn })],
      [2.039528, seg({ ...K, seq: 617283221, flags: syn })],
      [2.039755, seg({ ...L, seq: 0, ack: 617283222, flags: refused, window: 0 })],
    ] as const;
    const { rows } = annotateBytes(pcap(LINKTYPE.RAW, frames.map(([t, s]) => ({ t, bytes: encodeIpv4Tcp(s) }))), { profile: 'rfc9293' });
    expect(codes(rows[0]!)).toContain('not-listening');
    expect(rows[0]!.states[listener]).toBe('CLOSED');
  });

  it('a SYN answered at once by a RST met a closed port: nobody listens', () => {
    const rows = recorded();
    expect(codes(rows[4]!)).toContain('not-listening');
    expect(codes(rows[4]!)).not.toContain('listen-until-refused');
    expect(rows[4]!.states[listener]).toBe('CLOSED');
  });
});
