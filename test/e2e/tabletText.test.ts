/**
 * A tablet's and a small laptop's text, as the device draws it (phoneProbe.ts textSizes: the stage's
 * font size times its scale). At 1024×768 (a tablet, ×0.64 of the 1600×900 stage) and 960×540 (a
 * small laptop window, ×0.6), in English and in Chinese, the game screen a learner plays on (the
 * composer, the prompt, the feedback, the top bar; the canvas's host cards, timers, wire and flow
 * graph) has no HTML text under 10 CSS px and no canvas text under CANVAS_LEAST; nothing overflows
 * and Send stays inside the composer. The menu, Results and the tutorial's cards are held to the
 * HTML floor too. Before the stage's text floor (client/ui/overlay.ts textFloor), the composer's
 * smallest HTML text was 7.0 CSS px and the canvas's 6.4; the flow graph's labels, times and states
 * were 7.2 to 7.7 CSS px until its layout made room for raised text (ladderMetrics). Waits on the
 * page's state.
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/tablet-text-<size>-<screen>-<lang>.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findOverflows, frames, waitForScene, type Viewport } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { answered, nextDecision, playMove, playRound, sessionOf, shot, toResults } from './play.ts';
import { correctAnswer } from './oracle.ts';
import { textSizes } from './phoneProbe.ts';
import type { Side } from '../../shared/tcp/wire.ts';

const env = gameServerAndBrowser();
const TABLET: Viewport = { width: 1024, height: 768 };
const LAPTOP: Viewport = { width: 960, height: 540 };
/** CSS px (the probe rounds to 0.1). */
const HTML_LEAST = 10;
const CANVAS_LEAST = 9;

/** How many of the flow graph's texts (its labels, times, states) the canvas shows: the graph was measured, not missed. */
async function flowGraphLabels(page: Page): Promise<number> {
  return page.evaluate(() => {
    type Obj = { name?: string; visible?: boolean; list?: Obj[] };
    const scene = window.__tcpDojo!.game.scene.getScene('Game') as unknown as { children: { list: Obj[] } };
    const count = (list: Obj[]): number => list.reduce((n, o) => n + (o.visible === false ? 0 : (o.name === 'flow-graph-label' ? 1 : 0) + count(o.list ?? [])), 0);
    return count(scene.children.list);
  });
}

/** The language switch, by a click (a tablet's browser takes it as a tap). */
async function switchLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  if (lang === (await page.evaluate(() => window.__tcpDojo?.lang() ?? 'en'))) return;
  await page.getByTestId(`lang-${lang}`).click();
  await page.waitForFunction((l) => window.__tcpDojo?.lang() === l, lang);
  await frames(page);
}

/** The screen in both languages (switched in place): no text under its floor, nothing overflowing. */
async function expectReadable(page: Page, screen: string, { canvas = false, menu = false } = {}): Promise<void> {
  for (const lang of ['en', 'zh-CN'] as const) {
    await switchLanguage(page, lang);
    await shot(page, `tablet-text-${screen}-${lang}`);
    const { under } = await textSizes(page, HTML_LEAST);
    const html = under.filter((u) => u.where === 'html');
    expect(html, `${screen} in ${lang}: HTML text under ${HTML_LEAST} CSS px`).toEqual([]);
    if (canvas) {
      // The flow graph's labels, times and states included (its layout makes room for them).
      const small = under.filter((u) => u.where === 'canvas' && u.px < CANVAS_LEAST);
      expect(small, `${screen} in ${lang}: canvas text under ${CANVAS_LEAST} CSS px`).toEqual([]);
      if (canvas) expect(await flowGraphLabels(page), `${screen} in ${lang}: the flow graph's labels`).toBeGreaterThan(0);
    }
    expect(await findOverflows(page), `${screen} in ${lang}: overflow`).toEqual({ html: [], canvas: [] });
    if (menu) await expectMenuInside(page, `${screen} in ${lang}`);
  }
  await switchLanguage(page, 'en');
}

