/**
 * A class's life in real Chromium: the teacher opens a class at `localhost` (the page offers the
 * machine's network address for the join URL and QR, and shows the teacher link once, then keeps the
 * token out of every address and link), a second teacher page in Chinese follows the same class from
 * the teacher link; a student double-clicks Join, having typed the code by hand (her partner joins
 * from another device, an SDK client), plays, reloads mid-round (in English, then in Chinese) and
 * lands straight back in her seat with her score, stays present when her old connections expire,
 * and is seated with her partner again next round. The controls follow the phase;
 * the results page shows titles, not ids, and has a way back (and browser Back works); the CSV comes
 * without the token in any URL. One server (manual game clock, a 12 s reconnection window), one
 * Chromium (the fixture's browserForFile), a context per person; every wait is on a condition. Screenshots (E2E_SHOTS=1) of the teacher's page in
 * each phase and of the student's reload, in English and Chinese: test-results/screenshots/class-life-*.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import type { Side } from '../../shared/tcp/wire.ts';
import { axeViolations } from './axe.ts';
import { frameAsPage, frames, waitForScene } from './browser.ts';
import { browserForFile } from './fixture.ts';
import { expectTabRound } from './keyboard.ts';
import { buildClientOnce, DIST } from './gameServer.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, sessionOf, shot } from './play.ts';
import { bootClassServer, classRoomOf, Member, pairRoomOf, stopClassServer, tempDbPath, TEST_NETWORK_ADDRESSES, until, type ClassServer } from '../classroom/classHarness.ts';
import { texts } from '../../client/classroom/text.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import { CSV_HEADER } from '../../server/classroom/results.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';

const GAME_TEXT = { en, 'zh-CN': zhCN } as const;

type Lang = 'en' | 'zh-CN';
/**
 * The server's reconnection window (TCP_DOJO_RECONNECT_SECONDS, 30 s by default), shorter here: the
 * test waits for it to run out after Ada's reloads. A reload is back in its seat in about 2.5 s on
 * a quiet machine; 12 s leaves a busy one several times that.
 */
const RECONNECT_SECONDS = 12;
let server: ClassServer;
/** One Chromium; each person a context of their own, kept from one test (one step of the class) to the next. */
const browser = browserForFile();

beforeAll(async () => {
  buildClientOnce();
  // A reload reopens the class page, then the game in its frame: on two busy cores that takes more
  // than the SDK tests' 2 s, so the game's seat is held for RECONNECT_SECONDS.
  server = await bootClassServer(tempDbPath(), DIST, RECONNECT_SECONDS);
}, 180_000);

afterAll(async () => {
  if (server) await stopClassServer(server);
});

/**
 * A person's device: a fresh context with their language saved before the first visit (a reload
 * keeps what the page or the test chose since) and the tutorial not seen, kept for the whole file.
 */
async function person(lang: Lang, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, lang, tutorialSeen: false }, { keep: 'file' });
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  page.on('dialog', (d) => void d.accept());
  return page;
}

const port = (): string => new URL(server.baseUrl).port;
const localhost = (): string => `http://localhost:${port()}`;
const text = (page: Page, id: string): Promise<string> => page.getByTestId(id).innerText();
const numbers = (s: string): number[] => (s.match(/\d+/g) ?? []).map(Number);

/** Which of the teacher's controls the page offers (enabled), in a fixed order. */
async function enabledControls(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const id of ['start', 'next', 'stop', 'repair', 'end']) if (await page.getByTestId(id).isEnabled()) out.push(id);
  return out;
}

async function phaseIs(page: Page, phase: string): Promise<void> {
  await page.waitForSelector(`[data-testid=phase][data-phase=${phase}]`);
}

/** The SVG path of a QR code: the same for two codes exactly when they encode the same text. */
function qrPath(svg: string): string {
  return [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]).join('|');
}

