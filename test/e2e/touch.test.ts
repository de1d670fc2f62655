/**
 * Touch screens (touch, mobile viewport, pointer: coarse). A 1024×768 tablet: the practice round
 * starts from the menu by taps, and the first move is composed by tapping a flag, a helper, a state
 * and Send; the server's verdict comes back in the feedback panel. Every composer target is finger-
 * sized there and on a 1280×720 touch screen, in both languages, and the tutorial lights the
 * composer and feedback panels as the touch layout really draws them. Waits on the page's state,
 * never on the clock. Every other screen's targets: touchEveryScreen.test.ts; a phone: phone.test.ts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findOverflows, frames, waitForScene, type Viewport } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { nextDecision, sessionOf, shot, startCoachedPractice } from './play.ts';
import { tapLanguage } from './touchAudit.ts';
import { expectSpotAround } from './tutorialSpot.ts';

const env = gameServerAndBrowser();

interface TouchBox {
  testid: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}

/**
 * On screen (after the stage's scaling), every target a finger may need in the composer (flags,
 * seq / ack / payload fields, their helpers, Add segment, the states, Send / Wait / Retransmit) and
 * in the feedback panel is at least 40 CSS px tall and wide (~44 px is the usual guideline), and
 * every composer control lies inside the panel.
 */
