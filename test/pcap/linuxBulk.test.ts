/**
 * Bulk transfers recorded from Linux 6.18 (5 MB, server to client) through a router namespace
 * whose queue toward the client sent one packet in ten through a slower class: reordered by up to
 * 15 ms, none dropped (tc counted 0 drops; the server's D-SACK counter rose, every fast
 * retransmission was spurious). Captured at both ends with dumpcap, rebuilt here packet by packet
 * with the same flags, relative seq/ack, raw windows (window scale 10, both ways), timestamps (relative to each
 * host's first TSval), SACK blocks and timing, annotated with `--profile linux`. Behind a queue
 * the handshake's round trip (tens of microseconds) says nothing about how long a segment takes:
 * only the timestamps and the D-SACKs show what arrived.
 */
import { describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import type { AnnotatedSegment } from '../../shared/annotate/types.ts';
import { lossInDoubt } from '../../shared/annotate/noteText.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcap, seg, tcpWithOptions } from './handBuilt.ts';

const C = { srcIp: '10.88.2.2', srcPort: 41000, dstIp: '10.88.1.2', dstPort: 5001 };
const S = { srcIp: '10.88.1.2', srcPort: 5001, dstIp: '10.88.2.2', dstPort: 41000 };
const CLIENT = '10.88.2.2:41000';
const SERVER = '10.88.1.2:5001';
const ISS = { C: 1_000_000, S: 7_000_000 };
const TS0 = { C: 3_545_420_852, S: 4_113_662_153 };
type Who = 'C' | 'S';
type Flags = { SYN: boolean; ACK: boolean; FIN: boolean; RST: boolean };

const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** One segment as tshark showed it: relative seq/ack, payload length, raw window, [TSval, TSecr] relative, SACK blocks. */
function segment(flags: Flags, who: Who, seq: number, ack: number, len: number, window: number, [tsval, tsecr]: [number, number], sack: [number, number][] = []): Uint8Array {
  const other: Who = who === 'C' ? 'S' : 'C';
  const timestamp = [8, 10, ...u32(TS0[who] + tsval), ...u32(tsecr === 0 && !flags.ACK ? 0 : TS0[other] + tsecr)];
  const options = flags.SYN
    ? [2, 4, 5, 180, 4, 2, ...timestamp, 1, 3, 3, 10] // MSS 1460, SACK permitted, timestamps, window scale 10
    : [1, 1, ...timestamp, ...(sack.length > 0 ? [1, 1, 5, 2 + 8 * sack.length, ...sack.flatMap(([l, r]) => [...u32(ISS[other] + l), ...u32(ISS[other] + r)])] : [])];
  const ends = who === 'C' ? C : S;
  return tcpWithOptions(seg({ ...ends, seq: ISS[who] + seq, ack: flags.ACK ? ISS[other] + ack : 0, flags, window, payload: new Uint8Array(len).fill(120) }), options);
}
const syn = (w: Who, seq: number, ack: number, len: number, win: number, ts: [number, number]) => segment({ SYN: true, ACK: false, FIN: false, RST: false }, w, seq, ack, len, win, ts);
const synAck = (w: Who, seq: number, ack: number, len: number, win: number, ts: [number, number]) => segment({ SYN: true, ACK: true, FIN: false, RST: false }, w, seq, ack, len, win, ts);
const p = (w: Who, seq: number, ack: number, len: number, win: number, ts: [number, number], sack: [number, number][] = []) => segment({ SYN: false, ACK: true, FIN: false, RST: false }, w, seq, ack, len, win, ts, sack);

function annotate(packets: [number, Uint8Array][]): AnnotatedSegment[] {
  const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, bytes]) => ({ t, bytes }))), { profile: 'linux' });
  expect(annotator.problems.listed).toEqual([]);
  expect(rows.slice(2).every((r) => r.states[CLIENT] === 'ESTABLISHED' && r.states[SERVER] === 'ESTABLISHED')).toBe(true);
  return rows;
}
const codes = (r: AnnotatedSegment): string[] => r.notes.map((n) => n.code);
const lossCodes = (r: AnnotatedSegment): string[] => codes(r).filter((c) => c.startsWith('lost-'));

