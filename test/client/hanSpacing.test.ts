/**
 * Chinese sets a space between Han text and Latin letters or digits, never between two Han
 * characters (client/i18n/hanSpacing.ts). A zh-CN string whose placeholder can hold either — a
 * segment's name (SYN, 数据), a player's name (Ada, 小明), a time ending in 秒, a file's name —
 * reads naturally with both, as i18next renders it in the browser.
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { spacedAfterHan, spacedBeforeHan } from '../../client/i18n/hanSpacing.ts';
import { translators } from '../support/translators.ts';
import { texts } from '../../client/classroom/text.ts';

let tr: Record<'en' | 'zh-CN', i18n>;
beforeAll(async () => {
  tr = await translators();
});
const zh = (key: keyof typeof zhCN, params: Record<string, string | number>): string => tr['zh-CN'].t(key, params);

describe('the retransmission timer’s schedule line', () => {
  const schedule = (segment: string): string => zh('timers.scheduleAhead', { segment, times: '1、3', giveUp: 7 });
  const soFar = (segment: string): string => zh('timers.scheduleSoFar', { segment, done: '1', next: '3', giveUp: 7 });

  it('a Chinese segment name meets the Chinese after it with no space', () => {
    expect(schedule(zhCN['timers.segment.data'])).toBe('无 ACK 时：数据在首次发送后第 1、3 秒重传，第 7 秒放弃');
    expect(soFar(zhCN['timers.segment.data'])).toBe('数据已在首次发送后第 1 秒重传；仍无 ACK 时：第 3 秒再传，第 7 秒放弃');
  });

  it('a Latin one keeps its space', () => {
    expect(schedule(zhCN['timers.segment.SYN'])).toBe('无 ACK 时：SYN 在首次发送后第 1、3 秒重传，第 7 秒放弃');
    expect(schedule(zhCN['timers.segment.FIN'])).toBe('无 ACK 时：FIN 在首次发送后第 1、3 秒重传，第 7 秒放弃');
    expect(soFar(zhCN['timers.segment.FIN'])).toBe('FIN 已在首次发送后第 1 秒重传；仍无 ACK 时：第 3 秒再传，第 7 秒放弃');
  });

  it('English: a plan is said as one (if no ACK comes), resends made as facts', () => {
    expect(tr.en.t('timers.scheduleAhead', { segment: 'data', times: '1, 3', giveUp: 7 })).toBe('If no ACK comes: data resent 1, 3 s after the first send, given up at 7 s');
    expect(tr.en.t('timers.scheduleSoFar', { segment: 'FIN', done: '1', next: '3', giveUp: 7 })).toBe('FIN resent 1 s after the first send; if no ACK comes: again at 3 s, given up at 7 s');
  });
});

describe('other lines built around a name', () => {
  it('a player’s name, Latin or Chinese', () => {
    expect(zh('turn.nudged', { name: 'Ada' })).toBe('Ada 在等你出招。');
    expect(zh('turn.nudged', { name: '小明' })).toBe('小明在等你出招。');
    expect(zh('results.youAskedSwap', { name: 'Ada' })).toBe('你请求交换角色，等待 Ada 回应。');
    expect(zh('results.youAskedSwap', { name: '小明' })).toBe('你请求交换角色，等待小明回应。');
    // No name given: the opponent, 对手.
    expect(zh('turn.prompt.opponent', { name: zhCN['turn.opponent'] })).toBe('对手正在决定：对方作答前，游戏时间暂停（轮流）。');
    expect(zh('intro.roles', { you: zhCN['host.client'], name: 'Ada', other: zhCN['host.server'] })).toBe('你扮演客户端主机，Ada 扮演服务器主机。');
  });

  it('a time in seconds (ending in 秒) before 发出, 到达', () => {
    expect(zh('feedback.segmentArrives', { summary: 'SYN seq=100', sent: '0.000 秒', end: '0.300 秒' })).toBe('SYN seq=100 · 0.000 秒发出，0.300 秒到达');
  });

  it('a file’s name, Latin or Chinese', () => {
    expect(zh('capture.reading', { file: 'trace.pcap' })).toBe('正在读取 trace.pcap…');
    expect(zh('capture.reading', { file: '抓包' })).toBe('正在读取抓包…');
    expect(zh('capture.notCaptureName', { file: 'notes.txt' })).toBe('notes.txt 不是 .pcap 或 .pcapng 文件');
  });

  it('a student’s name on the classroom pages, Latin or Chinese', () => {
    const zhClass = texts('zh-CN');
    expect(zhClass.partnerLeft('Ada')).toBe('Ada 已离开本轮，由机器人接管其主机。');
    expect(zhClass.partnerLeft('王小明')).toBe('王小明已离开本轮，由机器人接管其主机。');
    expect(zhClass.botFor('Ada')).toBe('机器人（代替 Ada）');
    expect(zhClass.botFor('王小明')).toBe('机器人（代替王小明）');
    expect(zhClass.removeConfirm('Ada')).toMatch(/^把 Ada 移出课堂？/);
    expect(zhClass.removeConfirm('王小明')).toMatch(/^把王小明移出课堂？/);
    expect(zhClass.leftMarkTitle('王小明', 1, 'ESTABLISHED', 2)).toBe('王小明在第 1 轮做了 2 个决策后离开，当时其主机处于 ESTABLISHED：之后由机器人操作到本轮结束，机器人不得分。这个得分是王小明自己的。');
    expect(zhClass.leftRoundsTitle('Ada', [1, 3])).toBe('Ada 在第 1、3 轮结束前离开：之后由机器人操作其主机且不得分，所以这个总分只计算 Ada 在这些轮次中自己的决策。');
    expect(zhClass.awayRoundsTitle('Ada', [2])).toBe('Ada 在第 2 轮中途离开，之后回来取回了主机：离开期间由机器人操作其主机且不得分，所以这个总分只计算 Ada 离开前和回来后自己的决策。');
  });

  it('a value’s own spaces are never touched, only the seam', () => {
    expect(spacedBeforeHan('你好 世界')).toBe('你好 世界');
    expect(spacedAfterHan(' x')).toBe(' x');
    expect(spacedBeforeHan('RFC 9293')).toBe('RFC 9293 ');
    expect(spacedAfterHan('（注）')).toBe('（注）');
  });

  it('no zh-CN string writes a space between a placeholder and Han text itself unless the placeholder is a number', () => {
    // (time, par: a challenge's clock readings, 0:42; done, next: a list of resend times in seconds)
    const numeric = /^\{\{(n|total|s|rto|limit|times|done|next|giveUp|count|points|score|streak|rank|index|at|loss|delay|duplicate|reorder|cost|bonus|port|correct|judged|iss|seq|ack|len|retries|msl|time|par|shown|max|rounds|pair|choices|perSecond|bytes|ends)\}\}$/;
    const seams = Object.entries(zhCN).flatMap(([key, text]) =>
      [...text.matchAll(/\{\{[^}]+\}\} +(?=\p{Script=Han})|(?<=\p{Script=Han}) +\{\{[^}]+\}\}/gu)].map((m) => m[0].trim()).filter((p) => !numeric.test(p)).map((p) => `${key}: ${p}`),
    );
    // These hold only Latin text: addresses, room codes, state and profile names, segment summaries
    // (results.cause.segment, compare.sends), the file names the game makes, a refusal's field names.
    const latinOnly = /\{\{(remote|address|code|state|profile|base|other|segments|segment|call|file|from|fields)\}\}/;
    expect(seams.filter((s) => !latinOnly.test(s))).toEqual([]);
    expect(seams.filter((s) => s.startsWith('timers.'))).toEqual([]);
  });
});
