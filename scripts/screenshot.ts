/**
 * Build the client, serve it with `vite preview`, and save PNGs of the Menu, the Game (watch mode,
 * at a few telling moments) and Results in both languages at 1280×720 and 1920×1080 into
 * /tmp/shots (or the folder given as the first argument). Prints any text that overflows its box.
 *
 *   npx node scripts/screenshot.ts [outDir]
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findOverflows, launchBrowser, screenshot, waitForScene } from '../test/e2e/browser.ts';

const outDir = process.argv[2] ?? '/tmp/shots';
const PORT = 4179;
const VITE = join(import.meta.dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js');
const LANGS = ['en', 'zh-CN'] as const;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
/** Round times of the demo worth a look: the SYN shattering, the reordered reply, TIME-WAIT. */
const MOMENTS = [
  { name: 'loss', at: 640 },
  { name: 'reorder', at: 3380 },
  { name: 'timewait', at: 7200 },
] as const;

const build = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, [VITE, 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'pipe' });
const url = `http://localhost:${PORT}/`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (i > 100) throw new Error('vite preview did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await launchBrowser();
  let problems = 0;
  try {
    for (const lang of LANGS) {
      for (const size of SIZES) {
        const page = await browser.newPage(size);
        await page.addInitScript((l) => localStorage.setItem('tcp-dojo.lang', l), lang);
        await page.goto(url);
        await waitForScene(page, 'Menu');
        await page.waitForTimeout(400);
        const tag = `${lang}-${size.width}x${size.height}`;
        console.log(await screenshot(page, join(outDir, `menu-${tag}.png`)));
        const report = async (where: string): Promise<void> => {
          const o = (await findOverflows(page)) as { html: unknown[]; canvas: unknown[] };
          if (o.html.length || o.canvas.length) {
            problems++;
            console.log(`overflow in ${where} ${tag}:`, JSON.stringify(o, null, 1));
          }
        };
        await report('menu');
        await page.getByTestId('menu-watch-demo').click();
        await waitForScene(page, 'Game');
        for (const m of MOMENTS) {
          await page.evaluate((ms) => window.__tcpDojo?.freezeAt(ms), m.at);
          await page.waitForTimeout(250);
          console.log(await screenshot(page, join(outDir, `game-${m.name}-${tag}.png`)));
          await report(`game ${m.name}`);
        }
        await page.getByTestId('game-results').click();
        await waitForScene(page, 'Results');
        await page.waitForTimeout(300);
        console.log(await screenshot(page, join(outDir, `results-${tag}.png`)));
        await report('results');
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(problems ? `${problems} screen(s) with overflowing text` : 'no overflowing text');
} finally {
  server.kill();
}
