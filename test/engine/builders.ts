/**
 * Builders for engine tests, one per TCP state (as smoltcp's `socket_established()`): each reaches
 * its state through real engine steps — calls and segments — never by poking TCB fields. ISNs are
 * fixed through the host's `fixedIss` option so sequence numbers in assertions can be exact.
 *
 * Unless a test says otherwise everything in a builder happens at t = 0 and segments cross the
 * wire instantly, so every timer a test sees is relative to 0 (first RTO at 1000 ms).
 */
import { expect } from 'vitest';
import { configFor, type Profile, type TcpConfig } from '../../shared/tcp/config.ts';
import { connectionTo, createHost, segmentsOf, step } from '../../shared/tcp/host.ts';
import type { ControlBit, Segment, SocketAddress } from '../../shared/tcp/segment.ts';
import { flags } from '../../shared/tcp/segment.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import type { Host, HostEvent, Output, Rejection, StepResult, Tcb } from '../../shared/tcp/types.ts';
import type { RuleId } from '../../shared/rules/ids.ts';

export const CLIENT_IP = '10.0.0.1';
export const SERVER_IP = '10.0.0.2';
/** The client's first ephemeral port is 49152 (the IANA dynamic range). */
export const CLIENT: SocketAddress = `${CLIENT_IP}:49152`;
export const SERVER: SocketAddress = `${SERVER_IP}:80`;
export const CLIENT_ISS = 1_000;
export const SERVER_ISS = 5_000;

export interface BuildOptions {
  profile?: Profile;
  config?: Partial<TcpConfig>;
  clientIss?: number;
  serverIss?: number;
  seed?: number;
}

export type Ok = Extract<StepResult, { ok: true }>;

export function clientHost(o: BuildOptions = {}): Host {
  return createHost({ address: CLIENT_IP, seed: o.seed ?? 1, config: configFor(o.profile ?? 'rfc9293', o.config), fixedIss: o.clientIss ?? CLIENT_ISS });
}

export function serverHost(o: BuildOptions = {}): Host {
  return createHost({ address: SERVER_IP, seed: (o.seed ?? 1) + 1, config: configFor(o.profile ?? 'rfc9293', o.config), fixedIss: o.serverIss ?? SERVER_ISS });
}

/**
 * For simultaneous open: the server host opening actively from port 80, so the two SYNs name each
 * other's sockets (CLIENT <-> SERVER) and cross on the wire.
 */
export function activeServerHost(o: BuildOptions = {}): Host {
  return createHost({ address: SERVER_IP, seed: (o.seed ?? 1) + 1, config: configFor(o.profile ?? 'rfc9293', o.config), fixedIss: o.serverIss ?? SERVER_ISS, firstPort: 80 });
}

/** Both ends called OPEN actively at `at`; neither SYN has arrived. */
export function bothSynSent(o: BuildOptions = {}, at = 0): { client: Host; server: Host; clientSyn: Segment; serverSyn: Segment } {
  const c = ok(clientHost(o), { kind: 'connect', at, remote: SERVER });
  const s = ok(activeServerHost(o), { kind: 'connect', at, remote: CLIENT });
  return { client: c.host, server: s.host, clientSyn: onlySegment(c), serverSyn: onlySegment(s) };
}

/** Step and insist the engine accepted the event (a builder or test that expects success). */
export function ok(host: Host, event: HostEvent): Ok {
  const r = step(host, event);
  if (!r.ok) throw new Error(`step ${event.kind} at ${event.at} rejected: ${r.rejection.code} (${r.rejection.detail})`);
  return r;
}

/** Step and insist the engine refused; the rejection is returned for its code. */
export function refused(host: Host, event: HostEvent): Rejection {
  const r = step(host, event);
  if (r.ok) throw new Error(`step ${event.kind} at ${event.at} was expected to be rejected`);
  return r.rejection;
}

