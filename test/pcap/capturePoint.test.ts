/**
 * Where a capture was taken, read from the capture itself (shared/annotate/capturePoint.ts), and
 * what follows from it: a segment seen arriving at the host the capture was taken on reached that
 * host. Its TCP may still have dropped it (a Linux listener's full accept queue, a firewall rule
 * after the capture point), but it was not lost on the way. Shapes from the Linux recordings made
 * between network namespaces through one router (captured at both ends: the sender's own segments
 * carry TTL 64, the other end's 63), annotated with `--profile linux` unless said otherwise.
 */
import { describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { captureSiteText } from '../../shared/annotate/noteText.ts';
import type { AnnotatedSegment } from '../../shared/annotate/types.ts';
import { encodeIpv4Tcp, type TcpSegmentOut } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import { pcap, seg } from './handBuilt.ts';

const C = { srcIp: '10.77.2.2', srcPort: 57202, dstIp: '10.77.1.2', dstPort: 5001 };
const S = { srcIp: '10.77.1.2', srcPort: 5001, dstIp: '10.77.2.2', dstPort: 57202 };
const SERVER = '10.77.1.2:5001';
const CLIENT = '10.77.2.2:57202';
const syn = { SYN: true, ACK: false, FIN: false, RST: false };
const synAck = { SYN: true, ACK: true, FIN: false, RST: false };
const ack = { SYN: false, ACK: true, FIN: false, RST: false };
const fin = { SYN: false, ACK: true, FIN: true, RST: false };

/** Where the capture was taken, as the TTLs show it: its own host's segments leave with 64, the other end's come through the router with 63. */
const AT_SERVER = { client: 63, server: 64 };
const AT_CLIENT = { client: 64, server: 63 };
const ON_ONE_LINK = { client: 64, server: 64 };

type Packet = [number, 'C' | 'S', Partial<TcpSegmentOut>];

function annotate(packets: Packet[], ttl: { client: number; server: number }, profile: Profile = 'linux'): AnnotatedSegment[] {
  const frames = packets.map(([t, who, over]) => ({ t, bytes: encodeIpv4Tcp(seg({ ...(who === 'C' ? C : S), ttl: who === 'C' ? ttl.client : ttl.server, ...over })) }));
  const { rows, annotator } = annotateBytes(pcap(LINKTYPE.RAW, frames), { profile });
  expect(annotator.problems.listed).toEqual([]);
  return rows;
}

/** A handshake, a request, its reply and the close, each end answering after the given time (seconds) as seen where the capture was taken. */
const exchange = (clientAnswers: number, serverAnswers: number): Packet[] => [
  [0, 'C', { seq: 100, flags: syn }],
  [serverAnswers, 'S', { seq: 500, ack: 101, flags: synAck }],
  [serverAnswers + clientAnswers, 'C', { seq: 101, ack: 501, flags: ack }],
  [serverAnswers + clientAnswers + 0.001, 'C', { seq: 101, ack: 501, flags: ack, payload: new Uint8Array(20) }],
  [2 * serverAnswers + clientAnswers + 0.001, 'S', { seq: 501, ack: 121, flags: ack, payload: new Uint8Array(40) }],
  [2 * serverAnswers + 2 * clientAnswers + 0.001, 'C', { seq: 121, ack: 541, flags: fin }],
  [3 * serverAnswers + 2 * clientAnswers + 0.001, 'S', { seq: 541, ack: 122, flags: fin }],
  [3 * serverAnswers + 3 * clientAnswers + 0.001, 'C', { seq: 122, ack: 542, flags: ack }],
];

describe('where the capture was taken: hop counts (TTL, IPv6 Hop Limit)', () => {
  it('the server\'s segments leave with an initial TTL (64) and the client\'s come with one less (a router on their way): taken at the server', () => {
    const rows = annotate(exchange(0.00001, 0.00001), AT_SERVER);
    expect(rows[0]!.captureSite).toEqual({ site: 'server', ttl: { client: 63, server: 64 } });
    expect(captureSiteText(rows[0]!.captureSite, 'en')).toBe("captured at the server (its segments carry TTL 64 as they leave a host, the client's 63: routers lie between the capture and the client)");
    expect(captureSiteText(rows[0]!.captureSite, 'zh-CN')).toBe('在服务器上抓包（它的报文段带着主机发出时的 TTL 64，客户端的则是 63：抓包点与客户端之间隔着路由器）');
  });

  it('the other way round: taken at the client', () => {
    expect(annotate(exchange(0.00001, 0.00001), AT_CLIENT)[0]!.captureSite.site).toBe('client');
  });

  it('both ends\' segments have passed routers (63 and 57): taken in the middle, which end cannot be said', () => {
    const rows = annotate(exchange(0.00001, 0.00001), { client: 63, server: 57 });
    expect(rows[0]!.captureSite.site).toBe('unknown');
    expect(captureSiteText(rows[0]!.captureSite, 'en')).toContain('taken in the middle');
  });

  it('a connection in which the server sends nothing (SYNs it never answers) is read by the server\'s segments in its other connections', () => {
    const other = { srcPort: 57188, dstPort: 5001 };
    const back = { srcPort: 5001, dstPort: 57188 };
    const rows = annotate([
      [0, 'C', { ...other, seq: 7000, flags: syn }],
      [0.000012, 'S', { ...back, seq: 9000, ack: 7001, flags: synAck }],
      [0.000026, 'C', { ...other, seq: 7001, ack: 9001, flags: ack }],
      [0.2, 'C', { seq: 100, flags: syn }],
      [1.22, 'C', { seq: 100, flags: syn }],
    ], AT_SERVER);
    expect(rows[3]!.stream).toBe(1);
    expect(rows[3]!.captureSite.site).toBe('server');
  });
});

describe('where the capture was taken: answer times', () => {
  it('on one link (both TTLs 64), the client answers within microseconds and the server only after a round trip of 30 ms: taken at the client', () => {
    const rows = annotate(exchange(0.00001, 0.03), ON_ONE_LINK);
    expect(rows[0]!.captureSite).toEqual({ site: 'client', answers: { client: 0.00001, server: 0.03 } });
    expect(captureSiteText(rows[0]!.captureSite, 'en')).toBe('captured at the client (it answers within 10 µs, the server only after 30 ms, a round trip)');
    expect(captureSiteText(rows[0]!.captureSite, 'zh-CN')).toBe('在客户端上抓包（它在 10 微秒内就作出回应，服务器则要 30 毫秒，一个往返）');
  });

  it('the server answers within microseconds, the client a round trip later: taken at the server', () => {
    expect(annotate(exchange(0.03, 0.00001), ON_ONE_LINK)[0]!.captureSite.site).toBe('server');
  });

  it('both answer within microseconds (a round trip no longer than a host\'s own processing): the capture cannot tell which end', () => {
    expect(annotate(exchange(0.000012, 0.000016), ON_ONE_LINK)[0]!.captureSite.site).toBe('unknown');
  });

  it('one quick answer is not several: a handshake alone decides nothing', () => {
    const rows = annotate(exchange(0.00001, 0.03).slice(0, 3), ON_ONE_LINK);
    expect(rows[0]!.captureSite.site).toBe('unknown');
  });

  it('hop counts and answer times that disagree: unknown', () => {
    expect(annotate(exchange(0.00001, 0.03), AT_SERVER)[0]!.captureSite.site).toBe('unknown');
  });

  it('on the loopback both ends are one host: both', () => {
    const lo = (over: Partial<TcpSegmentOut>, who: 'C' | 'S'): Partial<TcpSegmentOut> => ({ ...over, srcIp: who === 'C' ? '127.0.0.1' : '127.0.0.2', dstIp: who === 'C' ? '127.0.0.2' : '127.0.0.1' });
    const rows = annotate(exchange(0.00001, 0.00001).map(([t, who, over]): Packet => [t, who, lo(over, who)]), ON_ONE_LINK);
    expect(rows[0]!.captureSite.site).toBe('both');
  });
});
