/**
 * Accessibility of the game's HTML, in real Chromium, in English and Chinese: axe-core (WCAG 2.2 A
 * and AA, and axe's best practices; test/e2e/axe.ts) on the menu, a practice round at a decision
 * (the composer open), the coach's feedback after a wrong move, the "States explained" glossary,
 * Results and the tutorial's first card. Every screen must have no violation at all (none is left
 * as minor: at the time of writing axe finds none of any impact on these screens). The canvas
 * (host cards, wire, flow graph, state diagram) is a WebGL bitmap axe cannot read and is out of
 * its scope: what it shows in words is also in the HTML (the prompt, the composer's helpers, the
 * feedback). Colour contrast is measured where axe sees a background (the panels' own). Over the
 * bare canvas it cannot: on a decision axe leaves five nodes "incomplete" (neither passed nor
 * failed), the top bar's brand, mode, turn and score chips on the stage's background and the
 * one-letter hint on "Add segment"; by hand their ink is at least 6.8:1 against that background
 * (--dim #8e9bbb on --bg #0b1020; the others are lighter).
 * Then a screen reader's view of the feedback: the verdict and its rules are announced once (a
 * status region), and the panel drawn again for a new score is not read out again. And a practice
 * round played to Results with the keyboard alone (Tab, Enter, the composer's keys S A F R, 1-9 0 -,
 * N, W), every control reached showing a focus ring. The class pages: accessibilityClass.test.ts.
 * The screens other files already open are checked there, with axe and a Tab round (keyboard.ts),
 * not walked to again here: a duel's waiting room (duel.test.ts), a challenge running, its "Leave
 * this round?" and its end (challenge.test.ts), the replay and Compare (compare.test.ts), a
 * capture's panel (capture.test.ts), the class summary (classroom.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Move } from '../../shared/game/move.ts';
import { TCP_STATES } from '../../shared/tcp/states.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { axeViolations } from './axe.ts';
import { waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { expectEveryStopShown, focused, tabTo, type Stop } from './keyboard.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, playRound, sessionOf, shot, startCoachedPractice, toResults } from './play.ts';

const env = gameServerAndBrowser();
const LANGS = ['en', 'zh-CN'] as const;

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  await shot(page, `a11y-${screen}`);
  expect(await axeViolations(page), screen).toEqual([]);
}

describe('axe finds nothing on the game\'s screens', () => {
  for (const lang of LANGS) {
    it(`${lang}: menu, a decision, the coach's refusal, the glossary, Results, the tutorial's first card`, async () => {
      const page = await env.open({ viewport: { width: 1600, height: 900 }, lang, name: 'Ada' });
      await expectNoViolations(page, `${lang}-menu`);
      await startCoachedPractice(page, 'Ada');
      const first = await nextDecision(page, null);
      expect(first).not.toBeNull();
      await expectNoViolations(page, `${lang}-decision`);

      // A wrong move (nothing sent, a state the handshake's client does not go to): the coach refuses it.
      await playMove(page, { state: 'LISTEN', segments: [] });
      await page.locator('[data-testid=feedback-verdict][data-verdict=refused]').waitFor();
      await expectNoViolations(page, `${lang}-feedback-wrong`);
      // A screen reader hears the verdict and the rule behind it, from a status region...
      const verdict = (await page.getByTestId('feedback-verdict').textContent())!.trim();
      const announce = page.getByTestId('feedback-announce');
      expect(await announce.getAttribute('role')).toBe('status');
      await expect.poll(() => announce.textContent()).toContain(verdict);
      expect(await announce.textContent()).toContain((await page.getByTestId('rule-section').first().textContent())!.trim());
      // ...and the panel, drawn again when the score or the open decision changes, is not live itself.
      expect(await page.getByTestId('feedback-panel').getAttribute('aria-live')).toBeNull();

      await page.getByTestId('glossary-open').click();
      await page.getByTestId('glossary').waitFor();
      await expectNoViolations(page, `${lang}-glossary`);
      await page.getByTestId('glossary-close').click();

      await playRound(page);
      await toResults(page);
      await expectNoViolations(page, `${lang}-results`);

      const tutorial = await env.open({ viewport: { width: 1600, height: 900 }, lang, tutorialSeen: false, name: 'Ada' });
      await tutorial.getByTestId('menu-start-tutorial').click();
      await waitForScene(tutorial, 'Game');
      await tutorial.locator('[data-testid=tutorial-card][data-step=host]').waitFor();
      await expectNoViolations(tutorial, `${lang}-tutorial-first-card`);
    }, 300_000);
  }
});

/** Focus off any text field (onto the next button) so the composer's letter and digit keys act. */
const offFields = (page: Page, stops: Stop[]): Promise<void> => tabTo(page, 'button:not(:disabled)', stops);

