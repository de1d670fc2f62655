/**
 * In real Chromium, through the page: the state diagram's glossary during a live practice round
 * (hover a state; the "States explained" button, ‹ › through the states), in English and Chinese;
 * the SYN flood's server sees its own SYN queue take the first spoofed SYN; and a finished round
 * opened from Results' replay button shows its timers, with the glossary where the composer was.
 * Moves are the engine's answers (test/e2e/oracle.ts), typed through the composer.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { GAME_LAYOUT } from '../../client/scenes/gameLayout.ts';
import { STATE_GLOSSARY } from '../../shared/game/stateGlossary.ts';
import { findOverflows, transparentPixels, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, sessionOf, shot, startCoachedPractice } from './play.ts';
import { auditTouch, resizeGame, TOUCH_VIEWPORTS } from './touchAudit.ts';

const env = gameServerAndBrowser();

interface Check {
  now: number;
  timers: string[];
  queues: { client: { syn: string; accept: string } | null; server: { syn: string; accept: string } | null };
  diagram: { boxes: Record<string, { x: number; y: number }>; caption: string };
}

const check = (page: Page): Promise<Check> => page.evaluate(() => window.__tcpDojo!.gameCheck() as Check);

/** Answer the open decisions with the engine's moves, through the composer, `count` of them (or to the end). */
async function play(page: Page, count = Infinity): Promise<void> {
  let decision: number | null = null;
  for (let n = 0; n < count; n++) {
    decision = await nextDecision(page, decision, 120_000);
    if (decision === null) return;
    const s = await sessionOf(page);
    const move = correctAnswer(s!.roomId, s!.side as 'client' | 'server', decision);
    if (!move) throw new Error(`no answer to decision ${decision}`);
    await playMove(page, move);
    await answered(page, decision, 120_000);
  }
}

/**
 * Go once round all eleven states with ›, from the one shown, checking that each card stays inside
 * the flow graph's box (the card sits over the flow graph), leaves the feedback panel's header below
 * it in view, and shows all its words with no scrolling, the state's name uncut.
 */
async function browseAllClearOfFeedback(page: Page, shotOf: { states: readonly string[]; name: (state: string) => string }, { touch = false } = {}): Promise<void> {
  const header = await page.getByTestId('feedback-panel').locator('header').boundingBox();
  const canvas = await page.locator('canvas').boundingBox();
  expect(header).not.toBeNull();
  expect(canvas).not.toBeNull();
  const k = canvas!.width / 1600;
  const G = GAME_LAYOUT.liveLadder;
  const graph = { left: canvas!.x + G.x * k, top: canvas!.y + G.y * k, right: canvas!.x + (G.x + G.width) * k, bottom: canvas!.y + (G.y + G.height) * k };
  for (let i = 0; i < 11; i++) {
    const state = await page.getByTestId('glossary').getAttribute('data-state');
    const card = await page.getByTestId('glossary').boundingBox();
    expect(card).not.toBeNull();
    expect(card!.y + card!.height, `the ${state} card's bottom, above the feedback header`).toBeLessThanOrEqual(header!.y);
    expect(card!.x, `the ${state} card's left, in the flow graph's box`).toBeGreaterThanOrEqual(graph.left - 0.5);
    expect(card!.y, `the ${state} card's top, in the flow graph's box`).toBeGreaterThanOrEqual(graph.top - 0.5);
    expect(card!.x + card!.width, `the ${state} card's right, in the flow graph's box`).toBeLessThanOrEqual(graph.right + 0.5);
    expect(card!.y + card!.height, `the ${state} card's bottom, in the flow graph's box`).toBeLessThanOrEqual(graph.bottom + 0.5);
    // Its words show whole: nothing scrolled out of its body, nothing cut off at the card's edge
    // (stage px, as the page lays them out).
    const hidden = await page.getByTestId('glossary').evaluate((c) => {
      const body = c.querySelector('[data-testid=glossary-body]')!;
      return { body: body.scrollHeight - body.clientHeight, card: c.scrollHeight - c.clientHeight };
    });
    expect(hidden.body, `the ${state} card's words scrolled out of view (px)`).toBeLessThanOrEqual(1);
    expect(hidden.card, `the ${state} card's words cut off at its edge (px)`).toBeLessThanOrEqual(1);
    // The state's name is never cut short by the head's buttons and source line.
    expect(await page.getByTestId('glossary-state').evaluate((el) => el.scrollWidth - el.clientWidth), `the ${state} card's name`).toBeLessThanOrEqual(1);
    const shown = state !== null && shotOf.states.includes(state);
    if (touch && shown) {
      // Its buttons are a finger's size and lie over none of its words (one card per screen and
      // language: the buttons float beside whatever words a card has).
      const audit = await auditTouch(page);
      const own = (name: string): boolean => name.startsWith('glossary-');
      expect(audit.small.filter((t) => own(t.name)), `the ${state} card's small buttons`).toEqual([]);
      expect(audit.covered.filter((c) => own(c.control) && c.where === 'html'), `the ${state} card's buttons over text`).toEqual([]);
    }
    if (shown) await shot(page, shotOf.name(state));
    await page.getByTestId('glossary-next').click();
    await page.locator('[data-testid=glossary]:not([data-state="' + state + '"])').waitFor();
  }
}

