/**
 * An independent TCP (test/support/independentTcp.ts: written from RFC 9293, RFC 5961 and Linux's
 * behaviour, importing nothing of the engine or the judge) plays every scenario in both roles,
 * under both profiles, on the scenario's wire and on a jittery one (loss, copies, reordering) against
 * each bot personality, answering each decision from
 * what the player's view shows. A correct TCP's answer must be accepted at the first try: a
 * decision it loses names either a mistake of the model or a judge too strict for RFC 9293.
 * Where RFC 9293 allows more than one answer the model sometimes takes the other one (a delayed
 * ACK, no extra ACK or the seq-check reading in a simultaneous open, a RST with or without ACK),
 * and the game must follow it there; in consequences mode too. Stray segments (a RST, SYN, ACK or
 * FIN at a moment and sequence number of their own) reach the states the scenarios pass through.
 * Large sweeps: test/support/sweepRun.ts and strayRun.ts.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import type { DecisionRecord, RoundSettings } from '../../shared/game/types.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { playModel, STRAY_ISS, withStray, type Stray } from '../support/modelRound.ts';

const JITTERY = symmetricWire({ delayMs: 300, loss: 0.3, duplicate: 0.2, reorder: 0.2 });
const REORDER = symmetricWire({ delayMs: 300, reorder: 0.5 });
/** To look further: QA_SEEDS=20 QA_BOT=flooder npx vitest run test/game/independentModel.test.ts (20 jittery seeds with that bot). */
const EXPLORE = Number(process.env['QA_SEEDS'] ?? 0);
const BOT = (process.env['QA_BOT'] ?? 'textbook') as RoundSettings['personality'];
/** How often the model takes another allowed answer (QA_OTHER, default 0.3 when exploring). */
const OTHER = Number(process.env['QA_OTHER'] ?? 0.3);
const WIRES: [string, Partial<RoundSettings>, number][] = EXPLORE
  ? Array.from({ length: EXPLORE }, (_, i): [string, Partial<RoundSettings>, number] => [`${BOT} bot, jittery wire, seed ${100 + i}`, { seed: 100 + i, personality: BOT, wire: JITTERY }, OTHER])
  : [
      ['textbook bot, its own wire', {}, 0],
      ['textbook bot, jittery wire (seed 3)', { seed: 3, wire: JITTERY }, 0],
      ['rude bot, jittery wire (seed 8)', { seed: 8, personality: 'rude', wire: JITTERY }, 0],
      ['forgetful bot, jittery wire (seed 6)', { seed: 6, personality: 'forgetful', wire: JITTERY }, 0],
      ['flooder bot, jittery wire (seed 5)', { seed: 5, personality: 'flooder', wire: JITTERY }, 0],
      // The model holds back ACKs and takes the other allowed answers; with the flooder (seed 113) a
      // held-back ACK's timer once ran out together with a half-open SYN-ACK's.
      ['textbook bot, jittery wire (seed 3), other allowed answers', { seed: 3, wire: JITTERY }, 0.5],
      ['flooder bot, jittery wire (seed 113), other allowed answers', { seed: 113, personality: 'flooder', wire: JITTERY }, 0.3],
      ['rude bot, consequences mode, jittery wire (seed 21), other allowed answers', { seed: 21, personality: 'rude', mode: 'consequences', wire: JITTERY }, 0.3],
    ];

describe('an independent TCP is right at the first try at every decision', () => {
  for (const scenario of SCENARIOS) {
    for (const profile of ['rfc9293', 'linux'] as const) {
      for (const [wireName, wire, other] of WIRES) {
        it(`${scenario.id}, ${profile}, ${wireName}: both roles`, () => {
          for (const side of ['client', 'server'] as const) {
            const { decisions, refused } = playModel(scenario.id, side, { ...wire, profile }, other);
            expect(decisions, `${side} decided`).toBeGreaterThan(0);
            expect(refused, `${side}`).toEqual([]);
          }
        });
      }
    }
  }
});

