/**
 * The one typed event bus between the HTML overlay and the Phaser scenes. Scenes render state and
 * emit intents; overlays emit intents and render what scenes tell them. Nothing else crosses.
 */
import type { ControlBits } from '../shared/tcp/segment.ts';
import type { TcpState } from '../shared/tcp/states.ts';
import type { Lang } from './i18n/index.ts';
import type { HostRole } from './model/view.ts';
import type { ReplayStep } from './model/replayStep.ts';
import type { Move, ProposedSegment } from '../shared/game/move.ts';
import type { ChallengeResult, HintMessage, NoticeMessage, QuizResult, SessionState, VerdictMessage, JoinRequest, PlayMode, RoomChoice } from './net/session.ts';

export type SceneKey = 'Boot' | 'Preloader' | 'Menu' | 'Game' | 'Results' | 'Compare';

/** What the player proposes; the server judges it (the client never scores). */
export interface MoveProposal {
  kind: 'send' | 'wait' | 'retransmit';
  newState: TcpState | null;
  flags: ControlBits;
  seq: number | null;
  ack: number | null;
  data: string;
  /** Segments queued before this one with "add segment" (one decision may send several). */
  queued: ProposedSegment[];
}

/** One line of the decision prompt, in words the player can read ("SYN arrived: seq=…"). */
export interface PromptText {
  key: string;
  params?: Record<string, string | number>;
}

/** A value the composer offers for a field, named as RFC 9293 names it (ISS, SND.NXT, RCV.NXT, SEG.ACK…). */
export interface Helper {
  name: string;
  value: number;
  /** Another connection's variable (a listener closing resets each waiting connection): its peer. */
  of?: string;
}

/** What the composer needs to fill its helper buttons and enable Retransmit. */
export interface ComposerContext {
  role: HostRole;
  /** The state the decision starts from, marked among the states: the connection it is about (decisionState). */
  ownState: TcpState;
  /** The state the player's host shows (its played connection, or its listener), for "You play …, now in …". */
  hostState?: TcpState;
  /** Values for seq and ack: the host's own TCB variables and the arrived segment's, by name. */
  seqHelpers: Helper[];
  ackHelpers: Helper[];
  /** Bytes the application handed over that no segment carried yet. */
  payloads: string[];
  /** The remote socket of the connection the decision concerns (a SYN flood has many). */
  remote?: string | null;
  /** The retransmission timer fired: Retransmit resends the segment it names. */
  retransmitReady: boolean;
  /** Watch mode: moves are shown but nobody judges them. */
  watchOnly: boolean;
  /** Live: the decision waiting for this player (null: nothing to decide, controls disabled). */
  decisionId?: number | null;
  /** Moves already proposed for this decision (the coach refused them). */
  attempts?: number;
  prompt?: PromptText[];
  /** Live, turns: the opponent is deciding and this player may nudge them. */
  canNudge?: boolean;
}

/**
 * `flooding` / `bad-frame`: the server closed this connection (too many messages at once, or one it
 * could not read); `elsewhere`: the player opened this game in another tab or window, which plays
 * the seat now; `interrupted`: the server stopped mid-round and this round is stored as it stood.
 */
export type NetStatus = 'connecting' | 'online' | 'reconnecting' | 'lost' | 'closed' | 'failed' | 'flooding' | 'bad-frame' | 'elsewhere' | 'interrupted';

export type PlaybackAction = 'play' | 'pause' | 'toggle' | 'restart' | 'step-back' | 'step-forward' | 'seek';

export interface PlaybackStatus {
  now: number;
  duration: number;
  playing: boolean;
  speed: number;
  /** Autoplay is running through a quiet stretch faster than `speed` (nothing on the wire, a timer counting down). */
  skipping?: boolean;
}

/**
 * A short message to the player. One that tells of work under way (`until: 'done'`, "Reading a
 * capture…") stays until `feedback:done` names its key, however long the work takes, and no longer:
 * a message that outlives what it tells of is wrong, and covers the screen the work opened.
 */
export type Feedback = { tone: 'info' | 'good' | 'bad'; key: string; params?: Record<string, string | number>; until?: 'done' };

