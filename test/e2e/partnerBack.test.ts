/**
 * A student who left her class round comes back to it, in real headless Chromium, in English and in
 * Chinese: Ada leaves the round from her game (the bot takes her host over), her class page offers
 * to take it back, she does, and her game opens again at her host as the bot left it, then at her
 * own next decision. Her partner 王小明, playing in his own page, reads over his game that she is
 * back (the bar's words and the game's banner), and the teacher's card shows the pair whole again,
 * Ada marked as back from the bot. One class server (manual game clock), one Chromium, a context
 * per person. Screenshots (E2E_SHOTS=1): test-results/screenshots/partner-back-*.
 */
import { expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import type { Side } from '../../shared/tcp/wire.ts';
import { playedState } from '../../shared/game/playedState.ts';
import { frameAsPage, frames } from './browser.ts';
import { adaAndWangPlaying, classGameIn, classServerForBrowserFile } from './classPages.ts';
import { browserForFile } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, shot } from './play.ts';
import { type ClassServer, until } from '../classroom/classHarness.ts';
import { texts } from '../../client/classroom/text.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';

const GAME_TEXT = { en, 'zh-CN': zhCN } as const;
let server: ClassServer;
const browser = browserForFile();

classServerForBrowserFile((s) => (server = s));


/** The game in a frame, for the e2e helpers (which take a Page and type on its keyboard). */
const asPage = frameAsPage;

async function dismissIntro(frame: Frame): Promise<void> {
  const ok = frame.getByTestId('round-intro-ok');
  if (await ok.isVisible()) await ok.click();
}

