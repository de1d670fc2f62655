/**
 * With no decision open (the peer's turn, a timer still running, the round over), Send is disabled
 * and looks it: a disabled primary button kept its accent colour, only faded, and still read as the
 * button to press. With a decision open it is the accent button. In English and zh-CN.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gameServerAndBrowser } from './fixture.ts';
import { answered, nextDecision, playMove, playRound, sessionOf, shot, startCoachedPractice } from './play.ts';
import { correctAnswer } from './oracle.ts';

const env = gameServerAndBrowser();

/** The accent (--accent, #7aa2ff) as computed. */
const ACCENT = 'rgb(122, 162, 255)';

interface SendLook {
  disabled: boolean;
  background: string;
}

type Recorder = { __sendIdle?: SendLook[] };

/** Send as it stands now, its colour transition run to its end (a computed colour mid-transition is the old one). */
function sendLook(page: Page): Promise<SendLook> {
  return page.getByTestId('composer-send').evaluate((b: HTMLButtonElement) => {
    b.getAnimations().forEach((a) => a.finish());
    return { disabled: b.disabled, background: getComputedStyle(b).backgroundColor };
  });
}

describe('the composer with no decision open', () => {
  it('Send is disabled and looks it while the player waits; the accent button while a decision is open', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    // lost-syn, the client: connect(), then the SYN is lost and the host waits a second for its timer.
    await startCoachedPractice(page, 'Ada', { scenario: 'lost-syn' });
    // Each time the composer learns no decision is open, Send as it is then (a wait may be short).
    await page.getByTestId('composer').evaluate((panel: HTMLElement) => {
      const seen: SendLook[] = [];
      (window as Recorder).__sendIdle = seen;
      new MutationObserver(() => {
        if (panel.dataset['decision'] !== '') return;
        const b = panel.querySelector<HTMLButtonElement>('[data-testid=composer-send]')!;
        b.getAnimations().forEach((a) => a.finish());
        seen.push({ disabled: b.disabled, background: getComputedStyle(b).backgroundColor });
      }).observe(panel, { attributes: true, attributeFilter: ['data-decision'] });
    });
    const first = (await nextDecision(page, null))!;
    expect(await sendLook(page)).toEqual({ disabled: false, background: ACCENT });
    const s = await sessionOf(page);
    await playMove(page, correctAnswer(s!.roomId, 'client', first)!);
    await answered(page, first);
    const idle = await page.waitForFunction(() => {
      const seen = (window as Recorder).__sendIdle ?? [];
      return seen.length > 0 ? seen : false;
    });
    const looks = (await idle.jsonValue()) as SendLook[];
    for (const look of looks) {
      expect(look.disabled).toBe(true);
      expect(look.background).not.toBe(ACCENT);
    }
    // The round played on to its end: nothing left to decide.
    await playRound(page);
    await page.getByTestId('composer').and(page.locator('[data-decision=""]')).waitFor();
    const over = await sendLook(page);
    expect(over.disabled).toBe(true);
    expect(over.background).not.toBe(ACCENT);
    await shot(page, 'composer-idle-en');
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await page.getByTestId('composer-send').filter({ hasText: '发送' }).waitFor();
    expect((await sendLook(page)).disabled).toBe(true);
    await shot(page, 'composer-idle-zh');
  }, 300_000);
});
