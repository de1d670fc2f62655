/**
 * The server's refusals read in the page's language, in real Chromium: a student joining a full
 * class or under the bot's name, a student whose game could not sit down after the round ended
 * (the class page's fresh seat is refused: the page says why, under the pair line, and keeps it
 * until the next round; and when its seat ran out before the game loaded, the game's own toast
 * says so in the page's language first), a teacher who double-clicks Start (the second click finds the class started), a teacher opening one class too many from one address, and a player typing the
 * code of a duel whose seats are both taken (the game's toast). Each is asserted in
 * Chinese on a zh-CN page and in English on an English one; with E2E_SHOTS=1 each is shot in both
 * languages: test-results/screenshots/refusals-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Client } from '@colyseus/sdk';
import { waitForScene } from './browser.ts';
import { browserForFile } from './fixture.ts';
import { buildClientOnce, DIST } from './gameServer.ts';
import { shot } from './play.ts';
import { bootClassServer, Member, openClass, pairRoomOf, stopClassServer, tempDbPath, until, type ClassServer } from '../classroom/classHarness.ts';
import { dropReservedSeats } from '../../server/seats.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';

type Lang = 'en' | 'zh-CN';
const WORDS = { en, 'zh-CN': zhCN } as const;

let server: ClassServer;
const browser = browserForFile();
const students: Member[] = [];

beforeAll(async () => {
  buildClientOnce();
  server = await bootClassServer(tempDbPath(), DIST, 4);
}, 180_000);

afterAll(async () => {
  for (const s of students) if ((s.classRoom as { connection?: { isOpen?: boolean } }).connection?.isOpen) await s.classRoom.leave().catch(() => undefined);
  if (server) await stopClassServer(server);
});

async function person(lang: Lang): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, lang, tutorialSeen: true });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** The error line's text, once it reads `expected` (or the wait times out, naming what it read). */
async function reads(page: Page, testid: string, expected: string): Promise<void> {
  const selector = `[data-testid=${testid}]`;
  await page.waitForFunction(([sel, text]) => document.querySelector(sel!)?.textContent === text, [selector, expected] as const).catch(async (e: unknown) => {
    throw new Error(`${testid} reads "${await page.locator(selector).textContent()}", not "${expected}"`, { cause: e });
  });
}

