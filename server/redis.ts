/**
 * The Redis of several processes (REDIS_URL): checked once at start, and the matchmaking driver's
 * connection given an error handler, so that a Redis that goes away is one warning (and one line
 * when it is back) rather than ioredis' "Unhandled error event" with a stack at every retry.
 */
import { Redis } from 'ioredis';
import type { Logger } from './log.ts';

/** Resolves once the Redis at `url` answers a PING; rejects with why not (within `timeoutMs`). */
export async function redisAnswers(url: string, timeoutMs = 3_000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The failure is the promise's to report, not an unhandled 'error' event's; the event has the
  // cause (connect ECONNREFUSED …), the promise only "Connection is closed."
  let cause: unknown;
  probe.on('error', (error: unknown) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw cause ?? error;
  } finally {
    probe.disconnect();
  }
}

/** A connection for Colyseus' RedisDriver that says when Redis goes away and when it is back. */
export function redisConnection(url: string, log: Logger): Redis {
  const redis = new Redis(url);
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: error }, 'Redis does not answer; matchmaking waits for it and retries');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info('Redis answers again');
  });
  return redis;
}
