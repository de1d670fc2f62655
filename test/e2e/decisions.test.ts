/**
 * A learner on the server side, in zh-CN, with no hints: the handshake and the client-first
 * four-way close that ends it (SYN-RECEIVED, CLOSE-WAIT, LAST-ACK) played from what the screen shows. Each
 * move is composed from the on-screen helpers only (the TCB's variables by name, the arrived
 * segment's fields, the application's bytes) and accepted the first time. Then, in English and
 * Chinese: the role picker, the level's goal and interview question, the coach refusing twice
 * and then showing the right move with its cost, a delayed ACK accepted with the feedback saying
 * both answers are right and why, a TIME-WAIT prompt that names its timer, a send() answered with
 * a new state explained by why the state stays, and Results with the goal and question.
 * Screenshots of each (E2E_SHOTS=1) in test-results/screenshots/decisions-*.
 */
import { matchMaker } from '@colyseus/core';
import { describe, expect, it } from 'vitest';
import type { Round } from '../../shared/game/types.ts';
import type { Page } from 'playwright-core';
import type { Side } from '../../shared/tcp/wire.ts';
import { connectionTo } from '../../shared/tcp/host.ts';
import type { Move } from '../../shared/game/move.ts';
import { findOverflows, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playFromScreen, sessionOf, shot, verdictShown } from './play.ts';

const env = gameServerAndBrowser();
/** Waits on the page get this long: on a shared, loaded machine a step can take tens of seconds. */
const PATIENCE = 120_000;

async function open(lang: 'en' | 'zh-CN'): Promise<Page> {
  const page = await env.browser.newPage({ width: 1600, height: 900 });
  await page.addInitScript((l) => localStorage.setItem('tcp-dojo.lang', l), lang);
  await page.goto(env.server.url, { timeout: PATIENCE });
  await waitForScene(page, 'Menu', PATIENCE);
  return page;
}

async function startPractice(page: Page, scenario: string, role: Side): Promise<void> {
  await page.getByTestId('menu-name').fill('Lin');
  await page.getByTestId('menu-practice-scenario').selectOption(scenario);
  await page.getByTestId('menu-practice-role').selectOption(role);
  await page.getByTestId('menu-practice-bot').selectOption('textbook');
  await page.getByTestId('menu-practice-mode').selectOption('coach');
  await page.getByTestId('menu-start-practice').click();
  await waitForScene(page, 'Game', PATIENCE);
}

const setLang = (page: Page, lang: 'en' | 'zh-CN'): Promise<void> => page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);

/**
 * Play the round from the screen. `choose` may replace the engine's answer (another right one)
 * and `at` looks at each decision before it is answered. Returns the decisions played.
 */
async function playRound(page: Page, opts: { choose?: (move: Move, prompt: string) => Move; at?: (decision: number, prompt: string) => Promise<void> } = {}): Promise<number> {
  let decision: number | null = null;
  let played = 0;
  for (let guard = 0; guard < 40; guard++) {
    decision = await nextDecision(page, decision, PATIENCE);
    if (decision === null) break;
    const s = await sessionOf(page);
    const engine = correctAnswer(s!.roomId, s!.side as Side, decision);
    if (!engine) continue;
    const prompt = (await page.getByTestId('composer-prompt').textContent()) ?? '';
    await opts.at?.(decision, prompt);
    await playFromScreen(page, opts.choose ? opts.choose(engine, prompt) : engine);
    expect(await verdictShown(page, decision, PATIENCE), `decision ${decision}: ${prompt}`).toEqual({ verdict: 'correct', attempt: '1' });
    await answered(page, decision, PATIENCE);
    played += 1;
  }
  return played;
}

/**
 * Play the page's decisions right, from the screen, up to the first one `wanted` picks (by the
 * engine's answer and the prompt), and hand that one to `then` unanswered. False if none came.
 */
async function atFirst(page: Page, wanted: (engine: Move, prompt: string) => boolean, then: (engine: Move) => Promise<void>): Promise<boolean> {
  let decision: number | null = null;
  for (let guard = 0; guard < 40; guard++) {
    decision = await nextDecision(page, decision, PATIENCE);
    if (decision === null) return false;
    const s = await sessionOf(page);
    const engine = correctAnswer(s!.roomId, s!.side as Side, decision)!;
    const prompt = (await page.getByTestId('composer-prompt').textContent()) ?? '';
    if (wanted(engine, prompt)) {
      await then(engine);
      return true;
    }
    await playFromScreen(page, engine);
    await answered(page, decision, PATIENCE);
  }
  return false;
}

