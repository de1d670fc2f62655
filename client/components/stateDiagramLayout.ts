/**
 * The RFC 9293 §3.3.2 state diagram (Figure 5) as data: where each of the eleven states sits on a
 * grid shaped like the RFC's drawing, and its main arrows with their "event / action" caption
 * (an i18n key: the RFC's shorthand in English, in Chinese the same events in Chinese).
 * CLOSED appears twice, at the top and the bottom, as in the RFC. FIN-WAIT-1 straight to
 * TIME-WAIT (a FIN that also acknowledges ours, §3.10.7.4) is in the RFC's text, not its drawing.
 */
import type { RuleId } from '../../shared/rules/ids.ts';
import type { TcpState } from '../../shared/tcp/states.ts';

export type NodeId = TcpState | 'CLOSED-END';

export interface DiagramNode {
  id: NodeId;
  state: TcpState;
  /** Grid position: col 0..4, row 0..6. */
  col: number;
  row: number;
}

export interface DiagramEdge {
  from: NodeId;
  to: NodeId;
  /** The i18n key of its "event / action" caption: the RFC's own shorthand in English, translated in Chinese. */
  label: `states.edge.${string}`;
}

export const NODES: readonly DiagramNode[] = [
  { id: 'CLOSED', state: 'CLOSED', col: 2, row: 0 },
  { id: 'LISTEN', state: 'LISTEN', col: 2, row: 1 },
  { id: 'SYN-RECEIVED', state: 'SYN-RECEIVED', col: 0.55, row: 2 },
  { id: 'SYN-SENT', state: 'SYN-SENT', col: 3.45, row: 2 },
  { id: 'ESTABLISHED', state: 'ESTABLISHED', col: 2, row: 3 },
  { id: 'FIN-WAIT-1', state: 'FIN-WAIT-1', col: 0.55, row: 4 },
  { id: 'CLOSE-WAIT', state: 'CLOSE-WAIT', col: 3.45, row: 4 },
  { id: 'FIN-WAIT-2', state: 'FIN-WAIT-2', col: 0.55, row: 5 },
  { id: 'CLOSING', state: 'CLOSING', col: 2, row: 5 },
  { id: 'LAST-ACK', state: 'LAST-ACK', col: 3.45, row: 5 },
  { id: 'TIME-WAIT', state: 'TIME-WAIT', col: 2, row: 6 },
  { id: 'CLOSED-END', state: 'CLOSED', col: 3.45, row: 6 },
];

export const EDGES: readonly DiagramEdge[] = [
  { from: 'CLOSED', to: 'LISTEN', label: 'states.edge.passiveOpen' },
  { from: 'LISTEN', to: 'CLOSED', label: 'states.edge.close' },
  { from: 'CLOSED', to: 'SYN-SENT', label: 'states.edge.activeOpen' },
  { from: 'SYN-SENT', to: 'CLOSED', label: 'states.edge.close' },
  { from: 'LISTEN', to: 'SYN-RECEIVED', label: 'states.edge.rcvSyn' },
  { from: 'SYN-RECEIVED', to: 'LISTEN', label: 'states.edge.rcvRst' },
  { from: 'LISTEN', to: 'SYN-SENT', label: 'states.edge.send' },
  { from: 'SYN-SENT', to: 'SYN-RECEIVED', label: 'states.edge.rcvSyn' },
  { from: 'SYN-RECEIVED', to: 'ESTABLISHED', label: 'states.edge.ackOfSyn' },
  { from: 'SYN-SENT', to: 'ESTABLISHED', label: 'states.edge.rcvSynAck' },
  { from: 'SYN-RECEIVED', to: 'FIN-WAIT-1', label: 'states.edge.closeFin' },
  { from: 'ESTABLISHED', to: 'FIN-WAIT-1', label: 'states.edge.closeFin' },
  { from: 'ESTABLISHED', to: 'CLOSE-WAIT', label: 'states.edge.rcvFin' },
  { from: 'FIN-WAIT-1', to: 'FIN-WAIT-2', label: 'states.edge.ackOfFin' },
  { from: 'FIN-WAIT-1', to: 'CLOSING', label: 'states.edge.rcvFin' },
  { from: 'CLOSE-WAIT', to: 'LAST-ACK', label: 'states.edge.closeFin' },
  { from: 'FIN-WAIT-2', to: 'TIME-WAIT', label: 'states.edge.rcvFin' },
  { from: 'CLOSING', to: 'TIME-WAIT', label: 'states.edge.ackOfFin' },
  { from: 'LAST-ACK', to: 'CLOSED-END', label: 'states.edge.ackOfFin' },
  { from: 'TIME-WAIT', to: 'CLOSED-END', label: 'states.edge.timeout' },
];

/** The diagram node a state change lands on: a close into CLOSED lands at the bottom box. */
export function nodeFor(state: TcpState, from: TcpState | null): NodeId {
  if (state === 'CLOSED' && (from === 'LAST-ACK' || from === 'TIME-WAIT')) return 'CLOSED-END';
  return state;
}

export function edgeBetween(from: TcpState, to: TcpState): DiagramEdge | null {
  const target = nodeFor(to, from);
  return EDGES.find((e) => e.from === from && e.to === target) ?? null;
}

/**
 * Transitions the drawing has no arrow of its own for, told by the rule behind them: a RST that
 * arrives, an abort that sends one, a retransmission timer or user timeout that gives up. SYN-SENT
 * to CLOSED on a RST ("connection refused") took the drawing's CLOSE arrow and was captioned
 * "CLOSE", as if the application had closed.
 */
const CAPTION_BY_RULE: Partial<Record<RuleId, `states.edge.${string}`>> = {
  'open.syn-sent-rst-refused': 'states.edge.rcvRst',
  'open.syn-received-rst-back-to-listen': 'states.edge.rcvRst',
  'open.syn-received-rst-refused': 'states.edge.rcvRst',
  'reset.connection-reset': 'states.edge.rcvRst',
  'rst.exact-resets': 'states.edge.rcvRst',
  'rst.time-wait-assassination': 'states.edge.rcvRst',
  'abort.rst': 'states.edge.abort',
  'abort.silent': 'states.edge.abortSilent',
  'timer.syn-give-up': 'states.edge.giveUp',
  'timer.syn-ack-give-up': 'states.edge.giveUp',
  'timer.data-give-up': 'states.edge.giveUp',
  'timer.user-timeout': 'states.edge.userTimeout',
  'close.fin-wait-2-timeout': 'states.edge.finWait2Timeout',
};

/** The "event / action" caption of a step: what caused it when its rule says, else the drawing's arrow's. */
export function stepCaption(from: TcpState, to: TcpState, rule?: RuleId): `states.edge.${string}` | null {
  return (rule && CAPTION_BY_RULE[rule]) ?? edgeBetween(from, to)?.label ?? null;
}