it.each(['en', 'zh-CN'] as const)('in %s, a student who left the round takes her host back from the class page: her game is back at her decision, her partner reads that she is back, and the teacher’s card shows the pair whole', async (lang) => {
  const CLASS_TEXT = texts(lang);
  const GAME = GAME_TEXT[lang];
  const { teacher, ada, wang, roomId, pair, adaSide } = await adaAndWangPlaying(browser, server, lang, `Back ${lang}`, { width: 1280, height: 720 });
  const wangSide: Side = adaSide === 'client' ? 'server' : 'client';
  const adaGame = await classGameIn(ada, roomId);
  const wangGame = await classGameIn(wang, roomId);
  await until(() => pair.state.phase === 'playing', 'the round is on');

  // Ada leaves the round from her game: the bot takes her host over, and her class page offers it back.
  await adaGame.getByTestId('round-intro-ok').click();
  await adaGame.getByTestId('game-menu').click();
  await adaGame.getByTestId('confirm-leave-go').click();
  await ada.getByTestId('student-left-round').waitFor();
  expect(await ada.getByTestId('student-left-round').innerText()).toBe(CLASS_TEXT.leftRound);
  await until(() => pair.round!.hosts[adaSide].controller === 'bot', 'the bot plays Ada’s host');
  const partnerLine = (name: string) => `${CLASS_TEXT.partner}${CLASS_TEXT.colon}${name}`;
  await wang.waitForFunction((text) => document.querySelector('[data-testid=game-title]')?.textContent?.endsWith(text) === true, partnerLine(CLASS_TEXT.botFor('Ada')));
  expect(await wang.getByTestId('game-partner-note').innerText()).toBe(CLASS_TEXT.partnerLeft('Ada'));
  await shot(ada, `partner-back-ada-left-${lang}`);

  // She takes it back: the class sends a fresh seat, her game opens, and the host is hers, as the bot left it.
  const takeBack = ada.getByTestId('take-host-back');
  expect(await takeBack.innerText()).toBe(CLASS_TEXT.takeBack);
  const backIn = () => pair.round!.handovers.findLast((h) => h.side === adaSide)?.state;
  await takeBack.click();
  const adaBack = await classGameIn(ada, roomId);
  await until(() => pair.round!.hosts[adaSide].controller === 'human', 'the host is Ada’s again');
  expect(pair.round!.handovers.map((h) => h.to)).toEqual(['bot', 'human']);
  await adaBack.waitForFunction((s) => window.__tcpDojo?.session()?.side === s, adaSide);
  // Back in a round under way (the bot has moved her host), she lands on her host as it is now: the
  // card that opens the round is not shown again.
  const adaState = playedState(pair.round!, pair.round!.hosts[adaSide]);
  await adaBack.waitForFunction(([s, st]) => window.__tcpDojo?.hostStates()?.[s as 'client' | 'server'] === st, [adaSide, adaState]);
  await frames(adaBack, 2);
  expect(await adaBack.getByTestId('round-intro').isVisible(), 'no opening card in a round under way').toBe(false);
  await shot(ada, `partner-back-ada-reopened-${lang}`);

  // Her partner reads it over his game, in the bar and in the game's own banner.
  await wang.waitForFunction((text) => document.querySelector('[data-testid=game-partner-note]')?.textContent === text, CLASS_TEXT.partnerBack('Ada'));
  await wang.waitForFunction((text) => document.querySelector('[data-testid=game-title]')?.textContent?.endsWith(text) === true, partnerLine('Ada'));
  const banner = wangGame.getByTestId('net-banner');
  await wangGame.waitForFunction((text) => document.querySelector('[data-testid=net-banner]')?.textContent === text, GAME['net.playerBack']);
  expect(await banner.getAttribute('role')).toBe('status');
  // He has not dismissed his own opening card yet: the banner is over the game, not over the card's top edge.
  const card = wangGame.getByTestId('round-intro');
  expect(await card.isVisible(), '王小明 has his opening card still open').toBe(true);
  await frames(wangGame, 2);
  const [bannerBox, cardBox] = [await banner.boundingBox(), await card.boundingBox()];
  expect(bannerBox!.y + bannerBox!.height, 'the banner ends above the card').toBeLessThanOrEqual(cardBox!.y);
  await shot(wang, `partner-back-wang-banner-${lang}`);
  // The teacher's card: Ada's name again (not the bot for her), marked as back from the bot.
  const mark = teacher.locator('[data-testid=back-mark]');
  await mark.waitFor();
  expect(await mark.innerText()).toBe(CLASS_TEXT.backMark);
  expect(await mark.getAttribute('title')).toBe(CLASS_TEXT.backMarkTitle('Ada', pair.round!.handovers[0]!.state, backIn()!));
  expect(await teacher.$$eval('[data-testid^=pair-] .host .name', (els) => els.map((e) => e.textContent))).toContain('Ada');
  await shot(teacher, `partner-back-teacher-${lang}`);

  // The round goes on: 王小明 answers what is open for him, and Ada's host is next at her own decision.
  await dismissIntro(wangGame);
  await dismissIntro(adaBack);
  let wangLast: number | null = null;
  for (let i = 0; i < 200 && !pair.round!.hosts[adaSide].decision; i++) {
    const open = pair.round!.hosts[wangSide].decision;
    if (open) {
      const id = await nextDecision(asPage(wang, wangGame), wangLast);
      wangLast = id;
      if (id === null) break;
      await playMove(asPage(wang, wangGame), correctAnswer(roomId, wangSide, id)!);
      await answered(asPage(wang, wangGame), id);
    } else {
      pair.advanceClock(200);
      await new Promise((r) => setImmediate(r)); // a turn of the event loop for the room's I/O, no time
    }
  }
  const decision = pair.round!.hosts[adaSide].decision;
  expect(decision, 'a decision of Ada’s host is open').not.toBeNull();
  const id = await nextDecision(asPage(ada, adaBack), null);
  expect(id).toBe(decision!.id);
  await adaBack.getByTestId('composer').waitFor();
  await shot(ada, `partner-back-ada-decision-${lang}`);
  await wang.waitForFunction((text) => document.querySelector('[data-testid=game-partner-note]')?.textContent === text, CLASS_TEXT.partnerBack('Ada'));
  await shot(wang, `partner-back-wang-${lang}`);
  // She answers it herself, and it scores for her (the bot's answers scored nothing).
  const before = pair.round!.hosts[adaSide].judged;
  await playMove(asPage(ada, adaBack), correctAnswer(roomId, adaSide, id!)!);
  await answered(asPage(ada, adaBack), id!);
  expect(pair.round!.hosts[adaSide].judged).toBe(before + 1);
  expect(pair.round!.decisions.findLast((d) => d.side === adaSide)?.by).toBe('human');

  // "Ada is back" is news: it stays over 王小明's game until he has made a move of his own since,
  // and then goes (the bot-took-over banner stays, as the bot still plays).
  if (wangLast === null) expect(await banner.textContent()).toBe(GAME['net.playerBack']);
  for (let i = 0; i < 200 && !pair.round!.hosts[wangSide].decision; i++) {
    pair.advanceClock(200);
    await new Promise((r) => setImmediate(r)); // a turn of the event loop for the room's I/O, no time
  }
  const wangNext = await nextDecision(asPage(wang, wangGame), wangLast);
  expect(wangNext, 'a decision of 王小明’s host is open').not.toBeNull();
  await playMove(asPage(wang, wangGame), correctAnswer(roomId, wangSide, wangNext!)!);
  await answered(asPage(wang, wangGame), wangNext!);
  await wangGame.waitForFunction(() => !document.querySelector('[data-testid=net-banner]')?.textContent);

  // The class summary: Ada's score marked with where the bot took her host over and where she took
  // it back; 王小明's partner is Ada, who played her host to the end, not the bot for her.
  await teacher.getByTestId('stop').click();
  await teacher.waitForSelector('[data-testid=phase][data-phase=finished]');
  await teacher.getByTestId('results-link').click();
  await teacher.getByTestId('results-table').waitFor();
  const [leftIn, tookBackIn] = pair.round!.handovers.map((h) => h.state);
  const rows = await teacher.$$eval('[data-testid=results-table] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  expect(rows.find((r) => r[1] === 'Ada')![5]).toBe(`${pair.round!.hosts[adaSide].score} ${CLASS_TEXT.leftMark(leftIn!, tookBackIn)}`);
  expect(rows.find((r) => r[1] === '王小明')![4]).toBe('Ada');
  const adaDecisions = pair.round!.decisions.filter((d) => d.side === adaSide && d.by === 'human').length;
  expect(await teacher.getByTestId('left-mark').getAttribute('title')).toBe(CLASS_TEXT.leftMarkTitle('Ada', 1, leftIn!, adaDecisions, tookBackIn));
  // On the podium she was away in round 1, not gone from it.
  const adaOnPodium = teacher.getByTestId('podium').locator('li:has-text("Ada")');
  expect(await adaOnPodium.getByTestId('podium-left-mark').count()).toBe(0);
  expect(await adaOnPodium.getByTestId('podium-away-mark').innerText()).toBe(CLASS_TEXT.awayRounds([1]));
  expect(await adaOnPodium.getByTestId('podium-away-mark').getAttribute('title')).toBe(CLASS_TEXT.awayRoundsTitle('Ada', [1]));
  await shot(teacher, `partner-back-summary-${lang}`);
}, 300_000);
