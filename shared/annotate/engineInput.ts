/**
 * What the annotator hands the engine: its settings, its addresses, and a captured segment as the
 * engine takes it (in pieces of at most one MSS, the window scaled). The engine is the game's own
 * TCP, which has no window scaling and carries at most ENGINE_CHUNK bytes a segment.
 */
import { configFor, type Profile, type TcpConfig } from '../tcp/config.ts';
import type { Segment } from '../tcp/segment.ts';
import { seqAdd, seqDiff } from '../tcp/seq.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';

/** The engine carries at most this much payload per segment; a larger captured segment (GSO on loopback) is fed in pieces. */
export const ENGINE_CHUNK = 1_460;
/** What one SEND call may pass to the engine. */
export const SEND_CHUNK = ENGINE_CHUNK * 8;
/** Engine emissions not yet seen on the capture, kept per host (older ones are forgotten). */
export const MAX_PENDING = 64;
/** A window the annotator gives a sender's engine so it always sends what the capture shows it sent. */
export const OPEN_WINDOW = 2 ** 30;

/** The engine wants addresses without colons: an IPv6 address gets a stand-in (its groups joined by dashes). */
export function engineAddress(ip: string): string {
  return ip.includes(':') ? `v6-${ip.replace(/:/g, '-')}` : ip;
}

/** The annotator's engine settings: the profile's rules, with room for any real segment size and window. */
export function annotatorConfig(profile: Profile): TcpConfig {
  return configFor(profile, { receiveWindow: 65_535, mss: ENGINE_CHUNK, synBacklog: 64, acceptBacklog: 64 });
}

/** The payload as the engine's data: one character a byte. */
export function dataOf(s: CapturedSegment): string {
  let text = '';
  const n = Math.min(s.preview.length, s.len);
  for (let i = 0; i < n; i++) text += String.fromCharCode(s.preview[i] ?? 0);
  // Bytes not kept (or not captured) still take their sequence numbers; their value never matters to TCP.
  return s.len > n ? text + '\u0000'.repeat(s.len - n) : text;
}

/** The segment as the engine takes it: pieces of at most ENGINE_CHUNK bytes, the window scaled and capped to 16 bits. */
export function engineSegments(c: Connection, s: CapturedSegment): Segment[] {
  const src = c.sock[s.src] ?? '';
  const dst = c.sock[s.dst] ?? '';
  const wnd = Math.min(65_535, scaledWindow(c, s));
  const data = dataOf(s);
  const base = { src, dst, ack: s.flags.ACK ? s.ack : 0, wnd };
  if (data.length <= ENGINE_CHUNK || s.flags.SYN) {
    return [{ ...base, seq: s.seq, flags: { SYN: s.flags.SYN, ACK: s.flags.ACK, FIN: s.flags.FIN, RST: s.flags.RST }, data: data.slice(0, ENGINE_CHUNK) }];
  }
  const out: Segment[] = [];
  for (let off = 0; off < data.length; off += ENGINE_CHUNK) {
    const last = off + ENGINE_CHUNK >= data.length;
    out.push({ ...base, seq: seqAdd(s.seq, off), flags: { SYN: false, ACK: s.flags.ACK, FIN: s.flags.FIN && last, RST: s.flags.RST }, data: data.slice(off, off + ENGINE_CHUNK) });
  }
  return out;
}

/** RFC 7323 §2.3: the window field is scaled only after both SYNs carried the option, and never in a SYN. */
export function scaledWindow(c: Connection, s: CapturedSegment): number {
  const mine = c.wscale[s.src];
  const theirs = c.wscale[s.dst];
  if (s.flags.SYN || mine === null || mine === undefined || theirs === null || theirs === undefined) return s.window;
  return s.window * 2 ** mine;
}

/**
 * The engine's receive window is a fixed 64 KB (it has no window scaling); a real receiver offers
 * what its last ACK said, often megabytes on a bulk transfer. Let the receiver's engine take
 * everything up to the right edge it offered (RCV.NXT + RCV.WND, RFC 9293 §3.10.7.4), so data
 * held beyond a hole is not refused as outside the window when Linux took and SACKed it.
 */
export function offerReceiveWindow(c: Connection, ep: string): void {
  const tcb = c.tcb(ep);
  const last = c.lastFrom[ep];
  if (!tcb || !last?.flags.ACK || last.flags.RST || last.flags.SYN) return;
  const room = seqDiff(seqAdd(last.ack, c.lastWindow[ep] ?? 0), tcb.rcvNxt);
  if (room > tcb.rcvWnd) tcb.rcvWnd = room;
}
