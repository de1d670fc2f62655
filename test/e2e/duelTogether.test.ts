/**
 * Two students play duels together, each on their own device (a browser context; Alice reads English, Bob Chinese;
 * with E2E_SHOTS=1 screens are also shot in the other language). What they must be able to do without confusion:
 * choose the room's wire and rules and read them both before the first move; see who they play
 * against; know why they wait (the opponent deciding, game time paused, for how long) and nudge;
 * read one state for their host in every panel; find their own decisions and mistakes on Results
 * beside the opponent's score and who won; see the other's request for the next round and accept
 * or choose, with the new roles announced; leave a live round only after confirming, and come back
 * to their seat by the room's code. Waits on the pages' own state, never on the clock.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Move } from '../../shared/game/move.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { translator } from '../support/translators.ts';
import { E2E_SHOTS, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, sessionOf, shot } from './play.ts';

type Lang = 'en' | 'zh-CN';
/** Bob's texts as his screen renders them (placeholders filled, Chinese spacing applied). */
const zh = await translator('zh-CN');
/** Two or three players on a shared machine: a scene may take a while to come up. */
const SCENE_MS = 90_000;
// A left seat is held this long (real seconds): long enough for a loaded machine to get back.
const env = gameServerAndBrowser({ reconnectSeconds: 120 });

/** A student's own device (a browser context: its own storage; every context's page draws) on the menu, named. */
const open = (name: string, lang: Lang): Promise<Page> => env.open({ viewport: { width: 1600, height: 900 }, lang, tutorialSeen: false, name });

/** A screenshot in the page's language and one in the other (switched back afterwards), with E2E_SHOTS=1. */
async function shots(page: Page, name: string, lang: Lang): Promise<void> {
  await shot(page, `duel-together-${name}-${lang}`);
  if (!E2E_SHOTS) return;
  const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
  await page.evaluate((l) => window.__tcpDojo!.setLang(l), other);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await shot(page, `duel-together-${name}-${other}`);
  await page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);
}

const text = async (page: Page, testid: string): Promise<string> => ((await page.getByTestId(testid).first().textContent()) ?? '').trim();

/** The composer's "now in …" and the host card name the same state for the player's host. */
async function oneState(page: Page): Promise<{ role: string; card: string | null }> {
  return page.evaluate(() => {
    const side = window.__tcpDojo!.session()!.side as 'client' | 'server';
    return { role: document.querySelector('[data-testid=composer-role]')?.textContent ?? '', card: window.__tcpDojo!.hostStates()?.[side] ?? null };
  });
}

/**
 * Propose a move through the composer with as few page actions as a person with a mouse would use
 * (play.ts's playMove types every digit with the keyboard; two browsers playing a whole duel
 * that way is slow on a loaded machine, and the keys are tested there).
 */
async function propose(page: Page, move: Move): Promise<void> {
  for (const [i, seg] of move.segments.entries()) {
    for (const bit of ['SYN', 'ACK', 'FIN', 'RST'] as const) if (seg.flags[bit]) await page.getByTestId(`composer-flag-${bit}`).click();
    await page.getByTestId('composer-seq').fill(String(seg.seq));
    if (seg.flags.ACK) await page.getByTestId('composer-ack').fill(String(seg.ack));
    if (seg.data) await page.getByTestId('composer-payload').fill(seg.data);
    if (i < move.segments.length - 1) await page.getByTestId('composer-add-segment').click();
  }
  const state = page.getByTestId(`composer-state-${move.state}`);
  if ((await state.getAttribute('aria-checked')) !== 'true') await state.click();
  await page.getByTestId(move.segments.length === 0 ? 'composer-wait' : 'composer-send').click();
}

/**
 * One player's whole round through the page; `wrong` may spoil an answer (its new state) to leave
 * a mistake on the record. After every answer, the composer and the host card agree on the state.
 */
