/**
 * The classroom in real headless Chromium: a teacher opens a class in the page, two students join
 * in their own pages (six more as SDK clients), the teacher starts, and each browser student is
 * sent into the real game (the Phaser client in a frame over the class page, `/?classPair=…`),
 * where they play their pair's round through the game's composer to the Results screen; the
 * dashboard shows the heatmap, the teacher spectates, the students go back to the class, the next
 * round pairs them again, and the class summary is shown. Then, on tablets (touch, 1024×768 and
 * 1280×720) in English and in Chinese, every class page a teacher or a student meets has
 * finger-sized targets and nothing over text or off screen, the game in its frame included.
 * Screenshots (E2E_SHOTS=1) go to test-results/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import type { i18n } from 'i18next';
import { translators } from '../support/translators.ts';
import type { Page } from 'playwright-core';
import type { Side } from '../../shared/tcp/wire.ts';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { frameAsPage, frames, waitForScene, type TestContextOptions } from '../e2e/browser.ts';
import { classServerForBrowserFile } from '../e2e/classPages.ts';
import { browserForFile } from '../e2e/fixture.ts';
import { expectClassPageTouchFriendly, TOUCH_VIEWPORTS } from '../e2e/touchAudit.ts';
import { correctAnswer } from '../e2e/oracle.ts';
import { answered, nextDecision, sessionOf, shot } from '../e2e/play.ts';
import { playMove } from '../e2e/play.ts';
import { correctAnswer as answerFor } from '../server/gameHarness.ts';
import { classRoomOf, type ClassServer, lookUpCode, Member, pairRoomOf, playAllPairs, until } from './classHarness.ts';

let server: ClassServer;
/** One Chromium; the teacher and each student are a browser context of their own (a device each). */
const browser = browserForFile();

classServerForBrowserFile((s) => (server = s));

/** The game's own texts (its Results screen), in both languages. */
let gameText: Record<'en' | 'zh-CN', i18n>;
beforeAll(async () => {
  gameText = await translators();
});

/** A device's page (no page is opened yet): a fresh context, the game's language saved as `lang`. */
async function device(options: TestContextOptions): Promise<Page> {
  return (await browser.newContext(options)).newPage();
}

/** The game in a student page's frame, seen through the e2e helpers (which take a Page). */
const gameOf = frameAsPage;

interface BrowserStudent {
  name: string;
  page: Page;
  game: Page | null;
  roomId: string;
  moves: number;
}

/** Wait until the student's page has opened the real game for this pair room and it shows the Game scene. */
async function enterGame(s: BrowserStudent, roomId: string): Promise<void> {
  const frameEl = await s.page.waitForSelector(`[data-testid=class-game][src*="classPair=${roomId}"]`, { timeout: 15_000 });
  const frame = (await frameEl.contentFrame())!;
  s.game = gameOf(s.page, frame);
  s.roomId = roomId;
  await waitForScene(s.game, 'Game');
  await s.game.waitForFunction((id) => window.__tcpDojo?.session()?.roomId === id, roomId, { timeout: 15_000 });
}

/**
 * Play one pair room to its end on the manual clock: browser students through the game's composer
 * (answers from the oracle, typed like a person), SDK students by message, the clock advanced when
 * nobody has a decision.
 */
async function playRoom(roomId: string, students: BrowserStudent[], members: Member[], onFirstMove: (s: BrowserStudent) => Promise<void>): Promise<void> {
  const last = new Map<BrowserStudent, number | null>();
  for (let step = 0; step < 600; step++) {
    const room = pairRoomOf(server, roomId);
    const round = room.round;
    if (!round || round.finished) return;
    let acted = false;
    for (const side of ['client', 'server'] as Side[]) {
      const decision = round.hosts[side].decision;
      if (!decision || round.hosts[side].controller !== 'human') continue;
      const name = room.link.students[side]?.name;
      const student = students.find((s) => s.name === name);
      if (student?.game) {
        await student.page.bringToFront();
        const id = await nextDecision(student.game, last.get(student) ?? null, 30_000);
        last.set(student, id);
        if (id === null) return;
        const move = correctAnswer(roomId, side, id);
        if (!move) continue;
        await playMove(student.game, move);
        await answered(student.game, id, 30_000);
        student.moves++;
        if (student.moves === 1) await onFirstMove(student);
        acted = true;
        break;
      }
      const member = members.find((m) => m.pairRoom?.roomId === roomId && m.pairSide === side);
      if (!member) continue;
      const move = answerFor(room as never, side);
      if (!move) continue;
      const before = round.log.length;
      const errors = member.pairMessages.length;
      member.pairRoom!.send('move', { decisionId: decision.id, move });
      await until(() => room.round!.log.length > before || member.pairMessages.length > errors, 'SDK move handled');
      acted = true;
      break;
    }
    if (!acted) {
      room.advanceClock(200);
      await new Promise((r) => setImmediate(r)); // a turn of the event loop for the room's I/O, no time
    }
  }
  throw new Error(`pair room ${roomId} did not finish`);
}

