/**
 * One connection of an annotated capture as the RoundLog the Game scene draws. The flow graph and
 * the wire play one packet per step (STEP_MS apart, whatever the capture's own timing, which can
 * be microseconds on a loopback or minutes on a slow link); the capture panel shows the real times.
 * A segment arrives in the row the annotator delivered it (later when it crossed another on the
 * wire), dies mid-wire if the annotator concluded it was lost, arrives and is dropped there if the
 * capture saw it reach a host whose TCP never took it (dropped-at-host), and each state change sits
 * at the moment of the event that caused it.
 */
import type { AnnotatedSegment, NoteItem, Role } from '../../shared/annotate/types.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import type { AppCall, Flight, RoundLog, StateChange } from '../model/view.ts';
import type { TimerNow } from '../model/snapshot.ts';
import { flightTotals } from '../model/endStates.ts';

export const STEP_MS = 700;
/** When in its row a segment reaches the other host. */
export const ARRIVE_MS = 420;

export interface CaptureLog {
  log: RoundLog;
  /** The rows of this connection the replay draws, in file order, with their step times. */
  rows: { row: AnnotatedSegment; at: number }[];
}

/** A long connection's replay draws its first and its last this many segments (and every SYN, FIN, RST and state change between). */
export const DRAWN_AT_EACH_END = 300;

/**
 * The rows of a connection the replay draws. A bulk transfer's thousands of data segments and
 * ACKs would be hours of steps and a flow graph the page takes minutes to lay out (a 10,000-packet
 * capture held the page for 80 s), while the connection's management is at its ends: so a long one
 * is drawn by its first and last DRAWN_AT_EACH_END segments and, between them, every segment with a
 * SYN, FIN or RST and every one that changed a state (a half-close, a reset mid-transfer). The
 * annotate command lists them all.
 */
export function drawnRows(rows: readonly AnnotatedSegment[]): AnnotatedSegment[] {
  if (rows.length <= 2 * DRAWN_AT_EACH_END + 100) return [...rows];
  return rows.filter((r, i) => i < DRAWN_AT_EACH_END || i >= rows.length - DRAWN_AT_EACH_END || r.flags.some((f) => f === 'SYN' || f === 'FIN' || f === 'RST') || r.notes.some((n) => n.code === 'change'));
}

/**
 * `whole`: every segment of the connection, as a capture saved again from Results must hold (a
 * long connection's replay draws part of it, drawnRows).
 */
