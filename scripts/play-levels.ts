/**
 * Play every practice level through the real page, as a learner would, in each role and language
 * (`npm run check:levels`; options: scripts/play-levels/options.ts, or `-- --help`).
 *
 * It starts the game server in this process (the one the browser tests use: test/e2e/gameServer.ts,
 * the Vite build, the fast game clock) and one headless Chromium (under the machine's locks, see
 * README), reads the levels and their roles from the menu's own pickers, and for each round: starts
 * coached practice against the textbook bot from the menu, answers every decision with the engine's
 * right move (test/e2e/oracle.ts) typed into the composer (flags by key, seq / ack into their
 * fields, the new state clicked, Enter to send, W to wait), never asks for a Hint, and opens Results.
 * Every wait is on the page's own state (window.__tcpDojo), bounded by --patience.
 *
 * A round fails on: a right move refused or judged wrong, a value the right move needs that no
 * helper beside the composer offers, a wait that runs out (stuck), a page or console error, text
 * that overflows its box, and wording a machine can tell is wrong (a message key or placeholder
 * shown, undefined / NaN, English sentences on the Chinese page). It prints a table and a totals
 * line, writes <shots>/report.json, saves each round's Results as <shots>/<level>-<role>-<lang>-results.png,
 * and exits 1 if any round failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { en } from '../client/i18n/en.ts';
import type { Lang } from '../shared/game/scenario.ts';
import type { Move } from '../shared/game/move.ts';
import type { Side } from '../shared/tcp/wire.ts';
import { findOverflows, frames, launchChromium, newTestContext, screenshot, waitForScene } from '../test/e2e/browser.ts';
import { startGameServer } from '../test/e2e/gameServer.ts';
import { correctAnswer } from '../test/e2e/oracle.ts';
import { nextDecision, playMove, sessionOf, startCoachedPractice, toResults } from '../test/e2e/play.ts';
import { parseLevelPlayArgs, USAGE, type LevelPlayOptions } from './play-levels/options.ts';
import { failed, findings, table, totals, totalsLine, type RoundRecord } from './play-levels/report.ts';
import { wordingProblems } from './play-levels/wording.ts';

const MESSAGE_KEYS: ReadonlySet<string> = new Set(Object.keys(en));
/** More decisions than any level has: past this the round is going round in circles. */
const MAX_DECISIONS = 60;

const parsed = parseLevelPlayArgs(process.argv.slice(2));
if ('error' in parsed) {
  console.error(`${parsed.error}\n\n${USAGE}`);
  process.exit(2);
}
const options = parsed.options;
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const shots = resolve(options.shots);
mkdirSync(shots, { recursive: true });

const started = Date.now();
const server = await startGameServer();
const browser = await launchChromium();
const rounds: RoundRecord[] = [];
let offered: Record<string, Side[]> = {};
try {
  offered = await levelsOnTheMenu(browser, server.url, options);
  const unknown = (options.levels ?? []).filter((id) => !(id in offered));
  if (unknown.length > 0) throw new Error(`the menu offers no level ${unknown.join(', ')} (it offers ${Object.keys(offered).join(', ')})`);
  const levels = options.levels ?? Object.keys(offered);
  for (const level of levels) {
    for (const role of options.roles) {
      if (!offered[level]?.includes(role)) {
        console.log(`${level}: the menu does not offer the ${role} role (it fixes ${offered[level]?.join(', ')})`);
        continue;
      }
      for (const lang of options.langs) {
        const record = await playLevel(browser, server.url, { level, role, lang }, offered[level]?.length ?? 0, options);
        rounds.push(record);
        const problems = findings(record);
        console.log(`${level} ${role} ${lang}: ${record.decisions} decision${record.decisions === 1 ? '' : 's'}, ${record.seconds.toFixed(0)} s, ${problems.length ? 'FAIL' : 'ok'}  ${record.shot}`);
        for (const p of problems) console.log(`    ${p}`);
      }
    }
  }
} finally {
  await browser.close();
  await server.stop();
}

