/**
 * The classic libpcap file format (tcpdump.org's pcap-savefile, also draft-ietf-opsawg-pcap): a
 * 24-byte file header, then per packet a 16-byte record header and the bytes. Written
 * little-endian with microsecond timestamps, the form every tool reads.
 */
export interface PcapRecord {
  /** Seconds since the Unix epoch, with microseconds in the fraction. */
  seconds: number;
  bytes: Uint8Array;
}

export const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
export const PCAP_SNAPLEN = 262_144;

export function pcapFileHeader(linkType: number, snaplen = PCAP_SNAPLEN): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  v.setUint32(0, PCAP_MAGIC_MICROS, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true); // thiszone: timestamps are UTC
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, snaplen, true);
  v.setUint32(20, linkType, true);
  return h;
}

export function pcapRecord(r: PcapRecord): Uint8Array {
  let sec = Math.floor(r.seconds);
  let usec = Math.round((r.seconds - sec) * 1e6);
  if (usec >= 1_000_000) {
    sec += 1;
    usec -= 1_000_000;
  }
  const out = new Uint8Array(16 + r.bytes.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, sec >>> 0, true);
  v.setUint32(4, usec, true);
  v.setUint32(8, r.bytes.length, true);
  v.setUint32(12, r.bytes.length, true);
  out.set(r.bytes, 16);
  return out;
}

/** A whole file in one array (a round is small: tens of segments). */
export function pcapFile(linkType: number, records: readonly PcapRecord[]): Uint8Array {
  const parts = [pcapFileHeader(linkType), ...records.map(pcapRecord)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
