/**
 * A touch audit of every screen a tablet player meets, each on a 1024×768 (4:3) and a 1280×720
 * (16:9) touch screen and in English and Chinese: the menu in every mode (duel with its room code
 * and quick match, practice, challenge with its leaderboard, the tutorial's entry), watch mode and a
 * replay with their playback controls, a live round (top bar, composer, feedback) and the round
 * over, Results (decisions, quiz answered, replay, rematch, swap roles, next scenario, Save PNG,
 * leaderboard), the waiting room, a dropped opponent's banner, and every tutorial card. On each:
 * every target (HTML, and the canvas's tappable objects) is at least 40×40 CSS px, no control lies
 * over text, nothing is off screen or overflows (see touchAudit.ts). Everything is done by taps
 * (the moves' fields are typed: a tablet has a keyboard on screen). Waits on the page's state.
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/touch-<screen>-<size>-<lang>.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { nextDecision, playRound, toResults as toResultsBy } from './play.ts';
import { expectTouchFriendly, TOUCH_VIEWPORTS, type Covered } from './touchAudit.ts';

const env = gameServerAndBrowser();

/** A tablet (touch, mobile viewport, pointer: coarse) on the menu; `firstTime`: the tutorial not seen yet. */
const tablet = (name: string, { firstTime = false } = {}): Promise<Page> => env.open({ viewport: TOUCH_VIEWPORTS[0]!, touch: true, lang: 'en', tutorialSeen: !firstTime, name });

const toResults = (page: Page): Promise<void> => toResultsBy(page, { tap: true });

async function toMenu(page: Page, from: 'game-menu' | 'results-menu'): Promise<void> {
  await page.getByTestId(from).tap();
  // Leaving a live round asks first (client/ui/confirmLeave.ts).
  if (from === 'game-menu' && (await page.evaluate(() => window.__tcpDojo?.session()?.phase === 'playing'))) {
    await expectTouchFriendly(page, 'confirm-leave');
    await page.getByTestId('confirm-leave-go').tap();
  }
  await waitForScene(page, 'Menu');
}

/** The one thing allowed to lie over text: a connection banner, on the wire panel's title (see gameHud.ts), which live says how much of the wire the player sees. */
const WIRE_TITLES: readonly string[] = (['wire.title', 'wire.titleHost', 'wire.titleShown', 'wire.titleRevealed'] as const).flatMap((k) => [en[k], zhCN[k]]);
const bannerOnWireTitle = (c: Covered): boolean => c.control === 'net-banner' && c.where === 'canvas' && WIRE_TITLES.includes(c.text);

