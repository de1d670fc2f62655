/**
 * Headless Chromium for the browser tests and the screenshot script: Debian's /usr/bin/chromium
 * driven by playwright-core (no browser download), with the flags this machine needs as root and a
 * fresh, throw-away profile every launch.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Without the networking flags Chromium keeps dialling Google services that this machine refuses. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

export interface Viewport {
  width: number;
  height: number;
}

/**
 * The game's frame rate in the browser tests, between the moments a test waits for drawn frames.
 * Chromium draws WebGL in software here (SwiftShader, in its GPU process), and a Phaser frame of
 * the 1600×900 stage costs tens of milliseconds of CPU. Measured alone on this 2-core machine: one
 * game page at 15 frames a second kept the GPU process at ~0.9 of a core; two pages (a duel)
 * saturated it (1.6 cores) and every click then took ~1.2 s instead of ~0.1 s, each action of the
 * test queued behind those frames; at 5 frames a second two pages took ~0.9 of a core and a click
 * ~0.09 s (at 1, ~0.4 of a core and ~0.06 s). Capped, rAF still ticks at the display rate and the
 * game's time stays real time (Phaser adds up the ticks' deltas), so tweens and flights take as
 * long as ever; only fewer pictures are drawn. While a test waits for drawn frames (`frames`,
 * hence `waitForScene`, the touch audit's resize and language switch, every screenshot) the cap is
 * lifted until they are drawn, so a wait for a picture costs a few display frames, not a few capped
 * ones. Tests wait on the page's state or on drawn frames, never on a number of rAF ticks.
 * E2E_FPS=0 draws every frame, to compare.
 */
export const E2E_FPS = Number(process.env['E2E_FPS'] ?? 4);

/**
 * Of the capped steps, one in this many is drawn; the others run the game (input, scenes, tweens,
 * the network's messages applied) without drawing it, as Phaser's headless step does. Drawing is
 * what a step costs in software WebGL, and between waits for drawn frames nothing reads the
 * picture, so an open page that waits on its round or sits behind another costs a quarter of what
 * it did, while the game reacts as quickly as before (a drawn frame ~1 s apart at most). While a
 * test waits for drawn frames every step is drawn. E2E_DRAW_EVERY=1 draws every capped step.
 */
export const E2E_DRAW_EVERY = Math.max(1, Number(process.env['E2E_DRAW_EVERY'] ?? 4));

declare global {
  interface Window {
    /**
     * Set by `capFrameRate` (browser tests only): frames the game has drawn, who waits for them,
     * and `draw()`, which lifts the frame-rate cap until every waiter has its frames.
     */
    __e2e?: { frames: number; waiting: { at: number; done: () => void }[]; draw: () => void };
  }
}

/**
 * An init script (every page and frame of a test context): when the game publishes its test hooks
 * (client/main.ts sets window.__tcpDojo right after creating the game), cap its frame rate with
 * Phaser's own TimeStep.setFPSLimit and count the frames it draws, for `frames`.
 */
