/**
 * The composer at its fullest decision: the server closing its listener with connections in both
 * queues (accept-queue-closed), where the helpers list a value for each connection the close resets.
 * At 1280×720, in English and Chinese, the composer's content stays inside its panel: Send and Wait
 * are on screen, and the keyboard line is inside the panel or gives way (before, Send was cut at the
 * screen's bottom in English and the keyboard line ran off the screen in both). Screenshots with E2E_SHOTS=1: test-results/screenshots/composer-fits-*.
 *
 * The preview line under the fields changes with every keystroke: the widest segment a learner can
 * compose (all four control bits, 10-digit seq and ack) and the "no segment" sentence both fit its
 * box, in both languages (before, the line was fitted once, when the panel was built, and the
 * sentence ran 6 px past its box where the UI font is a little wider). A flag turned on stays lit
 * while the pointer rests on it (the hover style used to paint it as off).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findOverflows, frames } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, sessionOf, shot, startCoachedPractice } from './play.ts';

const env = gameServerAndBrowser();

/** How far each of these reaches below the composer panel's own bottom edge (px; ≤ 0 is inside). */
async function belowPanel(page: Page, ids: string[]): Promise<Record<string, number>> {
  await frames(page);
  return page.evaluate((testids) => {
    const panel = document.querySelector('[data-testid=composer]')!.getBoundingClientRect();
    const out: Record<string, number> = {};
    for (const id of testids) out[id] = Math.round(document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect().bottom - Math.min(panel.bottom, window.innerHeight));
    return out;
  }, ids);
}

describe('the composer, closing a listener with full queues', () => {
  it('keeps Send, Wait and the keyboard line (or none) inside its panel at 1280×720, en and zh-CN', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en', name: 'Ada' });
    await startCoachedPractice(page, 'Ada', { scenario: 'accept-queue-closed', role: 'server' });
    let decision: number | null = null;
    for (let i = 0; ; i++) {
      expect(i).toBeLessThan(30);
      decision = await nextDecision(page, decision, 120_000);
      expect(decision).not.toBeNull();
      const s = await sessionOf(page);
      if (s?.prompt === 'app-call' && (await page.getByTestId('composer-prompt-text').textContent())?.includes('close() on its listening socket')) break;
      await playMove(page, correctAnswer(s!.roomId, 'server', decision!)!);
      await answered(page, decision!, 120_000);
    }
    const ids = ['composer-send', 'composer-wait', 'composer-shortcuts'];
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);
      await page.getByTestId('composer-prompt-text').filter({ hasText: lang === 'en' ? 'close() on its listening socket' : '对监听套接字调用了 close()' }).waitFor();
      const below = await belowPanel(page, ids);
      await shot(page, `composer-fits-${lang}`);
      for (const id of ids) expect(below[id], `${id} (${lang})`).toBeLessThanOrEqual(0);
    }
  }, 240_000);
});

describe('the composer preview line', () => {
  it('fits the widest segment and the "no segment" sentence, as they are typed, en and zh-CN', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en', name: 'Ada' });
    await startCoachedPractice(page, 'Ada', { scenario: 'handshake', role: 'client' });
    expect(await nextDecision(page, null, 120_000)).not.toBeNull();
    const preview = page.getByTestId('composer-preview');
    const fits = (): Promise<{ scrollWidth: number; clientWidth: number }> =>
      preview.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);
      await frames(page);
      for (const bit of ['SYN', 'ACK', 'FIN', 'RST']) await page.getByTestId(`composer-flag-${bit}`).click();
      // The pointer still rests on RST, just turned on: it shows lit (RST's colour), not as the hovered off button.
      await page.getByTestId('composer-flag-RST').hover();
      await expect.poll(() => page.getByTestId('composer-flag-RST').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(213, 94, 0)');
      await page.getByTestId('composer-seq').fill('4294967295');
      await page.getByTestId('composer-ack').fill('4294967295');
      await page.getByTestId('composer-payload').fill('GET /index.html');
      await expect.poll(() => preview.textContent()).toContain('seq=4294967295 ack=4294967295 len=');
      const widest = await fits();
      expect(widest.scrollWidth, `the widest segment (${lang})`).toBeLessThanOrEqual(widest.clientWidth);
      await shot(page, `composer-preview-widest-${lang}`);
      for (const bit of ['SYN', 'ACK', 'FIN', 'RST']) await page.getByTestId(`composer-flag-${bit}`).click();
      await page.getByTestId('composer-payload').fill('');
      await expect.poll(() => preview.textContent()).toBe(lang === 'en' ? 'no segment: choose at least one control bit or a payload' : '没有报文段：至少选一个控制位或填写数据');
      const none = await fits();
      expect(none.scrollWidth, `the "no segment" sentence (${lang})`).toBeLessThanOrEqual(none.clientWidth);
      expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
      await shot(page, `composer-preview-none-${lang}`);
    }
  }, 240_000);
});
