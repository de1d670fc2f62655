/**
 * A round as a capture file: every segment that went on the wire becomes a real Ethernet + IPv4 +
 * TCP frame with the round's addresses, ports, sequence numbers, window and payload, timestamped
 * on the round's clock. A capture is taken at one point, so the file depends on where: at the
 * client or at the server it shows what that host sent (even if the wire lost it later) and what
 * reached it; "on the wire" shows every segment as it was sent.
 */
import type { Segment } from '../tcp/segment.ts';
import type { Side } from '../tcp/wire.ts';
import { ethernetIpv4Tcp } from './frame.ts';
import { LINKTYPE } from './linkTypes.ts';
import { pcapFile, type PcapRecord } from './writer.ts';

export type CapturePoint = Side | 'wire';
export const CAPTURE_POINTS: readonly CapturePoint[] = ['client', 'server', 'wire'];

/** One segment's trip, whatever recorded it (the round itself, a player's view, a replay log). */
export interface WireFlight {
  id: number;
  from: Side;
  segment: Segment;
  sentAt: number;
  arrivesAt: number;
  /** Lost on the way, arrived, or still travelling when the round ended. */
  fate: 'lost' | 'arrived' | 'in-flight';
  /** A copy the wire made: the sender sent it once. */
  duplicate: boolean;
  /** Put on the wire by something other than the sender's TCP (an old duplicate, a spoofed SYN). */
  injected: boolean;
}

/** Round time 0 is this instant (2025-01-01T00:00:00Z), so the same round always gives the same file. */
export const EXPORT_EPOCH_SECONDS = 1_735_689_600;

export interface CapturedFlight {
  flight: WireFlight;
  /** Round time (ms) at which the capture point saw it. */
  at: number;
}

/** Which segments a capture at `point` sees, and when, in the order it sees them. */
export function capturedFlights(flights: readonly WireFlight[], point: CapturePoint): CapturedFlight[] {
  const seen: (CapturedFlight & { order: number })[] = [];
  for (const f of flights) {
    if (point === 'wire') {
      seen.push({ flight: f, at: f.sentAt, order: 1 });
      continue;
    }
    // Sent by this host's TCP: seen leaving, whatever happens to it afterwards.
    if (f.from === point && !f.injected && !f.duplicate) seen.push({ flight: f, at: f.sentAt, order: 1 });
    // Addressed to this host: seen only if it arrived.
    if (f.from !== point && f.fate === 'arrived') seen.push({ flight: f, at: f.arrivesAt, order: 0 });
  }
  // At one instant a host first takes in what arrived, then sends what that made it send.
  seen.sort((a, b) => a.at - b.at || a.order - b.order || a.flight.id - b.flight.id);
  return seen.map(({ flight, at }) => ({ flight, at }));
}

function socket(s: string): { ip: string; port: number } {
  const i = s.lastIndexOf(':');
  return { ip: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

/** The game's data is text, one character per sequence number: one byte each (Latin-1). */
export function dataBytes(data: string): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data.charCodeAt(i) & 0xff;
  return out;
}

export function captureRecords(flights: readonly WireFlight[], point: CapturePoint, epochSeconds = EXPORT_EPOCH_SECONDS): PcapRecord[] {
  // Each sender numbers its datagrams; a wire duplicate is the same datagram twice, so it keeps the original's id.
  const nextId = new Map<string, number>();
  const idOf = new Map<string, number>();
  for (const f of [...flights].sort((a, b) => a.sentAt - b.sentAt || a.id - b.id)) {
    const key = `${f.from}/${f.sentAt}/${f.segment.seq}/${f.segment.ack}/${f.segment.data.length}`;
    if (f.duplicate && idOf.has(key)) continue;
    const ip = socket(f.segment.src).ip;
    const id = nextId.get(ip) ?? 1;
    nextId.set(ip, id + 1);
    idOf.set(key, id);
  }
  return capturedFlights(flights, point).map(({ flight, at }) => {
    const seg = flight.segment;
    const src = socket(seg.src);
    const dst = socket(seg.dst);
    const id = idOf.get(`${flight.from}/${flight.sentAt}/${seg.seq}/${seg.ack}/${seg.data.length}`) ?? 0;
    const bytes = ethernetIpv4Tcp({
      srcIp: src.ip,
      dstIp: dst.ip,
      srcPort: src.port,
      dstPort: dst.port,
      seq: seg.seq,
      ack: seg.ack,
      flags: seg.flags,
      window: seg.wnd,
      payload: dataBytes(seg.data),
      ipId: id,
    });
    return { seconds: epochSeconds + at / 1000, bytes };
  });
}

/** The capture file (classic pcap, Ethernet) of a round seen from `point`. */
export function exportPcap(flights: readonly WireFlight[], point: CapturePoint): Uint8Array {
  return pcapFile(LINKTYPE.ETHERNET, captureRecords(flights, point));
}

export function pcapFileName(scenarioId: string, point: CapturePoint): string {
  return `tcp-dojo-${scenarioId || 'round'}-${point}.pcap`;
}

/**
 * A capture opened in the game, saved again from its Results: named after the file it came from
 * (its name without the extension, only letters, digits, '.', '_' and '-' kept, at most 60 of them),
 * the connection when the file holds several, and the capture point. It was named after the demo.
 */
export function capturePcapFileName(captureName: string, point: CapturePoint, connection: number | null = null): string {
  const base = [...captureName.normalize('NFKC').replace(/\.(pcapng|pcap|cap|dmp)$/i, '').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '')]
    .slice(0, 60)
    .join('')
    .replace(/[-.]+$/, '');
  return `tcp-dojo-${base || 'capture'}${connection === null ? '' : `-conn${connection}`}-${point}.pcap`;
}
