// `npm run bench:client` (also the last part of `npm run bench`): figures, not assertions. The Game
// scene in watch mode over a generated stress round (client/demo/stressTimeline.ts: N segments on
// the wire at once, some lost, retransmitted, duplicated, reordered), in headless Chromium at
// 1280×720 and 1920×1080, sampling Phaser's game.loop.actualFps and requestAnimationFrame deltas.
// Skips (exit 0) when Chromium is missing.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { CHROMIUM_PATH, launchBrowser } from '../test/e2e/browser.ts';
import { startGameServer } from '../test/e2e/gameServer.ts';

const CONCURRENT = Number(process.env['STRESS'] ?? 48);
const SAMPLE_MS = Number(process.env['SAMPLE_MS'] ?? 5_000);
/** The scripted demo (a few segments at a time) first, as the baseline for the stress figures. */
const RUNS = [
  { label: 'demo round (baseline)', stress: 0, width: 1280, height: 720 },
  { label: `stress ${CONCURRENT}`, stress: CONCURRENT, width: 1280, height: 720 },
  { label: `stress ${CONCURRENT}`, stress: CONCURRENT, width: 1920, height: 1080 },
];

interface Sample {
  frames: number;
  rafFps: number;
  p50Ms: number;
  p95Ms: number;
  worstMs: number;
  loopFps: number;
  onWire: number;
  renderer: string;
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function clientFps(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`client fps: skipped (no Chromium at ${CHROMIUM_PATH}; set CHROMIUM_PATH)`);
    return;
  }
  const server = await startGameServer();
  const browser = await launchBrowser();
  try {
    console.log(`client fps: Game scene, watch mode, stress round with ${CONCURRENT} segments in flight, ${SAMPLE_MS / 1000} s per viewport`);
    for (const vp of RUNS) {
      const page = await browser.newPage(vp);
      await page.addInitScript(() => localStorage.setItem('tcp-dojo.lang', 'en'));
      await page.goto(vp.stress > 0 ? `${server.url}?stress=${vp.stress}` : server.url);
      if (vp.stress === 0) {
        await page.waitForFunction(() => window.__tcpDojo?.readyScenes.includes('Menu') ?? false, null, { timeout: 30_000 });
        await page.getByTestId('menu-watch-demo').click();
      }
      await page.waitForFunction(() => window.__tcpDojo?.readyScenes.includes('Game') ?? false, null, { timeout: 30_000 });
      // Let the first frames (texture uploads, text layout) pass before measuring.
      await page.waitForTimeout(1_000);
      const s = (await page.evaluate((ms) => {
        const game = window.__tcpDojo!.game;
        return new Promise((resolve) => {
          const deltas: number[] = [];
          const loop: number[] = [];
          let last = performance.now();
          const start = last;
          const tick = (t: number): void => {
            deltas.push(t - last);
            last = t;
            loop.push(game.loop.actualFps);
            if (t - start < ms) requestAnimationFrame(tick);
            else {
              const sorted = [...deltas].sort((a, b) => a - b);
              const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
              // Private fields, read for the printout only: how many flights were on the wire at the end.
              const scene = game.scene.getScene('Game') as unknown as { now: number; log: { flights: { sentAt: number; arrivesAt: number; lostAt: number | null }[] } };
              const onWire = scene.log.flights.filter((f) => f.sentAt <= scene.now && scene.now < (f.lostAt ?? f.arrivesAt)).length;
              resolve({
                frames: deltas.length,
                rafFps: (deltas.length * 1000) / (t - start),
                p50Ms: q(0.5),
                p95Ms: q(0.95),
                worstMs: sorted[sorted.length - 1] ?? 0,
                loopFps: loop.reduce((a, b) => a + b, 0) / Math.max(1, loop.length),
                onWire,
                renderer: game.renderer.type === 2 ? 'WebGL' : 'Canvas',
              });
            }
          };
          requestAnimationFrame(tick);
        });
      }, SAMPLE_MS)) as Sample;
      console.log(
        `  ${vp.label}, ${vp.width}×${vp.height}: ${fmt(s.rafFps)} fps by rAF (${s.frames} frames; frame time p50 ${fmt(s.p50Ms)} ms, p95 ${fmt(s.p95Ms)} ms, worst ${fmt(s.worstMs)} ms), ` +
          `game.loop.actualFps mean ${fmt(s.loopFps)}, ${s.onWire} segments on the wire at the end, ${s.renderer} renderer`,
      );
      await page.close();
    }
    console.log(
      '  caveat: headless Chromium here renders with SwiftShader (software, --disable-gpu), far slower than a real GPU; ' +
        'treat these as a floor and a regression signal, not as what a projector laptop or tablet shows; ' +
        `compare the stress rows with the baseline row (machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => fmt(l, 2)).join(' ')}).`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.main) await clientFps();
