/**
 * Every timer prompt names its timer, in both languages: the retransmission timer with its RTO
 * and how many retransmissions are used of how many allowed; TIME-WAIT with 2×MSL; the user
 * timeout; the delayed-ACK timer. A TIME-WAIT expiry is never announced as a retransmission
 * (the source article's confusion), and only the retransmission timer lights Retransmit.
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translators as bothLanguages } from '../support/translators.ts';
import { composerContextOf, moveOf, promptLines } from '../../client/net/decision.ts';
import { hintFor } from '../../shared/game/round.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import { firedTimer } from '../../shared/game/prompt.ts';
import type { Round } from '../../shared/game/types.ts';
import { roundView, type DecisionView } from '../../shared/game/views.ts';
import { flags } from '../../shared/tcp/segment.ts';
import { symmetricWire, type Side } from '../../shared/tcp/wire.ts';
import { ok, established, SERVER } from '../engine/builders.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { roundTimeline } from '../../shared/game/timeline.ts';
import { LiveRoundLog } from '../../client/net/roundLog.ts';
import { playAgainstBot, startRound } from './play.ts';

let translators: Record<'en' | 'zh-CN', i18n>;

beforeAll(async () => {
  translators = await bothLanguages();
});

/** The prompt as the composer writes it, one line per entry, in `lang`. */
function words(round: Round, side: Side, lang: 'en' | 'zh-CN'): string {
  return promptLines(roundView(round, side)).map((l) => translators[lang].t(l.key, l.params ?? {})).join(' | ');
}

/** Each timer decision of `side` in a practice round of `scenarioId`: its view and prompt in both languages. */
function timerDecisions(scenarioId: string, side: Side): { view: DecisionView; en: string; zh: string; retransmitReady: boolean }[] {
  const out: { view: DecisionView; en: string; zh: string; retransmitReady: boolean }[] = [];
  playAgainstBot(startRound(scenarioId, side), side, (round) => {
    const view = roundView(round, side);
    if (view.decision?.prompt.kind !== 'timer-expired') return;
    out.push({ view: view.decision, en: words(round, side, 'en'), zh: words(round, side, 'zh-CN'), retransmitReady: composerContextOf(view)!.retransmitReady });
  });
  return out;
}

