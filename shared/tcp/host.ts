import { arriveClosed, arriveSynchronized, arriveSynSent } from './arrival.ts';
import { arriveListen } from './listen.ts';
import { callAbort, callAccept, callClose, callConnect, callListen, callReceive, callSend, callUnlisten, type CallResult } from './calls.ts';
import { configFor, configProblems, type TcpConfig } from './config.ts';
import type { Ctx } from './context.ts';
import { cookieSecretOf } from './cookie.ts';
import { seedRng } from './rng.ts';
import { segmentProblems, type Segment, type SocketAddress } from './segment.ts';
import type { TcpState } from './states.ts';
import { runTimersUntil } from './timers.ts';
import type { Host, HostEvent, Output, Rejection, StepResult, Tcb } from './types.ts';

export interface HostOptions {
  address: string;
  seed: number;
  config?: TcpConfig;
  /** Choose the ISN instead of drawing it (tests, scenarios such as sequence wrap-around). */
  fixedIss?: number;
  firstPort?: number;
  now?: number;
}

export function createHost(options: HostOptions): Host {
  return {
    config: options.config ?? configFor('rfc9293'),
    address: options.address,
    rng: seedRng(options.seed),
    now: options.now ?? 0,
    listener: null,
    connections: [],
    nextPort: options.firstPort ?? 49_152,
    fixedIss: options.fixedIss ?? null,
    cookieSecret: cookieSecretOf(options.seed),
  };
}

function rejected(host: Host, rejection: Rejection): StepResult {
  return { ok: false, host, rejection };
}

function addressOf(socket: SocketAddress): string {
  return socket.slice(0, socket.lastIndexOf(':'));
}

/** Demultiplex (RFC 9293 §3.10.7): a connection for this remote socket, else the listener, else CLOSED. */
function segmentArrives(ctx: Ctx, seg: Segment): void {
  const tcb = ctx.host.connections.find((c) => c.remote === seg.src && c.local === seg.dst);
  if (tcb) {
    switch (tcb.state) {
      case 'SYN-SENT':
        return arriveSynSent(ctx, tcb, seg);
      case 'SYN-RECEIVED':
      case 'ESTABLISHED':
      case 'FIN-WAIT-1':
      case 'FIN-WAIT-2':
      case 'CLOSE-WAIT':
      case 'CLOSING':
      case 'LAST-ACK':
      case 'TIME-WAIT':
        return arriveSynchronized(ctx, tcb, seg);
      case 'CLOSED':
      case 'LISTEN':
        return arriveClosed(ctx, seg);
      default: {
        const unreachable: never = tcb.state;
        return unreachable;
      }
    }
  }
  if (ctx.host.listener && ctx.host.listener.local === seg.dst) return arriveListen(ctx, ctx.host.listener, seg);
  return arriveClosed(ctx, seg);
}

function applyEvent(ctx: Ctx, event: HostEvent): CallResult {
  switch (event.kind) {
    case 'listen':
      return callListen(ctx, event.port);
    case 'unlisten':
      return callUnlisten(ctx);
    case 'connect':
      return callConnect(ctx, event.remote, event.iss, event.data, event.fastOpen ?? false);
    case 'send':
      return callSend(ctx, event.remote, event.data);
    case 'receive':
      return callReceive(ctx, event.remote);
    case 'close':
      return callClose(ctx, event.remote, event.shutdown ?? false);
    case 'abort':
      return callAbort(ctx, event.remote);
    case 'accept':
      return callAccept(ctx);
    case 'segment': {
      const problems = segmentProblems(event.segment);
      if (problems.length > 0) return { code: 'invalid-segment', detail: problems.join(', ') };
      if (addressOf(event.segment.dst) !== ctx.host.address) {
        return { code: 'not-addressed-to-host', detail: `${event.segment.dst} is not on ${ctx.host.address}` };
      }
      segmentArrives(ctx, event.segment);
      return null;
    }
    case 'tick':
      return null;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/**
 * The host a step writes to. The engine edits the host's own fields, its listener's, its
 * connections' fields and their retransmission and reassembly queues (it adds to and takes from
 * them), and nothing deeper: the configuration, the random generator's state, timers and queued
 * segments are replaced, never edited. Copying just that keeps step() pure at a fraction of a deep
 * copy's cost (test/game/purity.test.ts steps deep-frozen hosts to keep it so).
 */
function writableCopy(host: Host): Host {
  return {
    ...host,
    listener: host.listener && { ...host.listener },
    connections: host.connections.map((c) => ({ ...c, unacked: [...c.unacked], reassembly: [...c.reassembly] })),
  };
}

/**
 * What is wrong with a configuration, or null. A step copies the host but shares its configuration,
 * which nothing edits: each configuration object is checked once, not at every step.
 */
const configChecked = new WeakMap<TcpConfig, string | null>();
function configRejection(config: TcpConfig): string | null {
  const known = configChecked.get(config);
  if (known !== undefined) return known;
  const problems = configProblems(config);
  const bad = problems.length > 0 ? problems.map((p) => `${p.field} ${p.message}`).join('; ') : null;
  if (typeof config === 'object' && config !== null) configChecked.set(config, bad);
  return bad;
}

/**
 * The engine: (host, event) → (host', outputs), pure. Timers due before the event fire first, at
 * their own expiry times. Bad input never throws: it returns a rejection and the host unchanged.
 */
export function step(host: Host, event: HostEvent): StepResult {
  if (typeof event !== 'object' || event === null || typeof event.at !== 'number' || !Number.isFinite(event.at)) {
    return rejected(host, { code: 'invalid-argument', detail: 'an event needs a finite time `at`' });
  }
  if (event.at < host.now) return rejected(host, { code: 'time-went-backwards', detail: `event at ${event.at} is before ${host.now}` });
  const bad = configRejection(host.config);
  if (bad !== null) return rejected(host, { code: 'invalid-argument', detail: bad });
  const ctx: Ctx = { host: writableCopy(host), now: host.now, out: [] };
  runTimersUntil(ctx, event.at, event.kind === 'tick' ? event.conn : undefined);
  const rejection = applyEvent(ctx, event);
  // A rejection leaves the host exactly as it was: not even the timers that fired on the way are kept.
  if (rejection) return rejected(host, rejection);
  ctx.host.now = event.at;
  return { ok: true, host: ctx.host, outputs: ctx.out };
}

/** The connection a player plays: the one to (or from) the peer's socket. */
export function connectionTo(host: Host, remote: SocketAddress): Tcb | undefined {
  return host.connections.find((c) => c.remote === remote);
}

/** The state a player must name for its host: the connection's, else LISTEN while a listener waits, else CLOSED. */
export function focusState(host: Host, remote: SocketAddress): TcpState {
  const tcb = connectionTo(host, remote);
  if (tcb) return tcb.state;
  return host.listener ? 'LISTEN' : 'CLOSED';
}

export function segmentsOf(outputs: Output[]): Segment[] {
  const out: Segment[] = [];
  for (const o of outputs) if (o.kind === 'segment') out.push(o.segment);
  return out;
}
