/**
 * The game's own address opened on a phone (touch, a mobile viewport, 2-3 device pixels per CSS
 * px): an iPhone (390×844) and an Android phone (360×740), each upright and held sideways, in en
 * and zh-CN. The menu and what comes between it and a round (the duel's settings, the waiting
 * room with its code, the duel's round card, the level's goal, the tutorial's first card) are
 * drawn at the phone's own scale, not the 1600×900 stage's (×0.23-0.43: 3-6 CSS px text): every
 * text 12 CSS px or more, every control a finger's size (44 CSS px), nothing off the window's
 * sides, every control reachable by scrolling and what a finger on it touches. A practice round,
 * a bot practice, a timed challenge, the tutorial and a duel are started by taps, and arrive in
 * the game as before: held sideways the composer docked, upright the rotate prompt.
 * Every wait is on the page's state. Screenshots (E2E_SHOTS=1): test-results/screenshots/phone-menu-*.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { findOverflows, frames, transparentPixels, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { nextDecision, sessionOf, shot } from './play.ts';
import { tapMove, withPhoneProbe, type InPageProbe, type Phone } from './phoneProbe.ts';
import { correctAnswer } from './oracle.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { gameFitted, tapLanguage } from './touchAudit.ts';

const env = gameServerAndBrowser();

type Lang = 'en' | 'zh-CN';
const WORDS = { en, 'zh-CN': zhCN } as const;
const MIN_TEXT = 12;
const FINGER = 44;

/** Upright. */
const PHONES: readonly Phone[] = [
  { name: 'iphone', width: 390, height: 844, dpr: 3 },
  { name: 'android', width: 360, height: 740, dpr: 2 },
];
type Way = 'upright' | 'sideways';
const held = (p: Phone, way: Way): { width: number; height: number } => (way === 'upright' ? { width: p.width, height: p.height } : { width: p.height, height: p.width });

const phone = (p: Phone, way: Way, lang: Lang, name?: string): Promise<Page> =>
  env.open({ viewport: held(p, way), deviceScaleFactor: p.dpr, touch: true, lang, ...(name === undefined ? {} : { name }) });

interface PhoneScreen {
  /** Texts under the minimum, as the device draws them (CSS px, after every scale above them). */
  smallText: { text: string; px: number }[];
  /** Controls under a finger's size, in CSS px. */
  smallTargets: { name: string; width: number; height: number }[];
  /** Texts or controls reaching past the window's left or right edge. */
  offSides: string[];
  /** Controls that, scrolled into view, are not on the screen or not what a finger on them touches. */
  unreachable: string[];
  texts: number;
  targets: number;
}

/**
 * What the phone shows under these elements (CSS selectors): every text (also the ones scrolled
 * out of view: the screen scrolls) with its size on the device, every control's size, and whether
 * each control, scrolled into view, is on the screen and on top. Read in the page, no waiting.
 */
async function phoneScreen(page: Page, roots: string[]): Promise<PhoneScreen> {
  await withPhoneProbe(page);
  return page.evaluate(
    ([sel, minText, minTarget]) => {
      const { shown, scaleOf } = (window as unknown as { __phoneProbe: InPageProbe }).__phoneProbe;
      const roots = sel.flatMap((s) => [...document.querySelectorAll(s)]).filter(shown);
      const smallText: { text: string; px: number }[] = [];
      const offSides: string[] = [];
      const unreachable: string[] = [];
      let texts = 0;
      const sideways = (r: DOMRect): boolean => r.left < -0.5 || r.right > innerWidth + 0.5;
      for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent?.trim() ?? '';
          const el = node.parentElement;
          if (!text || !el || el.closest('option, select') || !shown(el)) continue;
          texts++;
          const px = Math.round(parseFloat(getComputedStyle(el).fontSize) * scaleOf(el) * 10) / 10;
          if (px < minText) smallText.push({ text: text.slice(0, 40), px });
          const range = document.createRange();
          range.selectNodeContents(node);
          if (sideways(range.getBoundingClientRect())) offSides.push(text.slice(0, 40));
        }
      }
      const controls = roots.flatMap((r) => [...r.querySelectorAll<HTMLElement>('button, select, a[href], summary, input:not([type=hidden]):not([type=file])')]).filter(shown);
      const smallTargets: { name: string; width: number; height: number }[] = [];
      for (const el of controls) {
        // A checkbox inside its label: the label is what a finger taps.
        const target = el instanceof HTMLInputElement && el.type === 'checkbox' ? (el.closest('label') ?? el) : el;
        const name = el.dataset['testid'] ?? `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 20)}`;
        const before = target.getBoundingClientRect();
        if (before.width < minTarget || before.height < minTarget) smallTargets.push({ name, width: Math.round(before.width), height: Math.round(before.height) });
        if (sideways(before)) offSides.push(name);
        target.scrollIntoView({ block: 'center', inline: 'nearest' });
        const r = target.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const inside = r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
        if (!inside || !hit || !(hit === target || target.contains(hit))) unreachable.push(`${name} (${inside ? `under ${hit?.className || hit?.tagName}` : 'off the screen'})`);
      }
      // Back to the top, as the player left it.
      for (const root of roots) for (const e of [root, ...root.querySelectorAll('*')]) if (e.scrollTop) e.scrollTop = 0;
      return { smallText, smallTargets, offSides, unreachable, texts, targets: controls.length };
    },
    [roots, MIN_TEXT, FINGER] as const,
  );
}

