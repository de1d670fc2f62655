/**
 * Hand-built capture files for the reader's and annotator's bad-input tests: pcap in either byte
 * order, pcapng with several interfaces, and frames the export never makes (IPv6, TCP options,
 * fragments, UDP, ARP), built byte by byte.
 */
import { checksumOf } from '../../shared/pcap/checksum.ts';
import { encodeEthernet, encodeIpv4Tcp, macFor, type TcpSegmentOut } from '../../shared/pcap/frame.ts';

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const seg = (over: Partial<TcpSegmentOut>): TcpSegmentOut => ({
  srcIp: '192.0.2.1',
  dstIp: '192.0.2.2',
  srcPort: 40000,
  dstPort: 443,
  seq: 1000,
  ack: 0,
  flags: { SYN: false, ACK: true, FIN: false, RST: false },
  window: 1024,
  payload: new Uint8Array(0),
  ipId: 1,
  ...over,
});

export const eth = (ip: Uint8Array, type = 0x0800): Uint8Array => encodeEthernet(macFor('192.0.2.2'), macFor('192.0.2.1'), type, ip);

/** A TCP header with the given raw option bytes (padded to a multiple of 4). */
export function tcpWithOptions(s: TcpSegmentOut, options: number[]): Uint8Array {
  const base = encodeIpv4Tcp(s);
  const ihl = 20;
  const pad = (4 - (options.length % 4)) % 4;
  const opts = Uint8Array.from([...options, ...new Array<number>(pad).fill(0)]);
  const tcp = new Uint8Array(20 + opts.length + s.payload.length);
  tcp.set(base.subarray(ihl, ihl + 20), 0);
  tcp[12] = ((20 + opts.length) / 4) << 4 | ((tcp[12] ?? 0) & 0x0f);
  tcp.set(opts, 20);
  tcp.set(s.payload, 20 + opts.length);
  tcp[16] = 0;
  tcp[17] = 0;
  const ip = new Uint8Array(20 + tcp.length);
  ip.set(base.subarray(0, 20), 0);
  new DataView(ip.buffer).setUint16(2, ip.length);
  ip[10] = 0;
  ip[11] = 0;
  new DataView(ip.buffer).setUint16(10, checksumOf([ip.subarray(0, 20)]));
  ip.set(tcp, 20);
  return ip;
}

/** An IPv6 packet carrying a TCP segment (checksum left zero: the reader does not check it). */
export function ipv6Tcp(src: number[], dst: number[], s: TcpSegmentOut): Uint8Array {
  const tcp = encodeIpv4Tcp(s).subarray(20);
  const out = new Uint8Array(40 + tcp.length);
  out[0] = 0x60;
  new DataView(out.buffer).setUint16(4, tcp.length);
  out[6] = 6;
  out[7] = 64;
  out.set(src, 8);
  out.set(dst, 24);
  out.set(tcp, 40);
  return out;
}

export function udpIpv4(): Uint8Array {
  const ip = new Uint8Array(28);
  ip[0] = 0x45;
  new DataView(ip.buffer).setUint16(2, 28);
  ip[8] = 64;
  ip[9] = 17;
  ip.set([192, 0, 2, 1], 12);
  ip.set([192, 0, 2, 53], 16);
  return ip;
}

/** Classic pcap in either byte order, micro- or nanosecond stamps, with its own snap length. */
export function pcap(linkType: number, packets: { t: number; bytes: Uint8Array; orig?: number }[], options: { bigEndian?: boolean; nanos?: boolean; snaplen?: number } = {}): Uint8Array {
  const le = !options.bigEndian;
  const snap = options.snaplen ?? 65_535;
  const head = new Uint8Array(24);
  const v = new DataView(head.buffer);
  v.setUint32(0, options.nanos ? 0xa1b23c4d : 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, snap, le);
  v.setUint32(20, linkType, le);
  const recs = packets.map((p) => {
    const kept = p.bytes.subarray(0, Math.min(p.bytes.length, snap));
    const r = new Uint8Array(16 + kept.length);
    const rv = new DataView(r.buffer);
    const sec = Math.floor(p.t);
    rv.setUint32(0, 1_700_000_000 + sec, le);
    rv.setUint32(4, Math.round((p.t - sec) * (options.nanos ? 1e9 : 1e6)), le);
    rv.setUint32(8, kept.length, le);
    rv.setUint32(12, p.orig ?? p.bytes.length, le);
    r.set(kept, 16);
    return r;
  });
  return concat([head, ...recs]);
}

function block(type: number, body: Uint8Array): Uint8Array {
  const pad = (4 - (body.length % 4)) % 4;
  const len = 12 + body.length + pad;
  const out = new Uint8Array(len);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, len, true);
  out.set(body, 8);
  v.setUint32(len - 4, len, true);
  return out;
}

/** pcapng: one section, the given interfaces (link type, if_tsresol), enhanced packet blocks. */
export function pcapng(interfaces: { linkType: number; tsresol?: number }[], packets: { iface: number; t: number; bytes: Uint8Array }[]): Uint8Array {
  const shb = new Uint8Array(16);
  const sv = new DataView(shb.buffer);
  sv.setUint32(0, 0x1a2b3c4d, true);
  sv.setUint16(4, 1, true);
  sv.setBigInt64(8, -1n, true);
  const blocks = [block(0x0a0d0d0a, shb)];
  for (const i of interfaces) {
    const opts = i.tsresol === undefined ? [] : [9, 0, 1, 0, i.tsresol, 0, 0, 0];
    const body = new Uint8Array(8 + opts.length + 4);
    const bv = new DataView(body.buffer);
    bv.setUint16(0, i.linkType, true);
    bv.setUint32(4, 262_144, true);
    body.set(opts, 8);
    blocks.push(block(1, body));
  }
  for (const p of packets) {
    const res = interfaces[p.iface]?.tsresol ?? 6;
    const units = BigInt(1_700_000_000) * 10n ** BigInt(res) + BigInt(Math.round(p.t * 10 ** res));
    const body = new Uint8Array(20 + p.bytes.length);
    const bv = new DataView(body.buffer);
    bv.setUint32(0, p.iface, true);
    bv.setUint32(4, Number(units >> 32n), true);
    bv.setUint32(8, Number(units & 0xffffffffn), true);
    bv.setUint32(12, p.bytes.length, true);
    bv.setUint32(16, p.bytes.length, true);
    body.set(p.bytes, 20);
    blocks.push(block(6, body));
  }
  return concat(blocks);
}

/** Linux cooked capture v2 header (20 bytes) for an IP packet. */
export function sll2(ip: Uint8Array, etherType = 0x0800): Uint8Array {
  const h = new Uint8Array(20 + ip.length);
  const v = new DataView(h.buffer);
  v.setUint16(0, etherType);
  v.setUint32(4, 1);
  v.setUint16(8, 772);
  h[10] = 0;
  h[11] = 6;
  h.set(ip, 20);
  return h;
}

/** Linux cooked capture v1 header (16 bytes). */
export function sll(ip: Uint8Array, etherType = 0x0800): Uint8Array {
  const h = new Uint8Array(16 + ip.length);
  const v = new DataView(h.buffer);
  v.setUint16(0, 0);
  v.setUint16(2, 772);
  v.setUint16(4, 6);
  v.setUint16(14, etherType);
  h.set(ip, 16);
  return h;
}