/** Captured at the server: frames 1–45 of the recording. */
const atServer: [number, Uint8Array][] = [
  [0, syn('C', 0, 0, 0, 64240, [0, 0])], // 1
  [0.000011, synAck('S', 0, 1, 0, 65160, [0, 0])], // 2
  [0.000024, p('C', 1, 1, 0, 63, [0, 0])], // 3
  [0.000086, p('C', 1, 1, 31, 63, [1, 0])], // 4
  [0.000088, p('S', 1, 32, 0, 64, [1, 1])], // 5
  [0.00287, p('S', 1, 32, 44, 64, [3, 1])], // 6
  [0.002899, p('C', 32, 45, 0, 63, [3, 3])], // 7
  [0.00296, p('S', 45, 32, 7240, 64, [3, 3])], // 8
  [0.002972, p('C', 32, 7285, 0, 78, [3, 3])], // 9
  [0.002976, p('S', 7285, 32, 7240, 64, [3, 3])], // 10
  [0.002981, p('C', 32, 14525, 0, 92, [3, 3])], // 11
  [0.00304, p('S', 14525, 32, 1448, 64, [3, 3])], // 12
  [0.003057, p('S', 15973, 32, 14480, 64, [3, 3])], // 13
  [0.003086, p('S', 30453, 32, 14480, 64, [4, 3])], // 14
  [0.003989, p('C', 32, 15973, 0, 95, [4, 3])], // 15
  [0.003995, p('S', 44933, 32, 2896, 64, [4, 4])], // 16
  [0.004212, p('C', 32, 30453, 0, 102, [5, 3])], // 17
  [0.004216, p('S', 47829, 32, 23168, 64, [5, 5])], // 18
  [0.004297, p('S', 70997, 32, 5792, 64, [5, 5])], // 19
  [0.006687, p('C', 32, 44933, 0, 102, [7, 4])], // 20
  [0.006693, p('S', 76789, 32, 28960, 64, [7, 7])], // 21
  [0.009116, p('C', 32, 47829, 0, 107, [10, 4])], // 22
  [0.009122, p('S', 105749, 32, 5792, 64, [10, 10])], // 23
  [0.009565, p('C', 32, 70997, 0, 153, [10, 5])], // 24
  [0.009569, p('S', 111541, 32, 43440, 64, [10, 10])], // 25
  [0.013445, p('C', 32, 76789, 0, 164, [14, 5])], // 26
  [0.013451, p('S', 154981, 32, 14480, 64, [14, 14])], // 27
  [0.014444, p('C', 32, 105749, 0, 220, [15, 7])], // 28
  [0.01445, p('S', 169461, 32, 57920, 64, [15, 15])], // 29
  [0.014516, p('C', 32, 105749, 0, 334, [15, 7], [[169461, 227381]])], // 30
  [0.01452, p('S', 105749, 32, 5792, 64, [15, 15])], // 31
  [0.014523, p('S', 227381, 32, 28960, 64, [15, 15])], // 32
  [0.014537, p('S', 111541, 32, 23168, 64, [15, 15])], // 33
  [0.019288, p('C', 32, 111541, 0, 345, [20, 10], [[169461, 227381]])], // 34
  [0.019295, p('S', 256341, 32, 11584, 64, [20, 20])], // 35
  [0.020253, p('C', 32, 154981, 0, 430, [21, 10], [[169461, 227381]])], // 36
  [0.02026, p('S', 267925, 32, 65160, 64, [21, 21])], // 37
  [0.020638, p('S', 333085, 32, 44888, 64, [21, 21])], // 38
  [0.027514, p('C', 32, 227381, 0, 458, [28, 14])], // 39
  [0.027521, p('S', 377973, 32, 28960, 64, [28, 28])], // 40
  [0.029917, p('C', 32, 227381, 0, 458, [30, 14], [[105749, 111541]])], // 41
  [0.029923, p('S', 406933, 32, 5792, 64, [30, 30])], // 42
  [0.030907, p('C', 32, 256341, 0, 515, [31, 15])], // 43
  [0.030917, p('S', 412725, 32, 57920, 64, [31, 31])], // 44
  [0.035748, p('C', 32, 256341, 0, 515, [36, 15], [[111541, 134709]])], // 45
];

