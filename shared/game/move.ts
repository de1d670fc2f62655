import type { ControlBits } from '../tcp/segment.ts';
import type { TcpState } from '../tcp/states.ts';

/** A segment a player proposes to send: the fields a TCP chooses (addresses are its own). */
export interface ProposedSegment {
  flags: ControlBits;
  seq: number;
  ack: number;
  data: string;
}

/**
 * A player's answer to a decision: the state its host is in now, and the segments it sends
 * (none = "wait"). Retransmitting is sending the old segment again.
 */
export interface Move {
  state: TcpState;
  segments: ProposedSegment[];
}
