/**
 * The annotator's data: a TCP segment as a capture shows it, and the row the annotator writes for
 * it (the states of both endpoints after the receiver processed it, and what was concluded).
 */
import type { TcpFlagsIn, TcpOptions } from '../pcap/decode.ts';
import type { RuleId } from '../rules/ids.ts';
import type { Profile } from '../tcp/config.ts';
import type { TcpState } from '../tcp/states.ts';

export type Role = 'client' | 'server';

export interface CapturedSegment {
  /** Position of the packet in the file, from 0 (Wireshark's frame number minus one). */
  index: number;
  /** Seconds since the first packet of the file. */
  time: number;
  /** "10.0.0.1:80" or "[2001:db8::1]:443". */
  src: string;
  dst: string;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  ipVersion: 4 | 6;
  seq: number;
  ack: number;
  flags: TcpFlagsIn;
  window: number;
  options: TcpOptions;
  /** Payload length on the wire. */
  len: number;
  /** The first bytes of the payload that were captured (a preview, at most PREVIEW_BYTES). */
  preview: Uint8Array;
  /** IPv4's Identification: many stacks count it up per connection, a send-order clock (sendClock.ts). */
  ipId?: number;
  /** IPv4's TTL or IPv6's Hop Limit as captured: a host sends its initial value, each router takes one off (capturePoint.ts). */
  hopLimit?: number;
}

export const PREVIEW_BYTES = 256;

/** Where a connection's capture was taken (capturePoint.ts): at one end, at both (one host's loopback), or not known (the middle, or no clear evidence). */
export type CaptureSite = 'client' | 'server' | 'both' | 'unknown';

export interface CaptureSiteInfo {
  site: CaptureSite;
  /** The TTL (IPv6: Hop Limit) each end's segments carry, where the hop counts told something. */
  ttl?: Record<Role, number>;
  /** Each end's quickest answer to the other (seconds), where the answer times told which end. */
  answers?: Record<Role, number>;
}

