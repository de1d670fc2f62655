/**
 * Results' first line for a watched connection (the demo, a capture): a capture that stops while the
 * client waits out TIME-WAIT said "Both hosts are back in CLOSED", which its own state path beside
 * it contradicted (the lost-final-ack export, opened in the browser). A round's first line said the
 * same of every 'complete' round, also of one whose time limit came while the closer sat out
 * TIME-WAIT (a class's 120 s round under RFC 9293's 2×MSL = 240 s).
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translators } from '../support/translators.ts';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { RoundSettings } from '../../shared/game/types.ts';
import { runWithTranscript } from '../../shared/game/transcript.ts';
import { exportPcap } from '../../shared/pcap/export.ts';
import { flightsOfRound } from '../../shared/pcap/fromRound.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { captureLog } from '../../client/capture/captureLog.ts';
import { demoRound } from '../../client/demo/demoTimeline.ts';
import { durationStat, endLine, finalState, roundEndLine } from '../../client/model/endStates.ts';
import { viewOfStoredRound } from '../../client/net/interrupted.ts';
import { roundLogOf } from '../../client/net/roundLog.ts';
import { roundRecord } from '../../server/roundRecord.ts';

let tr: Record<'en' | 'zh-CN', i18n>;
beforeAll(async () => {
  tr = await translators();
});
const say = (lang: 'en' | 'zh-CN', l: ReturnType<typeof endLine>): string => tr[lang].t(l.key, l.params);

describe('how a watched connection ended', () => {
  it('a capture that stops in TIME-WAIT says so, in both languages', () => {
    const created = createRound({ scenarioId: 'lost-final-ack', mode: 'consequences', seed: 1, controllers: { client: 'bot', server: 'bot' }, personality: 'textbook', wire: symmetricWire({ delayMs: 300 }) });
    if (!created.ok) throw new Error(created.rejection.detail);
    const { rows } = annotateBytes(exportPcap(flightsOfRound(runWithTranscript(created.round).round), 'wire'), { profile: 'linux' });
    const line = endLine(captureLog(rows, rows[0]!.stream).log);
    expect(say('en', line)).toBe('At the end: the client host in TIME-WAIT, the server host in CLOSED. Here is how the connection went.');
    expect(say('zh-CN', line)).toContain('客户端主机处于 TIME-WAIT');
    expect(say('en', line)).not.toContain('Both hosts are back in CLOSED');
  });

  it('a capture\'s time is its own clock\'s (3.2 s from SYN to the last ACK), not the replay\'s one packet a step', () => {
    const created = createRound({ scenarioId: 'lost-final-ack', mode: 'consequences', seed: 1, controllers: { client: 'bot', server: 'bot' }, personality: 'textbook', wire: symmetricWire({ delayMs: 300 }) });
    if (!created.ok) throw new Error(created.rejection.detail);
    const { rows } = annotateBytes(exportPcap(flightsOfRound(runWithTranscript(created.round).round), 'wire'), { profile: 'linux' });
    const log = captureLog(rows, rows[0]!.stream).log;
    const stat = durationStat(log);
    const span = rows[rows.length - 1]!.time - rows[0]!.time;
    expect(stat.seconds).toBe(span.toFixed(3));
    expect(tr.en.t(stat.key)).toBe('Time in the capture');
    expect(tr['zh-CN'].t(stat.key)).toBe('抓包中的时长');
    expect(durationStat(demoRound())).toEqual({ key: 'results.duration', seconds: (demoRound().duration / 1000).toFixed(1) });
  });

  it('the demo, which runs TIME-WAIT out, still says both hosts are back in CLOSED', () => {
    expect(say('en', endLine(demoRound()))).toBe('Both hosts are back in CLOSED. Here is how the connection went.');
  });
});

/**
 * A round played out by the bots and stored as the server stores it (its record, through JSON), then
 * opened as Results opens a stored round: replayed, and turned into the log the screen draws.
 */
