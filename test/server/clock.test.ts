/**
 * The room clock (shared/game/pace.ts, server/rooms/roundClock.ts): real time scaled into engine
 * time, standing still while the only human thinks, idle stretches (TIME-WAIT) skipped, and no
 * work and no patch while nothing is due. Then the real timer end to end: a practice room reaches
 * the end of a round by itself once answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRound, nextEventAt, runToEnd, stepRound, hintFor } from '../../shared/game/round.ts';
import { humanDeciding, planClock, roundDue, challengeParMs, challengeScore, PAR_BASE_MS, PAR_PER_DECISION_MS, type PaceSettings } from '../../shared/game/pace.ts';
import type { Round } from '../../shared/game/types.ts';
import { findScenario, SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { ManualTime, RoundClock } from '../../server/rooms/roundClock.ts';
import { bootGame, correctAnswer, Player, serverRoom, until, type GameBooted } from './gameHarness.ts';

const pace: PaceSettings = { scale: 0.5, fastForwardMs: 1_500, pauseWhileDeciding: true };

function round(scenarioId: string, human: 'client' | 'server' | null): Round {
  const created = createRound({ scenarioId, mode: 'consequences', seed: 7, controllers: { client: human === 'client' ? 'human' : 'bot', server: human === 'server' ? 'human' : 'bot' }, personality: 'textbook' });
  if (!created.ok) throw new Error(created.rejection.detail);
  return created.round;
}

function started(scenarioId: string, human: 'client' | 'server' | null): Round {
  const r = stepRound(round(scenarioId, human), { kind: 'advance', at: 0 });
  if (!r.ok) throw new Error('step');
  return r.round;
}

/** lost-final-ack played until the client sits in TIME-WAIT with nothing else to do. */
function inTimeWait(): Round {
  let current = started('lost-final-ack', null);
  for (let i = 0; i < 200; i++) {
    const next = nextEventAt(current);
    if (next === null || next - current.now > 1_500) break;
    const s = stepRound(current, { kind: 'advance', at: next });
    if (!s.ok) throw new Error('step');
    current = s.round;
  }
  return current;
}

describe('pacing the engine clock', () => {
  it('runs at the configured scale and wakes at the next event when something is near', () => {
    const r = started('lost-syn', null);
    const next = nextEventAt(r)!;
    expect(next).toBeLessThanOrEqual(1_500);
    expect(planClock(r, 0, pace)).toEqual({ speed: 0.5, wakeAt: next, skip: false });
  });

  it('stands still while the only human decides, and runs on in a duel', () => {
    const r = started('handshake', 'client');
    expect(humanDeciding(r)).toBe(true);
    expect(planClock(r, 0, pace)).toEqual({ speed: 0, wakeAt: null, skip: false });
    expect(planClock(r, 0, { ...pace, pauseWhileDeciding: false }).speed).toBe(0.5);
  });

  it('jumps over TIME-WAIT: nobody waits 2×MSL', () => {
    const current = inTimeWait();
    const wake = nextEventAt(current)!;
    expect(wake - current.now).toBeGreaterThan(30_000); // TIME-WAIT (Linux 60 s)
    expect(planClock(current, current.now, pace)).toEqual({ speed: 0.5, wakeAt: wake, skip: true });
    expect(roundDue(current, wake)).toBe(true);
    expect(hintFor(current, 'client')).toBeNull();
    expect(runToEnd(current).finished).toBe(true);
  });

  it("a challenge's par is the base plus a decision's time for each decision that host makes in the textbook round", () => {
    for (const scenario of SCENARIOS) {
      for (const side of scenario.roles) {
        const made = createRound({ scenarioId: scenario.id, mode: 'consequences', seed: 1, personality: 'textbook', controllers: { client: side === 'client' ? 'human' : 'bot', server: side === 'server' ? 'human' : 'bot' } });
        if (!made.ok) throw new Error(made.rejection.detail);
        const decisions = runToEnd(made.round).decisions.filter((d) => d.side === side).length;
        const par = challengeParMs(scenario, side);
        expect(par % 5_000).toBe(0);
        expect(par).toBeGreaterThanOrEqual(PAR_BASE_MS + PAR_PER_DECISION_MS * decisions);
        expect(par).toBeLessThan(PAR_BASE_MS + PAR_PER_DECISION_MS * decisions + 5_000);
      }
    }
    // Not one clock for all: a refused connection's server decides once, a flooded listener many times.
    const of = (id: string, side: Side): number => challengeParMs(findScenario(id)!, side);
    expect(of('connection-refused', 'server')).toBeLessThan(of('handshake', 'client'));
    expect(of('handshake', 'client')).toBeLessThan(of('syn-flood', 'server'));
  });

  it('gives a time bonus under par and none over it', () => {
    expect(challengeScore(50, 0, 90_000)).toEqual({ total: 70, timeBonus: 20 });
    expect(challengeScore(50, 45_000, 90_000)).toEqual({ total: 60, timeBonus: 10 });
    expect(challengeScore(50, 200_000, 90_000)).toEqual({ total: 50, timeBonus: 0 });
  });
});

