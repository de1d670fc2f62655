/**
 * After a round on a phone held sideways (touch, 667×375 and 740×360, 2-3 device pixels per CSS px):
 * what a learner does on Results (client/scenes/Results.ts) is done by taps and read at a readable
 * size. The step-by-step replay docks its step controls and what the step says (the segment, both
 * hosts' states, the player's verdict and its rule's RFC section) along the window's right edge, as
 * a live round docks its composer (client/ui/overlay.ts); Compare fills the window at Results' page
 * scale and scrolls as one page. Before, both were the 1600×900 stage at ×0.4: text of 4-6 CSS px,
 * controls of 16-23. The round is the passive close's server, played by taps as phone.test.ts
 * does; then Results → Compare → Back → the replay, stepped through to its end by taps → Results →
 * a new round, in English and in Chinese. Screenshots (E2E_SHOTS=1): phone-replay-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../shared/rules/catalogue.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { findOverflows, frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { answered, nextDecision, sessionOf, shot, toResults, verdictShown } from './play.ts';
import { boxInWindow, tapMove, textsIn, withPhoneProbe, type InPageProbe, type ShownText } from './phoneProbe.ts';
import { correctAnswer } from './oracle.ts';
import type { Side } from '../../shared/tcp/wire.ts';

const env = gameServerAndBrowser();
const WORDS = { en, 'zh-CN': zhCN } as const;

/** The least a learner's words may be on the device (CSS px), and a finger's least target. */
const MIN_TEXT = 11;
const MIN_TARGET = 44;

interface Check {
  now: number;
  cut: number;
  duration: number;
  state: { client: string; server: string };
}
const gameCheck = (page: Page): Promise<Check> => page.evaluate(() => window.__tcpDojo!.gameCheck() as Check);

/** The shown controls inside one element (by test id) smaller than a finger, as the device draws them. */
async function smallTargets(page: Page, testid: string): Promise<{ name: string; width: number; height: number }[]> {
  await withPhoneProbe(page);
  return page.getByTestId(testid).evaluate((root, min) => {
    const { shown } = (window as unknown as { __phoneProbe: InPageProbe }).__phoneProbe;
    return [...root.querySelectorAll<HTMLElement>('button, select, input, summary')].filter(shown).map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.dataset['testid'] ?? el.textContent?.trim().slice(0, 20) ?? el.tagName, width: Math.round(r.width), height: Math.round(r.height) };
    }).filter((b) => b.width < min || b.height < min);
  }, MIN_TARGET);
}

const tooSmall = (texts: ShownText[]): ShownText[] => texts.filter((x) => x.px < MIN_TEXT);

const cases = [
  { name: 'iphoneSE', width: 667, height: 375, dpr: 2, lang: 'en' },
  { name: 'android', width: 740, height: 360, dpr: 3, lang: 'zh-CN' },
] as const;