/** Single rounds of the sweeps that found a disagreement (the rest of their sweep agreed). */
const FOUND: [string, 'client' | 'server', Partial<RoundSettings>, number, string][] = [
  ['syn-flood', 'server', { seed: 1005, personality: 'forgetful', profile: 'linux', wire: JITTERY }, 0.3, 'a FIN two minutes after the last SYN queue overflow is no cookie ACK'],
  ['why-three', 'server', { seed: 1075, personality: 'flooder', profile: 'linux', wire: JITTERY }, 0.3, 'a late FIN answering a half-open entry\'s SYN-ACK (no cookie) after an overflow'],
  ['abort-rst', 'server', { seed: 113, personality: 'flooder', profile: 'linux', wire: JITTERY }, 0.3, 'a held-back ACK\'s timer runs out with a half-open SYN-ACK\'s'],
  // Fixed ISNs desynchronize the two hosts and they acknowledge each other's unacceptable ACKs:
  // the round ran on without end; rate-limited ACKs and the game's ACK-loop end stop it.
  ['isn-fixed', 'client', { seed: 159, personality: 'rude', profile: 'linux', wire: REORDER }, 0, 'an ACK loop ends the round'],
  ['isn-fixed', 'client', { seed: 159, personality: 'rude', profile: 'rfc9293', wire: REORDER }, 0, 'an ACK loop ends the round'],
  ['isn-fixed', 'server', { seed: 135, personality: 'flooder', profile: 'linux', wire: REORDER }, 0.3, 'a challenge ACK of a connection since reset does not throttle its successor'],
];

/**
 * Linux orphans (the application called close()), met by the model on its own side: it gives the
 * FIN up by tcp_orphan_retries' time, worked out by itself, not by the prompt's count; and deletes an
 * orphan's FIN-WAIT-2 after tcp_fin_timeout. Each round must reach that decision, and agree.
 */
const LOSSY = symmetricWire({ delayMs: 250, loss: 0.45 });
const ORPHANS: [string, 'client' | 'server', Partial<RoundSettings>, (d: DecisionRecord) => boolean, string][] = [
  ['isn-fixed', 'server', { seed: 158, personality: 'textbook', profile: 'linux', wire: LOSSY }, (d) => d.expected.stateRule === 'timer.data-give-up', 'LAST-ACK: the FIN given up at 127 s (tcp_orphan_retries)'],
  ['isn-fixed', 'client', { seed: 186, personality: 'forgetful', profile: 'linux', wire: LOSSY }, (d) => d.timer === 'fin-wait-2', 'FIN-WAIT-2: deleted after tcp_fin_timeout'],
];

describe('linux orphans: the independent TCP agrees where the application has let go', () => {
  for (const [scenarioId, side, settings, reached, what] of ORPHANS) {
    it(`${scenarioId}, ${settings.personality} bot, lossy wire, seed ${settings.seed}, ${side}: ${what}`, () => {
      const { refused, round } = playModel(scenarioId, side, settings, 0);
      expect(round.decisions.filter((d) => d.side === side && d.by === 'human').some(reached)).toBe(true);
      expect(refused).toEqual([]);
      expect(round.endReason).toBe('complete');
    });
  }
});

describe('rounds the sweeps found', () => {
  for (const [scenarioId, side, settings, other, what] of FOUND) {
    it(`${scenarioId}, ${settings.profile}, ${settings.personality} bot, seed ${settings.seed}, ${side}: ${what}`, () => {
      const { decisions, refused } = playModel(scenarioId, side, settings, other);
      expect(decisions).toBeGreaterThan(0);
      expect(refused).toEqual([]);
    });
  }
});

/**
 * Stray segments that found a disagreement, each in the state it reaches (ISNs fixed: client 1000,
 * server 5000). RFC 9293 §3.10.7.4 and Linux for each: TIME-WAIT acknowledges whatever passes the
 * sequence check but a bare ACK at RCV.NXT; CLOSE-WAIT takes no FIN after the first; a SYN-ACK
 * reaching a passive SYN-RECEIVED is below RCV.NXT (ACK, stay); without a SYN queue overflow an ACK
 * to LISTEN is no SYN cookie (RST); CLOSE-WAIT ignores text (and sends nothing) wherever it starts,
 * where Linux resets a connection whose receive side is shut (its FIN came, or close() orphaned it)
 * when new data reaches it.
 */
