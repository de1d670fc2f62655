/**
 * What a class looks like from the front of the room and from a student's seat, in real headless
 * Chromium, in English and in Chinese: the teacher's page projected at 1280×720 shows every name of
 * a lobby of thirty beside the QR code, not under it; a student whose round the teacher stops is
 * told so in the game, not left before a board that has stopped moving; spectating a pair names
 * its two students; a finished class offers the next scenario as a new class; a playing pair shows
 * the real time it has taken so far; between rounds the teacher chooses the next round's scenario
 * and hosts in the same class, and a class over gets more rounds with “+1 round”; a removal sticks
 * until the teacher lets the student back in. One server (manual game clock and wall clock), one
 * Chromium; students beyond the browser ones are SDK clients.
 * Screenshots (E2E_SHOTS=1): test-results/screenshots/class-stopped-*.png, class-teacher-*.png, class-student-*.png.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserForFile } from '../e2e/fixture.ts';
import { buildClientOnce, DIST } from '../e2e/gameServer.ts';
import { waitForScene } from '../e2e/browser.ts';
import { shot } from '../e2e/play.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { texts } from '../../client/classroom/text.ts';
import { playedState } from '../../shared/game/views.ts';
import { axeViolations } from '../e2e/axe.ts';
import { fullHeatmap, fullSamples, type HeatSample } from './scenarioHeat.ts';
import { bootClassServer, classRoomOf, Member, openClass, pairRoomOf, playAllPairs, stopClassServer, tempDbPath, until, type ClassServer, type OpenedClass } from './classHarness.ts';

type Lang = 'en' | 'zh-CN';
const GAME_TEXT = { en, 'zh-CN': zhCN } as const;
let server: ClassServer;
const browser = browserForFile();
const members: Member[] = [];

beforeAll(async () => {
  buildClientOnce();
  server = await bootClassServer(tempDbPath(), DIST);
}, 180_000);

// Each test in a minute of its own on the server's wall clock: the file opens more classes than the
// 20 a minute one address may open (http.ts OPENS_PER_WINDOW), and the clock only moves when told.
beforeEach(() => {
  server.wallClock += 60_000;
});

afterAll(async () => {
  // Only rooms still connected are left (a room its class closed has nothing to answer a leave),
  // all at once: a hundred students leaving one after another outlasted the hook under a full run.
  const rooms = members.flatMap((m) => [m.pairRoom, m.classRoom]).filter((r) => r?.connection.isOpen);
  await Promise.all(rooms.map((r) => r!.leave().catch(() => undefined)));
  if (server) await stopClassServer(server);
});

async function page(lang: Lang, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const context = await browser.newContext({ viewport, lang });
  const p = await context.newPage();
  p.on('dialog', (d) => void d.accept());
  return p;
}

async function teacherOf(opened: OpenedClass, lang: Lang): Promise<Page> {
  const teacher = await page(lang);
  await teacher.goto(`${server.baseUrl}/class.html#class=${opened.classId}&token=${opened.teacherToken}`);
  await teacher.getByTestId('big-code').waitFor();
  return teacher;
}

async function sdkStudent(opened: OpenedClass, name: string): Promise<Member> {
  const m = await Member.join(server, opened.roomId, { name });
  m.classRoom.onMessage('*', () => undefined);
  members.push(m);
  return m;
}

it.each(['en', 'zh-CN'] as const)('in %s, a lobby of thirty projected at 1280×720 shows every name without scrolling, none under the QR code', async (lang) => {
  const opened = await openClass(server, { name: `Thirty ${lang}`, settings: { scenarioId: 'handshake' } });
  const teacher = await teacherOf(opened, lang);
  const names = ['李华', 'Alex', 'alex', 'Mia', '张伟', '张伟', 'Chen Jie', 'Ömer Yılmaz', 'José', 'Nguyễn Văn An', 'Sam', 'Ava', 'Noah', '欧阳娜娜', 'Liam', 'Emma', 'Олег', 'Priya', 'Kenji 健二', 'Zoë', 'Lucas', 'Sofia', 'Ethan', 'Isabella Rodríguez-Fernández', 'Mohammed', '陈', 'Oliver', 'Harper', 'Bao', '王小明'];
  for (const name of names) await sdkStudent(opened, name);
  await teacher.waitForFunction((n) => document.querySelectorAll('[data-testid=teacher-lobby] li').length === n, names.length);
  const qr = (await teacher.getByTestId('qr').boundingBox())!;
  const chips = await teacher.$$eval('[data-testid=teacher-lobby] li', (els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
  const viewport = teacher.viewportSize()!;
  for (const chip of chips) {
    expect(chip.bottom, 'a name below the fold').toBeLessThanOrEqual(viewport.height);
    expect(chip.right).toBeLessThanOrEqual(viewport.width);
    expect(chip.top >= qr.y + qr.height || chip.left >= qr.x + qr.width || chip.right <= qr.x, 'a name under the QR code').toBe(true);
  }
  expect(await teacher.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
  // The join address under the QR code may wrap, but never inside “?code=” and the class code.
  expect(await teacher.getByTestId('join-url').innerText()).toContain(`?code=${opened.code}`);
  const codeLines = await teacher.getByTestId('join-url').evaluate((el, code) => {
    const text = el.firstChild?.nodeType === Node.TEXT_NODE && el.childNodes.length === 1 ? el.firstChild : (el.querySelector('[data-testid=join-url-code]')?.firstChild ?? el.firstChild);
    const at = (text?.textContent ?? '').indexOf(code);
    const range = document.createRange();
    range.setStart(text!, at);
    range.setEnd(text!, at + code.length);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  }, `?code=${opened.code}`);
  expect(codeLines, '“?code=…” split over two lines').toBe(1);
  await shot(teacher, `class-teacher-lobby30-720-${lang}`);
}, 300_000);

/** Every pair card and every heatmap cell inside the page's viewport, nothing scrolled. */
async function everyPairAndCellOnScreen(teacher: Page, cells: number): Promise<void> {
  const viewport = teacher.viewportSize()!;
  const boxes = await teacher.$$eval('[data-testid=pairs] .pair', (els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes.length).toBe(16);
  for (const box of boxes) {
    expect(box.bottom, `a pair below the fold at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(viewport.height);
    expect(box.right).toBeLessThanOrEqual(viewport.width);
  }
  // The whole heatmap is on the screen: every cell, with its wrong answers, none cut by a column's end.
  const heat = await teacher.$$eval('[data-testid=heatmap] .cell', (els) => els.map((el) => ({ box: el.getBoundingClientRect().toJSON() as DOMRect, rects: el.getClientRects().length })));
  expect(heat.length).toBeGreaterThanOrEqual(Math.max(8, cells));
  for (const { box, rects } of heat) {
    expect(rects, 'a heatmap cell split over two columns').toBe(1);
    expect(box.bottom, `a heatmap cell below the fold at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(viewport.height);
    expect(box.right).toBeLessThanOrEqual(viewport.width);
  }
  expect(await teacher.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
}

// Sixteen pair cards: thirty-two students, or thirty-one (fifteen pairs and one student with the bot).
for (const count of [32, 31] as const) {
  it.each(['en', 'zh-CN'] as const)(`in %s, a round of ${count} students projected at 1280×720 shows every pair and the whole heatmap above the fold, the QR code smaller, and at 1920×1080 too`, async (lang) => {
    const opened = await openClass(server, { name: `Sixteen ${count} ${lang}`, settings: { scenarioId: 'handshake', rounds: 2 } });
    const teacher = await teacherOf(opened, lang);
    const qrInLobby = (await teacher.getByTestId('qr').boundingBox())!;
    const students: Member[] = [];
    for (let i = 0; i < count; i++) students.push(await sdkStudent(opened, i % 2 ? `学生${i}` : `Student ${i}`));
    await teacher.waitForFunction((n) => document.querySelectorAll('[data-testid=teacher-lobby] li').length === n, count);
    await teacher.getByTestId('start').click();
    await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'everyone seated', 60_000);
    // Fifteen pairs play their whole handshake, TIME-WAIT's end included (the class's default time
    // limit lets it run out), two thirds of the students wrong at their first try (three kinds of
    // wrong), so the heatmap has every decision point of the scenario, most with two wrong answers
    // or more, as in a class that finds it hard; the sixteenth pair (of thirty-one students, the one
    // with the bot) has not started, so the round is still on.
    const waiting = students.filter((s) => s.pairSeat!.pairNo === 16);
    expect(waiting.length).toBe(count === 32 ? 2 : 1);
    const tried = new Set<string>();
    await playAllPairs(server, students.filter((s) => !waiting.includes(s)), (s, view, correct) => {
      const i = students.indexOf(s);
      const key = `${i}:${view.decision!.id}`;
      if (i % 3 === 2 || tried.has(key)) return correct;
      tried.add(key);
      if (i % 3 === 1) return { state: correct.state === 'ESTABLISHED' ? 'CLOSING' : 'ESTABLISHED', segments: correct.segments };
      return i % 2 === 0 ? { state: correct.state, segments: [] } : { state: view.hosts[view.you!].state!, segments: correct.segments };
    });
    await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=pairs] .pair.done').length === 15 && [...document.querySelectorAll('[data-testid=heatmap] .cell-head')].some((el) => el.textContent!.startsWith('TIME-WAIT')));
    const cellsWithTwoWrong = await teacher.$$eval('[data-testid=heatmap] .cell', (els) => els.filter((el) => el.querySelectorAll('li.wrong').length >= 2).length);
    const cells = await teacher.evaluate(() => document.querySelectorAll('[data-testid=heatmap] .cell').length);
    expect(await teacher.getByTestId('phase').getAttribute('data-phase')).toBe('playing');
    await shot(teacher, `class-teacher-round${count}-720-${lang}`);
    // The round's controls keep to one line ("+1 round" waits for the round's end).
    expect(await teacher.getByTestId('addRounds').isVisible()).toBe(false);
    const controlTops = await teacher.$$eval('.control-card .controls > *', (els) => new Set(els.filter((el) => el.getClientRects().length > 0).map((el) => Math.round(el.getBoundingClientRect().top))).size);
    expect(controlTops, 'the controls wrapped onto a second line').toBe(1);
    await everyPairAndCellOnScreen(teacher, cells);
    // Where two wrong answers a cell would run below the fold, each cell shows its most chosen one
    // (dashboard.ts fitHeatmap; which a class gets depends on how its students went wrong).
    const shownAt720 = await teacher.$$eval('[data-testid=heatmap] .cell', (els) => els.map((el) => [...el.querySelectorAll('li.wrong')].filter((li) => li.getClientRects().length > 0).length));
    const tight = await teacher.evaluate(() => document.querySelector('[data-testid=heatmap] .heat')!.classList.contains('tight'));
    expect(Math.max(...shownAt720)).toBe(tight ? 1 : 2);
    // The join code and a QR code stay on the screen for a latecomer, smaller than in the lobby.
    const viewport = teacher.viewportSize()!;
    const qr = (await teacher.getByTestId('qr').boundingBox())!;
    expect(qr.width).toBeLessThan(qrInLobby.width / 2);
    expect(qr.y + qr.height).toBeLessThanOrEqual(viewport.height);
    expect(await teacher.getByTestId('big-code').isVisible()).toBe(true);
    // At 1920×1080 there is room: each cell shows its two most chosen wrong answers.
    await teacher.setViewportSize({ width: 1920, height: 1080 });
    await teacher.waitForFunction(() => !document.querySelector('[data-testid=heatmap] .heat')!.classList.contains('tight'));
    const shownWrong = await teacher.$$eval('[data-testid=heatmap] .cell', (els) => els.map((el) => [...el.querySelectorAll('li.wrong')].filter((li) => li.getClientRects().length > 0).length));
    expect(shownWrong.filter((n) => n === 2).length).toBe(cellsWithTwoWrong);
    await everyPairAndCellOnScreen(teacher, cells);
    await shot(teacher, `class-teacher-round${count}-1080-${lang}`);
    await teacher.getByTestId('end').click();
    await teacher.waitForSelector('[data-testid=phase][data-phase=finished]');
    for (const m of students) await m.pairRoom?.leave().catch(() => undefined);
  }, 300_000);
}

// The largest heatmap of each scenario the teacher can pick: every decision point of both hosts,
// each answered by all sixteen pairs' students, right and four different wrong answers (scenarioHeat.ts),
// put on the dashboard of a round of thirty-two students as the class room would. One class, watched by
// two teacher pages (one in English, one in Chinese: the teacher's page takes its language when it
// opens), so the class is built once for both; every scenario at 1280×720, the tighter (lost-syn-ack's
// seventeen cells need fitHeatmap's `dense` step there), and the largest at 1920×1080 too.
it('in en and zh-CN, for every scenario the teacher can pick, a round of 32 students with every decision point answered wrong in several ways shows every pair and the whole heatmap above the fold at 1280×720 (the largest at 1920×1080 too), its text 12 px or more', async () => {
  const opened = await openClass(server, { name: 'Every scenario', settings: { scenarioId: 'handshake', rounds: 2 } });
  const langs = ['en', 'zh-CN'] as const;
  const teachers = { en: await teacherOf(opened, 'en'), 'zh-CN': await teacherOf(opened, 'zh-CN') };
  const onBoth = (check: (teacher: Page, lang: Lang) => Promise<unknown>): Promise<unknown> => Promise.all(langs.map((lang) => check(teachers[lang], lang)));
  const students: Member[] = [];
  for (let i = 0; i < 32; i++) students.push(await sdkStudent(opened, i % 2 ? `学生${i}` : `Student ${i}`));
  await onBoth((teacher) => teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 32));
  await teachers.en.getByTestId('start').click();
  await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'everyone seated', 60_000);
  await onBoth((teacher) => teacher.waitForFunction(() => document.querySelectorAll('[data-testid=pairs] .pair').length === 16 && !document.querySelector('[data-testid=pairs] .pair.waiting')));
  const room = classRoomOf(server, opened.roomId) as unknown as { stored: { results: unknown[]; samples: HeatSample[] }; refreshDashboard(): void };
  const scenarios = await teachers.en.$$eval('[data-testid=round-scenario] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  const sizes = Object.fromEntries(scenarios.map((id) => [id, fullHeatmap(id).length]));
  const largest = Math.max(...Object.values(sizes));
  const overflow: string[] = [];
  const heads = (teacher: Page): Promise<string> => teacher.$$eval('[data-testid=heatmap] .cell-head', (els) => els.map((el) => el.textContent).join('|'));
  let lastKeys = '';
  for (const id of scenarios) {
    const cells = fullHeatmap(id);
    const keys = cells.map((c) => c.key).join('|');
    // What each page shows before the new answers come: a heatmap of other cells, as many as the new
    // one's (active-close-client's and -server's fifteen), is the last scenario's still, not the new one.
    const before = keys === lastKeys ? null : await Promise.all(langs.map((lang) => heads(teachers[lang])));
    lastKeys = keys;
    // The class's answers as the class room holds them (nothing plays meanwhile), its dashboard built anew.
    room.stored = { results: [], samples: fullSamples(id) };
    room.refreshDashboard();
    const viewports = cells.length === largest ? [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }] : [{ width: 1280, height: 720 }];
    await onBoth(async (teacher, lang) => {
      await teacher.waitForFunction((keys) => [...document.querySelectorAll('[data-testid=heatmap] .cell-head')].length === keys.length, cells.map((c) => c.key));
      const shownBefore = before?.[langs.indexOf(lang)];
      if (shownBefore !== undefined) await teacher.waitForFunction((old) => [...document.querySelectorAll('[data-testid=heatmap] .cell-head')].map((el) => el.textContent).join('|') !== old, shownBefore);
      for (const viewport of viewports) {
        await teacher.setViewportSize(viewport);
        await teacher.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
        const seen = await teacher.evaluate(() => {
          const inside = (el: Element): boolean => {
            const r = el.getBoundingClientRect();
            return el.getClientRects().length === 1 && r.bottom <= innerHeight && r.right <= innerWidth;
          };
          const cells = [...document.querySelectorAll('[data-testid=heatmap] .cell')];
          const text = [...document.querySelectorAll('[data-testid=heatmap] .cell :is(.cell-head, li)')].filter((el) => el.getClientRects().length > 0);
          return {
            pairsOut: [...document.querySelectorAll('[data-testid=pairs] .pair')].filter((el) => !inside(el)).length,
            cellsOut: cells.filter((el) => !inside(el)).length,
            lowest: Math.round(Math.max(...cells.map((el) => el.getBoundingClientRect().bottom))),
            smallestText: Math.min(...text.map((el) => parseFloat(getComputedStyle(el).fontSize))),
            scrolled: document.scrollingElement!.scrollTop,
          };
        });
        console.log(`${lang} ${id} ${cells.length} cells ${viewport.width}×${viewport.height}: lowest cell ends at ${seen.lowest}px, ${seen.cellsOut} cells and ${seen.pairsOut} pairs off the screen, text ${seen.smallestText}px`);
        if (seen.pairsOut || seen.cellsOut || seen.scrolled || seen.smallestText < 12) overflow.push(`${lang}: ${id} (${cells.length} cells) at ${viewport.width}×${viewport.height}: ${seen.cellsOut} cells, ${seen.pairsOut} pairs off the screen, text ${seen.smallestText}px`);
      }
      if (cells.length === largest) {
        await shot(teacher, `class-teacher-largest-${id}-1080-${lang}`);
        await teacher.setViewportSize({ width: 1280, height: 720 });
        await teacher.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
        await shot(teacher, `class-teacher-largest-${id}-720-${lang}`);
      }
    });
  }
  // The largest are larger than the handshake the round tests above play.
  expect(largest).toBeGreaterThan(sizes['handshake']!);
  expect(overflow).toEqual([]);
  await teachers.en.getByTestId('end').click();
  await onBoth((teacher) => teacher.waitForSelector('[data-testid=phase][data-phase=finished]'));
  for (const m of students) await m.pairRoom?.leave().catch(() => undefined);
}, 300_000);

