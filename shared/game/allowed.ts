/**
 * Where RFC 9293 allows more than one answer. The engine makes one choice (its profile's); the
 * judge must accept every choice the RFC allows, and the feedback says why each is right.
 *
 * - Simultaneous open: the peer's SYN-ACK reaching SYN-RECEIVED completes the connection (RFC 9293
 *   Figure 7), answered with a bare <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (Linux does) or with
 *   nothing (Figure 7). Or, §3.10.7.4's first check read word for word, that SYN-ACK is not
 *   acceptable (its SEG.SEQ is below RCV.NXT): the same bare ACK, and the connection stays
 *   SYN-RECEIVED until the peer's ACK arrives. The host then goes on as that reading says
 *   (`readingConfig`: the engine's setting that gives that answer).
 * - A half-open connection given up (its SYN-ACK never answered): the engine shows what is left
 *   for that client, the listener in LISTEN; the half-open TCB is deleted, which §3.10.8 calls
 *   CLOSED. Either name is right; nothing is sent either way.
 * - A delayable ACK (§3.8.6.3): a bare ACK of in-order data, or of a FIN that moves the connection
 *   to CLOSE-WAIT, may be held back for less than 0.5 s in the hope that data or a FIN carries it.
 *   Only one ACK may be owed at a time (ACK at least every second segment), and the round's
 *   delayed-ACK timer asks for it if nothing carried it meanwhile.
 * - A RST that resets a synchronized connection of the host's own accord (an ABORT, close() with
 *   unread data, a listener closed over its accept queue): RFC 9293 §3.10.5 writes
 *   <SEQ=SND.NXT><CTL=RST>, and Linux's tcp_send_active_reset sends <SEQ=SND.NXT><ACK=RCV.NXT>
 *   <CTL=RST,ACK>. The receiver checks only the RST's sequence number (§3.10.7.4, RFC 5961 §3.2),
 *   so both reset the connection: either is right, in either profile.
 */
import type { RuleId } from '../rules/ids.ts';
import { flags } from '../tcp/segment.ts';
import type { TcpConfig } from '../tcp/config.ts';
import type { HostEvent, Tcb } from '../tcp/types.ts';
import type { AllowedKind, Alternative, Expected, ExpectedSegment } from './judge.ts';

/** How long a held-back ACK may wait in this game: Linux's longest delayed ACK (TCP_DELACK_MAX, 200 ms). */
export const DELAYED_ACK_MS = 200;

/**
 * An answer after which the host goes on otherwise than the engine's answer says: the setting under
 * which the engine gives that answer (and takes the host where the player said).
 */
export function readingConfig(kind: AllowedKind): Partial<TcpConfig> | null {
  return kind === 'seq-check' ? { simultaneousOpenSeqCheck: true } : null;
}

export interface AlternativeContext {
  event: HostEvent;
  expected: Expected;
  /** The connection after the event (null: it is gone). */
  tcb: Tcb | null;
  /** An ACK is already being held back on this connection. */
  ackOwed: boolean;
  /**
   * For each expected segment: the RCV.NXT of the connection it resets when it is a RST the host
   * sends of its own accord (ACTIVE_RESETS), else null.
   */
  activeResets?: readonly (number | null)[];
}

/** The RSTs a host sends of its own accord on a synchronized connection (Linux: tcp_send_active_reset). */
export const ACTIVE_RESETS: ReadonlySet<RuleId> = new Set<RuleId>(['abort.rst', 'close.unread-data-rst', 'close.listen-close-reset']);

/** The same move with each active RST's ACK bit the other way: on with <ACK=RCV.NXT>, or off. */
function resetsWithAckFlipped(expected: Expected, rcvNxts: readonly (number | null)[]): Alternative | null {
  if (!rcvNxts.some((n) => n !== null)) return null;
  const segments = expected.segments.map((s, i): ExpectedSegment => {
    const rcvNxt = rcvNxts[i] ?? null;
    if (rcvNxt === null || !s.flags.RST) return s;
    return { ...s, flags: { ...s.flags, ACK: !s.flags.ACK }, ack: s.flags.ACK ? 0 : rcvNxt, rule: 'abort.rst-ack-optional' };
  });
  return { kind: 'rst-ack', state: expected.state, segments, rule: 'abort.rst-ack-optional' };
}

const isBareAck = (s: ExpectedSegment): boolean => s.flags.ACK && !s.flags.SYN && !s.flags.FIN && !s.flags.RST && s.data === '';

export function alternativesFor({ event, expected, tcb, ackOwed, activeResets }: AlternativeContext): Alternative[] {
  const reset = activeResets ? resetsWithAckFlipped(expected, activeResets) : null;
  if (reset) return [reset];
  if (expected.stateRule === 'timer.syn-ack-give-up' && expected.state === 'LISTEN') {
    return [{ kind: 'half-open-deleted', state: 'CLOSED', segments: expected.segments, rule: 'timer.half-open-tcb-deleted' }];
  }
  if (event.kind !== 'segment' || !tcb) return [];
  const out: Alternative[] = [];
  const segs = expected.segments;
  if (expected.stateRule === 'open.simultaneous-syn-ack') {
    // §3.10.7.4's first check read word for word: the SYN-ACK is not acceptable; ACK it and stay.
    const seqCheck: Alternative = {
      kind: 'seq-check',
      state: 'SYN-RECEIVED',
      segments: [{ flags: flags('ACK'), seq: tcb.sndNxt, ack: tcb.rcvNxt, data: '', rule: 'open.simultaneous-syn-ack-seq-check', retransmission: false }],
      rule: 'open.simultaneous-syn-ack-seq-check',
    };
    if (segs.length === 0) {
      out.push({
        kind: 'extra-ack',
        state: expected.state,
        segments: [{ flags: flags('ACK'), seq: tcb.sndNxt, ack: tcb.rcvNxt, data: '', rule: 'open.simultaneous-extra-ack', retransmission: false }],
        rule: 'open.simultaneous-extra-ack',
      });
    } else if (segs.length === 1 && segs[0]!.rule === 'open.simultaneous-extra-ack' && isBareAck(segs[0]!)) {
      out.push({ kind: 'no-extra-ack', state: expected.state, segments: [], rule: 'open.simultaneous-extra-ack' });
    }
    out.push(seqCheck);
    return out;
  }
  const only = segs.length === 1 ? segs[0]! : null;
  const delayable = only !== null && isBareAck(only) && (only.rule === 'data.in-order-ack' || (only.rule === 'close.ack-of-fin' && expected.state === 'CLOSE-WAIT'));
  if (delayable && !ackOwed) out.push({ kind: 'delayed-ack', state: expected.state, segments: [], rule: 'ack.delayed' });
  return out;
}