const { client: C, server: S } = STRAY_ISS;
const STRAYS: [string, string, Stray][] = [
  ['handshake', 'TIME-WAIT: a bare ACK past RCV.NXT that acknowledges unsent data', { at: 2_000, from: 'server', flags: ['ACK'], seq: S + 13, ack: C + 7 }],
  ['handshake', 'TIME-WAIT: a FIN past the one taken', { at: 2_000, from: 'server', flags: ['FIN', 'ACK'], seq: S + 14, ack: C + 1 }],
  ['active-close-server', 'TIME-WAIT: a second FIN at RCV.NXT', { at: 2_000, from: 'client', flags: ['FIN', 'ACK'], seq: C + 7, ack: S + 1 }],
  ['simultaneous-close', 'TIME-WAIT: a bare ACK past RCV.NXT', { at: 2_000, from: 'client', flags: ['ACK'], seq: C + 6, ack: S + 7 }],
  ['half-close', 'CLOSE-WAIT: a second FIN', { at: 1_000, from: 'client', flags: ['FIN', 'ACK'], seq: C + 7, ack: S + 1 }],
  // The client takes a stray FIN at the server's SND.NXT (CLOSE-WAIT); the server's real data then
  // starts below RCV.NXT and reaches past that FIN: it passes the first check, its ACK field is
  // processed, and its text is ignored (§3.10.7.4 seventh, CLOSE-WAIT), with no ACK.
  ['data-on-third', 'CLOSE-WAIT after a stray FIN: data that starts below RCV.NXT and reaches past the FIN', { at: 900, from: 'server', flags: ['FIN', 'ACK'], seq: S + 1, ack: C + 2 }],
  // The client called close() and reads no more (an orphan in FIN-WAIT-1): new data that reaches it
  // is delivered and acknowledged (§3.10.7.4), or, under Linux, answered with a RST (§3.6.1 SHLD-3,
  // tcp_rcv_state_process: close.abort-on-data); so is a FIN beyond RCV.NXT.
  ['handshake', 'an orphan in FIN-WAIT-1: new data that acknowledges its FIN', { at: 1000, from: 'server', flags: ['ACK'], seq: S + 1, ack: C + 2, data: 'late' }],
  ['handshake', 'an orphan in FIN-WAIT-1: a FIN beyond RCV.NXT', { at: 1000, from: 'server', flags: ['FIN', 'ACK'], seq: S + 7, ack: C + 1 }],
  ['lost-syn-ack', 'passive SYN-RECEIVED: the client answers a stray SYN with a SYN-ACK', { at: 0, from: 'server', flags: ['SYN'], seq: S + 1, ack: 0 }],
  ['handshake', 'SYN-RECEIVED: an in-window SYN sends the server back to LISTEN; the ACK that follows is no cookie', { at: 500, from: 'client', flags: ['SYN'], seq: C + 2, ack: 0 }],
  ['data-on-third', 'a RST at the client\'s RCV.NXT', { at: 1_500, from: 'server', flags: ['RST'], seq: S + 1, ack: 0 }],
  ['active-close-client', 'an inexact RST with ACK', { at: 1_200, from: 'client', flags: ['RST', 'ACK'], seq: C + 2, ack: S + 1 }],
];

describe('stray segments: the independent TCP is right at the first try in the state each reaches', () => {
  for (const [baseId, what, stray] of STRAYS) {
    it(`${baseId}, ${what}: both profiles, both roles`, () => {
      withStray(baseId, stray, (id) => {
        for (const profile of ['rfc9293', 'linux'] as const) {
          for (const side of ['client', 'server'] as const) {
            const { decisions, refused } = playModel(id, side, { seed: 7 + stray.at, profile }, 0.3);
            expect(decisions, `${profile} ${side} decided`).toBeGreaterThan(0);
            expect(refused, `${profile} ${side}`).toEqual([]);
          }
        }
      });
    });
  }
});