/** Move the mouse over a state's box on the canvas (stage px → page px). */
async function hoverState(page: Page, state: string): Promise<void> {
  const { diagram } = await check(page);
  const box = await page.locator('canvas').boundingBox();
  const at = diagram.boxes[state];
  if (!box || !at) throw new Error(`no box for ${state}`);
  const k = box.width / 1600;
  await page.mouse.move(box.x + at.x * k, box.y + at.y * k);
}

describe('the state glossary in a live round', () => {
  it('explains a hovered state and, from its button, any of the eleven; the SYN flood’s server sees its SYN queue take a spoofed SYN', async () => {
    const page = await env.browser.newPage({ width: 1600, height: 900 });
    await page.addInitScript(() => localStorage.setItem('tcp-dojo.lang', 'en'));
    await page.goto(env.server.url, { timeout: 120_000 });
    await waitForScene(page, 'Menu', 120_000);
    // The player is the flood's server: its own listener, its queues on its card.
    await startCoachedPractice(page, 'Ada', { scenario: 'syn-flood', role: 'server' });

    // listen(), then the first spoofed SYN answered with a SYN-ACK: one half-open entry.
    await play(page, 2);
    await page.waitForFunction(() => (window.__tcpDojo!.gameCheck() as Check).queues.server?.syn === '1/4', undefined, { timeout: 120_000 });
    const c = await check(page);
    // The flood runs under the rfc9293 profile: RFC 9293 sets no accept-queue limit (listen's backlog
    // is the stack's, as in the Linux levels), so the card counts the accept queue with no maximum.
    expect(c.queues.server?.accept).toBe('0');
    // The peer's queues are the peer's business: the client's card shows none.
    expect(c.queues.client).toBeNull();

    // Hover: a card over the other half of the diagram, with the meaning, the ways in and out.
    await hoverState(page, 'CLOSE-WAIT');
    const card = page.getByTestId('glossary');
    await page.locator('[data-testid=glossary][data-state="CLOSE-WAIT"]').waitFor();
    expect(await card.getByTestId('glossary-meaning').textContent()).toBe(STATE_GLOSSARY['CLOSE-WAIT'].meaning.en);
    expect(await card.getByTestId('glossary-enter').locator('li').count()).toBe(STATE_GLOSSARY['CLOSE-WAIT'].enter.length);
    expect(await card.getByTestId('glossary-leave').locator('li').count()).toBe(STATE_GLOSSARY['CLOSE-WAIT'].leave.length);
    await shot(page, 'glossary-1-hover-close-wait-syn-queue-en');
    // The card is laid over the canvas without punching a hole in it.
    expect(await transparentPixels(page)).toBe(0);
    await page.mouse.move(5, 890);
    await card.waitFor({ state: 'hidden' });

    // The button (the way in on a touch screen): the state the diagram shows, then ‹ › through all eleven.
    await page.getByTestId('glossary-open').click();
    await page.locator('[data-testid=glossary][data-state="LISTEN"]').waitFor();
    await page.getByTestId('glossary-next').click();
    await page.locator('[data-testid=glossary][data-state="SYN-SENT"]').waitFor();
    await page.getByTestId('glossary-prev').click();
    await page.getByTestId('glossary-prev').click();
    await page.locator('[data-testid=glossary][data-state="CLOSED"]').waitFor();
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await browseAllClearOfFeedback(page, { states: ['SYN-RECEIVED'], name: () => 'glossary-1b-syn-received-en' });
    await page.locator('[data-testid=glossary][data-state="CLOSED"]').waitFor();

    // In Chinese: the card, and the diagram's caption of the last step (LISTEN → SYN-RECEIVED of
    // the half-open entry is not the player's connection: the last step shown is "passive OPEN").
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.getByTestId('glossary-meaning').filter({ hasText: STATE_GLOSSARY.CLOSED.meaning['zh-CN'] }).waitFor();
    await page.waitForFunction(() => (window.__tcpDojo!.gameCheck() as Check).diagram.caption.includes('被动打开'));
    expect((await check(page)).diagram.caption).not.toMatch(/passive OPEN/);
    await shot(page, 'glossary-2-button-closed-zh-CN');
    expect(await transparentPixels(page)).toBe(0);
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await browseAllClearOfFeedback(page, { states: ['SYN-RECEIVED'], name: () => 'glossary-2b-syn-received-zh-CN' });
    await page.locator('[data-testid=glossary][data-state="CLOSED"]').waitFor();
    await page.getByTestId('glossary-close').click();
    await page.getByTestId('glossary').waitFor({ state: 'hidden' });
    await page.close();
  }, 900_000);
});