const sum = totals(rounds);
console.log(`\n${table(rounds)}\n\n${totalsLine(sum)} (${((Date.now() - started) / 60_000).toFixed(1)} min in all)`);
const reportPath = join(shots, 'report.json');
writeFileSync(reportPath, JSON.stringify({ at: new Date(started).toISOString(), options, offered, totals: sum, rounds: rounds.map((r) => ({ ...r, failed: failed(r), findings: findings(r) })) }, null, 2));
console.log(`report: ${reportPath}`);
process.exit(sum.failed > 0 ? 1 : 0);

/** The practice levels the menu lists, each with the roles its role picker offers. */
async function levelsOnTheMenu(chromium: Browser, url: string, o: LevelPlayOptions): Promise<Record<string, Side[]>> {
  const context = await newTestContext(chromium, { viewport: o.viewport, lang: 'en' });
  try {
    const page = await context.newPage();
    await page.goto(url, { timeout: o.patienceMs });
    await waitForScene(page, 'Menu', o.patienceMs);
    const out: Record<string, Side[]> = {};
    const picker = page.getByTestId('menu-practice-scenario');
    for (const id of await picker.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))) {
      await picker.selectOption(id);
      const roles = await page.getByTestId('menu-practice-role').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
      out[id] = roles.filter((r): r is Side => r === 'client' || r === 'server');
    }
    return out;
  } finally {
    await context.close();
  }
}

