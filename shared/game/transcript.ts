import { connectionTo } from '../tcp/host.ts';
import type { RuleId } from '../rules/ids.ts';
import { SIDES, type Side } from '../tcp/wire.ts';
import { nextEventAt, runToEnd, scenarioOf, stepRound } from './round.ts';
import type { Round } from './types.ts';

/**
 * What each application put in and got out of a round: the bytes it asked TCP to send, the bytes
 * its TCP delivered to it (Tcb.delivered), whether its connection was ever synchronized, and how
 * the connection ended. A TCB is deleted when it reaches CLOSED, so a transcript is folded from
 * snapshots of the round taken while the connections still exist (`observe`), pure data in, pure
 * data out: the simulator, the benchmark and the property tests read rounds the same way.
 */
export interface SideTranscript {
  /** Everything the application handed to SEND (or to OPEN with data), in call order. */
  sent: string;
  /** Everything the peer's TCP delivered to this application, in order, exactly once. */
  delivered: string;
  /** The connection reached ESTABLISHED (RFC 9293: both sequence spaces synchronized). */
  established: boolean;
  /** Delivery went backwards or skipped: a later snapshot did not extend the earlier one. */
  deliveryViolation: string | null;
  /** ISS of the connection `delivered` was read from, so a new connection is told from the old. */
  iss: number | null;
  /** What earlier connections (incarnations) to the same peer delivered, before the current one. */
  earlier: string;
}

export interface Transcript {
  client: SideTranscript;
  server: SideTranscript;
}

/** A connection that ended other than by the orderly close (RFC 9293 §3.6) or a 2×MSL wait. */
export const GIVE_UP_RULES: readonly RuleId[] = [
  'timer.syn-give-up',
  'timer.syn-ack-give-up',
  'timer.data-give-up',
  'timer.user-timeout',
  'close.fin-wait-2-timeout',
];
export const RESET_RULES: readonly RuleId[] = [
  'reset.connection-reset',
  'open.syn-sent-rst-refused',
  'open.syn-received-rst-refused',
  'open.syn-received-rst-back-to-listen',
  'open.old-duplicate-syn',
  'rst.time-wait-assassination',
  'abort.rst',
  'abort.silent',
  'close.unread-data-rst',
  'close.abort-on-data',
  'close.syn-sent-close',
];

export function emptyTranscript(): Transcript {
  const side = (): SideTranscript => ({ sent: '', delivered: '', established: false, deliveryViolation: null, iss: null, earlier: '' });
  return { client: side(), server: side() };
}

/** The bytes a side's application has handed to TCP so far: the data of its executed SEND / OPEN calls. */
export function appSent(round: Round, side: Side): string {
  const app = round.hosts[side].app;
  return app.steps
    .slice(0, app.next)
    .filter((s) => s.call === 'send' || s.call === 'connect')
    .map((s) => s.data ?? '')
    .join('');
}

/** Fold one snapshot of the round into the transcript. */
export function observe(t: Transcript, round: Round): Transcript {
  const next = { ...t };
  for (const side of SIDES) {
    const slot = round.hosts[side];
    const before = t[side];
    const now: SideTranscript = { ...before, sent: appSent(round, side) };
    if (round.states.some((c) => c.side === side && c.to === 'ESTABLISHED')) now.established = true;
    const tcb = connectionTo(slot.host, slot.peer);
    if (tcb) {
      const same = before.iss === null || before.iss === tcb.iss;
      if (same) {
        const current = before.delivered.slice(before.earlier.length);
        if (!tcb.delivered.startsWith(current) && before.deliveryViolation === null) {
          now.deliveryViolation = `delivered went from ${JSON.stringify(current)} to ${JSON.stringify(tcb.delivered)}`;
        }
      } else {
        // A new incarnation of the connection (e.g. a late SYN at the listener): its stream starts afresh.
        now.earlier = before.delivered;
      }
      now.delivered = now.earlier + tcb.delivered;
      now.iss = tcb.iss;
    }
    next[side] = now;
  }
  return next;
}

/** How the connection of a side ended: cleanly, by a reset or abort, by a give-up, or not at all. */
export function endingOf(round: Round, side: Side): 'closed' | 'reset' | 'gave-up' | 'open' {
  const slot = round.hosts[side];
  const rules = round.states.filter((c) => c.side === side && c.conn === slot.peer).map((c) => c.rule);
  if (rules.some((r) => GIVE_UP_RULES.includes(r))) return 'gave-up';
  if (rules.some((r) => RESET_RULES.includes(r))) return 'reset';
  return connectionTo(slot.host, slot.peer) ? 'open' : 'closed';
}

/**
 * Run a round to its end like `runToEnd`, one reducer step at a time, observing every snapshot.
 * Rounds wait for human moves are answered with the correct move (runToEnd's own default).
 */
export function runWithTranscript(round: Round, maxEvents = 50_000): { round: Round; transcript: Transcript; steps: number } {
  let r = round;
  let t = observe(emptyTranscript(), r);
  let steps = 0;
  const limit = r.settings.timeLimitMs ?? scenarioOf(r).timeLimitMs;
  for (; steps < maxEvents && !r.finished; steps++) {
    if (SIDES.some((s) => r.hosts[s].decision)) {
      const answered = runToEnd(r, undefined, 1);
      if (answered === r) break;
      r = answered;
    } else {
      const at = nextEventAt(r);
      const res = stepRound(r, { kind: 'advance', at: at === null ? limit : Math.min(at, limit) });
      if (!res.ok) break;
      r = res.round;
    }
    t = observe(t, r);
  }
  return { round: r, transcript: t, steps };
}
