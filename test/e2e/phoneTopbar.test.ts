/**
 * A live practice round on a phone held sideways (touch, 667×375 in English and 740×360 in Chinese,
 * 2-3 device pixels per CSS px): the round's own controls outside the composer (Hint, Resign, Menu,
 * the language switch) are a finger's size (44 CSS px), readable (12 CSS px) and in view on arrival,
 * with no scrolling; before, they stayed in the top bar at the stage's ×0.36-0.43 (20-23 CSS px).
 * Hint, tapped, shows the coach's move and charges for it; Menu, tapped, asks to confirm leaving, in a
 * dialog as readable and as large: Stay keeps the round. The language switch, tapped in the dock,
 * turns all of it to the other language, still at hand, and Leave then goes to the menu.
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/phone-topbar-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { nextDecision, shot, startCoachedPractice } from './play.ts';
import { boxInWindow, expectAtHand, textsIn } from './phoneProbe.ts';

const env = gameServerAndBrowser();
const WORDS = { en, 'zh-CN': zhCN } as const;

/** A finger's least target and a learner's least text on a phone (CSS px). */
const FINGER = 44;
const READABLE = 12;

const phones = [
  { name: 'iphoneSE', width: 667, height: 375, dpr: 2, lang: 'en' },
  { name: 'android', width: 740, height: 360, dpr: 3, lang: 'zh-CN' },
] as const;

describe('a live round on a phone held sideways', () => {
  for (const p of phones) {
    it(`at ${p.width}×${p.height} (${p.lang}): Hint, Resign, Menu and the language switch are a finger's size and readable in view; Hint is shown and charged, Menu asks to confirm, Stay stays; the language switched in the dock, all of it in the other language, and Leave leaves`, async () => {
      const tag = `${p.name}-${p.lang}`;
      const W = WORDS[p.lang];
      const page = await env.open({ viewport: { width: p.width, height: p.height }, deviceScaleFactor: p.dpr, touch: true, lang: p.lang, scene: 'Menu' });
      await startCoachedPractice(page, 'Pho', { tap: true });
      await page.getByTestId('composer').waitFor({ state: 'visible' });
      const decision = await nextDecision(page, null);
      expect(decision).not.toBeNull();
      await shot(page, `phone-topbar-round-${tag}`);
      await expectAtHand(page, ['game-hint', 'game-resign', 'game-menu', 'lang-en', 'lang-zh-CN'], `${tag} in the round`, { finger: FINGER, readable: READABLE });
      expect(await page.getByTestId('game-menu').textContent()).toContain(W['game.menu']);

      // Hint, tapped: the coach's move for this decision arrives, paid for (the decision marked
      // revealed: its move scores REVEAL_COST less, shared/game/round.ts), as on a larger screen.
      await page.getByTestId('game-hint').tap();
      await page.waitForFunction((id) => (window.__tcpDojo?.lastHint() as { decisionId?: number } | null)?.decisionId === id, decision);
      await page.locator('[data-testid=game-hint][data-paid=true]').waitFor();
      expect(await page.getByTestId('game-hint').textContent()).toContain(W['game.hintPaid']);
      await shot(page, `phone-topbar-hint-${tag}`);

      // Menu, tapped: the question to confirm leaving, readable, its buttons a finger's size.
      await page.getByTestId('game-menu').tap();
      await page.getByTestId('confirm-leave').waitFor({ state: 'visible' });
      await expectAtHand(page, ['confirm-leave-stay', 'confirm-leave-go'], `${tag} leave?`, { finger: FINGER, readable: READABLE });
      const words = await textsIn(page, 'confirm-leave');
      expect(words.map((x) => x.text).join(' ')).toContain(W['leave.title']);
      expect(words.filter((x) => x.px < READABLE || !x.seen), `${tag} leave?: words under ${READABLE} CSS px or out of view`).toEqual([]);
      await shot(page, `phone-topbar-leave-${tag}`);
      await page.getByTestId('confirm-leave-stay').tap();
      await page.getByTestId('confirm-leave').waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => window.__tcpDojo?.session()?.phase)).toBe('playing');

      // The language switch, tapped in the dock: the round's controls and the question in the other
      // language, as large and still at hand; Leave then goes to the menu.
      const other = p.lang === 'en' ? 'zh-CN' : 'en';
      await page.getByTestId(`lang-${other}`).tap();
      await page.waitForFunction((lang) => document.documentElement.lang === lang, other);
      await expectAtHand(page, ['game-hint', 'game-resign', 'game-menu', 'lang-en', 'lang-zh-CN'], `${tag} switched to ${other}`, { finger: FINGER, readable: READABLE });
      expect(await page.getByTestId('game-menu').textContent()).toContain(WORDS[other]['game.menu']);
      await page.getByTestId('game-menu').tap();
      await page.getByTestId('confirm-leave').waitFor({ state: 'visible' });
      await expectAtHand(page, ['confirm-leave-stay', 'confirm-leave-go'], `${tag} leave? in ${other}`, { finger: FINGER, readable: READABLE });
      expect((await textsIn(page, 'confirm-leave')).map((x) => x.text).join(' ')).toContain(WORDS[other]['leave.title']);
      await shot(page, `phone-topbar-leave-${p.name}-${other}`);
      await page.getByTestId('confirm-leave-go').tap();
      await waitForScene(page, 'Menu');
      // The language switch leaves the dock with the round: the menu's own again.
      expect(await page.locator('#ui > .lang-switch').count(), 'the language switch back over the menu').toBe(1);
    }, 120_000);
  }
});
