/**
 * A phone, as a student holds one (touch, a mobile viewport, 2-3 device pixels per CSS px): held
 * sideways at 844×390 (iPhone 14), 740×360 (Android) and 667×375 (iPhone SE), and upright at
 * 390×844. The game is one 1600×900 stage shrunk to the window: on a phone sideways (×0.40-0.43)
 * most of its text is 4-9 CSS px and its touch targets 22-23 px, too small to read or tap, so a phone is not a
 * screen the game promises (README) and the page says so: readably, in the page's language, with
 * the size its text would have there, over the stage. A larger window (960×540, a 1024×768 tablet)
 * has no notice. "Continue anyway" goes on, and a practice round (the handshake's client at
 * 844×390 in English, the active close's server at 740×360 in Chinese) is still played to its end and to Results by taps alone, with nothing
 * cut off, overflowing or off the screen, and the number field stays on screen when the on-screen
 * keyboard takes half of the window. A class's join page says it before a student joins, and the
 * student's game frame says it too. Every wait is on the page's state.
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/phone-*.png.
 */
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { texts } from '../../client/classroom/text.ts';
import { findOverflows, frameAsPage, frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { shot, toResults } from './play.ts';
import { tapRound, textSizes } from './phoneProbe.ts';
import { auditTouch, gameFitted } from './touchAudit.ts';

const env = gameServerAndBrowser();

type Lang = 'en' | 'zh-CN';
const WORDS = { en, 'zh-CN': zhCN } as const;

interface Phone {
  name: string;
  width: number;
  height: number;
  dpr: number;
}
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
  it('says, readably and in the page’s language, that the screen is too small for the game, upright or sideways; a tablet-sized window does not; Continue anyway holds for the tab', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const page = await phone(SIDEWAYS[0]!, lang);
      for (const p of [...SIDEWAYS, UPRIGHT]) {
        await page.setViewportSize({ width: p.width, height: p.height });
        await gameFitted(page);
        await expectNotice(page, lang, p.width, p.height, `${p.name} ${p.width}x${p.height} ${lang}`);
        await shot(page, `phone-notice-${p.name}-${p.width}x${p.height}-${lang}`);
        if (p !== UPRIGHT) {
          // What the notice says is so: under it the game's text is below 11 CSS px.
          expect((await textSizes(page, 11)).smallest, `${p.name}: the game's smallest text`).toBeLessThan(11);
        }
      }
      for (const viewport of [{ width: 960, height: 540 }, { width: 1024, height: 768 }]) {
        await page.setViewportSize(viewport);
        await page.getByTestId('small-screen').waitFor({ state: 'hidden' });
        const text = await textSizes(page, 11);
        console.log(`[phone] the menu at ${viewport.width}x${viewport.height}: smallest text ${text.smallest} CSS px, ${text.under.length} texts under 11`);
      }
      // A tablet typing, in a browser whose keyboard shrinks the page to half its height: no notice.
      await page.getByTestId('menu-name').tap();
      await page.setViewportSize({ width: 1024, height: 384 });
      await gameFitted(page);
      expect(await page.getByTestId('small-screen').isVisible(), 'the notice while the keyboard is up').toBe(false);
      await page.getByTestId('menu-name').blur();
      await page.getByTestId('small-screen').waitFor({ state: 'visible' });
      await page.setViewportSize({ width: 844, height: 390 });
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
    it(`held sideways at ${p.width}×${p.height} (${lang}), Continue anyway plays ${scenario} as the ${role} to Results by taps, nothing cut off or off screen, the number field above the keyboard`, async () => {
      const tag = `${p.name}-${p.width}x${p.height}-${lang}`;
      const page = await phone(p, lang);
      await page.getByTestId('small-screen-continue').tap();
      await page.getByTestId('small-screen').waitFor({ state: 'detached' });
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

  it('a student joining a class by code: the join page says a phone is too small, readably; the game in its frame says it too, and is played by taps', async () => {
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
    const [fw, fh] = await frame.evaluate(() => [innerWidth, innerHeight]);
    await expectNotice(frame, lang, fw!, fh!, 'the class game frame');
    await shot(student, `phone-class-game-notice-${lang}`);
    await frame.getByTestId('small-screen-continue').tap();
    await frame.getByTestId('small-screen').waitFor({ state: 'detached' });
    const game = frameAsPage(student, frame);
    const moves = await tapRound(game, async (_d, n) => {
      if (n === 0) await shot(student, `phone-class-game-${lang}`);
      expect(await frame.evaluate(() => window.__tcpDojo?.overflows()), 'the class game: overflow').toEqual({ html: [], canvas: [] });
    });
    expect(moves).toBeGreaterThan(0);
  }, 240_000);
});
