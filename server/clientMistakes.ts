/**
 * What a client gets wrong is not a server error. A malformed frame, a payload that does not decode,
 * a flood: each is one warn-level line naming the client and the room, and the lines are throttled
 * per kind, so that a hostile client cannot bury a real server error under thousands of its own.
 *
 * Colyseus reports some client mistakes itself, through the logger we give it, at error level and
 * with a stack (a msgpack payload that does not decode, a WebSocket frame over `maxPayload`). While
 * a room handles a frame, `frameContext` names the client and room (frames are handled
 * synchronously), so `colyseusLogger` can tell those apart and log them as client mistakes.
 */
import type { Logger } from './log.ts';

export interface MistakeContext {
  readonly room?: string;
  readonly roomId?: string;
  readonly sessionId?: string;
  readonly remote?: string;
}

/** At most this many lines per kind per window; the rest are counted and reported in one line. */
const LINES_PER_WINDOW = 20;
const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  lines: number;
  suppressed: number;
}

export class MistakeLog {
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(log: Logger, now: () => number = () => performance.now()) {
    this.#log = log;
    this.#now = now;
  }

  /** One line for `kind` (e.g. 'bad-frame', 'flood'), unless the kind is over its budget. */
  report(kind: string, context: MistakeContext, detail: string): void {
    const now = this.#now();
    let window = this.#windows.get(kind);
    if (window === undefined || now - window.startedAt >= WINDOW_MS) {
      if (window !== undefined && window.suppressed > 0) {
        this.#log.warn({ kind, suppressed: window.suppressed }, `client mistakes: ${window.suppressed} more "${kind}" lines were not logged`);
      }
      window = { startedAt: now, lines: 0, suppressed: 0 };
      this.#windows.set(kind, window);
    }
    if (window.lines >= LINES_PER_WINDOW) {
      window.suppressed += 1;
      return;
    }
    window.lines += 1;
    this.#log.warn({ kind, ...context, detail: firstLine(detail) }, `client mistake: ${kind}`);
  }
}

export function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** The client and room whose frame is being handled right now (null between frames). */
let current: MistakeContext | null = null;

export function withFrameContext<T>(context: MistakeContext, work: () => T): T {
  const outer = current;
  current = context;
  try {
    return work();
  } finally {
    current = outer;
  }
}

/** Errors ws raises for a frame it cannot accept ("Max payload size exceeded", "Invalid WebSocket frame: …"). */
function isWebSocketFrameError(text: string): boolean {
  return /ws[\\/]lib[\\/]receiver\.js/.test(text) || /^(RangeError: )?(Max payload size exceeded|Invalid WebSocket frame)/.test(text);
}

function messageOf(args: readonly unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : ''))
    .filter((s) => s !== '')
    .join(' ');
}

/**
 * The logger Colyseus writes to: everything goes to `log`, except error-level lines that come from
 * a client's bad input, which become throttled warn-level client mistakes.
 */
export function colyseusLogger(log: Logger, mistakes: MistakeLog): Logger {
  const proxy: Logger = Object.create(log) as Logger;
  const error = (...args: unknown[]): void => {
    const text = messageOf(args);
    if (current !== null) return mistakes.report('bad-message', current, text);
    if (isWebSocketFrameError(text)) return mistakes.report('bad-frame', {}, text);
    (log.error as (...a: unknown[]) => void)(...args);
  };
  Object.defineProperty(proxy, 'error', { value: error });
  // Colyseus writes console-style lines ("RedisPresence: pub connection error:", e.message): pino
  // would drop the arguments after the first, and with them the cause.
  for (const level of ['warn', 'info'] as const) {
    const write = (...args: unknown[]): void => {
      if (args.length > 1 && typeof args[0] === 'string' && !args[0].includes('%')) (log[level] as (m: string) => void)(messageOf(args));
      else (log[level] as (...a: unknown[]) => void)(...args);
    };
    Object.defineProperty(proxy, level, { value: write });
  }
  return proxy;
}
