/**
 * A class page whose connection closes with no word from the class (the network dropped for good,
 * or the laptop slept past the reconnection window), in real headless Chromium, en and zh-CN: the
 * page says so, as news rather than an error, with the code and name still filled in, and Join puts
 * the student back as themselves (their rejoin token): the same student, nobody new in the lobby.
 * Also the real thing: offline longer than the class holds the connection (this file's server: 2 s),
 * the page reconnecting meanwhile; back online, the class refuses the late attempt and the page
 * falls back to the same news and Join. Screenshots (E2E_SHOTS=1): test-results/screenshots/class-lost-*.
 */
import { CloseCode } from '@colyseus/core';
import { expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { classServerForBrowserFile, studentJoinsClass } from './classPages.ts';
import { browserForFile } from './fixture.ts';
import { shot } from './play.ts';
import { classRoomOf, type ClassServer, openClass, until } from '../classroom/classHarness.ts';
import type { ClassRoom } from '../../server/rooms/ClassRoom.ts';
import { texts } from '../../client/classroom/text.ts';

let server: ClassServer;
const browser = browserForFile();

classServerForBrowserFile((s) => (server = s));

it.each(['en', 'zh-CN'] as const)('in %s, a class page that lost its connection for good says so, and Join puts the student back as themselves', async (lang) => {
  const T = texts(lang);
  const opened = await openClass(server, { name: `Lost ${lang}`, settings: { scenarioId: 'handshake', rounds: 1 } });
  const ada = await studentJoinsClass(browser, server.baseUrl, opened.code, lang, 'Ada');
  const room = classRoomOf(server, opened.roomId);
  const [studentId] = [...room.state.students.keys()];

  // Its reconnection failed: the connection ends with no goodbye from the class.
  await until(() => room.clients.length === 1, 'Ada connected');
  room.clients[0]!.leave(CloseCode.FAILED_TO_RECONNECT);
  const news = ada.getByTestId('join-news');
  await news.waitFor();
  expect(await news.innerText()).toBe(T.connectionLost);
  expect(await news.getAttribute('role')).toBe('status');
  expect(await ada.getByTestId('join-error').innerText(), 'not an error').toBe('');
  expect(await ada.getByTestId('join-name').inputValue()).toBe('Ada');
  expect(await ada.getByTestId('join-code').inputValue()).toBe(opened.code);
  expect(await axeViolations(ada), 'the join page with its news').toEqual([]);
  await shot(ada, `class-lost-${lang}`);

  // Join again: the same student (her rejoin token), not a second Ada.
  await ada.getByTestId('join-submit').click();
  await ada.getByTestId('lobby').locator('li.me').waitFor();
  await until(() => room.state.students.get(studentId!)?.connected === true, 'Ada back');
  expect([...room.state.students.keys()]).toEqual([studentId]);
  expect(await ada.getByTestId('lobby').locator('li').allInnerTexts()).toEqual(['Ada']);
});

/** Connections the class still holds for a dropped student (Colyseus keeps each as a reserved seat until its window ends). */
const held = (room: ClassRoom): number => Object.keys((room as unknown as { _reservedSeats: object })._reservedSeats).length;

it('offline longer than the class holds the connection: reconnecting meanwhile, then back online the news and Join', async () => {
  const T = texts('en');
  const opened = await openClass(server, { name: 'Gone too long', settings: { scenarioId: 'handshake', rounds: 1 } });
  const ada = await studentJoinsClass(browser, server.baseUrl, opened.code, 'en', 'Ada');
  const room = classRoomOf(server, opened.roomId);
  const [studentId] = [...room.state.students.keys()];

  await ada.context().setOffline(true);
  await ada.waitForFunction((t) => document.querySelector('[data-testid=class-reconnecting]')?.textContent === t, T.reconnectingOffline);
  await until(() => held(room) === 1, 'the class holds her connection');
  await until(() => held(room) === 0 && room.clients.length === 0, 'the class released it', 10_000);
  await ada.context().setOffline(false);
  const news = ada.getByTestId('join-news');
  await news.waitFor();
  expect(await news.innerText()).toBe(T.connectionLost);
  expect(await ada.getByTestId('join-name').inputValue()).toBe('Ada');
  // Join again: one Ada. (She never played: gone past the window, the class forgot her and freed her
  // place, README's "forgotten"; a student who played comes back as themselves, as the test above.)
  await ada.getByTestId('join-submit').click();
  await ada.getByTestId('lobby').locator('li.me').waitFor();
  expect(room.state.students.has(studentId!)).toBe(false);
  expect([...room.state.students.values()].map((s) => s.name)).toEqual(['Ada']);
  expect(await ada.getByTestId('lobby').locator('li').allInnerTexts()).toEqual(['Ada']);
});