describe('a bulk transfer behind a reordering queue (nothing lost)', () => {
  it('captured at the server: the fast retransmission of frame 23 was spurious, the client\'s D-SACK (frame 41) reports the second copy (RFC 2883), so the original arrived; and ACKs that stop short of data sent 5 ms before had left before it arrived (TSecr older than its TSval, RFC 7323)', () => {
    const rows = annotate(atServer);
    expect(codes(rows[30]!)).toContain('retransmission'); // frame 31: Linux resent 105749 on the SACK of frame 30
    expect(rows.filter((r) => lossCodes(r).length > 0).map((r) => `${r.index + 1}: ${lossCodes(r).join(' ')}`)).toEqual([]);
    expect(rows.every((r) => r.arrived)).toBe(true);
  });

  it('captured at the server, data sent while the client\'s ACKs of earlier data were on their way arrives after them, and that is all pipelining is (the window is data in flight, RFC 9293 §3.8.6): no note; the crossing is said where a crossed segment would be misread, the duplicate ACK of frame 41 still asking for frame 32\'s bytes, which had not arrived yet (16 ms of queue), not been lost', () => {
    const rows = annotate(atServer);
    const crossed = rows.flatMap((r) => r.notes.filter((n) => n.code === 'crossed').map((n) => `${r.index + 1} after ${n.after + 1}`));
    expect(crossed).toEqual(['32 after 41']);
    expect(rows[40]!.note).toContain('#31 arrives now');
    // The replay still times each arrival; the words leave the routine ones out.
    expect(rows[14]!.notes).toContainEqual({ code: 'arrives-now', index: 12, quiet: true });
    expect(rows[14]!.note).not.toContain('arrives now');
  });

  it('a FIN (with the last data) that arrives after the client\'s ACKs of earlier data is said to cross them: its arrival moves the client to CLOSE-WAIT on a row of the client\'s own; the data before it crosses them quietly', () => {
    const fin = segment({ SYN: false, ACK: true, FIN: true, RST: false }, 'S', 10181, 32, 312, 64, [4, 3]);
    const packets: [number, Uint8Array][] = [
      ...atServer.slice(0, 9),
      [0.003, p('S', 7285, 32, 1448, 64, [4, 3])], // 10
      [0.003005, p('S', 8733, 32, 1448, 64, [4, 3])], // 11
      [0.00301, fin], // 12: the application's last bytes and close()
      [0.0031, p('C', 32, 8733, 0, 63, [4, 4])], // 13: frame 10 arrived; 11 and 12 are on their way
      [0.0032, p('C', 32, 10181, 0, 63, [4, 4])], // 14: frame 11 arrived
      [0.0033, p('C', 32, 10494, 0, 63, [4, 4])], // 15: the FIN arrived
    ];
    const { rows } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, bytes]) => ({ t, bytes }))), { profile: 'linux' });
    expect(codes(rows[10]!)).not.toContain('crossed');
    expect(rows[12]!.notes).toContainEqual({ code: 'arrives-now', index: 10, quiet: true });
    expect(rows[11]!.notes).toContainEqual({ code: 'crossed', after: 13 });
    expect(rows[13]!.notes).toContainEqual({ code: 'arrives-now', index: 11 });
    expect(rows[13]!.states[CLIENT]).toBe('CLOSE-WAIT');
  });

  it('captured at the client: the first copies that fill the hole come late, overtaken (older TSvals), not resent; the resent 105749 (frame 34) arrives 10 ms after the ACKs of frames 29–33, but its TSecr (15) is older than theirs (20–28): it left the server before they arrived, so they were not lost', () => {
    const rows = annotate([
    [0, syn('C', 0, 0, 0, 64240, [0, 0])], // 1
    [0.000038, synAck('S', 0, 1, 0, 65160, [0, 0])], // 2
    [0.000046, p('C', 1, 1, 0, 63, [0, 0])], // 3
    [0.000106, p('C', 1, 1, 31, 63, [1, 0])], // 4
    [0.000112, p('S', 1, 32, 0, 64, [1, 1])], // 5
    [0.00291, p('S', 1, 32, 44, 64, [3, 1])], // 6
    [0.002919, p('C', 32, 45, 0, 63, [3, 3])], // 7
    [0.002991, p('S', 45, 32, 7240, 64, [3, 3])], // 8
    [0.002994, p('C', 32, 7285, 0, 78, [3, 3])], // 9
    [0.003002, p('S', 7285, 32, 7240, 64, [3, 3])], // 10
    [0.003003, p('C', 32, 14525, 0, 92, [3, 3])], // 11
    [0.003995, p('S', 14525, 32, 1448, 64, [3, 3])], // 12
    [0.004005, p('C', 32, 15973, 0, 95, [4, 3])], // 13
    [0.004228, p('S', 15973, 32, 14480, 64, [3, 3])], // 14
    [0.004232, p('C', 32, 30453, 0, 102, [5, 3])], // 15
    [0.006688, p('S', 30453, 32, 14480, 64, [4, 3])], // 16
    [0.006703, p('C', 32, 44933, 0, 102, [7, 4])], // 17
    [0.009121, p('S', 44933, 32, 2896, 64, [4, 4])], // 18
    [0.009132, p('C', 32, 47829, 0, 107, [10, 4])], // 19
    [0.009576, p('S', 47829, 32, 23168, 64, [5, 5])], // 20
    [0.009584, p('C', 32, 70997, 0, 153, [10, 5])], // 21
    [0.013449, p('S', 70997, 32, 5792, 64, [5, 5])], // 22
    [0.013462, p('C', 32, 76789, 0, 164, [14, 5])], // 23
    [0.014451, p('S', 76789, 32, 28960, 64, [7, 7])], // 24
    [0.014462, p('C', 32, 105749, 0, 220, [15, 7])], // 25
    [0.014535, p('S', 169461, 32, 57920, 64, [15, 15])], // 26
    [0.014537, p('C', 32, 105749, 0, 334, [15, 7], [[169461, 227381]])], // 27
    [0.019292, p('S', 105749, 32, 5792, 64, [10, 10])], // 28
    [0.019303, p('C', 32, 111541, 0, 345, [20, 10], [[169461, 227381]])], // 29
    [0.020254, p('S', 111541, 32, 43440, 64, [10, 10])], // 30
    [0.020269, p('C', 32, 154981, 0, 430, [21, 10], [[169461, 227381]])], // 31
    [0.027517, p('S', 154981, 32, 14480, 64, [14, 14])], // 32
    [0.02753, p('C', 32, 227381, 0, 458, [28, 14])], // 33
    [0.029927, p('S', 105749, 32, 5792, 64, [15, 15])], // 34
    [0.029934, p('C', 32, 227381, 0, 458, [30, 14], [[105749, 111541]])], // 35
    [0.030917, p('S', 227381, 32, 28960, 64, [15, 15])], // 36
    [0.030923, p('C', 32, 256341, 0, 515, [31, 15])], // 37
    [0.035755, p('S', 111541, 32, 23168, 64, [15, 15])], // 38
    [0.035763, p('C', 32, 256341, 0, 515, [36, 15], [[111541, 134709]])], // 39
    ]);
    expect(codes(rows[33]!)).toContain('retransmission'); // frame 34: the copy the client's D-SACK (frame 35) reports
    expect(codes(rows[37]!)).toContain('retransmission'); // frame 38: the server's frame 33, TSval 15 like the newest before it
    // Frames 28, 30 and 32 fill the hole with TSvals 10, 10 and 14, older than frame 26's 15: the
    // server's first copies (its frames 23, 25, 27), overtaken in the queue, not retransmissions.
    for (const i of [27, 29, 31]) {
      expect(codes(rows[i]!)).toContain('reordered');
      expect(codes(rows[i]!)).not.toContain('retransmission');
    }
    expect(rows.filter((r) => lossCodes(r).length > 0).map((r) => `${r.index + 1}: ${lossCodes(r).join(' ')}`)).toEqual([]);
    expect(rows.every((r) => r.arrived)).toBe(true);
  });
});

