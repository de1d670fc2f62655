import {
  type Ctx,
  armRetransmit,
  chooseIss,
  emitFrom,
  removeConnection,
  setState,
  signal,
  transmit,
} from './context.ts';
import { flags, MAX_SEGMENT_DATA, type SocketAddress } from './segment.ts';
import { seqAdd } from './seq.ts';
import { newTcb } from './tcb.ts';
import type { Rejection, Tcb } from './types.ts';

/** A user call that the RFC answers with "error: ..." comes back as a rejection; the host is left as it was. */
export type CallResult = Rejection | null;

const isSocketAddress = (value: unknown): value is SocketAddress => typeof value === 'string' && /^[^:\s]+:\d{1,5}$/.test(value);

const reject = (code: Rejection['code'], detail: string): Rejection => ({ code, detail });

function find(ctx: Ctx, remote: SocketAddress): Tcb | undefined {
  return ctx.host.connections.find((c) => c.remote === remote);
}

/** RFC 9293 §3.10.1 OPEN, passive: a listening socket. */
export function callListen(ctx: Ctx, port: number): CallResult {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return reject('invalid-argument', 'port must be 1..65535');
  if (ctx.host.listener) return reject('already-listening', `already listening on ${ctx.host.listener.local}`);
  const local = `${ctx.host.address}:${port}`;
  ctx.host.listener = { local, lastSynQueueOverflowAt: null };
  ctx.out.push({ kind: 'state', conn: local, from: 'CLOSED', to: 'LISTEN', rule: 'open.passive-listen' });
  return null;
}

/** RFC 9293 §3.10.1 OPEN, active: choose an ISN, send SYN, enter SYN-SENT. */
export function callConnect(ctx: Ctx, remote: SocketAddress, iss: number | undefined, data: string | undefined, fastOpen = false): CallResult {
  if (!isSocketAddress(remote)) return reject('invalid-argument', 'remote must be "address:port"');
  if (find(ctx, remote)) return reject('connection-already-exists', `a connection to ${remote} already exists`);
  if (data !== undefined && data.length > MAX_SEGMENT_DATA * 8) return reject('invalid-argument', 'too much data');
  const local = `${ctx.host.address}:${ctx.host.nextPort}`;
  ctx.host.nextPort = ctx.host.nextPort >= 65_535 ? 49_152 : ctx.host.nextPort + 1;
  const tcb = newTcb(ctx.host.config, local, remote, chooseIss(ctx, iss ?? ctx.host.fixedIss ?? undefined), false);
  sendSyn(ctx, tcb, data ?? '', 'open.active-syn', fastOpen);
  return null;
}

/**
 * Enter SYN-SENT: <SEQ=ISS><CTL=SYN>, SND.UNA = ISS, SND.NXT = ISS+1; the data waits for ESTABLISHED.
 * With TCP Fast Open (RFC 7413 §4.2) the first segment's worth of it rides on the SYN instead, and
 * SND.NXT = ISS + 1 + its length.
 */
function sendSyn(ctx: Ctx, tcb: Tcb, data: string, rule: 'open.active-syn' | 'open.listen-send-syn', fastOpen = false): void {
  const onSyn = fastOpen ? data.slice(0, MAX_SEGMENT_DATA) : '';
  tcb.sendBuffer = data.slice(onSyn.length);
  ctx.host.connections.push(tcb);
  setState(ctx, tcb, 'SYN-SENT', rule);
  emitFrom(ctx, tcb, tcb.iss, flags('SYN'), onSyn, rule);
  tcb.unacked.push({ seq: tcb.iss, flags: flags('SYN'), data: onSyn, rule });
  tcb.sndNxt = seqAdd(tcb.iss, 1 + onSyn.length);
  armRetransmit(ctx, tcb);
}

/** RFC 9293 §3.10.2 SEND. */
export function callSend(ctx: Ctx, remote: SocketAddress, data: string): CallResult {
  if (typeof data !== 'string' || data.length === 0 || data.length > MAX_SEGMENT_DATA * 8) return reject('invalid-argument', 'data must be 1..11680 characters');
  const tcb = find(ctx, remote);
  if (!tcb && ctx.host.listener && isSocketAddress(remote)) return activateListener(ctx, remote, data);
  if (!tcb) return reject('connection-does-not-exist', `no connection to ${remote}`);
  switch (tcb.state) {
    case 'SYN-SENT':
    case 'SYN-RECEIVED':
      tcb.sendBuffer += data; // queued until the connection is ESTABLISHED
      return null;
    case 'ESTABLISHED':
    case 'CLOSE-WAIT':
      tcb.sendBuffer += data;
      transmit(ctx, tcb, null);
      return null;
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
      return reject('connection-closing', `connection is ${tcb.state}: no more sends after CLOSE`);
    case 'CLOSED':
    case 'LISTEN':
      return reject('connection-does-not-exist', `connection is ${tcb.state}`);
    default: {
      const unreachable: never = tcb.state;
      return unreachable;
    }
  }
}

/**
 * RFC 9293 §3.10.2, SEND in LISTEN with a foreign socket: "change the connection from passive to
 * active", send a SYN and enter SYN-SENT (the rarely drawn LISTEN → SYN-SENT arrow). The data
 * waits until the connection is ESTABLISHED.
 */
function activateListener(ctx: Ctx, remote: SocketAddress, data: string): CallResult {
  const listener = ctx.host.listener!;
  ctx.host.listener = null;
  const tcb = newTcb(ctx.host.config, listener.local, remote, chooseIss(ctx, ctx.host.fixedIss ?? undefined), false);
  tcb.state = 'LISTEN';
  sendSyn(ctx, tcb, data, 'open.listen-send-syn');
  return null;
}

