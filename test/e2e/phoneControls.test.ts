/**
 * The last controls a docked phone drew at the stage's scale (touch, sideways: 844×390 in English,
 * 667×375 in Chinese), each now at a finger's size (44 CSS px) and readable (11 CSS px), and each
 * doing its work by taps, in one coached practice round and what follows it:
 * - "Show the right move" under a refused try's rule in the dock (feedbackPanel.ts askButton): the
 *   coach's move then shows in the dock, paid for;
 * - "States explained" beside the states to pick in the dock (composer.ts): the glossary's card at
 *   a page's scale, ‹ › going through the states, × closing it;
 * - the language switch while the question to leave is open (confirmLeave.ts, overlay.ts
 *   homeLangSwitch): on that page, the question turned to the other language, back in the dock after Stay;
 * - the round over: its score, Results and Save PNG at the dock's top (gameHud.ts dockDone);
 * - Results: the language switch at the page's scale;
 * - the replay: the top bar's More (the .pcap) and Save PNG, and the language switch, in its dock (replayDock.ts).
 * Before, each was drawn on the 1600×900 stage at ×0.33-0.43 (16-23 CSS px controls, 4-7 px text), or
 * (the leave question's switch) under the page. Screenshots (E2E_SHOTS=1): phone-controls-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { nextDecision, sessionOf, shot, startCoachedPractice, verdictShown } from './play.ts';
import { boxInWindow, expectAtHand, tapMove, textsIn } from './phoneProbe.ts';

const env = gameServerAndBrowser();
const WORDS = { en, 'zh-CN': zhCN } as const;

/** A finger's least target and a learner's least text on a phone (CSS px). */
const FINGER = 44;
const READABLE = 11;

const phones = [
  { name: 'iphone14', width: 844, height: 390, dpr: 3, lang: 'en' },
  { name: 'iphoneSE', width: 667, height: 375, dpr: 2, lang: 'zh-CN' },
] as const;

/** Every word of one element (by test id) at READABLE or more; `seen`: and in view. */
async function expectReadable(page: Page, testid: string, where: string, seen = true): Promise<string> {
  const texts = await textsIn(page, testid);
  expect(texts.filter((x) => x.px < READABLE || (seen && !x.seen)), `${where}: ${testid}'s words under ${READABLE} CSS px${seen ? ' or out of view' : ''}`).toEqual([]);
  return texts.map((x) => x.text).join(' ');
}

/** Tap a control that saves a file; the file's name. */
async function tapDownload(page: Page, testid: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).tap()]);
  return download.suggestedFilename();
}

