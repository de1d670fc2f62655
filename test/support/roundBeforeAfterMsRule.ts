/**
 * A round stored before an application's pause (AppStep `afterMs`) was counted from the moment its
 * condition was met: handshake, the client played in real time (the world does not wait while the
 * player thinks; here, 300 ms for each decision) against the textbook bot, recorded with the engine
 * of commit 529549a. Then "close, 400 ms after established" counted from connect() at 0 s: the
 * client, ESTABLISHED at 1.2 s, was asked to close at once, and its player answered at 1.5 s.
 * Its settings are as they were stored, without RoundSettings.afterMsFrom.
 */
import type { RoundEvent, RoundSettings } from '../../shared/game/types.ts';

export const ROUND_BEFORE_AFTER_MS_RULE: { settings: RoundSettings; log: RoundEvent[]; scores: { client: number; server: number }; clientStates: string[] } = {
  settings: { scenarioId: 'handshake', mode: 'coach', seed: 7, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' },
  log: [
    { kind: 'advance', at: 0 },
    { kind: 'advance', at: 300 },
    { kind: 'move', at: 300, side: 'client', decisionId: 1, move: { state: 'SYN-SENT', segments: [{ flags: { SYN: true, ACK: false, FIN: false, RST: false }, seq: 4226822969, ack: 0, data: '' }] } },
    { kind: 'advance', at: 600 },
    { kind: 'advance', at: 900 },
    { kind: 'advance', at: 1200 },
    { kind: 'move', at: 1200, side: 'client', decisionId: 2, move: { state: 'ESTABLISHED', segments: [{ flags: { SYN: false, ACK: true, FIN: false, RST: false }, seq: 4226822970, ack: 2793747517, data: '' }] } },
    { kind: 'advance', at: 1500 },
    { kind: 'move', at: 1500, side: 'client', decisionId: 3, move: { state: 'FIN-WAIT-1', segments: [{ flags: { SYN: false, ACK: true, FIN: true, RST: false }, seq: 4226822970, ack: 2793747517, data: '' }] } },
    { kind: 'advance', at: 1800 },
    { kind: 'advance', at: 2100 },
    { kind: 'advance', at: 2400 },
    { kind: 'move', at: 2400, side: 'client', decisionId: 4, move: { state: 'FIN-WAIT-2', segments: [] } },
    { kind: 'move', at: 2400, side: 'client', decisionId: 5, move: { state: 'TIME-WAIT', segments: [{ flags: { SYN: false, ACK: true, FIN: false, RST: false }, seq: 4226822971, ack: 2793747518, data: '' }] } },
    { kind: 'advance', at: 2700 },
    { kind: 'advance', at: 242100 },
    { kind: 'advance', at: 242400 },
    { kind: 'move', at: 242400, side: 'client', decisionId: 6, move: { state: 'CLOSED', segments: [] } },
  ],
  scores: { client: 53, server: 0 },
  clientStates: ['SYN-SENT@300', 'ESTABLISHED@1200', 'FIN-WAIT-1@1500', 'FIN-WAIT-2@2400', 'TIME-WAIT@2400', 'CLOSED@242400'],
};
