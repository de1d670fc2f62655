/**
 * Captures that are not what the annotator hopes for, built by hand: each problem gets its own
 * clear message, the rest of the file is still annotated, and nothing throws. Also the formats a
 * real capture comes in: pcap in either byte order and with nanosecond stamps, pcapng with several
 * interfaces, Linux cooked SLL and SLL2, raw IP, IPv6, TCP options.
 */
import { describe, expect, it } from 'vitest';
import { Annotator, annotateBytes } from '../../shared/annotate/annotator.ts';
import { problemText } from '../../shared/annotate/noteText.ts';
import { decodePacket } from '../../shared/pcap/decode.ts';
import { encodeIpv4Tcp, type TcpSegmentOut } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { concat, eth, ipv6Tcp, pcap, pcapng, seg, sll, sll2, tcpWithOptions, udpIpv4 } from './handBuilt.ts';

const C = { srcIp: '192.0.2.1', srcPort: 40000, dstIp: '192.0.2.2', dstPort: 443 };
const S = { srcIp: '192.0.2.2', srcPort: 443, dstIp: '192.0.2.1', dstPort: 40000 };
const f = (syn: boolean, ack: boolean, fin = false, rst = false) => ({ SYN: syn, ACK: ack, FIN: fin, RST: rst });

/** A whole connection: handshake, a request and its reply, the client closes first. */
function conversation(): TcpSegmentOut[] {
  const data = (s: string): Uint8Array => new TextEncoder().encode(s);
  return [
    seg({ ...C, seq: 100, flags: f(true, false) }),
    seg({ ...S, seq: 500, ack: 101, flags: f(true, true) }),
    seg({ ...C, seq: 101, ack: 501, flags: f(false, true) }),
    seg({ ...C, seq: 101, ack: 501, flags: f(false, true), payload: data('GET /') }),
    seg({ ...S, seq: 501, ack: 106, flags: f(false, true), payload: data('200 OK') }),
    seg({ ...C, seq: 106, ack: 507, flags: f(false, true, true) }),
    seg({ ...S, seq: 507, ack: 107, flags: f(false, true, true) }),
    seg({ ...C, seq: 107, ack: 508, flags: f(false, true) }),
  ];
}
const EXPECTED: [string, string][] = [
  ['SYN-SENT', 'SYN-RECEIVED'],
  ['ESTABLISHED', 'SYN-RECEIVED'],
  ['ESTABLISHED', 'ESTABLISHED'],
  ['ESTABLISHED', 'ESTABLISHED'],
  ['ESTABLISHED', 'ESTABLISHED'],
  ['FIN-WAIT-1', 'CLOSE-WAIT'],
  ['TIME-WAIT', 'LAST-ACK'],
  ['TIME-WAIT', 'CLOSED'],
];
const states = (rows: { states: Record<string, string> }[]): [string, string][] => rows.map((r) => [r.states['192.0.2.1:40000']!, r.states['192.0.2.2:443']!]);
const ethernetPackets = (segs: TcpSegmentOut[]) => segs.map((s, i) => ({ t: i * 0.01, bytes: eth(encodeIpv4Tcp(s)) }));
const messages = (a: Annotator): string[] => a.problems.listed.map((p) => problemText(p, 'en'));

