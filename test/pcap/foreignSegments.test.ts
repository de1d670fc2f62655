/**
 * Segments a capture shows under a host's socket that its TCP cannot have sent (RFC 9293 §3.4.1:
 * with random ISNs, an old connection's segment or a blind forger's guess falls outside the
 * sequence space the host uses): the annotator says so and takes them only as arrivals at the
 * other host, instead of as the claimed sender's own data or abort.
 */
import { describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { encodeIpv4Tcp, type TcpSegmentOut } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcap, seg } from './handBuilt.ts';

const C = { srcIp: '10.0.0.2', srcPort: 49152, dstIp: '10.0.0.1', dstPort: 80 };
const S = { srcIp: '10.0.0.1', srcPort: 80, dstIp: '10.0.0.2', dstPort: 49152 };
const CLIENT = '10.0.0.2:49152';
const SERVER = '10.0.0.1:80';
const f = (syn: boolean, ack: boolean, fin = false, rst = false) => ({ SYN: syn, ACK: ack, FIN: fin, RST: rst });
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A handshake with random-looking ISNs (client 3 000 000 000, server 123 456), then `after`. */
function annotate(after: [number, TcpSegmentOut][]) {
  const packets: [number, TcpSegmentOut][] = [
    [0, seg({ ...C, seq: 3_000_000_000, flags: f(true, false) })],
    [0.3, seg({ ...S, seq: 123_456, ack: 3_000_000_001, flags: f(true, true) })],
    [0.6, seg({ ...C, seq: 3_000_000_001, ack: 123_457, flags: f(false, true) })],
    ...after,
  ];
  const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, packets.map(([t, s]) => ({ t, bytes: encodeIpv4Tcp(s) }))), { profile: 'rfc9293' });
  expect(annotator.problems.listed).toEqual([]);
  return rows.map((r) => ({ client: r.states[CLIENT], server: r.states[SERVER], codes: r.notes.map((n) => n.code) }));
}

describe('segments outside their claimed sender’s sequence space', () => {
  it('an old connection’s "DEL /" (seq 1001) and a blind RST (seq 1006) under the client’s socket: neither is the client’s, both connections stay ESTABLISHED', () => {
    const rows = annotate([
      [0.7, seg({ ...C, seq: 1_001, ack: 5_001, flags: f(false, true), payload: text('DEL /') })],
      [0.8, seg({ ...S, seq: 123_457, ack: 3_000_000_001, flags: f(false, true) })], // the server's ACK to the unacceptable segment
      [1.1, seg({ ...C, seq: 1_006, flags: f(false, false, false, true) })],
      [1.2, seg({ ...C, seq: 3_000_000_001, ack: 123_457, flags: f(false, true), payload: text('GET /') })],
    ]);
    expect(rows[3]?.codes).toContain('outside-sequence-space');
    expect(rows[5]?.codes).toContain('outside-sequence-space');
    expect(rows.slice(3).map((r) => [r.client, r.server])).toEqual([
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
      ['ESTABLISHED', 'ESTABLISHED'],
    ]);
    expect(rows[6]?.codes).toContain('send');
  });

  it('the client’s own RST, at its SND.NXT, is its own: it aborts', () => {
    const rows = annotate([[1.0, seg({ ...C, seq: 3_000_000_001, flags: f(false, false, false, true) })]]);
    expect(rows[3]?.codes).not.toContain('outside-sequence-space');
    expect(rows[3]?.client).toBe('CLOSED');
  });
});
