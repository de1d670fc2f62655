/**
 * A student who scans the class's QR code with a phone, in real headless Chromium with phone
 * emulation (touch, a mobile viewport, 3 device pixels per CSS px), in en and zh-CN:
 * - upright (390×844, 412×915, 360×740), the join form and the class page fit the phone's width (no sideways
 *   scroll), their text is readable and every control is a finger's size (44 CSS px); with the
 *   on-screen keyboard up (Android gives the page the part of the window above it) Join is still
 *   on the screen and is what a tap on it touches;
 * - the game, upright, asks the student to turn the phone sideways, in the page's language;
 * - held sideways (844×390) the game is played to its end by taps: the decision panel is on the
 *   screen, its controls a finger's size, and nothing of the game is off the screen;
 * - Results, then the class page again, upright.
 * Every wait is on the page's state. Screenshots (E2E_SHOTS=1): test-results/screenshots/phone-class-*.
 */
import type { Frame, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { frameAsPage, frames, waitForScene } from './browser.ts';
import { personPage } from './classPages.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { shot } from './play.ts';
import { boxInWindow, phonePageFit, tapRound } from './phoneProbe.ts';
import { gameFitted } from './touchAudit.ts';

// The game server (its clock runs: the round is played to its end), whose app serves the class pages too.
const env = gameServerAndBrowser();

async function openClass(name: string): Promise<{ classId: string; code: string; teacherToken: string }> {
  const res = await fetch(new URL('api/classes', env.server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, settings: { scenarioId: 'handshake', mode: 'coach', rounds: 1, timed: false } }),
  });
  return (await res.json()) as { classId: string; code: string; teacherToken: string };
}

const WORDS = { en, 'zh-CN': zhCN } as const;
const UPRIGHT = [
  { width: 390, height: 844 },
  { width: 412, height: 915 },
  { width: 360, height: 740 },
] as const;
const SIDEWAYS = { width: 844, height: 390 } as const;
const FINGER = 44;

/** The class page fits the phone: no sideways scroll, text of 14 CSS px or more, controls of 44 or more. */
async function expectFitsPhone(page: Page, where: string): Promise<void> {
  await frames(page);
  const fit = await phonePageFit(page, FINGER, 14);
  expect.soft(fit.sidewaysScroll, `${where}: sideways scroll (CSS px)`).toBe(0);
  expect.soft(fit.windowWidth, `${where}: the page as wide as the phone`).toBe(page.viewportSize()!.width);
  expect.soft(fit.smallTargets, `${where}: controls under ${FINGER} CSS px`).toEqual([]);
  expect.soft(fit.smallText, `${where}: text under 14 CSS px`).toEqual([]);
}

/** The game's decision panel, held sideways: on the screen, what a finger on it touches, its controls a finger's size. */
async function expectComposerPlayable(frame: Frame, where: string): Promise<void> {
  const panel = await boxInWindow(frame, 'composer');
  expect.soft(panel.inside, `${where}: the decision panel on the screen ${JSON.stringify(panel)}`).toBe(true);
  for (const id of ['composer-flag-SYN', 'composer-flag-ACK', 'composer-seq', 'composer-send']) {
    await frame.getByTestId(id).scrollIntoViewIfNeeded();
    const box = await boxInWindow(frame, id);
    expect.soft(box.inside && box.onTop, `${where}: ${id} on the screen and on top ${JSON.stringify(box)}`).toBe(true);
    expect.soft(Math.min(box.width, box.height), `${where}: ${id} size (CSS px) ${JSON.stringify(box)}`).toBeGreaterThanOrEqual(FINGER);
  }
}

/**
 * Results as drawn on the phone: the panel's box in the window, its smallest text as the device
 * draws it (its font size times the scale it is drawn at), and whether its content runs off sideways.
 */
async function readableResults(frame: Frame): Promise<{ window: { left: number; top: number; right: number; bottom: number }; size: { width: number; height: number }; smallest: number; smallestText: string; sidewaysScroll: number }> {
  return frame.getByTestId('results').evaluate((panel: HTMLElement) => {
    const r = panel.getBoundingClientRect();
    const scale = r.width / panel.offsetWidth;
    let smallest = Infinity;
    let smallestText = '';
    const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent?.trim() || !el || el.getClientRects().length === 0 || el.closest('[hidden], .sr-only')) continue;
      const px = parseFloat(getComputedStyle(el).fontSize) * scale;
      if (px < smallest) [smallest, smallestText] = [px, node.textContent.trim().slice(0, 30)];
    }
    return {
      window: { left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right), bottom: Math.round(r.bottom) },
      size: { width: innerWidth, height: innerHeight },
      smallest: Math.round(smallest * 10) / 10,
      smallestText,
      sidewaysScroll: Math.max(0, panel.scrollWidth - panel.clientWidth),
    };
  });
}

