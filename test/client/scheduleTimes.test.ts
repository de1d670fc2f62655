/**
 * The resend schedule under a retransmission timer's bar fits its one line: Linux's fifteen data
 * retransmissions were cut off before the moment the TCP gives up. And it tells the resends made
 * from the ones that would come if no ACK arrives.
 */
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, scheduleLine, scheduleTimes, timerTitle } from '../../client/model/scheduleTimes.ts';
import { translators } from '../support/translators.ts';
import { configFor } from '../../shared/tcp/config.ts';
import { retransmissionSchedule } from '../../shared/tcp/backoff.ts';

describe('resend times under the Timers bar', () => {
  it('RFC 9293 profile, a SYN: every resend listed (1, 3, 7, 15, 31, 63, 123, 183 s)', () => {
    expect(scheduleTimes([1, 3, 7, 15, 31, 63, 123, 183].map((s) => s * 1000))).toEqual(['1', '3', '7', '15', '31', '63', '123', '183']);
  });

  it('Linux data retransmissions (tcp_retries2 = 15, read as 924.6 s: thirteen, given up at 967 s): the first six and the last, nothing cut', () => {
    expect(configFor('linux').dataRetries).toBe(15);
    const linux = retransmissionSchedule(configFor('linux'), 'data');
    expect(linux.giveUpAt).toBe(967_000);
    expect(scheduleTimes(linux.retransmitAt)).toEqual(['1', '3', '7', '15', '31', '63', ELLIPSIS, '847']);
  });
});

describe('the line under the bar: resends made apart from the ones that would come', () => {
  const fin = { retransmitAt: [1, 3, 7].map((s) => s * 1000), giveUpAt: 15_000 };

  it('a FIN sent once, not resent: all of its schedule is what would happen if no ACK comes', () => {
    expect(scheduleLine({ ...fin, retries: 0 })).toEqual({ key: 'timers.scheduleAhead', params: { times: ['1', '3', '7'], giveUp: 15 } });
  });

  it('resent twice: those two are said as made, the third as to come', () => {
    expect(scheduleLine({ ...fin, retries: 2 })).toEqual({ key: 'timers.scheduleSoFar', params: { done: ['1', '3'], next: ['7'], giveUp: 15 } });
  });

  it('every resend made: only the give-up is left', () => {
    expect(scheduleLine({ ...fin, retries: 3 })).toEqual({ key: 'timers.scheduleSpent', params: { done: ['1', '3', '7'], giveUp: 15 } });
  });

  it('Linux data, 9 of 15 resends made: both lists shortened, the last of each kept', () => {
    const at = [1, 3, 7, 15, 31, 63, 127, 247, 367, 487, 607, 727, 847, 967, 1087].map((s) => s * 1000);
    expect(scheduleLine({ retransmitAt: at, giveUpAt: 1207_000, retries: 9 })).toEqual({
      key: 'timers.scheduleSoFar',
      params: { done: ['1', ELLIPSIS, '367'], next: ['487', '607', ELLIPSIS, '1087'], giveUp: 1207 },
    });
  });

  it('in words, both languages: nothing planned is said as done', async () => {
    const tr = await translators();
    const words = (lang: 'en' | 'zh-CN', retries: number): string => {
      const line = scheduleLine({ ...fin, retries });
      const sep = lang === 'en' ? ', ' : '、';
      const p = line.params;
      return tr[lang].t(line.key, { segment: 'FIN', times: p.times?.join(sep), done: p.done?.join(sep), next: p.next?.join(sep), giveUp: p.giveUp });
    };
    expect(words('en', 0)).toBe('If no ACK comes: FIN resent 1, 3, 7 s after the first send, given up at 15 s');
    expect(words('en', 1)).toBe('FIN resent 1 s after the first send; if no ACK comes: again at 3, 7 s, given up at 15 s');
    expect(words('en', 3)).toBe('FIN resent 1, 3, 7 s after the first send; if no ACK comes: given up at 15 s');
    expect(words('zh-CN', 0)).toBe('无 ACK 时：FIN 在首次发送后第 1、3、7 秒重传，第 15 秒放弃');
    expect(words('zh-CN', 1)).toBe('FIN 已在首次发送后第 1 秒重传；仍无 ACK 时：第 3、7 秒再传，第 15 秒放弃');
  });
});

describe("a timer row's name says its time as the prompt does", () => {
  const syn = retransmissionSchedule(configFor('rfc9293'), 'SYN');
  const named = async (span: Parameters<typeof timerTitle>[0]): Promise<Record<'en' | 'zh-CN', string>> => {
    const tr = await translators();
    const title = timerTitle(span);
    const words = (lang: 'en' | 'zh-CN'): string => tr[lang].t(title.key, { ...title.params, segment: span.schedule ? tr[lang].t(`timers.segment.${span.schedule.segment}`) : undefined });
    return { en: words('en'), 'zh-CN': words('zh-CN') };
  };

  it('a SYN timed out once: "RTO 1 s" (the prompt\'s words: test/game/timerPrompts.test.ts), not "RTO 1.0 s"; after one resend "RTO 2 s"', async () => {
    const first = await named({ kind: 'retransmission', startedAt: 0, expiresAt: 1_000, schedule: { ...syn, profile: 'rfc9293', segment: 'SYN', retries: 0 } });
    expect(first.en).toBe('SYN: resend 1 of 8 (RTO 1 s)');
    expect(first['zh-CN']).toBe('SYN：第 1/8 次重传（RTO 1 秒）');
    const second = await named({ kind: 'retransmission', startedAt: 1_000, expiresAt: 3_000, schedule: { ...syn, profile: 'rfc9293', segment: 'SYN', retries: 1 } });
    expect(second.en).toBe('SYN: resend 2 of 8 (RTO 2 s)');
  });

  it('TIME-WAIT: 2×MSL = 240 s under RFC 9293 (the panel said "240.0 s"), a fixed 60 s under Linux; a delayed ACK 0.2 s', async () => {
    expect((await named({ kind: 'time-wait', startedAt: 500, expiresAt: 240_500, profile: 'rfc9293' })).en).toBe('TIME-WAIT (2×MSL = 240 s)');
    expect((await named({ kind: 'time-wait', startedAt: 500, expiresAt: 240_500, profile: 'rfc9293' }))['zh-CN']).toContain('240 秒');
    expect((await named({ kind: 'time-wait', startedAt: 0, expiresAt: 60_000, profile: 'linux' })).en).toBe('TIME-WAIT (Linux: fixed 60 s)');
    expect((await named({ kind: 'delayed-ack', startedAt: 0, expiresAt: 200 })).en).toBe('delayed ACK (0.2 s)');
  });
});