describe('the room clock: an anchor and one timer', () => {
  function clockOn(r: Round) {
    const time = new ManualTime();
    const wakes: number[] = [];
    const clock = new RoundClock(time, pace, 50, (at) => wakes.push(at));
    clock.reset();
    clock.plan(r);
    return { time, wakes, clock };
  }

  it('runs on from its anchor without moving it, and wakes once, when the next event is due', () => {
    const r = started('lost-syn', null);
    const next = nextEventAt(r)!;
    const { time, wakes, clock } = clockOn(r);
    const anchor = clock.shown;
    expect(anchor).toEqual({ clock: 0, speed: 0.5 });
    time.advance(2 * next - 1);
    expect(wakes).toEqual([]);
    expect(clock.engineNow(r)).toBe(next - 1);
    expect(clock.shown).toEqual(anchor);
    time.advance(1);
    expect(wakes).toEqual([next]);
    time.advance(60_000);
    expect(wakes).toEqual([next]); // one timer, not a tick
  });

  it('has no timer at all while a person thinks and the world waits', () => {
    const r = started('handshake', 'client');
    const { time, wakes, clock } = clockOn(r);
    expect(clock.shown).toEqual({ clock: 0, speed: 0 });
    time.advance(600_000);
    expect(wakes).toEqual([]);
    expect(clock.engineNow(r)).toBe(0);
  });

  it('skips an idle stretch one tick after it starts, by moving the anchor there', () => {
    const r = inTimeWait();
    const wake = nextEventAt(r)!;
    const { time, wakes, clock } = clockOn(r);
    time.advance(49);
    expect(wakes).toEqual([]);
    time.advance(1);
    expect(wakes).toEqual([wake]);
    expect(clock.shown).toEqual({ clock: wake, speed: 0.5 });
    expect(clock.ageMs()).toBe(0);
  });
});

/** Real time whose timers all fire `lateMs` after they are due: a busy event loop. */
class LateTime extends ManualTime {
  private readonly lateMs: number;
  constructor(lateMs: number) {
    super();
    this.lateMs = lateMs;
  }
  override after(ms: number, fire: () => void): { clear(): void } {
    return super.after(ms + this.lateMs, fire);
  }
}

describe('the room clock when its wakes come late', () => {
  it('a person is asked at the instant the segment arrived, and the world waits there: nothing after it happens before the answer, and the answer lands at that instant', () => {
    // Handshake as the client: connect() answered, the SYN flies; the SYN-ACK's arrival asks the player.
    let r = started('handshake', 'client');
    const first = r.hosts.client.decision!;
    const answered = stepRound(r, { kind: 'move', at: r.now, side: 'client', decisionId: first.id, move: hintFor(r, 'client')! });
    if (!answered.ok) throw new Error('move');
    r = answered.round;
    // Every wake 400 real ms late: 200 engine ms at scale 0.5 (at the browser tests' scale 4, 1.6 s).
    const time = new LateTime(400);
    const clock: RoundClock = new RoundClock(time, pace, 50, (at) => {
      const stepped = stepRound(r, { kind: 'advance', at: clock.dueAt(at, r) });
      if (!stepped.ok) throw new Error('advance');
      r = stepped.round;
      clock.plan(r);
    });
    clock.reset();
    clock.plan(r);
    time.advance(20_000);
    const asked = r.hosts.client.decision!;
    expect(asked.event.kind).toBe('segment');
    expect(r.now).toBe(asked.at);
    // Standing for the player at that instant: its move is stepped there, not where real time ran to.
    expect(clock.engineNow(r)).toBe(asked.at);
    expect(clock.shown).toEqual({ clock: asked.at, speed: 0 });
  });
});

