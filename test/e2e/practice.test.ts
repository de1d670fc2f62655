/**
 * A practice round against the textbook bot, in coach mode, through the page: the player asks the
 * coach for a hint at each decision, types it in (keys and clicks), sees the feedback, and reaches
 * Results with the per-decision breakdown, the replay and a quiz card. And a round where Hint is
 * used on some decisions and not on others: Results counts right on your own apart from the
 * answers made with the answer shown, and each row's mark says which, in English and in Chinese.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import type { Move } from '../../shared/game/move.ts';
import type { DecisionMark } from '../../shared/game/tally.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { findOverflows, frames, transparentPixels, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, askHint, startCoachedPractice, nextDecision, playMove, sessionOf, shot, toResults } from './play.ts';

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

/** A wrong try at any decision: a state the right move does not name, and nothing sent. */
const wrongFor = (right: Move): Move => ({ state: right.state === 'CLOSED' ? 'LISTEN' : 'CLOSED', segments: [] });

/** The coach refused try `attempt` of `decisionId` (the decision stays open). */
async function refused(page: Page, decisionId: number, attempt: number): Promise<void> {
  await page.locator(`[data-testid=feedback-panel][data-decision="${decisionId}"] [data-testid=feedback-verdict][data-verdict=refused][data-attempt="${attempt}"]`).waitFor();
}