it('runs a class: students play their pair in the real game, dashboard with heatmap, back to class, results page', async () => {
  const teacher = await device({ viewport: { width: 1600, height: 1000 }, seed: false });
  await teacher.goto(`${server.baseUrl}/class.html`);
  await teacher.fill('[data-testid=class-name]', 'Networks 101 · 网络课');
  await teacher.selectOption('[data-testid=class-mode]', 'consequences');
  await teacher.fill('[data-testid=class-rounds]', '2');
  await teacher.click('[data-testid=open-submit]');
  await teacher.waitForSelector('[data-testid=big-code]');
  const code = (await teacher.textContent('[data-testid=big-code]'))!.trim();
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  expect(await teacher.$eval('[data-testid=qr] svg', (el) => el.getBoundingClientRect().width)).toBeGreaterThan(100);

  const students: BrowserStudent[] = [];
  for (const [i, name] of ['Ada', '王小明'].entries()) {
    // Ada's game in English, 王小明's in Chinese.
    const page = await device({ viewport: { width: 1280, height: 800 }, lang: i === 0 ? 'en' : 'zh-CN', tutorialSeen: false });
    await page.goto(`${server.baseUrl}/class.html?code=${code}`);
    await page.fill('[data-testid=join-name]', name);
    if (i === 0) await shot(page, 'classroom-join');
    await page.click('[data-testid=join-submit]');
    await page.waitForSelector('[data-testid=lobby] li');
    students.push({ name, page, game: null, roomId: '', moves: 0 });
  }
  // Six more students as SDK clients.
  const sdkStudents: Member[] = [];
  const { roomId } = (await (await lookUpCode(server, code)).json()) as { roomId: string };
  for (let i = 0; i < 6; i++) sdkStudents.push(await Member.join(server, roomId, { name: `Student ${i + 1}` }));
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 8, undefined, { timeout: 5000 });

  const classRoom = classRoomOf(server, roomId);
  const pairRoomOfStudent = (name: string): string => {
    for (const lp of classRoom.live.values()) if (lp.link.students.client?.name === name || lp.link.students.server?.name === name) return lp.roomId;
    throw new Error(`${name} has no pair`);
  };

  // ---- round 1 ----
  await teacher.click('[data-testid=start]');
  await until(() => sdkStudents.every((s) => s.pairRoom !== null && s.pairSide !== null && s.pairSeat?.roundNo === 1), 'SDK students seated', 10_000);
  // Each browser student is sent into the real game for their pair room.
  for (const s of students) await enterGame(s, pairRoomOfStudent(s.name));
  const browserRooms = new Set(students.map((s) => s.roomId));

  // SDK-only pairs play; every other one gets its first decision's state wrong.
  await playAllPairs(
    server,
    sdkStudents.filter((s) => !browserRooms.has(s.pairRoom!.roomId)),
    (s, view, correct) => (sdkStudents.indexOf(s) % 2 === 0 && view.verdicts.length === 0 ? { ...correct, state: correct.state === 'SYN-RECEIVED' ? 'LISTEN' : 'CLOSED' } : correct),
    300,
  );
  await teacher.waitForSelector('[data-testid=heatmap] .cell li.wrong', { timeout: 10_000 });
  // Spectate Ada's pair, still playing.
  const adaPair = [...classRoom.live.values()].find((lp) => lp.roomId === students[0]!.roomId)!.pair.pairNo;
  await teacher.click(`[data-testid=pair-${adaPair}]`);
  await teacher.waitForSelector('[data-testid=spectator] .spec-host .badge');

  // The browser students' pairs play through the game: the first move of each is photographed.
  for (const room of browserRooms) {
    await playRoom(room, students, sdkStudents, async (s) => {
      await frames(s.game!);
      await shot(s.page, `classroom-student-game-${s.name === 'Ada' ? 'ada' : 'xiaoming'}`);
    });
  }
  for (const s of students) expect(s.moves, `${s.name} moved through the composer`).toBeGreaterThan(0);
  // The teacher saves what the pair has sent (the pair still spectated) as a capture Wireshark opens (built in the page).
  const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.click('[data-testid=spectator-pcap]')]);
  const captured = annotateBytes(new Uint8Array(await readFile((await download.path())!)), { profile: 'rfc9293' });
  expect(captured.annotator.problems.listed).toEqual([]);
  expect(captured.rows[0]!.flags).toEqual(['SYN']);
  await shot(teacher, 'classroom-dashboard');

  // Both reach the game's Results screen; the class page offers the way back.
  for (const s of students) {
    await s.page.bringToFront();
    await s.game!.getByTestId('game-to-results').click();
    await waitForScene(s.game!, 'Results');
    await s.game!.getByTestId('results').waitFor({ timeout: 20_000 });
    await s.page.waitForSelector('[data-testid=back-to-class]:not([hidden])');
    // The teacher starts the next round: no rematch, swap or next scenario of the pair's own.
    for (const own of ['results-rematch', 'results-swap', 'results-next']) expect(await s.game!.getByTestId(own).count(), own).toBe(0);
    // The class's default time limit let TIME-WAIT (RFC 9293: 2×MSL = 240 s) run out, its end
    // answered in the round like every other decision: both hosts are back in CLOSED, as both paths end.
    const paths = await s.game!.$$eval('[data-testid^=results-path-]', (els) => els.map((e) => [...e.querySelectorAll('.state-chip')].map((c) => c.textContent)));
    expect(paths.map((p) => p.slice(-2)), s.name).toEqual([['TIME-WAIT', 'CLOSED'], ['LAST-ACK', 'CLOSED']]);
    expect(await s.game!.getByTestId('results-reason').textContent()).toBe(gameText[s.name === 'Ada' ? 'en' : 'zh-CN'].t('results.reason.complete'));
  }
  await frames(students[0]!.game!);
  await shot(students[0]!.page, 'classroom-student-results');
  await frames(students[1]!.game!);
  await shot(students[1]!.page, 'classroom-student-results-zh-CN');
  await until(() => classRoom.state.phase === 'between', 'round 1 over', 15_000);
  // Ada goes back with the bar's button, 王小明 with the game's own Menu button.
  await students[0]!.page.click('[data-testid=back-to-class]');
  await students[1]!.game!.getByTestId('results-menu').click();
  for (const s of students) {
    await s.page.waitForSelector('[data-testid=class-game-overlay]', { state: 'hidden' });
    await s.page.waitForSelector('[data-testid=lobby] li');
  }
  await shot(students[1]!.page, 'classroom-student-back');

  // ---- round 2: the next round sends them into the game again, roles swapped ----
  await teacher.click('[data-testid=next]');
  await until(() => sdkStudents.every((s) => s.pairSeat?.roundNo === 2 && s.pairRoom !== null), 'SDK students seated again', 10_000);
  for (const s of students) {
    const previous = s.roomId;
    await enterGame(s, pairRoomOfStudent(s.name));
    expect(s.roomId).not.toBe(previous);
  }
  const s0 = (await sessionOf(students[0]!.game!))!;
  expect(['client', 'server']).toContain(s0.side);
  await teacher.click('[data-testid=stop]');
  await until(() => classRoom.state.phase === 'finished', 'class finished', 15_000);
  await teacher.click('[data-testid=results-link]');
  await teacher.waitForSelector('[data-testid=results-table] tbody tr');
  expect(await teacher.$$eval('[data-testid=results-table] tbody tr', (rows) => rows.length)).toBe(16); // 8 students × 2 rounds
  await shot(teacher, 'classroom-results');
  for (const s of sdkStudents) {
    await s.pairRoom?.leave().catch(() => undefined);
    await s.classRoom.leave().catch(() => undefined);
  }
}, 600_000); // eight students over two rounds; ~250 s alone on a loaded 2-core machine

