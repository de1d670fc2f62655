/**
 * The flow graph's rows: every instant gets a row, several things at one instant sub-rows of it
 * (arrivals first, then the states in order, the sends last, or what answered what where the log
 * says), and the gaps between instants follow elapsed time, clamped, plus any room labels asked for.
 */
import type { Flight, RoundLog, StateChange } from '../model/view.ts';
import type { LadderEnd } from './ladderLanes.ts';
import type { LadderMetrics } from './ladderMetrics.ts';

export interface Rows {
  /** Sub-rows of each instant. */
  count: Map<number, number>;
  send: Map<string, number>;
  arrive: Map<string, number>;
  state: Map<StateChange, number>;
}

/** Sub-rows per instant: arrivals first, then states in order, sends last (each end on its own). */
export function assignRows(log: RoundLog, ends: Map<string, { from: LadderEnd; to: LadderEnd }>): Rows {
  const groups = new Map<string, { sends: Flight[]; arrivals: Flight[]; states: StateChange[] }>();
  const group = (t: number, end: LadderEnd): { sends: Flight[]; arrivals: Flight[]; states: StateChange[] } => {
    const key = `${t}|${end}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { sends: [], arrivals: [], states: [] }));
    return g;
  };
  for (const f of log.flights) {
    const e = ends.get(f.id);
    if (!e) continue;
    group(f.sentAt, e.from).sends.push(f);
    if (f.lostAt === null && f.arrivesAt !== null) group(f.arrivesAt, e.to).arrivals.push(f);
  }
  for (const s of log.states) group(s.at, s.host).states.push(s);
  const rows: Rows = { count: new Map(), send: new Map(), arrive: new Map(), state: new Map() };
  for (const [key, g] of groups) {
    const t = Number(key.slice(0, key.indexOf('|')));
    const n = Math.max(1, g.sends.length, g.arrivals.length, g.states.length);
    rows.count.set(t, Math.max(rows.count.get(t) ?? 1, n));
  }
  const causal = new Map<string, Map<string, number> | null>();
  for (const [key, g] of groups) causal.set(key, causalRows(g));
  for (const [key, g] of groups) {
    const t = Number(key.slice(0, key.indexOf('|')));
    const placed = causal.get(key);
    if (placed) rows.count.set(t, Math.max(rows.count.get(t) ?? 1, ...[...placed.values()].map((r) => r + 1)));
  }
  for (const [key, g] of groups) {
    const t = Number(key.slice(0, key.indexOf('|')));
    const n = rows.count.get(t) ?? 1;
    const placed = causal.get(key);
    if (placed) {
      g.arrivals.forEach((f) => rows.arrive.set(f.id, placed.get(`a${f.id}`) ?? 0));
      g.states.forEach((s, i) => rows.state.set(s, placed.get(`s${i}`) ?? 0));
      g.sends.forEach((f) => rows.send.set(f.id, placed.get(`f${f.id}`) ?? n - 1));
      continue;
    }
    g.arrivals.forEach((f, i) => rows.arrive.set(f.id, i));
    g.states.forEach((s, i) => rows.state.set(s, i));
    g.sends.forEach((f, i) => rows.send.set(f.id, n - g.sends.length + i));
  }
  return rows;
}

/**
 * Sub-rows of one host's instant where the log says what answered what (a finished round): each
 * arrival on a row of its own, in order; the states it made from its row down, and its replies
 * level with the last of them (or with it, if it changed nothing); a change or a send of a call or
 * a timer on the next row. So a segment that changed nothing (an unacceptable ACK answered with a
 * RST) does not sit beside the state the next segment made. Null where nothing is linked.
 * Keys: `a<flight>`, `s<index of the state>`, `f<flight>`.
 */
function causalRows(g: { sends: Flight[]; arrivals: Flight[]; states: StateChange[] }): Map<string, number> | null {
  const ids = new Set(g.arrivals.map((f) => f.id));
  if (!g.states.some((s) => s.cause !== undefined && ids.has(s.cause)) && !g.sends.some((f) => f.cause !== undefined && ids.has(f.cause))) return null;
  const out = new Map<string, number>();
  let row = -1;
  let next = 0;
  /** The row each placed arrival's last state (or the arrival itself) is on. */
  const lastOf = new Map<string, number>();
  const reach = (cause: string): void => {
    for (; next < g.arrivals.length; next++) {
      const f = g.arrivals[next]!;
      if (lastOf.has(f.id)) continue;
      row += 1;
      out.set(`a${f.id}`, row);
      lastOf.set(f.id, row);
      if (f.id === cause) {
        next += 1;
        return;
      }
    }
  };
  g.states.forEach((s, i) => {
    if (s.cause !== undefined && ids.has(s.cause)) {
      const fresh = !lastOf.has(s.cause);
      if (fresh) reach(s.cause);
      else row += 1;
      out.set(`s${i}`, row);
      lastOf.set(s.cause, row);
    } else {
      row += 1;
      out.set(`s${i}`, row);
    }
  });
  for (const f of g.arrivals) if (!lastOf.has(f.id)) reach(f.id);
  // A reply from the row of what it answers; the other sends (a call's, a timer's, or replies the
  // view does not link yet, live) last, each on a row of its own.
  const taken = new Set<number>();
  const put = (f: Flight, from: number): number => {
    let r = from;
    while (taken.has(r)) r++;
    taken.add(r);
    out.set(`f${f.id}`, r);
    return r;
  };
  const linked = g.sends.filter((f) => f.cause !== undefined && lastOf.has(f.cause));
  const rest = g.sends.filter((f) => !linked.includes(f));
  for (const f of linked) put(f, lastOf.get(f.cause!)!);
  let from = Math.max(0, row + 1 - rest.length);
  for (const f of rest) from = put(f, from) + 1;
  return out;
}

/** y of each instant's first sub-row; gaps follow elapsed time, clamped, plus any room labels asked for. */
export function rowTops(keys: readonly number[], rows: Rows, extra: Map<number, number>, extraSub: Map<number, number>, m: LadderMetrics): Map<number, number> {
  const top = new Map<number, number>();
  let y = m.topPad;
  keys.forEach((k, i) => {
    if (i > 0) {
      const prev = keys[i - 1] ?? 0;
      const block = ((rows.count.get(prev) ?? 1) - 1) * (m.subRowGap + (extraSub.get(prev) ?? 0));
      y += block + Math.min(m.maxGap, Math.max(m.minGap, (k - prev) * m.pxPerMs));
    }
    y += extra.get(k) ?? 0;
    top.set(k, y);
  });
  return top;
}
