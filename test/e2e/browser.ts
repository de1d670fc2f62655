/**
 * Headless Chromium for the browser tests and the screenshot script: Debian's /usr/bin/chromium
 * driven by playwright-core (no browser download), with the flags this machine needs as root and a
 * fresh, throw-away profile every launch.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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

export interface LaunchedBrowser {
  context: BrowserContext;
  newPage: (viewport: Viewport) => Promise<Page>;
  close: () => Promise<void>;
}

/** `gpu`: let Chromium use the machine's GPU (the frame-rate bench on real hardware); tests keep software WebGL. */
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

/** Save a PNG of the page (viewport only) and return its path. */
export async function screenshot(page: Page, path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Wait until the game has announced a scene as ready (see client/main.ts TestHooks). */
export async function waitForScene(page: Page, scene: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((s) => window.__tcpDojo?.activeScenes().includes(s) ?? false, scene, { timeout });
  // Two frames so the overlay's fit pass and Phaser's first render have happened.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
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