describe('a segment sent three times on a reordering path (recorded: 10 % reordering, nothing dropped; Linux sent some segments 3 to 13 times)', () => {
  it('captured at the server, every copy arrived when the client reports a duplicate for each copy but one (D-SACK, RFC 2883): the first is not lost though a third copy left before the first report came back', () => {
    const rows = annotate([
      [0, syn('C', 0, 0, 0, 64240, [0, 0])], // 1
      [0.000011, synAck('S', 0, 1, 0, 65160, [0, 0])], // 2
      [0.000024, p('C', 1, 1, 0, 63, [0, 0])], // 3
      [0.000086, p('C', 1, 1, 31, 63, [1, 0])], // 4
      [0.000088, p('S', 1, 32, 0, 64, [1, 1])], // 5
      [0.00296, p('S', 1, 32, 1448, 64, [3, 1])], // 6
      [0.002976, p('S', 1449, 32, 1448, 64, [3, 1])], // 7: sent through the slow lane
      [0.002992, p('S', 2897, 32, 1448, 64, [3, 1])], // 8
      [0.003008, p('S', 4345, 32, 1448, 64, [3, 1])], // 9
      [0.0032, p('C', 32, 1449, 0, 63, [3, 3])], // 10
      [0.0034, p('C', 32, 1449, 0, 63, [3, 3], [[2897, 4345]])], // 11
      [0.003405, p('S', 1449, 32, 1448, 64, [4, 3])], // 12: fast retransmission
      [0.0036, p('C', 32, 1449, 0, 63, [4, 3], [[2897, 5793]])], // 13
      [0.0086, p('S', 1449, 32, 1448, 64, [9, 3])], // 14: RACK's reordering timer, a third copy
      [0.0121, p('C', 32, 5793, 0, 63, [12, 3])], // 15: the first copy fills the hole
      [0.0123, p('C', 32, 5793, 0, 63, [12, 4], [[1449, 2897]])], // 16: D-SACK of the second
      [0.0125, p('C', 32, 5793, 0, 63, [12, 9], [[1449, 2897]])], // 17: D-SACK of the third
    ]);
    expect(codes(rows[11]!)).toContain('retransmission');
    expect(codes(rows[13]!)).toContain('retransmission');
    expect(rows.filter((r) => !r.arrived).map((r) => `${r.index + 1}: ${lossCodes(r).join(' ')}`)).toEqual([]);
  });

  it('one report for three copies shows only two arrived: which one did not, the capture cannot tell (as at frame 393 of the recording, whose three copies all arrived, one never reported); the first stays the one taken as lost, and the note says the loss is in doubt', () => {
    const rows = annotate([
      [0, syn('C', 0, 0, 0, 64240, [0, 0])], // 1
      [0.000011, synAck('S', 0, 1, 0, 65160, [0, 0])], // 2
      [0.000024, p('C', 1, 1, 0, 63, [0, 0])], // 3
      [0.000086, p('C', 1, 1, 31, 63, [1, 0])], // 4
      [0.000088, p('S', 1, 32, 0, 64, [1, 1])], // 5
      [0.00296, p('S', 1, 32, 1448, 64, [3, 1])], // 6
      [0.002976, p('S', 1449, 32, 1448, 64, [3, 1])], // 7: sent through the slow lane
      [0.002992, p('S', 2897, 32, 1448, 64, [3, 1])], // 8
      [0.003008, p('S', 4345, 32, 1448, 64, [3, 1])], // 9
      [0.0032, p('C', 32, 1449, 0, 63, [3, 3])], // 10
      [0.0034, p('C', 32, 1449, 0, 63, [3, 3], [[2897, 4345]])], // 11
      [0.003405, p('S', 1449, 32, 1448, 64, [4, 3])], // 12: fast retransmission
      [0.0036, p('C', 32, 1449, 0, 63, [4, 3], [[2897, 5793]])], // 13
      [0.0086, p('S', 1449, 32, 1448, 64, [9, 3])], // 14: RACK's reordering timer, a third copy
      [0.0121, p('C', 32, 5793, 0, 63, [12, 3])], // 15: the first copy fills the hole
      [0.0123, p('C', 32, 5793, 0, 63, [12, 4], [[1449, 2897]])], // 16: D-SACK of the second
    ]);
    expect(rows.filter((r) => !r.arrived).map((r) => `${r.index + 1}: ${lossCodes(r).join(' ')}`)).toEqual(['7: lost-retransmitted']);
    expect(rows[6]!.notes).toContainEqual({ code: 'or-copy-late', copies: 3, reports: 1 });
    expect(lossInDoubt(rows[6]!.notes)).toBe(true);
    expect(rows[6]!.note).toContain('which ones did not, this capture cannot tell');
  });
});

describe('a copy sent again with no duplicate reported, captured at the server (recorded: 10 % reordering, nothing dropped; the first copies of frames 47 and 49 reached the client after their retransmissions and were thrown away by PAWS, unreported)', () => {
  const MSS = 1448;
  const handshake: [number, Uint8Array][] = [
    [0, syn('C', 0, 0, 0, 64240, [0, 0])], // 1
    [0.000011, synAck('S', 0, 1, 0, 65160, [0, 0])], // 2
    [0.000024, p('C', 1, 1, 0, 63, [0, 0])], // 3
    [0.000086, p('C', 1, 1, 31, 63, [1, 0])], // 4
    [0.000088, p('S', 1, 32, 0, 64, [1, 1])], // 5
    [0.003, p('S', 1, 32, MSS, 64, [3, 1])], // 6
    [0.003016, p('S', 1 + MSS, 32, MSS, 64, [3, 1])], // 7: through the slow lane
    [0.003032, p('S', 1 + 2 * MSS, 32, MSS, 64, [3, 1])], // 8
    [0.003048, p('S', 1 + 3 * MSS, 32, MSS, 64, [3, 1])], // 9
    [0.003064, p('S', 1 + 4 * MSS, 32, MSS, 64, [3, 1])], // 10
    [0.0033, p('C', 32, 1 + MSS, 0, 63, [3, 3])], // 11
    [0.00332, p('C', 32, 1 + MSS, 0, 63, [3, 3], [[1 + 2 * MSS, 1 + 3 * MSS]])], // 12
    [0.00334, p('C', 32, 1 + MSS, 0, 63, [3, 3], [[1 + 2 * MSS, 1 + 4 * MSS]])], // 13
    [0.00336, p('C', 32, 1 + MSS, 0, 63, [3, 3], [[1 + 2 * MSS, 1 + 5 * MSS]])], // 14
  ];
  // Later, the same again: the first copy of 8689 goes down the slow lane, Linux resends it (RACK),
  // the copy with the newer timestamp fills the hole, and the first copy comes last.
  const later: [number, Uint8Array][] = [
    [0.01, p('S', 1 + 5 * MSS, 32, MSS, 64, [10, 5])],
    [0.010016, p('S', 1 + 6 * MSS, 32, MSS, 64, [10, 5])], // the first copy
    [0.010032, p('S', 1 + 7 * MSS, 32, MSS, 64, [10, 5])],
    [0.010048, p('S', 1 + 8 * MSS, 32, MSS, 64, [10, 5])],
    [0.0103, p('C', 32, 1 + 6 * MSS, 0, 63, [10, 10])],
    [0.01032, p('C', 32, 1 + 6 * MSS, 0, 63, [10, 10], [[1 + 7 * MSS, 1 + 8 * MSS]])],
    [0.01034, p('C', 32, 1 + 6 * MSS, 0, 63, [10, 10], [[1 + 7 * MSS, 1 + 9 * MSS]])],
    [0.0123, p('S', 1 + 6 * MSS, 32, MSS, 64, [12, 10])], // sent again, two ticks newer
    [0.0126, p('C', 32, 1 + 9 * MSS, 0, 63, [12, 12])], // it fills the hole: TS.Recent 12
    [0.016, p('C', 32, 1 + 9 * MSS, 0, 63, [16, 12])], // the first copy arrives (TSval 10): PAWS, a duplicate ACK, no D-SACK
  ];

  it('on a path the capture shows reordering (the hole of frame 7 filled by that first copy itself, never sent again, after later segments), the unreported copy may have arrived after its retransmission and been thrown away (PAWS, RFC 7323 §5): taken as lost, but the note says the capture cannot tell', () => {
    const reordered = handshake.length;
    const firstCopy = reordered + 2;
    const rows = annotate([...handshake, [0.005, p('C', 32, 1 + 5 * MSS, 0, 63, [5, 3])], ...later]);
    expect(codes(rows[firstCopy]!)).toContain('lost-retransmitted');
    expect(rows[firstCopy]!.notes).toContainEqual({ code: 'or-paws-late', by: reordered });
    expect(lossInDoubt(rows[firstCopy]!.notes)).toBe(true);
    expect(rows.filter((r) => !r.arrived).map((r) => r.index)).toEqual([firstCopy]);
  });

  it('on a path that only drops (the hole of frame 7 filled by its retransmission), the same copy is lost, flatly', () => {
    const rows = annotate([...handshake, [0.004, p('S', 1 + MSS, 32, MSS, 64, [4, 3])], [0.005, p('C', 32, 1 + 5 * MSS, 0, 63, [5, 4])], ...later]);
    const firstCopy = handshake.length + 3;
    expect(rows[6]!.arrived).toBe(false);
    expect(codes(rows[firstCopy]!)).toContain('lost-retransmitted');
    expect(codes(rows[firstCopy]!)).not.toContain('or-paws-late');
    expect(lossInDoubt(rows[firstCopy]!.notes)).toBe(false);
  });
});

