/**
 * The pure parts of `npm run check:levels` (scripts/play-levels/): its command line, the wording a
 * machine can tell is wrong on a page, and when a played round counts as failed.
 */
import { describe, expect, it } from 'vitest';
import { parseLevelPlayArgs } from '../../scripts/play-levels/options.ts';
import { failed, totals, type RoundRecord } from '../../scripts/play-levels/report.ts';
import { wordingProblems } from '../../scripts/play-levels/wording.ts';

describe('the command line', () => {
  it('plays everything in both roles and languages by default', () => {
    expect(parseLevelPlayArgs([])).toEqual({
      options: { levels: null, roles: ['client', 'server'], langs: ['en', 'zh-CN'], shots: '.shots/levels', everyStep: false, patienceMs: 180_000, viewport: { width: 1600, height: 900 }, help: false },
    });
  });

  it('reads comma-separated levels, roles and languages, and the other options', () => {
    const r = parseLevelPlayArgs(['--level', 'handshake, lost-syn', '--role', 'server', '--lang', 'zh-CN', '--shots', '/tmp/x', '--every-step', '--patience', '30', '--viewport', '1280x720']);
    expect(r).toEqual({ options: { levels: ['handshake', 'lost-syn'], roles: ['server'], langs: ['zh-CN'], shots: '/tmp/x', everyStep: true, patienceMs: 30_000, viewport: { width: 1280, height: 720 }, help: false } });
  });

  it('refuses an unknown role, language, option or size, and --base, saying why', () => {
    for (const argv of [['--role', 'peer'], ['--lang', 'fr'], ['--speed', '2'], ['--viewport', 'big'], ['--patience', '-1']]) expect(parseLevelPlayArgs(argv)).toHaveProperty('error');
    const base = parseLevelPlayArgs(['--base', 'http://localhost:2567/']);
    expect('error' in base && base.error).toMatch(/--base is not supported.*ISN/);
  });
});

const KEYS = new Set(['feedback.correct', 'host.client']);

describe('wording', () => {
  it('finds a message key shown for its words, a placeholder left, a missing value', () => {
    expect(wordingProblems('Right! feedback.correct', 'en', KEYS)).toEqual([{ problem: 'message-key', excerpt: 'feedback.correct' }]);
    expect(wordingProblems('Score {{points}}', 'en', KEYS).map((p) => p.problem)).toEqual(['placeholder']);
    expect(wordingProblems('RTO NaN s', 'en', KEYS).map((p) => p.problem)).toEqual(['missing-value']);
    expect(wordingProblems('ack=undefined', 'zh-CN', KEYS).map((p) => p.problem)).toEqual(['missing-value']);
  });

  it('finds English sentences on the Chinese page, and Chinese on the English one', () => {
    expect(wordingProblems('客户端 the app called close() 之后', 'zh-CN', KEYS)).toEqual([{ problem: 'untranslated', excerpt: 'the app called close' }]);
    expect(wordingProblems('The app 调用了 close()', 'en', KEYS).map((p) => p.problem)).toEqual(['untranslated']);
  });

  it('wants a prompt or a Timers row said, and said in Chinese on the Chinese page', () => {
    expect(wordingProblems(' ', 'en', KEYS, { sentence: true }).map((p) => p.problem)).toEqual(['missing-value']);
    expect(wordingProblems('retransmission timer: SYN', 'zh-CN', KEYS, { sentence: true }).map((p) => p.problem)).toEqual(['untranslated']);
    expect(wordingProblems('客户端主机 · SYN：第 1/8 次重传（RTO 1.0 秒）', 'zh-CN', KEYS, { sentence: true })).toEqual([]);
    expect(wordingProblems('SYN seq=1000 len=0', 'zh-CN', KEYS, { sentence: true })).toEqual([]);
  });

  it('leaves TCP names, numbers, addresses and a file name alone', () => {
    for (const text of ['收到 SYN, ACK seq=1000 ack=1001 len=0', '发送 FIN-WAIT-1 → TIME-WAIT（2×MSL）', 'listen(backlog = 1)，GET / 200 OK', '10.0.0.2:49152 → 10.0.0.1:80', 'RFC 9293 §3.10.7.4', 'round.pcap']) {
      expect(wordingProblems(text, 'zh-CN', KEYS)).toEqual([]);
    }
    expect(wordingProblems('The client sends SYN seq=1000, then waits in SYN-SENT.', 'en', KEYS)).toEqual([]);
  });
});

describe('a round', () => {
  const clean: RoundRecord = { level: 'handshake', role: 'client', lang: 'en', decisions: 6, refusals: [], judgedWrong: [], notOnScreen: [], wording: [], overflows: [], consoleErrors: [], pageErrors: [], error: null, seconds: 4, shot: 'x.png' };

  it('passes only with nothing found, and the totals count what failed', () => {
    const refused = { ...clean, refusals: [{ decision: 2, verdict: 'refused', text: 'Not quite', sentDirectly: 'accepted' as const, shot: 'r.png' }] };
    const stuck = { ...clean, error: 'stuck: waited for the next decision after 3 past --patience' };
    const overflow = { ...clean, overflows: [{ where: 'Results', text: '…' }] };
    expect([clean, refused, stuck, overflow].map(failed)).toEqual([false, true, true, true]);
    expect(totals([clean, refused, stuck])).toEqual({ rounds: 3, passed: 1, failed: 2, decisions: 18, refusals: 1, seconds: 12 });
  });
});