/** A segment arrives at `host` at time `at`. */
export function deliver(host: Host, segment: Segment, at: number): Ok {
  return ok(host, { kind: 'segment', at, segment });
}

export function tick(host: Host, at: number): Ok {
  return ok(host, { kind: 'tick', at });
}

export function sentSegments(result: Ok): Segment[] {
  return segmentsOf(result.outputs);
}

/** The single segment a step sent (fails the test if it sent none or several). */
export function onlySegment(result: Ok): Segment {
  const sent = sentSegments(result);
  expect(sent, 'exactly one segment sent').toHaveLength(1);
  return sent[0]!;
}

export function segmentOutputs(result: Ok): Extract<Output, { kind: 'segment' }>[] {
  return result.outputs.filter((o): o is Extract<Output, { kind: 'segment' }> => o.kind === 'segment');
}

/** State changes a step made, as "A=>B" (smoltcp's log format). */
export function transitions(result: Ok): string[] {
  return result.outputs.flatMap((o) => (o.kind === 'state' ? [`${o.from}=>${o.to}`] : []));
}

export function rulesOf(result: Ok): RuleId[] {
  return result.outputs.map((o) => o.rule);
}

export function signalsOf(result: Ok): string[] {
  return result.outputs.flatMap((o) => (o.kind === 'signal' ? [o.signal] : []));
}

export function tcb(host: Host, remote: SocketAddress): Tcb {
  const c = connectionTo(host, remote);
  if (!c) throw new Error(`no connection to ${remote}`);
  return c;
}

export interface SegFields {
  src?: SocketAddress;
  dst?: SocketAddress;
  seq?: number;
  ack?: number;
  flags?: ControlBit[];
  wnd?: number;
  data?: string;
}

/** Craft a segment; by default from the client to the server, no flags, window 4096, no data. */
export function seg(f: SegFields = {}): Segment {
  return {
    src: f.src ?? CLIENT,
    dst: f.dst ?? SERVER,
    seq: f.seq ?? 0,
    ack: f.ack ?? 0,
    flags: flags(...(f.flags ?? [])),
    wnd: f.wnd ?? 4_096,
    data: f.data ?? '',
  };
}

/** The expected shape of a segment, flags as a list: `expectSegment(s, { flags: ['SYN','ACK'], seq, ack })`. */
export function expectSegment(s: Segment | undefined, want: SegFields): void {
  expect(s, 'a segment').toBeDefined();
  const got: SegFields = {};
  const keys = Object.keys(want) as (keyof SegFields)[];
  for (const k of keys) {
    if (k === 'flags') got.flags = (['SYN', 'ACK', 'FIN', 'RST'] as const).filter((b) => s!.flags[b]);
    else (got as Record<string, unknown>)[k] = s![k];
  }
  const wantSorted = { ...want, ...(want.flags ? { flags: (['SYN', 'ACK', 'FIN', 'RST'] as const).filter((b) => want.flags!.includes(b)) } : {}) };
  expect(got).toEqual(wantSorted);
}

export function stateOf(host: Host, remote: SocketAddress): TcpState | undefined {
  return connectionTo(host, remote)?.state;
}

// ---------------------------------------------------------------------------------------------
// One builder per state. Each returns both hosts and the segments still "on the wire".

/** The server in LISTEN on port 80. */
export function listening(o: BuildOptions = {}, at = 0): Host {
  return ok(serverHost(o), { kind: 'listen', at, port: 80 }).host;
}

/** The client in SYN-SENT; its SYN (seq = ISS) has not arrived anywhere yet. */
export function synSent(o: BuildOptions = {}, at = 0): { client: Host; syn: Segment } {
  const r = ok(clientHost(o), { kind: 'connect', at, remote: SERVER });
  return { client: r.host, syn: onlySegment(r) };
}

