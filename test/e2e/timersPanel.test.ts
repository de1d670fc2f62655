/**
 * The Timers panel and the timer prompts in a practice round, through the page, in English and
 * zh-CN. lost-final-ack (Linux profile): the client's last ACK is lost, so the server's FIN timer
 * runs out and the FIN is resent; the client's TIME-WAIT then runs out (Linux: a fixed 60 s).
 * - Under the FIN timer's bar, resends that happened are told from those that would come if no ACK
 *   arrives (it said "This round: FIN resent 1, 3, 7 … s" for a FIN not yet resent).
 * - "fired!" stands beside the decision the expiry opened, not beside the next one.
 * - The TIME-WAIT prompt says what Linux does (TCP_TIMEWAIT_LEN), not 2×MSL with an MSL of 30 s.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Side } from '../../shared/tcp/wire.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, sessionOf, shot, startCoachedPractice, toResults } from './play.ts';

const env = gameServerAndBrowser();

interface Row {
  name: string;
  value: string;
  under: string;
}

/** The Timers panel's rows once one of them has `want`'s value, or its name or line starts with `want`'s (they are redrawn on the game's frames and on a language change). */
async function rowsWhen(page: Page, want: { value?: string; name?: string; under?: string }): Promise<Row[]> {
  const handle = await page.waitForFunction((w) => {
    const rows = (window.__tcpDojo?.gameCheck() as { timerRows?: Row[] } | null)?.timerRows ?? [];
    return rows.some((r) => (w.value === undefined || r.value === w.value) && (w.name === undefined || r.name.includes(w.name)) && (w.under === undefined || r.under.startsWith(w.under))) ? rows : false;
  }, want);
  return (await handle.jsonValue()) as Row[];
}

const setLang = (page: Page, lang: 'en' | 'zh-CN'): Promise<void> => page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);

/** Play `side` of a coached lost-final-ack round; `at` looks at each decision before it is answered. */
async function play(page: Page, side: Side, at: (prompt: string, index: number) => Promise<void>): Promise<void> {
  await startCoachedPractice(page, 'Ada', { scenario: 'lost-final-ack', role: side });
  let decision: number | null = null;
  for (let i = 0; i < 40; i++) {
    decision = await nextDecision(page, decision);
    if (decision === null) return;
    await at((await page.getByTestId('composer-prompt').textContent()) ?? '', i);
    const s = await sessionOf(page);
    await playMove(page, correctAnswer(s!.roomId, side, decision)!);
    await answered(page, decision);
  }
  throw new Error('the round did not end');
}

