/**
 * An ACK loop. Two hosts that no longer agree on the sequence numbers (a desynchronized connection:
 * here, fixed ISNs let an old segment in) answer each other's unacceptable segments with an ACK
 * (RFC 9293 §3.10.7.4: an unacceptable segment, or an ACK of data never sent, "send an ACK"), and
 * each such ACK is unacceptable to the other side, which answers it with another.
 *
 * Real TCPs rate-limit these ACKs (RFC 5961 §7; Linux net.ipv4.tcp_invalid_ratelimit, one per
 * 500 ms per connection): that ends a loop whose round trip is shorter than the interval, and
 * folds several loops into one. A loop whose round trip is longer (this game's wires are slow, to
 * be watched) goes on, one exchange per round trip, until a retransmission timer gives up minutes
 * later; nothing else happens meanwhile. So the game ends the round once both hosts have sent
 * ACK_LOOP_ACKS such ACKs in a row with no state changing, and the results say why.
 */
import type { RuleId } from '../rules/ids.ts';
import type { Round } from './types.ts';

/** How many loop ACKs each host sends, in a row, before the round ends as an ACK loop. */
export const ACK_LOOP_ACKS = 6;

/** The ACKs that answer a segment the receiver could not accept: the loop is made of these. */
const LOOP_ACKS: ReadonlySet<RuleId> = new Set<RuleId>(['seq.unacceptable-ack', 'ack.future-ack']);
/** A retransmission of the host's own segment: the loop goes on around it (the peer answers it the same way). */
const RETRANSMISSIONS: ReadonlySet<RuleId> = new Set<RuleId>(['timer.retransmit-syn', 'timer.retransmit-syn-ack', 'timer.retransmit-data', 'timer.retransmit-fin']);

/** Whether the round's last segments are an ACK loop: each host's last ACK_LOOP_ACKS, with no state change since. */
export function inAckLoop(round: Round): boolean {
  const lastChange = round.states.length > 0 ? round.states[round.states.length - 1]!.at : -1;
  const sent = { client: 0, server: 0 };
  for (let i = round.flights.length - 1; i >= 0; i--) {
    const f = round.flights[i]!;
    if (f.sentAt <= lastChange || f.injected || f.rule === null) return false;
    if (RETRANSMISSIONS.has(f.rule)) continue;
    const s = f.segment;
    const bareAck = s.flags.ACK && !s.flags.SYN && !s.flags.FIN && !s.flags.RST && s.data === '';
    if (!bareAck || !LOOP_ACKS.has(f.rule)) return false;
    sent[f.from] += 1;
    if (sent.client >= ACK_LOOP_ACKS && sent.server >= ACK_LOOP_ACKS) return true;
  }
  return false;
}
