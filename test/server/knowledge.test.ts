/**
 * Each player learns only what its host could know (RFC 9293 §3.4, §3.8.1: a sender learns that
 * its segment got through only from an ACK covering it, and never learns of a loss but by the
 * silence after it). Two lossy rounds are played through the real rooms, a duel between two SDK
 * clients and a practice round against the bot, and every state each player decoded is read:
 * - no early fate: its own segments carry no arrival time, no loss, no "lost"/"arrived", only
 *   "sent" or "acknowledged" (with the arrival of an ACK that covers them in the same view);
 *   no segment shown arrives later than the room's clock; the wire's copies of its own segments
 *   do not exist for it; ids leave no gaps that would count segments it cannot see;
 * - the peer's totals move only when a segment of the peer's arrives (it carries them), and the
 *   public seats show no totals until the round is over;
 * - the room's clock reads the same whichever player decides.
 * When the round is over, both players see the wire's truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Move } from '../../shared/game/move.ts';
import type { RoundView, SegmentView } from '../../shared/game/views.ts';
import { segmentLength } from '../../shared/tcp/segment.ts';
import { seqAdd, seqLe } from '../../shared/tcp/seq.ts';
import { SIDES, type Side } from '../../shared/tcp/wire.ts';
import type { RoundRoom } from '../../server/rooms/RoundRoom.ts';
import { readView } from '../../shared/game/viewEntries.ts';
import { bootGame, correctAnswer, Player, playRound, serverRoom, type GameBooted } from './gameHarness.ts';

let booted: GameBooted;
beforeAll(async () => {
  booted = await bootGame();
});
afterAll(async () => {
  await booted.colyseus.shutdown();
});

interface Decoded {
  phase: string;
  clock: number;
  speed: number;
  seats: Record<string, { score: number; judged: number; correct: number }>;
  views: Record<string, { entries?: Record<string, string> }>;
}

/** The view a decoded state holds for `side`, read back from its entries (null: none yet). */
const viewIn = (state: Decoded, side: Side): RoundView | null => readView<RoundView>(state.views[side]?.entries ?? {});

const end = (f: SegmentView): number => seqAdd(f.seq, segmentLength({ flags: f.flags, data: f.data }));
const totals = (v: RoundView, side: Side): string => {
  const p = v.hosts[side];
  return `${p.score}/${p.judged}/${p.correct}/${p.streak}`;
};

/** Every decoded state of one player during the round (before the view says it is over). */
function duringRound(player: Player): { state: Decoded; view: RoundView }[] {
  const out: { state: Decoded; view: RoundView }[] = [];
  for (const json of player.states) {
    const state = JSON.parse(json) as Decoded;
    const view = viewIn(state, player.side!);
    if (!view || view.finished) continue;
    out.push({ state, view });
  }
  return out;
}

/** Checks every state a player decoded; returns what it saw, for the test to prove the checks had work to do. */
function checkWhatPlayerLearned(player: Player): { acknowledged: number; peerMoves: number } {
  const you = player.side!;
  const peer = you === 'client' ? 'server' : 'client';
  const seen = duringRound(player);
  expect(seen.length).toBeGreaterThan(10);
  let acknowledged = 0;
  let peerMoves = 0;
  let before: { totals: string; arrived: number } | null = null;
  for (const { state, view } of seen) {
    expect(view.you).toBe(you);
    expect(view.wireShown).toBe(false);
    const own = view.flights.filter((f) => f.from === you);
    const arrived = view.flights.filter((f) => f.from !== you);
    for (const f of own) {
      // What its TCP knows of its own segment: sent, or acknowledged; nothing of the wire.
      expect(f.arrivesAt).toBeNull();
      expect(f.lostAt).toBeNull();
      expect(['sent', 'acknowledged']).toContain(f.fate);
      expect(f.duplicate).toBe(false);
      expect(f.reordered).toBe(false);
      if (f.fate === 'acknowledged') {
        acknowledged++;
        // ...because a segment covering it arrived, and that segment is in this same view.
        expect(arrived.some((a) => a.arrivesAt === f.ackedAt && a.flags.ACK && seqLe(end(f), a.ack))).toBe(true);
      } else {
        expect(f.ackedAt).toBeNull();
      }
    }
    for (const f of arrived) {
      // The peer's segments only once they reached this host; while the clock stands (its anchor
      // is then the room's time exactly), none arrives after it.
      expect(f.fate).toBe('arrived');
      expect(f.arrivesAt).not.toBeNull();
      if (state.speed === 0) expect(f.arrivesAt!).toBeLessThanOrEqual(state.clock);
      expect(f.injected).toBe(false);
    }
    // Ids count only what this host knows of: 1..n, no gaps.
    expect(view.flights.map((f) => f.id)).toEqual(view.flights.map((_, i) => i + 1));
    // The view is as of what the host learned, never ahead of the room's clock (exact while it stands).
    if (state.speed === 0) expect(view.now).toBeLessThanOrEqual(state.clock);
    // No public totals during the round (they would tell who just answered, and whether rightly).
    for (const side of SIDES) expect(state.seats[side]).toMatchObject({ score: 0, judged: 0, correct: 0 });
    // The peer's totals move only with a segment of the peer's that arrived.
    const now = { totals: totals(view, peer), arrived: arrived.length };
    if (before && now.totals !== before.totals) {
      peerMoves++;
      expect(now.arrived, `${you} saw ${peer}'s totals move ${before.totals} → ${now.totals} with no new segment`).toBeGreaterThan(before.arrived);
    }
    before = now;
  }
  return { acknowledged, peerMoves };
}