describe('a practice room on the manual clock', () => {
  let booted: GameBooted;
  beforeAll(async () => {
    booted = await bootGame();
  });
  afterAll(async () => {
    await booted.colyseus.shutdown();
  });

  it('does nothing and sends no patch while a segment flies; it wakes when the segment lands', async () => {
    const player = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'handshake', role: 'client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    await until(() => player.view()?.decision?.prompt.kind === 'app-call', 'connect() to answer');
    player.room.send('move', { decisionId: player.view()!.decision!.id, move: correctAnswer(room, 'client')! });
    await until(() => room.round!.flights.length === 1, 'the SYN on the wire');
    const synArrives = room.round!.flights[0]!.arrivesAt;
    const steps = room.round!.log.length;
    room.broadcastPatch(); // what the move changed goes out
    const anchor = { clock: room.state.clock, speed: room.state.speed };
    expect(anchor.speed).toBe(0.5);
    for (let engineMs = room.clockNow; engineMs + 50 < synArrives; engineMs += 50) {
      room.advanceClock(100); // 50 engine ms: the SYN is still on its way
      expect(room.broadcastPatch()).toBe(false);
    }
    expect(room.round!.log.length).toBe(steps);
    expect({ clock: room.state.clock, speed: room.state.speed }).toEqual(anchor);
    room.advanceClock(100);
    expect(room.round!.log.length).toBe(steps + 1); // one step, when the SYN landed
    expect(room.round!.flights[0]!.fate).toBe('arrived');
    // The SYN-ACK comes back: a decision for the player, and the clock stops for it.
    for (let i = 0; i < 40 && !room.round!.hosts.client.decision; i++) room.advanceClock(100);
    // Those steps are in the journal's queue: their patch waits for the group commit (this turn
    // of the event loop), so the player never sees a step a crash could lose; then it goes out.
    expect(booted.store.hasQueued()).toBe(true);
    expect(room.broadcastPatch()).toBe(false);
    expect(room.state.speed).toBe(0);
    await until(() => player.view()?.decision?.prompt.kind === 'segment-arrived', 'the SYN-ACK to answer');
    expect(booted.store.hasQueued()).toBe(false);
    expect(booted.store.liveRoundLog(room.state.roundId)).toHaveLength(room.round!.log.length);
    await player.room.leave();
  });

  it('patches when the state changes, not on a tick: with Colyseus sending no patch of its own, a move and the clock wake that lands the answer still reach the player', async () => {
    const player = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'handshake', role: 'client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    await until(() => player.view()?.decision?.prompt.kind === 'app-call', 'connect() to answer');
    room.patchRate = 0; // from here on, Colyseus' own tick only keeps time
    player.room.send('move', { decisionId: player.view()!.decision!.id, move: correctAnswer(room, 'client')! });
    await until(() => player.view()?.decision === null && player.view()?.flights.length === 1, 'the SYN in the player\'s view');
    for (let i = 0; i < 40 && !room.round!.hosts.client.decision; i++) room.advanceClock(100);
    expect(room.round!.hosts.client.decision).not.toBeNull();
    await until(() => player.view()?.decision?.prompt.kind === 'segment-arrived', 'the SYN-ACK to answer');
    expect(player.inSync(room)).toBe(true);
    await player.room.leave();
  });

  it('answers a player in the order its messages went: the verdict on a move, which waits for the journal, comes before the refusal of the hint sent right after it', async () => {
    const player = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'handshake', role: 'client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    await until(() => player.view()?.decision?.prompt.kind === 'app-call', 'connect() to answer');
    player.room.send('move', { decisionId: player.view()!.decision!.id, move: correctAnswer(room, 'client')! });
    player.room.send('hint', {}); // the SYN is out and nothing waits for this player: refused
    await until(() => player.received.some((r) => r.type === 'error'), 'the hint refused');
    const replies = player.received.filter((r) => r.type === 'verdict' || r.type === 'error');
    expect(replies.map((r) => r.type)).toEqual(['verdict', 'error']);
    expect(player.errors()[0]).toMatchObject({ type: 'hint', code: 'not_your_decision' });
    await player.room.leave();
  });

  it('answers a rematch sent right after the last move in order: the verdict, then the round-finished and round-started notices', async () => {
    const player = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'handshake', role: 'client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    const heard = (): string[] =>
      player.received
        .filter((r) => r.type === 'verdict' || r.type === 'error' || r.type === 'notice')
        .map((r) => (r.type === 'notice' ? (r.message as { kind: string }).kind : r.type));
    for (let i = 0; i < 400 && !heard().includes('round-finished'); i++) {
      const decision = room.round!.hosts.client.decision;
      if (decision && player.inSync(room)) {
        const before = heard().length;
        // The move's verdict waits for the journal; the rematch sent with it must not overtake it.
        player.room.send('move', { decisionId: decision.id, move: correctAnswer(room, 'client')! });
        player.room.send('rematch', {});
        await until(() => heard().length >= before + 2, 'the answers to the move and the rematch');
      } else {
        room.advanceClock(100);
        await until(() => player.inSync(room), 'the view in sync');
      }
    }
    await until(() => heard().filter((k) => k === 'round-started').length === 2, 'the rematch\'s round');
    const last = heard().slice(heard().lastIndexOf('verdict'));
    expect(last).toEqual(['verdict', 'round-finished', 'round-started']);
    // Every earlier rematch, sent while the round went on, was refused after its move's verdict.
    const before = heard().slice(0, heard().lastIndexOf('verdict'));
    expect(before.filter((k) => k === 'verdict' || k === 'error')).toEqual(before.filter((k) => k === 'verdict').flatMap(() => ['verdict', 'error']));
    await player.room.leave();
  });

  it('a move\'s verdict and the patch that shows it leave in one write to the player\'s socket (server/rooms/oneWrite.ts)', async () => {
    const player = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'handshake', role: 'client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    await until(() => player.view()?.decision?.prompt.kind === 'app-call', 'connect() to answer');
    // The server's end of this player's TCP connection, under ws (which writes a frame as header + body).
    const socket = (room.clients[0] as unknown as { ref: { _socket: { _write: (...a: unknown[]) => unknown; _writev: (chunks: unknown[], cb: unknown) => unknown } } }).ref._socket;
    const writes: number[] = [];
    const write = socket._write.bind(socket);
    const writev = socket._writev.bind(socket);
    socket._write = (...a) => (writes.push(1), write(...a));
    socket._writev = (chunks, cb) => (writes.push(chunks.length), writev(chunks, cb));
    const verdicts = player.of('verdict').length;
    player.room.send('move', { decisionId: player.view()!.decision!.id, move: correctAnswer(room, 'client')! });
    await until(() => player.of('verdict').length > verdicts && player.view()?.decision === null && player.inSync(room), 'the verdict and the patch');
    // Two frames (the verdict, the patch), two pieces each: one writev.
    expect(writes).toEqual([4]);
    await player.room.leave();
  });

  it('a patch carries the parts of the view that changed, not the view', async () => {
    const player = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'active-close-client', role: 'client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    // Every frame this player's socket receives, by its first byte: 15 is a state patch.
    const patches: number[] = [];
    const events = (player.room as unknown as { connection: { events: { onmessage: (e: { data: ArrayBuffer }) => void } } }).connection.events;
    const inner = events.onmessage;
    events.onmessage = (e) => {
      if (new Uint8Array(e.data)[0] === 15) patches.push(e.data.byteLength);
      inner(e);
    };
    let answered = 0;
    let viewBytes = 0;
    for (let i = 0; i < 400 && answered < 6; i++) {
      const decision = player.view()?.decision;
      if (decision && player.inSync(room)) {
        if (answered === 3) {
          viewBytes = JSON.stringify(player.view()).length;
          patches.length = 0;
        }
        const before = room.round!.log.length;
        player.room.send('move', { decisionId: decision.id, move: correctAnswer(room, 'client')! });
        await until(() => room.round!.log.length > before, 'the move');
        answered += 1;
      } else {
        room.advanceClock(100);
        await until(() => player.inSync(room), 'the view in sync');
      }
    }
    expect(answered).toBe(6);
    expect(viewBytes).toBeGreaterThan(3_000);
    // Three more moves, the bot's answers and the clock (each a patch of its own, or steps of one
    // turn of the event loop sharing one): each patch is a fraction of the view.
    expect(patches.length).toBeGreaterThanOrEqual(3);
    for (const bytes of patches) expect(bytes).toBeLessThan(viewBytes / 3);
    await player.room.leave();
  });
});