/** A class of one browser student (in `lang`) and an SDK partner, its round under way in the student's game. */
async function playingPair(lang: Lang, name: string, rounds = 2) {
  const opened = await openClass(server, { name, settings: { scenarioId: 'handshake', rounds } });
  const teacher = await teacherOf(opened, lang);
  const student = await page(lang, { width: 1280, height: 800 });
  await student.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
  await student.getByTestId('join-name').fill('Ada');
  await student.getByTestId('join-submit').click();
  await student.getByTestId('lobby').locator('li').first().waitFor();
  const partner = await sdkStudent(opened, '王小明');
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  await teacher.getByTestId('start').click();
  await until(() => partner.pairRoom !== null && partner.pairSide !== null, 'partner seated');
  const frame = (await (await student.waitForSelector(`[data-testid=class-game][src*="classPair=${partner.pairRoom!.roomId}"]`)).contentFrame())!;
  await waitForScene(frame, 'Game', 90_000);
  await frame.waitForFunction(() => window.__tcpDojo?.session()?.phase === 'playing');
  return { teacher, student, partner, frame, opened };
}

/**
 * A class of two SDK students, Ada and 王小明, their round under way, seen from the teacher's page
 * (in `lang`): for what the front of the room shows, where no student's game is looked at.
 */
async function playingPairOnTheBoard(lang: Lang, name: string) {
  const opened = await openClass(server, { name, settings: { scenarioId: 'handshake', rounds: 2 } });
  const teacher = await teacherOf(opened, lang);
  const students = [await sdkStudent(opened, 'Ada'), await sdkStudent(opened, '王小明')];
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  await teacher.getByTestId('start').click();
  await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'both seated');
  await teacher.waitForSelector('[data-testid=phase][data-phase=playing]');
  return { teacher, partner: students[1]!, opened };
}