describe('after a round on a phone held sideways', () => {
  for (const p of cases) {
    it(`at ${p.width}×${p.height} (${p.lang}): Compare reads and scrolls, the replay is stepped through by taps with each step's words readable, and a new round starts by taps`, async () => {
      const tag = `${p.name}-${p.lang}`;
      const page = await env.open({ viewport: { width: p.width, height: p.height }, deviceScaleFactor: p.dpr, touch: true, lang: p.lang, scene: 'Menu' });
      await page.getByTestId('menu-name').tap();
      await page.keyboard.type('Pho');
      await page.getByTestId('menu-practice-scenario').selectOption('active-close-server');
      await page.getByTestId('menu-practice-role').selectOption('server');
      await page.getByTestId('menu-practice-mode').selectOption('coach');
      await page.getByTestId('menu-start-practice').tap();
      await waitForScene(page, 'Game');
      // The round by taps, as a correct TCP would play it, but one move wrong at its first try (its
      // SYN-ACK's seq one past the ISN), refused by the coach, then put right in the seq field and
      // sent: its verdict and the rule behind it are what the replay must tell.
      let wrong = false;
      let decision: number | null = null;
      for (let guard = 0; guard < 40; guard++) {
        decision = await nextDecision(page, decision, 120_000);
        if (decision === null) break;
        const s = await sessionOf(page);
        const right = correctAnswer(s!.roomId, s!.side as Side, decision);
        if (!right) continue;
        const [first, ...rest] = right.segments;
        if (!wrong && first) {
          wrong = true;
          await tapMove(page, { ...right, segments: [{ ...first, seq: first.seq + 1 }, ...rest] });
          expect((await verdictShown(page, decision)).verdict).toBe('refused');
          const seq = page.getByTestId('composer-seq');
          await seq.tap();
          await seq.fill('');
          await page.keyboard.type(String(first.seq));
          await page.getByTestId('composer-send').tap();
        } else {
          await tapMove(page, right);
        }
        await answered(page, decision, 120_000);
      }
      expect(wrong, 'a move with a segment to get wrong').toBe(true);
      await toResults(page, { tap: true });
      await shot(page, `phone-replay-results-${tag}`);

      // Compare: the window at Results' page scale, its words readable, its controls a finger's
      // size, and the whole list reached by scrolling the page (Back at its end).
      await page.getByTestId('results-compare').tap();
      await waitForScene(page, 'Compare');
      await page.getByTestId('compare-graph-other').locator('img').waitFor();
      await frames(page);
      await shot(page, `phone-replay-compare-${tag}`);
      const compareTexts = await textsIn(page, 'compare');
      expect(compareTexts.some((x) => x.text.includes(RULES['close.time-wait-expired'].section)), 'TIME-WAIT (240 s against Linux’s 60 s) among the differences').toBe(true);
      expect(tooSmall(compareTexts), 'Compare: texts under 11 CSS px').toEqual([]);
      expect(await smallTargets(page, 'compare'), 'Compare: controls under 44 CSS px').toEqual([]);
      expect(await findOverflows(page), 'Compare: overflow').toEqual({ html: [], canvas: [] });
      const scroller = await page.getByTestId('compare').evaluate((el) => ({ scrolls: el.scrollHeight > el.clientHeight + 1, overflowY: getComputedStyle(el).overflowY }));
      expect(scroller, 'Compare scrolls as one page').toEqual({ scrolls: true, overflowY: 'auto' });
      const lastDifference = page.getByTestId('compare-difference').last();
      await lastDifference.scrollIntoViewIfNeeded();
      const lastWhy = (await textsIn(page, 'compare')).filter((x) => x.seen).map((x) => x.text).join(' ');
      expect(lastWhy, 'the last difference’s explanation, scrolled to').toContain((await lastDifference.getByTestId('compare-why').textContent())!.trim());
      await page.getByTestId('compare-back').scrollIntoViewIfNeeded();
      expect(await boxInWindow(page, 'compare-back'), 'Back, scrolled to').toMatchObject({ inside: true, onTop: true });
      await shot(page, `phone-replay-compare-end-${tag}`);
      await page.getByTestId('compare-back').tap();
      await waitForScene(page, 'Results');

      // The replay: its step controls and the step's words docked at a finger's size.
      await page.getByTestId('results-replay').tap();
      await waitForScene(page, 'Game');
      await page.waitForFunction(() => window.__tcpDojo?.gameCheck() !== null);
      await frames(page);
      await shot(page, `phone-replay-open-${tag}`);
      const dock = page.getByTestId('replay-dock');
      await dock.waitFor({ state: 'visible', timeout: 5_000 });
      const box = await dock.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const app = document.getElementById('app')!.getBoundingClientRect();
        return { top: Math.round(r.top), bottom: Math.round(r.bottom), right: Math.round(r.right), clearOfStage: r.left >= app.left + (app.width * 1180) / 1600 - 1, window: { width: innerWidth, height: innerHeight } };
      });
      expect(box, 'the dock along the right edge, the window’s height, right of the stage').toEqual({ top: 0, bottom: box.window.height, right: box.window.width, clearOfStage: true, window: box.window });
      expect(await smallTargets(page, 'replay-dock'), 'the dock’s controls under 44 CSS px').toEqual([]);
      // Results, the other profile's view and Menu side by side (a second row ran below the window at 667 px in English).
      const rows = await dock.evaluate((el) => [...new Set([...el.querySelectorAll('.dock-actions button')].map((b) => Math.round(b.getBoundingClientRect().top)))]);
      expect(rows.length, `the dock’s actions on one row (rows at ${rows.join(', ')} CSS px)`).toBe(1);

      // Hold the replay at its start, then step through to the end by taps: every step's words
      // (its time, both hosts' states, the segment, the player's verdict and its rule) in view
      // and readable, the states those the stage draws.
      // (It plays on opening: a tap on ❚❚ holds it, « goes back a step at a time to its start.)
      let c = await gameCheck(page);
      if (await page.evaluate(() => (window.__tcpDojo!.gameCheck() as { playing: boolean }).playing)) {
        await page.getByTestId('replay-dock-play').tap();
        await page.waitForFunction(() => !(window.__tcpDojo!.gameCheck() as { playing: boolean }).playing);
      }
      for (let guard = 0; guard < 60; guard++) {
        c = await gameCheck(page);
        if (c.now === 0) break;
        await page.getByTestId('replay-dock-back').tap();
        await page.waitForFunction((prev) => {
          const now = window.__tcpDojo!.gameCheck() as { now: number; cut: number };
          return now.now !== prev.now || now.cut !== prev.cut;
        }, { now: c.now, cut: c.cut });
      }
      expect(c.now).toBe(0);
      const sections = new Set<string>();
      const wrongSections = new Set<string>();
      let verdicts = 0;
      let steps = 0;
      for (let guard = 0; guard < 60 && c.now < c.duration; guard++) {
        const before = c;
        await page.getByTestId('replay-dock-forward').tap();
        c = await page.waitForFunction((prev) => {
          const now = window.__tcpDojo!.gameCheck() as { now: number; cut: number };
          return now.now !== prev.now || now.cut !== prev.cut ? now : false;
        }, { now: before.now, cut: before.cut }).then((h) => h.jsonValue() as Promise<Check>);
        steps++;
        await frames(page, 1);
        const step = page.getByTestId('replay-step');
        const words = await textsIn(page, 'replay-step');
        const said = words.map((x) => x.text).join(' ');
        expect(tooSmall(words), `step ${steps} (${said}): texts under 11 CSS px`).toEqual([]);
        expect(await step.getAttribute('data-at'), `step ${steps}: the step shown is the stage's`).toBe(String(c.now));
        for (const role of ['client', 'server'] as const) expect(await step.getByTestId(`replay-step-state-${role}`).textContent(), `step ${steps}: the ${role}'s state`).toContain(c.state[role]);
        for (const s of await step.getByTestId('rule-section').allTextContents()) sections.add(s.trim());
        for (const v of await step.getByTestId('replay-step-verdict').all()) {
          verdicts++;
          const mark = (await v.getAttribute('data-mark')) as 'right' | 'right-shown' | 'wrong' | 'wrong-shown';
          expect(words.some((x) => x.text === WORDS[p.lang][`results.mark.${mark}`] && x.seen), `step ${steps}: the verdict (${mark}) in view as the step is taken`).toBe(true);
          if ((await v.getAttribute('data-mark'))?.startsWith('wrong')) {
            for (const s of await v.getByTestId('rule-section').allTextContents()) wrongSections.add(s.trim());
            if (steps > 0) await shot(page, `phone-replay-wrong-${tag}`);
          }
        }
        // The states are in view as the step is taken (the step's words start under the controls).
        for (const role of ['client', 'server'] as const) expect(words.some((x) => x.text.includes(c.state[role]) && x.seen), `step ${steps}: the ${role}'s ${c.state[role]} in view: ${JSON.stringify(words)}`).toBe(true);
        if (steps === 2) await shot(page, `phone-replay-step-${tag}`);
      }
      expect(c.now, 'stepped to the end by taps').toBe(c.duration);
      expect(verdicts, 'the player’s verdicts, each at its step').toBeGreaterThan(0);
      const isSection = (s: string): boolean => Object.values(RULES).some((r) => r.section === s);
      expect([...sections].filter((s) => !isSection(s)), `the rules of the state changes and verdicts by their RFC sections: ${[...sections].join(', ')}`).toEqual([]);
      expect(sections.size, 'the state changes’ rules').toBeGreaterThan(1);
      expect([...wrongSections].filter(isSection).length, `the wrong move's rule by its RFC section: ${[...wrongSections].join(', ')}`).toBeGreaterThan(0);
      await shot(page, `phone-replay-end-${tag}`);

      // Back to Results, and on to a new round, by taps.
      await page.getByTestId('replay-dock-results').tap();
      await waitForScene(page, 'Results');
      await page.getByTestId('results-rematch').tap();
      await waitForScene(page, 'Game');
      await page.getByTestId('composer').waitFor({ state: 'visible', timeout: 60_000 });
    }, 300_000);
  }
});
