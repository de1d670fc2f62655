/**
 * The browser-test fixture. Every browser test file starts with it:
 *
 *     const env = gameServerAndBrowser();
 *
 *     it('plays a practice round in Chinese', async () => {
 *       const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'zh-CN', name: 'Ada' });
 *       await startCoachedPractice(page, 'Ada');           // play.ts: menu → game, by click or tap
 *       await playRound(page);                             // play.ts: every decision, as a correct TCP
 *       ...
 *     }, 120_000);
 *
 * What a file gets, and what keeps `npm test` inside its 600 s:
 * - One game server (the real app on a free port, serving the Vite build, the game clock fast:
 *   E2E_CLOCK in gameServer.ts) and one headless Chromium, started side by side before the first
 *   test and stopped after the last. Colyseus' matchmaker is process-wide, so a file has one
 *   server at a time; `env.restartServer(settings)` swaps it for one with other settings.
 * - `env.open(options)`: a fresh browser context (its own storage, cookies and network: one
 *   player, one device) with one page on the game, the language and tutorial choice saved as a
 *   returning player's, the menu shown and the name typed. Touch screens: `touch: true`. Two
 *   players: two `open()` calls (two contexts of one browser both draw; neither is a background
 *   tab). Every context a test opened is closed after it, even when it fails.
 * - The game steps E2E_FPS (4) times a second and draws one step in E2E_DRAW_EVERY (4), and draws
 *   every step at the display rate while the test waits for drawn frames (browser.ts: software
 *   WebGL is what makes a browser test slow); wait for drawn frames with `frames(page)`, never for
 *   rAF ticks.
 * - Waiting helpers that read the page's own state: `waitForScene`, `frames` (browser.ts),
 *   `nextDecision`, `answered`, `playRound`, `toResults` (play.ts), `resizeGame`, `tapLanguage`,
 *   `expectTouchFriendly` (touchAudit.ts). No `waitForTimeout`, no fixed delays: a slow machine
 *   makes a test slower, never red.
 * - Screenshots (`shot`, play.ts) are saved with E2E_SHOTS=1, when someone looks at the screens;
 *   a failing test's pages are always shot (test-results/screenshots/failed-*).
 * - Files run two at a time (vitest.config.ts): a file must not depend on another's server,
 *   port, files or timing. Check one screen at several sizes and in both languages by resizing and
 *   switching in place (`expectTouchFriendly`), not by walking the game again.
 * - A file with a server of its own (the class server, a `node server/main.ts` it kills) takes
 *   `browserForFile()`: the same Chromium and contexts, without the game server. A file whose tests
 *   are the steps of one story (a class's life) keeps its people's contexts across them:
 *   `newContext(options, { keep: 'file' })`; so does a file whose tests each open their own view
 *   anew on one page (replay.test.ts: a finished round's replay, as Results' button opens it).
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newTestContext, screenshot, waitForScene, type TestContextOptions, type Viewport } from './browser.ts';
import { SHOTS } from './play.ts';
import { startGameServer, type GameServer, type GameServerSettings } from './gameServer.ts';

export interface OpenOptions extends TestContextOptions {
  /** What to open after the server's URL: '' (the game's menu, the default), '?stress=24', 'class.html?code=…'. */
  path?: string;
  /** The game scene to wait for: 'Menu' by default; null for a page without the game (the class pages). */
  scene?: string | null;
  /** Typed into the menu's name field once the menu shows. */
  name?: string;
}

export interface BrowserForFile {
  /** The file's Chromium. */
  readonly chromium: Browser;
  /** The contexts the running test opened. */
  readonly contexts: readonly BrowserContext[];
  /**
   * A fresh context for one player, who opens pages itself: closed after the test, or with
   * `{ keep: 'file' }` after the file's last test (a file whose tests are steps of one story, such
   * as a class's life, where the same people stay on their pages from one test to the next).
   */
  newContext: (options: TestContextOptions, lifetime?: { keep: 'test' | 'file' }) => Promise<BrowserContext>;
}