describe('the formats real captures come in', () => {
  it('pcap, little- and big-endian, micro- and nanosecond stamps: the same states', () => {
    for (const o of [{}, { bigEndian: true }, { nanos: true }, { bigEndian: true, nanos: true }]) {
      const { rows, annotator } = annotateBytes(pcap(LINKTYPE.ETHERNET, ethernetPackets(conversation()), o), { profile: 'linux' });
      expect(annotator.problems.listed).toEqual([]);
      expect(states(rows)).toEqual(EXPECTED);
      expect(rows[1]!.time).toBeCloseTo(0.01, 9);
    }
  });

  it('pcapng with several interfaces (Ethernet µs, raw IP ns, Linux SLL2) carrying one connection: every packet read, times from each interface\'s resolution', () => {
    const segs = conversation();
    const file = pcapng(
      [{ linkType: LINKTYPE.ETHERNET }, { linkType: LINKTYPE.RAW, tsresol: 9 }, { linkType: LINKTYPE.LINUX_SLL2 }],
      segs.map((s, i) => {
        const ip = encodeIpv4Tcp(s);
        const iface = i % 3;
        return { iface, t: i * 0.01 + 0.000000123 * (iface === 1 ? 1 : 0), bytes: iface === 0 ? eth(ip) : iface === 1 ? ip : sll2(ip) };
      }),
    );
    const { rows, annotator } = annotateBytes(file, { profile: 'linux' });
    expect(annotator.format).toBe('pcapng');
    expect(annotator.problems.listed).toEqual([]);
    expect(states(rows)).toEqual(EXPECTED);
    expect(rows[1]!.time).toBeCloseTo(0.010000123, 9);
  });

  it('Linux cooked SLL, raw IP and BSD loopback frames decode to the same segment', () => {
    const ip = encodeIpv4Tcp(conversation()[0]!);
    const loop = concat([Uint8Array.of(2, 0, 0, 0), ip]);
    for (const [linkType, data] of [[LINKTYPE.LINUX_SLL, sll(ip)], [LINKTYPE.RAW, ip], [LINKTYPE.NULL, loop], [LINKTYPE.IPV4, ip]] as const) {
      const d = decodePacket({ index: 0, linkType, interfaceId: 0, sec: 0, frac: 0, data, origLen: data.length });
      expect(d.ok && [d.tcp.srcPort, d.tcp.seq, d.tcp.flags.SYN]).toEqual([40000, 100, true]);
    }
  });

  it('IPv6: endpoints are written [address]:port and the connection is annotated like any other', () => {
    const a = [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1];
    const b = [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 2];
    const packets = conversation().map((s, i) => {
      const fromClient = s.srcPort === 40000;
      return { t: i * 0.01, bytes: eth(ipv6Tcp(fromClient ? a : b, fromClient ? b : a, s), 0x86dd) };
    });
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.ETHERNET, packets), { profile: 'rfc9293' });
    expect(annotator.problems.listed).toEqual([]);
    expect(rows[0]!.src).toBe('[2001:db8::1]:40000');
    expect(rows.map((r) => [r.states['[2001:db8::1]:40000'], r.states['[2001:db8::2]:443']])).toEqual(EXPECTED);
  });

  it('TCP options are read (MSS, window scale, SACK permitted, timestamps) and the window is scaled after the handshake (RFC 7323)', () => {
    const [syn, synAck, ack, ...rest] = conversation();
    const opts = [2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0];
    const frames = [tcpWithOptions(syn!, opts), tcpWithOptions(synAck!, opts), encodeIpv4Tcp({ ...ack!, window: 512 }), ...rest.map((s) => encodeIpv4Tcp(s))];
    const d = decodePacket({ index: 0, linkType: LINKTYPE.RAW, interfaceId: 0, sec: 0, frac: 0, data: frames[0]!, origLen: frames[0]!.length });
    expect(d.ok && d.tcp.options).toEqual({ mss: 1460, wscale: 7, sackPermitted: true, timestamp: { value: 1, echo: 0 } });
    const { rows } = annotateBytes(pcap(LINKTYPE.RAW, frames.map((bytes, i) => ({ t: i * 0.01, bytes }))), { profile: 'linux' });
    expect(rows[2]!.window).toBe(512 * 128);
    expect(states(rows)).toEqual(EXPECTED);
  });
});

