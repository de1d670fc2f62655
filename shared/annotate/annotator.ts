/**
 * The annotator: a capture file in, one annotated row per TCP segment out, in file order. It
 * streams: bytes are pushed in chunks, packets are decoded as they complete, and a segment is
 * annotated once `lookahead` more packets have been read (the later segments of its connection
 * are what losses and crossings are inferred from). Memory is bounded by the look-ahead, the
 * connections it keeps (least recently seen forgotten first) and one record of the file.
 */
import { decodePacket } from '../pcap/decode.ts';
import { ProblemLog } from '../pcap/problems.ts';
import { CaptureReader, type CaptureFormat, type RawPacket } from '../pcap/reader.ts';
import { Connection } from './connection.ts';
import { PREVIEW_BYTES, type AnnotateOptions, type AnnotatedSegment, type CapturedSegment, type NoteItem } from './types.ts';

/**
 * Packets read ahead before a segment is annotated. On a busy capture a connection's next word can
 * be hundreds of packets away: 60 concurrent connections on a Linux loopback had a SYN dropped by a
 * full accept queue and resent 1 s and some 300 packets later. Each packet kept costs well under a
 * kilobyte (its first PREVIEW_BYTES of payload and its header fields).
 */
export const DEFAULT_LOOKAHEAD = 2048;
export const DEFAULT_MAX_CONNECTIONS = 10_000;
/** Addresses whose TTLs (Hop Limits) are kept for reading where the capture was taken (a spoofed SYN flood has thousands). */
const MAX_ADDRESSES = 4096;

