/**
 * A short Wi-Fi drop in a class, in real headless Chromium, en and zh-CN: a student's laptop goes
 * offline for a few seconds and comes back, and nobody clicks anything. While it is offline her
 * class page says calmly that it is reconnecting and that her place is kept (over her game too,
 * whose own banner says the same); back online, the class page and her game reconnect by
 * themselves, in place: the same student in the same seat, her game at the same host and the same
 * open decision (no bot, no change of hands), which she then answers. The teacher's dashboard
 * shows her away meanwhile, then one Ada again, never two. The class server holds a dropped
 * connection for 30 s, the server's default (TCP_DOJO_RECONNECT_SECONDS).
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/class-offline-*.
 */
import { expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { playedState } from '../../shared/game/playedState.ts';
import { frameAsPage } from './browser.ts';
import { axeViolations } from './axe.ts';
import { adaAndWangPlaying, classGameIn, classServerForBrowserFile, personPage, studentJoinsClass } from './classPages.ts';
import { browserForFile } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, shot } from './play.ts';
import { classRoomOf, openClass, type ClassServer, until } from '../classroom/classHarness.ts';
import { texts } from '../../client/classroom/text.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';

const GAME_TEXT = { en, 'zh-CN': zhCN } as const;
let server: ClassServer;
const browser = browserForFile();

classServerForBrowserFile((s) => (server = s), { reconnectSeconds: 30 });

/** What a status on this page says (empty when it says nothing). */
const said = (p: Page, testid: string): Promise<string> => p.evaluate((id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? '', testid);

async function saysOnPage(p: Page, testid: string, text: string): Promise<void> {
  await p.waitForFunction(([id, t]) => document.querySelector(`[data-testid=${id}]`)?.textContent === t, [testid, text] as const);
}

/** The teacher's roster: each student's name once, and who is away. */
async function roster(teacher: Page): Promise<{ names: string[]; away: string[] }> {
  return teacher.evaluate(() => {
    const items = [...document.querySelectorAll('[data-testid=teacher-lobby] li')];
    const name = (li: Element) => li.querySelector('span')?.textContent ?? '';
    return { names: items.map(name), away: items.filter((li) => li.classList.contains('away')).map(name) };
  });
}

async function gameSays(game: Frame, status: string): Promise<void> {
  await game.waitForFunction((s) => window.__tcpDojo?.netStatus() === s, status);
}

it.each(['en', 'zh-CN'] as const)('in %s, a student offline for a few seconds in the lobby is back in her seat by herself, and the teacher sees one student', async (lang) => {
  const T = texts(lang);
  const opened = await openClass(server, { name: `Blip ${lang}`, settings: { scenarioId: 'handshake', rounds: 1 } });
  const teacher = await personPage(browser, lang);
  await teacher.goto(`${server.baseUrl}/class.html#class=${opened.classId}&token=${opened.teacherToken}`);
  await teacher.getByTestId('big-code').waitFor();
  const ada = await studentJoinsClass(browser, server.baseUrl, opened.code, lang, 'Ada');
  const room = classRoomOf(server, opened.roomId);
  await until(() => room.state.students.size === 1, 'Ada in the class');
  const [studentId] = [...room.state.students.keys()];
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 1);

  // Her Wi-Fi drops just after she joined (the SDK's own default would not even retry in her first 5 s).
  await ada.context().setOffline(true);
  await saysOnPage(ada, 'class-reconnecting', T.reconnectingOffline);
  expect(await ada.getByTestId('class-reconnecting').getAttribute('role')).toBe('status');
  expect(await ada.getByTestId('leave-class').isDisabled(), 'leaving needs the class to hear it').toBe(true);
  // The class holds her seat: the teacher sees her away, not gone, and still one student.
  await until(() => room.state.students.get(studentId!)?.connected === false, 'the class noticed the drop');
  await teacher.waitForFunction(() => document.querySelector('[data-testid=teacher-lobby] li.away') !== null);
  expect(await roster(teacher)).toEqual({ names: ['Ada'], away: ['Ada'] });
  expect(await axeViolations(ada), 'the class page while reconnecting').toEqual([]);
  await shot(ada, `class-offline-lobby-reconnecting-${lang}`);

  // Back online: the page reconnects by itself, no click, to the same seat.
  await ada.context().setOffline(false);
  await saysOnPage(ada, 'class-reconnecting', '');
  await until(() => room.state.students.get(studentId!)?.connected === true, 'Ada back');
  expect(await ada.getByTestId('join-form').count(), 'not thrown out to the join form').toBe(0);
  expect(await ada.getByTestId('lobby').locator('li.me').innerText()).toBe('Ada');
  expect(await ada.getByTestId('leave-class').isDisabled()).toBe(false);
  expect([...room.state.students.keys()]).toEqual([studentId]);
  await teacher.waitForFunction(() => document.querySelector('[data-testid=teacher-lobby] li.away') === null);
  expect(await roster(teacher)).toEqual({ names: ['Ada'], away: [] });
  await shot(ada, `class-offline-lobby-back-${lang}`);
}, 180_000);

