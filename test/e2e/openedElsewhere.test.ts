/**
 * One seat per student, in real headless Chromium, in English and in Chinese: Ada plays her class
 * round in one tab, then opens the class again in a second tab of the same browser while the first
 * is still open. The second tab comes straight to her game, her host as she left it (the same
 * state, no opening card, no bot in between); the first tab says plainly that the class is open in
 * another tab or window, and offers to use it here instead, which takes the seat back the same
 * way (and the second tab says so in turn). Screenshots (E2E_SHOTS=1):
 * test-results/screenshots/opened-elsewhere-*.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Side } from '../../shared/tcp/wire.ts';
import { playedState } from '../../shared/game/playedState.ts';
import { frameAsPage, frames } from './browser.ts';
import { axeViolations } from './axe.ts';
import { adaAndWangPlaying, classGameIn, classServerForBrowserFile } from './classPages.ts';
import { browserForFile } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, shot } from './play.ts';
import { type ClassServer, until } from '../classroom/classHarness.ts';
import { texts } from '../../client/classroom/text.ts';

let server: ClassServer;
const browser = browserForFile();

classServerForBrowserFile((s) => (server = s));


/** This tab's class page says the class is open elsewhere, and offers to use it here: no game over it. */
async function toldOpenElsewhere(p: Page, T: ReturnType<typeof texts>): Promise<void> {
  await p.getByTestId('continue-here').waitFor();
  expect(await p.getByTestId('opened-elsewhere').locator('h2').innerText()).toBe(T.replacedTitle);
  expect(await p.getByTestId('opened-elsewhere-text').innerText()).toBe(T.replaced);
  expect(await p.getByTestId('continue-here').innerText()).toBe(T.continueHere);
  // Its game stayed connected, out of sight, until the other tab's game had the seat; then it went.
  await p.waitForFunction(() => document.querySelector('[data-testid=class-game]') === null);
  // The card is read out as news (a status, not an alert), its button in reach of the keyboard.
  expect(await p.getByTestId('opened-elsewhere').getAttribute('role')).toBe('status');
  expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('continue-here');
  expect(await axeViolations(p), 'the opened-elsewhere card').toEqual([]);
}

it.each(['en', 'zh-CN'] as const)('in %s, the class opened in a second tab takes Ada’s seat and her game as they are; the first tab says so and can take it back', async (lang) => {
  const T = texts(lang);
  const { opened, teacher, ada: first, wang, roomId, pair, adaSide } = await adaAndWangPlaying(browser, server, lang, `Tabs ${lang}`);
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
