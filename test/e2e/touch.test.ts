/**
 * A tablet (1024×768, touch, mobile viewport): the practice round starts from the menu by taps, and
 * the first move is composed by tapping a flag, a state and Send; the server's verdict comes back
 * in the feedback panel. Waits on the page's state, never on the clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, findOverflows, waitForScene } from './browser.ts';
import { startGameServer, type GameServer } from './gameServer.ts';
import { nextDecision, sessionOf, shot } from './play.ts';

let server: GameServer;
let browser: Browser;
let profile: string;

beforeAll(async () => {
  server = await startGameServer();
  // hasTouch / isMobile are per-context options, so this test opens its own context (same flags).
  profile = await mkdtemp(join(tmpdir(), 'tcp-dojo-touch-'));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/**
 * On screen (after the stage's scaling), the composer's main buttons are finger-sized (≥ 40 CSS px
 * tall; ~44 px is the usual guideline), its helpers ≥ 28 px, and every control lies inside the panel.
 */
async function expectTouchTargets(page: Page): Promise<void> {
  const m = await page.evaluate(() => {
    const box = (el: Element): { top: number; bottom: number; left: number; right: number; height: number } => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
    };
    const q = (sel: string): ReturnType<typeof box>[] => [...document.querySelectorAll(sel)].map(box);
    const panel = document.querySelector('[data-testid="composer"]');
    return {
      panel: panel ? box(panel) : null,
      main: q('[data-testid^="composer-flag-"], [data-testid^="composer-state-"], [data-testid="composer-send"], [data-testid="composer-wait"], [data-testid="composer-retransmit"]'),
      helpers: q('[data-testid="composer"] .helper'),
      controls: q('[data-testid="composer"] button, [data-testid="composer"] input'),
    };
  });
  expect(m.panel).not.toBeNull();
  expect(m.main.length).toBe(4 + 11 + 3);
  console.log(`[touch] composer ${Math.round(m.panel?.height ?? 0)} px tall; main buttons ≥ ${Math.min(...m.main.map((b) => b.height)).toFixed(1)} px, helpers ≥ ${Math.min(...m.helpers.map((b) => b.height)).toFixed(1)} px`);
  for (const b of m.main) expect(b.height).toBeGreaterThanOrEqual(40);
  for (const b of m.helpers) expect(b.height).toBeGreaterThanOrEqual(28);
  const p = m.panel!;
  for (const c of m.controls) {
    expect(c.top).toBeGreaterThanOrEqual(p.top);
    expect(c.bottom).toBeLessThanOrEqual(p.bottom);
    expect(c.left).toBeGreaterThanOrEqual(p.left);
    expect(c.right).toBeLessThanOrEqual(p.right);
  }
}

describe('touch on a tablet', () => {
  it('starts a practice round and sends the first move by tapping', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.addInitScript(() => localStorage.setItem('tcp-dojo.lang', 'en'));
    await page.goto(server.url);
    await waitForScene(page, 'Menu');
    await shot(page, 'touch-0-menu-1024x768');
    await page.getByTestId('menu-name').fill('Tab');
    await page.getByTestId('menu-practice-scenario').selectOption('handshake');
    await page.getByTestId('menu-practice-bot').selectOption('textbook');
    await page.getByTestId('menu-practice-mode').selectOption('coach');
    await page.getByTestId('menu-start-practice').tap();
    await waitForScene(page, 'Game');

    const decision = await nextDecision(page, null);
    expect(decision).not.toBeNull();
    expect((await sessionOf(page))?.side).toBe('client');
    await shot(page, 'touch-1-first-decision-1024x768');
    await expectTouchTargets(page);

    // The handshake's opening move, all by touch: SYN, seq = the ISN the prompt names ("my next seq"), SYN-SENT.
    await page.getByTestId('composer-flag-SYN').tap();
    expect(await page.getByTestId('composer-flag-SYN').getAttribute('class')).toMatch(/\bon\b/);
    await page.getByTestId('composer-seq-sndnxt').tap();
    expect(await page.getByTestId('composer-seq').inputValue()).toMatch(/^\d+$/);
    await page.getByTestId('composer-state-SYN-SENT').tap();
    expect(await page.getByTestId('composer-state-SYN-SENT').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('composer-send').tap();

    // The move reached the server: it judged it and the feedback panel shows the verdict.
    await page.getByTestId('feedback-verdict').waitFor();
    expect(await page.getByTestId('feedback-verdict').getAttribute('data-verdict')).toBe('correct');
    await shot(page, 'touch-2-verdict-1024x768');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    // Chinese labels are wider: the same targets, still inside the composer, nothing overflowing.
    await page.getByTestId('lang-zh-CN').tap();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' || document.querySelector('[data-testid="lang-zh-CN"]')?.getAttribute('aria-pressed') === 'true');
    await shot(page, 'touch-3-verdict-zh-CN-1024x768');
    await expectTouchTargets(page);
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await context.close();
  }, 120_000);
});