it.each(['en', 'zh-CN'] as const)('in %s, a student whose round the teacher stops is told so in the game', async (lang) => {
  const { teacher, student, frame } = await playingPair(lang, `Stop ${lang}`);
  await teacher.getByTestId('stop').click();
  await frame.waitForFunction(() => window.__tcpDojo?.session()?.finished === true);
  const banner = frame.getByTestId('net-banner');
  await banner.waitFor({ state: 'visible', timeout: 10_000 });
  expect(await banner.innerText()).toBe(GAME_TEXT[lang]['class.teacherStopped']);
  // The round's opening card, never dismissed, does not stay over a round that is over.
  await frame.getByTestId('round-intro').waitFor({ state: 'hidden', timeout: 10_000 });
  await shot(student, `class-stopped-student-${lang}`);
  await teacher.getByTestId('end').click();
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a pair still playing shows the real time it has taken so far, which its finished “took” continues', async (lang) => {
  const { teacher } = await playingPairOnTheBoard(lang, `Clock ${lang}`);
  const status = teacher.getByTestId('pair-1-status');
  const words = lang === 'en' ? { soFar: '45.2 s so far', took: 'took 45.2 s' } : { soFar: '已用 45.2 秒', took: '用时 45.2 秒' };
  // Nobody decides for 45.2 real seconds: the game clock stands still, the pair's real time does not.
  server.wallClock += 45_200;
  await teacher.waitForFunction((text) => document.querySelector('[data-testid=pair-1-status]')?.textContent === text, words.soFar);
  await shot(teacher, `class-teacher-pair-so-far-${lang}`);
  await teacher.getByTestId('stop').click();
  await teacher.waitForFunction((text) => document.querySelector('[data-testid=pair-1-status]')?.textContent?.startsWith(text) === true, words.took);
  expect(await status.innerText()).toContain(words.took);
  await shot(teacher, `class-teacher-pair-took-${lang}`);
  await teacher.getByTestId('end').click();
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a student who reloads between rounds keeps their pair line and opens that round’s Results from the class page', async (lang) => {
  const { teacher, student, opened } = await playingPair(lang, `Reload ${lang}`);
  await teacher.getByTestId('stop').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=between]');
  await student.reload();
  await student.getByTestId('lobby').locator('li').first().waitFor();
  const who = student.getByTestId('play').locator('.who');
  await who.waitFor();
  const words = lang === 'en' ? ['Pair 1', 'Round 1'] : ['组 1', '轮次 1'];
  const line = await who.innerText();
  for (const w of words) expect(line).toContain(w);
  await shot(student, `class-student-between-reloaded-${lang}`);
  // A tap held while the page is drawn again (a classmate joins meanwhile) still opens the Results:
  // a button replaced between its press and its release loses the click.
  const button = (await student.getByTestId('see-results').boundingBox())!;
  await student.mouse.move(button.x + button.width / 2, button.y + button.height / 2);
  await student.mouse.down();
  await sdkStudent(opened, `Late ${lang}`);
  await student.getByTestId('lobby').getByText(`Late ${lang}`).waitFor();
  await student.mouse.up();
  const frame = (await (await student.waitForSelector('[data-testid=class-game][src*="&round="]')).contentFrame())!;
  await waitForScene(frame, 'Results', 60_000);
  await frame.getByTestId('results-path-client').waitFor();
  await shot(student, `class-student-between-results-${lang}`);
  await student.getByTestId('back-to-class').click();
  await student.getByTestId('see-results').waitFor();
  await teacher.getByTestId('end').click();
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, equal totals share a place on the podium, the student’s and the class summary’s', async (lang) => {
  const { teacher, student } = await playingPair(lang, `Tie ${lang}`);
  // Ended before anyone scored: both students on 0, both first.
  await teacher.getByTestId('end').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=finished]');
  const places = (p: Page, list: string) => p.$$eval(`${list} li`, (els) => els.map((el) => (el as HTMLLIElement).value));
  await student.getByTestId('back-to-class').click();
  await student.waitForFunction(() => document.querySelectorAll('[data-testid=student-podium] li').length === 2);
  expect(await places(student, '[data-testid=student-podium]')).toEqual([1, 1]);
  await shot(student, `class-student-podium-tie-${lang}`);
  await teacher.getByTestId('results-link').click();
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=podium] li').length === 2);
  expect(await places(teacher, '[data-testid=podium]')).toEqual([1, 1]);
  await shot(teacher, `class-teacher-summary-podium-tie-${lang}`);
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, the spectator panel names the students who play each host, and closes when the next round opens new rooms', async (lang) => {
  const { teacher, partner, opened } = await playingPairOnTheBoard(lang, `Watch ${lang}`);
  await teacher.setViewportSize({ width: 1920, height: 1080 });
  // The dashboard is drawn again on every change of the class (every move of every pair): a click
  // held across one (a latecomer joins meanwhile) still opens the pair.
  const card = (await teacher.getByTestId('pair-1').boundingBox())!;
  await teacher.mouse.move(card.x + card.width / 2, card.y + card.height / 2);
  await teacher.mouse.down();
  await sdkStudent(opened, `Late ${lang}`);
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 3);
  await teacher.mouse.up();
  const panel = teacher.getByTestId('spectator');
  await panel.locator('.spec-host .badge').first().waitFor();
  const adaSide = partner.pairSide === 'client' ? 'server' : 'client';
  await expect(panel.getByTestId(`spectator-${adaSide}-name`).innerText()).resolves.toBe('Ada');
  await expect(panel.getByTestId(`spectator-${partner.pairSide}-name`).innerText()).resolves.toBe('王小明');
  await shot(teacher, `class-teacher-spectating-1080-${lang}`);

  // The next round is new pair rooms (the same two students, hosts swapped): the panel of the old
  // room closes rather than show it under this round's names; watched again, the hosts are swapped.
  await teacher.getByTestId('stop').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=between]');
  await teacher.getByTestId('next').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=playing]');
  await panel.waitFor({ state: 'hidden' });
  await until(() => partner.pairSeat?.roundNo === 2 && partner.pairRoom?.roomId === partner.pairSeat.roomId && partner.pairSide === partner.pairSeat.side, 'partner seated in round 2');
  expect(partner.pairSide).toBe(adaSide);
  // The teacher's board may still draw round 1 when the student is seated: a click then would
  // open round 1's room. Wait until the card shows this round's hosts (its first is the client's).
  const round2Client = adaSide === 'client' ? '王小明' : 'Ada';
  await teacher.waitForFunction((name) => document.querySelector('[data-testid=pair-1] .host .name')?.textContent === name, round2Client);
  await teacher.getByTestId('pair-1').click();
  await panel.locator('.spec-host .badge').first().waitFor();
  await expect(panel.getByTestId(`spectator-${adaSide}-name`).innerText()).resolves.toBe('王小明');
  await expect(panel.getByTestId(`spectator-${adaSide === 'client' ? 'server' : 'client'}-name`).innerText()).resolves.toBe('Ada');
  await teacher.getByTestId('end').click();
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, between rounds the teacher chooses the next round’s scenario and hosts in the same class, the students staying joined', async (lang) => {
  const opened = await openClass(server, { name: `Levels ${lang}`, settings: { scenarioId: 'handshake', rounds: 3 } });
  const teacher = await teacherOf(opened, lang);
  const students = [await sdkStudent(opened, 'Ada'), await sdkStudent(opened, '王小明')];
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  // In the lobby: the first round's scenario (no hosts to keep yet).
  await teacher.getByTestId('round-setup').waitFor({ state: 'visible' });
  expect(await teacher.getByTestId('round-scenario').inputValue()).toBe('handshake');
  expect(await teacher.getByTestId('round-roles').isVisible()).toBe(false);
  await teacher.getByTestId('start').click();
  await until(() => students.every((s) => s.pairRoom !== null && s.pairSide !== null), 'seated in round 1');
  await teacher.getByTestId('round-setup').waitFor({ state: 'hidden' });
  const sides1 = students.map((s) => s.pairSide);
  await teacher.getByTestId('stop').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=between]');
  await teacher.getByTestId('round-roles').waitFor({ state: 'visible' });
  await teacher.getByTestId('round-scenario').selectOption('lost-syn');
  await teacher.getByTestId('round-roles').selectOption('keep');
  await shot(teacher, `class-teacher-next-round-setup-${lang}`);
  // Nothing in the control card is cut or pushed off the screen at 1280×720.
  const card = await teacher.$eval('.control-card', (el) => ({ bottom: el.getBoundingClientRect().bottom, overflow: [...el.querySelectorAll('select, button')].some((c) => c.scrollWidth > c.clientWidth + 1) }));
  expect(card.overflow, 'a control cut').toBe(false);
  expect(card.bottom).toBeLessThanOrEqual(720);
  await teacher.getByTestId('next').click();
  await until(() => students.every((s) => s.pairSeat?.roundNo === 2 && s.pairRoom?.roomId === s.pairSeat.roomId && s.pairSide === s.pairSeat.side), 'seated in round 2');
  expect(pairRoomOf(server, students[0]!.pairRoom!.roomId).state.scenarioId).toBe('lost-syn');
  expect(students.map((s) => s.pairSide)).toEqual(sides1);
  expect(students.every((s) => s.classRoom.connection.isOpen)).toBe(true);
  const title = lang === 'en' ? 'A lost SYN' : 'SYN 丢失';
  await teacher.waitForFunction((t) => document.querySelector('[data-testid=class-settings]')?.textContent?.includes(t) === true, title);
  await teacher.getByTestId('stop').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=between]');
  // The next round's choice starts again from the class's scenario, hosts swapped.
  expect(await teacher.getByTestId('round-scenario').inputValue()).toBe('lost-syn');
  expect(await teacher.getByTestId('round-roles').inputValue()).toBe('swap');
  await teacher.getByTestId('end').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=finished]');
  // The next level as a new class follows the scenario played last.
  expect(new URLSearchParams((await teacher.getByTestId('next-class').getAttribute('href'))!.split('?')[1]).get('scenario')).toBe('lost-syn-ack');
  await teacher.getByTestId('results-link').click();
  await teacher.getByTestId('results-table').waitFor();
  const line = await teacher.getByTestId('summary-scenario').innerText();
  expect(line).toContain(title);
  expect(line).toContain(lang === 'en' ? 'The three-way handshake' : '三次握手');
  await shot(teacher, `class-teacher-summary-scenarios-${lang}`);
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a removed student is told so in their language, stays out after a reload and a new Join, and comes back when the teacher lets them', async (lang) => {
  const CLASS_TEXT = texts(lang);
  const opened = await openClass(server, { name: `Remove ${lang}`, settings: { scenarioId: 'handshake' } });
  const teacher = await teacherOf(opened, lang);
  await sdkStudent(opened, '王小明');
  const student = await page(lang, { width: 1280, height: 720 });
  await student.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
  await student.getByTestId('join-name').fill('Pest');
  await student.getByTestId('join-submit').click();
  await student.getByTestId('lobby').locator('li').first().waitFor();
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  const pestId = await teacher.$eval('[data-testid=teacher-lobby] li:has-text("Pest")', (el) => el.getAttribute('data-testid')!.replace('student-', ''));
  await teacher.getByTestId(`remove-${pestId}`).click(); // the confirm dialog is accepted (page())
  const error = student.getByTestId('join-error');
  await student.waitForFunction((text) => document.querySelector('[data-testid=join-error]')?.textContent === text, CLASS_TEXT.removed);
  await shot(student, `class-student-removed-${lang}`);
  await teacher.getByTestId(`readmit-${pestId}`).waitFor();
  expect(await teacher.getByTestId(`removed-${pestId}`).innerText()).toContain('Pest');
  await shot(teacher, `class-teacher-removed-${lang}`);

  // A reload goes back with the page's token: still out, and told so.
  await student.reload();
  await student.waitForFunction((text) => document.querySelector('[data-testid=join-error]')?.textContent === text, CLASS_TEXT.removed);
  // Join again (even under another name): the same page, the same token, still out.
  await student.getByTestId('join-name').fill('Not Pest');
  await student.getByTestId('join-submit').click();
  await student.getByTestId('join-submit').and(student.locator(':enabled')).waitFor();
  expect(await error.innerText()).toBe(CLASS_TEXT.removed);
  expect(await teacher.$$eval('[data-testid=teacher-lobby] li', (els) => els.length)).toBe(1);

  // The teacher lets them back in: the same page joins as the same student.
  await teacher.getByTestId(`readmit-${pestId}`).click();
  await teacher.getByTestId('removed-list').waitFor({ state: 'hidden' });
  await student.getByTestId('join-submit').click();
  await student.getByTestId('lobby').locator('li.me').waitFor();
  expect(await student.getByTestId('lobby').locator('li.me').innerText()).toBe('Pest');
  await teacher.waitForSelector(`[data-testid=student-${pestId}]`);
  await teacher.getByTestId('end').click();
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a locked class turns a newcomer away in their language, says so on the teacher page, and takes newcomers again once unlocked', async (lang) => {
  const CLASS_TEXT = texts(lang);
  const opened = await openClass(server, { name: `Lock ${lang}`, settings: { scenarioId: 'handshake' } });
  const teacher = await teacherOf(opened, lang);
  await sdkStudent(opened, '王小明');
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 1);
  const lock = teacher.getByTestId('lock-class');
  expect(await lock.innerText()).toBe(CLASS_TEXT.lock);
  expect(await teacher.getByTestId('locked-badge').isHidden()).toBe(true);
  await lock.click();
  await teacher.getByTestId('lock-note').waitFor();
  expect(await teacher.getByTestId('lock-note').innerText()).toBe(CLASS_TEXT.lockedNote);
  expect(await lock.innerText()).toBe(CLASS_TEXT.unlock);
  expect(await teacher.getByTestId('locked-badge').isVisible()).toBe(true);
  // The badge sits beside the code, not in it: what students copy from the projector is the code alone.
  expect(await teacher.getByTestId('big-code').textContent()).toBe(opened.code);
  await shot(teacher, `class-teacher-locked-${lang}`);

  const student = await page(lang, { width: 1280, height: 720 });
  await student.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
  await student.getByTestId('join-name').fill('Latecomer');
  await student.getByTestId('join-submit').click();
  await student.waitForFunction((text) => document.querySelector('[data-testid=join-error]')?.textContent === text, (lang === 'en' ? en : zhCN)['refusal.class_locked']);
  await shot(student, `class-student-locked-out-${lang}`);
  expect(await teacher.$$eval('[data-testid=teacher-lobby] li', (els) => els.length)).toBe(1);

  await lock.click();
  await teacher.getByTestId('lock-note').waitFor({ state: 'hidden' });
  await student.getByTestId('join-submit').click();
  await student.getByTestId('lobby').locator('li.me').waitFor();
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 2);
  // Locked again and playing: the round's compact join panel still says so, inside its box.
  await lock.click();
  await teacher.getByTestId('lock-note').waitFor();
  await teacher.getByTestId('start').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=playing]');
  expect(await teacher.getByTestId('locked-badge').isVisible()).toBe(true);
  const panel = await teacher.getByTestId('join-panel').evaluate((el) => ({ wide: el.scrollWidth > el.clientWidth + 1, tall: el.scrollHeight > el.clientHeight + 1 }));
  expect(panel).toEqual({ wide: false, tall: false });
  await shot(teacher, `class-teacher-locked-playing-${lang}`);
  await teacher.getByTestId('end').click();
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a student who leaves the round from her game is told on the class page that the bot plays her host for now, and is offered to take it back (not a "Back to my game" into a seat the bot has)', async (lang) => {
  const CLASS_TEXT = texts(lang);
  const { teacher, student, frame } = await playingPair(lang, `Gone ${lang}`);
  await frame.getByTestId('round-intro-ok').click();
  await frame.getByTestId('game-menu').click();
  await frame.getByTestId('confirm-leave-go').click();
  const gone = student.getByTestId('student-left-round');
  await gone.waitFor();
  expect(await gone.innerText()).toBe(CLASS_TEXT.leftRound);
  expect(await student.getByTestId('class-game-overlay').isHidden()).toBe(true);
  expect(await student.getByTestId('resume-game').count(), 'no "Back to my game": the bot has her seat').toBe(0);
  // Taking it back is a request to the class (test/e2e/partnerBack.test.ts plays it through).
  expect(await student.getByTestId('take-host-back').innerText()).toBe(CLASS_TEXT.takeBack);
  await teacher.waitForFunction((label) => [...document.querySelectorAll('[data-testid^=pair-] .host .name')].some((n) => n.textContent === label), CLASS_TEXT.botFor('Ada'));
  await shot(student, `class-student-left-round-${lang}`);
  await teacher.getByTestId('end').click();
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a student removed during a round and let back in is told the bot plays their host until the next round, and the teacher sees the bot playing for her', async (lang) => {
  const CLASS_TEXT = texts(lang);
  const { teacher, student } = await playingPair(lang, `Back ${lang}`);
  const adaId = await teacher.$eval('[data-testid=teacher-lobby] li:has-text("Ada")', (el) => el.getAttribute('data-testid')!.replace('student-', ''));
  await teacher.getByTestId(`remove-${adaId}`).click();
  await student.waitForFunction((text) => document.querySelector('[data-testid=join-error]')?.textContent === text, CLASS_TEXT.removed);
  await teacher.getByTestId(`readmit-${adaId}`).click();
  await teacher.getByTestId('removed-list').waitFor({ state: 'hidden' });
  await student.getByTestId('join-submit').click();
  const benched = student.getByTestId('student-benched');
  await benched.waitFor();
  expect(await benched.innerText()).toBe(CLASS_TEXT.benched);
  expect(await student.getByTestId('class-game-overlay').isHidden()).toBe(true);
  // Her pair's card says the bot plays her host now, and for whom: not her name alone, as if she were playing.
  await teacher.waitForFunction((label) => [...document.querySelectorAll('[data-testid^=pair-] .host .name')].some((n) => n.textContent === label), CLASS_TEXT.botFor('Ada'));
  await shot(teacher, `class-teacher-benched-${lang}`);
  await shot(student, `class-student-readmitted-benched-${lang}`);
  await teacher.getByTestId('end').click();
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a student whose partner leaves mid-round reads that the bot took the partner’s host over, and the class summary marks the leaver’s score with the state the bot took over in', async (lang) => {
  const CLASS_TEXT = texts(lang);
  const { teacher, student, partner, frame } = await playingPair(lang, `Left ${lang}`, 1);
  const pair = pairRoomOf(server, partner.pairRoom!.roomId);
  const side = partner.pairSide!;
  // 王小明 makes his first decision, then leaves the round (the game's "Leave this round"): the bot plays his host on.
  for (let i = 0; i < 50 && !pair.round?.decisions.some((d) => d.side === side && d.by === 'human'); i++) {
    await playAllPairs(server, [partner], (_s, _v, correct) => correct, 1);
  }
  const leftIn = playedState(pair.round!, pair.round!.hosts[side]);
  expect(leftIn).not.toBe('CLOSED');
  await partner.pairRoom!.leave(true);
  // Ada's partner line, over her game, names the bot playing for him, as the teacher's card does.
  const partnerLine = `${CLASS_TEXT.partner}${CLASS_TEXT.colon}${CLASS_TEXT.botFor('王小明')}`;
  await student.waitForFunction((text) => document.querySelector('[data-testid=game-title]')?.textContent?.endsWith(text) === true, partnerLine);
  await teacher.waitForFunction((label) => [...document.querySelectorAll('[data-testid^=pair-] .host .name')].some((n) => n.textContent === label), CLASS_TEXT.botFor('王小明'));
  // In her game, the peer's host card is tagged as the bot's, no longer with his name.
  const game = lang === 'en' ? en : zhCN;
  const botTag = game['host.peerNamed'].replace('{{name}}', game['bot.seat']);
  await frame.waitForFunction(([s, tag]) => window.__tcpDojo?.hostTags()?.[s] === tag, [side, botTag] as const);
  await shot(student, `class-student-partner-left-game-${lang}`);
  // The round over, her class page says it in words under the line.
  await teacher.getByTestId('stop').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=finished]');
  // Her Results name him as one who left, the whole story in the score's title.
  await frame.getByTestId('game-to-results').click();
  await waitForScene(frame, 'Results', 60_000);
  const theirs = frame.getByTestId('results-opponent-score');
  expect(await theirs.innerText()).toContain(game['results.opponentLeftName'].replace('{{name}}', '王小明'));
  expect(await theirs.getAttribute('title')).toBe(game['results.opponentLeft'].replaceAll('{{name}}', '王小明'));
  await shot(student, `class-student-partner-left-results-${lang}`);
  await student.getByTestId('back-to-class').click();
  expect((await student.getByTestId('student-partner').innerText()).endsWith(partnerLine)).toBe(true);
  expect(await student.getByTestId('partner-left').innerText()).toBe(CLASS_TEXT.partnerLeft('王小明'));
  expect(await student.getByTestId('partner-left').getAttribute('role')).toBe('status');
  await shot(student, `class-student-partner-left-${lang}`);

  // The summary: his score is marked with the state the bot took his host over in; Ada's partner is the bot for him.
  await teacher.getByTestId('results-link').click();
  await teacher.getByTestId('results-table').waitFor();
  const rows = await teacher.$$eval('[data-testid=results-table] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  const his = rows.find((r) => r[1] === '王小明')!;
  const hers = rows.find((r) => r[1] === 'Ada')!;
  expect(his[5]).toBe(`${pair.round!.hosts[side].score} ${CLASS_TEXT.leftMark(leftIn)}`);
  expect(hers[4]).toBe(CLASS_TEXT.botFor('王小明'));
  expect(hers[5], 'Ada played to the end: no mark').toBe(String(pair.round!.hosts[side === 'client' ? 'server' : 'client'].score));
  const mark = teacher.getByTestId('left-mark');
  expect(await mark.getAttribute('title')).toBe(CLASS_TEXT.leftMarkTitle('王小明', 1, leftIn, pair.round!.decisions.filter((d) => d.side === side && d.by === 'human').length));
  expect(await teacher.getByTestId('left-note').innerText()).toBe(CLASS_TEXT.leftNote);
  // The podium marks his total too: it lacks what the bot played for him.
  const podiumMark = teacher.getByTestId('podium').locator('li:has-text("王小明") [data-testid=podium-left-mark]');
  expect(await podiumMark.innerText()).toBe(CLASS_TEXT.leftRounds([1]));
  expect(await podiumMark.getAttribute('title')).toBe(CLASS_TEXT.leftRoundsTitle('王小明', [1]));
  expect(await teacher.getByTestId('podium').locator('li:has-text("Ada") [data-testid=podium-left-mark]').count(), 'Ada played her rounds to the end').toBe(0);
  expect(await axeViolations(teacher), `class summary with a student who left, ${lang}`).toEqual([]);
  await mark.scrollIntoViewIfNeeded();
  await shot(teacher, `class-teacher-summary-left-${lang}`);
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a finished class offers the next scenario as a new class, its settings filled in', async (lang) => {
  const opened = await openClass(server, { name: `Level 1 ${lang}`, settings: { scenarioId: 'handshake', mode: 'consequences', rounds: 3, maxStudents: 30, loss: 0.1 } });
  const teacher = await teacherOf(opened, lang);
  await sdkStudent(opened, 'Ada');
  await teacher.waitForFunction(() => document.querySelectorAll('[data-testid=teacher-lobby] li').length === 1);
  expect(await teacher.getByTestId('next-class').isVisible()).toBe(false);
  await teacher.getByTestId('end').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=finished]');
  await teacher.getByTestId('next-class').waitFor({ state: 'visible' });
  await shot(teacher, `class-teacher-finished-next-${lang}`);
  await teacher.getByTestId('next-class').click();
  await teacher.getByTestId('open-form').waitFor();
  expect(await teacher.getByTestId('class-name').inputValue()).toBe(`Level 1 ${lang}`);
  expect(await teacher.getByTestId('class-scenario').inputValue()).toBe('why-three');
  expect(await teacher.getByTestId('class-mode').inputValue()).toBe('consequences');
  expect(await teacher.getByTestId('class-rounds').inputValue()).toBe('3');
  expect(await teacher.getByTestId('class-size').inputValue()).toBe('30');
  expect(await teacher.getByTestId('class-loss').inputValue()).toBe('10');
  await shot(teacher, `class-teacher-next-open-form-${lang}`);
}, 300_000);