function storedRoundLog(settings: RoundSettings): { reason: string; log: ReturnType<typeof roundLogOf> } {
  const created = createRound(settings);
  if (!created.ok) throw new Error(created.rejection.detail);
  const played = runToEnd(created.round);
  const record = roundRecord(played, { kind: 'practice', roundId: 'r', roundNumber: 1, settings, names: { client: 'Ada', server: 'bot' }, startedAt: 0, finishedAt: 1 });
  const view = viewOfStoredRound(JSON.parse(JSON.stringify(record)) as Parameters<typeof viewOfStoredRound>[0], 'client');
  if (!view) throw new Error('the stored round does not replay');
  return { reason: view.endReason ?? 'complete', log: roundLogOf(view) };
}

const bots = (scenarioId: string, extra: Partial<RoundSettings> = {}): RoundSettings => ({ scenarioId, mode: 'coach', seed: 11, controllers: { client: 'bot', server: 'bot' }, personality: 'textbook', ...extra });
const path = (log: ReturnType<typeof roundLogOf>, host: 'client' | 'server'): string => log.states.filter((s) => s.host === host).map((s) => s.state).join('→');

describe('how a round ended, on its Results', () => {
  it('a round that runs TIME-WAIT out (2×MSL = 240 s within the scenario’s own limit): the client’s path ends TIME-WAIT→CLOSED, and both hosts are back in CLOSED', () => {
    const { reason, log } = storedRoundLog(bots('handshake'));
    expect(reason).toBe('complete');
    expect(path(log, 'client')).toBe('CLOSED→SYN-SENT→ESTABLISHED→FIN-WAIT-1→FIN-WAIT-2→TIME-WAIT→CLOSED');
    expect(say('en', roundEndLine(reason, log))).toBe('Both hosts are back in CLOSED.');
    expect(say('zh-CN', roundEndLine(reason, log))).toBe('双方主机都回到了 CLOSED。');
  });

  it('a round whose time limit (a class’s 120 s) comes while the client sits out TIME-WAIT ends complete, and says the client is still in TIME-WAIT, as its path does', () => {
    const { reason, log } = storedRoundLog(bots('handshake', { timeLimitMs: 120_000 }));
    expect(reason).toBe('complete');
    expect(path(log, 'client')).toBe('CLOSED→SYN-SENT→ESTABLISHED→FIN-WAIT-1→FIN-WAIT-2→TIME-WAIT');
    expect(path(log, 'server')).toBe('CLOSED→LISTEN→SYN-RECEIVED→ESTABLISHED→CLOSE-WAIT→LAST-ACK→CLOSED');
    const en = say('en', roundEndLine(reason, log));
    expect(en).not.toContain('Both hosts are back in CLOSED');
    expect(en).toContain('the client host in TIME-WAIT, the server host in CLOSED');
    const zh = say('zh-CN', roundEndLine(reason, log));
    expect(zh).not.toContain('都回到了 CLOSED');
    expect(zh).toContain('客户端主机处于 TIME-WAIT，服务器主机处于 CLOSED');
  });

  it('in every scenario, under either profile, with its own time limit or a class’s: the line says both hosts are back in CLOSED exactly when both paths end in CLOSED', () => {
    for (const s of SCENARIOS) {
      for (const extra of [{}, { timeLimitMs: 120_000 }, { profile: 'linux' as const }, { profile: 'linux' as const, timeLimitMs: 10_000 }]) {
        const { reason, log } = storedRoundLog(bots(s.id, extra));
        const closed = finalState(log, 'client') === 'CLOSED' && finalState(log, 'server') === 'CLOSED';
        const line = say('en', roundEndLine(reason, log));
        expect(line.includes('Both hosts are back in CLOSED'), `${s.id} ${JSON.stringify(extra)}: ${line}`).toBe(closed);
        if (reason === 'complete' && !closed) expect(line, `${s.id} ${JSON.stringify(extra)}`).toContain(`the client host in ${finalState(log, 'client')}, the server host in ${finalState(log, 'server')}`);
      }
    }
  });
});