describe('a bulk transfer past a hole, captured at the client (segmentation offload off, 50 Mbit/s, one segment dropped by the router)', () => {
  it('Linux holds and SACKs data up to the right edge of the window it offered (128 << 10 = 131 072 bytes), beyond the 64 KB of a window without scaling: every segment past the hole is out-of-order data held and dup-ACKed (RFC 9293 §3.10.7.4), none "unacceptable"', () => {
    // As in the 5 MB capture (frames 100–257): a 1448-byte segment every 0.24 ms, each answered by a
    // dup ACK whose SACK block grows, 74 KB held beyond the hole before the retransmission filled it.
    const train: [number, Uint8Array][] = [];
    const n = 80; // 80 × 1448 = 115 840 bytes beyond the hole
    for (let i = 1; i <= n; i++) {
      const t = 0.05 + i * 0.00024;
      train.push([t, p('S', 1 + i * 1448, 32, 1448, 64, [40, 40])]);
      train.push([t + 0.000001, p('C', 32, 1, 0, 128, [41, 40], [[1 + 1448, 1 + (i + 1) * 1448]])]);
    }
    const rows = annotate([
      [0, syn('C', 0, 0, 0, 64240, [0, 0])],
      [0.00004, synAck('S', 0, 1, 0, 65160, [0, 0])],
      [0.000049, p('C', 1, 1, 0, 63, [0, 0])],
      [0.0001, p('C', 1, 1, 31, 63, [1, 0])], // the request
      [0.0002, p('S', 1, 32, 0, 64, [1, 1])],
      // the server's segment at 1 never reached the client's capture point (dropped at the router)
      ...train,
      [0.073197, p('S', 1, 32, 1448, 64, [53, 41])], // the fast retransmission fills the hole
      [0.073204, p('C', 32, 1 + (n + 1) * 1448, 0, 128, [54, 53])],
    ]);
    const clientAcks = rows.filter((r) => r.src === CLIENT && r.index >= 5);
    expect(clientAcks.filter((r) => r.notes.some((x) => x.code === 'rule' && x.rule === 'seq.unacceptable-ack')).map((r) => r.index)).toEqual([]);
    expect(clientAcks.slice(0, -1).every((r) => r.notes.some((x) => x.code === 'rule' && x.rule === 'data.out-of-order-dup-ack'))).toBe(true);
    expect(clientAcks.at(-1)!.notes.some((x) => x.code === 'rule' && x.rule === 'data.reassembled')).toBe(true);
  });
});

