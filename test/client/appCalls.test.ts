/**
 * The application's calls as a host panel names them. When the round ends the peer's panel is
 * revealed with its last call; a send() whose bytes this player never saw read 'send ""' (the
 * half-open round, as the server: the client's "ping").
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translators } from '../support/translators.ts';
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import { composerContextOf, promptLines } from '../../client/net/decision.ts';
import { roundView } from '../../shared/game/views.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { playAgainstBot, startRound } from '../game/play.ts';
import { hintFor } from '../../shared/game/round.ts';

let tr: Record<'en' | 'zh-CN', i18n>;

beforeAll(async () => {
  tr = await translators();
});

/** The calls of `host` as the log of `player`'s page names them at the end, in both languages. */
function callsSeen(scenarioId: string, player: Side, host: Side): { en: string[]; zh: string[] } {
  const log = new LiveRoundLog();
  const round = playAgainstBot(startRound(scenarioId, player), player, (r) => void log.update(roundView(r, player)));
  const calls = log.update(roundView(round, player)).calls.filter((c) => c.host === host);
  return { en: calls.map((c) => tr.en.t(c.key, c.params)), zh: calls.map((c) => tr['zh-CN'].t(c.key, c.params)) };
}

describe('application calls on the host panels', () => {
  it('the peer\'s send(), revealed at the end of the round, is "send()", never \'send ""\'', () => {
    const seen = callsSeen('half-open', 'server', 'client');
    expect(seen.en).toContain('send()');
    expect(seen.zh).toContain('发送数据 send()');
    expect([...seen.en, ...seen.zh].join(' ')).not.toContain('""');
  });

  it('the player\'s own send() names its bytes', () => {
    expect(callsSeen('half-open', 'client', 'client').en).toContain('send "ping"');
  });

  it('closing the listener (accept-queue-closed, server): the prompt names the socket call, close() on the listening socket, not the game\'s own "unlisten()", and the move starts from the listener\'s LISTEN', () => {
    const seen: { en: string; zh: string; from: string }[] = [];
    playAgainstBot(startRound('accept-queue-closed', 'server'), 'server', (r) => {
      const view = roundView(r, 'server');
      const p = view.decision?.prompt;
      if (p?.kind !== 'app-call' || p.call !== 'unlisten') return;
      const [line] = promptLines(view);
      seen.push({ en: tr.en.t(line!.key, line!.params ?? {}), zh: tr['zh-CN'].t(line!.key, line!.params ?? {}), from: composerContextOf(view)!.ownState });
    });
    // The call is the listener's: the move starts from LISTEN (the played connection waits in SYN-RECEIVED).
    expect(seen).toEqual([{ en: 'Your application called close() on its listening socket', zh: '你的应用对监听套接字调用了 close()', from: 'LISTEN' }]);
  });

  it('closing the listener: the seq helpers are the SND.NXT of each connection it resets, one a connection, the values its RSTs carry', () => {
    const seen: { helpers: { name: string; of?: string; value: number }[]; rsts: number[] }[] = [];
    playAgainstBot(startRound('accept-queue-closed', 'server'), 'server', (r) => {
      const view = roundView(r, 'server');
      const p = view.decision?.prompt;
      if (p?.kind !== 'app-call' || p.call !== 'unlisten') return;
      const d = view.decision!;
      const right = hintFor(r, 'server')!;
      seen.push({ helpers: composerContextOf(view)!.seqHelpers.map((h) => ({ name: h.name, value: h.value, ...(h.of ? { of: h.of } : {}) })), rsts: right.segments.map((s) => s.seq) });
      expect(d.others?.length).toBeGreaterThan(0);
    });
    expect(seen).toHaveLength(1);
    const [{ helpers, rsts }] = seen as [(typeof seen)[number]];
    expect(helpers.map((h) => h.name)).toEqual(['SND.NXT', 'SND.NXT', 'SND.NXT']);
    expect(new Set(helpers.map((h) => h.of)).size).toBe(3);
    for (const seq of rsts) expect(helpers.map((h) => h.value)).toContain(seq);
  });
});
