/**
 * The resend times under a retransmission timer's bar, in seconds after the first send. Linux's
 * data retransmissions (tcp_retries2 = 15) make fifteen of them, which do not fit one line of the
 * Timers panel: the line was cut before its end, and with it the moment the TCP gives up. A long
 * list keeps its first resends (where the backoff shows) and its last, with an ellipsis between.
 */
export const ELLIPSIS = '…';

export function scheduleTimes(retransmitAtMs: readonly number[], max = 8): string[] {
  const all = retransmitAtMs.map((ms) => String(ms / 1000));
  if (all.length <= max) return all;
  return [...all.slice(0, max - 2), ELLIPSIS, all[all.length - 1]!];
}
