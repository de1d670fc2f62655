/**
 * Gaps in sequence space. Bytes the capture never showed (a dropped packet, a skipped fragment)
 * that a later segment proves were sent; and segments a receiver kept beyond a gap, in the
 * out-of-order queue every real stack has (RFC 9293 §3.10.7.4), handed over once it is filled.
 */
import type { Segment } from '../tcp/segment.ts';
import { seqAdd, seqDiff } from '../tcp/seq.ts';
import { segEnd, seqGt, seqLe } from './segments.ts';
import type { NoteItem } from './types.ts';
import type { Connection } from './connection.ts';
import { MAX_PENDING, OPEN_WINDOW, SEND_CHUNK, engineSegments } from './engineInput.ts';

/** Held segments the engine can now take in order (the gap before them was filled). */
export function releaseHeld(c: Connection, ep: string, at: number, notes: NoteItem[]): void {
  for (let guard = 0; guard < MAX_PENDING; guard++) {
    const tcb = c.tcb(ep);
    const held = c.held[ep] ?? [];
    const i = tcb ? held.findIndex((h) => seqLe(h.seq, tcb.rcvNxt)) : -1;
    if (!tcb || i < 0) return;
    const [h] = held.splice(i, 1);
    if (h && seqGt(segEnd(h), tcb.rcvNxt)) for (const seg of engineSegments(c, h)) c.run(ep, { kind: 'segment', at, segment: seg }, notes);
  }
}

/** `ep` sent data up to `upTo` that the capture does not show: send it in its engine and hand it to the peer. */
export function fillGap(c: Connection, ep: string, upTo: number, delivered: boolean, notes: NoteItem[]): void {
  const tcb = c.tcb(ep);
  if (!tcb || (tcb.state !== 'ESTABLISHED' && tcb.state !== 'CLOSE-WAIT')) return;
  const gap = seqDiff(upTo, tcb.sndNxt);
  if (gap <= 0 || gap > 1 << 24) return;
  notes.push({ code: 'gap', bytes: gap });
  tcb.sndWnd = OPEN_WINDOW;
  const peerSock = c.sock[c.peer(ep)] ?? '';
  const at = c.host(ep).now;
  for (let off = 0; off < gap; off += SEND_CHUNK) c.run(ep, { kind: 'send', at, remote: peerSock, data: '\u0000'.repeat(Math.min(SEND_CHUNK, gap - off)) }, notes);
  const list = c.pending[ep] ?? [];
  c.pending[ep] = list.filter((p) => p.segment.data.length === 0);
  if (delivered) for (const p of list) if (p.segment.data.length > 0) c.run(c.peer(ep), { kind: 'segment', at, segment: p.segment }, notes);
  c.sndMax[ep] = c.tcb(ep)?.sndNxt ?? upTo;
}

/**
 * The sender acknowledges more than its engine took in: it kept segments that came beyond a gap
 * (an out-of-order queue, which every real stack has, RFC 9293 §3.10.7.4) and delivered them once
 * the gap was filled. Hand its engine what the peer sent up to that point again, in order.
 */
export function catchUp(c: Connection, ep: string, upTo: number, notes: NoteItem[]): void {
  const tcb = c.tcb(ep);
  const peerTcb = c.tcb(c.peer(ep));
  if (!tcb || !peerTcb || seqDiff(upTo, tcb.rcvNxt) <= 0 || seqDiff(upTo, tcb.rcvNxt) > 1 << 24) return;
  const at = c.host(ep).now;
  for (const u of peerTcb.unacked) {
    const end = seqAdd(u.seq, u.data.length + (u.flags.SYN ? 1 : 0) + (u.flags.FIN ? 1 : 0));
    if (seqLe(end, tcb.rcvNxt) || seqGt(end, upTo)) continue;
    const segment: Segment = { src: peerTcb.local, dst: peerTcb.remote, seq: u.seq, ack: peerTcb.rcvNxt, flags: { ...u.flags }, wnd: Math.min(65_535, peerTcb.rcvWnd), data: u.data };
    c.run(ep, { kind: 'segment', at, segment }, notes);
  }
}
