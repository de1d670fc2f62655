/**
 * A timed challenge through the page: the menu shows the scenario's leaderboard, the round is played
 * through the composer, and Results shows the score (the leaderboard's: points plus time bonus) and
 * the player's place on the board.
 */
import { describe, expect, it } from 'vitest';
import { leaderboardId } from '../../shared/game/leaderboard.ts';
import { challengeParMs } from '../../shared/game/pace.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import { findOverflows, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { playRound, shot } from './play.ts';

const env = gameServerAndBrowser();

/** The handshake client's par as the top bar writes it (m:ss). */
const parMs = challengeParMs(findScenario('handshake')!, 'client');
const PAR = `${Math.floor(parMs / 60_000)}:${String((parMs / 1000) % 60).padStart(2, '0')}`;

describe('a timed challenge', () => {
  it('plays the handshake challenge and shows the place on the leaderboard', async () => {
    const page = await env.open({ viewport: { width: 1600, height: 900 }, lang: 'en', name: 'Grace' });
    await page.getByTestId('menu-challenge-scenario').selectOption('handshake');
    await page.getByTestId('menu-leaderboard').locator('li').first().waitFor();
    await page.getByTestId('menu-start-challenge').click();
    await waitForScene(page, 'Game');

    // The clock the time bonus is scored on is on screen, with the par; at a decision the turn chip
    // says game time waits but that clock does not.
    const clock = page.getByTestId('game-challenge-clock');
    await clock.filter({ hasText: new RegExp(`^Time \\d+:\\d\\d · par ${PAR}$`) }).waitFor();
    await page.getByTestId('game-turn').filter({ hasText: 'your challenge clock runs' }).waitFor();
    await shot(page, 'challenge-0-clock');
    // In Chinese too, and the top bar still holds it all.
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await clock.filter({ hasText: new RegExp(`^用时 \\d+:\\d\\d · 标准 ${PAR}$`) }).waitFor();
    await page.getByTestId('game-turn').filter({ hasText: '挑战计时照走' }).waitFor();
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await shot(page, 'challenge-0-clock-zh-CN');
    await page.evaluate(() => window.__tcpDojo!.setLang('en'));
    // A reload runs the clock on from the time the room has counted, not from 0:00 again.
    const before = await clock.textContent();
    await page.reload();
    await waitForScene(page, 'Game');
    await clock.filter({ hasText: new RegExp(`^Time \\d+:\\d\\d · par ${PAR}$`) }).waitFor();
    const seconds = (text: string | null): number => {
      const [m, s] = (text ?? '').replace(/^Time /, '').split(' ')[0]!.split(':').map(Number);
      return m! * 60 + s!;
    };
    expect(seconds(await clock.textContent())).toBeGreaterThanOrEqual(seconds(before));

    // The round over, every move the player's (a challenge is played against the clock, no coach).
    expect(await playRound(page)).toBeGreaterThan(0);
    await shot(page, 'challenge-1-round-over');
    // The clock stops at the time the room scored.
    const scored = env.server.store.leaderboard(leaderboardId('handshake', 'client')).find((e) => e.playerName === 'Grace');
    expect(scored).toBeDefined();
    const total = Math.floor(scored!.timeMs / 1000);
    await clock.filter({ hasText: `Time ${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')} · par ${PAR}` }).waitFor();
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