/**
 * One Chromium for the file (launched before its first test, closed after its last) and a fresh
 * context per player, closed after the test that opened it even when the test fails. For files
 * that run their own server (the classroom's); game files use `gameServerAndBrowser`.
 */
export function browserForFile({ alongside }: { alongside?: () => Promise<unknown> } = {}): BrowserForFile {
  let chromium: Browser | null = null;
  const opened: BrowserContext[] = [];
  const kept: BrowserContext[] = [];
  beforeAll(async () => {
    // `alongside` (the game server's start) overlaps Chromium's launch.
    [chromium] = await Promise.all([launchChromium(), alongside?.()]);
  });
  afterEach(async ({ task }) => {
    // Screenshots are taken on request (E2E_SHOTS, browser.ts); a failure's pages always are.
    if (task.result?.state === 'fail') await shootPages(task.name, [...opened, ...kept]);
    for (const context of opened.splice(0)) await context.close().catch(() => undefined);
  });
  afterAll(async () => {
    for (const context of kept.splice(0)) await context.close().catch(() => undefined);
    await chromium?.close();
  });
  return {
    get chromium(): Browser {
      return started(chromium, 'the browser');
    },
    contexts: opened,
    newContext: async (options, { keep } = { keep: 'test' }) => {
      const context = await newTestContext(started(chromium, 'the browser'), options);
      (keep === 'file' ? kept : opened).push(context);
      return context;
    },
  };
}

export interface GameAndBrowser extends BrowserForFile {
  readonly server: GameServer;
  /** A fresh context and page, on the game (see OpenOptions). */
  open: (options: OpenOptions) => Promise<Page>;
  /** Stop the file's server and start one with these settings, for the rest of the file. */
  restartServer: (settings: GameServerSettings) => Promise<GameServer>;
  /**
   * For tests written against the older fixture (one shared profile): `newPage(viewport)` is a blank
   * page in a fresh context (nothing saved), `context.pages()` the pages of the test's contexts.
   */
  readonly browser: { newPage: (viewport: Viewport) => Promise<Page>; context: { pages: () => Page[] } };
}

/** The file's game server and Chromium (see the top of this file). */
export function gameServerAndBrowser(settings: GameServerSettings = {}): GameAndBrowser {
  let server: GameServer | null = null;
  const browser = browserForFile({ alongside: async () => (server = await startGameServer(settings)) });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server(): GameServer {
      return started(server, 'the game server');
    },
    get chromium(): Browser {
      return browser.chromium;
    },
    contexts: browser.contexts,
    newContext: browser.newContext,
    open: async ({ path = '', scene = 'Menu', name, ...options }) => {
      const page = await (await browser.newContext(options)).newPage();
      // The first page of a run waits on a cold server and a busy machine: patient, not a delay.
      await page.goto(new URL(path, started(server, 'the game server').url).href, { timeout: 120_000 });
      if (scene) await waitForScene(page, scene);
      if (name !== undefined) await page.getByTestId('menu-name').fill(name);
      return page;
    },
    restartServer: async (next) => {
      await server?.stop();
      server = null;
      server = await startGameServer(next);
      return server;
    },
    browser: {
      newPage: async (viewport) => (await browser.newContext({ viewport, seed: false })).newPage(),
      context: { pages: () => browser.contexts.flatMap((c) => c.pages()) },
    },
  };
}

/** Every page of these contexts, as the test left them: test-results/screenshots/failed-<test>-<n>.png. */
async function shootPages(test: string, contexts: readonly BrowserContext[]): Promise<void> {
  const name = test.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
  const pages = contexts.flatMap((c) => c.pages());
  for (const [i, page] of pages.entries()) {
    await screenshot(page, join(SHOTS, `failed-${name}-${i + 1}.png`)).catch(() => undefined);
  }
}

function started<T>(value: T | null, what: string): T {
  if (!value) throw new Error(`${what} is not started yet (use it inside a test)`);
  return value;
}
