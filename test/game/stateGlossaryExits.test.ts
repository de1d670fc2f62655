/**
 * "How it leaves" against the engine. The engine's ways out of each state are not copied from the
 * glossary: each state's builder (test/engine/builders.ts), under both profiles, is handed the
 * events RFC 9293 §3.10 processes (the user calls, a segment of each kind, time passing) and the
 * state changes it makes are collected. Then, in English and in Chinese:
 * - every state a "How it leaves" line sends a connection to (→ STATE) is one the engine reaches;
 * - every state the engine reaches is named, and the state it reaches says where it came from;
 * - where the engine leaves a state on an acceptable RST, on abort(), or by giving up on its
 *   retransmissions (R2, the user timeout), a line says so and names where it goes; and a line
 *   that says one of these names only where the engine goes that way.
 */
import { describe, expect, it } from 'vitest';
import { STATE_GLOSSARY } from '../../shared/game/stateGlossary.ts';
import type { RuleId } from '../../shared/rules/ids.ts';
import { PROFILES, type Profile } from '../../shared/tcp/config.ts';
import { connectionTo, step } from '../../shared/tcp/host.ts';
import { flags, type ControlBit, type SocketAddress } from '../../shared/tcp/segment.ts';
import { isTcpState, TCP_STATES, type TcpState } from '../../shared/tcp/states.ts';
import type { Host, HostEvent } from '../../shared/tcp/types.ts';
import {
  CLIENT,
  SERVER,
  bothSynSent,
  clientHost,
  closeWait,
  closing,
  deliver,
  established,
  finWait1,
  finWait2,
  lastAck,
  listening,
  synReceived,
  synSent,
  timeWait,
} from '../engine/builders.ts';

type Lang = 'en' | 'zh-CN';
const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** The three ways out the reviewer found missing, and how a line names each. */
type Way = 'rst' | 'abort' | 'give-up';
const WAYS: readonly Way[] = ['rst', 'abort', 'give-up'];
const SAYS: Record<Way, Record<Lang, RegExp>> = {
  // RFC 9293 §3.10.7.4 with RFC 5961 §3.2: a RST resets only at exactly RCV.NXT (in SYN-SENT: if it acknowledges our SYN).
  rst: { en: /RST at RCV\.NXT|RST that acknowledges our SYN/, 'zh-CN': /等于 RCV\.NXT 的 RST|确认了我们 SYN 的 RST/ },
  abort: { en: /abort\(\)/, 'zh-CN': /abort\(\)/ },
  'give-up': { en: /giv(e|es|ing) up/, 'zh-CN': /放弃/ },
};

/** A host in a state, and the peer its connection (if any) talks to. */
interface Situation {
  state: TcpState;
  host: Host;
  remote: SocketAddress;
}

function situations(profile: Profile): Situation[] {
  const o = { profile };
  const { client: simultaneous, serverSyn } = bothSynSent(o);
  return [
    { state: 'CLOSED', host: clientHost(o), remote: SERVER },
    { state: 'LISTEN', host: listening(o), remote: CLIENT },
    { state: 'SYN-SENT', host: synSent(o).client, remote: SERVER },
    { state: 'SYN-RECEIVED', host: synReceived(o).server, remote: CLIENT },
    { state: 'SYN-RECEIVED', host: deliver(simultaneous, serverSyn, 0).host, remote: SERVER },
    { state: 'ESTABLISHED', host: established(o).client, remote: SERVER },
    { state: 'ESTABLISHED', host: established({ ...o, accept: false }).server, remote: CLIENT },
    { state: 'FIN-WAIT-1', host: finWait1(o).client, remote: SERVER },
    { state: 'FIN-WAIT-1', host: finWait1({ ...o, shutdown: true }).client, remote: SERVER },
    { state: 'FIN-WAIT-2', host: finWait2(o).client, remote: SERVER },
    { state: 'FIN-WAIT-2', host: finWait2({ ...o, shutdown: true }).client, remote: SERVER },
    { state: 'CLOSE-WAIT', host: closeWait(o).server, remote: CLIENT },
    { state: 'CLOSING', host: closing(o).client, remote: SERVER },
    { state: 'LAST-ACK', host: lastAck(o).server, remote: CLIENT },
    { state: 'TIME-WAIT', host: timeWait(o).client, remote: SERVER },
  ];
}

