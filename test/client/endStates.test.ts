/**
 * Results' first line for a watched connection (the demo, a capture): a capture that stops while the
 * client waits out TIME-WAIT said "Both hosts are back in CLOSED", which its own state path beside
 * it contradicted (the lost-final-ack export, opened in the browser).
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translators } from '../support/translators.ts';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { createRound } from '../../shared/game/round.ts';
import { runWithTranscript } from '../../shared/game/transcript.ts';
import { exportPcap } from '../../shared/pcap/export.ts';
import { flightsOfRound } from '../../shared/pcap/fromRound.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { captureLog } from '../../client/capture/captureLog.ts';
import { demoRound } from '../../client/demo/demoTimeline.ts';
import { durationStat, endLine } from '../../client/model/endStates.ts';

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
