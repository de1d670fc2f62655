/**
 * The Colyseus app definition: rooms, the JSON API, the static client, the transport. Built by a
 * function so that `serve.ts` hands it the real database and tests an in-memory one:
 *
 *   const app = createApp({ config: defaultConfig(), store: openMemoryStore(), log: silentLogger() });
 *   const colyseus = await boot(app, port);            // @colyseus/testing
 *   await listen(app, port);                           // @colyseus/tools, in serve.ts
 */
import config from '@colyseus/tools';
import type { RegisteredHandler, ServerOptions } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { RedisPresence } from '@colyseus/redis-presence';
import { RedisDriver } from '@colyseus/redis-driver';
import { redisConnection } from './redis.ts';
import type { ServerConfig } from './config.ts';
import type { Logger } from './log.ts';
import type { Store } from './store.ts';
import { DEFAULT_CLOCK, type RoomServices } from './services.ts';
import { randomInt } from 'node:crypto';
import { createApiRoutes } from './http.ts';
import { serveStatic } from './static.ts';
import { classroomHttp, type ClassroomHttpDeps } from './classroom/http.ts';
import { createClassStore } from './classroom/classStore.ts';
import { gameRooms } from './rooms/index.ts';
import { placeRoomsInTurn } from './placement.ts';
import { colyseusLogger, MistakeLog } from './clientMistakes.ts';
import { gateHttp } from './httpGate.ts';
import { PROCESS_OWNER } from './processes.ts';
import type { Server } from 'node:http';

export const VERSION = '0.1.0';

/** A frame larger than this closes the socket (ws `maxPayload`); smaller ones over the configured
 * message limit get a readable `too_large` error instead. */
export const MAX_FRAME_BYTES = 16 * 1024;

export interface AppDeps {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly log: Logger;
  /** Wall clock in ms; tests may pin it. */
  readonly now?: () => number;
  /** Tests: how slowed classroom answers wait, and which network addresses the machine has. */
  readonly classroom?: Pick<ClassroomHttpDeps, 'wait' | 'networkAddresses'>;
}

/**
 * The WebSocket transport, listening on the configured interface: @colyseus/tools' `listen()`
 * asks for a port only, so the host is filled in here (HOST=127.0.0.1 keeps a server behind a
 * proxy, or under a load test, off the other interfaces).
 */
class HostTransport extends WebSocketTransport {
  private readonly host: string | null;

  constructor(options: ConstructorParameters<typeof WebSocketTransport>[0], host: string | null) {
    super(options);
    this.host = host;
  }

  /**
   * A port already taken or an address not this machine's is an 'error' event on the HTTP server,
   * which Colyseus only logs: its listen() would never settle and the process would sit there
   * serving nothing. Such a failure is handed to Colyseus' own callback instead, so listen()
   * rejects and the start stops with the reason (serve.ts).
   */
  override listen(port: number, hostname?: string, backlog?: number, listeningListener?: (error?: Error) => void) {
    const server = this.server;
    if (server && listeningListener) {
      // Until it listens, the failure is said once, by whoever started it (the transport's own
      // handler would log it again, with a stack); afterwards errors go to that handler as before.
      const others = server.listeners('error') as ((error: Error) => void)[];
      server.removeAllListeners('error');
      const restore = (): void => {
        for (const listener of others) server.on('error', listener);
      };
      const failed = (error: Error): void => {
        server.off('listening', listened);
        restore();
        listeningListener(error);
      };
      const listened = (): void => {
        server.off('error', failed);
        restore();
      };
      server.once('error', failed);
      server.once('listening', listened);
    }
    return super.listen(port, hostname ?? this.host ?? undefined, backlog, listeningListener as () => void);
  }
}

export function roomServicesOf(deps: AppDeps, mistakes = new MistakeLog(deps.log)): RoomServices {
  return {
    mistakes,
    owner: PROCESS_OWNER,
    store: deps.store,
    log: deps.log,
    messageLimits: deps.config.messageLimits,
    reconnectSeconds: deps.config.reconnectSeconds,
    now: deps.now ?? Date.now,
    clock: DEFAULT_CLOCK,
    seed: () => randomInt(1, 2 ** 31 - 1),
  };
}

/**
 * Rooms keep no shared state in process memory, so running several processes is configuration:
 * one Redis for presence and the matchmaker's room list, rooms placed on the processes in turn, and
 * each process's public address, which seat reservations carry so that a player's WebSocket
 * reaches the process of its room whichever process matched it. Without REDIS_URL: one process,
 * Colyseus' in-memory LocalPresence and LocalDriver.
 */
function scaleOut(config: ServerConfig, log: Logger): Partial<ServerOptions> {
  return {
    ...(config.redisUrl
      ? { presence: new RedisPresence(config.redisUrl), driver: new RedisDriver(redisConnection(config.redisUrl, log)), selectProcessIdToCreateRoom: placeRoomsInTurn() }
      : {}),
    ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
  };
}

export function createApp<Rooms extends Record<string, RegisteredHandler> = ReturnType<typeof gameRooms>>(
  deps: AppDeps,
  rooms: (services: RoomServices) => Rooms = gameRooms as unknown as (services: RoomServices) => Rooms,
) {
  const now = deps.now ?? Date.now;
  const mistakes = new MistakeLog(deps.log);
  const services = roomServicesOf(deps, mistakes);
  return config({
    displayLogs: false,
    options: {
      greet: false,
      // Colyseus' own messages go to our pino logger, tagged so they can be told apart.
      // A client's bad bytes that Colyseus reports become throttled warn-level client mistakes.
      logger: colyseusLogger(deps.log.child({ module: 'colyseus' }), mistakes),
      ...scaleOut(deps.config, deps.log),
    },
    rooms: rooms(services),
    routes: createApiRoutes({ store: deps.store, now, startedAt: now(), version: VERSION }),
    initializeTransport: (options: { server?: Server }) => {
      if (options.server) gateHttp(options.server, mistakes);
      return new HostTransport({ ...options, maxPayload: MAX_FRAME_BYTES }, deps.config.host);
    },
    initializeExpress: (app) => {
      app.use(classroomHttp({ ...deps.classroom, classes: createClassStore(deps.store.database()), log: deps.log, now, reconnectSeconds: deps.config.reconnectSeconds }));
      app.use(serveStatic(deps.config.staticDir));
    },
  });
}

export type App = ReturnType<typeof createApp>;
