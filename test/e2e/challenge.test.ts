/**
 * A timed challenge through the page: the menu shows the scenario's leaderboard, the round is played
 * through the composer, and Results shows the score (the leaderboard's: points plus time bonus) and
 * the player's place on the board.
 */
import { describe, expect, it } from 'vitest';
import { leaderboardId } from '../../shared/game/leaderboard.ts';
import type { Page } from 'playwright-core';
import { challengeParMs } from '../../shared/game/pace.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import { axeViolations } from './axe.ts';
import { findOverflows, frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { expectTabRound } from './keyboard.ts';
import { playRound, shot } from './play.ts';

const env = gameServerAndBrowser();

/** The handshake client's par as the top bar writes it (m:ss). */
const parMs = challengeParMs(findScenario('handshake')!, 'client');
const PAR = `${Math.floor(parMs / 60_000)}:${String((parMs / 1000) % 60).padStart(2, '0')}`;

/** Lines that end with a number whose unit went to the next line, or start with a unit whose number stayed behind. */
const numberCutFromUnit = (lines: string[]): string[] => lines.filter((l) => /\d$/.test(l) || /^(分|points|time|bonus)/.test(l));

/** The score breakdown's text as the page lays it out, one string a line (each character's box, in order). */
async function breakdownLines(page: Page): Promise<string[]> {
  await frames(page);
  return page.getByTestId('results-score-breakdown').evaluate((el) => {
    const lines: { top: number; text: string }[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        const last = lines.at(-1);
        if (box && last && box.top < last.top + box.height / 2) last.text += text[i];
        else if (box) lines.push({ top: box.top, text: text[i]! });
        else if (last) last.text += text[i];
      }
    }
    return lines.map((l) => l.text.trim()).filter((l) => l !== '');
  });
}

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
    // Accessible with its clock running (axe: test/e2e/axe.ts), and by keyboard: Tab reaches the
    // top bar's controls and the composer's, each showing its focus.
    expect(await axeViolations(page), 'challenge running, en').toEqual([]);
    await expectTabRound(page, 'challenge running', ['game-resign', 'game-menu', 'composer-flag-SYN', 'composer-seq', 'composer-ack', 'composer-payload', 'composer-state-SYN-SENT', 'composer-wait', 'glossary-open', 'ladder-export']);
    // Escape asks before leaving the running challenge (accessible too); Escape again stays, and
    // the focus goes back where it was, not to the page's start.
    await page.getByTestId('composer-state-SYN-SENT').focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-leave-stay').waitFor();
    const focusedId = (): Promise<string | undefined> => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['testid']);
    expect(await focusedId()).toBe('confirm-leave-stay');
    expect(await axeViolations(page), 'leave the challenge?, en').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-leave-stay').waitFor({ state: 'detached' });
    expect(await focusedId()).toBe('composer-state-SYN-SENT');
    // In Chinese too, and the top bar still holds it all.
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await clock.filter({ hasText: new RegExp(`^用时 \\d+:\\d\\d · 标准 ${PAR}$`) }).waitFor();
    await page.getByTestId('game-turn').filter({ hasText: '挑战计时照走' }).waitFor();
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await shot(page, 'challenge-0-clock-zh-CN');
    expect(await axeViolations(page), 'challenge running, zh-CN').toEqual([]);
    await page.getByTestId('composer-state-SYN-SENT').focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-leave-stay').waitFor();
    expect(await axeViolations(page), 'leave the challenge?, zh-CN').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-leave-stay').waitFor({ state: 'detached' });
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
    expect(await axeViolations(page), 'challenge over, en').toEqual([]);
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await clock.filter({ hasText: /^用时 / }).waitFor();
    expect(await axeViolations(page), 'challenge over, zh-CN').toEqual([]);
    await page.evaluate(() => window.__tcpDojo!.setLang('en'));
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
    expect(await page.getByTestId('results-score-breakdown').textContent()).toMatch(/^\d+\s+points \+ \d+\s+time\s+bonus$/);
    // The breakdown wraps in the narrow score card, but never between a number and its unit
    // ("53 分 + 时间奖励 18" with "分" alone on the next line), in either language.
    expect(numberCutFromUnit(await breakdownLines(page))).toEqual([]);
    await shot(page, 'challenge-2-results-leaderboard');
    expect(await axeViolations(page), 'challenge Results, en').toEqual([]);
    await expectTabRound(page, 'challenge Results', ['results-replay', 'results-menu']);
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await page.getByTestId('results-score-breakdown').filter({ hasText: '时间奖励' }).waitFor();
    const zhLines = await breakdownLines(page);
    expect(zhLines.join(' ')).toMatch(/^\d+\s分 \+ 时间奖励\s\d+\s分$/);
    expect(numberCutFromUnit(zhLines)).toEqual([]);
    await shot(page, 'challenge-2-results-leaderboard-zh-CN');
    expect(await axeViolations(page), 'challenge Results, zh-CN').toEqual([]);
    await page.evaluate(() => window.__tcpDojo!.setLang('en'));

    // Escape leaves Results for the menu, as it leaves the game's screens.
    await page.keyboard.press('Escape');
    await waitForScene(page, 'Menu');
    await page.getByTestId('menu-challenge-scenario').selectOption('handshake');
    await page.getByTestId('menu-leaderboard-row').first().waitFor();
    expect(await page.getByTestId('menu-leaderboard-row').first().textContent()).toContain('Grace');
    await shot(page, 'challenge-3-menu-leaderboard');
  }, 180_000);
});