it.each(['en', 'zh-CN'] as const)('in %s, a student offline for a few seconds mid-round gets her class and her game back by themselves: same host, same open decision, no bot', async (lang) => {
  const T = texts(lang);
  const GAME = GAME_TEXT[lang];
  const { opened, teacher, ada, wang, roomId, pair, adaSide } = await adaAndWangPlaying(browser, server, lang, `Round blip ${lang}`);
  const adaGame = await classGameIn(ada, roomId);
  await classGameIn(wang, roomId);
  await until(() => pair.state.phase === 'playing', 'the round is on');
  const room = classRoomOf(server, opened.roomId);
  const adaId = [...room.state.students].find(([, s]) => s.name === 'Ada')![0];

  // Ada reads her card; her first decision is open, and she has not answered it yet.
  await adaGame.getByTestId('round-intro-ok').click();
  const decision = await nextDecision(frameAsPage(ada, adaGame), null);
  expect(decision).not.toBeNull();
  const logBefore = pair.round!.log.length;
  const stateBefore = playedState(pair.round!, pair.round!.hosts[adaSide]);

  // Her laptop goes offline: the class page (over her game) and the game both say they are reconnecting.
  await ada.context().setOffline(true);
  await saysOnPage(ada, 'game-reconnecting', T.reconnectingOffline);
  await gameSays(adaGame, 'reconnecting');
  expect(await adaGame.getByTestId('net-banner').textContent()).toBe(GAME['net.reconnecting']);
  // A drop the page mends by itself, her seat held, is no alarm: the banner is the info tone, not 'bad'.
  expect(await adaGame.getByTestId('net-banner').getAttribute('class')).toBe('net-banner info');
  // Both rooms hold her place: the class sees her away, the pair room holds her seat for her (no bot).
  await until(() => room.state.students.get(adaId)?.connected === false && pair.state.seats.get(adaSide)?.connected === false, 'both rooms noticed the drop');
  expect(pair.round!.hosts[adaSide].controller).toBe('human');
  await shot(ada, `class-offline-round-reconnecting-${lang}`);

  // Back online: both come back in place, with no click.
  await ada.context().setOffline(false);
  await gameSays(adaGame, 'online');
  await saysOnPage(ada, 'game-reconnecting', '');
  await until(() => room.state.students.get(adaId)?.connected === true && pair.state.seats.get(adaSide)?.connected === true, 'Ada back in both rooms');
  expect(await ada.getByTestId('join-form').count(), 'not thrown out to the join form').toBe(0);
  expect(await said(ada, 'class-reconnecting')).toBe('');
  // The same game page, at the same host and the same open decision: nothing played meanwhile, no change of hands.
  expect(await ada.locator(`[data-testid=class-game][src*="classPair=${roomId}"]`).count()).toBe(1);
  expect(await adaGame.evaluate(() => window.__tcpDojo?.session()?.decisionId)).toBe(decision);
  expect(await adaGame.evaluate(() => window.__tcpDojo?.session()?.side)).toBe(adaSide);
  expect(pair.round!.hosts[adaSide].controller).toBe('human');
  expect(pair.round!.handovers).toEqual([]);
  expect(pair.round!.log.length).toBe(logBefore);
  expect(playedState(pair.round!, pair.round!.hosts[adaSide])).toBe(stateBefore);
  // One Ada in the class and on the teacher's page, here again.
  expect([...room.state.students.values()].map((s) => s.name).sort()).toEqual(['Ada', '王小明']);
  await teacher.waitForFunction(() => document.querySelector('[data-testid=teacher-lobby] li.away') === null);
  expect((await roster(teacher)).names.sort()).toEqual(['Ada', '王小明']);
  await shot(ada, `class-offline-round-back-${lang}`);

  // She answers the decision she had open, and it is judged.
  await playMove(frameAsPage(ada, adaGame), correctAnswer(roomId, adaSide, decision!)!);
  await answered(frameAsPage(ada, adaGame), decision!);
  await teacher.getByTestId('stop').click();
}, 240_000);
