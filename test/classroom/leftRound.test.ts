/**
 * A student who leaves a class round mid-way: the bot plays their host on from where they stopped
 * and scores nothing. What the pair's progress says of it (progress.ts botFrom, read from the
 * round's own decisions), and what the results and their CSV keep, so a teacher does not read the
 * low score of a round the bot finished as the student's.
 */
import { describe, expect, it } from 'vitest';
import { hintFor, stepRound } from '../../shared/game/round.ts';
import { playedState } from '../../shared/game/views.ts';
import type { Round } from '../../shared/game/types.ts';
import { pairProgress, type ClassLink } from '../../server/classroom/progress.ts';
import { CSV_HEADER, resultsCsv, resultsOfPair } from '../../server/classroom/results.ts';
import { playAgainstBot, startRound } from '../game/play.ts';

const link: ClassLink = { classId: 'c', roundNo: 2, pairNo: 1, students: { client: { studentId: 'ada', name: 'Ada' }, server: { studentId: 'bob', name: 'Bob' } } };
const noThinking = () => 0;

function step(r: Round, event: Parameters<typeof stepRound>[1]): Round {
  const res = stepRound(r, event);
  if (!res.ok) throw new Error(res.rejection.detail);
  return res.round;
}

/** Ada (client) and Bob (server) play the handshake with right moves until Ada has made `decisions` of hers. */
function playedUntil(decisions: number): Round {
  let r = startRound('handshake', 'client', { controllers: { client: 'human', server: 'human' } });
  for (let i = 0; i < 200 && r.decisions.filter((d) => d.side === 'client').length < decisions; i++) {
    const side = (['server', 'client'] as const).find((s) => r.hosts[s].decision);
    if (side) r = step(r, { kind: 'move', at: r.now, side, decisionId: r.hosts[side].decision!.id, move: hintFor(r, side)! });
    else r = step(r, { kind: 'advance', at: r.now + 50 });
  }
  return r;
}

describe('a class round a student left, the bot playing their host on', () => {
  it('says in what state the bot took the host over: where the student’s last decision left it', () => {
    const before = playedUntil(1);
    const leftIn = playedState(before, before.hosts.client);
    expect(leftIn).toBe('SYN-SENT');
    // Ada leaves: the bot takes her host over, and Bob plays the round to its end against it.
    const finished = playAgainstBot(step(before, { kind: 'takeover', at: before.now, side: 'client' }), 'server');
    expect(finished.finished).toBe(true);
    expect(finished.decisions.some((d) => d.side === 'client' && d.by === 'bot')).toBe(true);
    const progress = pairProgress(finished, link, 'room', noThinking);
    expect(progress.hosts.client).toMatchObject({ name: 'Ada', controller: 'bot', botFrom: 'SYN-SENT' });
    expect(progress.hosts.server.botFrom, 'Bob played his host to the end').toBeUndefined();
    // Ada's row: her one decision's points, none of the bot's, and the state it took over in.
    const rows = resultsOfPair(progress);
    expect(rows.map((r) => [r.name, r.botFrom ?? null, r.judged])).toEqual([['Ada', 'SYN-SENT', 1], ['Bob', null, finished.hosts.server.judged]]);
    expect(rows[0]!.score).toBe(finished.decisions.filter((d) => d.side === 'client' && d.by === 'human').reduce((n, d) => n + d.points + d.bonus, 0));
  });

  it('a student the bot played for from the start (never sat down) is taken over in CLOSED; the bot of an odd student plays for nobody', () => {
    const benched = playAgainstBot(startRound('handshake', 'server'), 'server');
    expect(pairProgress(benched, link, 'room', noThinking).hosts.client.botFrom).toBe('CLOSED');
    const odd: ClassLink = { ...link, students: { client: null, server: link.students.server } };
    expect(pairProgress(benched, odd, 'room', noThinking).hosts.client.botFrom).toBeUndefined();
  });

  it('the CSV’s bot_from column holds that state, and is empty for a student who played to the end and for rows stored before it was kept', () => {
    const row = { classId: 'c', roundNo: 2, studentId: 'ada', name: 'Ada', pairNo: 1, side: 'client', partner: 'Bob', scenarioId: 'handshake', score: 3, judged: 1, correct: 1, roundMs: 0, thinkMs: 0, endReason: 'complete', roundId: 'r', rules: {} };
    const lines = resultsCsv([{ ...row, botFrom: 'SYN-SENT' }, { ...row, studentId: 'bob', name: 'Bob', side: 'server', partner: 'Ada' }]).trim().split('\r\n').map((l) => l.split(','));
    const col = CSV_HEADER.indexOf('bot_from');
    expect(col).toBeGreaterThan(CSV_HEADER.indexOf('end'));
    expect(lines.slice(1).map((l) => [l[CSV_HEADER.indexOf('student')], l[col]])).toEqual([['Ada', 'SYN-SENT'], ['Bob', '']]);
  });
});