function endpoint(ip: string, port: number, version: 4 | 6): string {
  return version === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const isControl = (s: CapturedSegment): boolean => s.flags.SYN || s.flags.FIN || s.flags.RST;

/** Both directions of a connection share one key: its two endpoints in sorted order. */
function tupleOf(s: CapturedSegment): string {
  return s.src < s.dst ? `${s.src}|${s.dst}` : `${s.dst}|${s.src}`;
}

export class Annotator {
  readonly problems = new ProblemLog();
  private readonly reader = new CaptureReader(this.problems);
  private readonly lookahead: number;
  private readonly maxConnections: number;
  private readonly window: CapturedSegment[] = [];
  private readonly byTuple = new Map<string, CapturedSegment[]>();
  /** How many segments with SYN, FIN or RST each 4-tuple has in the look-ahead: none, no new incarnation to look for. */
  private readonly controls = new Map<string, number>();
  private readonly connections = new Map<string, Connection>();
  /** The TTLs (Hop Limits) each address's segments carry so far, the look-ahead included (capturePoint.ts). */
  private readonly hopLimits = new Map<string, Set<number>>();
  private nextStream = 0;
  private start: { sec: number; frac: number } | null = null;
  private lastTime = 0;
  private forgotten = false;
  packets = 0;
  segments = 0;
  private readonly options: AnnotateOptions;

  constructor(options: AnnotateOptions) {
    this.options = options;
    this.lookahead = Math.max(1, options.lookahead ?? DEFAULT_LOOKAHEAD);
    this.maxConnections = Math.max(1, options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  }

  get format(): CaptureFormat | null {
    return this.reader.format;
  }

  /** The connections seen so far (streams numbered from 0). */
  get streams(): number {
    return this.nextStream;
  }

  push(chunk: Uint8Array): AnnotatedSegment[] {
    const out: AnnotatedSegment[] = [];
    for (const p of this.reader.push(chunk)) this.take(p, out);
    return out;
  }

  /** The file has ended: annotate what the look-ahead still holds. */
  end(): AnnotatedSegment[] {
    this.reader.end();
    const out: AnnotatedSegment[] = [];
    while (this.window.length > 0) out.push(this.processHead());
    return out;
  }

  private take(p: RawPacket, out: AnnotatedSegment[]): void {
    this.packets++;
    this.start ??= { sec: p.sec, frac: p.frac };
    let time = p.sec - this.start.sec + (p.frac - this.start.frac);
    if (time < this.lastTime) {
      this.problems.add('time-went-backwards', p.index);
      time = this.lastTime;
    }
    this.lastTime = time;
    const d = decodePacket(p);
    if (!d.ok) {
      this.problems.add(d.code, p.index, d.params);
      return;
    }
    for (const n of d.notes) this.problems.add(n.code, p.index, n.params);
    const t = d.tcp;
    const s: CapturedSegment = {
      index: p.index,
      time: Math.round(time * 1e9) / 1e9,
      src: endpoint(t.srcIp, t.srcPort, t.ipVersion),
      dst: endpoint(t.dstIp, t.dstPort, t.ipVersion),
      srcIp: t.srcIp,
      dstIp: t.dstIp,
      srcPort: t.srcPort,
      dstPort: t.dstPort,
      ipVersion: t.ipVersion,
      seq: t.seq,
      ack: t.ack,
      flags: t.flags,
      window: t.window,
      options: t.options,
      len: t.len,
      // A copy, so the file's chunk can be let go.
      preview: t.payload.slice(0, PREVIEW_BYTES),
      ...(t.ipId === null ? {} : { ipId: t.ipId }),
      hopLimit: t.hopLimit,
    };
    this.segments++;
    const hops = this.hopLimits.get(s.srcIp);
    if (hops) hops.add(t.hopLimit);
    else if (this.hopLimits.size < MAX_ADDRESSES) this.hopLimits.set(s.srcIp, new Set([t.hopLimit]));
    this.window.push(s);
    const key = tupleOf(s);
    const list = this.byTuple.get(key);
    if (list) list.push(s);
    else this.byTuple.set(key, [s]);
    if (isControl(s)) this.controls.set(key, (this.controls.get(key) ?? 0) + 1);
    while (this.window.length > this.lookahead) out.push(this.processHead());
  }

  private processHead(): AnnotatedSegment {
    const s = this.window.shift()!;
    const key = tupleOf(s);
    const list = this.byTuple.get(key) ?? [];
    list.shift();
    if (list.length === 0) this.byTuple.delete(key);
    if (isControl(s)) {
      const n = (this.controls.get(key) ?? 1) - 1;
      if (n > 0) this.controls.set(key, n);
      else this.controls.delete(key);
    }
    const notes: NoteItem[] = [];
    let conn = this.connections.get(key);
    const isSyn = s.flags.SYN && !s.flags.ACK;
    const fresh = !conn || (isSyn && conn.ended() && conn.issOf(s.src) !== s.seq);
    const iss = new Map<string, number>();
    if (!fresh && conn) for (const ep of conn.endpoints) { const i = conn.issOf(ep); if (i !== null) iss.set(ep, i); }
    if (isSyn) iss.set(s.src, s.seq);
    // The look-ahead ends where a new incarnation of the 4-tuple begins: a SYN with another ISN
    // after this one was closed or reset. (Before that, another ISN is an old duplicate SYN.)
    let ending = false;
    const cut = !this.controls.has(key) ? -1 : list.findIndex((f) => {
      if (ending && f.flags.SYN && !f.flags.ACK && iss.has(f.src) && iss.get(f.src) !== f.seq) return true;
      if (f.flags.FIN || f.flags.RST) ending = true;
      return false;
    });
    const future = cut < 0 ? list : list.slice(0, cut);
    if (fresh) {
      if (conn) notes.push({ code: 'new-incarnation' });
      conn = new Connection(this.nextStream++, s, future, this.options.profile, notes, (ip) => this.hopLimits.get(ip));
    }
    this.connections.delete(key);
    this.connections.set(key, conn!);
    if (this.connections.size > this.maxConnections) {
      const oldest = this.connections.keys().next().value;
      if (oldest !== undefined) this.connections.delete(oldest);
      if (!this.forgotten) this.problems.add('too-many-connections', s.index, { max: this.maxConnections });
      this.forgotten = true;
    }
    return conn!.process(s, future, notes, this.lastTime);
  }
}

/** Annotate a whole capture held in memory (tests, small files). */
export function annotateBytes(bytes: Uint8Array, options: AnnotateOptions): { rows: AnnotatedSegment[]; annotator: Annotator } {
  const a = new Annotator(options);
  const rows = [...a.push(bytes), ...a.end()];
  return { rows, annotator: a };
}