it.each(['en', 'zh-CN'] as const)('in %s, a class over gets one more round with “+1 round”: between rounds again, the same students joined, its podium waiting for the new last round', async (lang) => {
  const CLASS_TEXT = texts(lang);
  const { teacher, student, partner } = await playingPair(lang, `More ${lang}`, 1);
  const phaseLine = teacher.getByTestId('phase');
  // The class's only round is stopped: the class is over, the podium out on the student's page.
  await teacher.getByTestId('stop').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=finished]');
  await student.getByTestId('back-to-class').click();
  await student.waitForFunction(() => document.querySelectorAll('[data-testid=student-podium] li').length === 2);
  const add = teacher.getByTestId('addRounds');
  expect(await add.innerText()).toBe(CLASS_TEXT.addRound);
  expect(await teacher.getByTestId('class-settings').innerText()).toContain(lang === 'en' ? ' · 1 round · ' : '共 1 轮');
  expect(await add.isEnabled()).toBe(true);
  expect(await teacher.getByTestId('next').isEnabled()).toBe(false);
  await teacher.getByTestId('next-class').waitFor({ state: 'visible' });
  await shot(teacher, `class-teacher-finished-add-round-${lang}`);

  await add.click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=between]');
  expect(await phaseLine.innerText()).toContain(`${CLASS_TEXT.round} 1/2`);
  await teacher.waitForFunction((line) => document.querySelector('[data-testid=class-settings]')?.textContent?.includes(line) === true, lang === 'en' ? ' · 2 rounds · ' : '共 2 轮');
  await teacher.getByTestId('next-class').waitFor({ state: 'hidden' });
  await teacher.getByTestId('round-setup').waitFor({ state: 'visible' });
  expect(await teacher.getByTestId('next').isEnabled()).toBe(true);
  // The student's page: between rounds, round 1 of 2, no podium until the new last round is over.
  await student.waitForFunction(() => document.querySelectorAll('[data-testid=student-podium] li').length === 0);
  expect(await student.getByTestId('student-status').innerText()).toBe(`${CLASS_TEXT.phase['between']} · ${CLASS_TEXT.round} 1/2`);
  await shot(teacher, `class-teacher-between-added-round-${lang}`);
  await shot(student, `class-student-between-added-round-${lang}`);
  // Nothing in the control card is cut or pushed off the screen at 1280×720, and no blank band
  // (an empty refusal line) is left under the buttons: the card ends at its padding.
  const card = await teacher.$eval('.control-card', (el) => ({
    bottom: el.getBoundingClientRect().bottom,
    underButtons: el.getBoundingClientRect().bottom - el.querySelector('.controls')!.getBoundingClientRect().bottom,
    padding: parseFloat(getComputedStyle(el).paddingBottom) + parseFloat(getComputedStyle(el).borderBottomWidth),
    overflow: [...el.querySelectorAll('select, button')].some((c) => c.scrollWidth > c.clientWidth + 1),
  }));
  expect(card.overflow, 'a control cut').toBe(false);
  expect(card.bottom).toBeLessThanOrEqual(720);
  expect(card.underButtons, 'blank space under the controls').toBeLessThanOrEqual(card.padding + 1);

  // The added round is played by the same two students, on the same class connections.
  await teacher.getByTestId('next').click();
  await until(() => partner.pairSeat?.roundNo === 2 && partner.pairRoom?.roomId === partner.pairSeat.roomId, 'partner seated in round 2');
  expect(partner.classRoom.connection.isOpen).toBe(true);
  await student.waitForSelector(`[data-testid=class-game][src*="classPair=${partner.pairRoom!.roomId}"]`);
  await teacher.getByTestId('stop').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=finished]');
  expect(await phaseLine.innerText()).toContain(`${CLASS_TEXT.round} 2/2`);
  await teacher.getByTestId('results-link').click();
  await teacher.getByTestId('results-table').waitFor();
  const rounds = await teacher.$$eval('[data-testid=results-table] tbody tr', (rows) => rows.map((r) => r.querySelector('td')!.textContent).sort());
  expect(rounds).toEqual(['1', '1', '2', '2']);
}, 300_000);
