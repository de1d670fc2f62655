/**
 * A finished round in the step-by-step replay, in real Chromium: rounds made by the shared game
 * layer (the textbook bot's answers) and opened from the view a room sends after the round, as
 * Results' replay button does. Stepping stops at every state (FIN-WAIT-2 held for 0 s included),
 * autoplay runs through the 240 s TIME-WAIT instead of crawling, the timer panel shows the round's
 * timers (the delayed-ACK timer of an ACK the player held back included), nothing looks clickable that decides nothing. The flow graph draws every segment with its
 * own label, none overlapping (measured on screen and in the exported PNG), and injected segments
 * from their own lane.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { IDLE_REAL_MS } from '../../client/model/playback.ts';
import { allowedFor, createRound, runToEnd } from '../../shared/game/round.ts';
import { roundTimeline } from '../../shared/game/timeline.ts';
import { roundView, type RoundView } from '../../shared/game/views.ts';
import { symmetricWire, type ScriptedFault, type WireSettings } from '../../shared/tcp/wire.ts';
import { roundLogOf } from '../../client/net/roundLog.ts';
import { playAgainstBot, startRound } from '../game/play.ts';
import { findOverflows, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { measureTextSizes, withPhoneProbe, type SmallText } from './phoneProbe.ts';
import { resizeGame } from './touchAudit.ts';
import { answered, nextDecision, playMove, sessionOf, shot, SHOTS, startCoachedPractice, toResults } from './play.ts';
import { join } from 'node:path';
import type { Side } from '../../shared/tcp/wire.ts';
import { lineEntersBox } from '../support/lineBox.ts';

const env = gameServerAndBrowser();

interface Box {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Line {
  label: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

interface Check {
  now: number;
  cut: number | null;
  playing: boolean;
  skipping: boolean;
  skippedRealMs: number;
  state: { client: string; server: string };
  timers: string[];
  labels: Box[];
  arrows: Line[];
  duration: number;
  ladderScroll: { y: number; max: number };
}

function finishedView(scenarioId: string, you: 'client' | 'server' = 'client', faults?: ScriptedFault[], wire?: { seed: number; wire: WireSettings }): RoundView {
  const created = createRound({ scenarioId, mode: 'coach', seed: 7, controllers: { client: 'human', server: 'human' }, personality: 'textbook', ...(faults ? { faults } : {}), ...(wire ?? {}) });
  if (!created.ok) throw new Error(created.rejection.detail);
  return JSON.parse(JSON.stringify(roundView(runToEnd(created.round), you))) as RoundView;
}

async function openReplay(page: Page, view: RoundView): Promise<void> {
  await page.evaluate(([v]) => window.__tcpDojo!.replayView(v as never, 'client'), [view] as const);
  await waitForScene(page, 'Game', 120_000);
  await page.waitForFunction(() => window.__tcpDojo?.gameCheck() !== null, undefined, { timeout: 120_000 });
}

const check = (page: Page): Promise<Check> => page.evaluate(() => window.__tcpDojo!.gameCheck() as Check);

function overlaps(boxes: Box[]): [string, string][] {
  const out: [string, string][] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push([a.text, b.text]);
    }),
  );
  return out;
}

/** Every drawn arrow line that runs through another arrow's label (a line through its own label is that label's arrow). */
function linesThroughLabels(lines: Line[], labels: Box[]): string[] {
  return labels.flatMap((b) => lines.filter((l) => l.label !== b.text && lineEntersBox(l, b)).map((l) => `${l.label.replace(/\n/g, ' ')} through ${b.text.replace(/\n/g, ' ')}`));
}

/**
 * Switch the page's language in place, as the menu's language switch does: the replay opened after
 * it is built in that language (a page per language costs a page load and the game's first scene).
 */
const switchLang = (page: Page, lang: 'en' | 'zh-CN'): Promise<void> => page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);

/** The page the finished rounds are replayed on (`replayPage`). */
let replays: Page | null = null;

/**
 * The page for a finished round's replay, in `lang`, its window at `viewport`. One page for the
 * file (a page load and the game's first scene are ~2 s of a loaded machine's time, and every test
 * here opens its replay anew, as Results' replay button does, in the language and at the size the
 * page has then); a fresh one if a test left it closed.
 */