describe.each(['zh-CN', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  it('a student is told the class is full, and that the bot’s name is taken', async () => {
    const opened = await openClass(server, { name: `Full ${lang}`, settings: { scenarioId: 'handshake', rounds: 1, maxStudents: 1 } });
    const ada = await Member.join(server, opened.roomId, { name: 'Ada', rejoinToken: `ada-${lang}-${'x'.repeat(16)}` });
    students.push(ada);
    await until(() => ada.of('welcome').length === 1, 'Ada in');

    const bea = await person(lang);
    await bea.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
    await bea.getByTestId('join-name').fill('Bea');
    await bea.getByTestId('join-submit').click();
    await reads(bea, 'join-error', words['refusal.class_full']);
    await shot(bea, `refusals-class-full-${lang}`);

    await bea.getByTestId('join-name').fill('Bot');
    await bea.getByTestId('join-submit').click();
    await reads(bea, 'join-error', words['refusal.reserved_name']);
    await shot(bea, `refusals-reserved-name-${lang}`);
  });

  it('a student whose game could not sit down after the round ended reads why on the class page, until the next round', async () => {
    const opened = await openClass(server, { name: `Reseat ${lang}`, settings: { scenarioId: 'handshake', rounds: 2 } });
    const teacher = await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken });
    students.push(teacher);
    const dee = await person(lang);
    // The game in the frame is stood in for by an empty page: the test says for it, by the message
    // the game sends its class page (client/net/session.ts toClass), that it could not sit down.
    await dee.route((url) => url.searchParams.has('classPair'), (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>TCP Dojo</title>' }));
    await dee.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
    await dee.getByTestId('join-name').fill('Dee');
    await dee.getByTestId('join-submit').click();
    await dee.getByTestId('lobby').getByText('Dee').waitFor();

    teacher.classRoom.send('start', {});
    const frame = await dee.waitForSelector('[data-testid=class-game]');
    const pairRoomId = new URL((await frame.getAttribute('src'))!, server.baseUrl).searchParams.get('classPair')!;
    // The teacher stops the round while Dee's game is still loading; then the game cannot sit down.
    teacher.classRoom.send('stop', {});
    await until(() => teacher.classRoom.state.phase === 'between', 'round stopped');
    await (await frame.contentFrame())!.evaluate((roomId) => window.parent.postMessage({ type: 'tcp-dojo:class-pair', event: 'failed', roomId }, location.origin), pairRoomId);

    // The page asked the class for a fresh seat; the class has no round for Dee now, and the page says so.
    await reads(dee, 'student-error', words['refusal.no_round_for_you']);
    // News, not a fault: said as a status in the page's quiet colour, not as a red alert.
    expect(await dee.getByTestId('student-error').evaluate((el) => [el.getAttribute('role'), el.className])).toEqual(['status', 'dim']);
    expect(await dee.getByTestId('class-game-overlay').isHidden()).toBe(true);
    // Nothing Dee had is gone: the class, the lobby, the pair line and the way to the round's Results.
    expect(await dee.getByTestId('lobby').textContent()).toContain('Dee');
    expect(await dee.getByTestId('play').textContent()).toContain(words['refusal.no_round_for_you']);
    await dee.getByTestId('see-results').waitFor();
    const box = (await dee.getByTestId('student-error').boundingBox())!;
    const line = (await dee.getByTestId('play').boundingBox())!;
    expect(box.y, 'the refusal is under the pair line, inside the play section').toBeGreaterThanOrEqual(line.y);
    await shot(dee, `refusals-no-round-for-you-${lang}`);

    // The next round gives Dee a seat: the refusal is old news.
    teacher.classRoom.send('next', {});
    await dee.waitForSelector('[data-testid=student-error]', { state: 'hidden' });
    await dee.waitForSelector(`[data-testid=class-game]:not([src*="${pairRoomId}"])`);
   }, 150_000);

  it('a student whose game could not sit down (its seat ran out while it loaded, the round stopped) reads the game’s toast in the page’s language too', async () => {
    const opened = await openClass(server, { name: `Late ${lang}`, settings: { scenarioId: 'handshake', rounds: 2 } });
    const teacher = await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken });
    students.push(teacher);
    const eve = await person(lang);
    // Every toast the game in the frame shows, and the frame's language then (the class page
    // closes the frame once the class has refused a fresh seat, toast and all).
    await eve.context().addInitScript(() => {
      if (window.top === window) return;
      const top = window.top as unknown as { toastsSeen?: { text: string; lang: string }[]; frameShowed?: string[] };
      const seen = (top.toastsSeen ??= []);
      const showed = (top.frameShowed ??= []);
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid=toast]')) {
          const entry = { text: el.textContent ?? '', lang: document.documentElement.lang };
          if (!seen.some((s) => s.text === entry.text)) seen.push(entry);
        }
        // What the frame put on screen meanwhile: the class round's card, or the game's own menu.
        for (const id of ['menu-class-opening', 'menu-name']) if (document.querySelector(`[data-testid=${id}]`) && !showed.includes(id)) showed.push(id);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    // The game's page loads only once its seat has run out (a slow tablet on the school's wifi).
    let loadGame = (): void => undefined;
    const slowTablet = new Promise<void>((resolve) => (loadGame = resolve));
    await eve.route((url) => url.searchParams.has('classPair'), async (route) => {
      await slowTablet;
      await route.continue();
    });
    await eve.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
    await eve.getByTestId('join-name').fill('Eve');
    await eve.getByTestId('join-submit').click();
    await eve.getByTestId('lobby').getByText('Eve').waitFor();

    teacher.classRoom.send('start', {});
    const frame = await eve.waitForSelector('[data-testid=class-game]');
    const pairRoomId = new URL((await frame.getAttribute('src'))!, server.baseUrl).searchParams.get('classPair')!;
    teacher.classRoom.send('stop', {});
    await until(() => teacher.classRoom.state.phase === 'between', 'round stopped');
    // The pair room lets Eve's reservation go, as it does when its seat wait runs out.
    dropReservedSeats(pairRoomOf(server, pairRoomId) as never);
    loadGame();

    // The game could not sit down (Colyseus: "seat reservation expired."), the class has no round for
    // Eve now, and the class page says so; the game's own toast said it in the page's language first.
    await reads(eve, 'student-error', words['refusal.no_round_for_you']);
    const seen = await eve.evaluate(() => (window as unknown as { toastsSeen?: unknown[] }).toastsSeen ?? []);
    expect(seen).toEqual([{ text: words['menu.join.gone'], lang }]);
    // Meanwhile the frame said what it was doing; the game's own menu never showed in the class.
    expect(await eve.evaluate(() => (window as unknown as { frameShowed?: string[] }).frameShowed ?? [])).toEqual(['menu-class-opening']);
    await shot(eve, `refusals-seat-ran-out-${lang}`);
  }, 150_000);

  it('a game page opened by itself for a class round it holds no seat for: the class round\'s card with the way back to the class, the toast in the page\'s language, never the game\'s menu', async () => {
    const page = await person(lang);
    await page.goto(`${server.baseUrl}/?classPair=noSuchPair&code=ABC123`);
    await waitForScene(page, 'Menu', 60_000);
    const card = page.getByTestId('menu-class-opening');
    await card.waitFor();
    expect(await card.locator('h2').textContent()).toBe(words['menu.class.opening.title']);
    const toast = page.getByTestId('toast').filter({ hasText: words['menu.join.gone'] });
    await toast.waitFor();
    // Refused: the card no longer says the seat is being taken; the class page has what comes next.
    expect(await card.getByTestId('menu-class-opening-text').textContent()).toBe(words['menu.class.opening.refused']);
    expect(await page.getByTestId('menu-name').count()).toBe(0);
    expect(await page.getByTestId('menu-class-back').getAttribute('href')).toBe('/class.html?code=ABC123');
    await shot(page, `refusals-class-page-alone-${lang}`);
    await page.getByTestId('menu-class-back').click();
    await page.waitForURL(/\/class\.html\?code=ABC123$/);
    await page.context().close();
  });

  it('a teacher who double-clicks Start reads that the class has started', async () => {
    const opened = await openClass(server, { name: `Start ${lang}`, settings: { scenarioId: 'handshake', rounds: 1 } });
    const cy = await Member.join(server, opened.roomId, { name: 'Cy', rejoinToken: `cy-${lang}-${'x'.repeat(16)}` });
    students.push(cy);
    const teacher = await person(lang);
    await teacher.goto(`${server.baseUrl}/class.html#class=${opened.classId}&token=${opened.teacherToken}`);
    await teacher.waitForSelector('[data-testid=start]:not([disabled])');
    // Both clicks go before the room's answer to the first can come back: the second finds the class started.
    await teacher.getByTestId('start').evaluate((b: HTMLButtonElement) => {
      b.click();
      b.click();
    });
    await reads(teacher, 'teacher-error', words['refusal.class_started']);
    await teacher.waitForSelector('[data-testid=phase][data-phase=playing]');
    await shot(teacher, `refusals-class-started-${lang}`);
  });

  it('a player who types the code of a full duel reads so in the game’s toast', async () => {
    const alice = new Client(server.baseUrl);
    const duel = await alice.create('duel', { name: 'Alice', private: true });
    const bob = await new Client(server.baseUrl).joinById(duel.roomId, { name: 'Bob' });
    for (const r of [duel, bob]) r.onMessage('*', () => undefined);
    try {
      const carol = await person(lang);
      await carol.goto(`${server.baseUrl}/`);
      await waitForScene(carol, 'Menu', 60_000);
      await carol.getByTestId('menu-join-code').fill(duel.roomId);
      await carol.getByTestId('menu-join-duel').click();
      const toast = carol.getByTestId('toast').filter({ hasText: words['refusal.room_full'] });
      await toast.waitFor();
      expect(await toast.textContent()).toBe(words['refusal.room_full']);
      await shot(carol, `refusals-room-full-${lang}`);
    } finally {
      await Promise.all([duel.leave(), bob.leave()]);
    }
  });
});

describe('opening one class too many from one address', () => {
  it.each(['zh-CN', 'en'] as const)('in %s, the form says to wait', async (lang) => {
    // Fill this address's allowance for the minute (the test server's clock stands still).
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${server.baseUrl}/api/classes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Filler', settings: {} }) });
      if (res.status === 429) break;
      expect(res.status).toBe(201);
    }
    const teacher = await person(lang);
    await teacher.goto(`${server.baseUrl}/class.html`);
    await teacher.getByTestId('class-name').fill('One too many');
    await teacher.getByTestId('open-submit').click();
    await reads(teacher, 'open-error', WORDS[lang]['refusal.too_many_classes']);
    await shot(teacher, `refusals-too-many-classes-${lang}`);
  });
});
