/**
 * From a captured frame to the TCP segment inside it: the link layer (Ethernet with VLAN tags,
 * Linux cooked SLL and SLL2, raw IP, BSD loopback), IPv4 or IPv6, then the TCP header and its
 * options. Anything else is a problem with a code, and the packet is skipped.
 */
import { ETHERTYPE, LINKTYPE, linkTypeName } from './linkTypes.ts';
import type { CaptureProblemCode } from './problems.ts';
import type { RawPacket } from './reader.ts';

export interface TcpOptions {
  mss?: number;
  /** Window scale shift count (RFC 7323 §2). */
  wscale?: number;
  sackPermitted?: boolean;
  sack?: [number, number][];
  timestamp?: { value: number; echo: number };
}

export interface TcpFlagsIn {
  SYN: boolean;
  ACK: boolean;
  FIN: boolean;
  RST: boolean;
  PSH: boolean;
  URG: boolean;
  ECE: boolean;
  CWR: boolean;
}

export interface DecodedTcp {
  ipVersion: 4 | 6;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlagsIn;
  /** The window field as sent (not yet scaled). */
  window: number;
  options: TcpOptions;
  /** Payload length from the IP header: what was on the wire, even if the capture kept less. */
  len: number;
  /** The payload bytes captured (may be shorter than len). */
  payload: Uint8Array;
  /** IPv4's Identification field (IPv6 has none outside a fragment header). */
  ipId: number | null;
  /** IPv4's Time to Live or IPv6's Hop Limit: its sender's initial value less one for each router on the way. */
  hopLimit: number;
}

export type DecodeResult =
  | { ok: true; tcp: DecodedTcp; notes: { code: CaptureProblemCode; params: Record<string, string | number> }[] }
  | { ok: false; code: CaptureProblemCode; params: Record<string, string | number> };

const fail = (code: CaptureProblemCode, params: Record<string, string | number> = {}): DecodeResult => ({ ok: false, code, params });

