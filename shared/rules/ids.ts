/**
 * Every rule the engine applies has an id here; the catalogue (catalogue.ts) gives each one its
 * RFC section and an explanation in zh-CN and English. Engine outputs name the rule that caused
 * them, so the judge can explain any difference between a player's move and a correct TCP's.
 */
export const RULE_IDS = [
  // Opening (RFC 9293 §3.5, §3.10.1)
  'open.passive-listen',
  'open.active-syn',
  'open.listen-send-syn',
  'open.syn-carries-iss',
  'open.listen-syn-ack',
  'open.syn-sent-ack-of-syn-ack',
  'open.syn-received-established',
  'open.simultaneous-syn',
  'open.simultaneous-syn-ack',
  'open.simultaneous-extra-ack',
  'open.simultaneous-syn-ack-seq-check',
  'open.syn-data-not-accepted',
  'open.fast-open-syn-data',
  'open.fast-open-data-resent',
  'open.listen-rst-ignored',
  'open.listen-ack-reset',
  'open.listen-stray-segment',
  'open.syn-sent-stray-segment',
  'open.syn-queue-full',
  'open.accept-queue-full',
  'open.syn-cookie',
  'open.syn-cookie-ack',
  'open.accept',
  'open.refused-rst',
  'open.syn-sent-rst-refused',
  'open.syn-sent-bad-ack-reset',
  'open.syn-received-bad-ack-reset',
  'open.syn-received-rst-back-to-listen',
  'open.syn-received-rst-refused',
  'open.syn-received-dup-syn',
  'open.old-duplicate-syn',
  // Closed port (§3.10.7.1)
  'closed.reset-reply',
  'closed.rst-ignored',
  // Sequence checks (§3.4, §3.10.7.4)
  'seq.unacceptable-ack',
  'seq.segment-seq-is-snd-nxt',
  'seq.ack-is-rcv-nxt',
  'seq.syn-consumes-one',
  'seq.fin-consumes-one',
  'seq.wrap-around',
  // Reset handling (§3.10.7.4 second check, RFC 5961)
  'rst.exact-resets',
  'rst.in-window-challenge-ack',
  'rst.out-of-window-ignored',
  'rst.time-wait-rfc1337',
  'rst.time-wait-assassination',
  'syn.synchronized-challenge-ack',
  'ack.challenge-throttled',
  'ack.missing-ack-dropped',
  'ack.future-ack',
  'ack.duplicate-ignored',
  // Data (§3.10.2, §3.10.7.4 seventh check)
  'data.send',
  'data.send-state-stays',
  'data.piggyback-third-segment',
  'data.in-order-ack',
  'data.out-of-order-dup-ack',
  'data.reassembled',
  'data.after-fin-ignored',
  'data.window-limit',
  'ack.new-data-acked',
  'ack.state-stays',
  // Closing (§3.6, §3.10.4, §3.10.7.4 eighth check)
  'close.active-fin',
  'close.fin-wait-1-ack',
  'close.fin-not-acked-yet',
  'close.passive-close-wait',
  'close.close-wait-fin',
  'close.last-ack-closed',
  'close.fin-wait-2-time-wait',
  'close.fin-wait-1-fin-ack-time-wait',
  'close.simultaneous-closing',
  'close.closing-ack-time-wait',
  'close.ack-of-fin',
  'close.time-wait-expired',
  'close.time-wait-fin-reacked',
  'close.syn-sent-close',
  'close.listen-close',
  'close.listen-close-reset',
  'close.unread-data-rst',
  // Abort and errors (§3.10.5, §3.10.7)
  'abort.rst',
  'abort.silent',
  'reset.connection-reset',
  // Timers (§3.8.1, RFC 6298)
  'timer.retransmit-syn',
  'timer.retransmit-syn-ack',
  'timer.retransmit-data',
  'timer.retransmit-fin',
  'timer.backoff-doubles',
  'timer.syn-give-up',
  'timer.syn-ack-give-up',
  'timer.half-open-tcb-deleted',
  'timer.data-give-up',
  'timer.keepalive-give-up',
  'timer.user-timeout',
  // Waiting (nothing to send)
  'wait.nothing-to-do',
  'wait.duplicate-ignored',
  // Where more than one answer is right, and the seq a SYN carries (the judge's own citations)
  'seq.syn-is-iss',
  'ack.delayed',
  'ack.delayed-ack-timer',
  'abort.rst-ack-optional',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && (RULE_IDS as readonly string[]).includes(value);
}