describe('timer prompts', () => {
  it('lost SYN: "retransmission timer expired (RTO 1 s)", the SYN named, 0 of at most 8 used (RFC 9293: retry a SYN for at least 3 minutes); Retransmit lit', () => {
    const [first] = timerDecisions('lost-syn', 'client');
    expect(first?.view.prompt).toMatchObject({ timer: { kind: 'retransmission', rtoMs: 1_000, retries: 0, retryLimit: 8 } });
    expect(first!.en).toMatch(/^Your retransmission timer expired \(RTO 1 s\): SYN seq=\d+ is still unacknowledged\. Retransmissions so far: 0 of at most 8\.$/);
    expect(first!.zh).toMatch(/^你的重传定时器到期了（RTO 1 秒）：SYN seq=\d+ 仍未被确认。已重传 0 次，最多 8 次。$/);
    expect(first!.retransmitReady).toBe(true);
  });

  it('lost SYN (Linux profile): "at most 10", tcp_syn_retries (6) plus the 4 linear tries of tcp_syn_linear_timeouts, as many as the engine sends', () => {
    const timers: { retries: number; retryLimit: number }[] = [];
    const round = playAgainstBot(startRound('lost-syn', 'client', { profile: 'linux' }), 'client', (r) => {
      const p = roundView(r, 'client').decision?.prompt;
      if (p?.kind === 'timer-expired' && p.timer?.kind === 'retransmission') timers.push({ retries: p.timer.retries, retryLimit: p.timer.retryLimit });
    });
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.every((t) => t.retryLimit === 10)).toBe(true);
    expect(words(round, 'client', 'en')).not.toContain('at most 6');
  });

  it('simultaneous open: a SYN-ACK that is this side\'s SYN is counted against the SYN\'s limit (8, RFC 9293 §3.8.3 MUST-23), not a listener\'s tcp_synack_retries (5)', () => {
    const limits: number[] = [];
    let answered = false;
    playAgainstBot(startRound('simultaneous-open', 'server'), 'server', (r) => {
      const p = roundView(r, 'server').decision?.prompt;
      if (p?.kind === 'timer-expired' && p.timer?.kind === 'retransmission') {
        expect(p.timer.segment.flags).toEqual(flags('SYN', 'ACK'));
        limits.push(p.timer.retryLimit);
        expect(words(r, 'server', 'en')).toContain('Retransmissions so far: 0 of at most 8.');
        expect(words(r, 'server', 'zh-CN')).toContain('已重传 0 次，最多 8 次。');
      }
    }, (r) => {
      // Stay SYN-RECEIVED at the peer's SYN-ACK (§3.10.7.4 word for word): the SYN-ACK's timer then fires.
      const d = r.hosts.server.decision!;
      if (answered || d.event.kind !== 'segment' || !d.event.segment.flags.SYN || !d.event.segment.flags.ACK) return null;
      answered = true;
      const right = hintFor(r, 'server')!;
      const tcb = r.hosts.server.host.connections[0]!;
      return { ...right, state: 'SYN-RECEIVED', segments: [{ flags: flags('ACK'), seq: tcb.sndNxt, ack: tcb.rcvNxt, data: '' }] };
    });
    expect(answered).toBe(true);
    expect(limits).toEqual([8]);
  });

  it('SYN-SENT, linux profile, every SYN lost: the prompt counts against tcp_syn_retries + tcp_syn_linear_timeouts (6 + 4 = 10), the retransmissions the engine makes before it gives up', () => {
    const limits: number[] = [];
    const round = playAgainstBot(startRound('lost-syn', 'client', { profile: 'linux', wire: symmetricWire({ delayMs: 300, loss: 1 }) }), 'client', (r) => {
      const p = roundView(r, 'client').decision?.prompt;
      if (p?.kind === 'timer-expired' && p.timer?.kind === 'retransmission') limits.push(p.timer.retryLimit);
    });
    const synsResent = round.flights.filter((f) => f.from === 'client' && f.segment.flags.SYN && f.rule === 'timer.retransmit-syn').length;
    expect(synsResent).toBe(10);
    // Ten prompts that resend, and the eleventh, where the limit is reached and the attempt is abandoned.
    expect(limits).toEqual(Array(11).fill(10));
  });

  it('lost SYN-ACKs: the server\'s RTO doubles, 1 s then 2 s, each retransmission counted against tcp_synack_retries (5)', () => {
    const timers = timerDecisions('lost-syn-ack', 'server').filter((d) => d.view.prompt.kind === 'timer-expired' && d.view.prompt.timer?.kind === 'retransmission');
    expect(timers.slice(0, 2).map((d) => d.view.prompt.kind === 'timer-expired' && d.view.prompt.timer)).toMatchObject([
      { kind: 'retransmission', rtoMs: 1_000, retries: 0, retryLimit: 5, segment: { flags: flags('SYN', 'ACK') } },
      { kind: 'retransmission', rtoMs: 2_000, retries: 1, retryLimit: 5, segment: { flags: flags('SYN', 'ACK') } },
    ]);
    expect(timers[1]!.en).toContain('(RTO 2 s): SYN, ACK seq=');
    expect(timers[1]!.en).toContain('Retransmissions so far: 1 of at most 5.');
    expect(timers[1]!.zh).toContain('（RTO 2 秒）：SYN, ACK seq=');
  });

  it('TIME-WAIT (RFC profile): "TIME-WAIT timer expired", 2×MSL = 240 s (MSL 120 s), never "retransmission"; Retransmit dark', () => {
    const timers = timerDecisions('active-close-client', 'client');
    const tw = timers.find((d) => d.view.prompt.kind === 'timer-expired' && d.view.prompt.timer?.kind === 'time-wait')!;
    expect(tw.view.prompt).toMatchObject({ timer: { kind: 'time-wait', durationMs: 240_000, mslMs: 120_000 } });
    expect(tw.en).toBe('Your TIME-WAIT timer expired: you have waited 2×MSL = 240 s (MSL 120 s) in TIME-WAIT.');
    expect(tw.zh).toBe('你的 TIME-WAIT 定时器到期了：你已在 TIME-WAIT 中等满 2×MSL = 240 秒（MSL = 120 秒）。');
    expect(tw.en).not.toMatch(/retransmission/i);
    expect(tw.zh).not.toMatch(/重传/);
    expect(tw.retransmitReady).toBe(false);
  });

  it('Results name the timer each timer decision answered', () => {
    const round = playAgainstBot(startRound('lost-syn', 'client'), 'client');
    const causes = roundView(round, 'client').verdicts.filter((v) => v.cause.kind === 'timer').map((v) => v.cause);
    expect(causes).toEqual([{ kind: 'timer', timer: 'retransmission' }, { kind: 'timer', timer: 'time-wait' }]);
    expect(translators.en.t('results.cause.timer.time-wait')).toBe('the TIME-WAIT timer (2×MSL) expired');
  });

  it('TIME-WAIT (Linux profile): a fixed 60 s (TCP_TIMEWAIT_LEN), no MSL: Linux has no MSL setting; 2×MSL is RFC 9293\'s', () => {
    const tw = timerDecisions('lost-final-ack', 'client').find((d) => d.view.prompt.kind === 'timer-expired' && d.view.prompt.timer?.kind === 'time-wait')!;
    expect(tw.view.prompt).toMatchObject({ timer: { kind: 'time-wait', durationMs: 60_000, profile: 'linux' } });
    expect(tw.en).toBe('Your TIME-WAIT timer expired: you have waited 60 s in TIME-WAIT (Linux: a fixed 60 s, TCP_TIMEWAIT_LEN, with no MSL setting; RFC 9293: 2×MSL).');
    expect(tw.zh).toBe('你的 TIME-WAIT 定时器到期了：你已在 TIME-WAIT 中等满 60 秒（Linux：固定 60 秒，即 TCP_TIMEWAIT_LEN，没有 MSL 可设置；RFC 9293：2×MSL）。');
    expect(tw.en).not.toContain('MSL 30');
    expect(tw.zh).not.toContain('MSL = 30');
  });

  it('the Timers panel\'s TIME-WAIT beside that prompt carries the profile, so it too says Linux\'s fixed 60 s, not 2×MSL (live and in the replay)', () => {
    const armed = (scenarioId: string): unknown[] => {
      const seen: unknown[] = [];
      const round = playAgainstBot(startRound(scenarioId, 'client'), 'client', (r) => {
        const view = roundView(r, 'client');
        seen.push(...view.hosts.client.timers.filter((t) => t.kind === 'time-wait'));
        seen.push(...new LiveRoundLog().update(view).timers.filter((t) => t.kind === 'time-wait'));
      });
      seen.push(...roundTimeline(round).timers.filter((t) => t.kind === 'time-wait'));
      return seen;
    };
    const linux = armed('lost-final-ack');
    expect(linux.length).toBeGreaterThanOrEqual(3);
    for (const tw of linux) expect(tw).toMatchObject({ profile: 'linux' });
    const rfc = armed('active-close-client');
    expect(rfc.length).toBeGreaterThanOrEqual(3);
    for (const tw of rfc) expect(tw).toMatchObject({ profile: 'rfc9293' });
    expect(translators.en.t('timers.twLinux', { total: '60' })).toBe('TIME-WAIT (Linux: fixed 60 s)');
    expect(translators['zh-CN'].t('timers.twLinux', { total: '60' })).toBe('TIME-WAIT（Linux 固定 60 秒）');
  });

  it('LAST-ACK retransmitting its FIN (the last ACK was lost): a retransmission prompt naming the FIN', () => {
    const fin = timerDecisions('lost-final-ack', 'server').find((d) => d.view.prompt.kind === 'timer-expired' && d.view.prompt.timer?.kind === 'retransmission')!;
    expect(fin.en).toMatch(/^Your retransmission timer expired \(RTO 1 s\): FIN, ACK seq=\d+ ack=\d+ is still unacknowledged/);
    expect(fin.retransmitReady).toBe(true);
  });

  it('the user timeout (RFC 9293 §3.10.8) is named as such', () => {
    const est = established({ config: { userTimeoutMs: 2_500 } }).client;
    const sent = ok(est, { kind: 'send', at: 0, remote: SERVER, data: 'x' }).host;
    // The retransmission timer fires first (1 s); at 2.5 s it is the user timeout that fires.
    expect(firedTimer(sent, SERVER, 1_000)).toMatchObject({ kind: 'retransmission', rtoMs: 1_000 });
    const later = ok(sent, { kind: 'tick', at: 2_400 }).host;
    expect(firedTimer(later, SERVER, 2_500)).toEqual({ kind: 'user-timeout', durationMs: 2_500 });
    expect(translators.en.t('prompt.timer.userTimeout', { total: '2.5' })).toBe('Your user timeout expired: data you sent has gone unacknowledged for 2.5 s.');
    expect(translators['zh-CN'].t('prompt.timer.userTimeout', { total: '2.5' })).toBe('你的用户超时定时器到期了：你发出的数据已经 2.5 秒没有被确认。');
  });

  it('SYN flood, server: a half-open connection\'s SYN-ACK timer names that connection and its SYN-RECEIVED; Retransmit with no state picked is the right move', () => {
    const seen: { en: string; zh: string; hostState: string | undefined; marked: string; retransmit: unknown; right: unknown }[] = [];
    playAgainstBot(startRound('syn-flood', 'server'), 'server', (round) => {
      const view = roundView(round, 'server');
      const p = view.decision?.prompt;
      if (p?.kind !== 'timer-expired' || p.timer?.kind !== 'retransmission' || p.timer.retries >= p.timer.retryLimit) return;
      const ctx = composerContextOf(view)!;
      const retransmit = moveOf({ kind: 'retransmit', newState: null, flags: { SYN: false, ACK: false, FIN: false, RST: false }, seq: null, ack: null, data: '', queued: [] }, view);
      seen.push({ en: words(round, 'server', 'en'), zh: words(round, 'server', 'zh-CN'), hostState: ctx.hostState, marked: ctx.ownState, retransmit, right: hintFor(round, 'server') });
    });
    // Four half-open connections, each resent twice before its last try runs out.
    expect(seen).toHaveLength(8);
    for (const s of seen) {
      // The host still shows its listener; the decision is about the half-open connection.
      expect(s.hostState).toBe('LISTEN');
      expect(s.marked).toBe('SYN-RECEIVED');
      expect(s.en).toMatch(/\| This concerns your connection with 198\.51\.100\.2\d:4100\d, now in SYN-RECEIVED\.$/);
      expect(s.zh).toMatch(/\| 这一步关乎你与 198\.51\.100\.2\d:4100\d 的连接，它目前处于 SYN-RECEIVED。$/);
      expect(s.retransmit).toEqual(s.right);
    }
  });

  it('every timer prompt of every scenario has its timer on the Timers panel, run out, on the connection it names (the SYN flood\'s half-open ones by their socket)', () => {
    let prompts = 0;
    let others = 0;
    for (const scenario of SCENARIOS) {
      for (const side of ['client', 'server'] as const) {
        playAgainstBot(startRound(scenario.id, side), side, (round) => {
          const view = roundView(round, side);
          const p = view.decision?.prompt;
          if (p?.kind !== 'timer-expired' || !p.timer) return;
          const d = round.hosts[side].decision!;
          const played = d.concerns === round.hosts[side].peer;
          const panel = view.hosts[side].timers;
          const shown = panel.filter((tm) => tm.kind === p.timer!.kind && tm.expiresAt <= round.now && (played ? tm.conn === undefined : tm.conn === d.concerns));
          expect(shown, `${scenario.id} as ${side} at ${round.now} ms: ${JSON.stringify(panel)}`).toHaveLength(1);
          prompts += 1;
          if (!played) others += 1;
        });
      }
    }
    // The SYN flood's eight half-open timers among them.
    expect(others).toBeGreaterThanOrEqual(8);
    expect(prompts).toBeGreaterThan(others);
  });

  it('a timer of the connection the player plays adds no such line', () => {
    for (const d of timerDecisions('lost-syn-ack', 'server')) {
      expect(d.en).not.toContain('This concerns your connection');
      expect(d.zh).not.toContain('这一步关乎');
    }
  });

  it('the listener closing (accept queue, server) acts on every queued connection: no line names one of them, and every TCB value offered says whose it is', () => {
    const lines: string[] = [];
    const owners: (string | undefined)[][] = [];
    playAgainstBot(startRound('accept-queue-closed', 'server'), 'server', (round) => {
      const view = roundView(round, 'server');
      if (view.decision?.prompt.kind !== 'app-call' || view.decision.prompt.call !== 'unlisten') return;
      lines.push(words(round, 'server', 'en'));
      const ctx = composerContextOf(view)!;
      owners.push([...ctx.seqHelpers, ...ctx.ackHelpers].map((h) => h.of));
    });
    expect(lines).toEqual(['Your application called close() on its listening socket']);
    // The connection the call is filed under (10.0.0.3, first in the accept queue) and the two others.
    expect(new Set(owners[0])).toEqual(new Set(['10.0.0.3:50001', '10.0.0.2:49152', '10.0.0.4:50002']));
  });

  it('SYN flood, server: when a half-open connection\'s last SYN-ACK goes unanswered, keeping SYN-RECEIVED is refused by a rule that says the listener, in LISTEN, is what is left', () => {
    const gaveUp: number[] = [];
    const round = playAgainstBot(startRound('syn-flood', 'server'), 'server', () => {}, (r) => {
      const view = roundView(r, 'server');
      const p = view.decision?.prompt;
      const last = p?.kind === 'timer-expired' && p.timer?.kind === 'retransmission' && p.timer.retries >= p.timer.retryLimit;
      if (!last || gaveUp.includes(view.decision!.id)) return hintFor(r, 'server');
      gaveUp.push(view.decision!.id);
      expect(hintFor(r, 'server')).toEqual({ state: 'LISTEN', segments: [] });
      return { state: 'SYN-RECEIVED', segments: [] };
    });
    expect(gaveUp).toHaveLength(4);
    for (const v of roundView(round, 'server').verdicts.filter((x) => gaveUp.includes(x.decisionId))) {
      expect(v.rules).toEqual(['timer.syn-ack-give-up']);
    }
    expect(RULES['timer.syn-ack-give-up'].en.explanation).toContain('the listener, still in LISTEN');
    expect(RULES['timer.syn-ack-give-up'].zh.explanation).toContain('仍处于 LISTEN 的监听端');
  });
});