/** The student's game in its frame, seen through the e2e helpers (which take a Page). */
async function gameOf(page: Page, roomId: string): Promise<Page> {
  const el = await page.waitForSelector(`[data-testid=class-game][src*="classPair=${roomId}"]`);
  const frame = (await el.contentFrame())!;
  const game = frameAsPage(page, frame);
  await waitForScene(game, 'Game', 90_000);
  await game.waitForFunction((id) => window.__tcpDojo?.session()?.roomId === id, roomId, { timeout: 90_000 });
  return game;
}

interface Student {
  name: string;
  lang: Lang;
  page: Page;
  id: string;
}

const T = { en: texts('en'), 'zh-CN': texts('zh-CN') };

// Under load on two shared cores one step can take a while; every wait is still on a condition.
describe('a class in the browser', { timeout: 600_000 }, () => {
  let teacher: Page;
  let teacherZh: Page;
  let classId = '';
  let code = '';
  let token = '';
  let ada: Student;
  let xiaoming: Member;
  const idOfMember = (m: Member): string => m.of('welcome')[0].studentId;
  let classRoomId = '';
  const pairRoomOfStudent = (id: string): string => {
    for (const lp of classRoomOf(server, classRoomId).live.values()) if (lp.link.students.client?.studentId === id || lp.link.students.server?.studentId === id) return lp.roomId;
    throw new Error(`${id} has no pair`);
  };

  it('4, 5: opened at localhost, the page offers the network address, and shows the teacher link once', async () => {
    teacher = await person('en', { width: 1600, height: 1000 });
    await teacher.goto(`${localhost()}/class.html`);
    // Scenario names in the teacher's language (7).
    expect(await teacher.getByTestId('class-scenario').locator('option').first().innerText()).toBe(findScenario('handshake')!.title.en);
    await teacher.getByTestId('class-name').fill('Networks 101 · 网络课');
    await teacher.getByTestId('class-rounds').fill('2');
    await teacher.getByTestId('open-submit').click();
    await teacher.getByTestId('big-code').waitFor();
    code = (await text(teacher, 'big-code')).trim();
    classId = new URLSearchParams(new URL(teacher.url()).hash.slice(1)).get('class')!;
    token = await teacher.getByTestId('teacher-link').inputValue();
    token = new URLSearchParams(new URL(token).hash.slice(1)).get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    classRoomId = ((await (await fetch(`${server.baseUrl}/api/classes/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).json()) as { roomId: string }).roomId;

    // 4: the page is on a loopback origin: the join URL and QR use this machine's network address.
    await expect(text(teacher, 'loopback-note')).resolves.toBe(T.en.loopbackNote);
    const joinUrl = `http://${TEST_NETWORK_ADDRESSES[0]}:${port()}/class.html?code=${code}`;
    expect(await text(teacher, 'join-url')).toBe(joinUrl);
    const qr = await teacher.getByTestId('qr').innerHTML();
    expect(qrPath(qr)).toBe(qrPath(await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })));
    // The other address is offered too; choosing it moves the QR.
    await teacher.getByTestId('join-address').selectOption('1');
    expect(await text(teacher, 'join-url')).toBe(`http://${TEST_NETWORK_ADDRESSES[1]}:${port()}/class.html?code=${code}`);
    await teacher.getByTestId('join-address').selectOption('0');

    // 5: the teacher link is shown once, with the warning and a copy button; the address bar has no token.
    expect(teacher.url()).not.toContain(token);
    expect(await text(teacher, 'teacher-link-panel')).toContain(T.en.teacherLinkNote);
    await shot(teacher, 'class-life-teacher-opened-en');
    await teacher.getByTestId('teacher-link-done').click();
    await teacher.getByTestId('teacher-link-panel').waitFor({ state: 'detached' });
    expect(await teacher.content()).not.toContain(token);
    for (const href of await teacher.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''))) expect(href).not.toContain(token);
    // 6: nobody here yet: only End is offered.
    expect(await enabledControls(teacher)).toEqual(['end']);

    // The teacher link opens the class on another device (here in Chinese), without the panel.
    teacherZh = await person('zh-CN', { width: 1600, height: 1000 });
    await teacherZh.goto(`${localhost()}/class.html#class=${classId}&token=${token}`);
    await teacherZh.getByTestId('big-code').waitFor();
    expect(new URL(teacherZh.url()).hash).toBe(`#class=${classId}`);
    expect(await teacherZh.getByTestId('teacher-link-panel').count()).toBe(0);
    expect(await text(teacherZh, 'loopback-note')).toBe(T['zh-CN'].loopbackNote);
    expect(await text(teacherZh, 'class-settings')).toContain(findScenario('handshake')!.title['zh-CN']);
    // Without the token, the dashboard is refused.
    const stranger = await person('en');
    await stranger.goto(`${server.baseUrl}/class.html#class=${classId}`);
    expect(await text(stranger, 'page-error')).toBe(T.en.noTeacherToken);
    await stranger.context().close();
  });

  it('2, 3: a double-clicked Join makes one student; the code typed by hand is remembered', async () => {
    const page = await person('en');
    await page.goto(`${server.baseUrl}/class.html`);
    await page.getByTestId('join-code').fill(code.toLowerCase());
    await page.getByTestId('join-name').fill('Ada');
    await page.getByTestId('join-submit').dblclick();
    await page.getByTestId('lobby').locator('li').first().waitFor();
    expect(new URL(page.url()).search).toBe(`?code=${code}`);
    ada = { name: 'Ada', lang: 'en', page, id: [...classRoomOf(server, classRoomId).state.students].find(([, s]) => s.name === 'Ada')![0] };
    // Her partner joins from another device (an SDK client: one game in a browser is enough here).
    xiaoming = await Member.join(server, classRoomId, { name: '王小明', rejoinToken: 'xiaoming-page-token-0001' });
    xiaoming.classRoom.onMessage('*', () => undefined);
    const room = classRoomOf(server, classRoomId);
    expect([...room.state.students.values()].map((s) => s.name).sort()).toEqual(['Ada', '王小明'].sort());
    await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
    // 7: present and away apart.
    expect(await text(teacher, 'phase')).toContain(`${T.en.here(2)} · ${T.en.away(0)}`);
    expect(await enabledControls(teacher)).toEqual(['start', 'end']);
    await teacher.getByTestId('teacher-lobby').waitFor();
    await shot(teacher, 'class-life-teacher-lobby-en');
    await teacherZh.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
    await shot(teacherZh, 'class-life-teacher-lobby-zh-CN');
  });

  it('1, 3: a student who reloads mid-round is back in their seat with their score (in either language), and stays present', async () => {
    await teacher.getByTestId('start').click();
    await phaseIs(teacher, 'playing');
    expect(await enabledControls(teacher)).toEqual(['stop', 'end']);
    const pairId = pairRoomOfStudent(ada.id);
    expect(pairRoomOfStudent(idOfMember(xiaoming))).toBe(pairId);
    const pair = pairRoomOf(server, pairId);
    const side: Side = pair.link.students.client?.studentId === ada.id ? 'client' : 'server';
    await ada.page.bringToFront();
    let game = await gameOf(ada.page, pairId);
    await until(() => pair.round !== null && xiaoming.pairRoom !== null, 'round started', 60_000);
    // Her partner answers from his device; the manual clock moves while nobody decides; Ada answers
    // her first decision through the game, so there is a score to keep.
    for (let step = 0; step < 400 && pair.round!.hosts[side].decision === null; step++) {
      const other = pair.round!.hosts[side === 'client' ? 'server' : 'client'].decision;
      if (other) {
        // His device asks him once its patch is in (it goes out after the journal's commit).
        await until(() => xiaoming.pairView()?.decision?.id === other.id, 'partner asked');
        const before = pair.round!.log.length;
        xiaoming.pairRoom!.send('move', { decisionId: other.id, move: correctAnswer(pairId, xiaoming.pairSide!, other.id)! });
        await until(() => pair.round!.log.length > before, 'partner moved');
      } else {
        pair.advanceClock(200);
        await new Promise((r) => setImmediate(r)); // a turn of the event loop for the room's I/O, no time
      }
    }
    const decision = (await nextDecision(game, null, 90_000))!;
    await playMove(game, correctAnswer(pairId, side, decision)!);
    await answered(game, decision, 90_000);
    const score = pair.round!.hosts[side].score;
    expect(score).toBeGreaterThan(0);
    await shot(teacher, 'class-life-teacher-playing-en');
    await teacherZh.locator('[data-testid^=pair-]').first().waitFor();
    await shot(teacherZh, 'class-life-teacher-playing-zh-CN');

    for (const lang of ['en', 'zh-CN'] as const) {
      await ada.page.evaluate((l) => localStorage.setItem('tcp-dojo.lang', l), lang);
      await ada.page.bringToFront();
      await ada.page.reload();
      // Straight back: no entry page, the game reopens on the same pair and side, with her score.
      game = await gameOf(ada.page, pairId);
      expect(await ada.page.getByTestId('join-form').count()).toBe(0);
      expect((await sessionOf(game))!.side).toBe(side);
      await game.waitForFunction((n) => (document.querySelector('[data-testid=game-score]')?.textContent ?? '').includes(String(n)), score);
      const top = numbers(await game.getByTestId('game-score').innerText());
      expect(top[0]).toBe(score);
      expect(numbers(await game.getByTestId('feedback-score').innerText())).toEqual(top);
      // She has played in this round already: the page opens on the game, not on the round's opening card.
      expect(await game.getByTestId('round-intro').isHidden()).toBe(true);
      expect(await ada.page.getByTestId('game-title').innerText()).toContain(lang === 'en' ? T.en.partner : T['zh-CN'].partner);
      await frames(game); // the canvas painted for the picture
      await shot(ada.page, `class-life-student-reloaded-${lang}`);
      // Menu in a live class round asks first, and says what leaving means here: no way back into
      // this round (the bot plays on), the teacher starts the next. She stays.
      await game.getByTestId('game-menu').click();
      expect(await game.getByTestId('confirm-leave-body').innerText()).toBe(GAME_TEXT[lang]['leave.class']);
      await shot(ada.page, `class-life-student-leave-asked-${lang}`);
      await game.getByTestId('confirm-leave-stay').click();
      await game.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=confirm-leave]')?.hidden === true);
      expect((await sessionOf(game))!.side).toBe(side);
    }
    // The old connections' reconnection windows run out: she does not become away.
    const room = classRoomOf(server, classRoomId);
    await until(() => room.attendance.sessionsOf(ada.id).length === 1, 'old connections gone', (RECONNECT_SECONDS + 30) * 1000);
    expect(room.state.students.get(ada.id)!.connected).toBe(true);
    expect(await teacher.locator('[data-testid=teacher-lobby] li.away').count()).toBe(0);
    expect(await text(teacher, 'phase')).toContain(T.en.here(2));
  });

  it('1, 6: between rounds the controls change, and the next round seats both students together again', async () => {
    await teacher.getByTestId('stop').click();
    await phaseIs(teacher, 'between');
    expect(await enabledControls(teacher)).toEqual(['next', 'repair', 'end']);
    await teacher.locator('[data-testid^=pair-][data-testid$=-status]').first().waitFor();
    expect(await teacher.locator('[data-testid$=-status]').first().innerText()).toContain(T.en.endReason['stopped']);
    await shot(teacher, 'class-life-teacher-between-en');
    await phaseIs(teacherZh, 'between');
    await shot(teacherZh, 'class-life-teacher-between-zh-CN');
    const before = pairRoomOfStudent(ada.id);

    await teacher.getByTestId('next').click();
    await phaseIs(teacher, 'playing');
    const next = pairRoomOfStudent(ada.id);
    expect(next).not.toBe(before);
    const pair = pairRoomOf(server, next);
    expect([pair.link.students.client?.studentId, pair.link.students.server?.studentId].sort()).toEqual([ada.id, idOfMember(xiaoming)].sort());
    await ada.page.bringToFront();
    const game = await gameOf(ada.page, next);
    expect((await sessionOf(game))!.roomId).toBe(next);
    expect(await ada.page.getByTestId('class-game').count()).toBe(1);
    expect(await ada.page.getByTestId('game-title').innerText()).toContain('王小明');
    await until(() => pair.state.phase === 'playing', 'both seated, the round under way');
    expect([pair.state.seats.get('client')!.controller, pair.state.seats.get('server')!.controller]).toEqual(['human', 'human']);
  });

  it('6, 7, 13: the finished class: no control but the results, which show titles, go back, and download without the token', async () => {
    await teacher.getByTestId('stop').click();
    await phaseIs(teacher, 'finished');
    expect(await enabledControls(teacher)).toEqual([]);
    await shot(teacher, 'class-life-teacher-finished-en');
    await phaseIs(teacherZh, 'finished');
    await shot(teacherZh, 'class-life-teacher-finished-zh-CN');

    for (const [page, lang] of [[teacher, 'en'], [teacherZh, 'zh-CN']] as const) {
      await page.getByTestId('results-link').click();
      await page.getByTestId('results-table').locator('tbody tr').first().waitFor();
      expect(page.url()).not.toContain(token);
      expect(await text(page, 'summary-scenario')).toContain(findScenario('handshake')!.title[lang]);
      // Every answer in this class was right: no rule to revisit, and each heatmap cell counts none
      // wrong (its title in words, in the good colour, not the warning one).
      expect(await text(page, 'weakest-rules')).toBe(T[lang].nothingToRevisit(true));
      const ratios = await page.locator('.cell-head .ratio').evaluateAll((spans) => spans.map((s) => [s.textContent ?? '', s.getAttribute('title') ?? '', s.classList.contains('none')] as const));
      expect(ratios.length).toBeGreaterThan(0);
      for (const [ratio, title, none] of ratios) {
        const total = Number(/\/(\d+)$/.exec(ratio)?.[1]);
        expect([ratio, title, none]).toEqual([`✗ 0/${total}`, T[lang].wrongOf(0, total), true]);
      }
      // A student none of whose decisions was judged (whoever sat on the host that had none) has no
      // accuracy on the podium, as in the table: a dash, not 0%.
      const rows = await page.locator('[data-testid=results-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      const accuracyAt = (await page.locator('[data-testid=results-table] th').allInnerTexts()).indexOf(T[lang].accuracy);
      expect(accuracyAt).toBeGreaterThan(0);
      for (const line of await page.getByTestId('podium').locator('li').allInnerTexts()) {
        const name = ['Ada', '王小明'].find((n) => line.startsWith(n))!;
        const noAccuracy = rows.filter((r) => r[1] === name).every((r) => r[accuracyAt] === '—');
        expect(line.trim().endsWith('· —'), `${line} (${lang})`).toBe(noAccuracy);
      }
      expect(await page.locator('[data-testid=results-table] tbody tr').count()).toBe(4); // 2 students × 2 rounds
      await shot(page, `class-life-results-${lang}`);
      // The class summary is accessible (axe: test/e2e/axe.ts), and Tab reaches its controls with focus shown.
      expect(await axeViolations(page), `class summary, ${lang}`).toEqual([]);
      await expectTabRound(page, `class summary, ${lang}`, ['back-to-dashboard', 'csv-link', 'summary']);
    }
    // The CSV: fetched with the token in a header, handed over as a file from a blob.
    const download = teacher.waitForEvent('download');
    await teacher.getByTestId('csv-link').click();
    const file = await download;
    expect(file.url()).toMatch(/^blob:/);
    const csv = readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]).toBe(CSV_HEADER.join(','));
    expect(csv.slice(1).map((l) => l.split(',')[CSV_HEADER.indexOf('end')])).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);
    await teacher.getByTestId('csv-columns').click();
    expect(await text(teacher, 'csv-columns')).toContain('think_ms');

    // The way back: the page's button, and the browser's Back.
    await teacher.getByTestId('back-to-dashboard').click();
    await teacher.getByTestId('big-code').waitFor();
    await teacher.getByTestId('results-link').click();
    await teacher.getByTestId('results-table').waitFor();
    await teacher.goBack();
    await teacher.getByTestId('big-code').waitFor();
    expect(await teacher.getByTestId('results-table').count()).toBe(0);
  });
});