describe('every screen on a touch screen (1024×768 and 1280×720, English and Chinese)', () => {
  it('menu, watch mode with its playback controls, quick match waiting', async () => {
    const page = await tablet('Tab');
    await expectTouchFriendly(page, 'menu');

    await page.getByTestId('menu-watch-demo').tap();
    await waitForScene(page, 'Game');
    await page.evaluate(() => window.__tcpDojo?.freezeAt(2600));
    await frames(page);
    // On touch, Save PNG sits in the top bar; the state diagram's small boxes take no taps.
    expect(await page.getByTestId('game-topbar').getByTestId('ladder-export').count()).toBe(1);
    await expectTouchFriendly(page, 'watch');
    await page.getByTestId('playback-forward').tap();
    await page.getByTestId('playback-back').tap();
    await toMenu(page, 'game-menu');

    await page.getByTestId('menu-quick-match').tap();
    await waitForScene(page, 'Game');
    await page.getByTestId('waiting').waitFor();
    // Alone in a quick match: the panel says what a player can do if nobody comes.
    await page.getByTestId('quick-match-alone').waitFor();
    await expectTouchFriendly(page, 'quick-match-waiting');
    await toMenu(page, 'game-menu');
  }, 240_000);

  it('a practice round, its Results (decisions, quiz, next scenario, Save PNG) and the step-by-step replay', async () => {
    const page = await tablet('Tab');
    await page.getByTestId('menu-practice-scenario').selectOption('handshake');
    await page.getByTestId('menu-start-practice').tap();
    await waitForScene(page, 'Game');
    expect(await nextDecision(page, null)).not.toBeNull();
    await expectTouchFriendly(page, 'practice-decision');
    await page.getByTestId('game-hint').tap();
    await page.waitForFunction(() => window.__tcpDojo?.lastHint() !== null);
    await playRound(page);
    await expectTouchFriendly(page, 'practice-over');

    await toResults(page);
    await expectTouchFriendly(page, 'results');
    const firstAnswer = page.locator('[data-testid^="quiz-"][data-testid$="-0"]').first();
    await firstAnswer.tap();
    await page.getByTestId('quiz-result').first().waitFor();
    await expectTouchFriendly(page, 'results-quiz-answered');
    await page.getByTestId('results-export').tap();

    await page.getByTestId('results-replay').tap();
    await waitForScene(page, 'Game');
    await page.getByTestId('playback-forward').tap();
    await expectTouchFriendly(page, 'replay');
  }, 240_000);

  it('a timed challenge: Results with the leaderboard, then the menu with its board', async () => {
    const page = await tablet('Grace');
    await page.getByTestId('menu-challenge-scenario').selectOption('handshake');
    await page.getByTestId('menu-start-challenge').tap();
    await waitForScene(page, 'Game');
    await playRound(page);
    await toResults(page);
    await page.getByTestId('results-board-row').first().waitFor();
    await expectTouchFriendly(page, 'results-challenge');
    await toMenu(page, 'results-menu');
    await page.getByTestId('menu-challenge-scenario').selectOption('handshake');
    await page.getByTestId('menu-leaderboard-row').first().waitFor();
    await expectTouchFriendly(page, 'menu-leaderboard');
  }, 240_000);

  it('a duel: the room code, joining by code, Results with rematch and swap, a dropped opponent', async () => {
    const alice = await tablet('Alice');
    await alice.getByTestId('menu-create-duel').tap();
    await waitForScene(alice, 'Game');
    const code = ((await alice.getByTestId('room-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z0-9]{5}$/);
    await expectTouchFriendly(alice, 'duel-waiting-code');

    const bob = await tablet('Bob');
    await bob.getByTestId('menu-join-code').fill(code);
    await expectTouchFriendly(bob, 'menu-join-code');
    await bob.getByTestId('menu-join-duel').tap();
    await waitForScene(bob, 'Game');
    await Promise.all([playRound(alice), playRound(bob)]);
    await Promise.all([toResults(alice), toResults(bob)]);
    expect(await alice.getByTestId('results-swap').count()).toBe(1);
    await expectTouchFriendly(alice, 'results-duel');

    // A rematch, then Bob's tablet goes away: Alice's screen says so, over the wire's title only.
    for (const page of [alice, bob]) await page.getByTestId('results-rematch').tap();
    await Promise.all([waitForScene(alice, 'Game'), waitForScene(bob, 'Game')]);
    await alice.waitForFunction(() => window.__tcpDojo?.session()?.phase === 'playing');
    await bob.context().close();
    await alice.locator('[data-testid=net-banner]:not([hidden])').waitFor();
    await expectTouchFriendly(alice, 'duel-opponent-dropped', bannerOnWireTitle);
  }, 300_000);

  it('every tutorial card, from the menu', async () => {
    const page = await tablet('Tab', { firstTime: true });
    await page.getByTestId('menu-start-tutorial').tap();
    await waitForScene(page, 'Game');
    expect(await nextDecision(page, null)).not.toBeNull();
    const card = (step: string) => page.locator(`[data-testid=tutorial-card][data-step=${step}]`);
    for (const step of ['host', 'wire', 'graphs']) {
      await card(step).waitFor();
      await expectTouchFriendly(page, `tutorial-${step}`);
      await page.getByTestId('tutorial-next').tap();
    }
    await card('composer').waitFor();
    await expectTouchFriendly(page, 'tutorial-composer');
    // On touch the card says what to tap, not which key to press.
    expect(await card('composer').textContent()).not.toContain('(Enter)');
    await page.getByTestId('composer-flag-SYN').tap();
    await page.locator('[data-testid=composer-seq-helper][data-names~=ISS]').tap();
    await page.getByTestId('composer-state-SYN-SENT').tap();
    await page.getByTestId('composer-send').tap();
    await card('feedback').waitFor();
    await expectTouchFriendly(page, 'tutorial-feedback');
    await page.getByTestId('tutorial-next').tap();
    await card('done').waitFor();
    await expectTouchFriendly(page, 'tutorial-done');
    await page.getByTestId('tutorial-finish').tap();
    await toMenu(page, 'game-menu');
    await expectTouchFriendly(page, 'menu-tutorial-done');
  }, 240_000);
});