const AT = 1;
/** Long past every timer the engine runs (the longest, R2 counted in retransmissions, ends well before). */
const LATER = 100_000_000;

/** What a situation is handed: each probe a few events, and which of the three ways it tries (if any). */
function probes(s: Situation): { way: Way | 'time' | null; events: HostEvent[] }[] {
  const tcb = connectionTo(s.host, s.remote);
  const local = tcb?.local ?? s.host.listener?.local ?? `${s.host.address}:49152`;
  const rcvNxt = tcb?.rcvNxt ?? 0;
  const sndNxt = tcb?.sndNxt ?? 0;
  const sndUna = tcb?.sndUna ?? 0;
  const remote = s.remote;
  const arrives = (bits: ControlBit[], data = '', seq = rcvNxt, ack = sndNxt): HostEvent => ({
    kind: 'segment',
    at: AT,
    segment: { src: remote, dst: local, seq, ack: bits.includes('ACK') ? ack : 0, flags: flags(...bits), wnd: 4_096, data },
  });
  const calls: HostEvent[] = [
    { kind: 'listen', at: AT, port: 80 },
    { kind: 'connect', at: AT, remote },
    { kind: 'send', at: AT, remote, data: 'x' },
    { kind: 'receive', at: AT, remote },
    { kind: 'accept', at: AT },
    { kind: 'unlisten', at: AT },
    { kind: 'close', at: AT, remote },
    { kind: 'close', at: AT, remote, shutdown: true },
  ];
  const segments: HostEvent[] = [
    arrives(['SYN']),
    arrives(['SYN', 'ACK']),
    arrives(['ACK']),
    arrives(['FIN', 'ACK']),
    arrives(['ACK'], 'x'),
    arrives(['FIN', 'ACK'], 'x'),
    // A FIN that does not acknowledge ours (the FINs crossed).
    arrives(['FIN', 'ACK'], '', rcvNxt, sndUna),
    // Data that starts below RCV.NXT and runs past it (after the peer's FIN, the new data Linux resets on).
    arrives(['ACK'], 'xy', rcvNxt - 1),
  ];
  return [
    { way: 'rst', events: [arrives(['RST'])] },
    { way: 'rst', events: [arrives(['RST', 'ACK'])] },
    { way: 'abort', events: [{ kind: 'abort', at: AT, remote }] },
    { way: 'time', events: [{ kind: 'tick', at: LATER }] },
    // Data in flight that is never acknowledged: the retransmission timer, then R2 or the user timeout.
    { way: 'time', events: [{ kind: 'send', at: AT, remote, data: 'x' }, { kind: 'tick', at: LATER }] },
    ...calls.map((e) => ({ way: null, events: [e] })),
    ...segments.map((e) => ({ way: null, events: [e] })),
    // Data left unread, then close() (Linux resets instead of sending a FIN).
    { way: null, events: [arrives(['ACK'], 'x'), { kind: 'close', at: AT + 1, remote }] },
  ];
}

interface Exit {
  to: TcpState;
  rule: RuleId;
  way: Way | null;
}

/** Every state change the engine makes from each state, under both profiles, with the way it was made. */
function engineExits(): Map<TcpState, Exit[]> {
  const exits = new Map<TcpState, Exit[]>(TCP_STATES.map((s) => [s, []]));
  for (const profile of PROFILES) {
    for (const s of situations(profile)) {
      for (const probe of probes(s)) {
        let host = s.host;
        for (const event of probe.events) {
          const r = step(host, event);
          if (!r.ok) continue;
          host = r.host;
          for (const o of r.outputs) {
            if (o.kind !== 'state' || o.from !== s.state) continue;
            // Time passing ends a state by giving up only through a timer rule (R2, the user timeout);
            // 2×MSL and Linux's FIN-WAIT-2 timeout are ways out of their own.
            const way = probe.way === 'time' ? (o.rule.startsWith('timer.') ? 'give-up' : null) : probe.way;
            exits.get(s.state)!.push({ to: o.to, rule: o.rule, way });
          }
        }
      }
    }
  }
  return exits;
}

const EXITS = engineExits();

/** The states a "How it leaves" line sends the connection to: each one right after an arrow. */
function destinations(line: string): TcpState[] {
  return [...line.matchAll(/→\s*([A-Z][A-Z0-9-]*)/g)].map((m) => m[1]!).filter(isTcpState);
}

