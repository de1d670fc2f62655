/**
 * The connection banners of a duel, in both languages. Two browsers start a handshake duel through
 * the menu. (a) The client host's browser goes offline: its SDK loses the room and retries, the
 * page says "reconnecting…", the server holds the seat and the opponent is told; back online the
 * SDK reconnects by itself, both banners go, and the waiting move is judged. (b) The client host's
 * page is closed for good: once the (test-short) reconnection window runs out the bot takes the
 * host over, the opponent is told so, and plays on against the bot. Waits on page state only.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en } from '../../client/i18n/en.ts';
import { GAME_LAYOUT } from '../../client/scenes/gameLayout.ts';
import { spacedBeforeHan } from '../../client/i18n/hanSpacing.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { nextDecision, playMove, sessionOf, shot } from './play.ts';

type Lang = 'en' | 'zh-CN';
const TEXT = { en, 'zh-CN': zhCN } as const;
type BannerKey = 'net.reconnecting' | 'net.opponentDropped' | 'net.botTookOver';
/**
 * None of these is an alarm: a drop the page mends by itself holds the seat (nothing to do), and the
 * opponent's drop or the bot standing in is news. The alarm tone ('bad') is for a real loss.
 */
const TONE: Record<BannerKey, 'info'> = { 'net.reconnecting': 'info', 'net.opponentDropped': 'info', 'net.botTookOver': 'info' };

/**
 * The rooms register in Colyseus' process-wide matchmaker, so the file has one server at a time:
 * (a) runs on one that holds a dropped seat the default 30 s; (b) restarts it with a window of 1 s,
 * so the bot comes quickly. Each player is a browser context of its own, with its own network to cut.
 */
const env = gameServerAndBrowser();

/** The name each page's player typed on the menu. */
const names = new WeakMap<Page, string>();

async function open(name: string, lang: Lang): Promise<Page> {
  const page = await env.open({ viewport: { width: 1280, height: 720 }, lang, name });
  names.set(page, name);
  return page;
}

/** Alice creates a handshake duel, Bob joins by its code; returns the pages by the host they play. */
async function startDuel(langs: [Lang, Lang]): Promise<Record<Side, Page>> {
  const alice = await open('Alice', langs[0]);
  await alice.getByTestId('menu-duel-scenario').selectOption('handshake');
  await alice.getByTestId('menu-create-duel').click();
  await waitForScene(alice, 'Game');
  const code = (await alice.getByTestId('room-code').textContent())?.trim() ?? '';
  const bob = await open('Bob', langs[1]);
  await bob.getByTestId('menu-join-code').click();
  await bob.keyboard.type(code);
  await bob.getByTestId('menu-join-duel').click();
  await waitForScene(bob, 'Game');
  for (const page of [alice, bob]) await page.waitForFunction(() => window.__tcpDojo?.session()?.phase === 'playing');
  const aliceSide = (await sessionOf(alice))?.side;
  expect(aliceSide === 'client' || aliceSide === 'server').toBe(true);
  return aliceSide === 'client' ? { client: alice, server: bob } : { client: bob, server: alice };
}

/**
 * The banner says `key` in `lang`, and a person can read it: on one line, the topmost element at
 * its centre (not under a panel), and over the wire panel, clear of both host cards.
 */
