/**
 * The server dies mid-round (SIGKILL: nothing gets to run) and comes back on the same database:
 * each player's page says the round was interrupted and shows it as it stood, every judged move
 * kept, in English and in Chinese (issue 15.7). The server here is a real `node server/main.ts`
 * process, so it can be killed; the browser is the usual headless Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitForScene } from './browser.ts';
import { browserForFile } from './fixture.ts';
import { buildClientOnce } from './gameServer.ts';
import { answered, askHint, nextDecision, playMove, sessionOf, shot, startCoachedPractice } from './play.ts';
import { freePort } from '../server/harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface ServerProcess {
  readonly child: ChildProcess;
  readonly output: string[];
}

async function startServer(dbPath: string, port: number): Promise<ServerProcess> {
  const output: string[] = [];
  const child = spawn(process.execPath, ['server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), TCP_DOJO_DB: dbPath, LOG_LEVEL: 'info', TCP_DOJO_STATIC_DIR: join(ROOT, 'dist') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.join('').includes('TCP Dojo listening')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output };
}

function kill(server: ServerProcess | null): Promise<void> {
  return new Promise((resolve) => {
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

/** The file's Chromium (the server is a process of its own here, so not the fixture's). */
const browser = browserForFile();
let first: ServerProcess | null = null;
let second: ServerProcess | null = null;

beforeAll(() => {
  buildClientOnce();
});
afterAll(async () => {
  await kill(first);
  await kill(second);
});

/** Opens the game in `lang`, starts a coached practice round and answers the first decision. */
async function playOneMove(url: string, lang: 'en' | 'zh-CN', name: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, lang })).newPage();
  await page.goto(url, { timeout: 120_000 });
  await waitForScene(page, 'Menu');
  await startCoachedPractice(page, name, { scenario: 'active-close-client' });
  const decision = await nextDecision(page, null);
  expect(decision).not.toBeNull();
  await playMove(page, await askHint(page, decision!));
  await answered(page, decision!);
  // Past the SDK's minimum uptime (5 s) a dropped connection is retried, as for a real player.
  await page.waitForFunction(() => window.__tcpDojo?.session()?.decisionId != null, undefined, { timeout: 30_000 });
  return page;
}

describe('a round the server could not finish', () => {
  it('is shown to the player as interrupted, with what was played, once the server is back (zh-CN, then English)', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'tcp-dojo-e2e-crash-')), 'dojo.sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    first = await startServer(dbPath, port);
    const page = await playOneMove(url, 'zh-CN', '小明');
    // The SDK reconnects only to rooms that have been up for 5 s; wait for that on the page's own clock.
    await page.waitForFunction(() => window.__tcpDojo?.reconnectsOnDrop() === true, undefined, { timeout: 30_000 });

    await kill(first);
    await page.getByTestId('net-banner').waitFor({ state: 'visible' });
    second = await startServer(dbPath, port);

    await page.waitForFunction(() => window.__tcpDojo?.session()?.finished === true, undefined, { timeout: 60_000 });
    expect((await sessionOf(page))?.decisionId).toBeNull(); // nothing is left to decide
    const banner = page.getByTestId('net-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toMatch(/服务器在这一局中途停止/);
    await shot(page, 'interrupted-1-game-zh-CN');
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await banner.textContent()).toMatch(/stopped in the middle of this round/);
    await shot(page, 'interrupted-2-game-en');

    await page.getByTestId('game-to-results').click();
    await waitForScene(page, 'Results');
    await page.getByTestId('results-decisions').waitFor();
    // The move made before the crash is there, judged.
    expect(await page.getByTestId('results-decision').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('body').textContent()).toMatch(/server stopped mid-round/);
    // Its room is gone: no rematch to ask for; the quiz still works, marked on the page.
    expect(await page.getByTestId('results-rematch').count()).toBe(0);
    await page.getByTestId('results-quiz').locator('button').first().click();
    await page.getByTestId('quiz-result').first().waitFor();
    await shot(page, 'interrupted-3-results-en');
    await page.getByTestId('lang-zh-CN').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await page.locator('body').textContent()).toMatch(/服务器在这一局中途停止/);
    await shot(page, 'interrupted-4-results-zh-CN');
    expect((await sessionOf(page))?.finished).toBe(true);
  }, 240_000);
});
