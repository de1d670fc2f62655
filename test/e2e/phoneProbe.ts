/**
 * What a learner's phone shows: the text sizes as the device draws them (CSS px, after the stage's
 * scaling) and the moves composed by taps alone. Used by phone.test.ts.
 */
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import { frames } from './browser.ts';
import type { Move } from '../../shared/game/move.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, sessionOf } from './play.ts';

/** A phone as the tests emulate it (CSS px, device pixels per CSS px). */
export interface Phone {
  name: string;
  width: number;
  height: number;
  dpr: number;
}

export interface SmallText {
  text: string;
  /** CSS px on the device */
  px: number;
  where: 'html' | 'canvas';
  /** A canvas text's game-object name, if it has one (the flow graph's labels: 'flow-graph-label'). */
  name?: string;
}

/**
 * Every visible text on the page (HTML, and the Game scene's canvas text) with its font size as the
 * device draws it: the stage's font size times the stage's scale (the overlay and the canvas are the
 * 1600×900 stage shrunk to the window). Returns the smallest size and the texts under `floor`.
 */
export async function textSizes(page: Page | Frame, floor: number): Promise<{ smallest: number; under: SmallText[] }> {
  await withPhoneProbe(page);
  return page.evaluate(measureTextSizes, floor);
}

/** What the probes ask of any element in the page (installInPageProbe). */
export interface InPageProbe {
  /** Drawn: not hidden, not display none, not invisible, not transparent, here or above. */
  shown(el: Element): boolean;
  /** Its scale on screen: every transform's on the way up (the stage's, and on a phone the dock's or a page's: client/ui/overlay.ts), 1 outside the scaled stage. */
  scaleOf(el: Element): number;
}

/**
 * Run in the page (`page.evaluate(installInPageProbe)`, or withPhoneProbe): puts the probes' shared
 * helpers on `window.__phoneProbe`, once per document. A function given to evaluate runs in the page
 * and cannot call one of this module, so the probes read them there.
 */
export function installInPageProbe(): void {
  const w = window as unknown as { __phoneProbe?: InPageProbe };
  if (w.__phoneProbe) return;
  w.__phoneProbe = {
    shown: (el) => {
      if (el.closest('[hidden]') || el.getClientRects().length === 0) return false;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (Number(s.opacity) === 0 || s.visibility === 'hidden' || s.display === 'none') return false;
      }
      return true;
    },
    scaleOf: (el) => {
      let s = 1;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const tr = getComputedStyle(e).transform;
        if (tr && tr !== 'none') {
          const m = new DOMMatrix(tr);
          s *= Math.hypot(m.a, m.b);
        }
      }
      return s;
    },
  };
}

/** The probes' helpers in the page or frame, before an evaluate that reads them. */
export async function withPhoneProbe(page: Page | Frame): Promise<void> {
  await page.evaluate(installInPageProbe);
}

/**
 * `textSizes`, run in the page (for `page.evaluate`, after withPhoneProbe): a probe that reads the
 * text sizes of many states in one evaluate passes this function's source into the page with it.
 */
export function measureTextSizes(min: number): { smallest: number; under: SmallText[] } {
  const out: { text: string; px: number; where: 'html' | 'canvas'; name?: string }[] = [];
  const { shown, scaleOf } = (window as unknown as { __phoneProbe: InPageProbe }).__phoneProbe;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, noscript, option, select, .toasts') || !shown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width < 1 || r.right < 0 || r.bottom < 0 || r.left > innerWidth || r.top > innerHeight) continue;
    out.push({ text: text.slice(0, 40), px: parseFloat(getComputedStyle(el).fontSize) * scaleOf(el), where: 'html' });
  }
  for (const input of document.querySelectorAll<HTMLInputElement>('input[type=text], select')) {
    if (!shown(input)) continue;
    const label = input instanceof HTMLInputElement ? input.value || input.placeholder : (input as HTMLSelectElement).selectedOptions[0]?.text ?? '';
    if (label) out.push({ text: `[${input.dataset['testid'] ?? input.tagName}] ${label.slice(0, 30)}`, px: parseFloat(getComputedStyle(input).fontSize) * scaleOf(input), where: 'html' });
  }
  type Obj = { type: string; name?: string; visible?: boolean; alpha?: number; active?: boolean; list?: Obj[]; text?: string; style?: { fontSize: string | number }; scaleY?: number; parentContainer?: Obj | null };
  const hooks = (window as unknown as { __tcpDojo?: { game: { canvas: HTMLCanvasElement; scale: { gameSize: { width: number } }; scene: { getScenes: (a: boolean) => { scene: { key: string }; children: { list: Obj[] } }[] } } } }).__tcpDojo;
  if (hooks) {
    const k = hooks.game.canvas.getBoundingClientRect().width / hooks.game.scale.gameSize.width;
    const visit = (list: Obj[], scale: number): void => {
      for (const o of list) {
        if (o.visible === false || (o.alpha ?? 1) <= 0.05 || o.active === false) continue;
        const s = scale * (o.scaleY ?? 1);
        if (o.list) visit(o.list, s);
        if (o.type === 'Text' && o.text?.trim() && o.style) out.push({ text: o.text.slice(0, 40), px: parseFloat(String(o.style.fontSize)) * s * k, where: 'canvas', ...(o.name ? { name: o.name } : {}) });
      }
    };
    for (const scene of hooks.game.scene.getScenes(true)) if (scene.scene.key === 'Game') visit(scene.children.list, 1);
  }
  const round = (n: number): number => Math.round(n * 10) / 10;
  const all = out.map((o) => ({ ...o, px: round(o.px) }));
  return { smallest: all.length ? Math.min(...all.map((o) => o.px)) : Infinity, under: all.filter((o) => o.px < min) };
}

