/**
 * A class's pages in Chromium, as the people in a classroom open them: a student's laptop joining by
 * the class code, and the student's game in its frame over the class page.
 */
import type { Frame, Page } from 'playwright-core';
import type { Side } from '../../shared/tcp/wire.ts';
import { classServerForFile, openClass, pairRoomOf, type ClassMembers, type ClassServer } from '../classroom/classHarness.ts';
import { buildClientOnce, DIST } from './gameServer.ts';
import { waitForScene } from './browser.ts';
import type { BrowserForFile } from './fixture.ts';

/** The file's class server on the built client (see classServerForFile). */
export function classServerForBrowserFile(set: (server: ClassServer) => void, o: { reconnectSeconds?: number; members?: ClassMembers } = {}): void {
  classServerForFile(set, { ...o, staticDir: DIST, before: buildClientOnce });
}

/**
 * A page in a context of its own (one person's laptop, or with `device` a phone: touch, a mobile
 * viewport, its pixel density) in this language; it accepts the game's confirm dialogs.
 */
export async function personPage(browser: BrowserForFile, lang: 'en' | 'zh-CN', viewport = { width: 1280, height: 800 }, device: { touch?: boolean; deviceScaleFactor?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, lang, ...device });
  const p = await context.newPage();
  p.on('dialog', (d) => void d.accept());
  return p;
}

/**
 * A student opens the class page by its code, joins by name, and is in the lobby. `before` is done
 * on the new page before it opens anything (e.g. to install Playwright's clock in its context).
 */
export async function studentJoinsClass(browser: BrowserForFile, baseUrl: string, code: string, lang: 'en' | 'zh-CN', name: string, before?: (p: Page) => Promise<void>): Promise<Page> {
  const p = await personPage(browser, lang);
  await before?.(p);
  await p.goto(`${baseUrl}/class.html?code=${code}`);
  await p.getByTestId('join-name').fill(name);
  await p.getByTestId('join-submit').click();
  await p.getByTestId('lobby').locator('li.me').waitFor();
  return p;
}

/** A student's game in its frame over the class page, once it plays this pair room's round. */
export async function classGameIn(p: Page, roomId: string): Promise<Frame> {
  const frame = (await (await p.waitForSelector(`[data-testid=class-game][src*="classPair=${roomId}"]`, { timeout: 30_000 })).contentFrame())!;
  await waitForScene(frame, 'Game', 90_000);
  await frame.waitForFunction(() => window.__tcpDojo?.session()?.phase === 'playing');
  return frame;
}


/**
 * A handshake class of one round on the teacher's page, Ada and 王小明 in it on their own laptops,
 * the round started by the teacher: their pair room, and the side Ada plays. `o.beforeAda` is done on
 * Ada's page before it opens the class (see studentJoinsClass).
 */
export async function adaAndWangPlaying(browser: BrowserForFile, server: ClassServer, lang: 'en' | 'zh-CN', className: string, teacherViewport?: { width: number; height: number }, o: { beforeAda?: (p: Page) => Promise<void> } = {}) {
  const opened = await openClass(server, { name: className, settings: { scenarioId: 'handshake', rounds: 1 } });
  const teacher = await personPage(browser, lang, teacherViewport);
  await teacher.goto(`${server.baseUrl}/class.html#class=${opened.classId}&token=${opened.teacherToken}`);
  await teacher.getByTestId('big-code').waitFor();
  const ada = await studentJoinsClass(browser, server.baseUrl, opened.code, lang, 'Ada', o.beforeAda);
  const wang = await studentJoinsClass(browser, server.baseUrl, opened.code, lang, '王小明');
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  await teacher.getByTestId('start').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=playing]');
  // The class has seated Ada; her page opens the game's frame when it hears of her pair (a moment later).
  await ada.waitForSelector('[data-testid=class-game]', { state: 'attached' });
  const roomId = await ada.$eval('[data-testid=class-game]', (el) => new URL((el as HTMLIFrameElement).src).searchParams.get('classPair')!);
  const pair = pairRoomOf(server, roomId);
  const adaSide = (['client', 'server'] as Side[]).find((s) => pair.link.students[s]?.name === 'Ada')!;
  return { opened, teacher, ada, wang, roomId, pair, adaSide };
}