/** Answers right, except every third decision names a wrong state (its segments stay right, so the round goes on). */
function answerWithSomeMistakes(): (p: Player, v: RoundView, r: RoundRoom) => Move | null {
  let n = 0;
  return (p, _v, r) => {
    const move = correctAnswer(r, p.side!);
    if (!move) return null;
    n++;
    return n % 3 === 0 ? { ...move, state: move.state === 'CLOSED' ? 'LISTEN' : 'CLOSED' } : move;
  };
}

/** Sample the public clock while players decide: what each player reads, and who was deciding. */
async function playSampling(room: RoundRoom, players: Player[], answer: (p: Player, v: RoundView, r: RoundRoom) => Move | null) {
  const samples: { deciders: string; speed: number }[] = [];
  const sample = (): void => {
    const round = room.round!;
    const deciders = SIDES.filter((s) => round.hosts[s].decision !== null && round.hosts[s].controller === 'human').join('+');
    for (const p of players) samples.push({ deciders, speed: (p.room.state as { speed: number }).speed });
  };
  await playRound(room, players, (p, v, r) => {
    sample();
    return answer(p, v, r);
  });
  return samples;
}

describe('what each player learns during a lossy round', () => {
  it('a duel with 30% loss: no early fate, no peer totals before a segment brings them, one clock whoever decides', async () => {
    const alice = await Player.join(booted, (c) => c.create('duel', { scenarioId: 'active-close-client', private: true, name: 'Alice', mode: 'consequences', loss: 0.3 }));
    const bob = await Player.join(booted, (c) => c.joinById(alice.room.roomId, { name: 'Bob' }));
    const room = serverRoom(booted, alice);
    const samples = await playSampling(room, [alice, bob], answerWithSomeMistakes());
    const round = room.round!;
    expect(round.finished).toBe(true);
    // The wire lost segments, and players answered wrongly: the checks below had something to hide.
    expect(round.flights.filter((f) => f.fate === 'lost').length).toBeGreaterThan(0);
    expect(round.decisions.some((d) => d.by === 'human' && !d.verdict.correct)).toBe(true);

    const seen = [checkWhatPlayerLearned(alice), checkWhatPlayerLearned(bob)];
    expect(seen.every((s) => s.acknowledged > 0 && s.peerMoves > 0)).toBe(true);

    // Game time stands still while anyone decides, and reads the same whoever it is.
    const speedWhile = (who: string): number[] => [...new Set(samples.filter((s) => s.deciders === who).map((s) => s.speed))];
    expect(speedWhile('client')).toEqual([0]);
    expect(speedWhile('server')).toEqual([0]);

    // After the round both players see the wire's truth: losses included.
    for (const p of [alice, bob]) {
      const final = p.view()!;
      expect(final.finished).toBe(true);
      expect(final.wireShown).toBe(true);
      expect(final.flights.some((f) => f.fate === 'lost' && f.lostAt !== null)).toBe(true);
      expect(p.room.state.seats.get(p.side!).score).toBe(round.hosts[p.side!].score);
    }
    await alice.room.leave();
    await bob.room.leave();
  });

  it('a practice round with 30% loss against the bot: no early fate, and the clock stands still only for the player', async () => {
    const pat = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'active-close-client', role: 'client', personality: 'textbook', mode: 'consequences', name: 'Pat', loss: 0.3 }));
    const room = serverRoom(booted, pat);
    const samples = await playSampling(room, [pat], answerWithSomeMistakes());
    const round = room.round!;
    expect(round.finished).toBe(true);
    expect(round.flights.filter((f) => f.fate === 'lost').length).toBeGreaterThan(0);
    const seen = checkWhatPlayerLearned(pat);
    expect(seen.acknowledged).toBeGreaterThan(0);
    expect([...new Set(samples.filter((s) => s.deciders === 'client').map((s) => s.speed))]).toEqual([0]);
    await pat.room.leave();
  });

  it('a beginner room shows the wire: the player sees its own segments arrive and die as they do', async () => {
    const pat = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'lost-syn', role: 'client', personality: 'textbook', name: 'Pat', showWire: true }));
    const room = serverRoom(booted, pat);
    await playRound(room, [pat], (p, _v, r) => correctAnswer(r, p.side!));
    const views = pat.states.map((s) => viewIn(JSON.parse(s) as Decoded, 'client')).filter((v): v is RoundView => v !== null && !v.finished);
    expect(views.every((v) => v.wireShown)).toBe(true);
    expect(views.some((v) => v.flights.some((f) => f.from === 'client' && f.fate === 'lost'))).toBe(true);
    expect(JSON.parse(room.state.settings)).toMatchObject({ wireShown: true, realTime: false });
    await pat.room.leave();
  });
});