describe('the real room timer', () => {
  let booted: GameBooted;
  beforeAll(async () => {
    // 20 engine ms per real ms: the round's seconds pass in a blink, driven by the room's own timer.
    booted = await bootGame({ clock: { scale: 20, tickMs: 20, fastForwardMs: 1_500, manual: false } });
  });
  afterAll(async () => {
    await booted.colyseus.shutdown();
  });

  it('plays a lost-syn practice round to its end with nobody touching the clock', async () => {
    const player = await Player.join(booted, (c) => c.create('practice', { scenarioId: 'lost-syn', role: 'client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    const answered = new Set<number>();
    const answer = (): void => {
      const decision = player.view()?.decision;
      if (!decision || answered.has(decision.id)) return;
      if (!player.inSync(room)) return;
      answered.add(decision.id);
      player.room.send('move', { decisionId: decision.id, move: correctAnswer(room, 'client')! });
    };
    player.room.onStateChange(answer);
    answer();
    await until(() => room.state.phase === 'finished', 'round finished', 20_000);
    expect(room.round!.endReason).toBe('complete');
    expect(room.round!.decisions.filter((d) => d.by === 'human').every((d) => d.verdict.correct)).toBe(true);
    await until(() => player.room.state.phase === 'finished', 'client sees the end');
    await player.room.leave();
  });
});
