/**
 * How a finished round (a replay, the demo) plays back: where stepping stops, and how autoplay
 * moves the clock. Pure, from the round's log alone.
 *
 * - A position is a time plus how many of the state changes at exactly that time have happened
 *   (`cut`): a host can pass several states in one instant (FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT
 *   when the peer's ACK and FIN arrive together), and stepping shows each of them in turn.
 * - Autoplay dwells a moment on each of those states too, and runs through quiet stretches
 *   (nothing on the wire, only a timer counting down, such as TIME-WAIT's 2×MSL) in about a
 *   second, whatever their length.
 */
import { flightsOnWire, keyMoments } from './snapshot.ts';
import type { RoundLog } from './view.ts';

export interface Position {
  at: number;
  /** State changes at exactly `at` that have happened: all of them (Infinity), or the first `cut`. */
  cut: number;
}

export interface IdleStretch {
  from: number;
  to: number;
}

export interface PlaybackPlan {
  duration: number;
  /** Every position stepping stops at, in order. */
  steps: Position[];
  /** Instants with several state changes: how many, and how many are shown from the start. */
  instants: Map<number, { count: number; first: number }>;
  idle: IdleStretch[];
}

/** Round time a quiet gap must last to be run through quickly. */
export const IDLE_MIN_MS = 1_500;
/** Real time a quiet stretch takes at most, however long it is. */
export const IDLE_REAL_MS = 1_200;
/** Round time played at normal speed after the last event and before the next one. */
const IDLE_LEAD_MS = 200;
const IDLE_TAIL_MS = 400;
/** Real time autoplay shows each of the states a host passed at one instant. */
export const DWELL_REAL_MS = 450;

/** The records every host starts from (CLOSED at 0, first in the log) are not steps of their own. */
function startingRecords(log: RoundLog, at: number): number {
  if (at !== 0) return 0;
  const seen = new Set<string>();
  let n = 0;
  for (const s of log.states) {
    if (s.at !== 0 || s.state !== 'CLOSED' || seen.has(s.host)) break;
    seen.add(s.host);
    n++;
  }
  return n;
}

export function planPlayback(log: RoundLog): PlaybackPlan {
  const moments = keyMoments(log);
  const instants = new Map<number, { count: number; first: number }>();
  const steps: Position[] = [];
  for (const at of moments) {
    const count = log.states.filter((s) => s.at === at).length;
    const first = startingRecords(log, at);
    if (count - first > 1) {
      instants.set(at, { count, first: first + 1 });
      for (let cut = first + 1; cut < count; cut++) steps.push({ at, cut });
    }
    steps.push({ at, cut: Infinity });
  }
  const idle: IdleStretch[] = [];
  for (let i = 1; i < moments.length; i++) {
    const a = moments[i - 1] ?? 0;
    const b = moments[i] ?? 0;
    if (b - a < IDLE_MIN_MS) continue;
    if (flightsOnWire(log, (a + b) / 2).length > 0) continue;
    idle.push({ from: a + IDLE_LEAD_MS, to: b - IDLE_TAIL_MS });
  }
  return { duration: log.duration, steps, instants, idle };
}

const before = (p: Position, q: Position): boolean => p.at < q.at || (p.at === q.at && p.cut < q.cut);

export function stepForward(plan: PlaybackPlan, p: Position): Position {
  return plan.steps.find((s) => before(p, s)) ?? { at: plan.duration, cut: Infinity };
}

export function stepBack(plan: PlaybackPlan, p: Position): Position {
  return [...plan.steps].reverse().find((s) => before(s, p)) ?? { at: 0, cut: Infinity };
}

/**
 * The step a position tells, and the stretch of positions that tell the same one: from the step
 * (`from`; null before the first) up to the next step (`until`, excluded; null after the last).
 * Autoplay stays in one stretch for many frames: the replay's words change only when it leaves.
 */
export interface StepSpan {
  step: Position;
  from: Position | null;
  until: Position | null;
}

export function stepSpanAt(plan: PlaybackPlan, p: Position): StepSpan {
  let i = -1;
  while (i + 1 < plan.steps.length && !before(p, plan.steps[i + 1]!)) i++;
  const from = plan.steps[i] ?? null;
  return { step: from ?? { at: 0, cut: Infinity }, from, until: plan.steps[i + 1] ?? null };
}

/** `p` tells the span's step still. */
export function withinSpan(span: StepSpan, p: Position): boolean {
  return (span.from === null || !before(p, span.from)) && (span.until === null || before(p, span.until));
}

/** The step `p` is at or has passed last (autoplay between two steps is still telling the first). */
export function stepAtOrBefore(plan: PlaybackPlan, p: Position): Position {
  return stepSpanAt(plan, p).step;
}

export interface PlayState extends Position {
  /** Real ms left showing the current one of several same-instant states. */
  dwellMs: number;
}

export interface Tick {
  state: PlayState;
  /** The clock ran faster than the chosen speed: a quiet stretch is being skipped. */
  skipping: boolean;
}

/** Move autoplay on by `realMs` at `speed` (round ms per real ms). */
export function tick(plan: PlaybackPlan, s: PlayState, realMs: number, speed: number): Tick {
  if (s.dwellMs > 0) {
    const dwellMs = s.dwellMs - realMs;
    if (dwellMs > 0) return { state: { ...s, dwellMs }, skipping: false };
    const inst = plan.instants.get(s.at);
    const cut = s.cut + 1;
    if (inst && cut < inst.count) return { state: { at: s.at, cut, dwellMs: DWELL_REAL_MS }, skipping: false };
    return { state: { at: s.at, cut: Infinity, dwellMs: 0 }, skipping: false };
  }
  const stretch = plan.idle.find((r) => r.from <= s.at && s.at < r.to);
  const rate = stretch ? Math.max(speed, (stretch.to - stretch.from) / IDLE_REAL_MS) : speed;
  // Inside a stretch, stop at its end: the approach to the next event plays at the chosen speed.
  let target = Math.min(plan.duration, s.at + realMs * rate);
  if (stretch) target = Math.min(target, stretch.to);
  for (const [at, inst] of plan.instants) {
    if (at > s.at && at <= target) {
      return { state: { at, cut: inst.first, dwellMs: DWELL_REAL_MS }, skipping: false };
    }
  }
  return { state: { at: target, cut: Infinity, dwellMs: 0 }, skipping: rate > speed };
}
