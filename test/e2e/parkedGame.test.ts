/**
 * A parked game that nobody takes over, in real headless Chromium. Ada plays her class round; her
 * class opens on another laptop, whose game never sits down (its game page cannot load). Her first
 * tab's game is parked out of sight, still connected, so the seat could go from one connection to
 * the other with no drop between (client/classroom/student.ts parkGame). Nobody comes for it: after
 * PARKED_MS (20 s) the parked game goes, and the pair room holds her seat for the reconnection
 * window as after any dropped connection (not the bot at once). The first tab's time is Playwright's
 * clock, paused before the class moves, and jumped past the 20 s: the test waits on no real time.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { adaAndWangPlaying, classGameIn, classServerForBrowserFile, personPage } from './classPages.ts';
import { browserForFile } from './fixture.ts';
import { type ClassServer, until } from '../classroom/classHarness.ts';

/** client/classroom/student.ts PARKED_MS: how long a parked game waits for the other tab's game. */
const PARKED_MS = 20_000;

let server: ClassServer;
const browser = browserForFile();

// The pair room holds a dropped seat 30 s (the server's default), well past this test's checks.
classServerForBrowserFile((s) => (server = s), { reconnectSeconds: 30 });

/** The class page's game, parked: out of sight, its frame still on the page (null once it has gone). */
const parkedFrame = (p: Page): Promise<boolean | null> =>
  p.evaluate(() => {
    const frame = document.querySelector('[data-testid=class-game]');
    return frame ? frame.closest<HTMLElement>('[data-parked]')?.hidden === true : null;
  });

it('a game parked for a tab that never sits down goes after PARKED_MS, and its seat is held as a drop', async () => {
  const { opened, teacher, ada, wang, roomId, pair, adaSide } = await adaAndWangPlaying(browser, server, 'en', 'Parked', undefined, {
    beforeAda: (p) => p.context().clock.install(),
  });
  const adaGame = await classGameIn(ada, roomId);
  await classGameIn(wang, roomId);
  await until(() => pair.state.phase === 'playing', 'the round is on');
  const seat = () => pair.state.seats.get(adaSide);
  expect(seat()?.connected).toBe(true);

  // Ada's laptop's time stands still from here: only the test moves it. (It flows again at the end,
  // pass or fail: a page whose frames stand still cannot be screenshot by the fixture after a failure.)
  await ada.clock.pauseAt((await ada.evaluate(() => Date.now())) + 1000);
  try {
    // Her class opens on another laptop (her seat's token copied there), whose game page never loads.
    const other = await personPage(browser, 'en');
    let blocked = 0;
    await other.context().route(
      (url) => url.searchParams.has('classPair'),
      (route) => {
        blocked += 1;
        return route.abort();
      },
    );
    const stored = await ada.evaluate(() => JSON.stringify(localStorage));
    await other.goto(`${server.baseUrl}/api/health`);
    await other.evaluate((s) => Object.entries(JSON.parse(s) as Record<string, string>).forEach(([k, v]) => localStorage.setItem(k, v)), stored);
    await other.goto(`${server.baseUrl}/class.html?code=${opened.code}`);
    await until(() => blocked > 0, 'the other laptop tried to open her game, and could not');

    // The first tab is told its class went elsewhere; its game is parked, still in her seat.
    await ada.getByTestId('continue-here').waitFor();
    await ada.locator('[data-parked][hidden] [data-testid=class-game]').waitFor({ state: 'attached' });

    // Just before PARKED_MS: the parked game is still there and still connected, nobody else in her seat.
    await ada.clock.fastForward(PARKED_MS - 1000);
    expect(await parkedFrame(ada)).toBe(true);
    expect(await adaGame.evaluate(() => window.__tcpDojo?.netStatus())).toBe('online');
    expect(seat()?.connected).toBe(true);
    expect([...pair.seating.occupants].filter(([, s]) => s === adaSide)).toHaveLength(1);

    // Past PARKED_MS: the parked game has gone, and the pair room holds her seat as a drop, for her.
    await ada.clock.fastForward(2000);
    expect(await parkedFrame(ada)).toBeNull();
    await until(() => seat()?.connected === false, 'the pair room noticed the parked game gone');
    expect(pair.round!.hosts[adaSide].controller).toBe('human');
    expect(pair.round!.handovers).toEqual([]);
  } finally {
    await ada.clock.resume();
  }
  await teacher.getByTestId('stop').click();
}, 300_000);
