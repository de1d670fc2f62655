/**
 * Behaviours recorded from Linux 6.18 on a loopback (each in its own network namespace, losses made
 * with iptables drops after the capture point, the kernel's socket states read with `ss -tanoi`),
 * rebuilt here packet by packet with the same flags, relative seq/ack, windows and timing, and
 * annotated with `--profile linux`: the notes must say what the kernel did.
 */
import { describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import type { AnnotatedSegment } from '../../shared/annotate/types.ts';
import { encodeIpv4Tcp, type TcpSegmentOut } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcap, seg } from './handBuilt.ts';

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
