/** The language switch: zh-CN ↔ English at any time, remembered across a reload, nothing overflowing. */
import { describe, expect, it } from 'vitest';
import { findOverflows, frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { shot } from './play.ts';

const env = gameServerAndBrowser();

describe('the language switch', () => {
  it('switches to zh-CN and back, and each choice survives a reload', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 } });
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');

    await page.getByTestId('lang-zh-CN').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.getByTestId('menu-start-practice').filter({ hasText: '练习' }).waitFor();
    await page.reload();
    await waitForScene(page, 'Menu');
    expect(await page.evaluate(() => window.__tcpDojo?.lang())).toBe('zh-CN');
    expect(await page.getByTestId('lang-zh-CN').getAttribute('aria-pressed')).toBe('true');
    await shot(page, 'language-1-zh-CN-after-reload');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    // Mid-round too: the composer and feedback re-label at once.
    await page.getByTestId('menu-start-practice').click();
    await waitForScene(page, 'Game');
    await page.getByTestId('composer-prompt').filter({ hasText: '你的应用调用了' }).waitFor();
    await shot(page, 'language-2-zh-CN-game');
    await page.getByTestId('lang-en').click();
    await page.getByTestId('composer-prompt').filter({ hasText: 'Your application called' }).waitFor();
    await shot(page, 'language-3-en-game');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    // A reload mid-round comes back to the round (the server holds the seat), in the language chosen.
    await page.reload();
    await waitForScene(page, 'Game');
    expect(await page.evaluate(() => window.__tcpDojo?.lang())).toBe('en');
    await page.getByTestId('composer-prompt').filter({ hasText: 'Your application called' }).waitFor();
  }, 120_000);

  it('the menu fits whole, its footer line included, in both languages at 1280×720 and 960×540', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    for (const viewport of [{ width: 1280, height: 720 }, { width: 960, height: 540 }]) {
      await page.setViewportSize(viewport);
      for (const lang of ['en', 'zh-CN'] as const) {
        await page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        // The menu re-renders on the language change and fits its labels on the next frame.
        await frames(page, 2);
        await shot(page, `language-menu-${viewport.width}-${lang}`);
        const footer = page.locator('.menu-footer');
        const box = await footer.boundingBox();
        expect(box?.height ?? 0, `footer height, ${lang} at ${viewport.width}`).toBeGreaterThan(0);
        expect(await findOverflows(page), `${lang} at ${viewport.width}×${viewport.height}`).toEqual({ html: [], canvas: [] });
      }
    }
    await page.close();
  }, 120_000);
});

describe('what a page downloads', () => {
  it('its scripts and styles come brotli-compressed (the build\'s copies, server/static.ts), under a third of their size, and the game runs from them', async () => {
    const page = await (await env.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    const ASSET = /\/assets\/.+\.(js|css)$/;
    const encodings: (string | undefined)[] = [];
    page.on('response', (response) => {
      if (ASSET.test(response.url())) void response.allHeaders().then((headers) => encodings.push(headers['content-encoding']));
    });
    await page.goto(env.server.url);
    await waitForScene(page, 'Menu');
    const sizes = await page.evaluate((pattern) => {
      const asset = new RegExp(pattern);
      return (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => asset.test(e.name)).map((e) => ({ url: e.name, onWire: e.encodedBodySize, size: e.decodedBodySize }));
    }, ASSET.source);
    expect(sizes.length).toBeGreaterThanOrEqual(3); // the game's script, Phaser's, the styles
    for (const s of sizes) expect(s.onWire, s.url).toBeLessThan(s.size / 2);
    expect(sizes.reduce((n, s) => n + s.onWire, 0)).toBeLessThan(sizes.reduce((n, s) => n + s.size, 0) / 3);
    await expect.poll(() => encodings.length).toBeGreaterThanOrEqual(sizes.length);
    expect(encodings).toEqual(encodings.map(() => 'br'));
  }, 120_000);
});
