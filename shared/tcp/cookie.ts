/**
 * SYN cookies (RFC 4987 §3.6, Linux net.ipv4.tcp_syncookies): when the SYN queue is full the
 * listener keeps no state for a new SYN; it encodes the connection in the ISN of its SYN-ACK
 * instead, and recognises that ISN when the handshake's ACK comes back (SEG.ACK − 1). A real
 * kernel hashes the four-tuple with a secret key and a coarse clock, and folds in an MSS index;
 * this engine hashes the four-tuple, the client's ISN and the host's key, which is enough to tell
 * a cookie it sent from any other number.
 */
import { seqAdd } from './seq.ts';
import type { Host } from './types.ts';
import type { SocketAddress } from './segment.ts';

/** FNV-1a, 32 bits: a small, well-known, deterministic hash (no I/O, no randomness). */
function fnv1a(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The host's cookie key, from its seed: the same seed gives the same cookies, so replays agree. */
export function cookieSecretOf(seed: number): number {
  return fnv1a(`syn-cookie:${seed | 0}`);
}

/** The ISN of a cookie SYN-ACK for a SYN from `remote` (its ISN `irs`) to `local`. */
export function synCookie(host: Host, local: SocketAddress, remote: SocketAddress, irs: number): number {
  // A scenario or test that fixes the host's ISN fixes its cookies too (sequence numbers stay exact).
  if (host.fixedIss !== null) return host.fixedIss;
  return fnv1a(`${local}|${remote}|${irs}`, host.cookieSecret);
}

/** Does this ACK (SEG.SEQ = the client's ISN + 1, SEG.ACK = cookie + 1) carry a cookie we sent? */
export function carriesCookie(host: Host, local: SocketAddress, remote: SocketAddress, seq: number, ack: number): boolean {
  return seqAdd(ack, -1) === synCookie(host, local, remote, seqAdd(seq, -1));
}