export function capFrameRate([fps, drawEvery]: readonly [number, number]): void {
  type Step = (this: unknown, time: number, delta: number) => void;
  type Loop = { setFPSLimit: (n: number) => void; callback?: Step };
  type PhaserGame = { loop?: Loop; isRunning?: boolean; step?: Step; headlessStep?: Step; events?: { on: (e: string, f: (renderer: unknown) => void) => void } };
  type Hooks = { game?: PhaserGame };
  let hooks: Hooks | undefined;
  let uncapped = false;
  /** Capped steps since the last drawn one (see E2E_DRAW_EVERY). */
  let undrawn = 0;
  const drawSome = (game: PhaserGame): void => {
    const { step, headlessStep } = game;
    if (fps <= 0 || drawEvery <= 1 || !step || !headlessStep) return;
    const partly: Step = function (this: unknown, time, delta) {
      if (uncapped || ++undrawn >= drawEvery) {
        undrawn = 0;
        step.call(this, time, delta);
      } else headlessStep.call(this, time, delta);
    };
    game.step = partly;
    // The loop takes the step when the game starts; a game already running has it already.
    if (game.isRunning && game.loop) game.loop.callback = partly.bind(game);
  };
  const e2e = (window.__e2e = {
    frames: 0,
    waiting: [] as { at: number; done: () => void }[],
    draw: () => {
      if (fps <= 0 || uncapped || !hooks?.game?.loop) return;
      uncapped = true;
      hooks.game.loop.setFPSLimit(0);
    },
  });
  Object.defineProperty(window, '__tcpDojo', {
    configurable: true,
    get: () => hooks,
    set: (value: Hooks | undefined) => {
      hooks = value;
      if (fps > 0) hooks?.game?.loop?.setFPSLimit(fps);
      if (hooks?.game) drawSome(hooks.game);
      hooks?.game?.events?.on('postrender', (renderer) => {
        // A step run without drawing (its renderer null) is no frame drawn.
        if (!renderer) return;
        e2e.frames++;
        e2e.waiting = e2e.waiting.filter((w) => (w.at <= e2e.frames ? (w.done(), false) : true));
        if (uncapped && e2e.waiting.length === 0) {
          uncapped = false;
          // Not inside Phaser's own rAF step: restarting its loop there would leave two loops running.
          setTimeout(() => uncapped || hooks?.game?.loop?.setFPSLimit(fps), 0);
        }
      });
    },
  });
}

/**
 * An init script (every page and frame of a test context): WebGL contexts without multisampling.
 * Chromium draws WebGL in software here (SwiftShader), where 4× MSAA of the 1600×900 stage is about
 * half of what a frame costs: measured alone, an idle game page at E2E_FPS took ~0.47 of a core
 * with it and ~0.27 without, and 20 drawn frames 2.0 s of CPU instead of 1.1 s. The tests read the
 * page's state, the objects' bounds and whole pixels' alpha, never an edge's smoothing; the
 * screenshot script and the frame-rate bench draw as a player's browser does.
 */
export function withoutMultisampling(): void {
  const getContext = HTMLCanvasElement.prototype.getContext as (this: HTMLCanvasElement, type: string, attributes?: object) => RenderingContext | null;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, attributes?: object) {
    return getContext.call(this, type, type === 'webgl' || type === 'webgl2' ? { ...attributes, antialias: false } : attributes);
  } as typeof HTMLCanvasElement.prototype.getContext;
}

/**
 * Wait until the game has drawn `n` more frames (on a page without the game, such as the class
 * pages: `n` animation frames), drawing them at the display rate (see E2E_FPS). After two, the
 * overlay's fit pass (run in a rAF) and Phaser's render of the current state have both happened.
 */
export async function frames(page: Page | Frame, n = 2): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        const e2e = window.__e2e;
        if (e2e && window.__tcpDojo) {
          e2e.waiting.push({ at: e2e.frames + count, done: resolve });
          e2e.draw();
          return;
        }
        let left = count;
        const tick = (): void => void (--left > 0 ? requestAnimationFrame(tick) : resolve());
        requestAnimationFrame(tick);
      }),
    n,
  );
}

export interface TestContextOptions {
  viewport: Viewport;
  /** A touch screen: touch events, a mobile viewport, `pointer: coarse`. */
  touch?: boolean;
  /** The language saved before the first visit (as the language switch saves it). */
  lang?: 'en' | 'zh-CN';
  /** The tutorial already seen (the default), or a first-time player. */
  tutorialSeen?: boolean;
  /** false: save nothing (the browser's own language, the tutorial not seen). */
  seed?: boolean;
  /** Device pixels per CSS pixel (a phone's 2 or 3); 1 by default. */
  deviceScaleFactor?: number;
}

/**
 * A fresh browser context (its own storage, cookies, network) for one test's player, with the
 * game's frame rate capped (`capFrameRate`) and its language and tutorial choice saved once, as a
 * returning player's browser would have them (a reload keeps what the player changed since).
 * Page errors and console errors are printed.
 */
/** How long a locator waits for what it expects before failing. */
export const PAGE_PATIENCE = 90_000;