it.each(['en', 'zh-CN'] as const)('on tablets in %s: every target of the class pages, and of the game in its frame, is finger-sized', async (lang) => {
  const tablet = (): Promise<Page> => device({ viewport: TOUCH_VIEWPORTS[0]!, touch: true, lang, tutorialSeen: false });
  // The teacher opens a class from a tablet.
  const teacher = await tablet();
  await teacher.goto(`${server.baseUrl}/class.html`);
  await teacher.getByTestId('open-form').waitFor();
  await expectClassPageTouchFriendly(teacher, 'open-or-join', lang);
  await teacher.getByTestId('class-name').fill('Tablets · 平板');
  await teacher.getByTestId('open-submit').tap();
  await teacher.getByTestId('big-code').waitFor();
  const code = (await teacher.getByTestId('big-code').textContent())!.trim();
  await expectClassPageTouchFriendly(teacher, 'teacher-dashboard', lang);

  // A student joins from the QR code's link on another tablet; a second one as an SDK client.
  const page = await tablet();
  await page.goto(`${server.baseUrl}/class.html?code=${code}`);
  await page.getByTestId('join-name').fill('Ada');
  await expectClassPageTouchFriendly(page, 'student-join', lang);
  await page.getByTestId('join-submit').tap();
  await page.locator('[data-testid=lobby] li').first().waitFor();
  const { roomId } = (await (await lookUpCode(server, code)).json()) as { roomId: string };
  const partner = await Member.join(server, roomId, { name: 'Bob' });
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  await expectClassPageTouchFriendly(page, 'student-lobby', lang);

  // The round starts: the student's tablet shows the game in its frame.
  await teacher.getByTestId('start').tap();
  await until(() => partner.pairRoom !== null && partner.pairSide !== null, 'partner seated', 10_000);
  const student: BrowserStudent = { name: 'Ada', page, game: null, roomId: '', moves: 0 };
  await enterGame(student, partner.pairRoom!.roomId);
  const frame = (await (await page.waitForSelector('[data-testid=class-game]')).contentFrame())!;
  await expectClassPageTouchFriendly(page, 'student-game', lang, frame);

  await teacher.locator('[data-testid^=pair-]').first().tap();
  await teacher.locator('[data-testid=spectator] .spec-host .badge').first().waitFor();
  await expectClassPageTouchFriendly(teacher, 'teacher-spectating', lang);

  // The pair plays the round; the student reads Results in the frame, under the bar's way back.
  await playRoom(student.roomId, [student], [partner], async () => undefined);
  await student.game!.getByTestId('game-to-results').tap();
  await waitForScene(student.game!, 'Results');
  await page.waitForSelector('[data-testid=back-to-class]:not([hidden])');
  await expectClassPageTouchFriendly(page, 'student-results', lang, frame);
  await page.getByTestId('back-to-class').tap();
  await page.waitForSelector('[data-testid=class-game-overlay]', { state: 'hidden' });
  await expectClassPageTouchFriendly(page, 'student-back', lang);

  await teacher.getByTestId('results-link').tap();
  await teacher.getByTestId('results-table').locator('tbody tr').first().waitFor();
  await expectClassPageTouchFriendly(teacher, 'class-summary', lang);
  await partner.pairRoom?.leave().catch(() => undefined);
  await partner.classRoom.leave().catch(() => undefined);
}, 600_000);

it.each([['en', 'in this class you are “Alex (2)”'], ['zh-CN', '在本课堂中你叫“Alex (2)”']] as const)('in %s, a student whose name another student already has is told the name the class gave them', async (lang, words) => {
  const opened = (await (await fetch(`${server.baseUrl}/api/classes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `Names ${lang}`, settings: {} }) })).json()) as { code: string; roomId: string };
  const first = await Member.join(server, opened.roomId, { name: 'Alex' });
  await until(() => first.of('welcome').length === 1, 'the first Alex welcomed');
  const page = await device({ viewport: { width: 1280, height: 720 }, lang });
  await page.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
  await page.getByTestId('join-name').fill('Alex');
  await page.getByTestId('join-submit').click();
  await page.getByTestId('student-renamed').filter({ hasText: words }).waitFor();
  await shot(page, `class-renamed-${lang}`);
  // The first Alex keeps the name, and is told nothing.
  expect(first.of('welcome')[0].name).toBe('Alex');
  await page.context().close();
  await first.classRoom.leave();
});
