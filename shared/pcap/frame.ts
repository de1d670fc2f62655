/**
 * Real headers for a segment (the export's side): IPv4 (RFC 791) carrying TCP (RFC 9293 §3.1), with
 * both checksums computed, optionally inside an Ethernet II frame. Pure: bytes in, bytes out.
 */
import { checksumOf } from './checksum.ts';
import { ETHERTYPE } from './linkTypes.ts';

export interface TcpFlagsOut {
  SYN: boolean;
  ACK: boolean;
  FIN: boolean;
  RST: boolean;
  PSH?: boolean;
}

export interface TcpSegmentOut {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlagsOut;
  window: number;
  payload: Uint8Array;
  /** Only a SYN carries it here: the MSS option (RFC 9293 §3.7.1). */
  mss?: number;
  /** The IPv4 identification field (each sender counts its own datagrams). */
  ipId: number;
  /** Time to Live: 64 (Linux's initial value) unless given, as captured at its sender. */
  ttl?: number;
}

export function parseIpv4(ip: string): Uint8Array | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function tcpHeader(s: TcpSegmentOut): Uint8Array {
  const options = s.mss !== undefined ? 4 : 0;
  const h = new Uint8Array(20 + options);
  const v = new DataView(h.buffer);
  v.setUint16(0, s.srcPort);
  v.setUint16(2, s.dstPort);
  v.setUint32(4, s.seq >>> 0);
  // RFC 9293 §3.1: the acknowledgment number is meaningful only with ACK; a sender puts zero there otherwise.
  v.setUint32(8, s.flags.ACK ? s.ack >>> 0 : 0);
  const bits = (s.flags.FIN ? 0x01 : 0) | (s.flags.SYN ? 0x02 : 0) | (s.flags.RST ? 0x04 : 0) | (s.flags.PSH ? 0x08 : 0) | (s.flags.ACK ? 0x10 : 0);
  v.setUint16(12, (((20 + options) / 4) << 12) | bits);
  v.setUint16(14, s.window);
  if (s.mss !== undefined) {
    h[20] = 2;
    h[21] = 4;
    v.setUint16(22, s.mss);
  }
  return h;
}

/** An IPv4 datagram (20-byte header, DF set, TTL 64 unless given) carrying the TCP segment, checksums filled in. */
export function encodeIpv4Tcp(s: TcpSegmentOut): Uint8Array {
  const src = parseIpv4(s.srcIp);
  const dst = parseIpv4(s.dstIp);
  if (!src || !dst) throw new RangeError(`not IPv4 addresses: ${s.srcIp} → ${s.dstIp}`);
  const tcp = tcpHeader(s);
  const tcpLength = tcp.length + s.payload.length;
  const pseudo = new Uint8Array(12);
  pseudo.set(src, 0);
  pseudo.set(dst, 4);
  pseudo[9] = 6;
  new DataView(pseudo.buffer).setUint16(10, tcpLength);
  new DataView(tcp.buffer).setUint16(16, checksumOf([pseudo, tcp, s.payload]));

  const total = 20 + tcpLength;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  out[0] = 0x45;
  v.setUint16(2, total);
  v.setUint16(4, s.ipId & 0xffff);
  v.setUint16(6, 0x4000); // DF: TCP does its own segmenting
  out[8] = s.ttl ?? 64;
  out[9] = 6;
  out.set(src, 12);
  out.set(dst, 16);
  v.setUint16(10, checksumOf([out.subarray(0, 20)]));
  out.set(tcp, 20);
  out.set(s.payload, 20 + tcp.length);
  return out;
}

/** A locally administered MAC address made from an IPv4 address (02:00:a.b.c.d). */
export function macFor(ip: string): Uint8Array {
  const a = parseIpv4(ip) ?? new Uint8Array(4);
  return Uint8Array.of(0x02, 0x00, a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0);
}

/** Ethernet II: destination, source, EtherType, then the datagram (no FCS, as captures usually have). */
export function encodeEthernet(dstMac: Uint8Array, srcMac: Uint8Array, etherType: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(14 + payload.length);
  out.set(dstMac, 0);
  out.set(srcMac, 6);
  new DataView(out.buffer).setUint16(12, etherType);
  out.set(payload, 14);
  return out;
}

export function ethernetIpv4Tcp(s: TcpSegmentOut): Uint8Array {
  return encodeEthernet(macFor(s.dstIp), macFor(s.srcIp), ETHERTYPE.IPV4, encodeIpv4Tcp(s));
}
