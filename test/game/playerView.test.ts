/**
 * Once a round is over, the room sends each player its own view with the round's settings and log
 * (views.ts playerView), not the finished view; the browser plays the round again with the same
 * engine (finishedView). These tests hold that to what the room used to send: for every scenario,
 * either host played by a person against each bot, right and wrong answers, hints, a bot taking the
 * host over and handing it back, on a lossy wire, and rounds that end complete, resigned, stopped by
 * a teacher or out of time, the view put back together from the entries a player receives
 * (ViewWriter, then ViewReader, as over the wire) and played again equals the finished view made
 * from the live round, field for field. While the round is played, a player's view is its
 * roundView, as before. And the patch that ends a round is smaller.
 */
import { describe, expect, it } from 'vitest';
import { createRound, hintFor, nextEventAt, scenarioOf, stepRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { BOT_PERSONALITIES, type Round, type RoundEvent } from '../../shared/game/types.ts';
import { finishedView, playerView, roundView, type RoundView } from '../../shared/game/views.ts';
import { ViewReader, ViewWriter } from '../../shared/game/viewEntries.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import { lossyRound, playersAnswer } from './play.ts';

type Ending = 'played out' | 'resigned' | 'stopped';

/** A round played to its end, and what the player's entries carried at each step (bytes set). */
function play(scenarioId: string, human: Side, personality: (typeof BOT_PERSONALITIES)[number], mode: 'coach' | 'consequences', seed: number, ending: Ending): Round {
  let r = lossyRound(scenarioId, human, personality, mode, seed);
  const limit = r.settings.timeLimitMs ?? scenarioOf(r).timeLimitMs;
  let takenOver: Side | null = null;
  for (let i = 0; i < 2_000 && !r.finished; i++) {
    const waiting = SIDES.find((s) => r.hosts[s].decision);
    let event: RoundEvent;
    if (i === 25 && ending !== 'played out') event = ending === 'resigned' ? { kind: 'resign', at: r.now, side: human } : { kind: 'stop', at: r.now };
    else if (waiting && i === 12 && mode === 'coach') {
      event = { kind: 'takeover', at: r.now, side: waiting };
      takenOver = waiting;
    } else if (takenOver !== null && i === 18) event = { kind: 'handback', at: r.now, side: takenOver };
    else if (waiting && i % 7 === 3 && !r.hosts[waiting].decision!.revealed) event = { kind: 'reveal', at: r.now, side: waiting, decisionId: r.hosts[waiting].decision!.id };
    else if (waiting) {
      const d = r.hosts[waiting].decision!;
      event = { kind: 'move', at: r.now, side: waiting, decisionId: d.id, move: d.attempts >= 2 ? hintFor(r, waiting)! : playersAnswer(hintFor(r, waiting)!, i) };
    } else {
      const at = nextEventAt(r);
      event = { kind: 'advance', at: at === null ? limit : Math.min(at, limit) };
    }
    const res = stepRound(r, event);
    if (!res.ok) break;
    r = res.round;
  }
  return r;
}

/** What a player's browser holds: the view written as entries and read back, as over the wire. */
function overTheWire(view: RoundView): RoundView {
  const entries = new Map<string, string>();
  new ViewWriter().write(view, entries);
  return new ViewReader<RoundView>().read(entries)!;
}

const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe("a finished round's view is played again in the browser, and is the view the room made", () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.id}: every ending, either host, each bot`, () => {
      let rounds = 0;
      BOT_PERSONALITIES.forEach((personality, i) => {
        const human = scenario.roles[i % scenario.roles.length] ?? 'client';
        for (const ending of ['played out', 'resigned', 'stopped'] as const) {
          const r = play(scenario.id, human, personality, i % 2 === 0 ? 'coach' : 'consequences', 11 + i, ending);
          expect(r.finished, `${personality} ${ending}`).toBe(true);
          const sent = overTheWire(playerView(r, human));
          expect(sent.finished).toBe(true);
          expect(sent.endReason).toBe(r.endReason);
          expect(asJson(finishedView(sent)), `${personality} ${ending} (${r.endReason})`).toEqual(asJson(roundView(r, human)));
          rounds += 1;
        }
      });
      expect(rounds).toBe(BOT_PERSONALITIES.length * 3);
    });
  }

  it('while the round is played a player is sent its roundView, nothing more; once over, its own view (one host, its verdicts) and the log', () => {
    let r = play('active-close-client', 'client', 'textbook', 'coach', 7, 'played out');
    expect(playerView(r, 'client').ended?.log).toBe(r.log);
    // The peer's state, the peer's state changes and the wire are in the finished view only.
    const own = playerView(r, 'client');
    const finished = roundView(r, 'client');
    expect([own.hosts.server.state, finished.hosts.server.state]).toEqual([null, 'CLOSED']);
    expect(own.states.length).toBeLessThan(finished.states.length);
    expect([own.wireShown, own.timeline, own.inputs]).toEqual([false, null, null]);
    expect(own.verdicts.every((v) => v.side === 'client')).toBe(true);
    const created = createRound({ scenarioId: 'handshake', mode: 'coach', seed: 3, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' });
    if (!created.ok) throw new Error(created.rejection.detail);
    r = created.round;
    for (let i = 0; i < 6; i++) {
      const d = r.hosts.client.decision;
      const res = stepRound(r, d ? { kind: 'move', at: r.now, side: 'client', decisionId: d.id, move: hintFor(r, 'client')! } : { kind: 'advance', at: nextEventAt(r) ?? r.now });
      if (!res.ok) throw new Error(res.rejection.detail);
      r = res.round;
      expect(r.finished).toBe(false);
      expect(playerView(r, 'client')).toEqual(roundView(r, 'client'));
    }
  });

  it('the patch that ends a round carries a third or less of what the finished view did (active-close-client: 9.5 KB of entries before)', () => {
    for (const scenarioId of ['active-close-client', 'syn-flood', 'lost-syn-ack']) {
      const before = new Map<string, string>();
      const after = new Map<string, string>();
      const oldWriter = new ViewWriter();
      const newWriter = new ViewWriter();
      const created = createRound({ scenarioId, mode: 'coach', seed: 7, controllers: { client: 'human', server: 'bot' }, personality: 'textbook' });
      if (!created.ok) throw new Error(created.rejection.detail);
      let r = created.round;
      let last = { old: 0, new: 0 };
      for (let i = 0; i < 2_000 && !r.finished; i++) {
        const d = r.hosts.client.decision;
        const res = stepRound(r, d ? { kind: 'move', at: r.now, side: 'client', decisionId: d.id, move: hintFor(r, 'client')! } : { kind: 'advance', at: nextEventAt(r) ?? scenarioOf(r).timeLimitMs });
        if (!res.ok) throw new Error(res.rejection.detail);
        r = res.round;
        last = { old: bytesWritten(oldWriter, roundView(r, 'client'), before), new: bytesWritten(newWriter, playerView(r, 'client'), after) };
      }
      expect(r.finished).toBe(true);
      expect(last.new, `${scenarioId}: ${last.new} B against ${last.old} B`).toBeLessThanOrEqual(last.old / 3);
    }
  });
});

/** The bytes of the entries a write sets (what its patch carries, less Colyseus' own framing). */
function bytesWritten(writer: ViewWriter, view: RoundView, entries: Map<string, string>): number {
  let bytes = 0;
  const counting = { get: (k: string) => entries.get(k), set: (k: string, v: string) => ((bytes += k.length + v.length), entries.set(k, v)), delete: (k: string) => ((bytes += k.length), entries.delete(k)), forEach: (f: (v: string, k: string) => void) => entries.forEach(f) };
  writer.write(view, counting);
  return bytes;
}