const STATE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-'];
const FLAG_KEYS = { SYN: 's', ACK: 'a', FIN: 'f', RST: 'r' } as const;

/** A move composed and sent with the keyboard alone, as the composer's key hints say. */
async function playByKeyboard(page: Page, move: Move, stops: Stop[]): Promise<void> {
  for (const [i, seg] of move.segments.entries()) {
    await offFields(page, stops);
    for (const bit of ['SYN', 'ACK', 'FIN', 'RST'] as const) if (seg.flags[bit]) await page.keyboard.press(FLAG_KEYS[bit]);
    await tabTo(page, '[data-testid=composer-seq]', stops);
    await page.keyboard.type(String(seg.seq));
    if (seg.flags.ACK) {
      await tabTo(page, '[data-testid=composer-ack]', stops);
      await page.keyboard.type(String(seg.ack));
    }
    if (seg.data) {
      await tabTo(page, '[data-testid=composer-payload]', stops);
      await page.keyboard.type(seg.data);
    }
    if (i < move.segments.length - 1) {
      await offFields(page, stops);
      await page.keyboard.press('n');
    }
  }
  await offFields(page, stops);
  await page.keyboard.press(STATE_KEYS[TCP_STATES.indexOf(move.state)]!);
  if (move.segments.length === 0) {
    await page.keyboard.press('w');
  } else {
    await tabTo(page, '[data-testid=composer-send]', stops);
    await page.keyboard.press('Enter');
  }
}

describe('the keyboard alone', () => {
  it('plays a practice round from the menu to Results, every control it reaches showing its focus', async () => {
    const page = await env.open({ viewport: { width: 1600, height: 900 }, lang: 'en' });
    const stops: Stop[] = [];
    await tabTo(page, '[data-testid=menu-name]', stops);
    await page.keyboard.type('Ada');
    await tabTo(page, '[data-testid=menu-start-practice]', stops);
    await page.keyboard.press('Enter');
    await waitForScene(page, 'Game');

    let decision: number | null = null;
    let moves = 0;
    for (let guard = 0; guard < 40; guard++) {
      decision = await nextDecision(page, decision, 120_000);
      if (decision === null) break;
      const s = await sessionOf(page);
      const move = correctAnswer(s!.roomId, s!.side as Side, decision);
      if (!move) continue;
      // The last move's Send was disabled and the composer built again for this decision: the
      // keyboard player's focus stayed in the composer, not thrown back to the page's start.
      if (moves > 0) expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=composer]')), `focus at decision ${decision}`).toBe(true);
      if (moves === 1) await shot(page, 'a11y-keyboard-focus-kept');
      await playByKeyboard(page, move, stops);
      await answered(page, decision, 120_000);
      expect(await page.getByTestId('feedback-verdict').getAttribute('data-verdict'), `decision ${decision}`).toBe('correct');
      moves++;
    }
    expect(moves).toBeGreaterThan(1);
    await tabTo(page, '[data-testid=game-to-results]', stops);
    await page.keyboard.press('Enter');
    await waitForScene(page, 'Results');
    await page.getByTestId('results-decisions').waitFor();
    // Every control of Results is reached too: Tab until the focus comes round again.
    const seen = new Set<string>();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const stop = await focused(page);
      if (seen.has(stop.id)) break;
      seen.add(stop.id);
      stops.push(stop);
    }
    expect([...seen].length).toBeGreaterThan(2);
    await shot(page, 'a11y-keyboard-results');

    expectEveryStopShown(stops, 'the round and Results');
  }, 300_000);
});