describe('bad input: a clear message per problem, the rest still annotated, no crash', () => {
  it('not a capture at all: one message, nothing annotated', () => {
    const { rows, annotator } = annotateBytes(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: example\r\n\r\n'), { profile: 'linux' });
    expect(rows).toEqual([]);
    expect(annotator.format).toBeNull();
    expect(messages(annotator)).toEqual(['not a pcap or pcapng file (it starts with 0x20544547)']);
  });

  it('a file cut short in the middle of a packet: the packets before it are annotated, and the message says where', () => {
    const whole = pcap(LINKTYPE.ETHERNET, ethernetPackets(conversation()));
    const cut = whole.subarray(0, whole.length - 30);
    const { rows, annotator } = annotateBytes(cut, { profile: 'linux' });
    expect(states(rows)).toEqual(EXPECTED.slice(0, 7));
    expect(annotator.problems.listed.map((p) => [p.code, p.index])).toEqual([['truncated-packet', 7]]);
    expect(messages(annotator)[0]).toContain('the file was cut short');
  });

  it('a corrupt record length: what came before is annotated, the reader stops there with a message', () => {
    const good = pcap(LINKTYPE.ETHERNET, ethernetPackets(conversation().slice(0, 3)));
    const garbage = new Uint8Array(16).fill(0xff);
    const { rows, annotator } = annotateBytes(concat([good, garbage, new Uint8Array(100)]), { profile: 'linux' });
    expect(states(rows)).toEqual(EXPECTED.slice(0, 3));
    expect(annotator.problems.listed.map((p) => p.code)).toEqual(['corrupt-record']);
    expect(messages(annotator)[0]).toMatch(/corrupt record at byte \d+: nothing after it can be read/);
  });

  it('UDP, ARP and an unknown link type among the TCP: each skipped with its reason, the TCP annotated', () => {
    const tcp = ethernetPackets(conversation());
    const packets = [tcp[0]!, { t: 0.001, bytes: eth(udpIpv4()) }, { t: 0.002, bytes: eth(new Uint8Array(28), 0x0806) }, ...tcp.slice(1)];
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.ETHERNET, packets), { profile: 'linux' });
    expect(states(rows)).toEqual(EXPECTED);
    expect(messages(annotator)).toEqual(['packet 1: not TCP (UDP)', 'packet 2: not IP (0x0806)']);
    const other = annotateBytes(pcap(147, ethernetPackets(conversation())), { profile: 'linux' });
    expect(other.rows).toEqual([]);
    expect(messages(other.annotator)[0]).toBe('packet 0: link type 147 is not a link type this reader knows (Ethernet, Linux cooked SLL/SLL2, raw IP, loopback)');
  });

  it('a snap length shorter than the headers: those packets are named, with the bytes they lack', () => {
    const packets = ethernetPackets(conversation());
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.ETHERNET, packets, { snaplen: 40 }), { profile: 'linux' });
    expect(rows).toEqual([]);
    expect(annotator.problems.counts.get('snaplen-short')).toBe(8);
    expect(messages(annotator)[0]).toBe('packet 0: only 40 bytes were captured, but the TCP header needs 54: the snap length was too short');
  });

  it('payload cut by the snap length: the segment is still annotated with its length from the IP header', () => {
    const packets = ethernetPackets(conversation());
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.ETHERNET, packets, { snaplen: 56 }), { profile: 'linux' });
    expect(states(rows)).toEqual(EXPECTED);
    expect(rows[4]!.len).toBe(6);
    expect(messages(annotator)).toEqual(['packet 3: 2 of 5 payload bytes captured; the length is taken from the IP header', 'packet 4: 2 of 6 payload bytes captured; the length is taken from the IP header']);
  });

  it('IPv4 fragments are named and skipped; the unfragmented segments are annotated', () => {
    const segs = conversation();
    const frag = encodeIpv4Tcp(segs[3]!);
    new DataView(frag.buffer).setUint16(6, 0x2000); // more fragments
    const packets = ethernetPackets(segs);
    packets[3] = { t: packets[3]!.t, bytes: eth(frag) };
    const { rows, annotator } = annotateBytes(pcap(LINKTYPE.ETHERNET, packets), { profile: 'linux' });
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(messages(annotator)).toEqual(['packet 3: an IP fragment (192.0.2.1 → 192.0.2.2, offset 0): fragments are not reassembled, so this piece is skipped']);
    // The request was never seen: the reply that acknowledges it is still read in order.
    expect(rows.at(-1)!.states).toEqual({ '192.0.2.1:40000': 'TIME-WAIT', '192.0.2.2:443': 'CLOSED' });
  });

  it('a pcapng packet on an interface the file never described is named, the others annotated', () => {
    const segs = conversation();
    const file = pcapng([{ linkType: LINKTYPE.RAW }], segs.map((s, i) => ({ iface: i === 2 ? 5 : 0, t: i * 0.01, bytes: encodeIpv4Tcp(s) })));
    const { rows, annotator } = annotateBytes(file, { profile: 'linux' });
    expect(rows).toHaveLength(7);
    expect(messages(annotator)).toEqual(['packet 2: names interface 5, which the file never describes']);
  });

  it('a long capture streams through in small chunks with bounded memory: the look-ahead, the connections and the reader\'s buffer stay bounded', () => {
    const annotator = new Annotator({ profile: 'linux', lookahead: 64, maxConnections: 50 });
    let rows = 0;
    let states = new Set<string>();
    const header = pcap(LINKTYPE.RAW, []);
    rows += annotator.push(header).length;
    // 300 connections one after another, each a whole conversation, fed 1 KiB at a time.
    for (let c = 0; c < 300; c++) {
      const segs = conversation().map((s) => ({ ...s, srcPort: s.srcPort === 443 ? 443 : 20000 + c, dstPort: s.dstPort === 443 ? 443 : 20000 + c }));
      const body = pcap(LINKTYPE.RAW, segs.map((s, i) => ({ t: c + i * 0.01, bytes: encodeIpv4Tcp(s) }))).subarray(24);
      for (let o = 0; o < body.length; o += 1024) {
        for (const r of annotator.push(body.subarray(o, o + 1024))) {
          rows++;
          states.add(Object.values(r.states).join('/'));
        }
        const internals = annotator as unknown as { window: unknown[]; connections: Map<string, unknown>; reader: { buf: Uint8Array; pos: number } };
        expect(internals.window.length).toBeLessThanOrEqual(64);
        expect(internals.connections.size).toBeLessThanOrEqual(50);
        expect(internals.reader.buf.length - internals.reader.pos).toBeLessThan(1024 + 2048);
      }
    }
    rows += annotator.end().length;
    expect(rows).toBe(300 * 8);
    expect(annotator.streams).toBe(300);
    expect(states).toContain('TIME-WAIT/CLOSED');
    states = new Set();
    expect(messages(annotator)).toEqual(['packet 400: more than 50 connections at once: the least recently seen ones are forgotten']);
  });
});
