/**
 * A timed challenge through the page: the menu shows the scenario's leaderboard, the round is played
 * through the composer, and Results shows the score (the leaderboard's: points plus time bonus) and
 * the player's place on the board.
 */
import { describe, expect, it } from 'vitest';
import { waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { playRound, shot } from './play.ts';

const env = gameServerAndBrowser();

describe('a timed challenge', () => {
  it('plays the handshake challenge and shows the place on the leaderboard', async () => {
    const page = await env.open({ viewport: { width: 1600, height: 900 }, lang: 'en', name: 'Grace' });
    await page.getByTestId('menu-challenge-scenario').selectOption('handshake');
    await page.getByTestId('menu-leaderboard').locator('li').first().waitFor();
    await page.getByTestId('menu-start-challenge').click();
    await waitForScene(page, 'Game');

    // The round over, every move the player's (a challenge is played against the clock, no coach).
    expect(await playRound(page)).toBeGreaterThan(0);
    await shot(page, 'challenge-1-round-over');
    await page.getByTestId('game-to-results').click();
    await waitForScene(page, 'Results');
    await page.getByTestId('results-place').filter({ hasText: '#1' }).waitFor();
    await page.getByTestId('results-board-row').first().waitFor();
    expect(await page.getByTestId('results-board-row').first().textContent()).toContain('Grace');
    // Results' score is the leaderboard's: judged points plus the time bonus, both shown.
    const boardScore = await page.getByTestId('results-board-row').first().locator('b').textContent();
    expect(await page.getByTestId('results-score').locator('b').textContent()).toBe(boardScore);
    expect(await page.getByTestId('results-score-breakdown').textContent()).toMatch(/^\d+ points \+ \d+ time bonus$/);
    await shot(page, 'challenge-2-results-leaderboard');

    await page.getByTestId('results-menu').click();
    await waitForScene(page, 'Menu');
    await page.getByTestId('menu-challenge-scenario').selectOption('handshake');
    await page.getByTestId('menu-leaderboard-row').first().waitFor();
    expect(await page.getByTestId('menu-leaderboard-row').first().textContent()).toContain('Grace');
    await shot(page, 'challenge-3-menu-leaderboard');
  }, 180_000);
});
