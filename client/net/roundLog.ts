/**
 * The room's RoundView (exactly what this player may see) turned into the RoundLog the Game scene's
 * components draw. A view is a snapshot; the log is a history, so the few things a snapshot does
 * not carry (when a timer started, when the application made its call) are remembered across
 * updates by `LiveRoundLog`. Nothing here decides anything: it only re-shapes what the server sent.
 */
import type { RoundView, SegmentView } from '../../shared/game/views.ts';
import { segmentLength } from '../../shared/tcp/segment.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import type { RoundTimeline } from '../../shared/game/timerRuns.ts';
import type { AppCall, Flight, FlightKnowledge, HostRole, QueueSample, RoundLog, StateChange, TimerSpan } from '../model/view.ts';

const SIDES: readonly Side[] = ['client', 'server'];

/** Addresses of both hosts, read off each panel's `peer` (the other side's full socket). */
export function addressesOf(view: RoundView): Record<HostRole, string> {
  return { client: view.hosts.server.peer, server: view.hosts.client.peer };
}

/**
 * A segment that carries SYN, FIN or data and repeats an earlier one from the same host that did
 * too. (A pure ACK occupies no sequence space: the data sent after it, from the same SND.NXT, is new.)
 */
function isRetransmission(f: SegmentView, earlier: readonly SegmentView[]): boolean {
  if (f.duplicate || f.injected) return false;
  const space = (s: SegmentView): number => s.len + (s.flags.SYN ? 1 : 0) + (s.flags.FIN ? 1 : 0);
  if (space(f) === 0) return false;
  return earlier.some((e) => e.from === f.from && !e.duplicate && !e.injected && space(e) > 0 && e.seq === f.seq && e.flags.SYN === f.flags.SYN && e.flags.FIN === f.flags.FIN && e.sentAt < f.sentAt);
}

export function flightOf(f: SegmentView, all: readonly SegmentView[], addresses: Record<HostRole, string>, view: Pick<RoundView, 'wireShown' | 'you'> | null = null): Flight {
  const earlier = all.filter((e) => e.id < f.id);
  const original = f.duplicate ? earlier.find((e) => e.from === f.from && e.seq === f.seq && e.ack === f.ack && !e.duplicate) : undefined;
  const to: HostRole = f.from === 'client' ? 'server' : 'client';
  const flight: Flight = {
    id: String(f.id),
    from: f.from,
    segment: { src: f.src ?? addresses[f.from], dst: f.dst ?? addresses[to], seq: f.seq, ack: f.ack, flags: { ...f.flags }, wnd: 0, data: f.data },
    sentAt: f.sentAt,
    arrivesAt: f.arrivesAt,
    lostAt: f.lostAt,
    retransmission: isRetransmission(f, earlier),
    duplicateOf: f.duplicate ? (original ? String(original.id) : 'unknown') : null,
    reordered: f.reordered,
    known: knowledgeOf(f, view),
    ackedAt: f.ackedAt,
  };
  if (f.cause !== undefined) flight.cause = String(f.cause);
  if (f.injected) flight.injected = f.injection ?? (f.src && f.src !== addresses[f.from] ? 'spoofed' : 'old-duplicate');
  return flight;
}

/**
 * How much of the trip the player knows: in a view that hides the wire, its own segments were
 * 'sent' / 'acknowledged' and the peer's 'received' (known from their arrival); else all of it.
 */
function knowledgeOf(f: SegmentView, view: Pick<RoundView, 'wireShown' | 'you'> | null): FlightKnowledge | null {
  if (f.fate === 'sent' || f.fate === 'acknowledged') return f.fate;
  if (view && !view.wireShown && view.you !== null && f.from !== view.you) return 'received';
  return null;
}

/**
 * State changes of the connection the player plays (its listener and the connection to the real
 * peer), not the half-open entries of a flood's spoofed sources. Each visible host starts CLOSED.
 * They keep the round's order, also between the two hosts, so a replay can step through changes
 * that happened at one instant one by one.
 */
export function stateChangesOf(view: RoundView): StateChange[] {
  const out: StateChange[] = [];
  const visible = SIDES.filter((side) => view.hosts[side].state !== null);
  for (const side of visible) out.push({ host: side, at: 0, state: 'CLOSED' });
  const own = Object.fromEntries(SIDES.map((side) => [side, `${addressesOf(view)[side].split(':')[0]}:`])) as Record<Side, string>;
  for (const s of view.states) {
    if (!visible.includes(s.side)) continue;
    if (s.conn === view.hosts[s.side].peer || s.conn.startsWith(own[s.side])) out.push({ host: s.side, at: s.at, state: s.to, rule: s.rule, ...(s.cause !== undefined ? { cause: String(s.cause) } : {}) });
  }
  return out;
}

/** A finished round's timers and queues, as the server replayed them (both hosts, exact times). */
export function fromTimeline(timeline: RoundTimeline): { timers: TimerSpan[]; queues: QueueSample[]; msl: number } {
  const timers = timeline.timers.map((run, i): TimerSpan => ({ id: `tl${i + 1}`, host: run.side, kind: run.kind, startedAt: run.startedAt, expiresAt: run.expiresAt, cancelledAt: run.stoppedAt, ...(run.schedule ? { schedule: run.schedule } : {}), ...(run.conn ? { conn: run.conn } : {}), ...(run.profile ? { profile: run.profile } : {}) }));
  const queues = timeline.queues.map((q): QueueSample => ({ host: q.side, at: q.at, syn: [...q.syn], accept: [...q.accept], synMax: q.synMax, acceptMax: q.acceptMax }));
  const tw = timeline.timers.find((run) => run.kind === 'time-wait');
  return { timers, queues, msl: tw ? (tw.expiresAt - tw.startedAt) / 2 : 0 };
}