async function expectBanner(page: Page, key: BannerKey, lang: Lang): Promise<void> {
  const text = TEXT[lang][key];
  await page.waitForFunction((t) => {
    const b = document.querySelector<HTMLElement>('[data-testid=net-banner]');
    return !!b && !b.hidden && b.textContent === t;
  }, text);
  const seen = await page.evaluate(() => {
    const b = document.querySelector<HTMLElement>('[data-testid=net-banner]')!;
    const r = b.getBoundingClientRect();
    // The HTML layer lets clicks through to the canvas; for this probe only, the banner takes them.
    b.style.pointerEvents = 'auto';
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    b.style.pointerEvents = '';
    return {
      box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      onTop: top === b || b.contains(top),
      at: top ? `${top.tagName}.${top.className}` : null,
      tones: [...b.classList].filter((c) => c !== 'net-banner'),
      clipped: b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1,
      lines: (() => {
        const css = getComputedStyle(b);
        return Math.round((b.clientHeight - parseFloat(css.paddingTop) - parseFloat(css.paddingBottom)) / parseFloat(css.lineHeight));
      })(),
      // The stage (1600 wide) is scaled into the viewport; the HUD's layer is its box.
      stage: (() => {
        const ui = document.getElementById('ui')!.getBoundingClientRect();
        return { left: ui.left, scale: ui.width / 1600 };
      })(),
    };
  });
  expect(seen.tones, `${key}'s tone`).toEqual([TONE[key]]);
  const wire = { left: seen.stage.left + GAME_LAYOUT.wire.x * seen.stage.scale, right: seen.stage.left + (GAME_LAYOUT.wire.x + GAME_LAYOUT.wire.width) * seen.stage.scale };
  expect(seen.onTop, `${key} under ${seen.at}`).toBe(true);
  expect(seen.clipped).toBe(false);
  expect(seen.lines).toBe(1);
  expect(seen.box.top).toBeGreaterThanOrEqual(0);
  expect(seen.box.left).toBeGreaterThanOrEqual(wire.left);
  expect(seen.box.right).toBeLessThanOrEqual(wire.right);
}

/** The top bar's turn chip reads `text`. */
async function turnChipSays(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('[data-testid=game-turn]')?.textContent === t, text);
}

async function expectNoBanner(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=net-banner]')?.hidden === true);
}

const langOf = async (page: Page): Promise<Lang> => (await page.evaluate(() => window.__tcpDojo!.lang())) as Lang;
const other = (lang: Lang): Lang => (lang === 'en' ? 'zh-CN' : 'en');

async function switchLanguage(page: Page, lang: Lang): Promise<void> {
  await page.getByTestId(`lang-${lang}`).click();
  await page.waitForFunction((l) => window.__tcpDojo?.lang() === l, lang);
}

/**
 * Answer the page's next decision as a correct TCP would, through the UI; the server's verdict on
 * that decision comes back in the feedback panel. Returns the decision and what prompted it.
 */
async function playOn(page: Page, after: number | null): Promise<{ decision: number; prompt: string | null }> {
  const decision = await nextDecision(page, after);
  expect(decision).not.toBeNull();
  const s = await sessionOf(page);
  const move = correctAnswer(s!.roomId, s!.side as Side, decision!);
  expect(move).not.toBeNull();
  await playMove(page, move!);
  await page.locator(`[data-testid=feedback-panel][data-decision="${decision}"] [data-testid=feedback-verdict][data-verdict=correct]`).waitFor();
  return { decision: decision!, prompt: s!.prompt };
}