export interface BusEvents {
  /** i18n changed the language; every overlay and scene re-labels itself. */
  'language-changed': { lang: Lang };
  'scene-ready': { scene: SceneKey };
  /** Menu intents (the room layer will handle these once the server rooms exist). */
  'menu:watch-demo': Record<string, never>;
  'menu:create-duel': { name: string; scenarioId?: string; mode?: PlayMode; room?: RoomChoice };
  'menu:join-duel': { name: string; code: string };
  /** Back to the duel seat this browser left (see client/net/seatKeys.ts). */
  'menu:rejoin': { name: string; roomId: string };
  'menu:quick-match': { name: string; scenarioId?: string; mode?: PlayMode; room?: RoomChoice };
  'menu:practice': { name: string; scenarioId: string; botId: string; mode?: PlayMode; role?: 'client' | 'server'; room?: RoomChoice };
  'menu:challenge': { name: string; scenarioId: string; role?: 'client' | 'server' };
  /** The first-time tutorial: a coached handshake practice with step cards over it. */
  'menu:tutorial': { name: string };
  'nav:menu': Record<string, never>;
  'nav:results': Record<string, never>;
  /** Composer intents and the context the game feeds back to it. */
  'move:propose': MoveProposal;
  'composer:context': ComposerContext;
  'composer:pick-state': { state: TcpState };
  /** The state diagram: the pointer is over a state's box (null: left it); `y` is the box's stage y. */
  'states:hover': { state: TcpState | null; y: number };
  /** A state's box was clicked where it does not pick the composer's state (replay, the demo). */
  'states:inspect': { state: TcpState; y: number };
  /** The state the diagram shows now, and whose it is ("Client host"), for the glossary. */
  'states:current': { state: TcpState; host: string };
  /** The diagram's "States explained" button. */
  'glossary:open': Record<string, never>;
  /** Watch-mode playback. */
  'playback:control': { action: PlaybackAction; speed?: number; /** For 'seek': round time (ms). */ at?: number };
  'playback:status': PlaybackStatus;
  /** What the replay's step shows (client/model/replayStep.ts), for its dock on a phone (client/ui/replayDock.ts). */
  'replay:step': ReplayStep;
  /** Component intents. */
  'host:select': { role: HostRole };
  'segment:inspect': { id: string };
  'ladder:export': Record<string, never>;
  'ladder:exported': { dataUrl: string; fileName: string };
  /** A capture file to open in the replay view (the menu's picker; drops are handled where they land). */
  'capture:open': { file: File };
  feedback: Feedback;
  /** The work a lasting feedback (`until: 'done'`) told of is over: its toast goes. */
  'feedback:done': { key: string };
  /** The connection layer (client/net/session.ts) and what it reports. */
  'net:status': { status: NetStatus };
  'session:started': { request: JoinRequest };
  'session:update': { session: SessionState; receivedAt: number };
  'session:finished': { session: SessionState };
  'session:leave': Record<string, never>;
  'round:verdict': VerdictMessage;
  'round:refused': VerdictMessage;
  /** A refusal: `code` is its code (shared/refusals.ts) when the server sent one, else a status or a category; `message` its English. */
  'round:error': { code: string; message: string; params?: Record<string, string | number> };
  'round:notice': NoticeMessage;
  'round:hint': HintMessage;
  'round:quiz-result': QuizResult;
  'round:challenge-result': ChallengeResult;
  'round:message': { type: string; payload: unknown };
  /** Intents the session forwards to the room. */
  'round:move': { decisionId: number; move: Move };
  'round:ask-hint': Record<string, never>;
  'round:resign': Record<string, never>;
  'round:quiz': { cardId: string; choice: number };
  'round:rematch': Record<string, never>;
  'round:swap': Record<string, never>;
  /** The waiting player nudges the one deciding; `round:nudged` is the server's receipt. */
  'round:nudge': Record<string, never>;
  'round:nudged': Record<string, never>;
  'round:next-scenario': { scenarioId: string };
}

export type BusEvent = keyof BusEvents;
type Handler<K extends BusEvent> = (payload: BusEvents[K]) => void;

export class EventBus {
  private readonly handlers = new Map<BusEvent, Set<(payload: never) => void>>();

  /** Subscribe; returns the unsubscribe function (call it on scene shutdown / overlay unmount). */
  on<K extends BusEvent>(event: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  /** Something listens to this event now (a scene may skip working out what nobody would hear). */
  listens(event: BusEvent): boolean {
    return (this.handlers.get(event)?.size ?? 0) > 0;
  }

  emit<K extends BusEvent>(event: K, payload: BusEvents[K]): void {
    const set = this.handlers.get(event);
    if (!set) return;
    for (const handler of [...set]) (handler as Handler<K>)(payload);
  }

  clear(): void {
    this.handlers.clear();
  }
}

export const bus = new EventBus();
