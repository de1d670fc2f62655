import type { TcpConfig } from './config.ts';
import type { SocketAddress } from './segment.ts';
import type { Tcb } from './types.ts';

/** A fresh TCB in CLOSED, before OPEN fills it in (RFC 9293 §3.3.1). */
export function newTcb(config: TcpConfig, local: SocketAddress, remote: SocketAddress, iss: number, passive: boolean): Tcb {
  return {
    remote,
    local,
    state: 'CLOSED',
    passive,
    queue: passive ? 'syn' : 'accepted',
    iss,
    sndUna: iss,
    sndNxt: iss,
    sndWnd: 0,
    irs: 0,
    rcvNxt: 0,
    rcvWnd: config.receiveWindow,
    sendBuffer: '',
    finQueued: false,
    finSent: false,
    finSeq: 0,
    unacked: [],
    rtoMs: config.initialRtoMs,
    retries: 0,
    retransmitTimer: null,
    timeWaitExpiresAt: null,
    userTimeoutAt: null,
    lastChallengeAckAt: null,
    reassembly: [],
    unread: '',
    delivered: '',
  };
}