/**
 * Compose and send a move the way a phone's player does: tap the control bits, tap a number field
 * and type its value on the on-screen keyboard, tap the new state, tap Send (or Wait).
 */
export async function tapMove(page: Page, move: Move): Promise<void> {
  for (const [i, seg] of move.segments.entries()) {
    for (const bit of ['SYN', 'ACK', 'FIN', 'RST'] as const) if (seg.flags[bit]) await page.getByTestId(`composer-flag-${bit}`).tap();
    for (const [field, value] of [['composer-seq', seg.seq], ...(seg.flags.ACK ? [['composer-ack', seg.ack] as const] : [])] as const) {
      const input = page.getByTestId(field);
      await input.tap();
      await input.fill('');
      await page.keyboard.type(String(value));
    }
    if (seg.data) {
      await page.getByTestId('composer-payload').tap();
      await page.keyboard.type(seg.data);
    }
    if (i < move.segments.length - 1) await page.getByTestId('composer-add-segment').tap();
  }
  const state = page.getByTestId(`composer-state-${move.state}`);
  if ((await state.getAttribute('aria-checked')) !== 'true') await state.tap();
  await page.getByTestId(move.segments.length === 0 ? 'composer-wait' : 'composer-send').tap();
}

/**
 * Play the page's host to the end by taps, as a correct TCP would; `each` runs on every open
 * decision before the move is composed (checks, screenshots). Returns the moves sent.
 */
export async function tapRound(page: Page, each: (decision: number, n: number) => Promise<void> = async () => undefined): Promise<number> {
  let decision: number | null = null;
  let moves = 0;
  for (let guard = 0; guard < 40; guard++) {
    decision = await nextDecision(page, decision, 120_000);
    if (decision === null) return moves;
    const s = await sessionOf(page);
    const move = correctAnswer(s!.roomId, s!.side as Side, decision);
    if (!move) continue;
    await each(decision, moves);
    await tapMove(page, move);
    await answered(page, decision, 120_000);
    moves++;
  }
  throw new Error('the round did not end');
}

export interface PhonePageFit {
  /** How far the page is wider than the window (CSS px): a sideways scroll. 0 is none. */
  sidewaysScroll: number;
  /** The layout viewport's width: a phone's browser widens it past the device's width for a page wider than the device. */
  windowWidth: number;
  /** Controls shown under `minTarget` CSS px in either direction. */
  smallTargets: { name: string; width: number; height: number }[];
  /** Visible texts under `minText` CSS px. */
  smallText: { text: string; px: number }[];
}

/**
 * A plain page (the class pages) on a phone: does it scroll sideways, are its controls big enough
 * for a finger, its text big enough to read? Only what is shown counts (a hidden control, text
 * scrolled out of a panel). Read in the page, no waiting.
 */