it.each(['en', 'zh-CN'] as const)('in %s, a student on a phone joins by the QR code upright, is asked to turn the phone for the game, plays it sideways by taps, and reads Results and the class page', async (lang) => {
  const W = WORDS[lang];
  const opened = await openClass(`Phones ${lang}`);
  const base = env.server.url.replace(/\/$/, '');
  const teacher = await personPage(env, lang);
  await teacher.goto(`${base}/class.html#class=${opened.classId}&token=${opened.teacherToken}`);
  await teacher.getByTestId('big-code').waitFor();

  // The QR code's address: the class page with the code filled in.
  const [first] = UPRIGHT;
  const student = await personPage(env, lang, first, { touch: true, deviceScaleFactor: 3 });
  await student.goto(`${base}/class.html?code=${opened.code}`);
  await student.getByTestId('join-submit').waitFor();
  for (const size of UPRIGHT) {
    await student.setViewportSize(size);
    await expectFitsPhone(student, `join form ${size.width}x${size.height}`);
    await shot(student, `phone-class-join-${size.width}x${size.height}-${lang}`);
  }

  // The name typed with the on-screen keyboard up: the page is the part of the window above it.
  await student.setViewportSize(first);
  await student.getByTestId('join-name').tap();
  await student.keyboard.type(lang === 'en' ? 'Ada' : '王小明');
  await student.setViewportSize({ width: first.width, height: Math.round(first.height / 2) });
  await frames(student);
  const join = await boxInWindow(student, 'join-submit');
  expect.soft(join.inside && join.onTop, `Join above the keyboard ${JSON.stringify(join)}`).toBe(true);
  await shot(student, `phone-class-join-keyboard-${lang}`);
  await student.getByTestId('join-submit').tap();
  await student.getByTestId('lobby').locator('li.me').waitFor();
  await student.setViewportSize(first);
  for (const size of UPRIGHT) {
    await student.setViewportSize(size);
    await expectFitsPhone(student, `lobby ${size.width}x${size.height}`);
    await shot(student, `phone-class-lobby-${size.width}x${size.height}-${lang}`);
  }
  await student.setViewportSize(first);

  await teacher.getByTestId('start').click();
  const frame = (await (await student.waitForSelector('[data-testid=class-game]')).contentFrame())!;
  await waitForScene(frame, 'Game', 90_000);
  await frame.waitForFunction(() => window.__tcpDojo?.session()?.phase === 'playing');

  // Upright: turn the phone sideways, in the page's language, all of it on the screen.
  const rotate = frame.getByTestId('rotate-prompt');
  expect.soft(await rotate.isVisible(), 'the rotate prompt upright').toBe(true);
  if (await rotate.isVisible()) {
    expect.soft(await frame.getByTestId('rotate-title').textContent()).toBe(W['rotate.title' as keyof typeof W]);
    const box = await boxInWindow(frame, 'rotate-title');
    expect.soft(box.inside, 'the rotate prompt on the screen').toBe(true);
  }
  await shot(student, `phone-class-game-upright-${lang}`);

  // Sideways: the game, its decision panel on the screen and a finger's size.
  await student.setViewportSize(SIDEWAYS);
  await gameFitted(frame);
  expect.soft(await rotate.isVisible(), 'the rotate prompt sideways').toBe(false);
  const notice = frame.getByTestId('small-screen-continue');
  if (await notice.isVisible()) await notice.tap();
  expect.soft(await frame.evaluate(() => window.__tcpDojo?.overflows()), 'the game: overflow').toEqual({ html: [], canvas: [] });
  const game = frameAsPage(student, frame);
  const moves = await tapRound(game, async (_d, n) => {
    await expectComposerPlayable(frame, `sideways, decision ${n + 1}`);
    if (n === 0) await shot(student, `phone-class-game-sideways-${lang}`);
  });
  expect(moves).toBeGreaterThan(0);
  await student.getByTestId('back-to-class').waitFor();
  await shot(student, `phone-class-game-over-sideways-${lang}`);
  // The round over, Results are offered where the finger is: at the top of the docked composer,
  // at a finger's size (the top bar's own button is drawn at the stage's ×0.4 there).
  const toResults = frame.getByTestId('composer-results');
  await toResults.waitFor();
  const resultsButton = await boxInWindow(frame, 'composer-results');
  expect.soft(resultsButton.inside && resultsButton.onTop && resultsButton.height >= FINGER, `the round over: Results in the dock ${JSON.stringify(resultsButton)}`).toBe(true);
  await toResults.tap();
  await waitForScene(frame, 'Results');
  await frame.getByTestId('results-decisions').waitFor();
  await frames(frame);
  const results = await readableResults(frame);
  expect.soft(results.window, 'Results: the whole window').toEqual({ left: 0, top: 0, right: results.size.width, bottom: results.size.height });
  expect.soft(results.smallest, `Results: the smallest text (CSS px): ${results.smallestText}`).toBeGreaterThanOrEqual(11);
  expect.soft(results.sidewaysScroll, 'Results: sideways scroll').toBe(0);
  await shot(student, `phone-class-results-top-sideways-${lang}`);
  // The last of it (its buttons) is reached by scrolling the panel.
  await frame.getByTestId('results-replay').scrollIntoViewIfNeeded();
  const replay = await boxInWindow(frame, 'results-replay');
  expect.soft(replay.inside && replay.onTop && replay.height >= FINGER, `Results: the replay button ${JSON.stringify(replay)}`).toBe(true);
  await shot(student, `phone-class-results-sideways-${lang}`);
  await student.setViewportSize(first);
  await gameFitted(frame);
  await frame.getByTestId('rotate-prompt').waitFor({ state: 'visible' });
  await shot(student, `phone-class-results-upright-${lang}`);

  await student.getByTestId('back-to-class').tap();
  await student.getByTestId('class-game-overlay').waitFor({ state: 'hidden' });
  await expectFitsPhone(student, 'the class page after the round');
  await shot(student, `phone-class-after-${lang}`);
}, 300_000);
