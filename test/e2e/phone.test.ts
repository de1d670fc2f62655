/**
 * A phone, as a student holds one (touch, a mobile viewport, 2-3 device pixels per CSS px): held
 * sideways at 844×390 (iPhone 14), 740×360 (Android) and 667×375 (iPhone SE), and upright at
 * 390×844. The game is one 1600×900 stage shrunk to the window: on a phone sideways (×0.40-0.43)
 * its text is 4-9 CSS px and its touch targets 22-23 px. Sideways, a live round docks its composer
 * along the window's right edge at a finger's size (client/ui/overlay.ts), so a practice round (the
 * handshake's client at 844×390 in English, the active close's server at 740×360 in Chinese) is
 * played to its end and to Results by taps, with nothing cut off, overflowing or off the screen,
 * and the number field stays on screen when the on-screen keyboard takes half of the window. A
 * refused move in coach mode is explained in the dock too (the panel's words, 11 CSS px or more).
 * Upright, the game asks, readably and in its language, for the phone to be turned. A larger
 * window (960×540, a 1024×768 tablet) has neither; a window too small for the stage that is not a
 * phone (a tablet's keyboard up, then put away) says it is too small, and "Continue anyway" holds
 * for the tab. A class's join page says how a phone plays before a student joins, and the
 * student's game frame docks the composer too. Every wait is on the page's state.
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/phone-*.png.
 */
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { texts } from '../../client/classroom/text.ts';
import { findOverflows, frameAsPage, frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { nextDecision, sessionOf, shot, startCoachedPractice, toResults, verdictShown } from './play.ts';
import { tapMove, tapRound, textSizes, textsIn, type Phone } from './phoneProbe.ts';
import { correctAnswer } from './oracle.ts';
import { RULES, ruleText } from '../../shared/rules/catalogue.ts';
import { isRuleId } from '../../shared/rules/ids.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { auditTouch, gameFitted } from './touchAudit.ts';

const env = gameServerAndBrowser();

type Lang = 'en' | 'zh-CN';
const WORDS = { en, 'zh-CN': zhCN } as const;

const SIDEWAYS: readonly Phone[] = [
  { name: 'iphone14', width: 844, height: 390, dpr: 3 },
  { name: 'android', width: 740, height: 360, dpr: 2 },
  { name: 'iphoneSE', width: 667, height: 375, dpr: 2 },
];
const UPRIGHT: Phone = { name: 'upright', width: 390, height: 844, dpr: 3 };

/** The text size the notice names: the stage's 14 px body text at the window's scale. */
const bodyPx = (w: number, h: number): number => Math.max(1, Math.round(14 * Math.min(w / 1600, h / 900)));

const phone = (p: Phone, lang: Lang, path = '', scene: string | null = 'Menu'): Promise<Page> =>
  env.open({ viewport: { width: p.width, height: p.height }, deviceScaleFactor: p.dpr, touch: true, lang, path, scene });

/** The notice as the learner sees it: its words, its smallest font (CSS px), its button's box, whether all of it is on screen. */
async function noticeShown(page: Page | Frame): Promise<{ title: string; body: string; smallest: number; button: { width: number; height: number }; inside: boolean; overflows: boolean }> {
  const n = page.getByTestId('small-screen');
  await n.waitFor({ state: 'visible' });
  return n.evaluate((el) => {
    const parts = [...el.querySelectorAll<HTMLElement>('p, button')];
    const b = el.querySelector('button')!.getBoundingClientRect();
    return {
      title: el.querySelector('.small-screen-title')?.textContent ?? '',
      body: el.querySelector('.small-screen-body')?.textContent ?? '',
      smallest: Math.min(...parts.map((p) => parseFloat(getComputedStyle(p).fontSize))),
      button: { width: b.width, height: b.height },
      inside: parts.every((p) => {
        const r = p.getBoundingClientRect();
        return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
      }),
      overflows: parts.some((p) => p.scrollWidth > p.clientWidth + 1),
    };
  });
}

async function expectNotice(page: Page | Frame, lang: Lang, width: number, height: number, where: string): Promise<void> {
  const n = await noticeShown(page);
  expect(n.title, where).toBe(WORDS[lang]['smallScreen.title']);
  expect(n.body, where).toBe(WORDS[lang]['smallScreen.body'].replace('{{n}}', String(bodyPx(width, height))));
  expect(n.smallest, `${where}: the notice's smallest text (CSS px)`).toBeGreaterThanOrEqual(16);
  expect(n.button.height, `${where}: Continue anyway`).toBeGreaterThanOrEqual(44);
  expect(n.button.width, `${where}: Continue anyway`).toBeGreaterThanOrEqual(44);
  expect(n.inside, `${where}: all of the notice on screen`).toBe(true);
  expect(n.overflows, `${where}: the notice's text fits`).toBe(false);
}

/** The rotate prompt as the learner sees it: its words in the page's language, readable, all of it on the screen. */
async function expectRotatePrompt(page: Page | Frame, lang: Lang, where: string): Promise<void> {
  const prompt = page.getByTestId('rotate-prompt');
  await prompt.waitFor({ state: 'visible' });
  expect(await page.getByTestId('small-screen').isVisible(), `${where}: the too-small notice under it`).toBe(false);
  const seen = await prompt.evaluate((el) => {
    const parts = [...el.querySelectorAll<HTMLElement>('p')];
    return {
      words: parts.map((p) => p.textContent ?? ''),
      smallest: Math.min(...parts.map((p) => parseFloat(getComputedStyle(p).fontSize))),
      inside: parts.every((p) => {
        const r = p.getBoundingClientRect();
        return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
      }),
      overflows: parts.some((p) => p.scrollWidth > p.clientWidth + 1),
    };
  });
  const W = WORDS[lang];
  expect(seen.words, where).toEqual([W['rotate.title'], W['rotate.body'], W['rotate.hint']]);
  expect(seen.smallest, `${where}: the prompt's smallest text (CSS px)`).toBeGreaterThanOrEqual(16);
  expect(seen.inside, `${where}: all of the prompt on screen`).toBe(true);
  expect(seen.overflows, `${where}: the prompt's text fits`).toBe(false);
}

/**
 * Sideways, a live round: the composer docked along the window's right edge, all of its width on
 * the screen, the window's height, right of the stage (nothing of the game under it), and its
 * controls a finger's size (44 CSS px or more) where they are drawn.
 */
async function expectDocked(page: Page, where: string): Promise<void> {
  const dock = await page.getByTestId('composer').evaluate((el) => {
    const r = el.getBoundingClientRect();
    const app = document.getElementById('app')!.getBoundingClientRect();
    const stageRight = app.left + (app.width * 1180) / 1600;
    const sizes = [...el.querySelectorAll<HTMLElement>('button, input')].filter((c) => c.getClientRects().length > 0).map((c) => c.getBoundingClientRect());
    return {
      box: { left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right), bottom: Math.round(r.bottom) },
      window: { width: innerWidth, height: innerHeight },
      clearOfStage: r.left >= stageRight - 1,
      smallest: Math.min(...sizes.map((b) => Math.min(b.width, b.height))),
    };
  });
  expect(dock.box, `${where}: the dock along the right edge, the window's height`).toEqual({ left: dock.box.left, top: 0, right: dock.window.width, bottom: dock.window.height });
  expect(dock.clearOfStage, `${where}: the dock right of the stage`).toBe(true);
  expect(dock.smallest, `${where}: the composer's smallest control (CSS px)`).toBeGreaterThanOrEqual(44);
}