describe('the Timers panel in a round', () => {
  it('the server\'s FIN: its schedule said as a plan, then its resend as made; "fired!" at its own decision only', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    let expiry = -1;
    let after = false;
    await play(page, 'server', async (prompt, i) => {
      if (prompt.startsWith('Your retransmission timer expired') && expiry < 0) {
        expiry = i;
        const rows = await rowsWhen(page, { value: 'fired!' });
        const fin = rows.find((r) => r.value === 'fired!')!;
        expect(fin.name).toContain('FIN: resend 1 of');
        expect(fin.under).toMatch(/^If no ACK comes: FIN resent 1, 3, 7\b.* s after the first send, given up at \d+ s$/);
        await shot(page, 'timers-1-fin-expired-en');
        await setLang(page, 'zh-CN');
        const zh = await rowsWhen(page, { value: '已超时！' });
        expect(zh.find((r) => r.value === '已超时！')!.under).toMatch(/^无 ACK 时：FIN 在首次发送后第 1、3、7/);
        await shot(page, 'timers-2-fin-expired-zh');
        await setLang(page, 'en');
      } else if (expiry >= 0 && i === expiry + 1) {
        // The next decision (the client's ACK of the resent FIN): the resend is said as made, and
        // the expiry answered a moment ago no longer says "fired!".
        after = true;
        const rows = await rowsWhen(page, { under: 'FIN resent 1 s after the first send' });
        expect(rows.map((r) => r.value)).not.toContain('fired!');
        expect(rows.find((r) => r.under.startsWith('FIN resent'))!.under).toMatch(/^FIN resent 1 s after the first send; if no ACK comes: again at 3, 7, \S+, \d+ s, given up at \d+ s$/);
        await shot(page, 'timers-3-fin-resent-en');
        await setLang(page, 'zh-CN');
        const zh = await rowsWhen(page, { under: 'FIN 已在首次发送后第 1 秒重传' });
        expect(zh.map((r) => r.value)).not.toContain('已超时！');
        await shot(page, 'timers-4-fin-resent-zh');
        await setLang(page, 'en');
      }
    });
    expect(expiry).toBeGreaterThan(0);
    expect(after).toBe(true);
  }, 300_000);

  it('the client\'s TIME-WAIT under the Linux profile: a fixed 60 s (TCP_TIMEWAIT_LEN), not 2×MSL with MSL 30 s', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    let seen = false;
    let finWait2 = false;
    let before = '';
    await play(page, 'client', async (prompt) => {
      // The client closed with close() and, its FIN acknowledged, waits in FIN-WAIT-2 for the
      // server's FIN: Linux gives such an orphan tcp_fin_timeout (60 s), and the panel shows that
      // timer at the next decision (the server's FIN arriving).
      const s = (await sessionOf(page))!;
      const state = correctAnswer(s.roomId, 'client', s.decisionId!)!.state;
      const inFinWait2 = before === 'FIN-WAIT-2';
      before = state;
      if (!finWait2 && inFinWait2) {
        finWait2 = true;
        const rows = await rowsWhen(page, { name: 'FIN-WAIT-2' });
        expect(rows.find((r) => r.name.includes('FIN-WAIT-2'))!.name).toBe('Client host · FIN-WAIT-2, orphan (60 s, Linux tcp_fin_timeout)');
        await shot(page, 'timers-9-fin-wait-2-en');
        await setLang(page, 'zh-CN');
        await rowsWhen(page, { name: 'FIN-WAIT-2，孤儿连接（60 秒，Linux tcp_fin_timeout）' });
        await shot(page, 'timers-10-fin-wait-2-zh');
        await setLang(page, 'en');
      }
      if (!prompt.startsWith('Your TIME-WAIT timer expired')) return;
      seen = true;
      expect(prompt).toContain('you have waited 60 s in TIME-WAIT (Linux: a fixed 60 s, TCP_TIMEWAIT_LEN, with no MSL setting; RFC 9293: 2×MSL).');
      expect(prompt).not.toContain('MSL 30');
      // The Timers panel beside it says the same (it read "TIME-WAIT (2×MSL = 60.0 s)").
      const rows = await rowsWhen(page, { value: 'fired!', name: 'TIME-WAIT' });
      expect(rows.find((r) => r.name.includes('TIME-WAIT'))!.name).toBe('Client host · TIME-WAIT (Linux: fixed 60 s)');
      await shot(page, 'timers-5-linux-time-wait-en');
      await setLang(page, 'zh-CN');
      await page.getByTestId('composer-prompt').filter({ hasText: '（Linux：固定 60 秒，即 TCP_TIMEWAIT_LEN，没有 MSL 可设置；RFC 9293：2×MSL）' }).waitFor();
      await rowsWhen(page, { name: 'TIME-WAIT（Linux 固定 60 秒）' });
      await shot(page, 'timers-6-linux-time-wait-zh');
      await setLang(page, 'en');
    });
    expect(seen).toBe(true);
    expect(finWait2).toBe(true);
    // Results name the timer the same way.
    await toResults(page);
    await page.getByTestId('results-decision').filter({ hasText: 'the TIME-WAIT timer (Linux: fixed 60 s) expired' }).waitFor();
    expect(await page.getByTestId('results-decisions').textContent()).not.toContain('2×MSL');
    await shot(page, 'timers-7-linux-results-en');
    await setLang(page, 'zh-CN');
    await page.getByTestId('results-decision').filter({ hasText: 'TIME-WAIT 定时器（Linux 固定 60 秒）到期' }).waitFor();
    await shot(page, 'timers-8-linux-results-zh');
  }, 300_000);
});