/** One round; `roles`: how many roles the level's picker offers (with one, the picker is disabled and already shows it). */
async function playLevel(chromium: Browser, url: string, round: { level: string; role: Side; lang: Lang }, roles: number, o: LevelPlayOptions): Promise<RoundRecord> {
  const name = `${round.level}-${round.role}-${round.lang}`;
  const record: RoundRecord = { ...round, decisions: 0, refusals: [], judgedWrong: [], notOnScreen: [], wording: [], overflows: [], consoleErrors: [], pageErrors: [], error: null, seconds: 0, shot: join(shots, `${name}-results.png`) };
  const t0 = Date.now();
  const context = await newTestContext(chromium, { viewport: o.viewport, lang: round.lang });
  context.setDefaultTimeout(o.patienceMs);
  const page = await context.newPage();
  page.on('pageerror', (err) => record.pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') record.consoleErrors.push(msg.text());
  });
  const seen = new Set<string>();
  const look = async (where: string): Promise<void> => {
    for (const { label, text } of await textsOnScreen(page)) {
      for (const p of wordingProblems(text, round.lang, MESSAGE_KEYS, { sentence: label === 'prompt' || label === 'timers' })) {
        const key = `${p.problem} ${p.excerpt}`;
        if (seen.has(key)) continue;
        seen.add(key);
        record.wording.push({ ...p, where: `${where} (${label})` });
      }
    }
    const o = (await findOverflows(page)) as { html: { testid: string | null; tag: string; text: string }[]; canvas: { text: string }[] } | undefined;
    for (const h of o?.html ?? []) record.overflows.push({ where: `${where} ${h.testid ?? h.tag}`, text: h.text });
    for (const c of o?.canvas ?? []) record.overflows.push({ where: `${where} canvas`, text: c.text });
  };
  try {
    await page.goto(url, { timeout: o.patienceMs });
    await waitForScene(page, 'Menu', o.patienceMs);
    await startCoachedPractice(page, 'Ada', { scenario: round.level, role: roles > 1 ? round.role : '', bot: 'textbook', mode: 'coach' });
    let decision: number | null = null;
    for (let n = 0; ; n++) {
      if (n >= MAX_DECISIONS) throw new Error(`still deciding after ${MAX_DECISIONS} decisions`);
      decision = await waitOrStuck(nextDecision(page, decision, o.patienceMs), `the next decision after ${decision ?? 'the start'}`);
      if (decision === null) break;
      const session = await sessionOf(page);
      if (session?.side !== round.role) throw new Error(`the page plays the ${session?.side ?? 'no'} host, not the ${round.role}`);
      const move = await rightMove(page, session.roomId, round.role, decision, o.patienceMs);
      await look(`decision ${decision}`);
      record.notOnScreen.push(...(await missingHelpers(page, move)).map((m) => ({ decision: decision!, ...m })));
      if (o.everyStep) await screenshot(page, join(shots, `${name}-d${decision}.png`));
      await playMove(page, move);
      const outcome = await waitOrStuck(settled(page, decision, 1, o.patienceMs), `the judge's answer to decision ${decision}`);
      if (outcome === 'refused') {
        const refusal = { decision, verdict: 'refused', text: await verdictText(page, decision), sentDirectly: 'not tried' as 'accepted' | 'refused' | 'not tried', shot: await screenshot(page, join(shots, `${name}-refused-d${decision}.png`)) };
        record.refusals.push(refusal);
        // The same move sent as the composer's Send does, without the composer: tells a composer
        // that typed something else apart from a judge that refuses the engine's own answer.
        await page.evaluate(([id, m]) => window.__tcpDojo?.sendMove(id, m), [decision, move] as const);
        refusal.sentDirectly = (await waitOrStuck(settled(page, decision, 2, o.patienceMs), `the judge's answer to decision ${decision}, sent again`)) === 'refused' ? 'refused' : 'accepted';
        if (refusal.sentDirectly === 'refused') throw new Error(`decision ${decision}: the engine's own right move is refused; the round cannot go on without a Hint`);
      } else {
        const verdict = await page.evaluate((id) => {
          const el = document.querySelector(`[data-testid=feedback-panel][data-decision="${id}"] [data-testid=feedback-verdict]`);
          return el ? { verdict: el.getAttribute('data-verdict') ?? '', text: el.textContent ?? '' } : null;
        }, decision);
        if (verdict && verdict.verdict !== 'correct') record.judgedWrong.push({ decision, ...verdict });
      }
      record.decisions++;
    }
    await look('round over');
    await toResults(page);
    await frames(page);
    await look('Results');
    const marks = await page.getByTestId('results-decision').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['mark'] ?? '').map((m, i) => ({ i, m, text: (els[i]?.textContent ?? '').replace(/\s+/g, ' ').trim() })));
    for (const m of marks) if (m.m !== 'right') record.judgedWrong.push({ decision: null, verdict: `Results mark ${m.m}`, text: m.text });
    if (marks.length !== record.decisions) record.judgedWrong.push({ decision: null, verdict: 'Results count', text: `Results lists ${marks.length} decisions, ${record.decisions} were played` });
    await screenshot(page, record.shot);
  } catch (e) {
    record.error ??= (e as Error).message.split('\n')[0] ?? String(e);
    record.shot = join(shots, `${name}-stopped.png`);
    await screenshot(page, record.shot).catch(() => undefined);
  } finally {
    record.seconds = (Date.now() - t0) / 1000;
    await context.close().catch(() => undefined);
  }
  return record;
}

/** A wait that ran out becomes a finding that names what the round was waiting for. */
async function waitOrStuck<T>(wait: Promise<T>, what: string): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(/timeout/i.test(message) ? `stuck: waited for ${what} past --patience` : `${what}: ${message.split('\n')[0]}`, { cause: e });
  }
}

/**
 * The engine's right move for the open decision. The page hears of a decision from the room, so the
 * room has it; should the page ever be ahead, wait for a drawn frame and read again.
 */
async function rightMove(page: Page, roomId: string, side: Side, decision: number, patienceMs: number): Promise<Move> {
  const until = Date.now() + patienceMs;
  for (;;) {
    const move = correctAnswer(roomId, side, decision);
    if (move) return move;
    if (Date.now() > until) throw new Error(`stuck: the room has no decision ${decision} for the ${side}`);
    await frames(page, 1);
  }
}