/** Nothing cut off or overflowing, no control off the screen or over text. */
async function expectWhole(page: Page, where: string): Promise<void> {
  // Drawn, and the labels' fit pass (run in a frame after a view changes) done.
  await frames(page);
  expect(await findOverflows(page), `${where}: overflow`).toEqual({ html: [], canvas: [] });
  const audit = await auditTouch(page, 0);
  expect(audit.outside, `${where}: controls off the screen`).toEqual([]);
  expect(audit.covered, `${where}: controls over text`).toEqual([]);
  const text = await textSizes(page, 11);
  const least = (side: 'width' | 'height'): number => Math.min(...audit.targets.map((t) => t[side]));
  console.log(`[phone] ${where}: smallest text ${text.smallest} CSS px (${text.under.length} texts under 11), smallest target ${least('width').toFixed(1)}×${least('height').toFixed(1)} CSS px`);
}

describe('a phone', () => {
  it('upright, the game asks readably and in the page’s language for the phone to be turned (the menu does not); sideways, says nothing is too small; a tablet-sized window has neither; a window too small that is not a phone says so, and Continue anyway holds for the tab', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const page = await phone(SIDEWAYS[0]!, lang);
      for (const p of SIDEWAYS) {
        await page.setViewportSize({ width: p.width, height: p.height });
        await gameFitted(page);
        expect(await page.getByTestId('small-screen').isVisible(), `${p.name}: the too-small notice`).toBe(false);
        expect(await page.getByTestId('rotate-prompt').isVisible(), `${p.name}: the rotate prompt`).toBe(false);
      }
      await page.setViewportSize({ width: UPRIGHT.width, height: UPRIGHT.height });
      await gameFitted(page);
      // Upright the menu is a page of its own (phoneMenu.test.ts): the game is what asks to be turned.
      expect(await page.getByTestId('rotate-prompt').isVisible(), `upright ${lang}: the rotate prompt over the menu`).toBe(false);
      await page.getByTestId('menu-watch-demo').tap();
      await waitForScene(page, 'Game');
      await expectRotatePrompt(page, lang, `upright ${lang}`);
      await shot(page, `phone-rotate-${UPRIGHT.name}-${lang}`);
      for (const [i, viewport] of [{ width: 960, height: 540 }, { width: 1024, height: 768 }].entries()) {
        await page.setViewportSize(viewport);
        await page.getByTestId('rotate-prompt').waitFor({ state: 'hidden' });
        if (i === 0) {
          await page.getByTestId('game-menu').tap();
          await waitForScene(page, 'Menu');
        }
        expect(await page.getByTestId('small-screen').isVisible()).toBe(false);
        const text = await textSizes(page, 11);
        console.log(`[phone] the menu at ${viewport.width}x${viewport.height}: smallest text ${text.smallest} CSS px, ${text.under.length} texts under 11`);
      }
      // A tablet typing, in a browser whose keyboard shrinks the page to half its height: no notice.
      await page.getByTestId('menu-name').tap();
      await page.setViewportSize({ width: 1024, height: 384 });
      await gameFitted(page);
      expect(await page.getByTestId('small-screen').isVisible(), 'the notice while the keyboard is up').toBe(false);
      await page.getByTestId('menu-name').blur();
      // The keyboard put away with the window left that short: too small, and not a phone.
      await expectNotice(page, lang, 1024, 384, `1024x384 ${lang}`);
      await shot(page, `phone-notice-1024x384-${lang}`);
      await page.getByTestId('small-screen-continue').tap();
      await page.getByTestId('small-screen').waitFor({ state: 'detached' });
      await page.reload();
      await waitForScene(page, 'Menu');
      expect(await page.getByTestId('small-screen').count()).toBe(0);
    }
  }, 180_000);

  const rounds = [
    { p: SIDEWAYS[0]!, lang: 'en', scenario: 'handshake', role: 'client' },
    { p: SIDEWAYS[1]!, lang: 'zh-CN', scenario: 'active-close-server', role: 'server' },
  ] as const;
  for (const { p, lang, scenario, role } of rounds) {
    it(`held sideways at ${p.width}×${p.height} (${lang}), plays ${scenario} as the ${role} to Results by taps, the composer docked at a finger's size, nothing cut off or off screen, the number field above the keyboard`, async () => {
      const tag = `${p.name}-${p.width}x${p.height}-${lang}`;
      const page = await phone(p, lang);
      expect(await page.getByTestId('small-screen').isVisible()).toBe(false);
      await page.getByTestId('menu-name').tap();
      await page.keyboard.type('Pho');
      await expectWhole(page, `${tag} menu`);
      await shot(page, `phone-menu-${tag}`);
      await page.getByTestId('menu-practice-scenario').selectOption(scenario);
      await page.getByTestId('menu-practice-role').selectOption(role);
      await page.getByTestId('menu-start-practice').tap();
      await waitForScene(page, 'Game');
      expect((await page.evaluate(() => window.__tcpDojo?.session()?.side)) ?? null).toBe(role);

      const moves = await tapRound(page, async (_decision, n) => {
        await expectWhole(page, `${tag} decision ${n + 1}`);
        await expectDocked(page, `${tag} decision ${n + 1}`);
        if (n > 0) return;
        await shot(page, `phone-decision-${tag}`);
        // The on-screen keyboard: Android gives the page the half of the window above it, and the
        // stage refits to it; the seq field, focused, stays on the screen.
        const seq = page.getByTestId('composer-seq');
        await seq.tap();
        await page.setViewportSize({ width: p.width, height: Math.round(p.height / 2) });
        await gameFitted(page);
        const box = await seq.boundingBox();
        expect(box, 'the seq field').not.toBeNull();
        expect(box!.y >= 0 && box!.y + box!.height <= p.height / 2 && box!.x >= 0 && box!.x + box!.width <= p.width, `the seq field above the keyboard: ${JSON.stringify(box)}`).toBe(true);
        expect(await seq.evaluate((el) => el === document.activeElement)).toBe(true);
        await shot(page, `phone-keyboard-${tag}`);
        await page.setViewportSize({ width: p.width, height: p.height });
        await gameFitted(page);
      });
      expect(moves).toBeGreaterThan(0);
      await expectWhole(page, `${tag} round over`);
      await shot(page, `phone-over-${tag}`);
      await toResults(page, { tap: true });
      await expectWhole(page, `${tag} Results`);
      await shot(page, `phone-results-${tag}`);
    }, 240_000);
  }

  // Coach mode's lesson is a refused move's explanation (the wrong field, the rule and its RFC
  // section): on a phone the Feedback panel is drawn at ×0.4 (4-5 CSS px), so the docked composer
  // shows the latest verdict under its prompt, in the panel's own words, at the dock's scale.
  for (const { p, lang } of [{ p: SIDEWAYS[2]!, lang: 'en' }, { p: SIDEWAYS[1]!, lang: 'zh-CN' }] as const) {
    it(`held sideways at ${p.width}×${p.height} (${lang}), a refused move's explanation is readable in the dock: the verdict, the field, the rule and its section, all 11 CSS px or more`, async () => {
      const page = await phone(p, lang);
      await startCoachedPractice(page, 'Pho', { tap: true, role: 'client' });
      const decision = await nextDecision(page, null, 120_000);
      expect(decision).not.toBeNull();
      const s = await sessionOf(page);
      const right = correctAnswer(s!.roomId, s!.side as Side, decision!)!;
      // The client's SYN one past its initial sequence number: refused, try again.
      const [syn, ...rest] = right.segments;
      await tapMove(page, { ...right, segments: [{ ...syn!, seq: syn!.seq + 1 }, ...rest] });
      expect((await verdictShown(page, decision!)).verdict).toBe('refused');
      const rule = await page.getByTestId('feedback-panel').getByTestId('mistake').first().getAttribute('data-rule');
      expect(rule !== null && isRuleId(rule), `the rule behind the refusal: ${rule}`).toBe(true);
      const { title } = ruleText(rule as Parameters<typeof ruleText>[0], lang);
      const section = RULES[rule as keyof typeof RULES].section;
      await frames(page);
      expect(await page.getByTestId('composer').getByTestId('composer-feedback').count(), 'the latest verdict in the dock').toBe(1);
      const texts = await textsIn(page, 'composer-feedback');
      const words = texts.map((x) => x.text).join(' ');
      // The panel's own words: its verdict line and the rule behind it.
      expect(words).toContain((await page.getByTestId('feedback-verdict').textContent())!.trim());
      for (const part of [title, section, WORDS[lang]['field.seq']]) {
        const line = texts.find((x) => x.text.includes(part));
        expect(line, `${part} in the dock: ${words}`).toBeDefined();
        expect(line!.seen, `${part}: on the screen, not scrolled away or covered`).toBe(true);
        expect(line!.px, `${part}: CSS px`).toBeGreaterThanOrEqual(11);
      }
      const smallest = Math.min(...texts.map((x) => x.px));
      expect(smallest, `the explanation's smallest text (CSS px): ${JSON.stringify(texts.filter((x) => x.px < 11))}`).toBeGreaterThanOrEqual(11);
      await expectDocked(page, `${p.name} ${lang} refused`);
      await shot(page, `phone-refused-${p.name}-${lang}`);
    }, 180_000);
  }

  // A learner stuck at the first decision asks for the right move: the Feedback panel shows it,
  // drawn at ×0.4 on a phone, so the dock shows it too, above the level's goal. Once the round is
  // over, the dock's prompt ("nothing to decide") keeps the composer's size (the waiting room's
  // card rules, which share its class name, do not apply to it).
  it('held sideways (740×360, en), the right move asked for before any verdict is readable in the dock; after the round the dock\'s prompt stays inside it', async () => {
    const p = SIDEWAYS[1]!;
    const page = await phone(p, 'en');
    await startCoachedPractice(page, 'Pho', { tap: true, role: 'client' });
    const decision = await nextDecision(page, null, 120_000);
    expect(decision).not.toBeNull();
    await page.getByTestId('game-hint').tap();
    await page.getByTestId('feedback-panel').getByTestId('feedback-reveal').waitFor();
    const move = (await page.getByTestId('feedback-panel').getByTestId('reveal-move').first().textContent())!.trim();
    await frames(page);
    const texts = await textsIn(page, 'composer-feedback');
    const line = texts.find((x) => x.text.includes(move));
    expect(line, `the right move "${move}" in the dock: ${texts.map((x) => x.text).join(' | ')}`).toBeDefined();
    expect(line!.seen, 'the right move: on the screen, not scrolled away').toBe(true);
    expect(Math.min(...texts.map((x) => x.px)), 'the dock\'s copy, smallest text (CSS px)').toBeGreaterThanOrEqual(11);
    expect(texts.some((x) => x.text.includes(en['brief.goal'])), 'the goal still under it').toBe(true);
    await shot(page, 'phone-hint-dock-en');

    await page.getByTestId('game-resign').tap();
    const go = page.getByTestId('confirm-leave-go');
    if (await go.isVisible()) await go.tap();
    await page.getByTestId('composer').locator('.dock-results:not([hidden])').waitFor();
    await frames(page);
    const fit = await page.getByTestId('composer').evaluate((dock) => {
      const prompt = dock.querySelector<HTMLElement>('[data-testid=composer-prompt]')!;
      const d = dock.getBoundingClientRect();
      const r = prompt.getBoundingClientRect();
      const text = prompt.querySelector('p')!;
      return { inside: r.left >= d.left - 1 && r.right <= d.right + 1, fits: text.scrollWidth <= prompt.clientWidth + 1, px: parseFloat(getComputedStyle(text).fontSize) * (r.width / prompt.offsetWidth) };
    });
    expect(fit, 'the idle prompt inside the dock, its text at the composer\'s size').toEqual({ inside: true, fits: true, px: expect.any(Number) });
    expect(fit.px).toBeLessThan(20);
    await shot(page, 'phone-round-over-dock-en');
  }, 180_000);

  it('a student joining a class by code with the phone held sideways: the join page says, readably, how a phone plays; the game in its frame docks its composer and is played by taps', async () => {
    const lang = 'zh-CN';
    const res = await fetch(new URL('api/classes', env.server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Phones 101', settings: { scenarioId: 'handshake', mode: 'coach', rounds: 1, timed: false } }),
    });
    const opened = (await res.json()) as { classId: string; code: string; teacherToken: string };
    const p = SIDEWAYS[0]!;
    const student = await phone(p, lang, 'class.html', null);
    const note = student.getByTestId('join-small-screen');
    await note.waitFor({ state: 'visible' });
    expect(await note.textContent()).toBe(texts(lang).smallScreen);
    expect(await note.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(14);
    await student.getByTestId('join-code').tap();
    await student.keyboard.type(opened.code);
    await student.getByTestId('join-name').tap();
    await student.keyboard.type('小明');
    await shot(student, `phone-class-join-${lang}`);
    await student.getByTestId('join-submit').tap();
    await student.getByTestId('lobby').locator('li').first().waitFor();
    await shot(student, `phone-class-lobby-${lang}`);

    const teacher = await env.open({ viewport: { width: 1280, height: 800 }, lang, path: `class.html#class=${opened.classId}&token=${opened.teacherToken}`, scene: null });
    await teacher.getByTestId('start').click();
    const frame = (await (await student.waitForSelector('[data-testid=class-game]')).contentFrame())!;
    await waitForScene(frame, 'Game', 90_000);
    expect(await frame.getByTestId('small-screen').isVisible(), 'the too-small notice in the game frame').toBe(false);
    const game = frameAsPage(student, frame);
    const moves = await tapRound(game, async (_d, n) => {
      await expectDocked(game, `the class game, decision ${n + 1}`);
      if (n === 0) await shot(student, `phone-class-game-${lang}`);
      expect(await frame.evaluate(() => window.__tcpDojo?.overflows()), 'the class game: overflow').toEqual({ html: [], canvas: [] });
    });
    expect(moves).toBeGreaterThan(0);
  }, 240_000);
});
