import type { Profile, TcpConfig } from '../tcp/config.ts';
import type { ControlBit } from '../tcp/segment.ts';
import type { ScriptedFault, Side, WireSettings } from '../tcp/wire.ts';

export type Lang = 'en' | 'zh-CN';
export interface Bilingual {
  en: string;
  'zh-CN': string;
}

/**
 * What the host's application does, in order; each call waits for its condition, then for its
 * `afterMs` (AppStep).
 */
export type AppCall = 'listen' | 'connect' | 'send' | 'receive' | 'close' | 'abort' | 'accept' | 'unlisten' | 'reboot';
export type AppCondition =
  /** Nothing to wait for: met as soon as the step is the next one (the previous call, or the round's start). */
  | 'start'
  /** The connection is synchronized (ESTABLISHED or later). */
  | 'established'
  /** A connection waits in the listener's accept queue. */
  | 'acceptable'
  /** Data has arrived that the application has not read. */
  | 'data-arrived'
  /** The peer has closed its side (our connection is in CLOSE-WAIT). */
  | 'peer-closed';

/**
 * One call of the application. It is made `afterMs` (default 0) after its condition was met: "close,
 * 400 ms after established" is called 400 ms after the handshake ends, however long the handshake
 * took. The pause counts from the moment the condition became true while this step was the next
 * one, so never from before the previous call: for 'start', from the previous call (the round's
 * start for the first step), as "send, then close 100 ms later" means. A condition that stops
 * holding before the pause is over (the connection was reset) is waited for again, and the pause
 * starts again when it is met.
 */
export interface AppStep {
  call: AppCall;
  when: AppCondition;
  afterMs?: number;
  data?: string;
}

export type InjectionKind = 'old-duplicate' | 'spoofed' | 'other-client';

/** A segment put on the wire by something other than the host's TCP: an old duplicate, a flood. */
export interface Injection {
  at: number;
  from: Side;
  src: string;
  seq: number;
  ack: number;
  flags: ControlBit[];
  data: string;
  delayMs: number;
  /**
   * What it stands for, for the flow graph's label: a segment of an earlier connection between the
   * same sockets still in the network, one forged by a third party, or one of another (real) client
   * of the same server. Default: an old duplicate when `src` is the real peer's socket; else another
   * client once that source has acknowledged a SYN-ACK sent to it (a forger never sees one), else
   * spoofed.
   */
  kind?: InjectionKind;
  /**
   * Another client completing its own handshake: the ACK field is the ISN the receiving host's TCP
   * chose for this source's connection + 1 (that client got the SYN-ACK), whatever the ISN is.
   * Without a connection from this source, `ack` is used as it is.
   */
  acksSynAck?: boolean;
}

export interface QuizCard {
  id: string;
  question: Bilingual;
  choices: Bilingual[];
  answer: number;
  explanation: Bilingual;
  /** The engine profile whose behaviour the card states (a retransmission schedule, a queue limit), named in its question. */
  profile?: Profile;
}

export interface Scenario {
  id: string;
  title: Bilingual;
  goal: Bilingual;
  /** The interview question the scenario teaches. */
  question: Bilingual;
  profile: Profile;
  config?: Partial<TcpConfig>;
  /** Roles a human may play (the bot plays the other); the first is the menu's default. */
  roles: Side[];
  /** Why, when a scenario lets a human play only one role (the menu shows it). */
  rolesWhy?: Bilingual;
  addresses: { client: string; server: string };
  ports: { client: number; server: number };
  wire: WireSettings;
  faults: ScriptedFault[];
  injections: Injection[];
  apps: Record<Side, AppStep[]>;
  iss?: Partial<Record<Side, number>>;
  timeLimitMs: number;
  quiz: QuizCard[];
}
