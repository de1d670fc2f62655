/**
 * Boots the real app (as serve.ts builds it) on a free port with an in-memory database, for tests.
 */
import { createServer } from 'node:net';
import { pino, type Logger } from 'pino';
import { defineRoom, type RegisteredHandler } from '@colyseus/core';
import { boot, type ColyseusTestServer } from '@colyseus/testing';
import { createApp, type AppDeps } from '../../server/app.config.ts';
import { defaultConfig, type ServerConfig } from '../../server/config.ts';
import { silentLogger } from '../../server/log.ts';
import { openMemoryStore, type Store } from '../../server/store.ts';
import type { RoomServices } from '../../server/services.ts';
import { ProbeRoom } from './fixtures/ProbeRoom.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function probeRooms(services: RoomServices) {
  return { probe: defineRoom(ProbeRoom, { services }) } satisfies Record<string, RegisteredHandler>;
}

export interface Booted {
  readonly colyseus: ColyseusTestServer;
  readonly store: Store;
  readonly port: number;
  readonly baseUrl: string;
  readonly deps: AppDeps;
}

export async function bootTestApp(overrides: Partial<ServerConfig> = {}, now?: () => number): Promise<Booted> {
  const store = openMemoryStore();
  const deps: AppDeps = {
    config: defaultConfig(overrides),
    store,
    log: silentLogger(),
    ...(now === undefined ? {} : { now }),
  };
  const app = createApp(deps, probeRooms);
  const port = await freePort();
  const colyseus = await boot(app, port);
  return { colyseus, store, port, baseUrl: `http://127.0.0.1:${port}`, deps };
}

/** Resolves when `condition()` holds, checking after every event-loop turn; fails after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** One line a captured logger wrote (pino's JSON: level 30 info, 40 warn, 50 error, 60 fatal). */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A real pino logger that keeps every line, so a test can check what the server logged and at what level. */
export function captureLogger(level: 'debug' | 'info' | 'warn' = 'info'): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino({ level }, { write: (chunk: string) => void lines.push(JSON.parse(chunk) as LogLine) });
  return { log, lines };
}

/** Lines at error level or above, shortened for an assertion message. */
export function errorLines(lines: readonly LogLine[]): string[] {
  return lines.filter((l) => l.level >= 50).map((l) => `${l.msg} ${JSON.stringify(l).slice(0, 400)}`);
}