describe('Results after a round with Hint on some decisions', () => {
  it('counts right on your own apart from answers made with the answer shown, and marks each row so, in English and Chinese', async () => {
    const page = await env.open({ viewport: { width: 1600, height: 900 }, lang: 'en' });
    await startCoachedPractice(page, 'Ada', { role: 'client' });
    // Decision by decision: right at once; Hint then right; one wrong try then right; two wrong
    // tries (the coach shows the answer) then right; the rest right at once.
    const plans = ['own', 'hint', 'retry', 'shown'] as const;
    const expected: DecisionMark[] = [];
    let decision: number | null = null;
    for (let n = 0; n < 30; n++) {
      decision = await nextDecision(page, decision);
      if (decision === null) break;
      const s = (await sessionOf(page))!;
      const right = correctAnswer(s.roomId, s.side as Side, decision)!;
      const plan = plans[n] ?? 'own';
      if (plan === 'hint') expect(await askHint(page, decision)).toEqual(right);
      if (plan === 'retry' || plan === 'shown') {
        await playMove(page, wrongFor(right));
        await refused(page, decision, 1);
      }
      if (plan === 'shown') {
        await playMove(page, wrongFor(right));
        await refused(page, decision, 2);
        await page.locator(`[data-testid=feedback-panel][data-decision="${decision}"] [data-testid=feedback-reveal]`).waitFor();
      }
      await playMove(page, right);
      await answered(page, decision);
      expected.push(plan === 'own' ? 'right' : plan === 'hint' ? 'right-shown' : plan === 'retry' ? 'wrong' : 'wrong-shown');
    }
    expect(expected.length).toBeGreaterThan(plans.length);
    await toResults(page);

    const own = expected.filter((m) => m === 'right').length;
    for (const [lang, words] of [['en', en], ['zh-CN', zhCN]] as const) {
      if (lang !== 'en') {
        await page.getByTestId(`lang-${lang}`).click();
        await page.waitForFunction((l) => document.documentElement.lang === l && window.__tcpDojo?.lang() === l, lang);
        await frames(page);
      }
      // The tally: the judge's right-on-your-own count of all judged, and the shown answers beside it.
      await page.getByTestId('results-correct').getByText(words['results.correct']).waitFor();
      expect(await page.getByTestId('results-correct').locator('b').textContent()).toBe(`${own} / ${expected.length}`);
      expect(await page.getByTestId('results-shown').textContent()).toBe(words['results.shown'].replace('{{count}}', '2'));
      // Each row: its mark, the mark's words for a screen reader (and on hover), the cost where the answer was shown.
      const rows = page.getByTestId('results-decision');
      expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-mark')))).toEqual(expected);
      const marks = await page.getByTestId('results-decision-mark').evaluateAll((els) => els.map((el) => ({ glyph: el.textContent, label: el.getAttribute('aria-label'), title: el.getAttribute('title'), role: el.getAttribute('role') })));
      const glyph: Record<DecisionMark, string> = { right: '✓', 'right-shown': '◐', wrong: '✗', 'wrong-shown': '✗' };
      expect(marks).toEqual(expected.map((m) => ({ glyph: glyph[m], label: words[`results.mark.${m}`], title: words[`results.mark.${m}`], role: 'img' })));
      const cost = words['results.revealCost'].replace('{{cost}}', '3');
      const points = await page.locator('[data-testid=results-decision] .points').allTextContents();
      expect(points.map((p) => p.includes(cost))).toEqual(expected.map((m) => m.endsWith('-shown')));
      // The legend names the three marks in the page's language.
      expect(await page.getByTestId('results-legend').textContent()).toBe(['right', 'right-shown', 'wrong'].map((m) => `${glyph[m as DecisionMark]} ${words[`results.mark.${m as DecisionMark}`]}`).join(''));
      await shot(page, `results-hints-${lang}`);
      expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    }
  }, 240_000);

  it('a page reloaded after Hint: the decision is still open, with its right move shown again by itself at no new cost (English, then Chinese)', async () => {
    const page = await env.open({ viewport: { width: 1600, height: 900 }, lang: 'en' });
    await startCoachedPractice(page, 'Ada');
    const decision = (await nextDecision(page, null))!;
    await page.getByTestId('feedback-ask').click();
    await page.getByTestId('feedback-reveal').waitFor();
    const moves = await page.getByTestId('reveal-move').allTextContents();
    const score = await page.getByTestId('game-score').textContent();
    expect(moves.length).toBeGreaterThan(0);
    // The top bar's Hint no longer names a cost: this decision's answer is paid for.
    const topHint = page.locator('[data-testid=game-hint][data-paid=true]');
    await topHint.waitFor();
    expect(await topHint.textContent()).toContain(en['game.hintPaid']);

    await page.reload();
    await waitForScene(page, 'Game');
    await page.waitForFunction((id) => window.__tcpDojo?.session()?.decisionId === id, decision);
    // The answer shown before the reload is on the page again, without a click, and not paid twice.
    await page.getByTestId('feedback-reveal').waitFor();
    expect(await page.getByTestId('reveal-move').allTextContents()).toEqual(moves);
    expect(await page.getByTestId('feedback-ask').count()).toBe(0);
    expect(await page.getByTestId('game-score').textContent()).toBe(score);
    expect(await topHint.textContent()).toContain(en['game.hintPaid']);
    await shot(page, 'practice-3-shown-again-en');

    // In Chinese, after another reload, the same answer, its heading in Chinese.
    await page.getByTestId('lang-zh-CN').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.reload();
    await waitForScene(page, 'Game');
    await page.waitForFunction((id) => window.__tcpDojo?.session()?.decisionId === id, decision);
    await page.getByTestId('feedback-reveal').waitFor();
    expect(await page.getByTestId('reveal-move').allTextContents()).toEqual(moves);
    expect(await page.locator('[data-testid=feedback-reveal] .head').textContent()).toBe(zhCN['feedback.revealAsked'].replace('{{cost}}', '3'));
    // (The same score and streak, in Chinese words.)
    const numbers = (text: string | null): string[] => text?.match(/-?\d+/g) ?? [];
    expect(numbers(await page.getByTestId('game-score').textContent())).toEqual(numbers(score));
    expect(await topHint.textContent()).toContain(zhCN['game.hintPaid']);
    await shot(page, 'practice-3-shown-again-zh-CN');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 120_000);
});
