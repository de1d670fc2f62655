/**
 * A tablet's text (1024×768, ×0.64 of the 1600×900 stage), as the device draws it (phoneProbe.ts):
 * every HTML text a learner reads (the menu, a practice round's composer, prompt and feedback, the
 * top bar, Results, the tutorial's cards) is at least 10 CSS px, in English and in Chinese. The
 * stage raises its small text to a floor of 10 CSS px over its scale (client/ui/overlay.ts
 * textFloor, --floor in client/styles.css); before it, the menu's smallest was 7.2 px and the
 * composer's 7.0. The canvas's diagrams (host cards, wire, flow graph, state diagram, timers) are
 * scaled pictures and are not held to it: their sizes are logged. Waits on the page's state.
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/tablet-text-<screen>-<lang>.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findOverflows, frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { answered, nextDecision, playMove, playRound, sessionOf, shot, toResults } from './play.ts';
import { correctAnswer } from './oracle.ts';
import { textSizes } from './phoneProbe.ts';
import type { Side } from '../../shared/tcp/wire.ts';

const env = gameServerAndBrowser();
const TABLET = { width: 1024, height: 768 } as const;
/** CSS px (the probe rounds to 0.1; the floor, 15.7 stage px at ×0.64, is 10.05). */
const LEAST = 10;

/** The language switch, by a click (a tablet's browser takes it as a tap). */
async function switchLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  if (lang === (await page.evaluate(() => window.__tcpDojo?.lang() ?? 'en'))) return;
  await page.getByTestId(`lang-${lang}`).click();
  await page.waitForFunction((l) => window.__tcpDojo?.lang() === l, lang);
  await frames(page);
}

/** The screen's HTML text in both languages (switched in place): nothing under LEAST CSS px. */
async function expectReadable(page: Page, screen: string): Promise<void> {
  for (const lang of ['en', 'zh-CN'] as const) {
    await switchLanguage(page, lang);
    await shot(page, `tablet-text-${screen}-${lang}`);
    const { under } = await textSizes(page, LEAST);
    const canvas = under.filter((u) => u.where === 'canvas');
    if (canvas.length) console.log(`[tablet-text] ${screen} ${lang}: canvas under ${LEAST} CSS px: ${[...new Set(canvas.map((u) => `${u.px} "${u.text}"`))].join(', ')}`);
    expect(under.filter((u) => u.where === 'html'), `${screen} in ${lang}: HTML text under ${LEAST} CSS px`).toEqual([]);
    // Raised, nothing is cut or spills out of its box.
    expect(await findOverflows(page), `${screen} in ${lang}: overflow`).toEqual({ html: [], canvas: [] });
  }
  await switchLanguage(page, 'en');
}

/** Send and Wait inside the composer's panel (its text raised, the composer grew, not past its frame). */
async function expectSendInside(page: Page, where: string): Promise<void> {
  const below = await page.evaluate(() => {
    const panel = document.querySelector('[data-testid=composer]')!.getBoundingClientRect();
    return ['composer-send', 'composer-wait'].map((id) => document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect().bottom - panel.bottom);
  });
  for (const b of below) expect(b, `${where}: Send / Wait below the composer's bottom (CSS px)`).toBeLessThanOrEqual(0.5);
}

describe('a 1024×768 tablet: text a learner reads is at least 10 CSS px', () => {
  it('the menu, a practice round’s decision with its feedback, the round over, Results', async () => {
    const page = await env.open({ viewport: TABLET, touch: true, lang: 'en', name: 'Tab' });
    await expectReadable(page, 'menu');
    await page.getByTestId('menu-practice-scenario').selectOption('handshake');
    await page.getByTestId('menu-practice-role').selectOption('client');
    await page.getByTestId('menu-start-practice').tap();
    await waitForScene(page, 'Game');
    const first = (await nextDecision(page, null))!;
    await expectReadable(page, 'decision');
    const s = (await sessionOf(page))!;
    await playMove(page, correctAnswer(s.roomId, s.side as Side, first)!);
    await answered(page, first);
    expect(await nextDecision(page, first)).not.toBeNull();
    await page.getByTestId('feedback-verdict').first().waitFor();
    await expectReadable(page, 'decision-feedback');
    await expectSendInside(page, 'tablet');
    await playRound(page);
    await expectReadable(page, 'over');
    await toResults(page, { tap: true });
    await expectReadable(page, 'results');
  }, 300_000);

  it('a 1024×768 laptop window (no touch): the decision screen', async () => {
    const page = await env.open({ viewport: TABLET, lang: 'en', name: 'Lap' });
    await page.getByTestId('menu-practice-scenario').selectOption('handshake');
    await page.getByTestId('menu-practice-role').selectOption('client');
    await page.getByTestId('menu-start-practice').click();
    await waitForScene(page, 'Game');
    expect(await nextDecision(page, null)).not.toBeNull();
    await expectReadable(page, 'laptop-decision');
    await expectSendInside(page, 'laptop');
  }, 120_000);

  it('the tutorial’s cards', async () => {
    const page = await env.open({ viewport: TABLET, touch: true, lang: 'en', tutorialSeen: false, name: 'Tab' });
    await page.getByTestId('menu-start-tutorial').tap();
    await waitForScene(page, 'Game');
    expect(await nextDecision(page, null)).not.toBeNull();
    for (const step of ['host', 'wire', 'graphs', 'composer']) {
      await page.locator(`[data-testid=tutorial-card][data-step=${step}]`).waitFor();
      await expectReadable(page, `tutorial-${step}`);
      if (step !== 'composer') await page.getByTestId('tutorial-next').tap();
    }
  }, 240_000);
});