export async function phonePageFit(page: Page | Frame, minTarget = 44, minText = 14): Promise<PhonePageFit> {
  await withPhoneProbe(page);
  return page.evaluate(
    ([minT, minX]) => {
      const { shown } = (window as unknown as { __phoneProbe: InPageProbe }).__phoneProbe;
      const smallTargets = [...document.querySelectorAll<HTMLElement>('button, input, select, summary, a[href]')]
        .filter(shown)
        .map((el) => {
          const r = el.getBoundingClientRect();
          return { name: el.dataset['testid'] ?? `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 20)}`, width: Math.round(r.width), height: Math.round(r.height) };
        })
        .filter((t) => t.width < minT || t.height < minT);
      const smallText: { text: string; px: number }[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = node.textContent?.trim() ?? '';
        if (!text || !el || el.closest('script, style, noscript, option, iframe') || !shown(el)) continue;
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (px < minX) smallText.push({ text: text.slice(0, 40), px });
      }
      return { sidewaysScroll: Math.max(0, document.documentElement.scrollWidth - innerWidth), windowWidth: innerWidth, smallTargets, smallText };
    },
    [minTarget, minText] as const,
  );
}

/** The element's box in the window it is in (a frame's own window for a frame), and whether all of it is inside that window. */
export async function boxInWindow(page: Page | Frame, testid: string): Promise<{ left: number; top: number; width: number; height: number; inside: boolean; onTop: boolean }> {
  return page.getByTestId(testid).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      left: Math.round(r.left),
      top: Math.round(r.top),
      width: Math.round(r.width),
      height: Math.round(r.height),
      inside: r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5,
      // What a finger on its middle touches: the control itself (or something inside it), not a panel over it.
      onTop: hit !== null && (hit === el || el.contains(hit)),
    };
  });
}

export interface ShownText {
  text: string;
  /** CSS px on the device: the font size times every scale on the way up (the stage's, the dock's). */
  px: number;
  /** All of it inside the window and inside the scrolling panel around it, and not under another element (a sticky row). */
  seen: boolean;
}

/**
 * Every text inside one element (by test id) as the device draws it: its size in CSS px, after
 * every transform above it, and whether the learner sees it (in the window, not scrolled out of
 * its panel, not covered). Read in the page, no waiting.
 */
export async function textsIn(page: Page | Frame, testid: string): Promise<ShownText[]> {
  await withPhoneProbe(page);
  return page.getByTestId(testid).evaluate((root) => {
    const { scaleOf } = (window as unknown as { __phoneProbe: InPageProbe }).__phoneProbe;
    const clip = (el: Element): DOMRect | null => {
      for (let e = el.parentElement; e; e = e.parentElement) if (/(auto|scroll|hidden)/.test(getComputedStyle(e).overflowY)) return e.getBoundingClientRect();
      return null;
    };
    const out: { text: string; px: number; seen: boolean }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (!text || !el) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      const c = clip(el);
      const inWindow = r.width > 0 && r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
      const inPanel = !c || (r.top >= c.top - 0.5 && r.bottom <= c.bottom + 0.5);
      const hit = document.elementFromPoint(r.left + Math.min(4, r.width / 2), r.top + r.height / 2);
      out.push({ text, px: Math.round(parseFloat(getComputedStyle(el).fontSize) * scaleOf(el) * 10) / 10, seen: inWindow && inPanel && hit !== null && root.contains(hit) });
    }
    return out;
  });
}

/**
 * Each control (by test id) as a learner's finger meets it: a finger's size (`finger` CSS px both
 * ways), in the window and on top of whatever is under it, and its words in view at `readable` CSS
 * px or more (a touch screen draws no key hint: its <kbd> is display: none, never seen). `scroll`:
 * scrolled to first, as a finger would; without it, it must be in view as the page stands.
 */
export async function expectAtHand(page: Page, testids: readonly string[], where: string, { finger, readable, scroll = false }: { finger: number; readable: number; scroll?: boolean }): Promise<void> {
  for (const id of testids) {
    if (scroll) await page.getByTestId(id).scrollIntoViewIfNeeded({ timeout: 5_000 });
    await frames(page);
    const box = await boxInWindow(page, id);
    expect({ width: box.width >= finger, height: box.height >= finger }, `${where}: ${id} (${box.width}×${box.height} CSS px) a finger's size`).toEqual({ width: true, height: true });
    expect({ inside: box.inside, onTop: box.onTop }, `${where}: ${id} in the window, not under anything${scroll ? '' : ', with no scrolling'}`).toEqual({ inside: true, onTop: true });
    const texts = (await textsIn(page, id)).filter((x) => x.seen);
    expect(texts.length, `${where}: ${id}'s words in view`).toBeGreaterThan(0);
    expect(texts.filter((x) => x.px < readable), `${where}: ${id}'s words under ${readable} CSS px`).toEqual([]);
  }
}
