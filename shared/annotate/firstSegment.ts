/**
 * A connection's first captured segment: bring both engines to where the capture begins. A SYN
 * to a listener; a SYN-ACK whose SYN was not captured; or a capture that joins mid-stream, whose
 * unseen handshake is replayed with the sequence numbers the capture shows.
 */
import { seqAdd } from '../tcp/seq.ts';
import type { CapturedSegment, NoteItem } from './types.ts';
import type { Connection } from './connection.ts';
import { refusedLater } from './listenerGone.ts';
import { seenAt } from './capturePoint.ts';

/**
 * Bring both engines to where the capture begins. Normally a SYN: the receiver listens if it
 * answers with a SYN-ACK (or never answers), and not if it answers with a RST or its own SYN
 * (unless the RST refuses only a later copy of the SYN: listenerGone.ts).
 * A capture that starts later replays the unseen handshake with the sequence numbers the capture shows.
 */
export function bootstrap(c: Connection, first: CapturedSegment, future: readonly CapturedSegment[], notes: NoteItem[]): void {
  const t = first.time * 1000;
  const [client, server] = c.endpoints;
  if (first.flags.SYN && !first.flags.ACK) {
    const receiver = first.dst;
    const reply = future.find((f) => f.src === receiver && (f.flags.RST || f.flags.SYN));
    if (!reply || (reply.flags.SYN && reply.flags.ACK)) {
      // The ISN the server's TCP picks is an input the capture reveals in its SYN-ACK.
      listen(c, receiver, t, reply?.seq);
      if (!reply) notes.push({ code: 'listen-assumed', who: c.role(receiver) });
    } else if (reply.flags.RST) {
      // A closed port answers every SYN at once: one that refuses only a later copy listened before.
      const gone = refusedLater(c, first, reply, future);
      if (gone) {
        listen(c, receiver, t);
        c.listenerGone = gone;
        const who = c.role(receiver);
        // Taken at the server, the copies before it were seen arriving: none was lost on the way.
        notes.push({ code: 'listen-until-refused', who, refused: gone.refused, by: gone.rst, ...seenAt(c.site, who) });
      } else notes.push({ code: 'not-listening', who: c.role(receiver) });
    }
    return;
  }
  if (first.flags.SYN && first.flags.ACK) {
    // The SYN was not captured: the client sent it with ISS = ack − 1; the server answers with the captured ISN.
    notes.push({ code: 'after-syn' });
    listen(c, server, t, first.seq);
    c.run(client, { kind: 'connect', at: t, remote: c.sock[server] ?? '', iss: seqAdd(first.ack, -1) }, null);
    flushPendingInto(c, client, t);
    return;
  }
  notes.push({ code: 'mid-stream' });
  const clientSeq = first.src === client ? first.seq : first.flags.ACK ? first.ack : (future.find((f) => f.src === client)?.seq ?? 0);
  const serverSeq = first.src === server ? first.seq : first.flags.ACK ? first.ack : (future.find((f) => f.src === server)?.seq ?? 0);
  listen(c, server, t, seqAdd(serverSeq, -1));
  c.run(client, { kind: 'connect', at: t, remote: c.sock[server] ?? '', iss: seqAdd(clientSeq, -1) }, null);
  flushPendingInto(c, client, t); // SYN → server, SYN-ACK → client
  flushPendingInto(c, server, t); // the third ACK → server
  flushPendingInto(c, client, t);
  for (const ep of c.endpoints) c.pending[ep] = [];
  for (const ep of c.endpoints) c.sndMax[ep] = ep === client ? clientSeq : serverSeq;
}

/** The endpoint's application listens on its port; given `iss`, its engine answers with the ISN the capture shows. */
export function listen(c: Connection, ep: string, t: number, iss?: number): void {
  const host = c.host(ep);
  c.hosts[ep] = { ...host, fixedIss: iss ?? null };
  c.run(ep, { kind: 'listen', at: t, port: c.portOf(ep) }, null);
}

/** Hand what one engine emitted straight to the other (the unseen part of a handshake). */
export function flushPendingInto(c: Connection, from: string, t: number): void {
  const to = c.peer(from);
  const list = c.pending[from] ?? [];
  c.pending[from] = [];
  for (const p of list) c.run(to, { kind: 'segment', at: t, segment: p.segment }, null);
}
