/**
 * A streaming reader of capture files: classic pcap (either byte order, micro- or nanosecond
 * timestamps) and pcapng (sections in either byte order, any number of interfaces, each with its
 * own link type, snap length and timestamp resolution). Bytes are pushed in chunks of any size and
 * packets come out as soon as they are complete, so memory stays bounded by one record plus one
 * chunk whatever the file's size. Problems are reported to a ProblemLog, never thrown.
 */
import { ProblemLog } from './problems.ts';

export interface RawPacket {
  /** Position in the file, from 0. */
  index: number;
  linkType: number;
  interfaceId: number;
  /** Capture time: whole seconds since the epoch and the fraction of a second, kept apart for precision. */
  sec: number;
  frac: number;
  /** The bytes captured (at most the snap length). */
  data: Uint8Array;
  /** The packet's length on the wire. */
  origLen: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';

/** A record or block larger than this is taken as corruption (real ones are at most a jumbo frame or a 256 KiB snap). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

interface Interface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (10^6 unless if_tsresol says otherwise). */
  unitsPerSecond: bigint;
  offsetSeconds: number;
}

const SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export class CaptureReader {
  format: CaptureFormat | null = null;
  /** Nothing more can be read (the file is not a capture, or a record is corrupt). */
  stopped = false;
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  /** Bytes of the file consumed before buf[0]. */
  private base = 0;
  private index = 0;
  private little = true;
  private pcapLinkType = 0;
  private pcapSnaplen = 0;
  private pcapNanos = false;
  private interfaces: Interface[] = [];
  private sawSection = false;

  private readonly problems: ProblemLog;

  constructor(problems: ProblemLog) {
    this.problems = problems;
  }

  /** Feed the next bytes of the file; returns the packets completed by them. */
  push(chunk: Uint8Array): RawPacket[] {
    if (this.stopped) return [];
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.buf = chunk;
    } else {
      const joined = new Uint8Array(rest + chunk.length);
      joined.set(this.buf.subarray(this.pos), 0);
      joined.set(chunk, rest);
      this.buf = joined;
    }
    this.base += this.pos;
    this.pos = 0;
    const out: RawPacket[] = [];
    while (!this.stopped) {
      const before = this.pos;
      const format = this.format;
      const p = this.format === null ? this.readFileStart() : this.format === 'pcap' ? this.readPcapRecord() : this.readBlock();
      if (p) out.push(p);
      if (this.pos === before && !p && format === this.format) break; // need more bytes
    }
    return out;
  }

  /** The file has ended: whatever is left over is a truncated header or packet. */
  end(): void {
    if (this.stopped) return;
    const left = this.buf.length - this.pos;
    if (this.format === null) {
      this.problems.add('truncated-header', null, { bytes: left });
    } else if (left > 0) {
      this.problems.add('truncated-packet', this.index, { offset: this.base + this.pos, have: left });
    }
    this.stopped = true;
  }

  private view(): DataView {
    return new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private available(): number {
    return this.buf.length - this.pos;
  }

  private stop(code: 'not-a-capture' | 'corrupt-record', params: Record<string, string | number>): null {
    this.problems.add(code, code === 'corrupt-record' ? this.index : null, { offset: this.base + this.pos, ...params });
    this.stopped = true;
    return null;
  }

  private readFileStart(): null {
    if (this.available() < 4) return null;
    const v = this.view();
    const le = v.getUint32(this.pos, true);
    if (le === SHB) {
      this.format = 'pcapng';
      return null;
    }
    const magics: Record<number, { little: boolean; nanos: boolean }> = {
      0xa1b2c3d4: { little: true, nanos: false },
      0xa1b23c4d: { little: true, nanos: true },
      0xd4c3b2a1: { little: false, nanos: false },
      0x4d3cb2a1: { little: false, nanos: true },
    };
    const m = magics[le];
    if (!m) return this.stop('not-a-capture', { magic: `0x${le.toString(16).padStart(8, '0')}` });
    if (this.available() < 24) return null;
    this.little = m.little;
    this.pcapNanos = m.nanos;
    // The low 16 bits are the link type; newer files keep FCS information in the upper bits.
    this.pcapLinkType = v.getUint32(this.pos + 20, this.little) & 0xffff;
    this.pcapSnaplen = v.getUint32(this.pos + 16, this.little);
    this.format = 'pcap';
    this.pos += 24;
    return null;
  }

  private readPcapRecord(): RawPacket | null {
    if (this.available() < 16) return null;
    const v = this.view();
    const at = this.pos;
    const sec = v.getUint32(at, this.little);
    const sub = v.getUint32(at + 4, this.little);
    const caplen = v.getUint32(at + 8, this.little);
    const origLen = v.getUint32(at + 12, this.little);
    // A length beyond both the file's snap length and the largest snap length any tool uses
    // means the record header is garbage: nothing after it can be trusted.
    if (caplen > MAX_RECORD_BYTES || caplen > Math.max(this.pcapSnaplen, 262_144)) {
      return this.stop('corrupt-record', { caplen });
    }
    if (this.available() < 16 + caplen) return null;
    const data = this.buf.subarray(at + 16, at + 16 + caplen);
    this.pos += 16 + caplen;
    return { index: this.index++, linkType: this.pcapLinkType, interfaceId: 0, sec, frac: sub / (this.pcapNanos ? 1e9 : 1e6), data, origLen: Math.max(origLen, caplen) };
  }

  /** One pcapng block (RFC draft-ietf-opsawg-pcapng): type, total length, body, total length again. */
  private readBlock(): RawPacket | null {
    if (this.available() < 12) return null;
    const v = this.view();
    const at = this.pos;
    const type = v.getUint32(at, this.little);
    if (type === SHB || (!this.sawSection && v.getUint32(at, true) === SHB)) {
      // A section header fixes the byte order for everything up to the next one.
      const magicLe = v.getUint32(at + 8, true);
      if (magicLe === BYTE_ORDER_MAGIC) this.little = true;
      else if (v.getUint32(at + 8, false) === BYTE_ORDER_MAGIC) this.little = false;
      else return this.stop('corrupt-record', { block: 'section header' });
      this.sawSection = true;
    }
    const length = v.getUint32(at + 4, this.little);
    if (length < 12 || length % 4 !== 0 || length > MAX_RECORD_BYTES) return this.stop('corrupt-record', { length });
    if (this.available() < length) return null;
    if (v.getUint32(at + length - 4, this.little) !== length) return this.stop('corrupt-record', { length });
    const body = at + 8;
    const bodyEnd = at + length - 4;
    this.pos += length;
    switch (type) {
      case SHB:
        this.interfaces = [];
        return null;
      case 1:
        this.interfaceBlock(v, body, bodyEnd);
        return null;
      case 6:
        return this.enhancedPacket(v, body, bodyEnd);
      case 3:
        return this.simplePacket(v, body, bodyEnd);
      case 2:
        return this.obsoletePacket(v, body, bodyEnd);
      default:
        // Name resolution, statistics, decryption secrets, custom blocks: nothing a TCP annotator needs.
        return null;
    }
  }

  private interfaceBlock(v: DataView, body: number, end: number): void {
    if (end - body < 8) {
      this.problems.add('corrupt-record', this.index, { block: 'interface description' });
      return;
    }
    const iface: Interface = { linkType: v.getUint16(body, this.little), snaplen: v.getUint32(body + 4, this.little), unitsPerSecond: 1_000_000n, offsetSeconds: 0 };
    let o = body + 8;
    while (o + 4 <= end) {
      const code = v.getUint16(o, this.little);
      const len = v.getUint16(o + 2, this.little);
      if (code === 0) break;
      if (o + 4 + len > end) break;
      if (code === 9 && len >= 1) {
        const r = v.getUint8(o + 4);
        // if_tsresol: the high bit says a power of two, otherwise a power of ten.
        this.setResolution(iface, r);
      } else if (code === 14 && len >= 8) {
        iface.offsetSeconds = Number(v.getBigInt64(o + 4, this.little));
      }
      o += 4 + len + ((4 - (len % 4)) % 4);
    }
    this.interfaces.push(iface);
  }

  private setResolution(iface: Interface, r: number): void {
    const exp = r & 0x7f;
    if (exp > 60) return;
    iface.unitsPerSecond = r & 0x80 ? 1n << BigInt(exp) : 10n ** BigInt(exp);
  }

  private stamp(iface: Interface, high: number, low: number): { sec: number; frac: number } {
    const units = (BigInt(high) << 32n) | BigInt(low);
    const sec = units / iface.unitsPerSecond;
    const rem = units % iface.unitsPerSecond;
    return { sec: Number(sec) + iface.offsetSeconds, frac: Number(rem) / Number(iface.unitsPerSecond) };
  }

  private enhancedPacket(v: DataView, body: number, end: number): RawPacket | null {
    if (end - body < 20) {
      this.problems.add('corrupt-record', this.index, { block: 'enhanced packet' });
      this.index++;
      return null;
    }
    const id = v.getUint32(body, this.little);
    const caplen = v.getUint32(body + 12, this.little);
    const origLen = v.getUint32(body + 16, this.little);
    const iface = this.interfaces[id];
    const index = this.index++;
    if (!iface) {
      this.problems.add('unknown-interface', index, { interface: id });
      return null;
    }
    if (body + 20 + caplen > end) {
      this.problems.add('corrupt-record', index, { block: 'enhanced packet', caplen });
      return null;
    }
    const { sec, frac } = this.stamp(iface, v.getUint32(body + 4, this.little), v.getUint32(body + 8, this.little));
    return { index, linkType: iface.linkType, interfaceId: id, sec, frac, data: this.buf.subarray(body + 20, body + 20 + caplen), origLen: Math.max(origLen, caplen) };
  }

  private simplePacket(v: DataView, body: number, end: number): RawPacket | null {
    const iface = this.interfaces[0];
    const index = this.index++;
    if (!iface) {
      this.problems.add('unknown-interface', index, { interface: 0 });
      return null;
    }
    const origLen = v.getUint32(body, this.little);
    const caplen = Math.min(origLen, end - body - 4, iface.snaplen || Infinity);
    // A simple packet block has no timestamp: it is placed at time zero of the capture's clock.
    return { index, linkType: iface.linkType, interfaceId: 0, sec: 0, frac: 0, data: this.buf.subarray(body + 4, body + 4 + caplen), origLen };
  }

  private obsoletePacket(v: DataView, body: number, end: number): RawPacket | null {
    const index = this.index++;
    const id = v.getUint16(body, this.little);
    const iface = this.interfaces[id];
    if (!iface) {
      this.problems.add('unknown-interface', index, { interface: id });
      return null;
    }
    const caplen = v.getUint32(body + 12, this.little);
    const origLen = v.getUint32(body + 16, this.little);
    if (body + 20 + caplen > end) {
      this.problems.add('corrupt-record', index, { block: 'packet', caplen });
      return null;
    }
    const { sec, frac } = this.stamp(iface, v.getUint32(body + 4, this.little), v.getUint32(body + 8, this.little));
    return { index, linkType: iface.linkType, interfaceId: id, sec, frac, data: this.buf.subarray(body + 20, body + 20 + caplen), origLen: Math.max(origLen, caplen) };
  }
}
