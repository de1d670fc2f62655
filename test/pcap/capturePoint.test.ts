/**
 * Where a capture was taken, read from the capture itself (shared/annotate/capturePoint.ts), and
 * what follows from it: a segment seen arriving at the host the capture was taken on reached that
 * host. Its TCP may still have dropped it (a Linux listener's full accept queue, a firewall rule
 * after the capture point), but it was not lost on the way. Shapes from the Linux recordings made
 * between network namespaces through one router (captured at both ends: the sender's own segments
 * carry TTL 64, the other end's 63), annotated with `--profile linux` unless said otherwise.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { captureSiteText, lossInDoubt, noteText } from '../../shared/annotate/noteText.ts';
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

function file(packets: Packet[], ttl: { client: number; server: number }): Uint8Array {
  return pcap(LINKTYPE.RAW, packets.map(([t, who, over]) => ({ t, bytes: encodeIpv4Tcp(seg({ ...(who === 'C' ? C : S), ttl: who === 'C' ? ttl.client : ttl.server, ...over })) })));
}

function annotate(packets: Packet[], ttl: { client: number; server: number }, profile: Profile = 'linux'): AnnotatedSegment[] {
  const { rows, annotator } = annotateBytes(file(packets, ttl), { profile });
  expect(annotator.problems.listed).toEqual([]);
  return rows;
}
const codes = (r: AnnotatedSegment): string[] => r.notes.map((n) => n.code);
/** "lost on the way" said of the segment itself, not "not lost on the way". */
const saysLostOnTheWay = (r: AnnotatedSegment): boolean => /(?<!not )lost on the way/.test(r.note);

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

