/**
 * Structured logs (pino): one JSON line per event, with `room`, `roomId` and `sessionId` fields so a
 * round's lifecycle can be followed with grep. Rooms log through `roomLog()` children.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: { app: 'tcp-dojo' } });
}

/** A logger that drops everything, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export function roomLog(log: Logger, room: { roomName: string; roomId: string }): Logger {
  return log.child({ room: room.roomName, roomId: room.roomId });
}
