/**
 * The eleven connection states of RFC 9293 §3.3.2, spelled as the RFC spells them.
 * (Common study material writes "SYN_REVD" or invents "CLOSE_WAIT2"; neither exists.)
 */
export const TCP_STATES = [
  'CLOSED',
  'LISTEN',
  'SYN-SENT',
  'SYN-RECEIVED',
  'ESTABLISHED',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'CLOSING',
  'LAST-ACK',
  'TIME-WAIT',
] as const;

export type TcpState = (typeof TCP_STATES)[number];

export function isTcpState(value: unknown): value is TcpState {
  return typeof value === 'string' && (TCP_STATES as readonly string[]).includes(value);
}

/** RFC 9293 §3.3.2: the states after the handshake has synchronized both sequence spaces. */
export const SYNCHRONIZED_STATES: readonly TcpState[] = [
  'ESTABLISHED',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'CLOSING',
  'LAST-ACK',
  'TIME-WAIT',
];

export function isSynchronized(state: TcpState): boolean {
  return SYNCHRONIZED_STATES.includes(state);
}