const leaveLines = (state: TcpState, lang: Lang): string[] => STATE_GLOSSARY[state].leave.map((l) => l[lang]);

describe('How it leaves, against the engine', () => {
  it('the engine is probed for every state, and leaves most of them by a RST, abort() and giving up', () => {
    for (const state of TCP_STATES) expect(EXITS.get(state)!.length, state).toBeGreaterThan(0);
    const by = (way: Way) => TCP_STATES.filter((s) => EXITS.get(s)!.some((e) => e.way === way));
    expect(by('rst')).toEqual(['SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT']);
    expect(by('abort')).toEqual(['SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT']);
    // FIN-WAIT-2 and TIME-WAIT have nothing left to retransmit.
    expect(by('give-up')).toEqual(['SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK']);
  });

  for (const state of TCP_STATES) {
    describe(state, () => {
      const exits = EXITS.get(state)!;
      const reached = new Set(exits.map((e) => e.to));

      it('every state a line sends the connection to is one the engine goes to from here', () => {
        for (const lang of LANGS) {
          for (const line of leaveLines(state, lang)) {
            for (const to of destinations(line)) expect([...reached], `${state} (${lang}): “${line}”`).toContain(to);
          }
        }
      });

      it('every state the engine goes to from here is named, and (but CLOSED) names this one among its ways in', () => {
        for (const lang of LANGS) {
          const named = new Set(leaveLines(state, lang).flatMap(destinations));
          for (const e of exits) {
            expect([...named], `${state} → ${e.to} (${e.rule}), ${lang}`).toContain(e.to);
            if (e.to !== 'CLOSED') {
              expect(STATE_GLOSSARY[e.to].enter.map((l) => l[lang]).join(' '), `the ways into ${e.to} (${lang}): from ${state} (${e.rule})`).toContain(state);
            }
          }
        }
      });

      it('a RST, abort() and giving up on retransmissions each have a line with where they go, wherever the engine has them', () => {
        for (const way of WAYS) {
          for (const e of exits.filter((x) => x.way === way)) {
            for (const lang of LANGS) {
              const lines = leaveLines(state, lang).filter((l) => SAYS[way][lang].test(l) && destinations(l).includes(e.to));
              expect(lines, `${state}: ${way} → ${e.to} (${e.rule}), ${lang}`).not.toEqual([]);
            }
          }
        }
      });

      it('a line that says a RST, abort() or giving up sends the connection only where the engine goes that way', () => {
        for (const way of WAYS) {
          const there = exits.filter((x) => x.way === way).map((x) => x.to);
          for (const lang of LANGS) {
            for (const line of leaveLines(state, lang).filter((l) => SAYS[way][lang].test(l))) {
              for (const to of destinations(line)) expect(there, `${state} (${lang}), ${way}: “${line}”`).toContain(to);
            }
          }
        }
      });
    });
  }
});

describe('TIME-WAIT and a RST (RFC 9293 §3.10.7.4; RFC 1337)', () => {
  it('closes in both profiles, as its line says; with the RFC 1337 option on, the engine ignores the RST, as the line says too', () => {
    const rst = EXITS.get('TIME-WAIT')!.filter((e) => e.way === 'rst');
    expect(rst.map((e) => [e.to, e.rule])).toEqual([
      ['CLOSED', 'rst.time-wait-assassination'],
      ['CLOSED', 'rst.time-wait-assassination'],
      ['CLOSED', 'rst.time-wait-assassination'],
      ['CLOSED', 'rst.time-wait-assassination'],
    ]);
    for (const profile of PROFILES) {
      const { client } = timeWait({ profile, config: { rfc1337: true } });
      const tcb = connectionTo(client, SERVER)!;
      const r = step(client, { kind: 'segment', at: AT, segment: { src: SERVER, dst: tcb.local, seq: tcb.rcvNxt, ack: 0, flags: flags('RST'), wnd: 0, data: '' } });
      expect(r.ok && r.outputs.map((o) => o.rule)).toEqual(['rst.time-wait-rfc1337']);
    }
    const line = STATE_GLOSSARY['TIME-WAIT'].leave.find((l) => SAYS.rst.en.test(l.en))!;
    expect(line.en).toContain('both profiles');
    expect(line.en).toContain('RFC 1337');
    expect(line['zh-CN']).toContain('RFC 1337');
  });
});
