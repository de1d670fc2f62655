/**
 * The teacher's own connection, in real headless Chromium, en and zh-CN. A projected dashboard on
 * the school's Wi-Fi drops too: the class goes on without it (the students keep playing), so the
 * page says that while it gets its connection back by itself, holds its controls meanwhile (a
 * press would not reach the class), and is live again once back: what happened while it was away
 * (a student who joined) is on it, and a press made meanwhile is not sent later. A connection the class could not give back (the laptop slept
 * past the window) is said as such, with a reload that brings the dashboard back; before, the
 * page kept showing a class that had moved on, with controls that did nothing.
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/teacher-offline-*.
 */
import { CloseCode } from '@colyseus/core';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.ts';
import { classServerForBrowserFile, personPage, studentJoinsClass } from './classPages.ts';
import { browserForFile } from './fixture.ts';
import { shot } from './play.ts';
import { classRoomOf, openClass, type ClassServer, until } from '../classroom/classHarness.ts';
import type { ClassRoom } from '../../server/rooms/ClassRoom.ts';
import { texts } from '../../client/classroom/text.ts';

let server: ClassServer;
const browser = browserForFile();

classServerForBrowserFile((s) => (server = s), { reconnectSeconds: 30 });

async function says(p: Page, text: string): Promise<void> {
  await p.waitForFunction((t) => document.querySelector('[data-testid=teacher-reconnecting]')?.textContent === t, text);
}

const lobbyNames = (teacher: Page): Promise<string[]> => teacher.getByTestId('teacher-lobby').locator('li > span').allInnerTexts();

const teacherConnection = (room: ClassRoom) => room.clients.find((c) => room.teachers.has(c.sessionId));

async function teacherWithTwoStudents(lang: 'en' | 'zh-CN', name: string) {
  const opened = await openClass(server, { name, settings: { scenarioId: 'handshake', rounds: 1 } });
  const teacher = await personPage(browser, lang);
  await teacher.goto(`${server.baseUrl}/class.html#class=${opened.classId}&token=${opened.teacherToken}`);
  await teacher.getByTestId('big-code').waitFor();
  await studentJoinsClass(browser, server.baseUrl, opened.code, lang, 'Ada');
  await studentJoinsClass(browser, server.baseUrl, opened.code, lang, 'Wang');
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  // Two students in the lobby: the teacher may start the round.
  await teacher.waitForFunction(() => !(document.querySelector('[data-testid=start]') as HTMLButtonElement).disabled);
  return { opened, teacher, room: classRoomOf(server, opened.roomId) };
}

it.each(['en', 'zh-CN'] as const)('in %s, the teacher offline for a few seconds: the page says the class goes on, holds its controls, and is live again by itself', async (lang) => {
  const T = texts(lang);
  const { opened, teacher, room } = await teacherWithTwoStudents(lang, `Teacher blip ${lang}`);

  await teacher.context().setOffline(true);
  await says(teacher, T.teacherReconnectingOffline);
  expect(await teacher.getByTestId('teacher-reconnecting').getAttribute('role')).toBe('status');
  expect(await teacher.getByTestId('start').isDisabled(), 'a press would not reach the class').toBe(true);
  expect(await teacher.getByTestId('lock-class').isDisabled()).toBe(true);
  expect(await teacher.getByTestId('teacher-reopen').isHidden(), 'nothing to do yet: it reconnects by itself').toBe(true);
  await until(() => teacherConnection(room) === undefined, 'the class noticed the drop');
  // The class goes on: a student joins while the teacher's page is away.
  await studentJoinsClass(browser, server.baseUrl, opened.code, lang, 'Lin');
  // A press meanwhile asks nothing of the class, then or later: the SDK would keep it and send it
  // on reconnecting, and a student removed minutes after the click (its confirm long answered) is
  // not what the teacher saw happen.
  const ada = [...room.state.students].find(([, st]) => st.name === 'Ada')![0];
  await teacher.getByTestId(`remove-${ada}`).click();
  expect(await axeViolations(teacher), 'the teacher page while reconnecting').toEqual([]);
  await shot(teacher, `teacher-offline-reconnecting-${lang}`);

  await teacher.context().setOffline(false);
  await says(teacher, '');
  await until(() => teacherConnection(room) !== undefined, 'the teacher back in the class');
  // Live again: what happened meanwhile is on the page, and the controls are offered as before.
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 3);
  expect((await lobbyNames(teacher)).sort()).toEqual(['Ada', 'Lin', 'Wang']);
  expect(await teacher.getByTestId('start').isDisabled()).toBe(false);
  expect(await teacher.getByTestId('lock-class').isDisabled()).toBe(false);
  expect(room.teachers.size, 'the same connection, not a second teacher').toBe(1);
  expect(room.state.students.get(ada)?.name, 'the press made while away was not sent on return').toBe('Ada');
  expect(await teacher.getByTestId(`removed-${ada}`).count()).toBe(0);
  await shot(teacher, `teacher-offline-back-${lang}`);
}, 120_000);

it.each(['en', 'zh-CN'] as const)('in %s, a teacher page the class could not give its connection back says so, and its reload brings the live dashboard back', async (lang) => {
  const T = texts(lang);
  const { teacher, room } = await teacherWithTwoStudents(lang, `Teacher lost ${lang}`);

  // Its reconnection failed (past the window): the connection ends with no word from the class.
  teacherConnection(room)!.leave(CloseCode.FAILED_TO_RECONNECT);
  await says(teacher, T.teacherLost);
  expect(await teacher.getByTestId('teacher-reopen').innerText()).toBe(T.teacherReopen);
  expect(await teacher.getByTestId('start').isDisabled(), 'controls that would do nothing are not offered').toBe(true);
  expect(await axeViolations(teacher), 'the teacher page, connection lost').toEqual([]);
  await shot(teacher, `teacher-offline-lost-${lang}`);

  await teacher.getByTestId('teacher-reopen').click();
  await teacher.getByTestId('big-code').waitFor();
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  expect(await teacher.getByTestId('teacher-reconnecting').innerText()).toBe('');
  expect(await teacher.getByTestId('teacher-reopen').isHidden()).toBe(true);
  await teacher.waitForFunction(() => !(document.querySelector('[data-testid=start]') as HTMLButtonElement).disabled);
  await until(() => room.teachers.size >= 1 && teacherConnection(room) !== undefined, 'the teacher back in the class');
}, 120_000);
