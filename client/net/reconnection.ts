/**
 * How a page gets its room back after a dropped connection (a Wi-Fi blip, a laptop's network
 * switching): the SDK's own reconnection (@colyseus/sdk 0.18 Room.handleReconnection), fitted to
 * what the server holds. The server keeps a dropped player's seat for its reconnection window
 * (`reconnectSeconds`, 30 s by default: server/seats.ts holdSeat, in the class room and in a pair
 * room alike), so the page tries for as long as that, and no longer.
 *
 * The SDK's defaults did not fit a classroom's Wi-Fi:
 * - `minUptime` 5000: a connection that drops in its first 5 s is not retried at all (a class
 *   round's game joins its pair room as the round starts, which is when thirty laptops wake up);
 * - `maxRetries` 15 with `maxDelay` 5000: every attempt made while the browser is offline fails
 *   at once and still counts, so the page gave up after a count, not after the server's window;
 *   and once the network was back it could wait 5 s more for its next attempt, long enough to
 *   miss the end of a window it had nearly waited out.
 * The SDK schedules each attempt on a timer of its own, and nothing public brings one forward;
 * so while the browser says it is offline the next attempt comes soon (it fails inside the browser:
 * nothing is sent), and the page is back within OFFLINE_POLL_MS of the `online` event.
 *
 * Pure parts (the delays, the deadline) take time as an argument; `fitReconnection` applies them.
 */
import type { Room } from '@colyseus/sdk';

/** The server's default window (TCP_DOJO_RECONNECT_SECONDS), until the room says its own. */
export const DEFAULT_WINDOW_SECONDS = 30;
/**
 * The server learns of a drop later than the page may (the page hears `offline` at once; the server
 * notices a silent socket by its pings: every 3 s, given up after 2 unanswered, so within ~9 s). Its
 * window runs from then: the page keeps trying this much past its own count before it gives up.
 */
export const SERVER_NOTICE_MS = 10_000;
/** Offline, the next attempt fails in the browser, sending nothing: so try again this soon. */
export const OFFLINE_POLL_MS = 500;
/** Online (the server restarting, a network still settling): 250 ms, then doubling, at most this. */
export const MAX_ONLINE_DELAY_MS = 2_000;

/** The wait before attempt `attempt` (1, 2, …): short while offline, backing off while online. */
export function retryDelay(attempt: number, online: boolean): number {
  if (!online) return OFFLINE_POLL_MS;
  return Math.min(MAX_ONLINE_DELAY_MS, 250 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Whether the server has surely given the seat up: its window, counted from the page's drop plus
 * the time the server may have taken to notice it. Past that, a retry can only be refused.
 */
export function windowOver(droppedAt: number, now: number, windowSeconds: number): boolean {
  return now - droppedAt >= windowSeconds * 1000 + SERVER_NOTICE_MS;
}

/**
 * The room's reconnection, fitted to the server's window (`windowSeconds()`, read at each drop: the
 * room says it once joined). The SDK gives up by itself on a refusal (the server closes a late
 * attempt with FAILED_TO_RECONNECT, which it does not retry) or once the window is over: then
 * `room.onLeave` says the seat is gone, as before.
 */
export function fitReconnection(room: Room, windowSeconds: () => number, clock: () => number = Date.now): void {
  const r = room.reconnection;
  r.minUptime = 0;
  // The window, not a count, ends the attempts (see onDrop below); the delays are retryDelay's own.
  r.maxRetries = Number.POSITIVE_INFINITY;
  r.minDelay = 0;
  r.maxDelay = Number.POSITIVE_INFINITY;
  r.backoff = (attempt) => retryDelay(attempt, typeof navigator === 'undefined' || navigator.onLine);
  let droppedAt: number | null = null;
  // The SDK signals onDrop for the drop and again for each failed attempt, each time just before it
  // decides whether to try again: past the window, it is told there are no retries left.
  room.onDrop(() => {
    const now = clock();
    droppedAt ??= now;
    if (windowOver(droppedAt, now, windowSeconds())) r.maxRetries = 0;
  });
  room.onReconnect(() => {
    droppedAt = null;
  });
}

/** A page's own connection to its room, as the page says it: live, or away and coming back by itself. */
export interface WatchedConnection {
  /** Dropped, and the page is getting it back (until it is back, or the room says it is gone: onLeave). */
  away(): boolean;
  /** The window listeners go (the page is left). */
  stop(): void;
}

/**
 * The class pages' connection (the student's and the teacher's): the room's reconnection fitted to
 * the window (fitReconnection), and `changed` told whenever what a page says of it may change: at
 * the drop (and each failed attempt), when it is back, and when the browser goes offline or online
 * while it is away (the page's words say which).
 */
export function watchConnection(room: Room, windowSeconds: () => number, changed: () => void): WatchedConnection {
  let away = false;
  fitReconnection(room, windowSeconds);
  room.onDrop(() => {
    away = true;
    changed();
  });
  room.onReconnect(() => {
    away = false;
    changed();
  });
  const onNetwork = (): void => {
    if (away) changed();
  };
  addEventListener('online', onNetwork);
  addEventListener('offline', onNetwork);
  return {
    away: () => away,
    stop: () => {
      removeEventListener('online', onNetwork);
      removeEventListener('offline', onNetwork);
    },
  };
}
