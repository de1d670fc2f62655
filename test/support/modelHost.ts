/**
 * The independent TCP (independentTcp.ts) as one host playing a whole round: what it reads off each
 * decision of the player's view (the event, its own TCB, its listener's queues), and the little a
 * TCP remembers between events, which the decision does not repeat: segments held out of order, when
 * it last sent a challenge ACK, an ACK it holds back, the SYN cookies it sent. Plays in process
 * (modelRound.ts) and over WebSockets (scripts/playBot.ts) from the same view.
 */
import type { DecisionView, ListenerQueues } from '../../shared/game/views.ts';
import { decide, type Answer, type Known, type Move } from './independentTcp.ts';

/** The receive window (RCV.WND) every host of the game advertises. */
export const RCV_WND = 4_096;

export class ModelHost {
  private readonly linux: boolean;
  private readonly lastChallenge = new Map<string, number>();
  private readonly held = new Map<string, NonNullable<Known['held']>>();
  /** Connections on which the host holds back an ACK (a delayed ACK it chose). */
  private readonly owed = new Set<string>();
  private overflowAt: number | null = null;
  /** The SYN-ACKs the host sent as SYN cookies (a half-open entry's SYN-ACK carries no cookie). */
  private readonly cookies: NonNullable<Known['sentSynAcks']> = [];

  /** `linux`: the round follows the linux profile (the room's settings say which). */
  constructor(linux: boolean) {
    this.linux = linux;
  }

  /** What a correct TCP does at this decision: the view's decision and the host's own queues. */
  answer(d: DecisionView, queues: ListenerQueues | null): Answer {
    const remote = d.tcb.remote;
    const known: Known = {
      prompt: d.prompt as Known['prompt'],
      tcb: d.tcb as Known['tcb'],
      yourIss: d.yourIss,
      ...(d.others ? { others: d.others as Known['others'] } : {}),
      queues,
      linux: this.linux,
      rcvWnd: RCV_WND,
      now: d.at,
      lastChallengeAckAt: this.lastChallenge.get(remote) ?? null,
      held: this.held.get(remote) ?? [],
      ackOwed: this.owed.has(remote),
      synQueueOverflowAt: this.overflowAt,
      sentSynAcks: this.cookies,
    };
    const answer = decide(known);
    if (answer.unsure === 'syncookie') {
      this.overflowAt = d.at;
      for (const s of answer.move.segments) this.cookies.push({ dst: remote, seq: s.seq, ack: s.ack });
    }
    return answer;
  }

  /** The host played `move` at `d` (the answer's own move, or another that RFC 9293 allows there). */
  played(d: DecisionView, answer: Answer, move: Move): void {
    const remote = d.tcb.remote;
    if (answer.challenge && move.segments.length > 0) this.lastChallenge.set(remote, d.at);
    if (answer.hold) this.held.set(remote, [...(this.held.get(remote) ?? []), answer.hold]);
    if (move.segments.some((s) => s.flags.ACK)) this.owed.delete(remote);
    else if (answer.delayable && move.segments.length === 0) this.owed.add(remote);
    // The connection is gone: what it remembered goes with its TCB (a new one starts afresh).
    if (move.state === 'CLOSED' || move.state === 'LISTEN') {
      this.owed.delete(remote);
      this.lastChallenge.delete(remote);
    }
  }
}