describe('the state glossary on a touch screen', () => {
  it('opens from its button, and on both tablets every state’s card reads whole, in the flow graph’s box above the feedback header, in both languages', async () => {
    const page = await env.open({ viewport: TOUCH_VIEWPORTS[0]!, touch: true, lang: 'en' });
    await startCoachedPractice(page, 'Ada', { tap: true });
    expect(await nextDecision(page, null)).not.toBeNull();
    await page.getByTestId('glossary-open').tap();
    await page.locator('[data-testid=glossary][data-state="CLOSED"]').waitFor();
    // The 4:3 tablet's buttons are the tallest (64 stage px), so its card has the least room.
    for (const viewport of TOUCH_VIEWPORTS) {
      await resizeGame(page, viewport);
      for (const lang of ['en', 'zh-CN'] as const) {
        await page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        // The longest cards: SYN-RECEIVED, and ESTABLISHED and TIME-WAIT with their RST, abort() and give-up lines.
        const states = ['SYN-RECEIVED', 'ESTABLISHED', 'TIME-WAIT'];
        await browseAllClearOfFeedback(page, { states, name: (state) => `glossary-4-touch-${viewport.width}x${viewport.height}-${state.toLowerCase()}-${lang}` }, { touch: true });
        expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
      }
    }
    await page.close();
  }, 300_000);
});

describe('a finished round from Results', () => {
  it('replays with its timers, the glossary in the composer’s place, and both hosts’ states', async () => {
    const page = await env.browser.newPage({ width: 1600, height: 900 });
    await page.addInitScript(() => localStorage.setItem('tcp-dojo.lang', 'en'));
    await page.goto(env.server.url, { timeout: 120_000 });
    await waitForScene(page, 'Menu', 120_000);
    // The shortest round: connect(), and the RST that refuses it.
    await startCoachedPractice(page, 'Ada', { scenario: 'connection-refused' });
    await play(page);
    await page.getByTestId('game-to-results').click();
    await waitForScene(page, 'Results', 120_000);
    await page.getByTestId('results-replay').click();
    await waitForScene(page, 'Game', 120_000);
    expect(await page.getByTestId('composer').count()).toBe(0);
    await page.getByTestId('glossary').waitFor();
    // The client's SYN is in its retransmission queue until the RST arrives: its timer shows.
    await page.evaluate(() => window.__tcpDojo!.freezeAt(100));
    expect((await check(page)).timers).toContain('client/retransmission');
    await page.getByTestId('glossary-state').filter({ hasText: 'SYN-SENT' }).waitFor();
    await shot(page, 'glossary-3-results-replay-timers-en');
    // At the end the client is CLOSED again, refused: the glossary follows the replay.
    await page.evaluate(() => window.__tcpDojo!.freezeAt(1e9));
    await page.getByTestId('glossary-state').filter({ hasText: 'CLOSED' }).waitFor();
    await page.close();
  }, 900_000);
});