async function replayPage(lang: 'en' | 'zh-CN', viewport = { width: 1600, height: 900 }): Promise<Page> {
  if (!replays || replays.isClosed()) {
    replays = await (await env.newContext({ viewport, seed: false }, { keep: 'file' })).newPage();
    await replays.goto(env.server.url, { timeout: 120_000 });
    await waitForScene(replays, 'Menu', 120_000);
  }
  const size = replays.viewportSize();
  if (size?.width !== viewport.width || size.height !== viewport.height) await resizeGame(replays, viewport);
  await switchLang(replays, lang);
  return replays;
}

describe('the step-by-step replay', () => {
  it('steps through every state the client passed, FIN-WAIT-2 included, with its timers, and no composer', async () => {
    const page = await replayPage('en');
    await openReplay(page, finishedView('active-close-client'));
    // Nothing is decided in a replay: no composer; the state glossary stands in its place.
    expect(await page.getByTestId('composer').count()).toBe(0);
    await page.getByTestId('glossary').waitFor();
    // Hold the replay at its start (it autoplays on opening), then step by hand.
    await page.evaluate(() => window.__tcpDojo!.freezeAt(0));

    const seen: string[] = [];
    let timeWaitTimer = false;
    let fw2Shot = false;
    for (let guard = 0; guard < 80; guard++) {
      const before = await check(page);
      if (before.now >= before.duration) break;
      // → is the step-forward key of the playback bar (its » button).
      await page.keyboard.press('ArrowRight');
      const c = await page.waitForFunction((prev) => {
        const now = window.__tcpDojo!.gameCheck() as Check;
        return now.now !== prev.now || now.cut !== prev.cut ? now : false;
      }, { now: before.now, cut: before.cut }, { timeout: 60_000 }).then((h) => h.jsonValue() as Promise<Check>);
      if (seen[seen.length - 1] !== c.state.client) seen.push(c.state.client);
      if (c.state.client === 'TIME-WAIT' && c.timers.includes('client/time-wait')) timeWaitTimer = true;
      if (c.state.client === 'FIN-WAIT-2' && !fw2Shot) {
        // The glossary explains the state the shown host is in.
        await page.getByTestId('glossary-state').filter({ hasText: 'FIN-WAIT-2' }).waitFor();
        expect(c.cut).not.toBeNull(); // inside one instant: TIME-WAIT follows at the same time
        await shot(page, 'replay-1-step-fin-wait-2-en');
        fw2Shot = true;
      }
    }
    expect(seen).toEqual(['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
    expect(timeWaitTimer).toBe(true);
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 600_000);

  it('autoplay skips the 240 s TIME-WAIT instead of crawling through it, showing the countdown as it goes', async () => {
    const page = await replayPage('zh-CN');
    const view = finishedView('active-close-client');
    await openReplay(page, view);
    await page.getByTestId('playback-speed').selectOption('0.5');
    // From the moment the client enters TIME-WAIT, at 0.5×: the 240 s would take 8 minutes of
    // playback time; skipped, they take about a second of it. Playback time is the game's own
    // frame time, so the check holds on a loaded machine too (where it takes more frames).
    const twAt = view.states.find((st) => st.side === 'client' && st.to === 'TIME-WAIT')!.at;
    await page.evaluate((at) => window.__tcpDojo!.freezeAt(at + 50), twAt);
    await page.getByTestId('playback-toggle').click();
    await page.getByTestId('playback-skipping').waitFor({ state: 'visible', timeout: 120_000 });
    const skipping = await check(page);
    expect(skipping.skipping).toBe(true);
    expect(skipping.state.client).toBe('TIME-WAIT');
    expect(skipping.timers).toContain('client/time-wait');
    expect(await page.getByTestId('playback-skipping').textContent()).toContain('快进');
    await shot(page, 'replay-2-skipping-time-wait-zh-CN');
    await page.waitForFunction(() => {
      const c = window.__tcpDojo!.gameCheck() as Check;
      return c.now >= c.duration && !c.playing;
    }, undefined, { timeout: 300_000 });
    const end = await check(page);
    expect(end.skippedRealMs).toBeGreaterThan(0);
    expect(end.skippedRealMs).toBeLessThanOrEqual(IDLE_REAL_MS + 250);
    expect((await check(page)).state.client).toBe('CLOSED');
    await page.getByTestId('playback-skipping').waitFor({ state: 'hidden' });
  }, 600_000);
});

describe('the flow graph', () => {
  /** Every label the ladder shows at any scroll position, in content coordinates. */
  async function allLabels(page: Page): Promise<Box[]> {
    const { ladderScroll } = await check(page);
    const byText = new Map<string, Box>();
    for (let y = 0; y <= ladderScroll.max + 200; y += 200) {
      await page.evaluate((to) => window.__tcpDojo!.scrollLadder(to), y);
      const c = await check(page);
      for (const b of c.labels) byText.set(`${b.text}@${Math.round(b.y + c.ladderScroll.y)}`, { ...b, y: b.y + c.ladderScroll.y });
      // On screen at once: never overlapping.
      expect(overlaps(c.labels)).toEqual([]);
    }
    return [...byText.values()];
  }

  it('why-three: an ACK and a FIN sent together are two arrows with two labels; the stale SYN is labelled, from its own lane; nothing overlaps on screen or in the PNG', async () => {
    const page = await replayPage('en');
    for (const lang of ['en', 'zh-CN'] as const) {
      await switchLang(page, lang);
      const view = finishedView('why-three');
      await openReplay(page, view);
      await page.evaluate(() => window.__tcpDojo!.freezeAt(1e9));
      const labels = await allLabels(page);
      expect(overlaps(labels)).toEqual([]);
      const texts = labels.map((l) => l.text.replace(/\n/g, ' '));
      const stale = texts.filter((t) => t.startsWith('SYN seq=90000'));
      expect(stale).toHaveLength(1);
      expect(stale[0]).toContain(lang === 'en' ? 'old duplicate' : '旧重复报文');
      // The server's ACK of the client's FIN and its own FIN left at the same instant (its
      // application closes as soon as the client has): two labels, not one "FIN, ACK".
      const fin = view.flights.find((f) => f.from === 'server' && f.flags.FIN)!;
      expect(view.flights.filter((f) => f.from === 'server' && f.sentAt === fin.sentAt).map((f) => f.flags.FIN)).toEqual([false, true]);
      const withFinSeq = texts.filter((t) => t.includes(`seq=${fin.seq} `));
      expect(withFinSeq.some((t) => t.startsWith('ACK '))).toBe(true);
      expect(withFinSeq.some((t) => t.startsWith('FIN, ACK '))).toBe(true);
      // Every segment has its label.
      expect(labels.filter((l) => !/^(old duplicates|旧的重复报文)/.test(l.text))).toHaveLength(view.flights.length);
      const png = await page.evaluate(() => window.__tcpDojo!.ladderPng());
      expect(png?.bytes).toBeGreaterThan(1_000);
      expect(png?.boxes.length).toBe(view.flights.length + 1);
      expect(overlaps(png?.boxes ?? [])).toEqual([]);
      await page.evaluate(() => window.__tcpDojo!.scrollLadder(0));
      await shot(page, `flowgraph-1-why-three-${lang}`);
      expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    }
  }, 600_000);

  it('the SYN flood: spoofed SYNs from their own lane with their forged sources, SYN-ACKs back to it, the server’s queues in the replay', async () => {
    const page = await replayPage('en');
    const view = finishedView('syn-flood', 'server');
    await openReplay(page, view);
    await page.evaluate(() => window.__tcpDojo!.freezeAt(300));
    const early = await page.evaluate(() => window.__tcpDojo!.gameCheck() as { queues: { server: { syn: string } | null } });
    expect(early.queues.server?.syn).toBe('4/4 full');
    await page.evaluate(() => window.__tcpDojo!.freezeAt(1e9));
    const labels = await allLabels(page);
    expect(overlaps(labels)).toEqual([]);
    const spoofed = labels.filter((l) => l.text.includes('spoofed, from 198.51.100.'));
    expect(spoofed).toHaveLength(5);
    expect(labels.filter((l) => l.text.includes('to the forged 198.51.100.')).length).toBeGreaterThanOrEqual(5);
    const png = await page.evaluate(() => window.__tcpDojo!.ladderPng());
    expect(overlaps(png?.boxes ?? [])).toEqual([]);
    await page.evaluate(() => window.__tcpDojo!.freezeAt(300));
    await page.evaluate(() => window.__tcpDojo!.scrollLadder(0));
    await shot(page, 'flowgraph-2-syn-flood-en');
  }, 600_000);

});

describe('the flow graph at a crowded moment', () => {
  it('a half-close whose FIN the wire duplicates (the client’s ACK, the server’s FIN and its copy leave at one instant): every label readable, none over another, no arrow through another’s label, in the game’s graph and in the PNG Results saves, at 1600×900 and 1280×720, on a 1024×768 tablet and in a 960×540 window (its text raised to 9 CSS px), in English and Chinese', async () => {
    const view = finishedView('half-close', 'client', [{ action: 'duplicate', from: 'server', withFlags: ['FIN'], exact: false, count: 1 }]);
    const fin = view.flights.find((f) => f.from === 'server' && f.flags.FIN && !f.duplicate);
    expect(view.flights.filter((f) => f.sentAt === fin?.sentAt)).toHaveLength(3);
    const sizes = [{ width: 1600, height: 900 }, { width: 1280, height: 720 }, { width: 1024, height: 768 }, { width: 960, height: 540 }];
    // One page, its language switched and its window resized from one size to the next as a window
    // is: the replay opens anew (from Results) each time, its graph laid out in the language and at
    // the size the window has then.
    const page = await replayPage('en', sizes[0]);
    for (const lang of ['en', 'zh-CN'] as const) {
      await switchLang(page, lang);
      for (const viewport of sizes) {
        const size = `${viewport.width}x${viewport.height}`;
        await resizeGame(page, viewport);
        // On the tablet and the small window, as the device draws it: 9 CSS px or more.
        const copyAt = await finishedGraphReads(page, view, `${lang} ${size}`, viewport.width < 1280, lang === 'en' ? 'DUPLICATE' : '重复');
        expect(copyAt).not.toBeNull();
        // The crowded moment in view: the FIN's copy's label in the middle of the graph.
        await page.evaluate((to) => window.__tcpDojo!.scrollLadder(to), (copyAt ?? 0) - 220);
        await shot(page, `flowgraph-crowded-game-${lang}-${size}`);
        expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
        // The PNG (what Results' "Save PNG" draws, the whole graph at its own width).
        const png = await page.evaluate(() => window.__tcpDojo!.ladderPng());
        expect(png?.boxes.length).toBe(view.flights.length);
        expect(overlaps(png?.boxes ?? [])).toEqual([]);
        expect(linesThroughLabels(png?.arrows ?? [], png?.boxes ?? [])).toEqual([]);
        // Results for this round: its Save PNG is that picture.
        await page.evaluate((log) => {
          const game = window.__tcpDojo!.game;
          game.registry.set('lastRound', log);
          game.registry.set('lastResult', null);
          game.scene.getScene('Game').scene.start('Results');
        }, roundLogOf(view));
        await waitForScene(page, 'Results');
        await shot(page, `flowgraph-crowded-results-${lang}-${size}`);
        const download = page.waitForEvent('download');
        await page.getByTestId('results-export').click();
        const saved = await download;
        expect(saved.suggestedFilename()).toBe('tcp-dojo-flow-graph.png');
        if (process.env.E2E_SHOTS) await saved.saveAs(join(SHOTS, `flowgraph-crowded-results-png-${lang}-${size}.png`));
      }
    }
  }, 600_000);
});

/** The flow graph as drawn at one scroll position (`graphAtEveryScroll`). */
interface GraphAt {
  y: number;
  scrollY: number;
  labels: Box[];
  arrows: Line[];
  /** Flow-graph labels under 9 CSS px as the device draws them (read when asked). */
  small: SmallText[];
}

/**
 * In the page: the flow graph scrolled from top to bottom in `step`s, what each position draws
 * (the game's own `gameCheck`), and with `floor` its labels' sizes (`measure`: phoneProbe's
 * measureTextSizes, passed as source). Scrolling redraws synchronously, so one evaluate reads every
 * position as separate ones did, without a round trip to the page for each.
 */
function graphAtEveryScroll(measure: (min: number) => { under: SmallText[] }, { step, floor }: { step: number; floor: boolean }): GraphAt[] {
  const hooks = window.__tcpDojo!;
  const { ladderScroll } = hooks.gameCheck() as Check;
  const out: GraphAt[] = [];
  for (let y = 0; y <= ladderScroll.max + step; y += step) {
    hooks.scrollLadder(y);
    const c = hooks.gameCheck() as Check;
    out.push({ y, scrollY: c.ladderScroll.y, labels: c.labels, arrows: c.arrows, small: floor ? measure(9).under.filter((u) => u.name === 'flow-graph-label') : [] });
  }
  return out;
}

/**
 * A finished round's replay, its graph scrolled through from top to bottom, every part as drawn
 * (real fonts, real boxes): no label over another, no arrow through a label, and with `floor`
 * every label 9 CSS px or more. Returns where the first label holding `text` is in the graph.
 */
async function finishedGraphReads(page: Page, view: RoundView, where: string, floor: boolean, text: string): Promise<number | null> {
  await openReplay(page, view);
  await page.evaluate(() => window.__tcpDojo!.freezeAt(1e9));
  await page.waitForFunction(() => {
    const c = window.__tcpDojo!.gameCheck() as Check;
    return c.now >= c.duration;
  });
  await withPhoneProbe(page);
  const graph = (await page.evaluate(`(${graphAtEveryScroll.toString()})(${measureTextSizes.toString()}, ${JSON.stringify({ step: 150, floor })})`)) as GraphAt[];
  let foundAt: number | null = null;
  for (const c of graph) {
    expect(overlaps(c.labels), `${where} at ${c.y}`).toEqual([]);
    expect(linesThroughLabels(c.arrows, c.labels), `${where} at ${c.y}`).toEqual([]);
    if (floor) expect(c.small, `${where} at ${c.y}`).toEqual([]);
    // (Words a label breaks over lines, between Chinese characters too, still read as one.)
    const label = c.labels.find((l) => l.text.replace(/\s+/g, '').includes(text.replace(/\s+/g, '')));
    if (label && foundAt === null) foundAt = label.y + c.scrollY;
  }
  return foundAt;
}

describe('the flow graph of a lossy round on a tablet', () => {
  it('why-three (an old duplicate SYN from its lane among the handshake and the close) on a wire that loses a quarter of the segments, 300 ms each way (retransmissions, arrivals long after their send), seen by its client: on a 1024×768 tablet and in a 960×540 window, in English and Chinese, every label 9 CSS px or more, none over another, no arrow through another’s label', async () => {
    const view = finishedView('why-three', 'client', undefined, { seed: 5, wire: symmetricWire({ loss: 0.25, delayMs: 300 }) });
    expect(view.flights.some((f) => f.lostAt !== null && f.lostAt !== undefined)).toBe(true);
    // One page, its language switched and its window resized: the replay opens anew in each (laid out for it).
    const page = await replayPage('en', { width: 1024, height: 768 });
    for (const lang of ['en', 'zh-CN'] as const) {
      await switchLang(page, lang);
      for (const viewport of [{ width: 1024, height: 768 }, { width: 960, height: 540 }]) {
        const size = `${viewport.width}x${viewport.height}`;
        await resizeGame(page, viewport);
        const lostAt = await finishedGraphReads(page, view, `${lang} ${size}`, true, lang === 'en' ? 'lost on the wire' : '丢失');
        expect(lostAt).not.toBeNull();
        await page.evaluate((to) => window.__tcpDojo!.scrollLadder(to), (lostAt ?? 0) - 120);
        await shot(page, `flowgraph-lossy-game-${lang}-${size}`);
        expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
      }
    }
  }, 600_000);

  // The other lane rounds on that wire: isn-fixed's and isn-random's old duplicates (and
  // isn-random's blind RST) among lost and late segments, seen by their client; the accept queue's
  // and the flood's, seen by their server, where a lost SYN-ACK dies inside the lane's fan (another
  // client's SYN-ACK and ACK, or the other forged SYN-ACKs, ran through its label) and is labelled
  // past its cross.
  it('isn-fixed, isn-random, the full accept queue and the SYN flood on the same wire: on a 1024×768 tablet and in a 960×540 window, in English and Chinese, every label 9 CSS px or more, none over another, no arrow through another’s label or the lane’s title', async () => {
    const rounds = [
      { id: 'isn-fixed', you: 'client' },
      { id: 'isn-random', you: 'client' },
      { id: 'accept-queue-full', you: 'server' },
      { id: 'syn-flood', you: 'server' },
    ] as const;
    const page = await replayPage('en', { width: 1024, height: 768 });
    for (const lang of ['en', 'zh-CN'] as const) {
      await switchLang(page, lang);
      for (const viewport of [{ width: 1024, height: 768 }, { width: 960, height: 540 }]) {
        const size = `${viewport.width}x${viewport.height}`;
        await page.setViewportSize(viewport);
        for (const { id, you } of rounds) {
          const view = finishedView(id, you, undefined, { seed: 5, wire: symmetricWire({ loss: 0.25, delayMs: 300 }) });
          expect(view.flights.some((f) => f.lostAt !== null && f.lostAt !== undefined), id).toBe(true);
          expect(view.flights.some((f) => f.injected), id).toBe(true);
          const lostAt = await finishedGraphReads(page, view, `${id} ${lang} ${size}`, true, lang === 'en' ? 'lost on the wire' : '丢失');
          expect(lostAt, `${id} ${lang} ${size}`).not.toBeNull();
          await page.evaluate((to) => window.__tcpDojo!.scrollLadder(to), (lostAt ?? 0) - 120);
          await shot(page, `flowgraph-lossy-${id}-${lang}-${size}`);
        }
        expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
      }
    }
  }, 600_000);
});

describe('the flow graph of rounds with a lane (old duplicates, forged sources, another client) on a tablet and in small windows', () => {
  /** The lane rounds, each seen by the player the scenario is about; `find`: words of a lane label, per language. */
  const ROUNDS = [
    { id: 'syn-flood', you: 'server', find: { en: 'spoofed, from', 'zh-CN': '伪造源地址' } },
    { id: 'why-three', you: 'client', find: { en: 'old duplicate', 'zh-CN': '旧重复报文' } },
    { id: 'isn-fixed', you: 'client', find: { en: 'old duplicate', 'zh-CN': '旧重复报文' } },
    { id: 'isn-random', you: 'client', find: { en: 'old duplicate', 'zh-CN': '旧重复报文' } },
    { id: 'accept-queue-full', you: 'server', find: { en: 'another client', 'zh-CN': '另一个客户端' } },
    { id: 'accept-queue-closed', you: 'server', find: { en: 'another client', 'zh-CN': '另一个客户端' } },
  ] as const;
  // Every lane round on a 1024×768 tablet and in a 960×540 window (the stage at ×0.64 and ×0.6:
  // its text raised to 15 px), and in windows 940, 900 and 880 px wide (×0.59, ×0.56 and ×0.55,
  // the last before a phone's: 16 and 17 px), where the accept queue's rounds had another client's
  // SYN-ACK through a label and isn-random (English) two ACKs through its lane's title.
  const SIZES = [{ width: 1024, height: 768 }, { width: 960, height: 540 }, ...[940, 900, 880].map((width) => ({ width, height: 600 }))];
  it.each(['en', 'zh-CN'] as const)('in %s: the lane rounds replayed finished, every label 9 CSS px or more, none over another, no arrow through another’s label or the lane’s title', async (lang) => {
    // One page, resized from one window size to the next as a window is (each round is laid out
    // anew when its replay opens, at the size the window has then).
    const page = await replayPage(lang, SIZES[0]);
    for (const viewport of SIZES) {
      const size = `${viewport.width}x${viewport.height}`;
      await page.setViewportSize(viewport);
      for (const round of ROUNDS) {
        const view = finishedView(round.id, round.you);
        const laneAt = await finishedGraphReads(page, view, `${round.id} ${lang} ${size}`, true, round.find[lang]);
        expect(laneAt, `${round.id} ${lang} ${size}`).not.toBeNull();
        if (round.id === 'syn-flood' || round.id === 'accept-queue-full' || round.id === 'isn-random') {
          await page.evaluate((to) => window.__tcpDojo!.scrollLadder(to), 0);
          await shot(page, `flowgraph-lane-${round.id}-${lang}-${size}`);
        }
      }
      expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    }
  }, 600_000);
});

describe('the flow graph of a live round', () => {
  it('a half-close played through the page as the client (data and ACK pairs, the server’s FIN crossing the client’s ACK): no label over another at any decision, and once the wire is revealed no arrow through another’s label either, in the game’s graph and in the PNG Results saves (1280×720 English, 1024×768 Chinese)', async () => {
    for (const [lang, viewport] of [['en', { width: 1280, height: 720 }], ['zh-CN', { width: 1024, height: 768 }]] as const) {
      const size = `${viewport.width}x${viewport.height}`;
      const page = await env.open({ viewport, lang, name: 'Ada' });
      await startCoachedPractice(page, 'Ada', { scenario: 'half-close', role: 'client' });
      let decision: number | null = null;
      let decisions = 0;
      for (let guard = 0; guard < 40; guard++) {
        decision = await nextDecision(page, decision, 120_000);
        if (decision === null) break;
        // While the round plays, the player's own segments are drawn part-way (where they went is
        // not known yet) and may still pass behind another label's plate; labels never overlap.
        const c = await check(page);
        expect(overlaps(c.labels), `${lang} decision ${decision}`).toEqual([]);
        if (++decisions === 5) await shot(page, `flowgraph-live-half-close-mid-${lang}-${size}`);
        const s = await sessionOf(page);
        const move = correctAnswer(s!.roomId, s!.side as Side, decision);
        if (!move) continue;
        await playMove(page, move);
        await answered(page, decision, 120_000);
      }
      await page.waitForFunction(() => window.__tcpDojo?.session()?.finished === true, undefined, { timeout: 120_000 });
      // The wire revealed: every part of the graph as it scrolls by.
      const { ladderScroll } = await check(page);
      let finAt: number | null = null;
      for (let y = 0; y <= ladderScroll.max + 150; y += 150) {
        await page.evaluate((to) => window.__tcpDojo!.scrollLadder(to), y);
        const c = await check(page);
        expect(overlaps(c.labels), `${lang} at ${y}`).toEqual([]);
        expect(linesThroughLabels(c.arrows, c.labels), `${lang} at ${y}`).toEqual([]);
        // The server's FIN (the second FIN of the round) and the client's ACK crossing it.
        const fins = c.labels.filter((l) => l.text.startsWith('FIN'));
        const last = fins[fins.length - 1];
        if (last) finAt = last.y + c.ladderScroll.y;
      }
      await page.evaluate((to) => window.__tcpDojo!.scrollLadder(to), (finAt ?? 0) - 120);
      await shot(page, `flowgraph-live-half-close-game-${lang}-${size}`);
      const png = await page.evaluate(() => window.__tcpDojo!.ladderPng());
      expect(overlaps(png?.boxes ?? [])).toEqual([]);
      expect(linesThroughLabels(png?.arrows ?? [], png?.boxes ?? [])).toEqual([]);
      await toResults(page);
      await shot(page, `flowgraph-live-half-close-results-${lang}-${size}`);
      const download = page.waitForEvent('download');
      await page.getByTestId('results-export').click();
      const saved = await download;
      if (process.env.E2E_SHOTS) await saved.saveAs(join(SHOTS, `flowgraph-live-half-close-results-png-${lang}-${size}.png`));
    }
  }, 600_000);
});

describe('the flow graph of a live SYN flood', () => {
  it('a SYN flood against the flooder bot played through the page as the server (each update of the graph places only what is new): no label over another at any decision, nor once the wire is revealed (1280×720 English, 1024×768 Chinese, a 960×540 window in both)', async () => {
    for (const [lang, viewport] of [['en', { width: 1280, height: 720 }], ['zh-CN', { width: 1024, height: 768 }], ['en', { width: 960, height: 540 }], ['zh-CN', { width: 960, height: 540 }]] as const) {
      const size = `${viewport.width}x${viewport.height}`;
      const page = await env.open({ viewport, lang, name: 'Ada' });
      await startCoachedPractice(page, 'Ada', { scenario: 'syn-flood', role: 'server', bot: 'flooder' });
      let decision: number | null = null;
      let decisions = 0;
      for (let guard = 0; guard < 60; guard++) {
        decision = await nextDecision(page, decision, 120_000);
        if (decision === null) break;
        decisions++;
        const c = await check(page);
        expect(overlaps(c.labels), `${lang} decision ${decision}`).toEqual([]);
        // Mid-round: the flood's SYN-ACKs have gone out to the forged sources.
        if (decisions === 8) await shot(page, `flowgraph-live-syn-flood-mid-${lang}-${size}`);
        const s = await sessionOf(page);
        const move = correctAnswer(s!.roomId, s!.side as Side, decision);
        if (!move) continue;
        // The move goes as Send sends it (the composer's typing is decisions.test.ts's): this test
        // is about each update of the graph.
        await page.evaluate(([id, m]) => window.__tcpDojo!.sendMove(id, m), [decision, move] as const);
        await answered(page, decision, 120_000);
      }
      expect(decisions).toBeGreaterThan(8);
      await page.waitForFunction(() => window.__tcpDojo?.session()?.finished === true, undefined, { timeout: 120_000 });
      const { ladderScroll } = await check(page);
      for (let y = 0; y <= ladderScroll.max + 150; y += 150) {
        await page.evaluate((to) => window.__tcpDojo!.scrollLadder(to), y);
        const c = await check(page);
        expect(overlaps(c.labels), `${lang} at ${y}`).toEqual([]);
        if (y === 150) await shot(page, `flowgraph-live-syn-flood-end-top-${lang}-${size}`);
      }
      await shot(page, `flowgraph-live-syn-flood-end-${lang}-${size}`);
      expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
      await page.close();
    }
  }, 600_000);
});

describe('the replay’s timers', () => {
  it('an ACK the player held back: the replay’s Timers panel runs its delayed-ACK timer as the live round did (English and Chinese)', async () => {
    // The client holds back every ACK that may wait (RFC 9293 §3.8.6.3); the bot plays the server.
    const round = playAgainstBot(startRound('data-on-third', 'client'), 'client', undefined, (r) => allowedFor(r, 'client')?.find((a) => a.kind === 'delayed-ack')?.move ?? null);
    const run = roundTimeline(round).timers.find((t) => t.kind === 'delayed-ack');
    expect(run).toBeDefined();
    const page = await replayPage('en');
    await openReplay(page, JSON.parse(JSON.stringify(roundView(round, 'client'))) as RoundView);
    await page.evaluate((at) => window.__tcpDojo!.freezeAt(at), run!.startedAt + 100);
    await page.waitForFunction(() => (window.__tcpDojo!.gameCheck() as Check).timers.includes('client/delayed-ack'));
    await shot(page, 'replay-3-delayed-ack-en');
    // Before it was armed and after it ran out (the 600 ms its "fired" shows), no such timer.
    for (const at of [run!.startedAt - 1, run!.expiresAt + 700]) {
      await page.evaluate((t) => window.__tcpDojo!.freezeAt(t), at);
      await page.waitForFunction(() => !(window.__tcpDojo!.gameCheck() as Check).timers.some((t) => t.startsWith('client/delayed-ack')));
    }
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await page.evaluate((at) => window.__tcpDojo!.freezeAt(at), run!.startedAt + 100);
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && (window.__tcpDojo!.gameCheck() as Check).timers.includes('client/delayed-ack'));
    await shot(page, 'replay-3-delayed-ack-zh-CN');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 600_000);
});