function ipv4String(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** RFC 5952 text form: lower case, the longest run of zero groups (two or more) written "::". */
export function ipv6String(b: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((b[at + 2 * i] ?? 0) << 8) | (b[at + 2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** The offset of the IP header in the frame and its version, or a problem. */
function linkLayer(p: RawPacket): { at: number; etherType: number } | DecodeResult {
  const d = p.data;
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  switch (p.linkType) {
    case LINKTYPE.ETHERNET: {
      if (d.length < 14) return fail('snaplen-short', { have: d.length, need: 14, layer: 'Ethernet' });
      let at = 12;
      let type = v.getUint16(at);
      // 802.1Q / 802.1ad tags, possibly stacked.
      while ((type === ETHERTYPE.VLAN || type === ETHERTYPE.QINQ || type === ETHERTYPE.VLAN_9100) && at + 6 <= d.length) {
        at += 4;
        type = v.getUint16(at);
      }
      return { at: at + 2, etherType: type };
    }
    case LINKTYPE.LINUX_SLL:
      if (d.length < 16) return fail('snaplen-short', { have: d.length, need: 16, layer: 'Linux cooked (SLL)' });
      return { at: 16, etherType: v.getUint16(14) };
    case LINKTYPE.LINUX_SLL2:
      if (d.length < 20) return fail('snaplen-short', { have: d.length, need: 20, layer: 'Linux cooked (SLL2)' });
      return { at: 20, etherType: v.getUint16(0) };
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.RAW_BSDOS:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6: {
      if (d.length < 1) return fail('snaplen-short', { have: 0, need: 20, layer: 'IP' });
      const version = (d[0] ?? 0) >> 4;
      return { at: 0, etherType: version === 6 ? ETHERTYPE.IPV6 : version === 4 ? ETHERTYPE.IPV4 : -version };
    }
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (d.length < 4) return fail('snaplen-short', { have: d.length, need: 4, layer: 'loopback' });
      // NULL stores the family in the capturing host's byte order: accept either.
      const family = p.linkType === LINKTYPE.LOOP ? v.getUint32(0) : Math.min(v.getUint32(0, true), v.getUint32(0, false));
      const type = family === 2 ? ETHERTYPE.IPV4 : family === 24 || family === 28 || family === 30 ? ETHERTYPE.IPV6 : -family;
      return { at: 4, etherType: type };
    }
    default:
      return fail('unsupported-link-type', { linkType: linkTypeName(p.linkType) });
  }
}

function tcpOptions(d: Uint8Array, v: DataView, from: number, to: number): { options: TcpOptions; problem: string | null } {
  const options: TcpOptions = {};
  let o = from;
  while (o < to) {
    const kind = d[o] ?? 0;
    if (kind === 0) break;
    if (kind === 1) {
      o++;
      continue;
    }
    if (o + 1 >= to) return { options, problem: `option ${kind} has no length` };
    const len = d[o + 1] ?? 0;
    if (len < 2 || o + len > to) return { options, problem: `option ${kind} has length ${len}` };
    if (kind === 2 && len === 4) options.mss = v.getUint16(o + 2);
    else if (kind === 3 && len === 3) options.wscale = Math.min(d[o + 2] ?? 0, 14);
    else if (kind === 4 && len === 2) options.sackPermitted = true;
    else if (kind === 5 && (len - 2) % 8 === 0) {
      options.sack = [];
      for (let b = o + 2; b + 8 <= o + len; b += 8) options.sack.push([v.getUint32(b), v.getUint32(b + 4)]);
    } else if (kind === 8 && len === 10) options.timestamp = { value: v.getUint32(o + 2), echo: v.getUint32(o + 6) };
    else if ([2, 3, 4, 8].includes(kind)) return { options, problem: `option ${kind} has length ${len}` };
    o += len;
  }
  return { options, problem: null };
}

/** Decode one captured packet down to its TCP segment. */
export function decodePacket(p: RawPacket): DecodeResult {
  const link = linkLayer(p);
  if ('ok' in link) return link;
  const d = p.data;
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let at = link.at;
  let ipVersion: 4 | 6;
  let ipId: number | null = null;
  let hopLimit: number;
  let srcIp: string;
  let dstIp: string;
  let tcpAt: number;
  /** Where the IP payload ends according to the IP header (on the wire, not in the capture). */
  let ipPayloadLen: number;
  if (link.etherType === ETHERTYPE.IPV4) {
    if (d.length < at + 20) return fail('snaplen-short', { have: d.length, need: at + 20, layer: 'IPv4' });
    const vihl = d[at] ?? 0;
    const ihl = (vihl & 0x0f) * 4;
    if (vihl >> 4 !== 4 || ihl < 20) return fail('bad-ip-header', { detail: `version ${vihl >> 4}, header length ${ihl}` });
    if (d.length < at + ihl) return fail('snaplen-short', { have: d.length, need: at + ihl, layer: 'IPv4' });
    let total = v.getUint16(at + 2);
    // A total length of 0 is what TCP segmentation offload leaves in captures taken on the sender.
    if (total === 0) total = p.origLen - at;
    if (total < ihl) return fail('bad-ip-header', { detail: `total length ${total} < header length ${ihl}` });
    const fragment = v.getUint16(at + 6);
    const protocol = d[at + 9] ?? 0;
    srcIp = ipv4String(d, at + 12);
    dstIp = ipv4String(d, at + 16);
    if ((fragment & 0x1fff) !== 0 || (fragment & 0x2000) !== 0) {
      return fail('ip-fragment', { src: srcIp, dst: dstIp, id: v.getUint16(at + 4), offset: (fragment & 0x1fff) * 8, more: fragment & 0x2000 ? 1 : 0 });
    }
    if (protocol !== 6) return fail('not-tcp', { protocol: protocolName(protocol) });
    ipVersion = 4;
    ipId = v.getUint16(at + 4);
    hopLimit = d[at + 8] ?? 0;
    tcpAt = at + ihl;
    ipPayloadLen = total - ihl;
  } else if (link.etherType === ETHERTYPE.IPV6) {
    if (d.length < at + 40) return fail('snaplen-short', { have: d.length, need: at + 40, layer: 'IPv6' });
    if ((d[at] ?? 0) >> 4 !== 6) return fail('bad-ip-header', { detail: `version ${(d[at] ?? 0) >> 4}` });
    let payloadLen = v.getUint16(at + 4);
    if (payloadLen === 0) payloadLen = p.origLen - at - 40;
    let next = d[at + 6] ?? 0;
    hopLimit = d[at + 7] ?? 0;
    srcIp = ipv6String(d, at + 8);
    dstIp = ipv6String(d, at + 24);
    let o = at + 40;
    const end = at + 40 + payloadLen;
    // Walk the extension headers (hop-by-hop, routing, destination options); a fragment header means reassembly.
    while (next === 0 || next === 43 || next === 60 || next === 44) {
      if (next === 44) return fail('ip-fragment', { src: srcIp, dst: dstIp, id: d.length >= o + 8 ? v.getUint32(o + 4) : 0, offset: d.length >= o + 4 ? v.getUint16(o + 2) & 0xfff8 : 0, more: d.length >= o + 4 ? v.getUint16(o + 2) & 1 : 0 });
      if (d.length < o + 2) return fail('snaplen-short', { have: d.length, need: o + 2, layer: 'IPv6 extension header' });
      const len = ((d[o + 1] ?? 0) + 1) * 8;
      next = d[o] ?? 0;
      o += len;
    }
    if (next !== 6) return fail('not-tcp', { protocol: protocolName(next) });
    ipVersion = 6;
    tcpAt = o;
    ipPayloadLen = end - o;
  } else {
    return fail('not-ip', { etherType: link.etherType < 0 ? `family ${-link.etherType}` : `0x${link.etherType.toString(16).padStart(4, '0')}` });
  }
  at = tcpAt;
  if (d.length < at + 20) return fail('snaplen-short', { have: d.length, need: at + 20, layer: 'TCP' });
  const offset = ((d[at + 12] ?? 0) >> 4) * 4;
  if (offset < 20 || offset > ipPayloadLen) return fail('bad-tcp-header', { detail: `data offset ${offset} in a ${ipPayloadLen}-byte segment` });
  if (d.length < at + offset) return fail('snaplen-short', { have: d.length, need: at + offset, layer: 'TCP options' });
  const bits = v.getUint16(at + 12) & 0x1ff;
  const flags: TcpFlagsIn = {
    FIN: (bits & 0x01) !== 0,
    SYN: (bits & 0x02) !== 0,
    RST: (bits & 0x04) !== 0,
    PSH: (bits & 0x08) !== 0,
    ACK: (bits & 0x10) !== 0,
    URG: (bits & 0x20) !== 0,
    ECE: (bits & 0x40) !== 0,
    CWR: (bits & 0x80) !== 0,
  };
  const { options, problem } = tcpOptions(d, v, at + 20, at + offset);
  const len = ipPayloadLen - offset;
  const payloadEnd = Math.min(d.length, at + offset + len);
  const notes: { code: CaptureProblemCode; params: Record<string, string | number> }[] = [];
  if (problem) notes.push({ code: 'bad-tcp-option', params: { detail: problem } });
  if (payloadEnd - (at + offset) < len) notes.push({ code: 'payload-not-captured', params: { have: Math.max(0, payloadEnd - at - offset), len } });
  return {
    ok: true,
    tcp: {
      ipVersion,
      ipId,
      hopLimit,
      srcIp,
      dstIp,
      srcPort: v.getUint16(at),
      dstPort: v.getUint16(at + 2),
      seq: v.getUint32(at + 4),
      ack: v.getUint32(at + 8),
      flags,
      window: v.getUint16(at + 14),
      options,
      len,
      payload: d.subarray(at + offset, payloadEnd),
    },
    notes,
  };
}

function protocolName(p: number): string {
  const names: Record<number, string> = { 1: 'ICMP', 2: 'IGMP', 17: 'UDP', 47: 'GRE', 50: 'ESP', 58: 'ICMPv6', 132: 'SCTP' };
  return names[p] ?? `protocol ${p}`;
}