export async function newTestContext(browser: Browser, options: TestContextOptions): Promise<BrowserContext> {
  const { viewport, touch = false, lang = 'en', tutorialSeen = true, seed = true, deviceScaleFactor = 1 } = options;
  const context = await browser.newContext({ viewport, deviceScaleFactor, ...(touch ? { hasTouch: true, isMobile: true } : {}) });
  // Locators wait on a condition; on a loaded CI machine (two files, each with a server and a
  // Chromium) a view can take longer than Playwright's 30 s default to arrive.
  context.setDefaultTimeout(PAGE_PATIENCE);
  await context.addInitScript(capFrameRate, [E2E_FPS, E2E_DRAW_EVERY] as const);
  await context.addInitScript(withoutMultisampling);
  if (seed) {
    await context.addInitScript(
      ([l, seen]) => {
        // (about:blank, before the first navigation, has no storage)
        if (location.protocol !== 'http:' || sessionStorage.getItem('tcp-dojo.e2e-seeded')) return;
        localStorage.clear();
        localStorage.setItem('tcp-dojo.lang', l);
        if (seen) localStorage.setItem('tcp-dojo.tutorial', 'done');
        sessionStorage.setItem('tcp-dojo.e2e-seeded', '1');
      },
      [lang, tutorialSeen] as const,
    );
  }
  context.on('weberror', (err) => console.error(`[page error] ${err.error().message}`));
  context.on('console', (msg) => {
    if (msg.type() === 'error') console.error(`[console] ${msg.text()}`);
  });
  return context;
}

/** Chromium for a test file: contexts come from `newTestContext`. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface LaunchedBrowser {
  context: BrowserContext;
  newPage: (viewport: Viewport) => Promise<Page>;
  close: () => Promise<void>;
}

/**
 * One Chromium with one persistent profile (the frame-rate bench and the screenshot script: every
 * frame drawn). `gpu`: let Chromium use the machine's GPU (the bench on real hardware).
 */
export async function launchBrowser(options: { gpu?: boolean } = {}): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'tcp-dojo-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: options.gpu ? [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--ignore-gpu-blocklist'] : CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
  });
  return {
    context,
    newPage: async (viewport) => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') console.error(`[console] ${msg.text()}`);
      });
      return page;
    },
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether the browser tests save their screenshots (test-results/screenshots/): `E2E_SHOTS=1`. A
 * screenshot is a fresh frame drawn, composited and PNG-encoded, ~0.3 s of CPU on this machine,
 * and the tests took ~250 of them a run that nothing read (13-19 % of a file's time alone, up to
 * 17 s of duelTogether's 92 s); shoot them when you look at the screens. Without it, a failing
 * test's pages are still shot (fixture.ts).
 */
export const E2E_SHOTS = process.env['E2E_SHOTS'] === '1';

/**
 * Save a PNG of the page (viewport only) and return its path. The game draws the current state
 * first: with the frame rate capped between waits (E2E_FPS), its last picture may be a moment old.
 */
export async function screenshot(page: Page, path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await frames(page, 1);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Wait until the game has announced a scene as ready (see client/main.ts TestHooks). */
/**
 * A game in a frame (a class page's), seen through the e2e helpers, which take a Page: the frame,
 * with its page's keyboard (a frame has none of its own).
 */
export function frameAsPage(page: Page, frame: Frame): Page {
  return new Proxy(frame, {
    get: (target, key) => {
      if (key === 'keyboard') return page.keyboard;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as Page;
}

export async function waitForScene(page: Page | Frame, scene: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((s) => window.__tcpDojo?.activeScenes().includes(s) ?? false, scene, { timeout });
  // Two frames so the overlay's fit pass and Phaser's first render have happened.
  await frames(page);
}

/** Text (HTML or canvas) that overflows its box, as reported by the page's test hooks. */
export async function findOverflows(page: Page): Promise<unknown> {
  return page.evaluate(() => window.__tcpDojo?.overflows());
}

/**
 * Pixels of the composited page that are not fully opaque. The page paints an opaque background
 * everywhere, so any such pixel is a hole the compositor punched (e.g. the canvas culled under an
 * opaque scroller, see client/ui/feedbackPanel.ts). Decoded in the page: no PNG library needed.
 */
export async function transparentPixels(page: Page): Promise<number> {
  const png = (await page.screenshot({ fullPage: false })).toString('base64');
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    if (!ctx) return -1;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 255) < 255) n++;
    return n;
  }, png);
}
