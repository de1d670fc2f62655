/**
 * A touch audit of whatever a page shows: every interactive target (HTML controls and the canvas's
 * interactive objects) measured on screen, and every place where a control sits over text (HTML
 * text, or text drawn on the canvas under the HTML layer). Used by the touch e2e tests and the
 * classroom browser test. `auditTouch` only reads the page; the expect… helpers resize the window
 * and switch the language, waiting on the page's own state.
 */
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import { findOverflows, frames } from './browser.ts';
import { shot } from './play.ts';

export interface TargetBox {
  /** test id, else tag and a few words of its text */
  name: string;
  kind: 'html' | 'canvas';
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Covered {
  control: string;
  text: string;
  where: 'html' | 'canvas';
}

export interface TouchAudit {
  targets: TargetBox[];
  /** Targets under 40 CSS px in either direction. */
  small: TargetBox[];
  /** A control (or an opaque HTML surface such as a banner) drawn over text it does not own. */
  covered: Covered[];
  /** HTML controls whose visible part (after scrolling panels clip them) leaves the window. */
  outside: TargetBox[];
}

/** The usual finger guideline is ~44 px; 40 CSS px is what we require on screen. */
export const MIN_TARGET_PX = 40;

/**
 * Measure the page. Surfaces are HTML boxes that are not controls but hide what is under them
 * (connection banners); canvas text under one of them is reported like text under a control.
 * A tutorial card is a dialog over the game by design: pairs across the tutorial layer's edge are
 * not counted, but its own buttons must not cover its own text. A modal dialog over a dimmed screen
 * (client/ui/confirmLeave.ts, duelSettings.ts: `.confirm-dim`) is counted the same way. Toasts are passing notices over
 * everything and are left out.
 */
export async function auditTouch(page: Page | Frame, min = MIN_TARGET_PX): Promise<TouchAudit> {
  return page.evaluate((minPx) => {
    type R = { left: number; top: number; right: number; bottom: number };
    const CONTROLS = 'button, summary, input:not([type=hidden]), select, textarea, a[href], [role=button], [tabindex]:not([tabindex="-1"])';
    const SURFACES = '.net-banner, .topbar';
    const shown = (el: Element): boolean => {
      if (!(el instanceof HTMLElement) && !(el instanceof SVGElement)) return false;
      if (el.closest('[hidden]')) return false;
      if (el.getClientRects().length === 0) return false;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') return false;
      for (let e: Element | null = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) === 0) return false;
      return true;
    };
    /** The part of a box that ancestors with clipped overflow let through (null: none). */
    const clip = (el: Element, r: R): R | null => {
      // (a DOMRect's sides are getters: spreading one copies nothing)
      let out = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const c = e.getBoundingClientRect();
        out = { left: Math.max(out.left, c.left), top: Math.max(out.top, c.top), right: Math.min(out.right, c.right), bottom: Math.min(out.bottom, c.bottom) };
        // A scrolling panel's sticky footer (a phone's docked composer keeps Send / Wait in view)
        // hides what scrolls under it: only what is above the footer shows.
        for (const footer of e.children) {
          if (footer.contains(el)) continue;
          const f = getComputedStyle(footer);
          if (f.position === 'sticky' && f.bottom !== 'auto') out.bottom = Math.min(out.bottom, footer.getBoundingClientRect().top);
        }
        if (out.right - out.left < 1 || out.bottom - out.top < 1) return null;
      }
      return out;
    };
    const overlap = (a: R, b: R): number => {
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      return w > 2 && h > 2 ? w * h : 0;
    };
    const nameOf = (el: Element): string => {
      const id = (el as HTMLElement).dataset?.['testid'];
      if (id) return id;
      const words = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}${words ? ` "${words}"` : ''}`;
    };
    const inTutorial = (el: Element): boolean => !!el.closest('.layer.tutorial, .confirm-dim');
    // The class page's game overlay hides the page under it: only the overlay counts then.
    const root = document.querySelector('.class-game:not([hidden])') ?? document.body;

    // ---- targets ----
    const targets: { name: string; kind: 'html' | 'canvas'; left: number; top: number; width: number; height: number }[] = [];
    const outside: typeof targets = [];
    const controls: { el: Element; r: R; name: string }[] = [];
    for (const el of root.querySelectorAll(CONTROLS)) {
      if (!shown(el)) continue;
      // A checkbox or radio inside its label: the label is what a finger taps.
      const input = el as HTMLInputElement;
      const label = (input.type === 'checkbox' || input.type === 'radio') && el.closest('label');
      const target = label || el;
      const b = target.getBoundingClientRect();
      const name = nameOf(label ? el : target);
      targets.push({ name, kind: 'html', left: b.left, top: b.top, width: b.width, height: b.height });
      const visible = clip(target, b);
      if (visible) controls.push({ el: target, r: visible, name });
      if (visible && (visible.left < -0.5 || visible.top < -0.5 || visible.right > innerWidth + 0.5 || visible.bottom > innerHeight + 0.5)) {
        outside.push({ name, kind: 'html', left: visible.left, top: visible.top, width: visible.right - visible.left, height: visible.bottom - visible.top });
      }
    }
    const surfaces: { el: Element; r: R; name: string }[] = [];
    for (const el of root.querySelectorAll(SURFACES)) {
      const r = shown(el) && clip(el, el.getBoundingClientRect());
      if (r) surfaces.push({ el, r, name: nameOf(el) });
    }

    // ---- text: HTML text nodes ----
    const texts: { r: R; text: string; el: Element }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (!text || !el || !shown(el) || el.closest('.toasts, .sr-only, script, style, noscript, option, select')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        const r = clip(el, rect);
        if (r) texts.push({ r, text: text.slice(0, 40), el });
      }
    }
    const covered: { control: string; text: string; where: 'html' | 'canvas' }[] = [];
    for (const c of controls) {
      for (const t of texts) {
        if (c.el.contains(t.el) || t.el.contains(c.el)) continue;
        if (inTutorial(c.el) !== inTutorial(t.el)) continue;
        if (overlap(c.r, t.r) > 0) covered.push({ control: c.name, text: t.text, where: 'html' });
      }
    }

    // ---- the canvas: its interactive objects and its text, in screen pixels ----
    const hooks = (window as unknown as { __tcpDojo?: { game: { canvas: HTMLCanvasElement; scale: { gameSize: { width: number } }; scene: { getScenes: (active: boolean) => { scene: { key: string }; children: { list: unknown[] } }[] } } } }).__tcpDojo;
    if (hooks) {
      const canvas = hooks.game.canvas;
      const cr = canvas.getBoundingClientRect();
      const k = cr.width / hooks.game.scale.gameSize.width;
      type Obj = { type: string; visible?: boolean; alpha?: number; list?: Obj[]; text?: string; input?: { enabled: boolean } | null; getBounds?: () => { x: number; y: number; width: number; height: number }; active?: boolean };
      const canvasTexts: { r: R; text: string }[] = [];
      const toScreen = (b: { x: number; y: number; width: number; height: number }): R => ({ left: cr.left + b.x * k, top: cr.top + b.y * k, right: cr.left + (b.x + b.width) * k, bottom: cr.top + (b.y + b.height) * k });
      const visit = (list: Obj[], visible: boolean): void => {
        for (const o of list) {
          const on = visible && o.visible !== false && (o.alpha ?? 1) > 0.05 && o.active !== false;
          if (!on) continue;
          if (o.list) visit(o.list, on);
          if (o.input?.enabled && o.getBounds) {
            const b = toScreen(o.getBounds());
            targets.push({ name: `canvas ${o.type}`, kind: 'canvas', left: b.left, top: b.top, width: b.right - b.left, height: b.bottom - b.top });
          }
          if (o.type === 'Text' && o.text?.trim() && o.getBounds) {
            // Phaser's Text box has a little padding around the glyphs.
            const r = toScreen(o.getBounds());
            canvasTexts.push({ r: { left: r.left + 2, top: r.top + 2, right: r.right - 2, bottom: r.bottom - 2 }, text: o.text.slice(0, 40) });
          }
        }
      };
      // The Menu and Results scenes draw only a decorative backdrop under their cards.
      for (const scene of hooks.game.scene.getScenes(true)) if (scene.scene.key === 'Game') visit(scene.children.list as Obj[], true);
      for (const c of [...controls, ...surfaces]) {
        if (inTutorial(c.el)) continue;
        for (const t of canvasTexts) if (overlap(c.r, t.r) > 0) covered.push({ control: c.name, text: t.text, where: 'canvas' });
      }
    }
    const round = (n: number): number => Math.round(n * 10) / 10;
    const all = targets.map((t) => ({ ...t, left: round(t.left), top: round(t.top), width: round(t.width), height: round(t.height) }));
    return { targets: all, small: all.filter((t) => t.width < minPx || t.height < minPx), covered, outside };
  }, min);
}

/** The two touch screens every screen is checked on: a 4:3 tablet and a 16:9 one (landscape). */
export const TOUCH_VIEWPORTS: readonly { width: number; height: number }[] = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
];

const same = (a: { width: number; height: number } | null, b: { width: number; height: number }): boolean => !!a && a.width === b.width && a.height === b.height;


/** Wait until the game's stage and the HTML layer over it are fitted to the window (or frame) it is in. */
export async function gameFitted(page: Page | Frame): Promise<void> {
  await page.waitForFunction(() => {
    const canvas = document.querySelector('#app canvas');
    const ui = document.getElementById('ui');
    if (!canvas || !ui) return false;
    // The stage's box: the window, or on a phone held sideways in a live round the part left of the
    // docked composer (client/styles.css #ui.docked).
    const app = document.getElementById('app')!.getBoundingClientRect();
    const k = Math.min(app.width / 1600, app.height / 900);
    const c = canvas.getBoundingClientRect();
    const u = ui.getBoundingClientRect();
    return Math.abs(c.width - 1600 * k) < 1 && Math.abs(u.width - c.width) < 1 && Math.abs(u.left - c.left) < 1 && Math.abs(u.top - c.top) < 1;
  });
  await frames(page);
}

/** Resize the window and wait until the game is fitted to it. */
export async function resizeGame(page: Page, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(viewport);
  await gameFitted(page);
}

export async function tapLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId(`lang-${lang}`).tap();
  await page.waitForFunction((l) => window.__tcpDojo?.lang() === l, lang);
  await frames(page);
}

function expectAudit(audit: TouchAudit, where: string, allow: (c: Covered) => boolean): void {
  const least = (side: 'width' | 'height'): string => Math.min(...audit.targets.map((t) => t[side])).toFixed(1);
  console.log(`[touch] ${where}: ${audit.targets.length} targets${audit.targets.length ? `, smallest ${least('width')}×${least('height')} px` : ''}`);
  expect(audit.small, `${where}: targets under ${MIN_TARGET_PX} CSS px`).toEqual([]);
  expect(audit.covered.filter((c) => !allow(c)), `${where}: controls over text`).toEqual([]);
  expect(audit.outside, `${where}: controls out of the window`).toEqual([]);
}

/**
 * The screen as it is now, on both touch screens, one in each language (the page's language on the
 * screen it is on, the other language on the other screen: every screen is seen at both sizes and
 * in both languages without paying for all four; the page is left in the last): every target at
 * least 40 CSS px, no control over text (but what `allow` lets through), nothing off screen,
 * nothing overflowing; a screenshot of each, test-results/screenshots/touch-<where>-<size>-<lang>.png.
 */
export async function expectTouchFriendly(page: Page, where: string, allow: (c: Covered) => boolean = () => false): Promise<void> {
  const start = page.viewportSize();
  const viewports = [...TOUCH_VIEWPORTS.filter((v) => same(start, v)), ...TOUCH_VIEWPORTS.filter((v) => !same(start, v))];
  const first = await page.evaluate(() => window.__tcpDojo?.lang() ?? 'en');
  const langs = first === 'en' ? (['en', 'zh-CN'] as const) : (['zh-CN', 'en'] as const);
  for (const [i, viewport] of viewports.entries()) {
    const lang = langs[i % 2]!;
    if (!same(page.viewportSize(), viewport)) await resizeGame(page, viewport);
    if (lang !== (await page.evaluate(() => window.__tcpDojo?.lang() ?? 'en'))) await tapLanguage(page, lang);
    const size = `${viewport.width}x${viewport.height}`;
    await shot(page, `touch-${where}-${size}-${lang}`);
    expectAudit(await auditTouch(page), `${where} at ${size} in ${lang}`, allow);
    expect(await findOverflows(page), `${where} at ${size} in ${lang}: overflow`).toEqual({ html: [], canvas: [] });
  }
}

/**
 * A classroom page (plain HTML, not scaled; the language is the page's own, from the game's saved
 * choice) on both touch screens, and the game in its frame when one is open: every target at least
 * 40 CSS px, no control over text, nothing off its sides, no sideways scrolling, and in the game
 * nothing overflowing. Screenshots: test-results/screenshots/class-touch-<where>-<size>-<lang>.png.
 */
export async function expectClassPageTouchFriendly(page: Page, where: string, lang: string, game: Frame | null = null): Promise<void> {
  for (const viewport of TOUCH_VIEWPORTS) {
    const tag = `${where} at ${viewport.width}x${viewport.height} in ${lang}`;
    if (!same(page.viewportSize(), viewport)) await page.setViewportSize(viewport);
    await frames(page);
    if (game) await gameFitted(game);
    await shot(page, `class-touch-${where}-${viewport.width}x${viewport.height}-${lang}`);
    // A class page is a web page: it scrolls up and down (a class of thirty has a long pairs
    // table), so only a control off its sides is out of reach.
    const audit = await auditTouch(page);
    audit.outside = audit.outside.filter((o) => o.left < -0.5 || o.left + o.width > viewport.width + 0.5);
    expectAudit(audit, tag, () => false);
    const scroll = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, window: innerWidth }));
    expect(scroll.content, `${tag}: no sideways scrolling`).toBeLessThanOrEqual(scroll.window);
    if (game) {
      expectAudit(await auditTouch(game), `${tag}, the game in its frame`, () => false);
      expect(await game.evaluate(() => window.__tcpDojo?.overflows()), `${tag}, the game in its frame: overflow`).toEqual({ html: [], canvas: [] });
    }
  }
}
