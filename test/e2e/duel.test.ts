/**
 * Two browsers play a whole lost-SYN duel through the UI: one creates a room and shares its code,
 * the other joins by typing it. The client's first SYN is destroyed on the wire; when its
 * retransmission timer fires the player presses T (Retransmit). Both reach Results.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Side } from '../../shared/tcp/wire.ts';
import { axeViolations } from './axe.ts';
import { waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { expectTabRound } from './keyboard.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, sessionOf, shot } from './play.ts';

/** Each player is a browser context of its own (both draw: neither is a background tab). */
const env = gameServerAndBrowser();

const open = (name: string): Promise<Page> => env.open({ viewport: { width: 1600, height: 900 }, lang: 'en', name });

/** One player's whole round: answer each decision as a correct TCP would, through the page. */
async function play(page: Page, tag: string, events: string[]): Promise<void> {
  let decision: number | null = null;
  for (let guard = 0; guard < 40; guard++) {
    // The next decision waits on the opponent's whole move: patient under load, never a delay.
    decision = await nextDecision(page, decision, 120_000);
    if (decision === null) return;
    const s = await sessionOf(page);
    const side = s?.side as Side;
    const move = correctAnswer(s!.roomId, side, decision);
    if (!move) continue;
    if (s?.prompt === 'timer-expired' && move.segments.length > 0) {
      events.push(`${tag}: retransmit`);
      // The first expiry is the lost SYN's (client) or the SYN-ACK's (server): keep that picture.
      if (events.filter((e) => e.startsWith(tag)).length === 1) await shot(page, `duel-2-${tag}-timer-expired`);
      await page.getByTestId('composer').locator('h2').click();
      await page.keyboard.press('t');
    } else {
      await playMove(page, move);
    }
    try {
      await answered(page, decision, 30_000);
    } catch (error) {
      await shot(page, `duel-x-${tag}-stuck`);
      throw new Error(`${tag} stuck on decision ${decision} (${s?.prompt}) answering ${JSON.stringify(move)}: ${String(error)}`);
    }
  }
}

describe('a duel between two browsers', () => {
  it('plays lost-syn through the UI, with the lost SYN retransmitted, to Results on both sides', async () => {
    const alice = await open('Alice');
    await alice.getByTestId('menu-duel-scenario').selectOption('lost-syn');
    await alice.getByTestId('menu-create-duel').click();
    await waitForScene(alice, 'Game');
    const code = (await alice.getByTestId('room-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{5}$/);
    await shot(alice, 'duel-0-waiting-with-code');
    // The waiting room is accessible (axe: test/e2e/axe.ts) in both languages, and Tab reaches its
    // controls, each showing its focus.
    expect(await axeViolations(alice), 'duel waiting room, en').toEqual([]);
    await expectTabRound(alice, 'duel waiting room', ['game-resign', 'game-menu', 'lang-zh-CN', 'composer-flag-SYN', 'composer-seq']);
    await alice.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await alice.getByTestId('waiting').getByText('等待对手').waitFor();
    await shot(alice, 'duel-0-waiting-with-code-zh-CN');
    expect(await axeViolations(alice), 'duel waiting room, zh-CN').toEqual([]);
    await alice.evaluate(() => window.__tcpDojo!.setLang('en'));

    const bob = await open('Bob');
    await bob.getByTestId('menu-join-code').click();
    await bob.keyboard.type(code);
    await bob.getByTestId('menu-join-duel').click();
    await waitForScene(bob, 'Game');
    await alice.waitForFunction(() => window.__tcpDojo?.session()?.phase === 'playing');
    await shot(bob, 'duel-1-bob-first-decision');

    const events: string[] = [];
    await Promise.all([play(alice, 'alice', events), play(bob, 'bob', events)]);
    // The lost SYN was retransmitted by whoever plays the client host.
    expect(events.some((e) => e.endsWith('retransmit'))).toBe(true);

    const rows = { alice: 0, bob: 0 };
    for (const [page, tag] of [[alice, 'alice'], [bob, 'bob']] as const) {
      await page.getByTestId('game-to-results').click();
      await waitForScene(page, 'Results');
      await page.getByTestId('results-decisions').waitFor();
      expect(await page.getByTestId('results-decision').count()).toBeGreaterThan(1);
      expect(await page.getByTestId('results-decision').locator('.mark').allTextContents()).not.toContain('✗');
      // One row per decision of this player: as many as "right on your own" counts of (not the opponent's too).
      const [own, judged] = ((await page.getByTestId('results-correct').locator('b').textContent()) ?? '').split('/').map((n) => Number(n.trim()));
      expect(await page.getByTestId('results-decision').count()).toBe(judged);
      expect(own).toBe(judged);
      rows[tag] = judged!;
      await shot(page, `duel-3-${tag}-results`);
    }
    // Each sees the other's tally counted as their own is: right on their own, of the decisions judged.
    expect(await alice.getByTestId('results-opponent-score').textContent()).toMatch(new RegExp(`^Bob: -?\\d+ points \\(${rows.bob} / ${rows.bob} right on their own\\)$`));
    expect(await bob.getByTestId('results-opponent-score').textContent()).toMatch(new RegExp(`^Alice: -?\\d+ points \\(${rows.alice} / ${rows.alice} right on their own\\)$`));
    // Step through the replay: both hosts visible after the round.
    await alice.getByTestId('results-replay').click();
    await waitForScene(alice, 'Game');
    // The top bar says it is this round's replay, not the scripted demo.
    expect(await alice.getByTestId('game-mode').textContent()).toBe('Replay · A lost SYN');
    await alice.getByTestId('playback-forward').click();
    await alice.getByTestId('playback-forward').click();
    await alice.getByTestId('playback-forward').click();
    await shot(alice, 'duel-4-replay-step');
  }, 300_000);
});
