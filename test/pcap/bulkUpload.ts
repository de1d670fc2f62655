/**
 * A bulk upload as a capture, built packet by packet (a long connection for the replay's tests):
 * the handshake, `segments` full segments from the client with the server ACKing every second
 * one, and a close.
 */
import { encodeIpv4Tcp, type TcpSegmentOut } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcap, seg } from './handBuilt.ts';

const C = { srcIp: '192.0.2.1', srcPort: 40000, dstIp: '192.0.2.2', dstPort: 80 };
const S = { srcIp: '192.0.2.2', srcPort: 80, dstIp: '192.0.2.1', dstPort: 40000 };
const flags = (f: Partial<Record<'SYN' | 'ACK' | 'FIN' | 'RST', boolean>>) => ({ SYN: false, ACK: true, FIN: false, RST: false, ...f });
const MSS = 1000;

/**
 * The client uploads `segments` full segments and the server ACKs every second one. With
 * `halfCloseAt`, the server closes its side after that segment (its FIN takes the client to
 * CLOSE-WAIT) and the client's FIN ends the connection; without, the four-way close does.
 */
export function bulkUploadPcap(segments: number, halfCloseAt: number | null = null): Uint8Array {
  const packets: [number, TcpSegmentOut][] = [];
  let t = 0;
  const at = (s: TcpSegmentOut): void => {
    packets.push([t, s]);
    t += 0.0001;
  };
  let cSeq = 5000;
  let sSeq = 9000;
  at(seg({ ...C, seq: cSeq, ack: 0, flags: flags({ SYN: true, ACK: false }), window: 65535 }));
  at(seg({ ...S, seq: sSeq, ack: cSeq + 1, flags: flags({ SYN: true }), window: 65535 }));
  cSeq += 1;
  sSeq += 1;
  at(seg({ ...C, seq: cSeq, ack: sSeq, window: 65535 }));
  for (let i = 0; i < segments; i++) {
    at(seg({ ...C, seq: cSeq, ack: sSeq, payload: new Uint8Array(MSS).fill(97), window: 65535 }));
    cSeq += MSS;
    if (i % 2 === 1) at(seg({ ...S, seq: sSeq, ack: cSeq, window: 65535 }));
    if (i === halfCloseAt) {
      at(seg({ ...S, seq: sSeq, ack: cSeq, flags: flags({ FIN: true }), window: 65535 }));
      sSeq += 1;
      at(seg({ ...C, seq: cSeq, ack: sSeq, window: 65535 }));
    }
  }
  at(seg({ ...S, seq: sSeq, ack: cSeq, window: 65535 }));
  if (halfCloseAt === null) {
    at(seg({ ...C, seq: cSeq, ack: sSeq, flags: flags({ FIN: true }), window: 65535 }));
    at(seg({ ...S, seq: sSeq, ack: cSeq + 1, window: 65535 }));
    at(seg({ ...S, seq: sSeq, ack: cSeq + 1, flags: flags({ FIN: true }), window: 65535 }));
    at(seg({ ...C, seq: cSeq + 1, ack: sSeq + 1, window: 65535 }));
  } else {
    at(seg({ ...C, seq: cSeq, ack: sSeq, flags: flags({ FIN: true }), window: 65535 }));
    at(seg({ ...S, seq: sSeq, ack: cSeq + 1, window: 65535 }));
  }
  return pcap(LINKTYPE.RAW, packets.map(([time, s]) => ({ t: time, bytes: encodeIpv4Tcp(s) })));
}