describe('connection banners in a duel', () => {
  it('a dropped connection: "reconnecting…" there, "opponent dropped" across; both clear and play goes on', async () => {
    const { client, server } = await startDuel(['en', 'zh-CN']);
    // The handshake waits on the client host's first move (connect()).
    const decision = await nextDecision(client, null);
    expect(decision).not.toBeNull();
    // The server host's listen() is answered: from now on game time waits on the client host alone.
    await playOn(server, null);

    // The SDK only reconnects by itself once the room has been up a while (minUptime).
    await client.waitForFunction(() => window.__tcpDojo?.reconnectsOnDrop() === true, null, { timeout: 15_000 });
    // Toasts fade: keep every error toast this page shows from now on.
    await client.evaluate(() => {
      const seen: string[] = ((window as unknown as { badToasts: string[] }).badToasts = []);
      const box = document.querySelector('[data-testid=toasts]')!;
      new MutationObserver(() => box.querySelectorAll('.toast-bad').forEach((t) => seen.includes(t.textContent ?? '') || seen.push(t.textContent ?? ''))).observe(box, { childList: true });
    });
    await client.context().setOffline(true);
    const [clientLang, serverLang] = [await langOf(client), await langOf(server)];
    await expectBanner(client, 'net.reconnecting', clientLang);
    expect(await client.evaluate(() => window.__tcpDojo!.netStatus())).toBe('reconnecting');
    // The server notices the dead socket (ping timeout), holds the seat and tells the opponent.
    await expectBanner(server, 'net.opponentDropped', serverLang);
    // The game time that waits is waiting on nobody's decision: the top bar says who is away, not "deciding".
    const away = (lang: Lang): string => TEXT[lang]['turn.chip.away'].replace(/\{\{name(, beforeHan)?\}\}/, (_, han?: string) => (han ? spacedBeforeHan(names.get(client)!) : names.get(client)!));
    await turnChipSays(server, away(serverLang));
    await shot(client, `reconnect-a1-reconnecting-${clientLang}`);
    await shot(server, `reconnect-a1-opponent-dropped-${serverLang}`);

    // The same banners follow a language switch.
    await switchLanguage(client, other(clientLang));
    await switchLanguage(server, other(serverLang));
    await expectBanner(client, 'net.reconnecting', other(clientLang));
    await expectBanner(server, 'net.opponentDropped', other(serverLang));
    await turnChipSays(server, away(other(serverLang)));
    await shot(client, `reconnect-a2-reconnecting-${other(clientLang)}`);
    await shot(server, `reconnect-a2-opponent-dropped-${other(serverLang)}`);

    // Back online: the SDK's next retry gets the held seat back, and both banners go.
    await client.context().setOffline(false);
    await client.waitForFunction(() => window.__tcpDojo?.netStatus() === 'online', null, { timeout: 30_000 });
    await expectNoBanner(client);
    await expectNoBanner(server);
    // Back: the opponent is deciding again.
    await server.waitForFunction(() => /· \d+ s$/.test(document.querySelector('[data-testid=game-turn]')?.textContent ?? ''));
    // The SDK's failed attempts while offline are not the server refusing anything: no error toasts.
    expect(await client.evaluate(() => (window as unknown as { badToasts: string[] }).badToasts)).toEqual([]);
    // Same seat, same open decision; the move is judged.
    expect((await sessionOf(client))?.side).toBe('client');
    await playOn(client, null);
    await shot(client, 'reconnect-a3-back-and-judged');
  }, 180_000);

  it('a page reloaded mid-duel: back in its seat, its host and its open decision, and the bot never took over', async () => {
    const { client, server } = await startDuel(['en', 'zh-CN']);
    const decision = await nextDecision(client, null);
    expect(decision).not.toBeNull();
    const before = await sessionOf(client);
    await client.reload();
    await waitForScene(client, 'Game');
    await client.waitForFunction((id) => window.__tcpDojo?.session()?.decisionId === id, decision);
    expect(await sessionOf(client)).toMatchObject({ side: 'client', roomId: before!.roomId });
    // The opponent's page has no banner left (no "bot took over"), and the decision is still the player's to answer.
    await expectNoBanner(server);
    await playOn(client, null);
    await shot(client, 'reconnect-a4-reloaded-and-judged');
  }, 180_000);

  it('a player gone for good: the bot takes the host over, the opponent is told and plays on', async () => {
    await env.restartServer({ reconnectSeconds: 1 });
    const { client, server } = await startDuel(['zh-CN', 'en']);
    const serverLang = await langOf(server);
    await client.close();
    await expectBanner(server, 'net.botTookOver', serverLang);
    await shot(server, `reconnect-b1-bot-took-over-${serverLang}`);
    await switchLanguage(server, other(serverLang));
    await expectBanner(server, 'net.botTookOver', other(serverLang));
    await shot(server, `reconnect-b2-bot-took-over-${other(serverLang)}`);
    // The round goes on: the player's server host listens, the bot's client host sends its SYN,
    // and the player's answer to that SYN (a SYN-ACK) is judged.
    let answered = await playOn(server, null);
    for (let guard = 0; answered.prompt !== 'segment-arrived'; guard++) {
      expect(guard).toBeLessThan(3);
      answered = await playOn(server, answered.decision);
    }
    await expectBanner(server, 'net.botTookOver', other(serverLang));
    await shot(server, 'reconnect-b3-judged-against-bot');
  }, 180_000);
});
