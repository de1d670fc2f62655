import { connectionTo, focusState } from '../tcp/host.ts';
import type { TcpState } from '../tcp/states.ts';
import type { HostSlot, Round } from './types.ts';

/**
 * The state of the connection the player plays, as the judge names it (RFC 9293 gives states to
 * connections): the connection to the peer while it exists; once it is gone, the state it ended
 * in (CLOSED), unless the host's listener changed since (a rebooted server listening again);
 * before it exists, LISTEN while a listener waits, else CLOSED. Every panel that says "your state"
 * reads this one value, and so does the record of a host changing hands (round.ts Handover).
 */
export function playedState(round: Round, slot: HostSlot): TcpState {
  const tcb = connectionTo(slot.host, slot.peer);
  if (tcb) return tcb.state;
  const listener = slot.host.listener?.local ?? `${slot.host.address}:`;
  for (let i = round.states.length - 1; i >= 0; i--) {
    const s = round.states[i]!;
    if (s.side === slot.side && (s.conn === slot.peer || s.conn === listener)) return s.to;
  }
  return focusState(slot.host, slot.peer);
}
