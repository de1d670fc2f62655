/**
 * Playing through the page like a person: flags with the keyboard (S A F R), seq / ack filled in (or typed) into
 * their fields, the new state clicked, Enter to send, W to wait. Waits on the page's own state
 * (window.__tcpDojo), never on the clock.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Move } from '../../shared/game/move.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { screenshot, waitForScene } from './browser.ts';
import { correctAnswer } from './oracle.ts';

export const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

export const shot = (page: Page, name: string): Promise<string> => screenshot(page, join(SHOTS, `${name}.png`));

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
 * From the menu, start a coached practice round against the textbook bot (the first host the
 * player meets is the client's) and wait for the game; `tap` for a touch screen.
 */
export async function startCoachedPractice(page: Page, name: string, { scenario = 'handshake', tap = false } = {}): Promise<void> {
  await page.getByTestId('menu-name').fill(name);
  await page.getByTestId('menu-practice-scenario').selectOption(scenario);
  await page.getByTestId('menu-practice-bot').selectOption('textbook');
  await page.getByTestId('menu-practice-mode').selectOption('coach');
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

