/**
 * Every room's `onUncaughtException`. Defining it makes Colyseus wrap each message handler, timer
 * and lifecycle hook of the room in a try/catch (Room.ts, `#registerUncaughtExceptionHandlers`),
 * so that an exception there stays in the room instead of reaching the process handler, which
 * shuts the whole server down. A refusal (a ServerError below 500: a wrong token, a full room) is
 * the client's doing and an answer in itself; anything else is a bug in the room and is logged as
 * an error with the room, the hook and the client.
 */
import { ServerError, type RoomException, type RoomMethodName } from '@colyseus/core';
import type { Logger } from './log.ts';
import { readRefusal } from '../shared/refusals.ts';

export function reportRoomException(log: Logger, error: RoomException, method: RoomMethodName): void {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const client = (error as { client?: { sessionId?: unknown } }).client;
  const sessionId = typeof client?.sessionId === 'string' ? client.sessionId : undefined;
  if (cause instanceof ServerError && cause.code < 500) {
    // The refusal's code and English (server/refused.ts), not its JSON.
    const why = readRefusal(cause.message);
    log.info({ method, sessionId, code: cause.code, refusal: why.code ?? undefined, reason: why.message }, 'refused');
    return;
  }
  log.error({ err: cause, method, sessionId }, `uncaught exception in ${method}; the room goes on`);
}