describe('an original overtaken by its retransmissions, captured at the client (2 % loss and 10 % reordering)', () => {
  it('arriving at RCV.NXT with a timestamp older than the newest the client had taken, it is thrown away (PAWS, RFC 7323 §5) and dup-ACKed, not lost on the way: as in the recording (frame 100: TSval 16 ms older than the client\'s echo, ack unchanged after it, the data taken only from the retransmission, frame 108)', () => {
    const rows = annotate([
      [0, syn('C', 0, 0, 0, 64240, [0, 0])],
      [0.00004, synAck('S', 0, 1, 0, 65160, [0, 0])],
      [0.000049, p('C', 1, 1, 0, 63, [0, 0])],
      [0.0001, p('C', 1, 1, 31, 63, [1, 0])], // the request
      [0.0002, p('S', 1, 32, 0, 64, [1, 1])],
      [0.01, p('S', 1, 32, 7240, 64, [10, 1])],
      [0.010004, p('C', 32, 7241, 0, 128, [10, 10])],
      // the server's 7241 (TSval 11) was dropped; its 14481 (TSval 11) took the slower lane
      [0.0121, p('S', 21721, 32, 7240, 64, [12, 10])],
      [0.012104, p('C', 32, 7241, 0, 128, [12, 10], [[21721, 28961]])], // out of order: TS.Recent stays 10
      [0.0201, p('S', 7241, 32, 7240, 64, [20, 12])], // the retransmission fills the first hole
      [0.020104, p('C', 32, 14481, 0, 128, [20, 20], [[21721, 28961]])], // in order: TS.Recent 20
      [0.0252, p('S', 14481, 32, 7240, 64, [11, 1])], // the original, overtaken: 11 < 20 − 1
      [0.025204, p('C', 32, 14481, 0, 128, [25, 20], [[21721, 28961]])], // PAWS: a duplicate ACK
      [0.0301, p('S', 14481, 32, 7240, 64, [30, 25])], // resent: taken
      [0.030104, p('C', 32, 28961, 0, 128, [30, 30])],
    ]);
    expect(codes(rows[11]!)).toContain('paws');
    expect(codes(rows[11]!)).toContain('reordered');
    expect(rows[11]!.arrived).toBe(true);
    expect(rows.filter((r) => lossCodes(r).length > 0).map((r) => `${r.index + 1}: ${lossCodes(r).join(' ')}`)).toEqual([]);
    expect(codes(rows[13]!)).toContain('retransmission');
    expect(rows[14]!.notes.some((x) => x.code === 'rule' && x.rule === 'data.reassembled')).toBe(true);
  });
});

describe('a clean 10 MB transfer whose capture missed packets (dumpcap dropped them at 3 Gbit/s)', () => {
  it('the bytes the capture never showed are sent and taken by the engines without a refusal, though the server offered more than a 16-bit window (64 << 10)', () => {
    const rows = annotate([
      [0, syn('C', 0, 0, 0, 64240, [0, 0])],
      [0.00004, synAck('S', 0, 1, 0, 65160, [0, 0])],
      [0.000049, p('C', 1, 1, 0, 63, [0, 0])],
      [0.0001, p('C', 1, 1, 31, 63, [0, 0])], // the request
      [0.0002, p('S', 1, 32, 0, 64, [0, 0])], // 64 << 10 = 65 536 bytes of room
      [0.0028, p('S', 1, 32, 45, 64, [2, 0])], // the reply's header
      [0.0029, p('C', 32, 46, 0, 63, [2, 2])],
      [0.003, p('S', 46, 32, 7240, 64, [2, 2])],
      [0.00301, p('C', 32, 7286, 0, 78, [2, 2])],
      // 20 000 bytes the capture did not keep: the client's ACK of them is the first to show them (frame 227)
      [0.0078, p('C', 32, 27286, 0, 92, [7, 7])],
      [0.0079, p('S', 27286, 32, 7240, 64, [7, 7])],
      [0.00791, p('C', 32, 34526, 0, 92, [7, 7])],
    ]);
    expect(rows.flatMap((r) => r.notes).filter((n) => n.code === 'engine-refused')).toEqual([]);
    expect(codes(rows[9]!)).toContain('gap');
    expect(rows[11]!.notes.some((x) => x.code === 'rule' && x.rule === 'data.in-order-ack')).toBe(true);
  });
});

