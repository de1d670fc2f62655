/**
 * The tutorial's lit box must go around the panel its card talks about, as the panel really is on
 * this device (the touch layout's composer is taller than the desktop one).
 */
import type { Page } from 'playwright-core';

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Waits (the box moves with a short CSS transition) until the lit box contains the element with
 * `testid` and is at most `margin` CSS px bigger on each side: it follows the panel, not a guess.
 */
export async function expectSpotAround(page: Page, testid: string, margin = 20): Promise<void> {
  const boxes = (): Promise<{ spot: Rect | null; target: Rect | null }> =>
    page.evaluate((id) => {
      const rect = (el: Element | null): Rect | null => {
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      return { spot: rect(document.querySelector('[data-testid=tutorial-spot]')), target: rect(document.querySelector(`[data-testid="${id}"]`)) };
    }, testid);
  try {
    await page.waitForFunction(
      ([id, m]) => {
        const spot = document.querySelector('[data-testid=tutorial-spot]')?.getBoundingClientRect();
        const target = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
        if (!spot || !target || target.width === 0) return false;
        const inside = spot.left <= target.left + 0.5 && spot.top <= target.top + 0.5 && spot.right >= target.right - 0.5 && spot.bottom >= target.bottom - 0.5;
        const snug = target.left - spot.left <= m && target.top - spot.top <= m && spot.right - target.right <= m && spot.bottom - target.bottom <= m;
        return inside && snug;
      },
      [testid, margin] as const,
      { timeout: 5_000 },
    );
  } catch {
    throw new Error(`the tutorial's lit box does not go around ${testid}: ${JSON.stringify(await boxes())}`);
  }
}
