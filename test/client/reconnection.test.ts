/**
 * A page's reconnection after a dropped connection (client/net/reconnection.ts): it tries for as
 * long as the server holds the seat, and no longer; offline, its attempts come often (they fail in
 * the browser and send nothing), so it is back soon after the network; online, it backs off. The
 * wiring is checked on the SDK's own Room (its reconnection settings and its onDrop/onReconnect
 * signals, which the SDK invokes at each drop and each failed attempt, before deciding to retry).
 */
import { describe, expect, it } from 'vitest';
import { Room } from '@colyseus/sdk';
import { fitReconnection, MAX_ONLINE_DELAY_MS, OFFLINE_POLL_MS, retryDelay, SERVER_NOTICE_MS, windowOver } from '../../client/net/reconnection.ts';

describe('the wait before each attempt', () => {
  it('offline, every attempt comes after OFFLINE_POLL_MS, however many have failed', () => {
    expect([1, 2, 5, 40].map((n) => retryDelay(n, false))).toEqual([OFFLINE_POLL_MS, OFFLINE_POLL_MS, OFFLINE_POLL_MS, OFFLINE_POLL_MS]);
  });

  it('online, it doubles from 250 ms and stays at MAX_ONLINE_DELAY_MS', () => {
    expect([1, 2, 3, 4, 5, 30].map((n) => retryDelay(n, true))).toEqual([250, 500, 1000, 2000, MAX_ONLINE_DELAY_MS, MAX_ONLINE_DELAY_MS]);
  });
});

describe('the window the page tries for', () => {
  it('is the server’s window plus the time the server may take to notice the drop', () => {
    expect(windowOver(0, 30_000 + SERVER_NOTICE_MS - 1, 30)).toBe(false);
    expect(windowOver(0, 30_000 + SERVER_NOTICE_MS, 30)).toBe(true);
  });

  it('a window of 0 s (the server holds nothing) ends once the server has surely noticed', () => {
    expect(windowOver(1_000, 1_000 + SERVER_NOTICE_MS, 0)).toBe(true);
  });
});

describe('fitted to the SDK’s Room', () => {
  /** The SDK's Room, fitted, on a clock the test moves. */
  function fitted(windowSeconds = 30) {
    const room = new Room('class');
    const clock = { now: 1_000_000 };
    fitReconnection(room, () => windowSeconds, () => clock.now);
    return { room, clock };
  }

  it('retries a drop in the room’s first seconds too (the SDK’s own minUptime is 5 s)', () => {
    expect(fitted().room.reconnection.minUptime).toBe(0);
  });

  it('does not give up after a count of attempts while the window runs', () => {
    const { room, clock } = fitted();
    room.onDrop.invoke(4010, 'offline');
    for (let attempt = 1; attempt <= 100; attempt++) {
      clock.now += OFFLINE_POLL_MS / 2;
      room.reconnection.retryCount = attempt;
      room.onDrop.invoke(1006, 'attempt failed');
    }
    // (The SDK's own default gave up at its 15th.)
    expect(room.reconnection.retryCount).toBe(100);
    expect(room.reconnection.maxRetries).toBe(Number.POSITIVE_INFINITY);
  });

  it('gives up at the first failed attempt past the window, counted from the first drop', () => {
    const { room, clock } = fitted(30);
    room.onDrop.invoke(4010, 'offline');
    clock.now += 30_000 + SERVER_NOTICE_MS - 1;
    room.onDrop.invoke(1006, 'attempt failed');
    expect(room.reconnection.maxRetries).toBe(Number.POSITIVE_INFINITY);
    clock.now += 1;
    room.onDrop.invoke(1006, 'attempt failed');
    expect(room.reconnection.maxRetries).toBe(0);
  });

  it('a reconnection starts the count afresh: the next drop has a whole window again', () => {
    const { room, clock } = fitted(30);
    room.onDrop.invoke(4010, 'offline');
    clock.now += 25_000;
    room.onReconnect.invoke();
    clock.now += 20_000;
    room.onDrop.invoke(1006, 'dropped again');
    clock.now += 30_000;
    room.onDrop.invoke(1006, 'attempt failed');
    expect(room.reconnection.maxRetries).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads the window at each drop: the one the room said after joining', () => {
    let windowSeconds = 30;
    const room = new Room('class');
    const clock = { now: 0 };
    fitReconnection(room, () => windowSeconds, () => clock.now);
    windowSeconds = 2;
    room.onDrop.invoke(4010, 'offline');
    clock.now += 2_000 + SERVER_NOTICE_MS;
    room.onDrop.invoke(1006, 'attempt failed');
    expect(room.reconnection.maxRetries).toBe(0);
  });

  it('lets the SDK use the delays as given (no floor, no ceiling of its own)', () => {
    const { room } = fitted();
    const r = room.reconnection;
    const sdkDelay = (attempt: number) => Math.min(r.maxDelay, Math.max(r.minDelay, r.backoff(attempt, r.delay)));
    const online = typeof navigator === 'undefined' || navigator.onLine;
    expect([1, 2, 3, 9].map(sdkDelay)).toEqual([1, 2, 3, 9].map((n) => retryDelay(n, online)));
  });
});
