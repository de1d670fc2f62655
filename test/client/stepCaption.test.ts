/**
 * The caption under the state diagram names what caused the last step. SYN-SENT → CLOSED is the
 * drawing's CLOSE arrow, but in "connection refused" a RST caused it: the caption said "(CLOSE)",
 * as if the application had closed, beside a flow graph showing the RST.
 */
import { describe, expect, it } from 'vitest';
import { stepCaption } from '../../client/components/stateDiagramLayout.ts';
import { stateChangesOf } from '../../client/net/roundLog.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { roundView } from '../../shared/game/views.ts';
import { playAgainstBot, startRound } from '../game/play.ts';

describe('the last step under the state diagram', () => {
  it('connection refused, as the client: SYN-SENT → CLOSED is captioned "rcv RST" (the RST that caused it), not "CLOSE"', () => {
    const round = playAgainstBot(startRound('connection-refused', 'client'), 'client');
    const changes = stateChangesOf(roundView(round, 'client')).filter((c) => c.host === 'client');
    const last = changes.at(-1)!;
    expect([changes.at(-2)?.state, last.state]).toEqual(['SYN-SENT', 'CLOSED']);
    const key = stepCaption('SYN-SENT', 'CLOSED', last.rule);
    expect(key).toBe('states.edge.rcvRst');
    expect([en[key as keyof typeof en], zhCN[key as keyof typeof zhCN]]).toEqual(['rcv RST', '收到 RST']);
  });

  it('a step the drawing shows keeps its arrow\'s caption (TIME-WAIT → CLOSED: Timeout = 2MSL), and so does one whose rule is not known (a capture)', () => {
    const round = playAgainstBot(startRound('handshake', 'client'), 'client');
    const last = stateChangesOf(roundView(round, 'client')).filter((c) => c.host === 'client').at(-1)!;
    expect(stepCaption('TIME-WAIT', 'CLOSED', last.rule)).toBe('states.edge.timeout');
    expect(stepCaption('SYN-SENT', 'CLOSED')).toBe('states.edge.close');
  });
});