/** Readable and tappable: no text under 12 CSS px, no control under 44, nothing off the sides, every control reachable, nothing overflowing. */
async function expectPhoneScreen(page: Page, roots: string[], where: string): Promise<void> {
  await frames(page);
  const seen = await phoneScreen(page, roots);
  console.log(`[phone-menu] ${where}: ${seen.texts} texts, ${seen.targets} controls`);
  expect(seen.texts, `${where}: texts found`).toBeGreaterThan(0);
  expect.soft(seen.smallText, `${where}: text under ${MIN_TEXT} CSS px`).toEqual([]);
  expect.soft(seen.smallTargets, `${where}: controls under ${FINGER} CSS px`).toEqual([]);
  expect.soft(seen.offSides, `${where}: off the window's sides`).toEqual([]);
  expect.soft(seen.unreachable, `${where}: controls not reachable by a finger`).toEqual([]);
  expect.soft(await findOverflows(page), `${where}: overflow`).toEqual({ html: [], canvas: [] });
  expect.soft(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), `${where}: sideways scroll`).toBeLessThanOrEqual(0);
}

const MENU = ['#ui > .layer.menu', '#ui > .lang-switch'];
const DIALOG = ['#ui > .layer.dialog'];

/** Turn the phone (the window's shape) and wait for the stage to follow. */
async function turn(page: Page, p: Phone, way: Way): Promise<void> {
  await page.setViewportSize(held(p, way));
  await gameFitted(page);
}

/** The game as before: held sideways, the composer docked along the right edge; upright, the rotate prompt. */
async function expectGameAsBefore(page: Page, way: Way, where: string): Promise<void> {
  await gameFitted(page);
  if (way === 'upright') {
    await page.getByTestId('rotate-prompt').waitFor({ state: 'visible' });
    return;
  }
  expect(await page.getByTestId('rotate-prompt').isVisible(), `${where}: no rotate prompt`).toBe(false);
  const docked = await page.getByTestId('composer').evaluate((el) => ({ right: Math.round(el.getBoundingClientRect().right), window: innerWidth, docked: document.getElementById('ui')!.classList.contains('docked') }));
  expect(docked, `${where}: the composer docked`).toEqual({ right: docked.window, window: docked.window, docked: true });
}