/** One thing the annotator concluded about a segment, as data; `noteText` words it in either language. */
export type NoteItem =
  | { code: 'connect' | 'close' | 'close-after-read' | 'close-unread-rst' | 'abort' | 'abort-silent' | 'keep-alive-timeout'; who: Role }
  | { code: 'send'; who: Role; bytes: number }
  | { code: 'shutdown-write'; who: Role; by: number }
  | { code: 'fin-not-captured'; who: Role; by: number; resent: number }
  | { code: 'listen-assumed' | 'not-listening' | 'old-duplicate'; who: Role }
  /** Its server left it unanswered and refused only a later copy (`refused`) with a RST (`by`): taken as listening until then. `seen`: the capture was taken at the server, which saw the copies before it arrive. */
  | { code: 'listen-until-refused'; who: Role; refused: number; by: number; seen?: true }
  /** The copy the server refused (with `by`) after leaving the earlier ones unanswered: its listener was closed before it came. */
  | { code: 'listener-gone'; who: Role; by: number }
  | { code: 'outside-sequence-space'; who: Role; seq: number }
  | { code: 'not-own'; who: Role; what: 'RST' | 'SYN'; by: number }
  | { code: 'retransmission'; first: number | null }
  | { code: 'wire-duplicate'; of: number }
  /** `clock`: what showed it left first, its TCP timestamp or (without timestamps) its IPv4 ID. */
  | { code: 'reordered'; newer: number; clock?: 'ip-id' }
  | { code: 'paws'; who: Role }
  | { code: 'no-room'; who: Role; by: number }
  | { code: 'keep-alive' | 'window-probe' | 'zero-window' | 'window-update' }
  | { code: 'delayed-ack'; ms: number }
  | { code: 'dup-ack'; count: number; ack: number }
  | { code: 'rule'; who: Role; rule: RuleId }
  | { code: 'lost-retransmitted'; by: number }
  | { code: 'lost-peer-retransmitted'; by: number }
  | { code: 'lost-rst-ignored'; by: number }
  | { code: 'lost-answered-later'; by: number }
  | { code: 'lost-keepalive-timeout'; by: number }
  | { code: 'lost-not-acknowledged'; by: number }
  | { code: 'lost-unanswered'; seconds: number }
  | { code: 'lost-syn-unanswered'; seconds: number }
  | { code: 'or-accept-queue-full'; who: Role }
  | { code: 'or-syn-ack-lost'; who: Role }
  | { code: 'or-ack-lost'; who: Role }
  /** Of `copies` copies of its bytes sent from this one on, the receiver reported `reports` (at least 1, fewer than copies - 1) as duplicates. */
  | { code: 'or-copy-late'; copies: number; reports: number }
  /** No copy reported, but the path reorders (`by`: the receiver's segment that showed it) and a later copy's newer timestamp would have PAWS throw this one away. */
  | { code: 'or-paws-late'; by: number }
  | { code: 'syn-ack-not-captured'; syn: number; resent: number; by: 'echo' | 'twice' }
  /** `seen`: the capture was taken at the receiver, which saw the ACK arrive (so it was not lost on the way). */
  | { code: 'accept-queue-drop'; who: Role; by: number; seen?: true }
  /**
   * It reached the receiver, where the capture was taken, and went no further: `why` is what shows
   * its TCP never took it; `cause` the reasons left at the host (a Linux listener's full accept
   * queue for a SYN, else whatever a host drops a segment for).
   */
  | { code: 'dropped-at-host'; who: Role; why: LostNote; cause: 'accept-queue' | 'host' }
  | { code: 'crossed'; after: number }
  /** `quiet`: an arrival after the receiver's ACKs of earlier data (pipelining), kept for the replay's timing and not worded. */
  | { code: 'arrives-now'; index: number; quiet?: true }
  | { code: 'half-open'; who: Role }
  | { code: 'data-after-close'; who: Role }
  | { code: 'syn-cookie'; who: Role }
  | { code: 'mid-stream' | 'after-syn' }
  | { code: 'new-incarnation' }
  | { code: 'gap'; bytes: number }
  | { code: 'not-sendable'; who: Role; state: TcpState }
  | { code: 'no-connection'; who: Role }
  | { code: 'engine-refused'; who: Role; detail: string }
  | { code: 'change'; who: Role; from: TcpState; to: TcpState; rule: RuleId };

/** The notes that say a segment never reached its receiver's TCP, and what shows it. */
export type LostNote = Extract<NoteItem, { code: 'lost-retransmitted' | 'lost-peer-retransmitted' | 'lost-rst-ignored' | 'lost-answered-later' | 'lost-keepalive-timeout' | 'lost-not-acknowledged' | 'lost-unanswered' | 'lost-syn-unanswered' }>;

export interface TimerNote {
  kind: 'retransmission' | 'time-wait';
  /** Seconds since the first packet: when it was (re)started (expiry minus the RTO, or minus 2×MSL) and when it fires. */
  startedAt: number;
  expiresAt: number;
}

export interface EndpointInfo {
  endpoint: string;
  role: Role;
  state: TcpState;
  timers: TimerNote[];
}

export interface AnnotatedSegment {
  index: number;
  time: number;
  src: string;
  dst: string;
  flags: string[];
  seq: number;
  ack: number;
  len: number;
  /** RFC 9293 state of each endpoint after the receiver processed the segment. */
  states: Record<string, TcpState>;
  /** What the engine concluded, in English. */
  note: string;
  /** Which connection (like Wireshark's tcp.stream, from 0). */
  stream: number;
  /** False when the annotator concluded the segment never reached its receiver. */
  arrived: boolean;
  notes: NoteItem[];
  /** Both endpoints, client first, with their timers (for the replay view). */
  endpoints: [EndpointInfo, EndpointInfo];
  window: number;
  /** Printable preview of the payload (Latin-1, control characters as dots). */
  data: string;
  /** Where the capture of this connection was taken, as the capture shows it. */
  captureSite: CaptureSiteInfo;
}

export interface AnnotateOptions {
  profile: Profile;
  /** How many packets ahead the annotator may look to infer a loss (bounded, so memory is too). */
  lookahead?: number;
  /** How many connections it keeps at once before forgetting the least recently seen. */
  maxConnections?: number;
}