describe('a segment seen arriving at the host the capture was taken on was not lost on the way', () => {
  // backlog-0 listener holding an unaccepted connection (nstat ListenOverflows): the client's SYN timer sends it again 1 s, 2 s, 3 s on; the fourth copy finds room.
  const resentSyn: Packet[] = [
    [0, 'C', { seq: 100, flags: syn }],
    [1.0162, 'C', { seq: 100, flags: syn }],
    [2.0442, 'C', { seq: 100, flags: syn }],
    [3.0642, 'C', { seq: 100, flags: syn }],
    [3.06427, 'S', { seq: 500, ack: 101, flags: synAck }],
  ];

  it('a SYN seen arriving at a server-side capture, sent again before anything answered it, is not called lost on the way: it reached the server, whose full accept queue (Linux) dropped it', () => {
    const rows = annotate(resentSyn, AT_SERVER);
    for (const r of rows.slice(0, 3)) {
      expect(saysLostOnTheWay(r)).toBe(false);
      expect(codes(r)).not.toContain('lost-retransmitted');
      expect(codes(r)).not.toContain('or-syn-ack-lost');
      expect(r.notes).toContainEqual({ code: 'dropped-at-host', who: 'server', why: { code: 'lost-retransmitted', by: r.index + 1 }, cause: 'accept-queue' });
      expect(r.note).toContain('reached the server, where this capture was taken, so it was not lost on the way');
      expect(r.note).toContain("Linux drops a SYN while the listener's accept queue is full");
      // Its TCP never took it: the listener stays LISTEN, as before.
      expect(r.states[SERVER]).toBe('LISTEN');
      expect(r.arrived).toBe(true);
      expect(lossInDoubt(r.notes)).toBe(false);
    }
    expect(rows[3]!.states[SERVER]).toBe('SYN-RECEIVED');
  });

  it('the same SYNs captured at the client, where they were seen leaving, may still have been lost on the way: the note keeps that, the lost SYN-ACK and the full accept queue', () => {
    const rows = annotate(resentSyn, AT_CLIENT);
    for (const r of rows.slice(0, 3)) {
      expect(r.arrived).toBe(false);
      expect(codes(r)).toEqual(expect.arrayContaining(['lost-retransmitted', 'or-accept-queue-full']));
      expect(saysLostOnTheWay(r)).toBe(true);
    }
  });

  it('under RFC 9293\'s rules (no accept queue) the SYN seen arriving at the server reached it too: dropped at the server\'s host, not lost on the way', () => {
    const rows = annotate(resentSyn, AT_SERVER, 'rfc9293');
    expect(rows[0]!.notes).toContainEqual({ code: 'dropped-at-host', who: 'server', why: { code: 'lost-retransmitted', by: 1 }, cause: 'host' });
    expect(saysLostOnTheWay(rows[0]!)).toBe(false);
    expect(rows[0]!.note).toContain("Dropped at the server's host");
  });

  it('its sender\'s last try, never answered while the capture goes on for seconds, seen arriving at the server: dropped there, not lost on the way', () => {
    const rows = annotate([
      [0, 'C', { seq: 100, flags: syn }],
      [1.019, 'C', { seq: 100, flags: syn }],
      // Another client of the same listener, 3 s later, refused (the listener was gone): the capture went on.
      [4.2, 'C', { srcPort: 57216, seq: 900, flags: syn }],
      [4.20002, 'S', { dstPort: 57216, seq: 0, ack: 901, flags: { ...ack, RST: true } }],
    ], AT_SERVER);
    expect(rows[1]!.notes).toContainEqual({ code: 'dropped-at-host', who: 'server', why: { code: 'lost-syn-unanswered', seconds: 3.2 }, cause: 'accept-queue' });
    expect(saysLostOnTheWay(rows[1]!)).toBe(false);
  });

  it('a FIN seen arriving at a client-side capture, sent again with no word from the client: not lost on the way, and no ACK of it was lost either (this capture would have seen it leave)', () => {
    const packets: Packet[] = [
      [0, 'C', { seq: 100, flags: syn }],
      [0.03, 'S', { seq: 500, ack: 101, flags: synAck }],
      [0.03001, 'C', { seq: 101, ack: 501, flags: ack }],
      [0.031, 'C', { seq: 101, ack: 501, flags: ack, payload: new Uint8Array(10) }],
      [0.061, 'S', { seq: 501, ack: 111, flags: ack }],
      [0.1, 'S', { seq: 501, ack: 111, flags: fin }],
      [0.35, 'S', { seq: 501, ack: 111, flags: fin }], // its retransmission timer
      [0.35001, 'C', { seq: 111, ack: 502, flags: ack }],
    ];
    const atClient = annotate(packets, AT_CLIENT);
    expect(atClient[5]!.captureSite.site).toBe('client');
    expect(atClient[5]!.notes).toContainEqual({ code: 'dropped-at-host', who: 'client', why: { code: 'lost-retransmitted', by: 6 }, cause: 'host' });
    expect(codes(atClient[5]!)).not.toContain('or-ack-lost');
    expect(saysLostOnTheWay(atClient[5]!)).toBe(false);
    expect(atClient[5]!.states[CLIENT]).toBe('ESTABLISHED');
    expect(atClient[6]!.states[CLIENT]).toBe('CLOSE-WAIT');
    // Captured at the server, where it was seen leaving: lost on the way, or its ACK was.
    const atServer = annotate(packets, AT_SERVER);
    expect(codes(atServer[5]!)).toEqual(expect.arrayContaining(['lost-retransmitted', 'or-ack-lost']));
  });

  it('a handshake ACK dropped by a full accept queue, seen arriving at a server-side capture: the note no longer offers "or the ACK was lost"', () => {
    const rows = annotate([
      [0, 'C', { seq: 1000, flags: syn }],
      [0.00001, 'S', { seq: 9000, ack: 1001, flags: synAck }],
      [0.00003, 'C', { seq: 1001, ack: 9001, flags: ack }], // dropped: accept queue full
      [1.02, 'S', { seq: 9000, ack: 1001, flags: synAck }], // its SYN-ACK timer
      [1.02002, 'C', { seq: 1001, ack: 9001, flags: ack }],
    ], AT_SERVER);
    expect(rows[2]!.notes).toContainEqual({ code: 'accept-queue-drop', who: 'server', by: 3, seen: true });
    expect(rows[2]!.note).not.toContain('or the ACK was lost');
    expect(rows[2]!.note).toContain('saw it arrive: it was not lost on the way');
    expect(noteText(rows[2]!.notes, 'zh-CN')).toContain('这份抓包是在服务器上抓的，看到它到达了');
    const atClient = annotate([
      [0, 'C', { seq: 1000, flags: syn }],
      [0.00001, 'S', { seq: 9000, ack: 1001, flags: synAck }],
      [0.00003, 'C', { seq: 1001, ack: 9001, flags: ack }],
      [1.02, 'S', { seq: 9000, ack: 1001, flags: synAck }],
      [1.02002, 'C', { seq: 1001, ack: 9001, flags: ack }],
    ], AT_CLIENT);
    expect(atClient[2]!.note).toContain('or the ACK was lost');
  });

  it('a SYN refused only once the listener is gone, captured at the server: the copies before it were seen arriving, so they met the listener (no doubt of a port closed all along)', () => {
    const rows = annotate([
      [0, 'C', { seq: 617283221, flags: syn }],
      [1.015557, 'C', { seq: 617283221, flags: syn }],
      [2.039528, 'C', { seq: 617283221, flags: syn }],
      [2.039755, 'S', { seq: 0, ack: 617283222, flags: { ...ack, RST: true } }],
    ], AT_SERVER);
    expect(rows[0]!.notes).toContainEqual({ code: 'listen-until-refused', who: 'server', refused: 2, by: 3, seen: true });
    expect(rows[0]!.note).not.toContain('this capture cannot tell');
    for (const r of rows.slice(0, 2)) {
      expect(saysLostOnTheWay(r)).toBe(false);
      expect(r.states[SERVER]).toBe('LISTEN');
    }
    expect(rows[2]!.notes).toContainEqual({ code: 'listener-gone', who: 'server', by: 3 });
  });

  it('on the loopback (both ends one host) losses read as before: a firewall rule there drops what the capture saw', () => {
    const lo = (over: Partial<TcpSegmentOut>, who: 'C' | 'S'): Partial<TcpSegmentOut> => ({ ...over, srcIp: who === 'C' ? '127.0.0.1' : '127.0.0.2', dstIp: who === 'C' ? '127.0.0.2' : '127.0.0.1' });
    const rows = annotate(resentSyn.map(([t, who, over]): Packet => [t, who, lo(over, who)]), ON_ONE_LINK);
    expect(rows[0]!.captureSite.site).toBe('both');
    expect(codes(rows[0]!)).toContain('lost-retransmitted');
    expect(rows[0]!.arrived).toBe(false);
  });
});

describe('the command line says where each connection was captured', () => {
  it('on each connection\'s header line of the ladder, and as capturedAt on every JSON row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capture-point-'));
    try {
      const path = join(dir, 'at-server.pcap');
      // Two connections: a request answered, then SYNs the server never answers.
      await writeFile(path, file([...exchange(0.00001, 0.00001), [1, 'C', { srcPort: 57216, seq: 900, flags: syn }], [2.02, 'C', { srcPort: 57216, seq: 900, flags: syn }]], AT_SERVER));
      const run = promisify(execFile);
      const text = (await run(process.execPath, ['scripts/pcap.ts', 'annotate', path])).stdout;
      const headers = text.split('\n').filter((l) => l.startsWith('── connection'));
      expect(headers).toHaveLength(2);
      for (const h of headers) expect(h).toContain("; captured at the server (its segments carry TTL 64 as they leave a host, the client's 63");
      const json = JSON.parse((await run(process.execPath, ['scripts/pcap.ts', 'annotate', path, '--json'])).stdout) as { capturedAt: string; stream: number }[];
      expect(json.map((r) => r.capturedAt)).toEqual(json.map(() => 'server'));
      expect(new Set(json.map((r) => r.stream))).toEqual(new Set([0, 1]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
