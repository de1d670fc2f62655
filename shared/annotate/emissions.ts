/**
 * Engine emissions waiting to be seen on the capture. Each host's engine says what it would send
 * next; a captured segment that matches one was sent for that emission's rule (a reset matches on
 * its sequence number alone), and a large captured segment covers the engine's MSS-sized pieces.
 */
import type { Segment } from '../tcp/segment.ts';
import { seqAdd } from '../tcp/seq.ts';
import type { RuleId } from '../rules/ids.ts';
import { seqGe, seqLe } from './segments.ts';
import type { CapturedSegment } from './types.ts';
import type { Connection } from './connection.ts';
import { ENGINE_CHUNK } from './engineInput.ts';

/** A segment an engine emitted, not yet seen on the capture, and the rule that sent it. */
export interface Pending {
  segment: Segment;
  rule: RuleId;
}

/** Take an emission the engine made that matches the captured segment (a reset matches on seq alone). */
export function takePending(c: Connection, s: CapturedSegment): Pending | null {
  const list = c.pending[s.src] ?? [];
  const i = list.findIndex((p) => {
    const g = p.segment;
    if (g.flags.RST !== s.flags.RST || g.flags.SYN !== s.flags.SYN || g.flags.FIN !== s.flags.FIN) return false;
    if (s.flags.RST) return g.seq === s.seq || (s.flags.ACK && g.flags.ACK && g.ack === s.ack);
    return g.seq === s.seq && g.flags.ACK === s.flags.ACK && (!s.flags.ACK || g.ack === s.ack) && g.data.length === Math.min(s.len, ENGINE_CHUNK);
  });
  if (i < 0) return null;
  const [p] = list.splice(i, 1);
  return p ?? null;
}

/** Engine emissions the captured segment covers (the pieces of a large segment). */
export function dropPendingCovered(c: Connection, s: CapturedSegment): Pending | null {
  const list = c.pending[s.src] ?? [];
  let first: Pending | null = null;
  c.pending[s.src] = list.filter((p) => {
    const g = p.segment;
    const inside = g.data.length > 0 && seqGe(g.seq, s.seq) && seqLe(seqAdd(g.seq, g.data.length), seqAdd(s.seq, s.len));
    const fin = g.flags.FIN && s.flags.FIN;
    if (inside || fin) {
      first ??= p;
      return false;
    }
    return true;
  });
  return first;
}
