/**
 * The first-time tutorial, in both languages: from the menu it opens a coached handshake against
 * the textbook bot; the step cards light the host, the wire, the graphs and the composer; the
 * player's first move (built with the composer's helpers, as the card says) brings the feedback
 * card; finishing or skipping is remembered, and the menu then offers to play it again.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findOverflows, frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { nextDecision, shot } from './play.ts';
import { expectSpotAround } from './tutorialSpot.ts';

const env = gameServerAndBrowser();

async function openTutorial(lang: 'en' | 'zh-CN'): Promise<Page> {
  // A first-time player: the language is chosen, the tutorial never seen.
  const page = await env.open({ viewport: { width: 1600, height: 900 }, lang, tutorialSeen: false, name: lang === 'en' ? 'Ada' : '小林' });
  await page.getByTestId('menu-start-tutorial').click();
  await waitForScene(page, 'Game');
  return page;
}

const card = (page: Page, step: string) => page.locator(`[data-testid=tutorial-card][data-step=${step}]`);

async function expectNoOverflow(page: Page): Promise<void> {
  await frames(page);
  expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
}

async function walk(lang: 'en' | 'zh-CN'): Promise<Page> {
  const page = await openTutorial(lang);
  const decision = await nextDecision(page, null);
  expect(decision).not.toBeNull();
  for (const [i, step] of (['host', 'wire', 'graphs'] as const).entries()) {
    await card(page, step).waitFor();
    await shot(page, `tutorial-${lang}-${i + 1}-${step}`);
    await expectNoOverflow(page);
    await page.getByTestId('tutorial-next').click();
  }
  await card(page, 'composer').waitFor();
  await page.getByTestId('tutorial-wait').waitFor();
  await expectSpotAround(page, 'composer');
  // The clicks on Next stayed on the cards: nothing drawn under them (the state diagram) was picked.
  expect(await page.locator('[data-testid^=composer-state-][aria-checked=true]').count()).toBe(0);
  await shot(page, `tutorial-${lang}-4-composer`);
  await expectNoOverflow(page);

  // The move the card describes: SYN on (S), seq from the ISS helper (the ISN this TCP picked),
  // SYN-SENT, Send. The composer stays usable under the card.
  await page.getByTestId('composer').locator('h2').click();
  await page.keyboard.press('s');
  await page.locator('[data-testid=composer-seq-helper][data-names~=ISS]').click();
  expect(await page.getByTestId('composer-seq').inputValue()).toMatch(/^\d+$/);
  await page.getByTestId('composer-state-SYN-SENT').click();
  await page.getByTestId('composer-send').click();

  await card(page, 'feedback').waitFor();
  await page.locator('[data-testid=feedback-verdict][data-verdict=correct]').waitFor();
  await expectSpotAround(page, 'feedback-panel');
  await shot(page, `tutorial-${lang}-5-feedback`);
  await expectNoOverflow(page);
  await page.getByTestId('tutorial-next').click();
  await card(page, 'done').waitFor();
  await shot(page, `tutorial-${lang}-6-done`);
  await expectNoOverflow(page);
  await page.getByTestId('tutorial-finish').click();
  await expect.poll(() => page.getByTestId('tutorial-card').count()).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem('tcp-dojo.tutorial'))).toBe('done');
  return page;
}

describe('the first-time tutorial', () => {
  it('walks the step cards in English through the first move, and the menu remembers it', async () => {
    const page = await walk('en');
    // The practice round is still live: Menu asks first.
    await page.getByTestId('game-menu').click();
    await page.getByTestId('confirm-leave-go').click();
    await waitForScene(page, 'Menu');
    expect(await page.getByTestId('menu-start-tutorial').textContent()).toBe('Play the tutorial again');
    await shot(page, 'tutorial-en-7-menu-done');
    await page.close();
  }, 120_000);

  it('walks the same cards in Chinese without overflowing', async () => {
    const page = await walk('zh-CN');
    await page.close();
  }, 120_000);

  it('can be skipped from the first card, and skipping counts as seen', async () => {
    const page = await openTutorial('en');
    await card(page, 'host').waitFor();
    await page.getByTestId('tutorial-skip').click();
    await expect.poll(() => page.getByTestId('tutorial-card').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('tcp-dojo.tutorial'))).toBe('done');
    // The round goes on without the cards: the composer still takes the first decision.
    expect(await nextDecision(page, null)).not.toBeNull();
    await page.close();
  }, 60_000);
});
