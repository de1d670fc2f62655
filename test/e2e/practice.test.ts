/**
 * A practice round against the textbook bot, in coach mode, through the page: the player asks the
 * coach for a hint at each decision, types it in (keys and clicks), sees the feedback, and reaches
 * Results with the per-decision breakdown, the replay and a quiz card.
 */
import { describe, expect, it } from 'vitest';
import { findOverflows, transparentPixels, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { answered, askHint, startCoachedPractice, nextDecision, playMove, sessionOf, shot } from './play.ts';

const env = gameServerAndBrowser();

describe('practice against the bot', () => {
  it('plays a handshake round with the coach hints and reaches Results', async () => {
    const page = await env.open({ viewport: { width: 1600, height: 900 }, lang: 'en' });
    await startCoachedPractice(page, 'Ada');

    let decision: number | null = null;
    let first = true;
    for (let guard = 0; guard < 30; guard++) {
      decision = await nextDecision(page, decision);
      if (decision === null) break;
      if (first) {
        await shot(page, 'practice-1-first-decision');
        // A wrong answer first: the coach refuses it, explains the rule, and the decision stays open.
        await page.getByTestId('composer').locator('h2').click();
        await page.keyboard.press('w');
        await page.getByTestId('feedback-verdict').and(page.locator('[data-verdict=refused]')).waitFor();
        await page.getByTestId('rule-section').first().waitFor();
        expect(await page.getByTestId('rule-section').first().textContent()).toMatch(/RFC \d+/);
        expect((await sessionOf(page))?.decisionId).toBe(decision);
        await shot(page, 'practice-1b-coach-refusal');
        // The rules overflow the feedback panel, so it scrolls; that must not punch a hole in the canvas.
        expect(await transparentPixels(page)).toBe(0);
      }
      // Typed key by key: the digits go into the fields, not to the composer's state shortcuts.
      await playMove(page, await askHint(page, decision), { typed: true });
      await answered(page, decision);
      if (first) {
        await page.getByTestId('feedback-verdict').waitFor();
        // Accepted now; the score counts the first attempt (the refused one), as the judge does.
        await page.locator('[data-testid=feedback-verdict][data-verdict=wrong]').waitFor();
        // …and the line says the move was accepted, so "Try 2" does not read as a second mistake.
        expect(await page.getByTestId('feedback-verdict').textContent()).toContain('Accepted. Your score counts your first try');
        await shot(page, 'practice-2-feedback');
        first = false;
      }
    }
    await page.getByTestId('game-to-results').click();
    await waitForScene(page, 'Results');
    await page.getByTestId('results-decisions').waitFor();
    expect(await page.getByTestId('results-decision').count()).toBeGreaterThan(1);
    await shot(page, 'practice-3-results');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 180_000);
});
