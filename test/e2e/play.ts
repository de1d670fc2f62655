/**
 * Playing through the page like a person: flags with the keyboard (S A F R), seq / ack filled in (or typed) into
 * their fields, the new state clicked, Enter to send, W to wait. Waits on the page's own state
 * (window.__tcpDojo), never on the clock.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Move } from '../../shared/game/move.ts';
import type { BotPersonality } from '../../shared/game/types.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { E2E_SHOTS, frames, screenshot, waitForScene } from './browser.ts';
import { correctAnswer } from './oracle.ts';

export const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/**
 * A screenshot of what a test checks, test-results/screenshots/<name>.png, with E2E_SHOTS=1
 * (browser.ts); either way the game draws its current state first, as a test that goes on to read
 * the canvas's objects (the touch audit, overflows) always had it.
 */
export async function shot(page: Page, name: string): Promise<void> {
  if (E2E_SHOTS) await screenshot(page, join(SHOTS, `${name}.png`));
  else await frames(page, 1);
}

export interface PageSession {
  roomId: string;
  side: string | null;
  phase: string;
  decisionId: number | null;
  prompt: string | null;
  finished: boolean;
  code: string;
}

export async function sessionOf(page: Page): Promise<PageSession | null> {
  return (await page.evaluate(() => window.__tcpDojo?.session() ?? null)) as PageSession | null;
}

/** Resolves with the open decision once the composer shows it, or null once the round is over. */
export async function nextDecision(page: Page, after: number | null, timeout = 30_000): Promise<number | null> {
  const handle = await page.waitForFunction(
    (prev) => {
      const s = window.__tcpDojo?.session();
      if (!s) return false;
      if (s.finished) return { done: true };
      const composer = document.querySelector<HTMLElement>('[data-testid=composer]');
      if (s.decisionId !== null && s.decisionId !== prev && composer?.dataset['decision'] === String(s.decisionId)) return { id: s.decisionId };
      return false;
    },
    after,
    { timeout },
  );
  const v = (await handle.jsonValue()) as { done?: boolean; id?: number };
  return v.done ? null : (v.id ?? null);
}

const KEYS = { SYN: 's', ACK: 'a', FIN: 'f', RST: 'r' } as const;

/**
 * Compose and propose a move through the UI. `typed`: the numbers key by key, as a person types
 * them (each digit a key event the composer's shortcuts must leave alone: 1-9 pick a state
 * outside a field); otherwise each number goes in as one input (fill): the field reads its value on
 * 'input' either way, and ten keystrokes a field were most of a move's round trips.
 */
export async function playMove(page: Page, move: Move, { typed = false } = {}): Promise<void> {
  const composer = page.getByTestId('composer');
  for (const [i, seg] of move.segments.entries()) {
    // Click a non-focusable label so the flag keys go to the composer, not into a text field.
    await composer.locator('h2').click();
    for (const bit of ['SYN', 'ACK', 'FIN', 'RST'] as const) if (seg.flags[bit]) await page.keyboard.press(KEYS[bit]);
    for (const [field, value] of [['composer-seq', seg.seq], ...(seg.flags.ACK ? [['composer-ack', seg.ack] as const] : [])] as const) {
      const input = page.getByTestId(field);
      if (typed) {
        await input.click();
        await page.keyboard.type(String(value));
      } else {
        await input.fill(String(value));
      }
    }
    if (seg.data) await page.getByTestId('composer-payload').fill(seg.data);
    if (i < move.segments.length - 1) await page.getByTestId('composer-add-segment').click();
  }
  const stateButton = page.getByTestId(`composer-state-${move.state}`);
  if ((await stateButton.getAttribute('aria-checked')) !== 'true') await stateButton.click();
  if (move.segments.length === 0) {
    await composer.locator('h2').click();
    await page.keyboard.press('w');
  } else {
    await page.getByTestId('composer-seq').click();
    await page.keyboard.press('Enter');
  }
}

/**
 * From the menu, start a coached practice round against a bot (the textbook one unless `bot` says
 * which; the first host the player meets is the client's) and wait for the game; `tap` for a touch
 * screen; `mode: 'consequences'` for a round where a wrong move is sent as it is.
 */
export async function startCoachedPractice(page: Page, name: string, { scenario = 'handshake', tap = false, role = '' as '' | 'client' | 'server', bot = 'textbook' as BotPersonality, mode = 'coach' as 'coach' | 'consequences' } = {}): Promise<void> {
  await page.getByTestId('menu-name').fill(name);
  await page.getByTestId('menu-practice-scenario').selectOption(scenario);
  if (role) await page.getByTestId('menu-practice-role').selectOption(role);
  await page.getByTestId('menu-practice-bot').selectOption(bot);
  await page.getByTestId('menu-practice-mode').selectOption(mode);
  const start = page.getByTestId('menu-start-practice');
  await (tap ? start.tap() : start.click());
  await waitForScene(page, 'Game');
}