/**
 * The menu's cards and its footer inside the window, the footer shown (its raised text made no row
 * run off the bottom; a 4:3 tablet's menu runs on into the band below the 16:9 stage, by design).
 */
async function expectMenuInside(page: Page, where: string): Promise<void> {
  const below = await page.evaluate(() => {
    return [...document.querySelectorAll<HTMLElement>('.menu > *, .menu .card')].map((el) => ({ what: el.className, below: Math.round(el.getBoundingClientRect().bottom - innerHeight), height: el.getBoundingClientRect().height }));
  });
  expect(below.filter((b) => b.below > 0.5 || b.height < 1), `${where}: the menu's rows past the window's bottom, or squeezed to nothing (CSS px)`).toEqual([]);
}

/** Send and Wait inside the composer's panel (its text raised, the composer grew, not past its frame). */
async function expectSendInside(page: Page, where: string): Promise<void> {
  const below = await page.evaluate(() => {
    const panel = document.querySelector('[data-testid=composer]')!.getBoundingClientRect();
    return ['composer-send', 'composer-wait'].map((id) => document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect().bottom - panel.bottom);
  });
  for (const b of below) expect(b, `${where}: Send / Wait below the composer's bottom (CSS px)`).toBeLessThanOrEqual(0.5);
}

/** A practice round's first decision, then the next one with the first's feedback shown. */
async function gameScreen(page: Page, size: string, tap: boolean): Promise<void> {
  await page.getByTestId('menu-practice-scenario').selectOption('handshake');
  await page.getByTestId('menu-practice-role').selectOption('server');
  await page.getByTestId('menu-start-practice')[tap ? 'tap' : 'click']();
  await waitForScene(page, 'Game');
  const first = (await nextDecision(page, null))!;
  expect(first).not.toBeNull();
  await expectReadable(page, `${size}-decision`, { canvas: true });
  await expectSendInside(page, size);
  const s = (await sessionOf(page))!;
  await playMove(page, correctAnswer(s.roomId, s.side as Side, first)!);
  await answered(page, first);
  expect(await nextDecision(page, first)).not.toBeNull();
  await page.getByTestId('feedback-verdict').first().waitFor();
  await expectReadable(page, `${size}-feedback`, { canvas: true });
  await expectSendInside(page, size);
}

describe('text a learner reads on a tablet or a small laptop is at least 10 CSS px (canvas: 9)', () => {
  it('a 1024×768 tablet: the menu, the game screen (decision, feedback), the round over, Results', async () => {
    const page = await env.open({ viewport: TABLET, touch: true, lang: 'en', name: 'Tab' });
    await expectReadable(page, '1024-menu', { menu: true });
    await gameScreen(page, '1024', true);
    await playRound(page);
    await expectReadable(page, '1024-over');
    await toResults(page, { tap: true });
    await expectReadable(page, '1024-results');
  }, 300_000);

  it('a 960×540 laptop window (no touch): the game screen (decision, feedback)', async () => {
    const page = await env.open({ viewport: LAPTOP, lang: 'en', name: 'Lap' });
    await expectReadable(page, '960-menu', { menu: true });
    await gameScreen(page, '960', false);
  }, 240_000);

  it('the tutorial’s cards (1024×768)', async () => {
    const page = await env.open({ viewport: TABLET, touch: true, lang: 'en', tutorialSeen: false, name: 'Tab' });
    await page.getByTestId('menu-start-tutorial').tap();
    await waitForScene(page, 'Game');
    expect(await nextDecision(page, null)).not.toBeNull();
    for (const step of ['host', 'wire', 'graphs', 'composer']) {
      await page.locator(`[data-testid=tutorial-card][data-step=${step}]`).waitFor();
      await expectReadable(page, `1024-tutorial-${step}`);
      if (step !== 'composer') await page.getByTestId('tutorial-next').tap();
    }
  }, 240_000);
});