/** Once the judge has answered try `attempt` at `decision`: accepted (a new decision, or the round over) or refused. */
async function settled(page: Page, decision: number, attempt: number, timeout: number): Promise<'accepted' | 'refused'> {
  const handle = await page.waitForFunction(
    ([id, tryNo]) => {
      const refused = document.querySelector(`[data-testid=feedback-panel][data-decision="${id}"] [data-testid=feedback-verdict][data-verdict=refused][data-attempt="${tryNo}"]`);
      if (refused) return 'refused';
      const s = window.__tcpDojo?.session();
      return !!s && (s.finished || s.decisionId !== id) ? 'accepted' : false;
    },
    [decision, attempt] as const,
    { timeout },
  );
  return (await handle.jsonValue()) as 'accepted' | 'refused';
}

async function verdictText(page: Page, decision: number): Promise<string> {
  return page.evaluate((id) => {
    const panel = document.querySelector(`[data-testid=feedback-panel][data-decision="${id}"]`);
    const parts = [panel?.querySelector('[data-testid=feedback-verdict]'), ...(panel?.querySelectorAll('[data-testid=rule-section]') ?? [])];
    return parts.map((el) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '').filter(Boolean).join(' | ');
  }, decision);
}

/**
 * The values of the right move's first segment that no helper beside the composer offers (a
 * learner reading the screen has to find them elsewhere, or guess).
 */
async function missingHelpers(page: Page, move: Move): Promise<{ what: string; offered: string[] }[]> {
  const seg = move.segments[0];
  if (!seg) return [];
  const offered = await page.evaluate(() => ({
    seq: [...document.querySelectorAll<HTMLElement>('[data-testid=composer-seq-helper]')].map((e) => e.dataset['value'] ?? ''),
    ack: [...document.querySelectorAll<HTMLElement>('[data-testid=composer-ack-helper]')].map((e) => e.dataset['value'] ?? ''),
    payload: [...document.querySelectorAll<HTMLElement>('[data-testid=composer-payload-helper]')].map((e) => e.textContent ?? ''),
  }));
  const out: { what: string; offered: string[] }[] = [];
  if (!offered.seq.includes(String(seg.seq))) out.push({ what: `seq ${seg.seq}`, offered: offered.seq });
  if (seg.flags.ACK && !offered.ack.includes(String(seg.ack))) out.push({ what: `ack ${seg.ack}`, offered: offered.ack });
  if (seg.data && !offered.payload.some((p) => p.includes(seg.data))) out.push({ what: `payload "${seg.data}"`, offered: offered.payload });
  return out;
}

/**
 * The words on screen: the HTML layer's (the composer's prompt among them; the language switch
 * aside: it names both languages) and the canvas's Timers rows, flow-graph labels, state-diagram
 * caption and queue gauges.
 */
async function textsOnScreen(page: Page): Promise<{ label: string; text: string }[]> {
  return page.evaluate(() => {
    const ui = document.getElementById('ui');
    const langSwitch = document.querySelector<HTMLElement>('[data-testid=lang-switch]');
    const html = (ui?.innerText ?? '').replace(langSwitch?.innerText ?? '\u0000', '');
    const out = [{ label: 'page', text: html }];
    const prompt = document.querySelector<HTMLElement>('[data-testid=composer-prompt-text]');
    if (prompt) out.push({ label: 'prompt', text: prompt.innerText });
    const check = window.__tcpDojo?.gameCheck() as { timerRows?: { name: string; value: string; under: string }[]; labels?: { text: string }[]; diagram?: { caption: string }; queues?: Record<string, { syn: string; accept: string } | null> } | null | undefined;
    if (check) {
      for (const r of check.timerRows ?? []) out.push({ label: 'timers', text: `${r.name} ${r.value} ${r.under}` });
      for (const l of check.labels ?? []) out.push({ label: 'flow graph', text: l.text });
      if (check.diagram?.caption) out.push({ label: 'state diagram', text: check.diagram.caption });
      for (const q of Object.values(check.queues ?? {})) if (q) out.push({ label: 'queues', text: `${q.syn} ${q.accept}` });
    }
    return out;
  });
}