describe('a bulk transfer without timestamps (the client turned them off), captured at the server: 1 % loss and a 100-packet queue at 50 Mbit/s', () => {
  // Shaped after frames 187–235 of the recording (scripts/bulk-captures.sh with tcp_timestamps=0 at
  // the client; the router dropped 233 packets, the server retransmitted 233 segments, each once).
  const CN = { srcIp: '10.88.2.2', srcPort: 41002, dstIp: '10.88.1.2', dstPort: 5001 };
  const SN = { srcIp: '10.88.1.2', srcPort: 5001, dstIp: '10.88.2.2', dstPort: 41002 };
  const ISN = { C: 2_000_000, S: 9_000_000 };
  const MSS = 1460;
  const noStamp = (who: 'C' | 'S', seq: number, ack: number, len: number, window: number, sack: [number, number][] = [], syn = false, ipId = 1): Uint8Array => {
    const other = who === 'C' ? 'S' : 'C';
    const flags = { SYN: syn, ACK: !(syn && who === 'C'), FIN: false, RST: false };
    const options = syn ? [2, 4, 5, 180, 4, 2, 1, 3, 3, 10] : sack.length > 0 ? [1, 1, 5, 2 + 8 * sack.length, ...sack.flatMap(([l, r]) => [...u32(ISN[other] + l), ...u32(ISN[other] + r)])] : [];
    return tcpWithOptions(seg({ ...(who === 'C' ? CN : SN), seq: ISN[who] + seq, ack: flags.ACK ? ISN[other] + ack : 0, flags, window, payload: new Uint8Array(len).fill(120), ipId }), options);
  };

  it('the fast retransmission that the client\'s ACKs still ask for 2–3 ms later was queued, not lost: its sender never sends it again and the client\'s cumulative ACK then covers it (a receiver acknowledges only bytes it has), though without timestamps no echo shows when the ACKs left', () => {
    const packets: [number, Uint8Array][] = [
      [0, noStamp('C', 0, 0, 0, 64240, [], true)],
      [0.000012, noStamp('S', 0, 1, 0, 64240, [], true)],
      [0.000026, noStamp('C', 1, 1, 0, 63)],
    ];
    // Ten full segments at 24 µs; the second is dropped by the router.
    for (let k = 0; k < 10; k++) packets.push([0.0001 + k * 0.000024, noStamp('S', 1 + k * MSS, 1, MSS, 63)]);
    packets.push([0.00034, noStamp('C', 1, 1 + MSS, 0, 63)]); // the first arrived
    packets.push([0.00058, noStamp('C', 1, 1 + MSS, 0, 63, [[1 + 2 * MSS, 1 + 3 * MSS]])]); // the third, past the hole
    packets.push([0.000582, noStamp('S', 1 + MSS, 1, MSS, 63)]); // fast retransmission (Linux: on the first SACK), behind the queue
    // The client's dup ACKs for the rest of the flight, every 0.24 ms, still asking for the hole: the retransmission waits in the queue.
    for (let k = 3; k < 10; k++) {
      const t = 0.00058 + (k - 2) * 0.00024;
      packets.push([t, noStamp('C', 1, 1 + MSS, 0, 63, [[1 + 2 * MSS, 1 + (k + 1) * MSS]])]);
      packets.push([t + 0.000002, noStamp('S', 1 + (k + 7) * MSS, 1, MSS, 63)]); // new data on each ACK
    }
    for (let k = 10; k < 17; k++) {
      const t = 0.00058 + (k - 2) * 0.00024;
      packets.push([t, noStamp('C', 1, 1 + MSS, 0, 63, [[1 + 2 * MSS, 1 + (k + 1) * MSS]])]);
    }
    packets.push([0.0046, noStamp('C', 1, 1 + 17 * MSS, 0, 63)]); // the retransmission arrives: everything is acknowledged
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, bytes]) => ({ t, bytes }))), { profile: 'linux' });
    expect(annotator.problems.listed).toEqual([]);
    const retransmission = rows.find((r) => r.notes.some((n) => n.code === 'retransmission'))!;
    expect(retransmission.index).toBe(15);
    expect(retransmission.arrived).toBe(true);
    expect(codes(retransmission)).not.toContain('lost-not-acknowledged');
    // The dropped original is the one segment lost.
    expect(rows.filter((r) => !r.arrived).map((r) => r.index)).toEqual([4]);
  });

  it('captured at the client (recorded with 10 % reordering, nothing dropped): a copy of acknowledged data arriving 3 ms after the ACK does not make that ACK lost; only a timer resends what lost ACKs covered, and none fires that soon (Linux\'s shortest, the tail-loss probe, waits 10 ms): it left before the ACK arrived and waited in the queue', () => {
    const packets: [number, Uint8Array][] = [
      [0, noStamp('C', 0, 0, 0, 64240, [], true)],
      [0.000012, noStamp('S', 0, 1, 0, 64240, [], true)],
      [0.000026, noStamp('C', 1, 1, 0, 63)],
      [0.0003, noStamp('S', 1, 1, MSS, 63)], // 3
      [0.000302, noStamp('C', 1, 1 + MSS, 0, 63)],
      [0.00035, noStamp('S', 1 + 2 * MSS, 1, MSS, 63)], // 5: the second segment was sent down the slow lane
      [0.000352, noStamp('C', 1, 1 + MSS, 0, 63, [[1 + 2 * MSS, 1 + 3 * MSS]])],
      [0.00058, noStamp('S', 1 + MSS, 1, MSS, 63)], // 7: its fast retransmission comes first
      [0.000584, noStamp('C', 1, 1 + 3 * MSS, 0, 63)], // 8: all acknowledged
      [0.00081, noStamp('S', 1 + 3 * MSS, 1, MSS, 63)],
      [0.000812, noStamp('C', 1, 1 + 4 * MSS, 0, 63)],
      [0.00105, noStamp('S', 1 + 4 * MSS, 1, MSS, 63)],
      [0.001052, noStamp('C', 1, 1 + 5 * MSS, 0, 63)],
      [0.00375, noStamp('S', 1 + MSS, 1, MSS, 63)], // 13: the original, at last
      [0.003751, noStamp('C', 1, 1 + 5 * MSS, 0, 63, [[1 + MSS, 1 + 2 * MSS]])], // its D-SACK
    ];
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, bytes]) => ({ t, bytes }))), { profile: 'linux' });
    expect(annotator.problems.listed).toEqual([]);
    expect(rows.filter((r) => !r.arrived).map((r) => `${r.index}: ${lossCodes(r).join(' ')}`)).toEqual([]);
  });
  it('captured at the server (recorded with 10 % reordering, nothing dropped: frames 180–378, one segment sent five times), a retransmission the client\'s ACKs still ask for long after the handshake\'s round trip was not lost when the client reports a duplicate (D-SACK, RFC 2883) for every copy but one: all of them arrived, behind the queue and the slow lane', () => {
    const data = (k: number, id: number): Uint8Array => noStamp('S', 1 + k * MSS, 1, MSS, 63, [], false, id);
    const ack = (k: number, sack: [number, number][] = []): Uint8Array => noStamp('C', 1, 1 + k * MSS, 0, 200, sack);
    const packets: [number, Uint8Array][] = [
      [0, noStamp('C', 0, 0, 0, 64240, [], true)],
      [0.000012, noStamp('S', 0, 1, 0, 64240, [], true, 100)],
      [0.000026, noStamp('C', 1, 1, 0, 200)],
    ];
    // Ten segments; the second goes down the slow lane.
    for (let k = 0; k < 10; k++) packets.push([0.0001 + k * 0.000024, data(k, 101 + k)]);
    packets.push([0.00033, ack(1)]);
    packets.push([0.00054, ack(1, [[1 + 2 * MSS, 1 + 3 * MSS]])]);
    const first = packets.length;
    packets.push([0.000545, data(1, 111)]); // fast retransmission on the first SACK
    for (let k = 3; k < 10; k++) packets.push([0.00054 + (k - 2) * 0.00024, ack(1, [[1 + 2 * MSS, 1 + (k + 1) * MSS]])]);
    const second = packets.length;
    packets.push([0.0025, data(1, 112)]); // RACK's reordering timer: a third copy
    packets.push([0.0026, ack(1, [[1 + 2 * MSS, 1 + 10 * MSS]])]); // still asking (the dup ACK of a late copy of segment 9)
    packets.push([0.0031, ack(10)]); // the original arrives: everything acknowledged
    packets.push([0.0052, ack(10, [[1 + MSS, 1 + 2 * MSS]])]); // D-SACK: the first retransmission arrived too
    packets.push([0.0071, ack(10, [[1 + MSS, 1 + 2 * MSS]])]); // D-SACK: and the second
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, bytes]) => ({ t, bytes }))), { profile: 'linux' });
    expect(annotator.problems.listed).toEqual([]);
    expect(codes(rows[first]!)).toContain('retransmission');
    expect(codes(rows[second]!)).toContain('retransmission');
    expect(rows.filter((r) => !r.arrived).map((r) => `${r.index}: ${lossCodes(r).join(' ')}`)).toEqual([]);
  });

  it('captured at the client (recorded with 10 % reordering, nothing dropped: frames 2603–2694), a fast retransmission that answers the client\'s own reports of a hole (SACK blocks above its cumulative ACK, RFC 2018; RFC 6675 §5) left before the ACK that the late original drew could arrive, whatever the queue then held it for (here 11.6 ms, past Linux\'s 10 ms tail-loss probe): it does not make that ACK lost; only a timer resends what a lost ACK covered, and the next ACK covers it anyway', () => {
    const data = (k: number, id: number): Uint8Array => noStamp('S', 1 + k * MSS, 1, MSS, 200, [], false, id);
    const ack = (k: number, id: number, sack: [number, number][] = []): Uint8Array => noStamp('C', 1, 1 + k * MSS, 0, 1053, sack, false, id);
    const packets: [number, Uint8Array][] = [
      [0, noStamp('C', 0, 0, 0, 64240, [], true, 1)],
      [0.000012, noStamp('S', 0, 1, 0, 64240, [], true, 100)],
      [0.000026, noStamp('C', 1, 1, 0, 1053, [], false, 2)],
    ];
    // 61 segments (IP IDs 101–161) queue at the router; segment 2 goes down the slow lane.
    let id = 3;
    let covering = -1;
    for (let k = 0; k < 61; k++) {
      const t = 0.0001 + k * 0.00024;
      if (k === 2) continue;
      packets.push([t, data(k, 101 + k)]);
      // Past the hole the client reports it: ACK 2, SACK from 3 up to what it has.
      packets.push([t + 0.000001, k < 2 ? ack(k + 1, id++) : k <= 12 ? ack(2, id++, [[1 + 3 * MSS, 1 + (k + 1) * MSS]]) : ack(k + 1, id++)]);
      if (k === 12) {
        packets.push([0.0031, data(2, 103)]); // the original, late: it fills the hole
        covering = packets.length;
        packets.push([0.003101, ack(13, id++)]); // this ACK covers segment 2
      }
    }
    // Linux resent segment 2 on those reports (IP ID 162: after all 61), behind the whole queue.
    const resent = packets.length;
    packets.push([0.01474, data(2, 162)]);
    packets.push([0.014741, ack(61, id++, [[1 + 2 * MSS, 1 + 3 * MSS]])]); // its D-SACK (RFC 2883)
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, bytes]) => ({ t, bytes }))), { profile: 'linux' });
    expect(annotator.problems.listed).toEqual([]);
    expect(codes(rows[resent]!)).toContain('retransmission');
    expect(rows[resent]!.time - rows[covering]!.time).toBeGreaterThan(0.0115);
    expect(rows.filter((r) => !r.arrived).map((r) => `${r.index}: ${lossCodes(r).join(' ')}`)).toEqual([]);
  });
  it('captured at the client, the IPv4 ID counter (Linux numbers a connection\'s datagrams in the order it sends them) shows what timestamps would: the late copy is the original, overtaken by its fast retransmission, not a retransmission; and it left before the ACK it seems to answer was sent, so that ACK was not lost, though it comes 15 ms later', () => {
    const data = (k: number, id: number): Uint8Array => noStamp('S', 1 + k * MSS, 1, MSS, 63, [], false, id);
    const packets: [number, Uint8Array][] = [
      [0, noStamp('C', 0, 0, 0, 64240, [], true, 1)],
      [0.000012, noStamp('S', 0, 1, 0, 64240, [], true, 100)],
      [0.000026, noStamp('C', 1, 1, 0, 63, [], false, 2)],
      [0.0001, data(0, 101)], // 3
      [0.000102, noStamp('C', 1, 1 + MSS, 0, 63, [], false, 3)],
    ];
    // Segment 1 (IP ID 102) goes down the slow lane; 2..9 arrive, each SACKed past the hole.
    for (let k = 2; k < 10; k++) {
      packets.push([0.0001 + k * 0.00024, data(k, 101 + k)]);
      packets.push([0.000102 + k * 0.00024, noStamp('C', 1, 1 + MSS, 0, 63, [[1 + 2 * MSS, 1 + (k + 1) * MSS]], false, 2 + k)]);
    }
    packets.push([0.0025, noStamp('S', 1 + MSS, 1, MSS, 63, [], false, 111)]); // 21: the fast retransmission
    packets.push([0.002502, noStamp('C', 1, 1 + 10 * MSS, 0, 63, [], false, 12)]); // 22: all acknowledged
    packets.push([0.0027, data(10, 112)]);
    packets.push([0.002702, noStamp('C', 1, 1 + 11 * MSS, 0, 63, [], false, 13)]);
    packets.push([0.0175, data(1, 102)]); // 25: the original, 15 ms later
    packets.push([0.017502, noStamp('C', 1, 1 + 11 * MSS, 0, 63, [[1 + MSS, 1 + 2 * MSS]], false, 14)]); // its D-SACK
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, bytes]) => ({ t, bytes }))), { profile: 'linux' });
    expect(annotator.problems.listed).toEqual([]);
    expect(codes(rows[21]!)).toContain('retransmission');
    expect(rows[25]!.notes).toContainEqual({ code: 'reordered', newer: 21, clock: 'ip-id' });
    expect(codes(rows[25]!)).not.toContain('retransmission');
    expect(rows.filter((r) => !r.arrived).map((r) => `${r.index}: ${lossCodes(r).join(' ')}`)).toEqual([]);
  });
});
