/**
 * How a segment is written everywhere in the client (wire cards, ladder arrows, PNG export):
 * Wireshark's order of flags, then seq/ack/len. Uses shared/ so the preview matches the engine.
 */
import { flagsLabel, segmentLength, type ControlBits, type Segment } from '../../shared/tcp/segment.ts';
import type { FlagColorKey } from '../theme.ts';

export function segmentSummary(seg: Segment): string {
  const parts = [flagsLabel(seg.flags), `seq=${seg.seq}`];
  if (seg.flags.ACK) parts.push(`ack=${seg.ack}`);
  parts.push(`len=${seg.data.length}`);
  return parts.join(' ');
}

/** The flags that are set, in Wireshark's order, plus DATA when the segment carries bytes. */
export function segmentBadges(seg: Pick<Segment, 'flags' | 'data'>): FlagColorKey[] {
  const on: FlagColorKey[] = (['SYN', 'FIN', 'RST', 'ACK'] as const).filter((b) => seg.flags[b]);
  if (seg.data.length > 0) on.push('DATA');
  return on;
}

/** The colour family that stands for a segment as a whole (its most significant flag). */
export function primaryFlag(flags: ControlBits, hasData: boolean): FlagColorKey {
  if (flags.RST) return 'RST';
  if (flags.SYN) return 'SYN';
  if (flags.FIN) return 'FIN';
  if (hasData) return 'DATA';
  return 'ACK';
}

export { flagsLabel, segmentLength };
