import type { RuleId } from '../../shared/rules/ids.ts';
import { isTcpState, type TcpState } from '../../shared/tcp/states.ts';

/**
 * RFC 9293 §3.3.2, Figure 5 ("TCP Connection State Diagram"), arrow by arrow, plus the arrows the
 * RFC's text adds in §3.10. A state change the engine records must be one of these, or a reset,
 * abort or timeout that deletes the TCB (to CLOSED) or returns a listener's child to LISTEN.
 */
export const FIGURE_5: Readonly<Record<TcpState, readonly TcpState[]>> = {
  //                 passive OPEN   active OPEN
  CLOSED: ['LISTEN', 'SYN-SENT'],
  //                 rcv SYN → snd SYN,ACK   SEND → snd SYN   CLOSE → delete TCB
  LISTEN: ['SYN-RECEIVED', 'SYN-SENT', 'CLOSED'],
  //                 rcv SYN (simultaneous open)   rcv SYN,ACK → snd ACK   CLOSE → delete TCB
  'SYN-SENT': ['SYN-RECEIVED', 'ESTABLISHED', 'CLOSED'],
  //                 rcv ACK of SYN   CLOSE → snd FIN   (§3.10.7.4 eighth: FIN → CLOSE-WAIT)
  'SYN-RECEIVED': ['ESTABLISHED', 'FIN-WAIT-1', 'CLOSE-WAIT'],
  //                 CLOSE → snd FIN   rcv FIN → snd ACK
  ESTABLISHED: ['FIN-WAIT-1', 'CLOSE-WAIT'],
  //                 rcv ACK of FIN   rcv FIN → snd ACK   (§3.10.7.4 eighth: FIN that also ACKs our FIN)
  'FIN-WAIT-1': ['FIN-WAIT-2', 'CLOSING', 'TIME-WAIT'],
  //                 rcv FIN → snd ACK
  'FIN-WAIT-2': ['TIME-WAIT'],
  //                 CLOSE → snd FIN
  'CLOSE-WAIT': ['LAST-ACK'],
  //                 rcv ACK of FIN
  CLOSING: ['TIME-WAIT'],
  //                 rcv ACK of FIN → delete TCB
  'LAST-ACK': ['CLOSED'],
  //                 Timeout = 2MSL → delete TCB
  'TIME-WAIT': ['CLOSED'],
};

/** The ways out of the diagram the RFC allows from any state: RST received, ABORT, a give-up timer (§3.10.5, §3.10.7, §3.10.8). */
export const TO_CLOSED_RULES: readonly RuleId[] = [
  'reset.connection-reset',
  'open.syn-sent-rst-refused',
  'open.syn-received-rst-refused',
  'rst.time-wait-assassination',
  'abort.rst',
  'abort.silent',
  'close.unread-data-rst',
  'close.syn-sent-close',
  'close.listen-close',
  'close.listen-close-reset',
  'timer.syn-give-up',
  'timer.syn-ack-give-up',
  'timer.data-give-up',
  'timer.user-timeout',
  // Linux only: an orphan's FIN-WAIT-2 given up after tcp_fin_timeout (RFC 9293 has no such timer).
  'close.fin-wait-2-timeout',
  // Linux only: new data after the receive side is shut is answered with a RST (RFC 9293 §3.6.1 SHLD-3).
  'close.abort-on-data',
];

/** §3.10.7.4: a passively opened connection in SYN-RECEIVED "is returned to the LISTEN state" on RST, an old duplicate SYN or a give-up. */
export const TO_LISTEN_RULES: readonly RuleId[] = ['open.syn-received-rst-back-to-listen', 'open.old-duplicate-syn', 'timer.syn-ack-give-up'];

export interface Change {
  from: TcpState;
  to: TcpState;
  rule: RuleId;
}

/** Why this change is not in the RFC's diagram, or null if it is. */
export function illegalChange(c: Change): string | null {
  if (!isTcpState(c.from) || !isTcpState(c.to)) return `not an RFC 9293 state: ${String(c.from)} → ${String(c.to)}`;
  if (c.from === c.to) return `a change to the same state ${c.to}`;
  if (FIGURE_5[c.from].includes(c.to)) return null;
  if (c.to === 'CLOSED' && TO_CLOSED_RULES.includes(c.rule)) return null;
  if (c.from === 'SYN-RECEIVED' && c.to === 'LISTEN' && TO_LISTEN_RULES.includes(c.rule)) return null;
  return `${c.from} → ${c.to} (${c.rule}) is not an arrow of RFC 9293 Figure 5`;
}

/**
 * Check a sequence of state changes per connection: every change is legal and starts where the
 * previous one ended (a deleted TCB may come back as a new connection from CLOSED or LISTEN).
 */
export function illegalHistory<T extends Change>(changes: readonly T[], keyOf: (c: T) => string): string | null {
  const last = new Map<string, TcpState>();
  for (const c of changes) {
    const why = illegalChange(c);
    if (why) return why;
    const key = keyOf(c);
    const prev = last.get(key);
    const fresh = prev === undefined || prev === 'CLOSED' || prev === 'LISTEN';
    if (prev !== undefined && prev !== c.from && !(fresh && (c.from === 'CLOSED' || c.from === 'LISTEN'))) {
      return `${key}: change from ${c.from}, but the connection was in ${prev}`;
    }
    last.set(key, c.to);
  }
  return null;
}
