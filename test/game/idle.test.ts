/**
 * Rounds that cannot go on. In isn-fixed on a lossy, reordering wire the old "DEL /" (or the
 * reordering) gets the first connection reset; the client's retransmitted SYN opens a second one,
 * which the server's application, having accepted once, never accepts; the client's application
 * waits for a reply that never comes. Both TCPs sit in ESTABLISHED with no timer running: RFC 9293
 * has none there (keep-alives are optional and off by default, §3.8.4), so a correct TCP keeps them
 * open for ever. The round ends as 'idle' as soon as nothing more can happen, not at the time limit.
 *
 * Where a connection still has work of its own the round waits for it: an orphan (its application
 * called close()) retransmitting its FIN is given up by Linux's tcp_orphan_retries at 127 s, and
 * the round completes then instead of running past its 900 s limit.
 */
import { describe, expect, it } from 'vitest';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import type { Round, RoundSettings } from '../../shared/game/types.ts';
import { connectionTo } from '../../shared/tcp/host.ts';
import { nextDeadline } from '../../shared/tcp/timers.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { translators } from '../support/translators.ts';

const JITTERY = symmetricWire({ delayMs: 300, loss: 0.3, duplicate: 0.2, reorder: 0.2 });
const LOSSY = symmetricWire({ delayMs: 250, loss: 0.45 });

function botsPlay(extra: Partial<RoundSettings>): Round {
  const made = createRound({ scenarioId: 'isn-fixed', mode: 'coach', seed: 100, controllers: { client: 'bot', server: 'bot' }, personality: 'textbook', ...extra });
  if (!made.ok) throw new Error(made.rejection.detail);
  return runToEnd(made.round, undefined, 20_000);
}

describe('isn-fixed, a jittery wire (seed 100): a second connection nobody will use', () => {
  const round = botsPlay({ wire: JITTERY });
  const client = round.hosts.client;
  const server = round.hosts.server;

  it('ends idle as soon as nothing more can happen (16.6 s), not time-up at the 900 s limit', () => {
    expect(round.endReason).toBe('idle');
    expect(round.endedAt).toBe(16_601);
  });

  it('both TCPs are ESTABLISHED with no timer running; the server never accepted the second connection', () => {
    expect(connectionTo(client.host, client.peer)?.state).toBe('ESTABLISHED');
    expect(connectionTo(server.host, server.peer)).toMatchObject({ state: 'ESTABLISHED', queue: 'accept' });
    expect(nextDeadline(client.host)).toBeNull();
    expect(nextDeadline(server.host)).toBeNull();
    expect(round.wire.inFlight).toEqual([]);
    // The first connection was reset; both applications wait on what will never come.
    expect(round.states.some((c) => c.side === 'server' && c.rule === 'reset.connection-reset')).toBe(true);
    expect(client.app.steps[client.app.next]).toMatchObject({ call: 'receive', when: 'data-arrived' });
    expect(server.app.steps[server.app.next]).toMatchObject({ call: 'close', when: 'peer-closed' });
  });

  it('Results says why, with the RFC section, in both languages', async () => {
    const t = await translators();
    expect(t.en.t('results.reason.idle')).toMatch(/no timer running.*RFC 9293 §3\.8\.4/s);
    expect(t['zh-CN'].t('results.reason.idle')).toMatch(/定时器.*RFC 9293 §3\.8\.4/s);
  });
});

describe('isn-fixed, linux, a lossy wire (seed 158): the server, orphaned in LAST-ACK, gives its FIN up', () => {
  const round = botsPlay({ wire: LOSSY, seed: 158, profile: 'linux' });

  it('the server drops the orphan 127 s after its FIN first went out (tcp_orphan_retries), and the round completes', () => {
    const giveUp = round.states.find((c) => c.side === 'server' && c.rule === 'timer.data-give-up');
    expect(giveUp).toMatchObject({ from: 'LAST-ACK', to: 'CLOSED', at: 134_450 });
    const fin = round.flights.find((f) => f.from === 'server' && f.segment.flags.FIN && !f.duplicate);
    expect(giveUp!.at - fin!.sentAt).toBe(127_000);
    expect(round.endReason).toBe('complete');
    expect(round.endedAt).toBe(134_450);
  });
});
