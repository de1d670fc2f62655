/**
 * The room's RoundView (exactly what this player may see) turned into the RoundLog the Game scene's
 * components draw. A view is a snapshot; the log is a history, so the few things a snapshot does
 * not carry (when a timer started, when the application made its call) are remembered across
 * updates by `LiveRoundLog`. Nothing here decides anything: it only re-shapes what the server sent.
 */
import type { RoundView, SegmentView } from '../../shared/game/views.ts';
import { segmentLength } from '../../shared/tcp/segment.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import type { AppCall, Flight, FlightKnowledge, HostRole, RoundLog, StateChange, TimerSpan } from '../model/view.ts';

const SIDES: readonly Side[] = ['client', 'server'];

/** Addresses of both hosts, read off each panel's `peer` (the other side's full socket). */
export function addressesOf(view: RoundView): Record<HostRole, string> {
  return { client: view.hosts.server.peer, server: view.hosts.client.peer };
}

/** A segment that carries SYN, FIN or data and repeats an earlier one from the same host. */
function isRetransmission(f: SegmentView, earlier: readonly SegmentView[]): boolean {
  if (f.duplicate || f.injected) return false;
  const len = f.len + (f.flags.SYN ? 1 : 0) + (f.flags.FIN ? 1 : 0);
  if (len === 0) return false;
  // Only a segment that itself took sequence space can have been sent again (a bare ACK at the same seq was not).
  return earlier.some((e) => e.from === f.from && !e.duplicate && e.seq === f.seq && e.len + (e.flags.SYN ? 1 : 0) + (e.flags.FIN ? 1 : 0) > 0 && e.flags.SYN === f.flags.SYN && e.flags.FIN === f.flags.FIN && e.sentAt < f.sentAt);
}

export function flightOf(f: SegmentView, all: readonly SegmentView[], addresses: Record<HostRole, string>, view: Pick<RoundView, 'wireShown' | 'you'> | null = null): Flight {
  const earlier = all.filter((e) => e.id < f.id);
  const original = f.duplicate ? earlier.find((e) => e.from === f.from && e.seq === f.seq && e.ack === f.ack && !e.duplicate) : undefined;
  const to: HostRole = f.from === 'client' ? 'server' : 'client';
  return {
    id: String(f.id),
    from: f.from,
    segment: { src: addresses[f.from], dst: addresses[to], seq: f.seq, ack: f.ack, flags: { ...f.flags }, wnd: 0, data: f.data },
    sentAt: f.sentAt,
    arrivesAt: f.arrivesAt,
    lostAt: f.lostAt,
    retransmission: isRetransmission(f, earlier),
    duplicateOf: f.duplicate ? (original ? String(original.id) : 'unknown') : null,
    reordered: f.reordered,
    known: knowledgeOf(f, view),
    ackedAt: f.ackedAt,
  };
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
 */
export function stateChangesOf(view: RoundView): StateChange[] {
  const out: StateChange[] = [];
  for (const side of SIDES) {
    const panel = view.hosts[side];
    if (panel.state === null) continue;
    const own = `${addressesOf(view)[side].split(':')[0]}:`;
    out.push({ host: side, at: 0, state: 'CLOSED' });
    for (const s of view.states) {
      if (s.side !== side) continue;
      if (s.conn === panel.peer || s.conn.startsWith(own)) out.push({ host: side, at: s.at, state: s.to });
    }
  }
  return out;
}

/** Remembers what snapshots forget: timer start times and application calls. */
export class LiveRoundLog {
  private readonly timers = new Map<string, TimerSpan>();
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
        const key = `${side}/${tm.kind}/${tm.expiresAt}`;
        seen.add(key);
        if (!this.timers.has(key)) {
          // A timer restarted with a new expiry is a new span; the old one stopped now.
          this.timers.set(key, { id: `tm${this.nextTimerId++}`, host: side, kind: tm.kind, startedAt: Math.min(now, tm.expiresAt), expiresAt: tm.expiresAt, cancelledAt: null, ...(tm.schedule ? { schedule: tm.schedule } : {}) });
          if (tm.kind === 'time-wait' && tm.expiresAt > now) this.msl = Math.max(this.msl, (tm.expiresAt - now) / 2);
        }
      }
      for (const [key, span] of this.timers) {
        if (span.host !== side || seen.has(key) || span.cancelledAt !== null) continue;
        if (span.expiresAt > now) span.cancelledAt = now;
      }
      const call = panel.appCall;
      if (call && call !== this.lastCall[side]) {
        this.lastCall[side] = call;
        const prompt = view.you === side && view.decision?.prompt.kind === 'app-call' ? view.decision.prompt : null;
        this.calls.push({ host: side, at: now, key: `call.${call}`, params: { data: prompt?.data ?? '', remote: panel.peer, port: addresses[side].split(':')[1] ?? '' } });
      }
    }
    return roundLogOf(view, [...this.timers.values()], this.calls, this.msl);
  }
}

/** One conversion of a view, with the timer and call history kept by the caller. */
export function roundLogOf(view: RoundView, timers: TimerSpan[] = [], calls: AppCall[] = [], msl = 0): RoundLog {
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
  };
}

/** The length a segment occupies in sequence space (SYN and FIN count one each). */
export function seqSpace(f: Pick<SegmentView, 'flags' | 'data'>): number {
  return segmentLength({ flags: f.flags, data: f.data });
}