describe('the menu on a phone', () => {
  for (const p of PHONES) {
    it(`${p.name} (${p.width}×${p.height}), upright and sideways, en and zh-CN: the menu and the duel's settings readable (12 CSS px), every control a finger's size (44 CSS px) and reachable; upright the menu, not the rotate prompt`, async () => {
      const page = await phone(p, 'upright', 'en', 'Pho');
      for (const lang of ['en', 'zh-CN'] as const) {
        if (lang !== 'en') await tapLanguage(page, lang);
        for (const way of ['upright', 'sideways'] as const) {
          const tag = `${p.name}-${way}-${lang}`;
          await turn(page, p, way);
          await shot(page, `phone-menu-${tag}`);
          expect(await page.getByTestId('rotate-prompt').isVisible(), `${tag}: the rotate prompt over the menu`).toBe(false);
          expect(await page.getByTestId('small-screen').isVisible(), `${tag}: the too-small notice over the menu`).toBe(false);
          expect((await page.getByTestId('menu-start-practice').textContent())?.trim()).toBe(WORDS[lang]['menu.practice.start']);
          await expectPhoneScreen(page, MENU, `${tag} menu`);
          // The menu's end (the demo, Open a capture, the tutorial, the classroom), scrolled to.
          await page.locator('#ui > .layer.menu').evaluate((el) => el.scrollTo(0, el.scrollHeight));
          await shot(page, `phone-menu-end-${tag}`);
          expect.soft(await transparentPixels(page), `${tag}: holes in the page scrolled to its end (the canvas culled under an opaque scroller)`).toBe(0);
          await page.locator('#ui > .layer.menu').evaluate((el) => el.scrollTo(0, 0));
          await page.getByTestId('menu-duel-settings').tap();
          await page.getByTestId('duel-settings').waitFor();
          await shot(page, `phone-menu-settings-${tag}`);
          await expectPhoneScreen(page, DIALOG, `${tag} duel settings`);
          await page.getByTestId('duel-settings-preset-custom').tap();
          await page.getByTestId('duel-settings-realtime').tap();
          await page.getByTestId('duel-settings-realtime').tap();
          await page.getByTestId('duel-settings-done').tap();
          await page.getByTestId('duel-settings').waitFor({ state: 'detached' });
        }
      }
    }, 240_000);
  }

  it('upright, a practice round started by taps: the rotate prompt in the game, and turned sideways the composer docked, the level\'s goal in the dock at 12 CSS px or more', async () => {
    const p = PHONES[0]!;
    const page = await phone(p, 'upright', 'en');
    await page.getByTestId('menu-name').tap();
    await page.keyboard.type('Pho');
    // A code with no room: the menu says so, readably.
    await page.getByTestId('menu-join-code').tap();
    // The on-screen keyboard up (Android gives the page the half of the window above it): the field stays in view.
    await page.setViewportSize({ width: p.width, height: Math.round(p.height / 2) });
    await gameFitted(page);
    const field = await page.getByTestId('menu-join-code').boundingBox();
    expect(field !== null && field.y >= 0 && field.y + field.height <= p.height / 2 + 1, `the code field above the keyboard: ${JSON.stringify(field)}`).toBe(true);
    await shot(page, 'phone-menu-keyboard-upright-en');
    await turn(page, p, 'upright');
    await page.keyboard.type('ZZZZZ');
    await page.getByTestId('menu-join-duel').tap();
    await page.locator('.toast').first().waitFor();
    await shot(page, 'phone-menu-no-room-upright-en');
    await expectPhoneScreen(page, ['#ui > .toasts'], 'a refused join\'s notice');
    await page.getByTestId('menu-practice-scenario').selectOption('handshake');
    await page.getByTestId('menu-start-practice').tap();
    await waitForScene(page, 'Game');
    await expectGameAsBefore(page, 'upright', 'practice upright');
    await turn(page, p, 'sideways');
    await expectGameAsBefore(page, 'sideways', 'practice sideways');
    expect(await nextDecision(page, null, 120_000)).not.toBeNull();
    await frames(page);
    await shot(page, 'phone-menu-practice-goal-sideways-en');
    const dockGoal = page.getByTestId('composer').locator('.goal');
    expect(await dockGoal.count(), "the level's goal in the dock").toBe(1);
    await expectPhoneScreen(page, ['#ui .composer .dock-feedback'], 'practice: the goal in the dock');
  }, 180_000);

  it('sideways (Android, zh-CN), a bot practice, a timed challenge and the tutorial started by taps, each arriving in the game with the composer docked; the tutorial\'s card readable', async () => {
    const p = PHONES[1]!;
    const page = await phone(p, 'sideways', 'zh-CN', 'Pho');
    await page.getByTestId('menu-practice-scenario').selectOption('active-close-server');
    await page.getByTestId('menu-practice-role').selectOption('server');
    await page.getByTestId('menu-practice-bot').selectOption('forgetful');
    await page.getByTestId('menu-start-practice').tap();
    await waitForScene(page, 'Game');
    await expectGameAsBefore(page, 'sideways', 'bot practice');
    expect((await page.evaluate(() => window.__tcpDojo?.session()?.side)) ?? null).toBe('server');
    await page.getByTestId('game-menu').tap();
    await page.getByTestId('confirm-leave-go').tap();
    await waitForScene(page, 'Menu');

    await page.getByTestId('menu-challenge-scenario').selectOption('handshake');
    await page.getByTestId('menu-start-challenge').tap();
    await waitForScene(page, 'Game');
    await expectGameAsBefore(page, 'sideways', 'challenge');
    await page.getByTestId('game-challenge-clock').waitFor();
    await page.getByTestId('game-menu').tap();
    await page.getByTestId('confirm-leave-go').tap();
    await waitForScene(page, 'Menu');

    await page.getByTestId('menu-start-tutorial').tap();
    await waitForScene(page, 'Game');
    await expectGameAsBefore(page, 'sideways', 'tutorial');
    await page.getByTestId('tutorial-card').waitFor();
    await shot(page, 'phone-menu-tutorial-sideways-zh-CN');
    await expectPhoneScreen(page, ['#ui .tutorial-card'], 'the tutorial\'s first card');
    // Every card: the wire, the graphs, the composer (it waits for the first move, made in the dock), the feedback, the end.
    for (const step of ['wire', 'graphs', 'composer'] as const) {
      await page.getByTestId('tutorial-next').tap();
      await page.locator(`[data-testid=tutorial-card][data-step=${step}]`).waitFor();
      await expectPhoneScreen(page, ['#ui .tutorial-card'], `the tutorial's ${step} card`);
    }
    const decision = await nextDecision(page, null, 120_000);
    const s = await sessionOf(page);
    await tapMove(page, correctAnswer(s!.roomId, s!.side as Side, decision!)!);
    await page.locator('[data-testid=tutorial-card][data-step=feedback]').waitFor();
    await shot(page, 'phone-menu-tutorial-feedback-sideways-zh-CN');
    await expectPhoneScreen(page, ['#ui .tutorial-card'], "the tutorial's feedback card");
    await page.getByTestId('tutorial-next').tap();
    await page.locator('[data-testid=tutorial-card][data-step=done]').waitFor();
    await expectPhoneScreen(page, ['#ui .tutorial-card'], "the tutorial's last card");
    await page.getByTestId('tutorial-finish').tap();
    await page.getByTestId('tutorial-card').waitFor({ state: 'detached' });
  }, 240_000);

  it('a duel by taps: one phone (Android, sideways, zh-CN) creates the room and reads its code, the other (iPhone, upright, en) types it and joins, turns sideways; both read the round\'s card and tap Let\'s play', async () => {
    const alice = await phone(PHONES[1]!, 'sideways', 'zh-CN', 'Alice');
    await alice.getByTestId('menu-create-duel').tap();
    await waitForScene(alice, 'Game');
    const code = ((await alice.getByTestId('room-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z0-9]{5}$/);
    await shot(alice, 'phone-menu-duel-waiting-sideways-zh-CN');
    await expectPhoneScreen(alice, ['#ui .waiting'], 'the waiting room');

    const bob = await phone(PHONES[0]!, 'upright', 'en', 'Bob');
    await bob.getByTestId('menu-join-code').tap();
    await bob.keyboard.type(code.toLowerCase());
    await bob.getByTestId('menu-join-duel').tap();
    await waitForScene(bob, 'Game');
    await expectGameAsBefore(bob, 'upright', 'joined upright');
    await turn(bob, PHONES[0]!, 'sideways');
    for (const [page, lang] of [[alice, 'zh-CN'], [bob, 'en']] as const) {
      await page.getByTestId('round-intro').waitFor({ state: 'visible' });
      await expectGameAsBefore(page, 'sideways', `duel ${lang}`);
      expect(await page.getByTestId('round-intro-ok').textContent()).toBe(WORDS[lang]['intro.ok']);
      await shot(page, `phone-menu-duel-intro-sideways-${lang}`);
      await expectPhoneScreen(page, ['#ui .round-intro'], `the round's card (${lang})`);
      await page.getByTestId('round-intro-ok').tap();
      await page.getByTestId('round-intro').waitFor({ state: 'hidden' });
    }
  }, 240_000);
});