/** The client's SYN reached the listening server: server child in SYN-RECEIVED, its SYN-ACK in flight. */
export function synReceived(o: BuildOptions = {}, at = 0): { client: Host; server: Host; syn: Segment; synAck: Segment } {
  const { client, syn } = synSent(o, at);
  const r = deliver(listening(o, at), syn, at);
  return { client, server: r.host, syn, synAck: onlySegment(r) };
}

/**
 * Both ends ESTABLISHED after the three-way handshake, the server's child accepted (unless
 * `accept: false`). Client SND.NXT = 1001, server SND.NXT = 5001.
 */
export function established(o: BuildOptions & { accept?: boolean } = {}, at = 0): { client: Host; server: Host } {
  const { client, server, synAck } = synReceived(o, at);
  const c = deliver(client, synAck, at);
  const s = deliver(server, onlySegment(c), at);
  const accepted = o.accept === false ? s.host : ok(s.host, { kind: 'accept', at }).host;
  return { client: c.host, server: accepted };
}

/**
 * The client called CLOSE: client FIN-WAIT-1, its FIN (seq 1001) in flight, server still ESTABLISHED.
 * By close() (an orphan), or with `shutdown: true` by shutdown(SHUT_WR): its application reads on.
 */
export function finWait1(o: BuildOptions & { shutdown?: boolean } = {}, at = 0): { client: Host; server: Host; fin: Segment } {
  const { client, server } = established(o, at);
  const r = ok(client, { kind: 'close', at, remote: SERVER, ...(o.shutdown ? { shutdown: true } : {}) });
  return { client: r.host, server, fin: onlySegment(r) };
}

/** The FIN arrived: server CLOSE-WAIT; its ACK of the FIN (ack 1002) in flight, client still FIN-WAIT-1. */
export function closeWait(o: BuildOptions & { shutdown?: boolean } = {}, at = 0): { client: Host; server: Host; ackOfFin: Segment } {
  const { client, server, fin } = finWait1(o, at);
  const r = deliver(server, fin, at);
  return { client, server: r.host, ackOfFin: onlySegment(r) };
}

/** The ACK of the client's FIN arrived: client FIN-WAIT-2, server CLOSE-WAIT. */
export function finWait2(o: BuildOptions & { shutdown?: boolean } = {}, at = 0): { client: Host; server: Host } {
  const { client, server, ackOfFin } = closeWait(o, at);
  return { client: deliver(client, ackOfFin, at).host, server };
}

/** The server called CLOSE too: server LAST-ACK, its FIN (seq 5001) in flight, client FIN-WAIT-2. */
export function lastAck(o: BuildOptions = {}, at = 0): { client: Host; server: Host; fin: Segment } {
  const { client, server } = finWait2(o, at);
  const r = ok(server, { kind: 'close', at, remote: CLIENT });
  return { client, server: r.host, fin: onlySegment(r) };
}

/** The server's FIN arrived: client TIME-WAIT (since `at`), its last ACK (ack 5002) in flight, server LAST-ACK. */
export function timeWait(o: BuildOptions = {}, at = 0): { client: Host; server: Host; lastAckSeg: Segment; fin: Segment } {
  const { client, server, fin } = lastAck(o, at);
  const r = deliver(client, fin, at);
  return { client: r.host, server, lastAckSeg: onlySegment(r), fin };
}

/**
 * Simultaneous close: both called CLOSE, and each FIN reached the other before its ACK did. Both
 * ends CLOSING; each one's ACK of the other's FIN is in flight.
 */
export function closing(o: BuildOptions = {}, at = 0): { client: Host; server: Host; clientAck: Segment; serverAck: Segment } {
  const { client, server } = established(o, at);
  const c1 = ok(client, { kind: 'close', at, remote: SERVER });
  const s1 = ok(server, { kind: 'close', at, remote: CLIENT });
  const c2 = deliver(c1.host, onlySegment(s1), at);
  const s2 = deliver(s1.host, onlySegment(c1), at);
  return { client: c2.host, server: s2.host, clientAck: onlySegment(c2), serverAck: onlySegment(s2) };
}
