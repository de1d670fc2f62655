/**
 * A keyboard user's view of a page: where the focus is (and whether it shows), Tab pressed until
 * a control is reached, and Tab pressed round a whole screen. Used by the accessibility checks of
 * every screen (accessibility.test.ts, and the screens' own files where they are already open).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export interface Stop {
  id: string;
  /** The element is focused, matches :focus-visible, and draws an outline (or a ring) for it. */
  ringed: boolean;
  /** Its box lies inside the window. */
  onScreen: boolean;
  /** The same number for the same element every time it is focused (the page's body: -1). */
  key: number;
}

/** The focused element, as a keyboard user sees it. */
export function focused(page: Page): Promise<Stop> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { id: 'body', ringed: false, onScreen: false, key: -1 };
    const w = window as unknown as { __tabKeys?: WeakMap<Element, number>; __tabNext?: number };
    w.__tabKeys ??= new WeakMap();
    if (!w.__tabKeys.has(el)) w.__tabKeys.set(el, (w.__tabNext = (w.__tabNext ?? 0) + 1));
    const key = w.__tabKeys.get(el)!;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      id: el.dataset['testid'] ?? `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`,
      ringed: el.matches(':focus-visible') && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'),
      onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
      key,
    };
  });
}

/**
 * Press Tab until the focused element matches `selector` (a CSS selector), recording every stop on
 * the way in `stops`. Fails if it is not reached within `max` presses: not reachable by keyboard.
 */
export async function tabTo(page: Page, selector: string, stops: Stop[], max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    stops.push(stop);
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`${selector} was not reached with Tab in ${max} presses (stops: ${stops.slice(-max).map((s) => s.id).join(', ')})`);
}

/** Stops that were focused without showing it, or off screen (the page itself excepted). */
export function expectEveryStopShown(stops: readonly Stop[], screen: string): void {
  const unringed = [...new Set(stops.filter((s) => s.id !== 'body' && !s.ringed).map((s) => s.id))];
  expect(unringed, `${screen}: focused with no visible focus ring`).toEqual([]);
  const offScreen = [...new Set(stops.filter((s) => s.id !== 'body' && !s.onScreen).map((s) => s.id))];
  expect(offScreen, `${screen}: focused off screen`).toEqual([]);
}

/**
 * Tab round the whole screen, from wherever the focus is, until it comes back to a control it
 * has been on: every control named in `reaches` (test ids) is among
 * the stops, and every stop shows its focus on screen. Returns the stops' ids in Tab order.
 */
export async function expectTabRound(page: Page, screen: string, reaches: readonly string[], max = 120): Promise<string[]> {
  const stops: Stop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    if (stops.some((s) => s.key === stop.key && s.key !== -1)) break;
    stops.push(stop);
  }
  const ids = stops.map((s) => s.id);
  expect(reaches.filter((id) => !ids.includes(id)), `${screen}: not reached with Tab (stops: ${ids.join(', ')})`).toEqual([]);
  expectEveryStopShown(stops, screen);
  return ids;
}