describe('the last stage-scale controls of a docked phone, at a finger\'s size', () => {
  for (const p of phones) {
    it(`at ${p.width}×${p.height} (${p.lang}): Show the right move, States explained, the language switch on the leave question, the round over's score and Save PNG, Results' switch and the replay's .pcap, Save PNG and switch`, async () => {
      const tag = `${p.name}-${p.lang}`;
      const W = WORDS[p.lang];
      const other = p.lang === 'en' ? 'zh-CN' : 'en';
      const page = await env.open({ viewport: { width: p.width, height: p.height }, deviceScaleFactor: p.dpr, touch: true, lang: p.lang, scene: 'Menu' });
      await startCoachedPractice(page, 'Pho', { tap: true });
      await page.getByTestId('composer').waitFor({ state: 'visible' });
      const decision = (await nextDecision(page, null))!;
      expect(decision).not.toBeNull();

      // A refused try (the SYN's seq one past the ISN): under its rule in the dock, the offer to show the right move.
      const s = await sessionOf(page);
      const right = correctAnswer(s!.roomId, s!.side as Side, decision)!;
      const [first, ...rest] = right.segments;
      await tapMove(page, { ...right, segments: [{ ...first!, seq: first!.seq + 1 }, ...rest] });
      expect((await verdictShown(page, decision)).verdict).toBe('refused');
      await expectAtHand(page, ['composer-ask'], `${tag} refused`, { finger: FINGER, readable: READABLE, scroll: true });
      expect(await page.getByTestId('composer-ask').textContent()).toBe(W['feedback.ask'].replace('{{cost}}', '3'));
      await shot(page, `phone-controls-ask-${tag}`);
      await page.getByTestId('composer-ask').tap();
      await page.waitForFunction((id) => (window.__tcpDojo?.lastHint() as { decisionId?: number } | null)?.decisionId === id, decision);
      await page.locator('[data-testid=game-hint][data-paid=true]').waitFor();
      expect(await page.getByTestId('composer-ask').count(), 'the offer gone once taken').toBe(0);
      const dockWords = await expectReadable(page, 'composer-feedback', `${tag} shown`, false);
      expect(dockWords, 'the right move in the dock').toContain(`seq=${first!.seq}`);
      await shot(page, `phone-controls-shown-${tag}`);

      // States explained: the glossary's card at a page's scale, browsed and closed by taps.
      await expectAtHand(page, ['composer-glossary'], `${tag} dock`, { finger: FINGER, readable: READABLE, scroll: true });
      expect(await page.getByTestId('composer-glossary').textContent()).toBe(W['glossary.open']);
      await page.getByTestId('composer-glossary').tap();
      await page.getByTestId('glossary').waitFor({ state: 'visible' });
      await expectAtHand(page, ['glossary-prev', 'glossary-next', 'glossary-close'], `${tag} glossary`, { finger: FINGER, readable: READABLE, scroll: true });
      const state = await page.getByTestId('glossary').getAttribute('data-state');
      expect(state, 'the card of the state the player is in').toBe('CLOSED');
      await expectReadable(page, 'glossary', `${tag} glossary`, false);
      await shot(page, `phone-controls-glossary-${tag}`);
      await page.getByTestId('glossary-next').tap();
      await page.waitForFunction(() => document.querySelector('[data-testid=glossary]')?.getAttribute('data-state') === 'LISTEN');
      await page.getByTestId('glossary-close').tap();
      await page.getByTestId('glossary').waitFor({ state: 'hidden' });

      // The question to leave: the language switch on its page, at its scale; the question in the
      // other language; Stay, and the switch is back in the dock, where it turns the language back.
      await page.getByTestId('game-menu').tap();
      await page.getByTestId('confirm-leave').waitFor({ state: 'visible' });
      await expectAtHand(page, [`lang-${other}`], `${tag} leave?`, { finger: FINGER, readable: READABLE, scroll: true });
      await page.getByTestId(`lang-${other}`).tap();
      await page.waitForFunction((lang) => document.documentElement.lang === lang, other);
      expect(await expectReadable(page, 'confirm-leave', `${tag} leave? in ${other}`)).toContain(WORDS[other]['leave.title']);
      await expectAtHand(page, ['confirm-leave-stay', `lang-${p.lang}`], `${tag} leave? in ${other}`, { finger: FINGER, readable: READABLE, scroll: true });
      await shot(page, `phone-controls-leave-${tag}`);
      await page.getByTestId('confirm-leave-stay').tap();
      await page.getByTestId('confirm-leave').waitFor({ state: 'hidden' });
      expect(await page.locator('.composer .dock-lang [data-testid=lang-switch]').count(), 'the switch back in the dock').toBe(1);
      await page.getByTestId(`lang-${p.lang}`).tap();
      await page.waitForFunction((lang) => document.documentElement.lang === lang, p.lang);

      // The round over: its score, Results and Save PNG at the dock's top.
      await page.getByTestId('game-resign').tap();
      await page.getByTestId('composer-results').waitFor({ state: 'visible' });
      await expectAtHand(page, ['composer-results', 'composer-export'], `${tag} over`, { finger: FINGER, readable: READABLE, scroll: true });
      expect(await expectReadable(page, 'composer-score', `${tag} over`)).toBe(W['game.score'].replace('{{score}}', '0').replace('{{streak}}', '0'));
      await shot(page, `phone-controls-over-${tag}`);
      expect(await tapDownload(page, 'composer-export')).toBe('tcp-dojo-flow-graph.png');

      // Results: the language switch at the page's scale.
      await page.getByTestId('composer-results').tap();
      await waitForScene(page, 'Results');
      await expectAtHand(page, ['lang-en', 'lang-zh-CN', 'results-export'], `${tag} Results`, { finger: FINGER, readable: READABLE, scroll: true });
      await shot(page, `phone-controls-results-${tag}`);

      // The replay: the capture, Save PNG and the language switch in its dock; the top bar's More and Save PNG not drawn.
      await page.getByTestId('results-replay').tap();
      await waitForScene(page, 'Game');
      await page.getByTestId('replay-dock').waitFor({ state: 'visible' });
      await expectAtHand(page, ['replay-dock-pcap', 'replay-dock-png', 'lang-en', 'lang-zh-CN'], `${tag} replay`, { finger: FINGER, readable: READABLE, scroll: true });
      expect(await page.locator('[data-testid=game-more]:visible, [data-testid=ladder-export]:visible').count(), 'the top bar\'s More and Save PNG not drawn at ×0.4').toBe(0);
      await shot(page, `phone-controls-replay-${tag}`);
      expect(await tapDownload(page, 'replay-dock-pcap')).toMatch(/\.pcap$/);
      expect(await tapDownload(page, 'replay-dock-png')).toBe('tcp-dojo-flow-graph.png');
    }, 120_000);
  }
});
