/**
 * One seat per student, in real headless Chromium, in English and in Chinese: Ada plays her class
 * round in one tab, then opens the class again in a second tab of the same browser while the first
 * is still open. The second tab comes straight to her game, her host as she left it (the same
 * state, no opening card, no bot in between); the first tab says plainly that the class is open in
 * another tab or window, and offers to use it here instead, which takes the seat back the same
 * way (and the second tab says so in turn). Screenshots (E2E_SHOTS=1):
 * test-results/screenshots/opened-elsewhere-*.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Side } from '../../shared/tcp/wire.ts';
import { playedState } from '../../shared/game/playedState.ts';
import { classGameIn, frameAsPage, frames } from './browser.ts';
import { browserForFile } from './fixture.ts';
import { buildClientOnce, DIST } from './gameServer.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, shot } from './play.ts';
import { bootClassServer, openClass, pairRoomOf, stopClassServer, until, tempDbPath, type ClassServer, type OpenedClass } from '../classroom/classHarness.ts';
import { texts } from '../../client/classroom/text.ts';

type Lang = 'en' | 'zh-CN';
let server: ClassServer;
const browser = browserForFile();

beforeAll(async () => {
  buildClientOnce();
  server = await bootClassServer(tempDbPath(), DIST);
}, 180_000);

afterAll(async () => {
  if (server) await stopClassServer(server);
});

async function page(lang: Lang): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, lang });
  const p = await context.newPage();
  p.on('dialog', (d) => void d.accept());
  return p;
}

async function studentJoins(opened: OpenedClass, lang: Lang, name: string): Promise<Page> {
  const p = await page(lang);
  await p.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
  await p.getByTestId('join-name').fill(name);
  await p.getByTestId('join-submit').click();
  await p.getByTestId('lobby').locator('li.me').waitFor();
  return p;
}


/** This tab's class page says the class is open elsewhere, and offers to use it here: no game over it. */
async function toldOpenElsewhere(p: Page, T: ReturnType<typeof texts>): Promise<void> {
  await p.getByTestId('continue-here').waitFor();
  expect(await p.getByTestId('opened-elsewhere').locator('h2').innerText()).toBe(T.replacedTitle);
  expect(await p.getByTestId('opened-elsewhere-text').innerText()).toBe(T.replaced);
  expect(await p.getByTestId('continue-here').innerText()).toBe(T.continueHere);
  // Its game stayed connected, out of sight, until the other tab's game had the seat; then it went.
  await p.waitForFunction(() => document.querySelector('[data-testid=class-game]') === null);
}

it.each(['en', 'zh-CN'] as const)('in %s, the class opened in a second tab takes Ada’s seat and her game as they are; the first tab says so and can take it back', async (lang) => {
  const T = texts(lang);
  const opened = await openClass(server, { name: `Tabs ${lang}`, settings: { scenarioId: 'handshake', rounds: 1 } });
  const teacher = await page(lang);
  await teacher.goto(`${server.baseUrl}/class.html#class=${opened.classId}&token=${opened.teacherToken}`);
  await teacher.getByTestId('big-code').waitFor();
  const first = await studentJoins(opened, lang, 'Ada');
  const wang = await studentJoins(opened, lang, '王小明');
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  await teacher.getByTestId('start').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=playing]');

  const roomId = await first.$eval('[data-testid=class-game]', (el) => new URL((el as HTMLIFrameElement).src).searchParams.get('classPair')!);
  const pair = pairRoomOf(server, roomId);
  const adaSide = (['client', 'server'] as Side[]).find((s) => pair.link.students[s]?.name === 'Ada')!;
  const firstGame = await classGameIn(first, roomId);
  await classGameIn(wang, roomId);
  await until(() => pair.state.phase === 'playing', 'the round is on');

  // Ada reads her card and makes her first move in the first tab.
  await firstGame.getByTestId('round-intro-ok').click();
  const id = await nextDecision(frameAsPage(first, firstGame), null);
  await playMove(frameAsPage(first, firstGame), correctAnswer(roomId, adaSide, id!)!);
  await answered(frameAsPage(first, firstGame), id!);
  const logWhenOpened = pair.round!.log.length;
  const stateWhenOpened = playedState(pair.round!, pair.round!.hosts[adaSide]);

  // The second tab (same browser: it remembers her seat) goes straight to her class and her game.
  const second = await first.context().newPage();
  // (The test context wipes the storage a new tab finds, as for a fresh visitor: the browser's own,
  // shared by its tabs, is put back before the class page opens.)
  const stored = await first.evaluate(() => JSON.stringify(localStorage));
  await second.goto(`${server.baseUrl}/api/health`);
  await second.evaluate((s) => Object.entries(JSON.parse(s) as Record<string, string>).forEach(([k, v]) => localStorage.setItem(k, v)), stored);
  await second.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
  const secondGame = await classGameIn(second, roomId);
  await secondGame.waitForFunction((s) => window.__tcpDojo?.session()?.side === s, adaSide);
  await secondGame.waitForFunction(([s, st]) => window.__tcpDojo?.hostStates()?.[s as Side] === st, [adaSide, stateWhenOpened]);
  await frames(secondGame, 2);
  // Her host as she left it: no bot, no change of hands, nothing played meanwhile; no opening card.
  expect(pair.round!.hosts[adaSide].controller).toBe('human');
  expect(pair.round!.handovers).toEqual([]);
  expect(pair.round!.log.length).toBe(logWhenOpened);
  expect(await secondGame.getByTestId('round-intro').isVisible()).toBe(false);
  await shot(second, `opened-elsewhere-new-tab-${lang}`);

  // The first tab says where her class went, and stays there (it does not reconnect).
  await toldOpenElsewhere(first, T);
  await shot(first, `opened-elsewhere-old-tab-${lang}`);

  // "Use it here": the first tab takes her seat back the same way, and the second tab is told.
  // (The tab she clicks in is the one in front: a tab behind others draws no frames.)
  await first.bringToFront();
  await first.getByTestId('continue-here').click();
  const back = await classGameIn(first, roomId);
  await back.waitForFunction((s) => window.__tcpDojo?.session()?.side === s, adaSide);
  await toldOpenElsewhere(second, T);
  const occupants = () => [...pair.seating.occupants].filter(([, s]) => s === adaSide);
  await until(() => occupants().length === 1 && pair.state.seats.get(adaSide)?.connected === true, 'one connection in her seat');
  expect(pair.round!.hosts[adaSide].controller).toBe('human');
  expect(pair.round!.handovers).toEqual([]);
  await shot(second, `opened-elsewhere-back-old-tab-${lang}`);
  await teacher.getByTestId('stop').click();
}, 300_000);