export function captureLog(all: readonly AnnotatedSegment[], stream: number, { whole: everySegment = false }: { whole?: boolean } = {}): CaptureLog {
  const whole = all.filter((r) => r.stream === stream);
  const rows = everySegment ? whole : drawnRows(whole);
  const first = rows[0];
  const [client, server] = first ? first.endpoints : [{ endpoint: '', role: 'client' as const }, { endpoint: '', role: 'server' as const }];
  const roleOf = (endpoint: string): Role => (endpoint === client.endpoint ? 'client' : 'server');
  const at = rows.map((_, i) => STEP_MS * (i + 1));
  const byIndex = new Map(rows.map((r, i) => [r.index, i]));
  // A crossed segment arrives in the row whose notes say "#n arrives now".
  const arrivalRow = new Map<number, number>();
  rows.forEach((r, i) => {
    for (const n of r.notes) if (n.code === 'arrives-now') arrivalRow.set(n.index, i);
  });

  const flights: Flight[] = rows.map((r, i) => {
    const sentAt = at[i]!;
    const arrivesIn = arrivalRow.get(r.index) ?? i;
    const arrivesAt = (at[arrivesIn] ?? sentAt) + ARRIVE_MS;
    const retransmission = r.notes.some((n) => n.code === 'retransmission');
    const dup = r.notes.find((n): n is Extract<NoteItem, { code: 'wire-duplicate' }> => n.code === 'wire-duplicate');
    const drop = r.notes.find((n): n is Extract<NoteItem, { code: 'dropped-at-host' }> => n.code === 'dropped-at-host');
    return {
      id: String(r.index),
      from: roleOf(r.src),
      segment: {
        src: r.src,
        dst: r.dst,
        seq: r.seq,
        ack: r.ack,
        flags: { SYN: r.flags.includes('SYN'), ACK: r.flags.includes('ACK'), FIN: r.flags.includes('FIN'), RST: r.flags.includes('RST') },
        wnd: Math.min(r.window, 65_535),
        // The card shows the payload's first bytes; its length is what the flow graph labels.
        data: r.data.padEnd(r.len, '·').slice(0, r.len),
      },
      sentAt,
      arrivesAt: r.arrived ? arrivesAt : sentAt + ARRIVE_MS + 200,
      lostAt: r.arrived ? null : sentAt + ARRIVE_MS / 2,
      retransmission,
      duplicateOf: dup && byIndex.has(dup.of) ? String(dup.of) : null,
      reordered: arrivalRow.has(r.index),
      ...(r.arrived && drop ? { dropped: drop.cause } : {}),
    };
  });

  const states: StateChange[] = [];
  const initial = (role: Role): TcpState => {
    for (const r of rows) for (const n of r.notes) if (n.code === 'change' && n.who === role) return n.from;
    return first?.endpoints.find((e) => e.role === role)?.state ?? 'CLOSED';
  };
  states.push({ host: 'client', at: 0, state: initial('client') }, { host: 'server', at: 0, state: initial('server') });
  const calls: AppCall[] = [];
  rows.forEach((r, i) => {
    const sender = roleOf(r.src);
    let delivered = false;
    for (const n of r.notes) {
      if (n.code === 'arrives-now' || (n.code === 'change' && n.who !== sender)) delivered = true;
      if (n.code === 'change') states.push({ host: n.who, at: n.who === sender && !delivered ? at[i]! : at[i]! + ARRIVE_MS, state: n.to });
      if (n.code === 'connect') calls.push({ host: n.who, at: at[i]!, key: 'call.connect', params: { remote: n.who === sender ? r.dst : r.src } });
      if (n.code === 'close' || n.code === 'close-after-read' || n.code === 'close-unread-rst') calls.push({ host: n.who, at: at[i]!, key: 'call.close' });
      if (n.code === 'abort') calls.push({ host: n.who, at: at[i]!, key: 'call.abort' });
      if (n.code === 'send') calls.push({ host: n.who, at: at[i]!, key: 'call.send', params: { data: r.data.slice(0, 24) || `${n.bytes} B` } });
    }
  });
  states.sort((a, b) => a.at - b.at);
  const duration = (at[at.length - 1] ?? 0) + STEP_MS;
  return {
    log: {
      hosts: { client: { role: 'client', address: client.endpoint }, server: { role: 'server', address: server.endpoint } },
      flights,
      states,
      timers: [],
      calls,
      duration,
      msl: 0,
      clock: Object.fromEntries(rows.map((r, i) => [at[i]!, Math.round((r.time - rows[0]!.time) * 1e6) / 1e3])),
      capturedMs: rows.length ? Math.round(((rows[rows.length - 1]!.time - rows[0]!.time) * 1000)) : 0,
      ...(rows.length < whole.length ? { captureTotals: flightTotals(captureLog(whole, stream, { whole: true }).log.flights) } : {}),
    },
    rows: rows.map((row, i) => ({ row, at: at[i]! })),
  };
}

/**
 * The timers running after the packet shown at `now`, on the capture's own clock: the timer panel
 * counts down real seconds (a TIME-WAIT of 60 s shows 60 s), not the replay's steps.
 */
export function captureTimersAt(rows: CaptureLog['rows'], now: number, profile: Profile | null = null): TimerNow[] {
  let current: CaptureLog['rows'][number] | null = null;
  for (const r of rows) if (r.at <= now) current = r;
  if (!current) return [];
  const row = current.row;
  return row.endpoints.flatMap((e) =>
    e.timers.map((tm) => ({
      span: { id: `${e.role}/${tm.kind}/${tm.expiresAt}`, host: e.role, kind: tm.kind, startedAt: tm.startedAt * 1000, expiresAt: tm.expiresAt * 1000, cancelledAt: null, ...(tm.kind === 'time-wait' && profile ? { profile } : {}) },
      remainingMs: Math.max(0, (tm.expiresAt - row.time) * 1000),
      fired: tm.expiresAt <= row.time,
    })),
  );
}