async function expectTouchTargets(page: Page, { atConnect = false } = {}): Promise<void> {
  const m = await page.evaluate(() => {
    const box = (el: Element): TouchBox => {
      const r = el.getBoundingClientRect();
      return { testid: (el as HTMLElement).dataset['testid'] ?? el.tagName, top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
    };
    const TARGETS = 'button, input, select, textarea, a[href], [tabindex]';
    const q = (sel: string): TouchBox[] => [...document.querySelectorAll<HTMLElement>(sel)].filter((el) => el.offsetParent !== null).map(box);
    const panel = document.querySelector('[data-testid="composer"]');
    return {
      panel: panel ? box(panel) : null,
      main: q('[data-testid^="composer-flag-"], [data-testid^="composer-state-"], [data-testid="composer-send"], [data-testid="composer-wait"], [data-testid="composer-retransmit"]'),
      helpers: q('[data-testid="composer"] .helper'),
      controls: q(`[data-testid="composer"] :is(${TARGETS})`),
      feedback: q(`[data-testid="feedback-panel"] :is(${TARGETS})`),
    };
  });
  expect(m.panel).not.toBeNull();
  expect(m.main.length).toBe(4 + 11 + 3);
  // connect(): the only TCB variable yet is the ISS its TCP picked; no segment arrived, no bytes queued.
  // (After a verdict the next decision may already be open, with more helpers.)
  if (atConnect) expect(m.helpers.map((b) => b.testid).sort()).toEqual(['composer-add-segment', 'composer-seq-helper']);
  const least = (boxes: TouchBox[], side: 'width' | 'height'): string => Math.min(...boxes.map((b) => b[side])).toFixed(1);
  console.log(`[touch] composer ${Math.round(m.panel?.height ?? 0)} px tall; main buttons ≥ ${least(m.main, 'height')} px, helpers ≥ ${least(m.helpers, 'height')} px, all controls ≥ ${least(m.controls, 'width')}×${least(m.controls, 'height')} px; feedback controls: ${m.feedback.length}`);
  for (const b of [...m.controls, ...m.feedback]) {
    expect(b.height, `${b.testid} height`).toBeGreaterThanOrEqual(40);
    expect(b.width, `${b.testid} width`).toBeGreaterThanOrEqual(40);
  }
  const p = m.panel!;
  for (const c of m.controls) {
    expect(c.top, `${c.testid} top`).toBeGreaterThanOrEqual(p.top);
    expect(c.bottom, `${c.testid} bottom`).toBeLessThanOrEqual(p.bottom);
    expect(c.left, `${c.testid} left`).toBeGreaterThanOrEqual(p.left);
    expect(c.right, `${c.testid} right`).toBeLessThanOrEqual(p.right);
  }
}

/** A tablet on the menu, in English; `firstTime`: the tutorial not seen yet. */
const tablet = (viewport: Viewport, { firstTime = false } = {}): Promise<Page> => env.open({ viewport, touch: true, lang: 'en', tutorialSeen: !firstTime });

const startPracticeByTaps = (page: Page): Promise<void> => startCoachedPractice(page, 'Tab', { tap: true });

describe('touch on a tablet', () => {
  it('starts a practice round and sends the first move by tapping', async () => {
    const page = await tablet({ width: 1024, height: 768 });
    await shot(page, 'touch-0-menu-1024x768');
    await startPracticeByTaps(page);

    const decision = await nextDecision(page, null);
    expect(decision).not.toBeNull();
    expect((await sessionOf(page))?.side).toBe('client');
    await shot(page, 'touch-1-first-decision-1024x768');
    await expectTouchTargets(page, { atConnect: true });

    // The handshake's opening move, all by touch: SYN, seq = the ISS its TCP picked (the ISS helper), SYN-SENT.
    await page.getByTestId('composer-flag-SYN').tap();
    expect(await page.getByTestId('composer-flag-SYN').getAttribute('class')).toMatch(/\bon\b/);
    await page.locator('[data-testid=composer-seq-helper][data-names~=ISS]').tap();
    expect(await page.getByTestId('composer-seq').inputValue()).toMatch(/^\d+$/);
    await page.getByTestId('composer-state-SYN-SENT').tap();
    expect(await page.getByTestId('composer-state-SYN-SENT').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('composer-send').tap();

    // The move reached the server: it judged it and the feedback panel shows the verdict.
    await page.getByTestId('feedback-verdict').waitFor();
    expect(await page.getByTestId('feedback-verdict').getAttribute('data-verdict')).toBe('correct');
    await shot(page, 'touch-2-verdict-1024x768');
    await expectTouchTargets(page);
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    // Chinese labels are wider: the same targets, still inside the composer, nothing overflowing.
    await tapLanguage(page, 'zh-CN');
    await shot(page, 'touch-3-verdict-zh-CN-1024x768');
    await expectTouchTargets(page);
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 120_000);

  it('keeps every composer target finger-sized at 1280×720 (16:9 touch screen) in English and Chinese', async () => {
    const page = await tablet({ width: 1280, height: 720 });
    await startPracticeByTaps(page);
    expect(await nextDecision(page, null)).not.toBeNull();
    // Long numbers in the seq and ack fields (the ack field shares its row with two helpers).
    await page.getByTestId('composer-seq').fill('4294967295');
    await page.getByTestId('composer-ack').fill('4294967295');
    for (const lang of ['en', 'zh-CN'] as const) {
      if (lang !== 'en') await tapLanguage(page, lang);
      await frames(page);
      await shot(page, `touch-4-first-decision-${lang}-1280x720`);
      await expectTouchTargets(page, { atConnect: true });
      expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    }
  }, 120_000);

  it("lights the tutorial's composer and feedback cards around the panels as the touch layout draws them", async () => {
    // A first-time player (the tutorial not seen yet) on a 4:3 tablet, where the composer is taller.
    const page = await tablet({ width: 1024, height: 768 }, { firstTime: true });
    await page.getByTestId('menu-name').fill('Tab');
    await page.getByTestId('menu-start-tutorial').tap();
    await waitForScene(page, 'Game');
    expect(await nextDecision(page, null)).not.toBeNull();
    for (const step of ['host', 'wire', 'graphs']) {
      await page.locator(`[data-testid=tutorial-card][data-step=${step}]`).waitFor();
      await page.getByTestId('tutorial-next').tap();
    }
    await page.locator('[data-testid=tutorial-card][data-step=composer]').waitFor();
    // The taps on Next stayed on the cards: nothing drawn under them (the state diagram) was picked.
    expect(await page.locator('[data-testid^=composer-state-][aria-checked=true]').count()).toBe(0);
    await expectSpotAround(page, 'composer');
    await shot(page, 'touch-5-tutorial-composer-1024x768');

    await page.getByTestId('composer-flag-SYN').tap();
    await page.locator('[data-testid=composer-seq-helper][data-names~=ISS]').tap();
    await page.getByTestId('composer-state-SYN-SENT').tap();
    await page.getByTestId('composer-send').tap();
    await page.locator('[data-testid=tutorial-card][data-step=feedback]').waitFor();
    await expectSpotAround(page, 'feedback-panel');
    await shot(page, 'touch-6-tutorial-feedback-1024x768');

    // Turning the tablet (a resize) moves the lit box with the panel.
    await page.setViewportSize({ width: 1180, height: 820 });
    await expectSpotAround(page, 'feedback-panel');
    await shot(page, 'touch-7-tutorial-feedback-1180x820');
  }, 120_000);
});
