/**
 * The classroom in real headless Chromium: a teacher opens a class in the page, two students join
 * in their own pages (six more as SDK clients), the teacher starts, pairs play, the dashboard
 * shows the heatmap, the teacher spectates a pair and stops, and the class summary is shown.
 * Screenshots go to test-results/screenshots/.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type LaunchedBrowser } from '../e2e/browser.ts';
import { bootClassServer, classRoomOf, lookUpCode, Member, playAllPairs, stopClassServer, tempDbPath, until, type ClassServer } from './classHarness.ts';

const SHOTS = 'test-results/screenshots';
let server: ClassServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'tcp-dojo-dist-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await bootClassServer(tempDbPath(), outDir);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server) await stopClassServer(server);
});

it('runs a class: teacher page, two student pages, dashboard with heatmap, results page', async () => {
  const teacher = await browser.newPage({ width: 1600, height: 1000 });
  await teacher.goto(`${server.baseUrl}/class.html`);
  await teacher.fill('[data-testid=class-name]', 'Networks 101 · 网络课');
  await teacher.selectOption('[data-testid=class-mode]', 'consequences');
  await teacher.fill('[data-testid=class-rounds]', '1');
  await teacher.check('[data-testid=class-timed]');
  await teacher.click('[data-testid=open-submit]');
  await teacher.waitForSelector('[data-testid=big-code]');
  const code = (await teacher.textContent('[data-testid=big-code]'))!.trim();
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  expect(await teacher.$eval('[data-testid=qr] svg', (el) => el.getBoundingClientRect().width)).toBeGreaterThan(100);

  const studentPages: Page[] = [];
  for (const name of ['Ada', '王小明']) {
    const page = await browser.newPage({ width: 1280, height: 720 });
    await page.goto(`${server.baseUrl}/class.html?code=${code}`);
    // Both pages share one browser profile: the second student must not come back as the first.
    await page.evaluate(() => localStorage.clear());
    await page.fill('[data-testid=join-name]', name);
    if (studentPages.length === 0) await screenshot(page, `${SHOTS}/classroom-join.png`);
    await page.click('[data-testid=join-submit]');
    await page.waitForSelector('[data-testid=lobby] li');
    studentPages.push(page);
  }
  // Six more students as SDK clients.
  const sdkStudents: Member[] = [];
  const { roomId } = (await (await lookUpCode(server, code)).json()) as { roomId: string };
  for (let i = 0; i < 6; i++) sdkStudents.push(await Member.join(server, roomId, { name: `Student ${i + 1}` }));
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 8, undefined, { timeout: 5000 }).catch(async (e) => {
    await screenshot(teacher, `${SHOTS}/classroom-debug.png`);
    console.log(await teacher.content());
    throw e;
  });

  await teacher.click('[data-testid=start]');
  await until(() => sdkStudents.every((s) => s.pairRoom !== null && s.pairSide !== null), 'SDK students seated', 10_000);
  await studentPages[0]!.waitForSelector('[data-testid=my-state]');
  // SDK students play; every other one gets its first decision's state wrong.
  await playAllPairs(
    server,
    sdkStudents,
    (s, view, correct) => (sdkStudents.indexOf(s) % 2 === 0 && view.verdicts.length === 0 ? { ...correct, state: correct.state === 'SYN-RECEIVED' ? 'LISTEN' : 'CLOSED' } : correct),
    300,
  );
  await teacher.waitForSelector('[data-testid=heatmap] .cell li.wrong', { timeout: 10_000 });
  await teacher.click('[data-testid=pair-1]');
  await teacher.waitForSelector('[data-testid=spectator] .spec-host .badge');
  await screenshot(teacher, `${SHOTS}/classroom-dashboard.png`);
  await screenshot(studentPages[1]!, `${SHOTS}/classroom-student-play.png`);

  await teacher.click('[data-testid=stop]');
  await until(() => classRoomOf(server, roomId).state.phase === 'finished', 'class finished', 15_000);
  await teacher.click('[data-testid=results-link]');
  await teacher.waitForSelector('[data-testid=results-table] tbody tr');
  expect(await teacher.$$eval('[data-testid=results-table] tbody tr', (rows) => rows.length)).toBe(8);
  await screenshot(teacher, `${SHOTS}/classroom-results.png`);
  for (const s of sdkStudents) {
    await s.pairRoom?.leave().catch(() => undefined);
    await s.classRoom.leave().catch(() => undefined);
  }
}, 120_000);
