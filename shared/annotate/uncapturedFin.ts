/**
 * A FIN the capture lacks: its sender's next segment starts one past everything the capture saw it
 * send, and later it sends a FIN at exactly that place again. The FIN went out before that next
 * segment and was lost before the capture point (a capture taken at its receiver, downstream of
 * the loss). When that next segment answers the segment arriving now, the FIN had left before this
 * one arrived: its sender was already closing (FIN-WAIT-1, so a FIN now makes it CLOSING).
 */
import { seqAdd } from '../tcp/seq.ts';
import type { CapturedSegment, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';

export function sendUncapturedFin(c: Connection, s: CapturedSegment, future: readonly CapturedSegment[], notes: NoteItem[]): void {
  const y = s.dst;
  const tcb = c.tcb(y);
  if (!tcb || tcb.finQueued || (tcb.state !== 'ESTABLISHED' && tcb.state !== 'CLOSE-WAIT') || tcb.unacked.length > 0) return;
  // The segment right after this one, from its receiver: its answer.
  const next = future[0];
  if (!next || next.src !== y || next.flags.SYN || next.flags.RST || next.flags.FIN || next.len > 0 || next.seq !== seqAdd(tcb.sndNxt, 1)) return;
  const resent = future.find((f) => f.src === y && f.flags.FIN && f.len === 0 && f.seq === tcb.sndNxt);
  if (!resent) return;
  notes.push({ code: 'fin-not-captured', who: c.role(y), by: next.index, resent: resent.index });
  const remote = c.sock[s.src] ?? '';
  // A FIN, not a RST: its application had read what had arrived (Linux resets on unread data).
  if (tcb.unread.length > 0) c.run(y, { kind: 'receive', at: s.time * 1000, remote }, null);
  c.run(y, { kind: 'close', at: s.time * 1000, remote }, notes);
  // That FIN never reached the capture point: nothing of it to hand over.
  c.pending[y] = (c.pending[y] ?? []).filter((p) => !p.segment.flags.FIN);
  c.sndMax[y] = seqAdd(tcb.sndNxt, 1);
}