const noHintAsked = async (page: Page): Promise<void> => expect(await page.evaluate(() => window.__tcpDojo?.lastHint() ?? null)).toBeNull();

describe('the server side, in Chinese, from the screen alone', () => {
  it('the handshake and the four-way close as the server: LISTEN, SYN-RECEIVED, ESTABLISHED, CLOSE-WAIT, LAST-ACK, CLOSED, each move right first time with no hint', async () => {
    const page = await open('zh-CN');
    await page.getByTestId('menu-practice-role').selectOption('server');
    await page.getByTestId('menu-challenge-role').selectOption('server');
    await shot(page, 'decisions-1-menu-role-zh');
    await startPractice(page, 'handshake', 'server');
    // Before the first verdict the feedback panel holds the level's goal and interview question.
    expect(await page.getByTestId('feedback-goal').textContent()).toContain('目标：');
    expect(await page.getByTestId('feedback-question').textContent()).toContain('面试题：');
    await shot(page, 'decisions-2-goal-zh');
    const states: string[] = [];
    const shots = new Set<string>();
    await playRound(page, {
      at: async (_d, prompt) => {
        if (!shots.has('syn') && prompt.includes('收到来自') && prompt.includes('ISN')) {
          // The SYN reached the listener: the ISS its TCP picked is a helper, the SYN's end the other.
          expect(await page.locator('[data-testid=composer-seq-helper][data-names~=ISS]').count()).toBe(1);
          expect(await page.locator('[data-testid=composer-ack-helper][data-names~="SEG.SEQ+SEG.LEN"]').count()).toBe(1);
          await shot(page, 'decisions-3-syn-received-zh');
          shots.add('syn');
        }
        if (!shots.has('fin') && prompt.includes('FIN')) {
          await shot(page, 'decisions-4-fin-arrives-zh');
          shots.add('fin');
        }
      },
      choose: (move) => {
        states.push(move.state);
        return move;
      },
    });
    expect(states).toEqual(['LISTEN', 'SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
    expect([...shots]).toEqual(['syn', 'fin']);
    await noHintAsked(page);
    await page.getByTestId('game-to-results').click();
    await waitForScene(page, 'Results', PATIENCE);
    expect(await page.getByTestId('results-goal').textContent()).toContain('目标：');
    expect(await page.getByTestId('results-question').textContent()).toContain('讲讲三次握手的过程');
    expect(await page.getByTestId('results-correct').locator('b').textContent()).toMatch(/^(\d+) \/ \1$/);
    await shot(page, 'decisions-5-results-zh');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await page.close();
  }, 900_000);

  it('the listener closed before accept() (Linux), as the server: the close resets the connection still waiting in the accept queue, its RST built from that connection\'s own SND.NXT on screen', async () => {
    const page = await open('en');
    await startPractice(page, 'accept-queue-closed', 'server');
    let others = 0;
    await playRound(page, {
      at: async () => {
        const chips = page.locator('[data-testid=composer-seq-helper][data-of]');
        if ((await chips.count()) === 0) return;
        others = await chips.count();
        await shot(page, 'decisions-6-unlisten-others-en');
      },
    });
    expect(others).toBeGreaterThan(0);
    await noHintAsked(page);
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await page.close();
  }, 900_000);
});

describe('feedback and prompts, in both languages', () => {
  it('Send with nothing composed sends nothing: the page says to choose a control bit or press Wait, no try is counted, and the decision stays open; a state clicked twice stays chosen (both languages)', async () => {
    const page = await open('en');
    await startPractice(page, 'lost-syn-ack', 'client');
    const first = (await nextDecision(page, null, PATIENCE))!;
    // Sent empty in each language in turn, the language switched in place on the open decision.
    for (const [lang, words] of [['en', 'Nothing to send'], ['zh-CN', '没有可发送的内容']] as const) {
      await setLang(page, lang);
      // (A toast still up from the other language's try is now in this language too: a new one is counted.)
      const toasts = page.getByTestId('toast').filter({ hasText: words });
      const before = await toasts.count();
      await page.getByTestId('composer-send').click();
      await toasts.nth(before).waitFor({ timeout: PATIENCE });
      await shot(page, `decisions-empty-send-${lang}`);
    }
    await setLang(page, 'en');
    // Nothing reached the judge: no verdict on the page, no try in the round, the same decision open.
    const s = await sessionOf(page);
    const room = matchMaker.getLocalRoomById(s!.roomId) as unknown as { round: Round };
    expect(room.round.hosts.client.decision?.id).toBe(first);
    expect(room.round.hosts.client.decision?.attempts).toBe(0);
    expect(await page.getByTestId('feedback-verdict').count()).toBe(0);
    // A new state is a radio choice: clicking the chosen one again keeps it chosen.
    const listen = page.getByTestId('composer-state-LISTEN');
    await listen.click();
    await listen.click();
    expect(await listen.getAttribute('aria-checked')).toBe('true');
    // The right move still gets its first-try points.
    await playFromScreen(page, correctAnswer(s!.roomId, 'client', first)!);
    await answered(page, first, PATIENCE);
    await page.locator('[data-testid=feedback-verdict][data-verdict=correct][data-attempt="1"]').waitFor({ timeout: PATIENCE });
    await page.close();
  });

  it('where RFC 9293 and Linux do different things, a mistake\'s explanation goes on with what this round\'s TCP does (TIME-WAIT expiring, both languages)', async () => {
    const page = await open('en');
    await startPractice(page, 'active-close-client', 'client');
    const noted: string[] = [];
    const found = await atFirst(page, (engine, prompt) => engine.state === 'CLOSED' && /TIME-WAIT/.test(prompt), async () => {
      // Staying in TIME-WAIT when its timer expires: refused, explained by close.time-wait-expired,
      // read in each language (switched in place on the refused decision).
      await page.getByTestId('composer').locator('h2').click();
      await page.keyboard.press('w');
      const mistake = page.locator('[data-testid=feedback-panel] [data-testid=mistake][data-rule="close.time-wait-expired"]');
      await mistake.waitFor({ timeout: PATIENCE });
      for (const [lang, prefix] of [['en', /^This round follows (RFC 9293 as written|Linux):/], ['zh-CN', /^本回合按(\s?RFC 9293 原文|\s?Linux 的做法)：/]] as const) {
        await setLang(page, lang);
        const note = mistake.getByTestId('rule-profile-note');
        await note.filter({ hasText: prefix }).waitFor({ timeout: PATIENCE });
        expect(await note.textContent()).toMatch(prefix);
        await shot(page, `decisions-profile-note-${lang}`);
        noted.push(lang);
      }
      await setLang(page, 'en');
    });
    expect(found).toBe(true);
    expect(noted).toEqual(['en', 'zh-CN']);
    await page.close();
  });

  it('two wrong tries: each is visibly judged again (try 1, try 2), then the right move is shown with its cost; a delayed ACK is accepted with the reason both answers are right; TIME-WAIT names its timer', async () => {
    const page = await open('en');
    await page.getByTestId('menu-practice-scenario').selectOption('active-close-client');
    await shot(page, 'decisions-6-menu-role-en');
    await startPractice(page, 'active-close-client', 'client');

    // The first decision (connect()): wait twice, wrongly.
    const first = (await nextDecision(page, null, PATIENCE))!;
    for (const n of [1, 2]) {
      await page.getByTestId('composer').locator('h2').click();
      await page.keyboard.press('w');
      await page.locator(`[data-testid=feedback-verdict][data-verdict=refused][data-attempt="${n}"]`).waitFor({ timeout: PATIENCE });
    }
    const reveal = page.getByTestId('feedback-reveal');
    await reveal.waitFor({ timeout: PATIENCE });
    expect(await reveal.textContent()).toContain('−3 points');
    // One explanation per rule: no rule is explained twice.
    const rules = await page.locator('[data-testid=feedback-panel] [data-testid=mistake]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    expect(new Set(rules).size).toBe(rules.length);
    expect(await page.locator('[data-testid=feedback-panel] .want').count()).toBeGreaterThan(0);
    await shot(page, 'decisions-7-reveal-en');
    await setLang(page, 'zh-CN');
    await page.getByTestId('feedback-reveal').filter({ hasText: '扣 3 分' }).waitFor({ timeout: PATIENCE });
    expect(await page.locator('[data-testid=feedback-panel] .got').first().textContent()).not.toMatch(/\b(on|off)\b/);
    await shot(page, 'decisions-8-reveal-zh');
    await setLang(page, 'en');
    const s = await sessionOf(page);
    await playFromScreen(page, correctAnswer(s!.roomId, 'client', first)!);
    await answered(page, first, PATIENCE);

    // Play on; hold back the ACK of the server's data (a delayed ACK): accepted, and the panel says why.
    let delayed = false;
    let timeWaitSeen = false;
    let decision: number | null = first;
    for (let guard = 0; guard < 40; guard++) {
      decision = await nextDecision(page, decision, PATIENCE);
      if (decision === null) break;
      const sess = await sessionOf(page);
      const engine = correctAnswer(sess!.roomId, 'client', decision)!;
      const prompt = (await page.getByTestId('composer-prompt').textContent()) ?? '';
      if (prompt.startsWith('Your TIME-WAIT timer expired')) {
        expect(prompt).toContain('2×MSL = 240 s');
        expect(await page.getByTestId('composer-retransmit').isDisabled()).toBe(true);
        await shot(page, 'decisions-9-time-wait-en');
        await setLang(page, 'zh-CN');
        await page.getByTestId('composer-prompt').filter({ hasText: '你的 TIME-WAIT 定时器到期了' }).waitFor({ timeout: PATIENCE });
        await shot(page, 'decisions-10-time-wait-zh');
        await setLang(page, 'en');
        timeWaitSeen = true;
      }
      const holdBack = !delayed && prompt.includes('carrying "200 OK"');
      await playFromScreen(page, holdBack ? { state: engine.state, segments: [] } : engine);
      expect(await verdictShown(page, decision, PATIENCE)).toEqual({ verdict: 'correct', attempt: '1' });
      if (holdBack) {
        delayed = true;
        const also = page.getByTestId('feedback-also-right');
        await also.waitFor({ timeout: PATIENCE });
        expect(await also.textContent()).toContain('RFC 9293 §3.8.6.3');
        expect(await page.getByTestId('also-right-move').first().textContent()).toMatch(/^ACK seq=\d+ ack=\d+ → ESTABLISHED$/);
        await shot(page, 'decisions-11-delayed-ack-en');
        await setLang(page, 'zh-CN');
        await page.getByTestId('feedback-also-right').filter({ hasText: '这里有 2 种正确做法' }).waitFor({ timeout: PATIENCE });
        await shot(page, 'decisions-12-delayed-ack-zh');
        await setLang(page, 'en');
      }
      await answered(page, decision, PATIENCE);
    }
    expect(delayed).toBe(true);
    expect(timeWaitSeen).toBe(true);
    await page.getByTestId('game-to-results').click();
    await waitForScene(page, 'Results', PATIENCE);
    expect(await page.getByTestId('results-goal').textContent()).toContain('Goal:');
    expect(await page.getByTestId('results-question').textContent()).toContain('Interview question: Walk through the four-way close');
    await shot(page, 'decisions-13-results-en');
    await page.close();
  }, 900_000);

  it('a wrong try where two moves are right shows the learner\'s own mistake first, then why more than one move is right (simultaneous open, both languages)', async () => {
    const page = await open('en');
    await startPractice(page, 'simultaneous-open', 'client');
    // In SYN-RECEIVED the peer's SYN-ACK may be answered with an ACK or with nothing (RFC 9293 §3.5).
    const tried = await atFirst(page, (engine, prompt) => engine.state === 'ESTABLISHED' && prompt.includes('SYN, ACK'), async () => {
      await page.getByTestId('composer-state-FIN-WAIT-2').click();
      await page.getByTestId('composer').locator('h2').click();
      await page.keyboard.press('w');
      await page.locator('[data-testid=feedback-verdict][data-verdict=refused][data-attempt="1"]').waitFor({ timeout: PATIENCE });
      for (const lang of ['en', 'zh-CN'] as const) {
        await setLang(page, lang);
        await page.getByTestId('feedback-also-right').filter({ hasText: lang === 'en' ? 'More than one move is right here' : '这里不止一种正确做法' }).waitFor({ timeout: PATIENCE });
        const order = await page.locator('[data-testid=feedback-body] > *').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') || e.className));
        expect(order.indexOf('mistakes'), order.join(' ')).toBeGreaterThan(-1);
        expect(order.indexOf('mistakes'), order.join(' ')).toBeLessThan(order.indexOf('feedback-also-right'));
        await shot(page, `decisions-14-wrong-try-two-right-${lang}`);
      }
      await setLang(page, 'en');
    });
    expect(tried).toBe(true);
    await page.close();
  }, 600_000);

  it('§3.10.7.4 read word for word (ACK the simultaneous open\'s SYN-ACK, stay SYN-RECEIVED) is accepted first time, says why with that rule, and the host goes on in SYN-RECEIVED (both languages)', async () => {
    const page = await open('en');
    await startPractice(page, 'simultaneous-open', 'server');
    const tried = await atFirst(page, (engine, prompt) => engine.state === 'ESTABLISHED' && prompt.includes('SYN, ACK'), async (engine) => {
      expect(engine.state).toBe('ESTABLISHED');
      const s = (await sessionOf(page))!;
      const decision = await nextDecision(page, null, PATIENCE);
      // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: the numbers the host holds (its ISN is the engine's draw).
      const round = (matchMaker.getLocalRoomById(s.roomId) as unknown as { round: Round }).round;
      const slot = round.hosts[s.side as Side];
      const tcb = connectionTo(slot.host, slot.decision!.concerns)!;
      const seqCheck: Move = { state: 'SYN-RECEIVED', segments: [{ flags: { SYN: false, ACK: true, FIN: false, RST: false }, seq: tcb.sndNxt, ack: tcb.rcvNxt, data: '' }] };
      await playFromScreen(page, seqCheck);
      expect(await verdictShown(page, decision!, PATIENCE)).toEqual({ verdict: 'correct', attempt: '1' });
      for (const [lang, title] of [['en', "Simultaneous open: §3.10.7.4's sequence check, word for word"], ['zh-CN', '同时打开：逐字执行 §3.10.7.4 的序列号检查']] as const) {
        await setLang(page, lang);
        const also = page.getByTestId('feedback-also-right').filter({ hasText: title });
        await also.waitFor({ timeout: PATIENCE });
        expect(await also.getByTestId('also-right-move').count()).toBe(2);
        expect(await also.locator('.head').textContent()).toBe(lang === 'en' ? '3 moves are right here. The others:' : '这里有 3 种正确做法，另外几种是：');
        expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
        await shot(page, `decisions-16-seq-check-${lang}`);
      }
      await setLang(page, 'en');
      await answered(page, decision!, PATIENCE);
      // The host stays SYN-RECEIVED: the peer (Figure 7, no ACK of its own) has nothing to send, so
      // the next decision is its SYN-ACK's retransmission timer, which that ACK-less peer will answer.
      const next = await nextDecision(page, decision, PATIENCE);
      expect(next).not.toBeNull();
      const now = (matchMaker.getLocalRoomById(s.roomId) as unknown as { round: Round }).round.hosts[s.side as Side];
      expect(connectionTo(now.host, now.decision!.concerns)!.state).toBe('SYN-RECEIVED');
      expect(await page.getByTestId('composer-prompt').textContent()).toContain('SYN, ACK');
      await shot(page, 'decisions-16-seq-check-then-timer-en');
    });
    expect(tried).toBe(true);
    await page.close();
  }, 600_000);

  it('send() in ESTABLISHED answered with FIN-WAIT-1: the state\'s mistake is explained by "send() does not change the state", RFC 9293 §3.10.2, not by how data is sent (half-close, both languages)', async () => {
    const page = await open('en');
    await startPractice(page, 'half-close', 'client');
    const tried = await atFirst(page, (_engine, prompt) => prompt.includes('send("GET /")'), async (engine) => {
      expect(engine).toMatchObject({ state: 'ESTABLISHED', segments: [expect.objectContaining({ data: 'GET /' })] });
      await playFromScreen(page, { ...engine, state: 'FIN-WAIT-1' });
      await page.locator('[data-testid=feedback-verdict][data-verdict=refused][data-attempt="1"]').waitFor({ timeout: PATIENCE });
      const mistakes = page.locator('[data-testid=feedback-panel] [data-testid=mistake]');
      expect(await mistakes.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(['data.send-state-stays']);
      for (const [lang, title] of [['en', 'send() does not change the state'], ['zh-CN', 'send() 不会改变状态']] as const) {
        await setLang(page, lang);
        await mistakes.filter({ hasText: title }).waitFor({ timeout: PATIENCE });
        expect(await mistakes.getByTestId('rule-section').textContent()).toBe('RFC 9293 §3.10.2');
        expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
        // The explanation reads whole where the learner looks, without scrolling the panel's body.
        const body = (await page.getByTestId('feedback-body').boundingBox())!;
        const explained = (await mistakes.filter({ hasText: title }).boundingBox())!;
        expect(explained.y + explained.height).toBeLessThanOrEqual(body.y + body.height + 1);
        await shot(page, `decisions-15-send-state-stays-${lang}`);
      }
    });
    expect(tried).toBe(true);
    await page.close();
  }, 600_000);
});