/** RFC 9293 §3.10.3 RECEIVE: the application reads what has arrived in order. */
export function callReceive(ctx: Ctx, remote: SocketAddress): CallResult {
  const tcb = find(ctx, remote);
  if (!tcb) return reject('connection-does-not-exist', `no connection to ${remote}`);
  const data = tcb.unread;
  tcb.unread = '';
  signal(ctx, tcb, 'data-read', 'data.in-order-ack', data);
  return null;
}

/** accept(): take the oldest established connection from the listener's accept queue. */
export function callAccept(ctx: Ctx): CallResult {
  if (!ctx.host.listener) return reject('not-listening', 'accept needs a listening socket');
  const ready = ctx.host.connections.find((c) => c.passive && c.queue === 'accept');
  if (!ready) return reject('nothing-to-accept', 'the accept queue is empty');
  ready.queue = 'accepted';
  signal(ctx, ready, 'connection-established', 'open.accept');
  return null;
}

/**
 * Closing the listening socket (RFC 9293 §3.10.4, CLOSE in LISTEN: delete the TCB). What happens to
 * the connections it spawned that the application has not accepted depends on the stack:
 * - Linux (inet_csk_listen_stop): a connection in the accept queue is aborted with a RST
 *   (tcp_disconnect), a half-open one in the SYN queue dies silently with its listener; a segment
 *   for either later finds no socket and is answered with a RST.
 * - RFC 9293 has no accept queue: each connection a passive OPEN spawned is a TCB of its own, so
 *   deleting the listening TCB leaves them as they are.
 */
export function callUnlisten(ctx: Ctx): CallResult {
  const listener = ctx.host.listener;
  if (!listener) return reject('not-listening', 'not listening');
  if (ctx.host.config.acceptQueueBounded) {
    for (const child of ctx.host.connections.filter((c) => c.passive && c.queue !== 'accepted')) {
      if (child.queue === 'accept') abortWithRst(ctx, child, 'close.listen-close-reset');
      else removeConnection(ctx, child, 'close.listen-close');
    }
  }
  ctx.host.listener = null;
  ctx.out.push({ kind: 'state', conn: listener.local, from: 'LISTEN', to: 'CLOSED', rule: 'close.listen-close' });
  return null;
}

/** RFC 9293 §3.10.4 CLOSE: "I have no more data to send." */
export function callClose(ctx: Ctx, remote: SocketAddress, shutdown = false): CallResult {
  const tcb = find(ctx, remote);
  if (!tcb) return reject('connection-does-not-exist', `no connection to ${remote}`);
  // Linux close() with unread data aborts (tcp_close: RST); shutdown(SHUT_WR) does not.
  const linuxAbort = ctx.host.config.profile === 'linux' && tcb.unread.length > 0 && !shutdown;
  switch (tcb.state) {
    case 'SYN-SENT':
      return removeConnection(ctx, tcb, 'close.syn-sent-close'), null;
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
      return queueFin(ctx, tcb, linuxAbort, shutdown, 'FIN-WAIT-1', 'close.active-fin');
    case 'CLOSE-WAIT':
      return queueFin(ctx, tcb, linuxAbort, shutdown, 'LAST-ACK', 'close.close-wait-fin');
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
      return reject('connection-closing', `connection is already closing (${tcb.state})`);
    case 'CLOSED':
    case 'LISTEN':
      return reject('connection-does-not-exist', `connection is ${tcb.state}`);
    default: {
      const unreachable: never = tcb.state;
      return unreachable;
    }
  }
}

/**
 * CLOSE on an open connection (RFC 9293 §3.10.4): the FIN follows the queued data and the state
 * moves on at once — unless Linux aborts instead because received data was never read.
 */
function queueFin(ctx: Ctx, tcb: Tcb, linuxAbort: boolean, shutdown: boolean, to: 'FIN-WAIT-1' | 'LAST-ACK', rule: 'close.active-fin' | 'close.close-wait-fin'): CallResult {
  if (linuxAbort) {
    abortWithRst(ctx, tcb, 'close.unread-data-rst');
    return null;
  }
  tcb.finQueued = true;
  // close() leaves the connection to the TCP alone; shutdown(SHUT_WR) keeps the application on it.
  tcb.orphaned = !shutdown;
  setState(ctx, tcb, to, rule);
  transmit(ctx, tcb, null);
  return null;
}

function abortWithRst(ctx: Ctx, tcb: Tcb, rule: 'abort.rst' | 'close.unread-data-rst' | 'close.listen-close-reset'): void {
  emitFrom(ctx, tcb, tcb.sndNxt, flags('RST'), '', rule);
  removeConnection(ctx, tcb, rule);
}

/** RFC 9293 §3.10.5 ABORT: a RST where the peer may hold state, silence otherwise. */
export function callAbort(ctx: Ctx, remote: SocketAddress): CallResult {
  const tcb = find(ctx, remote);
  if (!tcb) return reject('connection-does-not-exist', `no connection to ${remote}`);
  switch (tcb.state) {
    case 'SYN-RECEIVED':
    case 'ESTABLISHED':
    case 'FIN-WAIT-1':
    case 'FIN-WAIT-2':
    case 'CLOSE-WAIT':
      abortWithRst(ctx, tcb, 'abort.rst');
      return null;
    case 'SYN-SENT':
    case 'CLOSING':
    case 'LAST-ACK':
    case 'TIME-WAIT':
    case 'LISTEN':
    case 'CLOSED':
      removeConnection(ctx, tcb, 'abort.silent');
      return null;
    default: {
      const unreachable: never = tcb.state;
      return unreachable;
    }
  }
}
