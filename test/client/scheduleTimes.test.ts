/**
 * The resend schedule under a retransmission timer's bar fits its one line: Linux's fifteen data
 * retransmissions were cut off before the moment the TCP gives up.
 */
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, scheduleTimes } from '../../client/model/scheduleTimes.ts';
import { configFor } from '../../shared/tcp/config.ts';

describe('resend times under the Timers bar', () => {
  it('RFC 9293 profile, a SYN: every resend listed (1, 3, 7, 15, 31, 63, 123, 183 s)', () => {
    expect(scheduleTimes([1, 3, 7, 15, 31, 63, 123, 183].map((s) => s * 1000))).toEqual(['1', '3', '7', '15', '31', '63', '123', '183']);
  });

  it('Linux data retransmissions (tcp_retries2 = 15): the first six and the last, nothing cut', () => {
    expect(configFor('linux').dataRetries).toBe(15);
    const at = [1, 3, 7, 15, 31, 63, 127, 247, 367, 487, 607, 727, 847, 967, 1087].map((s) => s * 1000);
    expect(scheduleTimes(at)).toEqual(['1', '3', '7', '15', '31', '63', ELLIPSIS, '1087']);
  });
});
