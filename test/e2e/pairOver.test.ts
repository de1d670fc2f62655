/**
 * A pair whose every student left the game, while other pairs still play, in real headless Chromium
 * (en and zh-CN): the bots played the pair's round to its end as its empty room closed, so Ada's
 * class page shows that round's Results, not "the bot plays your host for now" with a button to
 * take back a host that has no round left. One class server; Ada in a page, the two others as SDK
 * clients (which of the three the bot partners is the class's random pairing: either way the pair
 * Ada is in ends with everyone gone). Those Results say where each host ended as the host paths
 * beside them do: on the class's default time limit TIME-WAIT runs out, and both hosts are back in
 * CLOSED (under the old 120 s limit the client was still in TIME-WAIT). Screenshots (E2E_SHOTS=1):
 * test-results/screenshots/pair-over-*.
 */
import { beforeAll, expect, it } from 'vitest';
import { waitForScene } from './browser.ts';
import { classGameIn, classServerForBrowserFile, studentJoinsClass } from './classPages.ts';
import { browserForFile } from './fixture.ts';
import { shot } from './play.ts';
import { ClassMembers, classRoomOf, type ClassServer, Member, openClass, pairRoomOf, until } from '../classroom/classHarness.ts';
import { texts } from '../../client/classroom/text.ts';
import type { i18n } from 'i18next';
import { translators } from '../support/translators.ts';

type Lang = 'en' | 'zh-CN';
let server: ClassServer;
const members = new ClassMembers(() => server);
const browser = browserForFile();
/** The game's own texts (its Results screen), in both languages. */
let gameText: Record<Lang, i18n>;

classServerForBrowserFile((s) => (server = s), { members });

beforeAll(async () => {
  gameText = await translators();
});


it.each(['en', 'zh-CN'] as const)('in %s, a student whose pair has everyone gone sees that round’s Results, not a host to take back, while other pairs play on', async (lang: Lang) => {
  const T = texts(lang);
  const opened = await openClass(server, { name: `Over ${lang}`, settings: { scenarioId: 'handshake', rounds: 2 } });
  const ada = await studentJoinsClass(browser, server.baseUrl, opened.code, lang, 'Ada');
  const others = [await members.student(opened, 'Bob'), await members.student(opened, 'Cy')];
  const teacher = members.track(await Member.join(server, opened.roomId, { teacherToken: opened.teacherToken }));
  teacher.classRoom.send('start', {});
  const classRoom = classRoomOf(server, opened.roomId);
  await until(() => classRoom.state.phase === 'playing' && others.every((s) => s.pairRoom !== null), 'the round on, Bob and Cy seated');

  // The class has seated Ada; her page opens the game's frame when it hears of her pair (a moment later).
  await ada.waitForSelector('[data-testid=class-game]', { state: 'attached' });
  const roomId = await ada.$eval('[data-testid=class-game]', (el) => new URL((el as HTMLIFrameElement).src).searchParams.get('classPair')!);
  const pair = pairRoomOf(server, roomId);
  const partner = others.find((s) => s.pairRoom?.roomId === roomId);
  const elsewhere = others.filter((s) => s !== partner);
  for (const s of elsewhere) members.open.push(s.pairRoom!);
  const game = await classGameIn(ada, roomId);

  // Ada leaves the round from her game, and so does her partner if she has one: nobody is left in
  // the pair room, the bots play the round to its end, and the room closes.
  await game.getByTestId('round-intro-ok').click();
  await game.getByTestId('game-menu').click();
  await game.getByTestId('confirm-leave-go').click();
  await partner?.pairRoom!.leave(true);
  await until(() => server.colyseus.getRoomById(roomId) === undefined, 'the pair room closed');
  expect(pair.round?.endReason).toBe('complete');

  // The class round goes on for the other pair; Ada's page offers her round's Results.
  expect(classRoom.state.phase).toBe('playing');
  const results = ada.getByTestId('see-results');
  await results.waitFor();
  expect(await results.innerText()).toBe(T.seeResults(1));
  expect(await ada.getByTestId('take-host-back').count(), 'no host to take back').toBe(0);
  expect(await ada.getByTestId('student-left-round').count()).toBe(0);
  await shot(ada, `pair-over-ada-${lang}`);
  // Her Results are the stored round's.
  await results.click();
  const stored = (await (await ada.waitForSelector('[data-testid=class-game]')).contentFrame())!;
  await waitForScene(stored, 'Results', 90_000);
  await shot(ada, `pair-over-ada-results-${lang}`);
  // The class's default time limit (360 s) lets TIME-WAIT (2×MSL = 240 s) run out: the client's
  // path goes on to CLOSED, and the first line says both hosts are back in CLOSED.
  const paths = await stored.$$eval('[data-testid^=results-path-]', (els) => els.map((e) => [...e.querySelectorAll('.state-chip')].map((c) => c.textContent)));
  expect(paths.map((p) => p.slice(-2))).toEqual([['TIME-WAIT', 'CLOSED'], ['LAST-ACK', 'CLOSED']]);
  expect(await stored.getByTestId('results-reason').textContent()).toBe(gameText[lang].t('results.reason.complete'));
  teacher.classRoom.send('end', {});
});
