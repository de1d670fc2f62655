/**
 * The wire with dozens of segments in flight (watch mode over the generated stress round, as the
 * frame-rate bench uses): every flight on the wire has exactly one card, cards are reused rather
 * than made anew as flights land, a card answers a click with the whole segment, and the faces
 * re-letter in Chinese without anything overflowing.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findOverflows, frames } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { shot } from './play.ts';

const env = gameServerAndBrowser();

interface WireCheck {
  cards: { flightId: string; x: number; y: number; summary: string }[];
  expected: string[];
  cardsMade: number;
  textures: number;
}

/** Hold the round at `ms` and read what the wire shows against what the round log says is in flight. */
async function wireAt(page: Page, ms: number): Promise<WireCheck> {
  return page.evaluate((at) => {
    window.__tcpDojo!.freezeAt(at);
    const scene = window.__tcpDojo!.game.scene.getScene('Game') as unknown as { wireCheck: () => WireCheck };
    return scene.wireCheck();
  }, ms);
}

const ids = (w: WireCheck): string[] => w.cards.map((c) => c.flightId).sort();

describe('the wire under load', () => {
  it('shows one card per flight in the air, reuses cards as flights land, and inspects a card on click', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en', path: '?stress=24', scene: 'Game' });

    const times = [1_000, 4_500, 8_000, 12_500, 17_000, 21_500, 26_000];
    const first: WireCheck[] = [];
    for (const at of times) {
      const w = await wireAt(page, at);
      expect(ids(w), `cards on the wire at ${at} ms`).toEqual([...w.expected].sort());
      first.push(w);
    }
    // Dozens on screen at once, as the bench stresses.
    expect(Math.min(...first.map((w) => w.cards.length))).toBeGreaterThanOrEqual(20);

    // A second pass over the same moments makes no new cards and no new textures: landed cards go
    // back to a pool and carry the next flights.
    const made = first[first.length - 1]!.cardsMade;
    const textures = first[first.length - 1]!.textures;
    for (const at of [...times].reverse()) {
      const w = await wireAt(page, at);
      expect(ids(w)).toEqual([...w.expected].sort());
      expect(w.cardsMade).toBe(made);
      expect(w.textures).toBe(textures);
    }
    // The pool never holds more cards than the busiest moment needed (plus the frames played before the first freeze).
    expect(made).toBeLessThanOrEqual(Math.max(...first.map((w) => w.cards.length)) + 12);

    // Click the card drawn on top: a toast spells out that segment. The click meets the cards as
    // last drawn, so the frozen moment is drawn first (the game draws 4 frames a second in tests).
    await wireAt(page, 12_500);
    await frames(page);
    const w = await wireAt(page, 12_500);
    const top = w.cards[w.cards.length - 1]!;
    const box = await page.locator('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    const scale = box.width / 1600;
    await page.mouse.click(box.x + top.x * scale, box.y + top.y * scale);
    await page.getByTestId('toast').filter({ hasText: top.summary }).waitFor();
    await shot(page, 'wire-1-stress-24-inspect');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    // In Chinese the tags on the cards re-letter; still one card per flight, nothing overflowing.
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const zh = await wireAt(page, 8_000);
    expect(ids(zh)).toEqual([...zh.expected].sort());
    await shot(page, 'wire-2-stress-24-zh-CN');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 120_000);
});
