import type { RuleId } from '../rules/ids.ts';
import { focusState, step } from '../tcp/host.ts';
import type { SocketAddress } from '../tcp/segment.ts';
import type { TcpState } from '../tcp/states.ts';
import type { Host, HostEvent, Output } from '../tcp/types.ts';
import type { Expected } from './judge.ts';

export interface Prediction {
  expected: Expected;
  host: Host;
  outputs: Output[];
  concerns: SocketAddress;
}

/** Which connection an event is about: a segment's sender, else the connection a timer or call touched. */
export function concernsOf(event: HostEvent, outputs: Output[], peer: SocketAddress): SocketAddress {
  if (event.kind === 'segment') return event.segment.src;
  for (const o of outputs) {
    if (o.kind === 'state' || o.kind === 'signal') return o.conn;
    if (o.kind === 'segment' && o.conn) return o.conn;
  }
  return peer;
}

/**
 * What a correct TCP does with this event: run the engine itself. The judge, the bot and the
 * coach's hints all come from here, so they can never disagree with the engine.
 */
export function predict(host: Host, event: HostEvent, peer: SocketAddress): Prediction | null {
  const r = step(host, event);
  if (!r.ok) return null;
  const concerns = concernsOf(event, r.outputs, peer);
  let stateRule: RuleId | null = null;
  let dropRule: RuleId | null = null;
  // The state the connection itself ends in, as the RFC names it: LAST-ACK + the ACK of our FIN is
  // CLOSED even though a listening socket on the same host is still in LISTEN.
  let connectionState: TcpState | null = null;
  for (const o of r.outputs) {
    if (o.kind === 'state' && (o.conn === concerns || o.conn === host.listener?.local)) stateRule = o.rule;
    if (o.kind === 'state' && o.conn === concerns) connectionState = o.to;
    if (o.kind === 'drop' && dropRule === null) dropRule = o.rule;
  }
  const segments = r.outputs.flatMap((o) =>
    o.kind === 'segment'
      ? [{ flags: { ...o.segment.flags }, seq: o.segment.seq, ack: o.segment.ack, data: o.segment.data, rule: o.rule, retransmission: o.retransmission }]
      : [],
  );
  const waitRule: RuleId = dropRule ?? 'wait.nothing-to-do';
  const expected: Expected = {
    state: connectionState ?? focusState(r.host, concerns),
    stateRule: stateRule ?? segments[0]?.rule ?? waitRule,
    segments,
    waitRule,
  };
  return { expected, host: r.host, outputs: r.outputs, concerns };
}