async function play(page: Page, wrong: (move: Move, n: number) => Move = (m) => m): Promise<void> {
  let decision: number | null = null;
  for (let n = 0; n < 40; n++) {
    // The other browser answers through its page too: under load that can take a while.
    decision = await nextDecision(page, decision, 240_000);
    if (decision === null) break;
    const s = await sessionOf(page);
    const move = correctAnswer(s!.roomId, s!.side as Side, decision);
    if (!move) continue;
    const played = wrong(move, n);
    await propose(page, played);
    try {
      await answered(page, decision, 30_000);
    } catch (error) {
      await shot(page, `duel-together-x-stuck-${s!.side}-${decision}`);
      throw new Error(`${s!.side} stuck on decision ${decision} (${s!.prompt}) answering ${JSON.stringify(played)}: ${String(error)}`);
    }
    const { role, card } = await oneState(page);
    expect(card).not.toBeNull();
    expect(role, `composer "${role}" vs host card ${card}`).toContain(` ${card}`);
  }
}

describe('two students play duels together', () => {
  it('rules before play, a reason to wait and a nudge, one state everywhere, Results of their own, requests in the open', async () => {
    const alice = await open('Alice', 'en');
    // The creator chooses the wire: a custom one, read back in the menu.
    await alice.getByTestId('menu-duel-scenario').selectOption('handshake');
    await alice.getByTestId('menu-duel-settings').click();
    await alice.getByTestId('duel-settings-preset-custom').click();
    await alice.getByTestId('duel-settings-delayMs').fill('400');
    await alice.getByTestId('duel-settings-delayMs').dispatchEvent('change');
    await alice.getByTestId('duel-settings-mode').selectOption('consequences');
    expect(await text(alice, 'duel-settings-preview')).toContain('400 ms delay');
    await shots(alice, '0-settings', 'en');
    await alice.getByTestId('duel-settings-done').click();
    expect(await text(alice, 'menu-duel-rules')).toContain('400 ms');
    await alice.getByTestId('menu-create-duel').click();
    await waitForScene(alice, 'Game', SCENE_MS);
    const code = await text(alice, 'room-code');
    expect(code).toMatch(/^[A-Z0-9]{5}$/);
    // While she waits, the rules the room will play by.
    expect(await text(alice, 'waiting-rules')).toContain('400 ms delay');
    await shots(alice, '1-waiting', 'en');

    const bob = await open('Bob', 'zh-CN');
    await bob.getByTestId('menu-join-code').fill(code);
    await bob.getByTestId('menu-join-duel').click();
    await waitForScene(bob, 'Game', SCENE_MS);
    for (const page of [alice, bob]) await page.waitForFunction(() => window.__tcpDojo?.session()?.phase === 'playing');

    // Someone else with the code finds the room full, in words (no empty brackets).
    const carol = await open('Carol', 'en');
    await carol.getByTestId('menu-join-code').fill(code);
    await carol.getByTestId('menu-join-duel').click();
    const toast = carol.getByTestId('toast').filter({ hasText: en['menu.join.full'] });
    await toast.waitFor();
    expect(await toast.textContent()).not.toContain('()');
    await shots(carol, '10-room-full', 'en');
    await carol.context().close();

    // Both read who plays which host against whom, and the room's rules, before their first move.
    for (const [page, other, delay] of [[alice, 'Bob', '400 ms delay'], [bob, 'Alice', '延迟 400 毫秒']] as const) {
      await page.getByTestId('round-intro').waitFor();
      expect(await text(page, 'round-intro-roles')).toContain(other);
      expect(await text(page, 'round-intro-rules')).toContain(delay);
    }
    await shots(bob, '2-opening-card', 'zh-CN');
    for (const page of [alice, bob]) await page.getByTestId('round-intro-ok').click();
    expect(await sessionOf(alice)).toMatchObject({ side: 'client' });

    // Alice answers connect(); Bob is still deciding listen(): she is told why nothing moves.
    const first = await nextDecision(alice, null);
    const s = await sessionOf(alice);
    await propose(alice, correctAnswer(s!.roomId, 'client', first!)!);
    await answered(alice, first!);
    await alice.getByTestId('composer-nudge').waitFor();
    // During the round her wire is what her TCP knows.
    expect(await alice.evaluate(() => window.__tcpDojo!.wireTitle())).toBe(en['wire.titleHost']);
    expect(await text(alice, 'composer-prompt-text')).toBe(en['turn.prompt.opponent'].replace('{{name}}', 'Bob'));
    expect(await text(alice, 'game-turn')).toContain('Bob is deciding · game time paused');
    // ...and for how long: the seconds count while Bob thinks.
    await alice.waitForFunction(() => /· [1-9]\d* s$/.test(document.querySelector('[data-testid=game-turn]')?.textContent ?? ''));
    // Bob's own host: his turn, the clock waits for him.
    expect(await text(bob, 'game-turn')).toBe(zhCN['turn.chip.yours']);
    await alice.getByTestId('composer-nudge').click();
    await alice.getByTestId('toast').filter({ hasText: en['turn.nudgeSent'] }).waitFor();
    // A toast on screen follows a language switch (it shows for 4 s; these are the next steps).
    await alice.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await alice.getByTestId('toast').filter({ hasText: zhCN['turn.nudgeSent'] }).waitFor();
    await alice.evaluate(() => window.__tcpDojo!.setLang('en'));
    await bob.getByTestId('toast').filter({ hasText: zh.t('turn.nudged', { name: 'Alice' }) }).waitFor();
    await shots(alice, '3-waiting-for-bob', 'en');
    await shots(bob, '3-nudged', 'zh-CN');

    // The round: Alice right every time, Bob once naming the wrong state (his segments stay right).
    let spoiled = false;
    await Promise.all([
      play(alice),
      play(bob, (m, n) => {
        if (spoiled || n === 0 || m.segments.length === 0) return m;
        spoiled = true;
        return { ...m, state: m.state === 'ESTABLISHED' ? 'CLOSE-WAIT' : 'ESTABLISHED' };
      }),
    ]);
    expect(spoiled).toBe(true);
    // At the end too: the server's connection is CLOSED in the composer and on its card (its listener is another socket).
    const end = await oneState(bob);
    expect(end.card).toBe('CLOSED');
    expect(end.role).toContain('CLOSED');
    // The wire is revealed now that the round is over (this is no beginner room, whose title differs).
    await bob.waitForFunction((t) => window.__tcpDojo!.wireTitle() === t, zhCN['wire.titleRevealed']);
    await shots(bob, '4-round-over-server', 'zh-CN');

    for (const page of [alice, bob]) {
      await page.getByTestId('game-to-results').click();
      await waitForScene(page, 'Results', SCENE_MS);
    }
    // Each player's mistakes are their own: Alice has none, Bob's wrong state is on his list only.
    expect(await text(alice, 'results-mistakes')).toContain(en['results.noMistakes']);
    expect(await bob.getByTestId('results-mistakes').getByTestId('mistake').count()).toBeGreaterThan(0);
    // The opponent's score beside one's own, and who won, the same story on both screens.
    const aliceScore = Number(await alice.getByTestId('results-score').locator('b').textContent());
    const bobScore = Number(await bob.getByTestId('results-score').locator('b').textContent());
    expect(await text(alice, 'results-opponent-score')).toMatch(new RegExp(`^Bob: ${bobScore} points`));
    expect(await text(bob, 'results-opponent-score')).toMatch(new RegExp(`^Alice：${aliceScore} 分`));
    const [aliceSays, bobSays] = aliceScore > bobScore ? [en['results.won'], zh.t('results.lost.duel', { name: 'Alice' })]
      : aliceScore < bobScore ? [en['results.lost.duel'].replace('{{name}}', 'Bob'), zhCN['results.won']]
      : [en['results.draw'], zhCN['results.draw']];
    expect(await text(alice, 'results-outcome')).toBe(aliceSays);
    expect(await text(bob, 'results-outcome')).toBe(bobSays);
    await shots(alice, '5-results', 'en');
    await shots(bob, '5-results', 'zh-CN');

    // Bob asks to swap roles; Alice sees it and accepts; the new roles are announced to both.
    await bob.getByTestId('results-swap').click();
    await alice.getByTestId('results-request').filter({ hasText: en['results.theyAskSwap'].replace('{{name}}', 'Bob') }).waitFor();
    expect(await text(alice, 'results-swap')).toBe(en['results.acceptSwap']);
    expect(await text(alice, 'results-rematch')).toBe(en['results.insteadSame']);
    expect(await text(bob, 'results-request')).toBe(zh.t('results.youAskedSwap', { name: 'Alice' }));
    await shots(alice, '6-request', 'en');
    await alice.getByTestId('results-swap').click();
    for (const page of [alice, bob]) {
      await waitForScene(page, 'Game', SCENE_MS);
      await page.getByTestId('round-intro-swapped').waitFor();
    }
    expect(await text(alice, 'round-intro-swapped')).toBe(en['intro.swapped'].replace('{{host}}', en['host.server']));
    expect(await text(bob, 'round-intro-swapped')).toBe(zh.t('intro.swapped', { host: zhCN['host.client'] }));
    expect(await sessionOf(alice)).toMatchObject({ side: 'server' });
    await shots(alice, '7-roles-swapped', 'en');
    // The card follows a language change, its rules too.
    await alice.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    expect(await text(alice, 'round-intro-rules')).toContain('延迟 400 毫秒');
    await alice.evaluate(() => window.__tcpDojo!.setLang('en'));

    // Leaving a live round asks first: Esc opens the question, Esc again stays.
    await alice.getByTestId('round-intro-ok').click();
    await alice.keyboard.press('Escape');
    await alice.getByTestId('confirm-leave-body').waitFor();
    expect(await text(alice, 'confirm-leave-body')).toContain(code);
    await shots(alice, '8-confirm-leave', 'en');
    await alice.keyboard.press('Escape');
    await alice.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=confirm-leave]')?.hidden === true);
    expect(await alice.evaluate(() => window.__tcpDojo!.activeScenes())).toContain('Game');
    // Menu, then Leave: she is out, Bob is told her seat is held.
    await alice.getByTestId('game-menu').click();
    await alice.getByTestId('confirm-leave-go').click();
    await waitForScene(alice, 'Menu', SCENE_MS);
    await bob.waitForFunction((t) => document.querySelector('[data-testid=net-banner]')?.textContent === t, zhCN['net.opponentLeft'].replace('{{s}}', '120'));
    await alice.getByTestId('menu-rejoin-row').waitFor();
    await shots(alice, '9-menu-way-back', 'en');
    await shots(bob, '9-opponent-left', 'zh-CN');

    // Alice types the code again: back to her seat, her host, her view.
    await alice.getByTestId('menu-join-code').fill(code);
    await alice.getByTestId('menu-join-duel').click();
    await waitForScene(alice, 'Game', SCENE_MS);
    await alice.waitForFunction(() => window.__tcpDojo?.session()?.phase === 'playing');
    expect(await sessionOf(alice)).toMatchObject({ side: 'server' });
    await bob.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=net-banner]')?.hidden === true);
    await shots(alice, '11-back-in-her-seat', 'en');
    await alice.close();
    await bob.close();
  }, 900_000);

  it('a real-time duel says the clock runs, and there is no one to nudge', async () => {
    const alice = await open('Alice', 'zh-CN');
    await alice.getByTestId('menu-duel-settings').click();
    await alice.getByTestId('duel-settings-realtime').check();
    await alice.getByTestId('duel-settings-done').click();
    expect(await text(alice, 'menu-duel-rules')).toContain(zhCN['settings.short.realTime']);
    await alice.getByTestId('menu-create-duel').click();
    await waitForScene(alice, 'Game', SCENE_MS);
    const code = await text(alice, 'room-code');
    const bob = await open('Bob', 'en');
    await bob.getByTestId('menu-join-code').fill(code);
    await bob.getByTestId('menu-join-duel').click();
    await waitForScene(bob, 'Game', SCENE_MS);
    await bob.getByTestId('round-intro').waitFor();
    expect(await text(bob, 'round-intro-rules')).toContain(en['rules.time.real']);
    await bob.getByTestId('round-intro-ok').click();
    // Bob (the server host here) answers listen(); with nothing to decide, the clock runs.
    const first = await nextDecision(bob, null);
    const s = await sessionOf(bob);
    await propose(bob, correctAnswer(s!.roomId, s!.side as Side, first!)!);
    await answered(bob, first!);
    await bob.waitForFunction((t) => document.querySelector('[data-testid=game-turn]')?.textContent === t, en['turn.chip.real-time']);
    expect(await bob.getByTestId('composer-nudge').isHidden()).toBe(true);
    await shots(bob, '12-real-time', 'en');
    for (const page of [alice, bob]) {
      await page.getByTestId('game-menu').click();
      await page.getByTestId('confirm-leave-go').click();
      await waitForScene(page, 'Menu', SCENE_MS);
      await page.close();
    }
  }, 600_000);
});
