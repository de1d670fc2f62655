/**
 * "A segment arrived" names its length as the RFC does, SEG.LEN (RFC 9293 §3.3.1: the octets of
 * data, counting SYN and FIN), because the ack helper beside it is SEG.SEQ + SEG.LEN. Written as
 * "len=1" for a bare SYN it contradicted the segment card and the flow graph on the same screen,
 * which show the payload length ("len 0") as Wireshark does.
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translators } from '../support/translators.ts';
import { composerContextOf, promptLines } from '../../client/net/decision.ts';
import { roundView } from '../../shared/game/views.ts';
import { playAgainstBot, startRound } from './play.ts';
import { STRAY_ISS, withStray } from '../support/modelRound.ts';

let tr: Record<'en' | 'zh-CN', i18n>;

beforeAll(async () => {
  tr = await translators();
});

describe('a segment arrives', () => {
  it('LISTEN, a SYN arrives: the prompt says SEG.LEN=1 (the SYN counts one) and the ack helper is SEG.SEQ + 1', () => {
    const seen: { en: string; zh: string; helper: number | undefined; seq: number }[] = [];
    playAgainstBot(startRound('handshake', 'server'), 'server', (round) => {
      const view = roundView(round, 'server');
      const p = view.decision?.prompt;
      if (p?.kind !== 'segment-arrived' || !p.flags.SYN || seen.length) return;
      const lines = promptLines(view);
      const helper = composerContextOf(view)?.ackHelpers.find((h) => h.name === 'SEG.SEQ+SEG.LEN')?.value;
      seen.push({ en: tr.en.t(lines[0]!.key, lines[0]!.params ?? {}), zh: tr['zh-CN'].t(lines[0]!.key, lines[0]!.params ?? {}), helper, seq: p.seq });
    });
    const [syn] = seen;
    expect(syn!.en).toMatch(/^A segment arrived from [\d.:]+: SYN seq=\d+ SEG\.LEN=1$/);
    expect(syn!.zh).toMatch(/^收到来自 [\d.:]+ 的报文段：SYN seq=\d+ SEG\.LEN=1$/);
    expect(syn!.helper).toBe(syn!.seq + 1);
  });

  it('accept queue, server: another client\'s third ACK names that client\'s connection and its SYN-RECEIVED, in both languages', () => {
    const seen: { en: string; zh: string; marked: string | undefined }[] = [];
    playAgainstBot(startRound('accept-queue-full', 'server'), 'server', (round) => {
      const view = roundView(round, 'server');
      const p = view.decision?.prompt;
      if (p?.kind !== 'segment-arrived' || p.from !== '10.0.0.3:50001' || p.flags.SYN || p.flags.RST) return;
      const lines = promptLines(view);
      seen.push({ en: lines.map((l) => tr.en.t(l.key, l.params ?? {})).join(' | '), zh: lines.map((l) => tr['zh-CN'].t(l.key, l.params ?? {})).join(' | '), marked: composerContextOf(view)?.ownState });
    });
    expect(seen[0]).toEqual({
      en: expect.stringMatching(/ \| This concerns your connection with 10\.0\.0\.3:50001, now in SYN-RECEIVED\.$/),
      zh: expect.stringMatching(/ \| 这一步关乎你与 10\.0\.0\.3:50001 的连接，它目前处于 SYN-RECEIVED。$/),
      marked: 'SYN-RECEIVED',
    });
  });

  it('accept queue, server: a new client\'s SYN, while the player\'s own connection waits in SYN-RECEIVED, starts from the listener\'s LISTEN and says so, in both languages', () => {
    for (const scenario of ['accept-queue-full', 'accept-queue-closed']) {
      const seen: { en: string; zh: string; marked: string | undefined; shown: string | undefined }[] = [];
      playAgainstBot(startRound(scenario, 'server'), 'server', (round) => {
        const view = roundView(round, 'server');
        const p = view.decision?.prompt;
        if (p?.kind !== 'segment-arrived' || p.from !== '10.0.0.4:50002' || !p.flags.SYN) return;
        const lines = promptLines(view);
        const ctx = composerContextOf(view);
        seen.push({ en: lines.map((l) => tr.en.t(l.key, l.params ?? {})).join(' | '), zh: lines.map((l) => tr['zh-CN'].t(l.key, l.params ?? {})).join(' | '), marked: ctx?.ownState, shown: ctx?.hostState });
      });
      expect(seen).toEqual([{
        en: expect.stringMatching(/^A segment arrived from 10\.0\.0\.4:50002: SYN seq=\d+ SEG\.LEN=1 \| This concerns your listening socket, in LISTEN: you have no connection with 10\.0\.0\.4:50002 yet\. \| /),
        zh: expect.stringMatching(/^收到来自 10\.0\.0\.4:50002 的报文段：SYN seq=\d+ SEG\.LEN=1 \| 这一步关乎你的监听套接字，它处于 LISTEN：你与 10\.0\.0\.4:50002 之间还没有连接。 \| /),
        // The move starts from the listener's state; the role line still names the player's own connection's.
        marked: 'LISTEN',
        shown: 'SYN-RECEIVED',
      }]);
    }
  });

  it('handshake, server: the first SYN reaching the listener adds no listener line (the player\'s host is in LISTEN already)', () => {
    const lines: string[][] = [];
    playAgainstBot(startRound('handshake', 'server'), 'server', (round) => {
      const view = roundView(round, 'server');
      if (view.decision?.prompt.kind === 'segment-arrived' && view.decision.prompt.flags.SYN) lines.push(promptLines(view).map((l) => l.key));
    });
    expect(lines).toEqual([['prompt.segment', 'prompt.issPicked']]);
  });
});

describe('a segment reaches an orphan', () => {
  const linesAt = (scenarioId: string, wanted: (p: { data: string; flags: { FIN: boolean } }, state: string | null) => boolean): { en: string; zh: string }[] => {
    const seen: { en: string; zh: string }[] = [];
    playAgainstBot(startRound(scenarioId, 'client', { profile: 'linux' }), 'client', (round) => {
      const view = roundView(round, 'client');
      const p = view.decision?.prompt;
      if (p?.kind !== 'segment-arrived' || !wanted(p, view.decision!.tcb.state)) return;
      const ls = promptLines(view);
      seen.push({ en: ls.map((l) => tr.en.t(l.key, l.params ?? {})).join(' | '), zh: ls.map((l) => tr['zh-CN'].t(l.key, l.params ?? {})).join(' | ') });
    });
    return seen;
  };

  it('new data reaching a client that called close(): the prompt says it will never read again (Linux resets it there), in both languages', () => {
    const seen = withStray('handshake', { at: 1000, from: 'server', flags: ['ACK'], seq: STRAY_ISS.server + 1, ack: STRAY_ISS.client + 2, data: 'late' }, (id) =>
      linesAt(id, (p, state) => p.data === 'late' && state === 'FIN-WAIT-1'));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.en).toMatch(/ \| Your application has closed this socket \(close\(\)\): it will never read from it again\.$/);
    expect(seen[0]!.zh).toMatch(/ \| 你的应用已经关闭了这个套接字（close\(\)）：它再也不会从中读取数据。$/);
  });

  it('not for the peer\'s FIN in order (nothing new to read), nor after shutdown(SHUT_WR) (the application reads on)', () => {
    const fin = linesAt('active-close-client', (p, state) => p.flags.FIN && state === 'FIN-WAIT-2');
    expect(fin.length).toBeGreaterThan(0);
    for (const l of fin) expect(l.en).not.toContain('never read');
    const halfClose = linesAt('half-close', (p, state) => (p.data !== '' || p.flags.FIN) && (state === 'FIN-WAIT-1' || state === 'FIN-WAIT-2'));
    expect(halfClose.length).toBeGreaterThan(0);
    for (const l of halfClose) expect(l.en).not.toContain('never read');
  });

  it('not for the peer\'s retransmitted FIN in TIME-WAIT: it is below RCV.NXT, nothing new to read, and the answer is an ACK (RFC 9293 §3.10.7.4), not close.abort-on-data\'s RST', () => {
    // lost-final-ack: the client's last ACK is lost, the server resends its FIN (seq = RCV.NXT - 1).
    const again = linesAt('lost-final-ack', (p, state) => p.flags.FIN && state === 'TIME-WAIT');
    expect(again).toHaveLength(1);
    expect(again[0]!.en).not.toContain('never read');
    expect(again[0]!.zh).not.toContain('再也不会从中读取');
  });
});
