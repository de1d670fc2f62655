/**
 * A SYN a Linux listener's full accept queue dropped, as a capture (the shape of the recordings
 * backlog0-srv.pcapng and aoo0-srv.pcapng, made between network namespaces through one router): a
 * backlog-0 listener holding an unaccepted connection, the client's SYN sent again by its timer 1,
 * 2 and 3 s on; the fourth copy finds room, and the handshake completes. Captured at the server, the
 * first three are seen arriving (the client's segments come through the router with TTL 63, the
 * server's leave with 64); captured at the client, seen leaving (the other way round).
 */
import { encodeIpv4Tcp } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcap, seg } from './handBuilt.ts';

export const CLIENT = '10.77.2.2:57202';
export const SERVER = '10.77.1.2:5001';
const C = { srcIp: '10.77.2.2', srcPort: 57202, dstIp: '10.77.1.2', dstPort: 5001 };
const S = { srcIp: '10.77.1.2', srcPort: 5001, dstIp: '10.77.2.2', dstPort: 57202 };
const flags = (f: Partial<Record<'SYN' | 'ACK' | 'FIN' | 'RST', boolean>>) => ({ SYN: false, ACK: true, FIN: false, RST: false, ...f });

/** How many of the SYNs the listener dropped (the first ones; the next copy is answered). */
export const DROPPED_SYNS = 3;

export function acceptQueueDropPcap(capturedAt: 'server' | 'client'): Uint8Array {
  const ttl = capturedAt === 'server' ? { C: 63, S: 64 } : { C: 64, S: 63 };
  const syn = (t: number): [number, 'C' | 'S', ReturnType<typeof seg>] => [t, 'C', seg({ ...C, ttl: ttl.C, seq: 100, flags: flags({ SYN: true, ACK: false }), window: 64240 })];
  const packets: [number, 'C' | 'S', ReturnType<typeof seg>][] = [
    syn(0),
    syn(1.0162),
    syn(2.0442),
    syn(3.0642),
    [3.06427, 'S', seg({ ...S, ttl: ttl.S, seq: 500, ack: 101, flags: flags({ SYN: true }), window: 65160 })],
    [3.0646, 'C', seg({ ...C, ttl: ttl.C, seq: 101, ack: 501, flags: flags({}), window: 502 })],
  ];
  return pcap(LINKTYPE.RAW, packets.map(([t, , s]) => ({ t, bytes: encodeIpv4Tcp(s) })));
}