/** Remembers what snapshots forget: timer start times, application calls, the queues over time. */
export class LiveRoundLog {
  private readonly timers: TimerSpan[] = [];
  /**
   * The spans still running, by host, connection, kind and expiry: a timer seen again is the same
   * run. One that stopped or fired is no longer here, so a later timer of its kind that runs out
   * at the same instant (a FIN's retransmission timer after the SYN's) is a run of its own.
   */
  private readonly running = new Map<string, TimerSpan>();
  private readonly queues: QueueSample[] = [];
  private readonly lastQueue: Record<HostRole, string> = { client: '', server: '' };
  private readonly calls: AppCall[] = [];
  private readonly lastCall: Record<HostRole, string | null> = { client: null, server: null };
  private nextTimerId = 1;
  private msl = 0;

  /** Fold in the newest view; returns the log to draw. */
  update(view: RoundView): RoundLog {
    const now = view.now;
    const addresses = addressesOf(view);
    for (const side of SIDES) {
      const panel = view.hosts[side];
      const seen = new Set<string>();
      for (const tm of panel.timers) {
        if (tm.kind === 'user-timeout') continue;
        const key = `${side}/${tm.conn ?? ''}/${tm.kind}/${tm.expiresAt}`;
        seen.add(key);
        const running = this.running.get(key);
        // Still running, now guarding another segment (a simultaneous open's SYN re-sent as its SYN-ACK).
        if (running && tm.schedule && running.schedule?.segment !== tm.schedule.segment) running.schedule = tm.schedule;
        if (!running) {
          // A timer restarted with a new expiry is a new span; the old one stopped now.
          // Armed at expiresAt − durationMs, which may be before the first view that showed it.
          const span: TimerSpan = { id: `tm${this.nextTimerId++}`, host: side, kind: tm.kind, startedAt: Math.max(0, tm.expiresAt - tm.durationMs), expiresAt: tm.expiresAt, cancelledAt: null, ...(tm.schedule ? { schedule: tm.schedule } : {}), ...(tm.conn ? { conn: tm.conn } : {}), ...(tm.profile ? { profile: tm.profile } : {}) };
          this.timers.push(span);
          this.running.set(key, span);
          if (tm.kind === 'time-wait') this.msl = Math.max(this.msl, tm.durationMs / 2);
        }
      }
      for (const [key, span] of this.running) {
        if (span.host !== side || seen.has(key)) continue;
        // Gone from the panel: stopped now, or it ran out and fired.
        if (span.expiresAt > now) span.cancelledAt = now;
        this.running.delete(key);
      }
      const q = panel.queues ?? null;
      const qKey = q ? JSON.stringify(q) : '';
      if (qKey !== this.lastQueue[side] && (q || this.lastQueue[side])) {
        this.lastQueue[side] = qKey;
        this.queues.push({ host: side, at: now, syn: [...(q?.syn ?? [])], accept: [...(q?.accept ?? [])], synMax: q?.synMax ?? 0, acceptMax: q?.acceptMax ?? 0 });
      }
      const call = panel.appCall;
      if (call && call !== this.lastCall[side]) {
        this.lastCall[side] = call;
        const prompt = view.you === side && view.decision?.prompt.kind === 'app-call' ? view.decision.prompt : null;
        const data = prompt?.data ?? '';
        // The peer's bytes were never shown to this player (its panel is revealed when the round
        // ends): "send()", not an empty 'send ""'.
        const key = call === 'send' && !data ? 'call.sendUnseen' : `call.${call}`;
        this.calls.push({ host: side, at: now, key, params: { data, remote: panel.peer, port: addresses[side].split(':')[1] ?? '' } });
      }
    }
    return roundLogOf(view, [...this.timers], this.calls, this.msl, this.queues);
  }
}

/** One conversion of a view, with the timer and call history kept by the caller. */
export function roundLogOf(view: RoundView, seenTimers: TimerSpan[] = [], calls: AppCall[] = [], seenMsl = 0, seenQueues: QueueSample[] = []): RoundLog {
  // After the round the server sends the whole timeline: both hosts' timers and queues, exactly,
  // where the snapshots seen during the round only showed this player's own, between patches.
  const tl = view.timeline ? fromTimeline(view.timeline) : null;
  const timers = tl ? tl.timers : seenTimers;
  const queues = tl ? tl.queues : seenQueues;
  const msl = (tl?.msl ?? 0) || seenMsl;
  const addresses = addressesOf(view);
  const flights = view.flights.map((f) => flightOf(f, view.flights, addresses, view));
  const lastEvent = Math.max(0, ...flights.map((f) => f.lostAt ?? f.arrivesAt ?? f.sentAt));
  return {
    hosts: { client: { role: 'client', address: addresses.client }, server: { role: 'server', address: addresses.server } },
    flights,
    states: stateChangesOf(view),
    timers: timers.map((s) => ({ ...s })),
    calls: calls.map((c) => ({ ...c })),
    duration: view.finished ? Math.max(view.now, lastEvent) : view.now,
    msl,
    queues: queues.map((q) => ({ ...q, syn: [...q.syn], accept: [...q.accept] })),
  };
}

/** The length a segment occupies in sequence space (SYN and FIN count one each). */
export function seqSpace(f: Pick<SegmentView, 'flags' | 'data'>): number {
  return segmentLength({ flags: f.flags, data: f.data });
}
