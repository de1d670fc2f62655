/**
 * The annotated row for one captured segment: both endpoints' states and running timers after the
 * receiver processed it, and the notes that explain it.
 */
import { timeWaitMs } from '../tcp/config.ts';
import { noteText } from './noteText.ts';
import { flagNames, previewText } from './segments.ts';
import type { AnnotatedSegment, CapturedSegment, EndpointInfo, NoteItem, TimerNote } from './types.ts';
import type { Connection } from './connection.ts';
import { scaledWindow } from './engineInput.ts';

/** The endpoint's running timers, with when each started and when it expires (seconds on the capture's clock). */
export function timers(c: Connection, ep: string): TimerNote[] {
  const tcb = c.tcb(ep);
  const out: TimerNote[] = [];
  if (tcb?.retransmitTimer) out.push({ kind: 'retransmission', startedAt: (tcb.retransmitTimer.expiresAt - tcb.rtoMs) / 1000, expiresAt: tcb.retransmitTimer.expiresAt / 1000 });
  if (tcb?.timeWaitExpiresAt != null) out.push({ kind: 'time-wait', startedAt: (tcb.timeWaitExpiresAt - timeWaitMs(c.host(ep).config)) / 1000, expiresAt: tcb.timeWaitExpiresAt / 1000 });
  return out;
}

/** The row for `s`: `arrived` is false when it was lost on the way. */
export function row(c: Connection, s: CapturedSegment, notes: NoteItem[], arrived: boolean): AnnotatedSegment {
  const info = (ep: string): EndpointInfo => ({ endpoint: ep, role: c.role(ep), state: c.stateOf(ep), timers: timers(c, ep) });
  const [client, server] = c.endpoints;
  return {
    index: s.index,
    time: s.time,
    src: s.src,
    dst: s.dst,
    flags: flagNames(s),
    seq: s.seq,
    ack: s.ack,
    len: s.len,
    states: { [client]: c.stateOf(client), [server]: c.stateOf(server) },
    note: noteText(notes, 'en'),
    stream: c.stream,
    arrived,
    notes,
    endpoints: [info(client), info(server)],
    window: scaledWindow(c, s),
    data: previewText(s.preview),
    captureSite: c.site,
  };
}