/**
 * Play the page's host to the end of the round as a correct TCP would, every move composed
 * through the UI (`playMove`); returns how many moves it sent. Works for either host, and for both
 * players of a duel at once (one call per page). `timeout`: how long a decision may take to come;
 * in a duel that is the opponent's whole move, which on two busy cores took more than a minute.
 */
export async function playRound(page: Page, { timeout = 120_000 } = {}): Promise<number> {
  let decision: number | null = null;
  let moves = 0;
  for (let guard = 0; guard < 40; guard++) {
    decision = await nextDecision(page, decision, timeout);
    if (decision === null) return moves;
    const s = await sessionOf(page);
    const move = correctAnswer(s!.roomId, s!.side as Side, decision);
    if (!move) continue;
    await playMove(page, move);
    await answered(page, decision, timeout);
    moves++;
  }
  throw new Error('the round did not end');
}

/** From the round over to Results (by click, or `tap` on a touch screen), its decisions listed. */
export async function toResults(page: Page, { tap = false } = {}): Promise<void> {
  const button = page.getByTestId('game-to-results');
  await (tap ? button.tap() : button.click());
  await waitForScene(page, 'Results');
  await page.getByTestId('results-decisions').waitFor();
}

/** Press Hint (practice) and read the coach's move for `decisionId` as the page received it. */
export async function askHint(page: Page, decisionId: number): Promise<Move> {
  await page.getByTestId('game-hint').click();
  const hint = await page.waitForFunction((id) => {
    const h = window.__tcpDojo?.lastHint() as { decisionId?: number; move?: unknown } | null;
    return h && h.decisionId === id ? h.move : false;
  }, decisionId);
  return (await hint.jsonValue()) as Move;
}

/** Wait for the page to be done with a decision: answered (a new one, or none) or the round over. */
export async function answered(page: Page, decisionId: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const s = window.__tcpDojo?.session();
      return !!s && (s.finished || s.decisionId !== id);
    },
    decisionId,
    { timeout },
  );
}

/**
 * Compose a move the way a player who reads only the screen does: control bits switched on, seq
 * and ack by tapping the helper that shows the value (the host's TCB variables, the arrived
 * segment's fields), the payload from the application's bytes offered beside it. Fails if a value
 * the move needs is not on screen, which is the point: every right answer must be. (Few page
 * actions per move: under load each one costs seconds.)
 */
export async function playFromScreen(page: Page, move: Move): Promise<void> {
  for (const [i, seg] of move.segments.entries()) {
    for (const bit of ['SYN', 'ACK', 'FIN', 'RST'] as const) if (seg.flags[bit]) await page.getByTestId(`composer-flag-${bit}`).click();
    await clickHelper(page, 'seq', seg.seq);
    if (seg.flags.ACK) await clickHelper(page, 'ack', seg.ack);
    if (seg.data) await onScreen(page.getByTestId('composer-payload-helper').filter({ hasText: seg.data }).first(), `payload "${seg.data}"`);
    if (i < move.segments.length - 1) await page.getByTestId('composer-add-segment').click();
  }
  // A new decision starts with no state picked, so one click picks it.
  await page.getByTestId(`composer-state-${move.state}`).click();
  await page.getByTestId(move.segments.length === 0 ? 'composer-wait' : 'composer-send').click();
}

function clickHelper(page: Page, field: 'seq' | 'ack', value: number): Promise<void> {
  return onScreen(page.locator(`[data-testid=composer-${field}-helper][data-value="${value}"]`).first(), `${field} ${value}`, `[data-testid=composer-${field}-helper]`);
}

/** Click what must be on screen; if it is not, say what the screen offered instead. */
async function onScreen(target: Locator, what: string, offered?: string): Promise<void> {
  try {
    await target.click({ timeout: 60_000 });
  } catch {
    const shown = offered ? await target.page().locator(offered).allTextContents() : [];
    throw new Error(`${what} is not on screen${offered ? ` (helpers: ${shown.join(', ') || 'none'})` : ''}`);
  }
}

/** The verdict the feedback panel shows for a decision, once it shows one. */
export async function verdictShown(page: Page, decisionId: number, timeout = 30_000): Promise<{ verdict: string; attempt: string }> {
  const el = page.locator(`[data-testid=feedback-panel][data-decision="${decisionId}"] [data-testid=feedback-verdict]`);
  await el.waitFor({ timeout });
  return { verdict: (await el.getAttribute('data-verdict')) ?? '', attempt: (await el.getAttribute('data-attempt')) ?? '' };
}
