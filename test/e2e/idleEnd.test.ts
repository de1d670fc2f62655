/**
 * A round that can no longer move ends as 'idle', and Results says why. The player is the client
 * of 'abort-rst' in consequences mode and, at the abort, leaves without the RST (CLOSED, nothing
 * sent): the server never hears of it and stays ESTABLISHED with no timer running, its application
 * waiting for data. A correct TCP keeps such a connection open (RFC 9293 §3.8.4: keep-alives are
 * off by default), so the game ends the round at once instead of fast-forwarding to its limit, and
 * Results names the reason in English and Chinese.
 */
import { describe, expect, it } from 'vitest';
import type { Move } from '../../shared/game/move.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { translators } from '../support/translators.ts';
import { findOverflows } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { correctAnswer } from './oracle.ts';
import { answered, nextDecision, playMove, sessionOf, shot, startCoachedPractice, toResults } from './play.ts';

const env = gameServerAndBrowser();

describe('a round nothing more can happen in', () => {
  it('ends idle, and Results says so with the RFC section, in English and Chinese', async () => {
    const page = await env.open({ viewport: { width: 1600, height: 900 }, lang: 'en' });
    await startCoachedPractice(page, 'Ada', { scenario: 'abort-rst', role: 'client', mode: 'consequences' });

    let decision: number | null = null;
    let leftSilently = false;
    for (let guard = 0; guard < 20; guard++) {
      decision = await nextDecision(page, decision);
      if (decision === null) break;
      const s = (await sessionOf(page))!;
      const right = correctAnswer(s.roomId, s.side as Side, decision)!;
      // The abort: the right move is CLOSED with a RST; the player leaves without it.
      const silent: Move | null = right.state === 'CLOSED' && right.segments.some((g) => g.flags.RST) ? { state: 'CLOSED', segments: [] } : null;
      if (silent) leftSilently = true;
      await playMove(page, silent ?? right);
      await answered(page, decision);
    }
    expect(leftSilently).toBe(true);
    await toResults(page);

    const t = await translators();
    for (const lang of ['en', 'zh-CN'] as const) {
      const reason = t[lang].t('results.reason.idle');
      if (lang !== 'en') await page.getByTestId(`lang-${lang}`).click();
      await page.getByTestId('results-reason').filter({ hasText: reason.slice(0, 12) }).waitFor();
      expect(await page.getByTestId('results-reason').textContent()).toBe(reason);
      // The server never heard of the abort: its connection is the one left open.
      const open = t[lang].t('results.reason.idle.open', { hosts: t[lang].t('results.reason.idle.host', { host: t[lang].t('host.server'), state: 'ESTABLISHED' }) });
      expect(await page.getByTestId('results-left-open').textContent()).toBe(open);
      await shot(page, `results-idle-${lang}`);
      expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    }
  }, 180_000);
});
