/**
 * "What would Linux do?": after a practice round in which two SYN-ACKs are lost, Results opens the
 * side-by-side view; both flow graphs show the numbered points where RFC 9293 and Linux answer
 * differently, each explained by its rule, in English and in Chinese; the step-by-step replay opens
 * it too, and Back returns where the player came from.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.ts';
import { findOverflows, transparentPixels, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { expectTabRound } from './keyboard.ts';
import { answered, askHint, nextDecision, playMove, shot, startCoachedPractice } from './play.ts';

const env = gameServerAndBrowser();

/** The rule ids of the listed differences, in order. */
const listedRules = (page: Page): Promise<string[]> =>
  page.getByTestId('compare-difference').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset['rule'] ?? ''));

describe('the side-by-side view of a round under RFC 9293 and Linux', () => {
  it('a lossy round: Results → "What would Linux do?" → both graphs with the numbered differences and their rules, in both languages; also from the replay', async () => {
    const page = await env.open({ viewport: { width: 1600, height: 900 }, lang: 'en' });
    await startCoachedPractice(page, 'Ada', { scenario: 'lost-syn-ack' });
    // Play the client through the lost SYN-ACKs (connect, then the SYN resent at 1 s, which the
    // server answers at 1.3 s), and resign at the next decision (the second resend at 3 s): the
    // comparison replays the whole scenario from the round's inputs, its wire fates included.
    let decision: number | null = null;
    for (let played = 0; played < 2; played++) {
      decision = await nextDecision(page, decision);
      expect(decision).not.toBeNull();
      if (played === 1) {
        // The retransmission timer that just ran out, with its whole schedule under this round's profile.
        await shot(page, 'compare-0-timer-schedule-en');
        await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
        await shot(page, 'compare-0-timer-schedule-zh');
        await page.evaluate(() => window.__tcpDojo!.setLang('en'));
      }
      await playMove(page, await askHint(page, decision!));
      await answered(page, decision!);
    }
    expect(await nextDecision(page, decision)).not.toBeNull();
    await page.getByTestId('game-resign').click();
    await page.getByTestId('game-to-results').click();
    await waitForScene(page, 'Results');

    // The round ran under rfc9293, so Results offers the Linux side.
    const open = page.getByTestId('results-compare');
    expect(await open.textContent()).toBe('What would Linux do?');
    await open.click();
    await waitForScene(page, 'Compare');
    await page.getByTestId('compare-graph-other').locator('img').waitFor();

    // The lost SYN-ACKs make the client resend its SYN; RFC 9293 answers that duplicate with a bare
    // ACK, Linux with the SYN-ACK again; and TIME-WAIT lasts 240 s against 60 s.
    const rules = await listedRules(page);
    expect(rules).toContain('open.syn-received-dup-syn');
    expect(rules).toContain('close.time-wait-expired');
    const n = rules.length;
    for (let i = 1; i <= n; i++) {
      expect(await page.getByTestId(`compare-mark-base-${i}`).count(), `mark ${i} on the RFC graph`).toBeGreaterThan(0);
      expect(await page.getByTestId(`compare-mark-other-${i}`).count(), `mark ${i} on the Linux graph`).toBeGreaterThan(0);
    }
    // Each mark sits in the margin on its host's side of the picture (the client's axis is the left
    // one), where it hides none of the words drawn beside the axis: on the axis it covered the state
    // names ("…ABLISHED").
    for (const which of ['base', 'other'] as const) {
      const img = await page.getByTestId(`compare-graph-${which}`).locator('img').boundingBox();
      expect(img).not.toBeNull();
      const marks = await page.locator(`[data-testid^="compare-mark-${which}-"]`).evaluateAll((els) =>
        els.map((el) => ({ side: (el as HTMLElement).dataset['side'], n: (el as HTMLElement).dataset['n'], ...el.getBoundingClientRect().toJSON() as { left: number; right: number } })));
      expect(marks.length).toBeGreaterThan(0);
      for (const m of marks) {
        if (m.side === 'client') expect(m.right, `${which} mark ${m.n}, client`).toBeLessThanOrEqual(img!.x);
        else expect(m.left, `${which} mark ${m.n}, ${m.side}`).toBeGreaterThanOrEqual(img!.x + img!.width);
      }
    }
    const dupSyn = page.locator('[data-testid=compare-difference][data-rule="open.syn-received-dup-syn"]');
    expect(await dupSyn.textContent()).toMatch(/RFC 9293 \(rfc9293\): at [\d.]+ s: SYN-RECEIVED, sends ACK seq=\d+ ack=\d+ len=0/);
    expect(await dupSyn.textContent()).toMatch(/Linux 6\.18 \(linux\): at [\d.]+ s: SYN-RECEIVED, sends SYN, ACK seq=\d+ ack=\d+ len=0/);
    expect(await dupSyn.getByTestId('rule-section').textContent()).toBe('RFC 9293 §3.10.7.4');

    // Choosing a point on a graph marks it in the list too.
    const dupN = await dupSyn.getAttribute('data-n');
    await page.getByTestId(`compare-mark-other-${dupN}`).first().click();
    expect(await dupSyn.getAttribute('class')).toContain('chosen');
    expect(await page.getByTestId(`compare-mark-base-${dupN}`).first().getAttribute('class')).toContain('chosen');
    await shot(page, 'compare-1-en');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    expect(await transparentPixels(page)).toBe(0);
    // Accessible (axe: test/e2e/axe.ts), and by keyboard: Tab reaches every numbered point and the way back.
    expect(await axeViolations(page), 'compare, en').toEqual([]);
    // A screen reader names each numbered point for what it is, not by its bare number.
    const dupMarks = await page.locator(`[data-testid^="compare-mark-"][data-n="${dupN}"]`).count();
    expect(dupMarks).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('button', { name: `Point ${dupN}: where the stacks differ`, exact: true }).count()).toBe(dupMarks);
    await expectTabRound(page, 'compare', [...Array.from({ length: n }, (_, i) => [`compare-mark-base-${i + 1}`, `compare-mark-other-${i + 1}`]).flat(), 'compare-differences', 'compare-back', 'compare-menu']);

    // The same view in Chinese: title, captions, explanations.
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await page.getByText('换成 Linux 会怎样？').waitFor();
    expect(await page.getByTestId('compare-graph-base').locator('figcaption').textContent()).toBe('本局：RFC 9293（rfc9293 配置）');
    expect(await dupSyn.getByTestId('compare-why').textContent()).toMatch(/SYN-RECEIVED 状态收到重传的 SYN/);
    expect(await dupSyn.textContent()).toMatch(/Linux 6\.18（linux 配置）：第 [\d.]+ 秒：SYN-RECEIVED，发送 SYN, ACK/);
    expect(await listedRules(page)).toEqual(rules);
    await shot(page, 'compare-2-zh');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    expect(await axeViolations(page), 'compare, zh-CN').toEqual([]);

    // Back to Results; the replay offers the same view, and Back returns to the replay.
    await page.getByTestId('compare-back').click();
    await waitForScene(page, 'Results');
    await page.getByTestId('results-replay').click();
    await waitForScene(page, 'Game');
    // In the replay it shares the top bar's More menu with the capture download.
    await page.getByTestId('game-more').click();
    await page.getByTestId('replay-pcap').waitFor();
    await shot(page, 'compare-3-replay-more-zh');
    // The replay of the finished round, its More open, is accessible in both languages (axe)...
    expect(await axeViolations(page), 'replay, More open, zh-CN').toEqual([]);
    await page.evaluate(() => window.__tcpDojo!.setLang('en'));
    await page.getByTestId('game-more').getByText('More').click();
    await page.getByTestId('replay-pcap').waitFor();
    expect(await axeViolations(page), 'replay, More open, en').toEqual([]);
    // ...Escape closes More, as a disclosure does (not the replay: that is the next Escape's)...
    await page.getByTestId('replay-pcap').focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('replay-pcap').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => window.__tcpDojo!.activeScenes())).toContain('Game');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid=game-more]') !== null)).toBe(true);
    // ...and Tab reaches the playback, More's actions once it is open (Enter opens it), and the way out.
    await expectTabRound(page, 'replay', ['playback-restart', 'playback-back', 'playback-toggle', 'playback-forward', 'playback-scrub', 'playback-speed', 'game-results', 'game-menu', 'ladder-export']);
    await page.getByTestId('game-more').locator('summary').focus();
    await page.keyboard.press('Enter');
    await expectTabRound(page, 'replay, More open', ['replay-pcap', 'game-compare']);
    await page.getByTestId('game-compare').click();
    await waitForScene(page, 'Compare');
    expect(await listedRules(page)).toEqual(rules);
    await page.getByTestId('compare-back').click();
    await waitForScene(page, 'Game');
    expect(await page.evaluate(() => window.__tcpDojo!.activeScenes())).toContain('Game');
    await page.close();
  }, 600_000);
});
