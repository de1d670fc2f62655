/**
 * On a 1920×1080 projector: the stage fills the screen, the HTML layer sits exactly on the canvas,
 * nothing overflows in either language, and the smallest text is still readable from the back of
 * a classroom. A practice round is played through to Results in Chinese, then Results is read in
 * English.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findOverflows, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { answered, askHint, startCoachedPractice, nextDecision, playMove, shot } from './play.ts';

const env = gameServerAndBrowser();

interface Fit {
  canvas: { x: number; y: number; width: number; height: number };
  overlay: { x: number; y: number; width: number; height: number };
  /** The smallest rendered (on-screen) size of any visible text, HTML and canvas, in CSS pixels. */
  smallestHtml: { px: number; text: string };
  smallestCanvas: { px: number; text: string };
}

/** Read where the canvas and the HTML layer are, and the smallest text as it appears on screen. */
async function measureFit(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const box = (el: Element): Fit['canvas'] => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const canvas = document.querySelector('canvas')!;
    const ui = document.getElementById('ui')!;
    const k = canvas.getBoundingClientRect().width / 1600;
    let smallestHtml = { px: Infinity, text: '' };
    const walker = document.createTreeWalker(ui, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (!text || !el || el.offsetParent === null || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      const px = parseFloat(style.fontSize) * k;
      if (px < smallestHtml.px) smallestHtml = { px, text: text.slice(0, 40) };
    }
    let smallestCanvas = { px: Infinity, text: '' };
    for (const scene of window.__tcpDojo!.game.scene.getScenes(true)) {
      const visit = (list: Phaser.GameObjects.GameObject[], visible: boolean, scale: number): void => {
        for (const obj of list) {
          const o = obj as Phaser.GameObjects.GameObject & { visible?: boolean; alpha?: number; scaleY?: number; list?: Phaser.GameObjects.GameObject[]; text?: string; style?: { fontSize: string } };
          const shown = visible && o.visible !== false && (o.alpha ?? 1) > 0.05;
          const s = scale * (o.scaleY ?? 1);
          if (o.list) visit(o.list, shown, s);
          else if (shown && o.type === 'Text' && o.text?.trim()) {
            const px = parseFloat(o.style?.fontSize ?? '0') * s * k;
            if (px < smallestCanvas.px) smallestCanvas = { px, text: o.text.slice(0, 40) };
          }
        }
      };
      visit(scene.children.list, true, 1);
    }
    return { canvas: box(canvas), overlay: box(ui), smallestHtml, smallestCanvas };
  });
}

/** 12 stage px at the projector's 1.2× is 14.4 px on the wall; nothing smaller than 13 px. */
const MIN_PROJECTED_PX = 13;

async function expectProjectorFit(page: Page, where: string): Promise<void> {
  const fit = await measureFit(page);
  expect(fit.canvas, `${where}: the 16:9 stage fills the 1920×1080 screen`).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(Math.abs(fit.overlay[key] - fit.canvas[key]), `${where}: HTML layer on the canvas (${key})`).toBeLessThanOrEqual(1);
  }
  expect(fit.smallestHtml.px, `${where}: smallest HTML text "${fit.smallestHtml.text}"`).toBeGreaterThanOrEqual(MIN_PROJECTED_PX);
  if (Number.isFinite(fit.smallestCanvas.px)) {
    expect(fit.smallestCanvas.px, `${where}: smallest canvas text "${fit.smallestCanvas.text}"`).toBeGreaterThanOrEqual(MIN_PROJECTED_PX);
  }
  expect(await findOverflows(page), `${where}: overflow`).toEqual({ html: [], canvas: [] });
}

describe('on a 1080p projector', () => {
  it('plays a practice round in Chinese to Results, then reads Results in English', async () => {
    const page = await env.open({ viewport: { width: 1920, height: 1080 }, lang: 'zh-CN' });
    await shot(page, 'projector-1-menu-zh-CN');
    await expectProjectorFit(page, 'menu');

    await startCoachedPractice(page, '小林');

    let decision: number | null = null;
    for (let guard = 0, n = 0; guard < 30; guard++) {
      decision = await nextDecision(page, decision);
      if (decision === null) break;
      await playMove(page, await askHint(page, decision));
      await answered(page, decision);
      if (n++ === 0) {
        await page.getByTestId('feedback-verdict').waitFor();
        await shot(page, 'projector-2-game-zh-CN');
        await expectProjectorFit(page, 'game');
      }
    }
    await page.getByTestId('game-to-results').click();
    await waitForScene(page, 'Results');
    await page.getByTestId('results-decisions').waitFor();
    await shot(page, 'projector-3-results-zh-CN');
    await expectProjectorFit(page, 'results (zh-CN)');

    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await shot(page, 'projector-4-results-en');
    await expectProjectorFit(page, 'results (en)');
  }, 180_000);
});
