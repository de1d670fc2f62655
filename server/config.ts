/**
 * The server's settings, read once from the environment and validated with zod, so that a typo in
 * PORT or a negative reconnection window stops the process at start with a message naming the
 * variable, instead of surfacing later as a strange runtime failure.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const integer = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${raw}")` });
        return z.NEVER;
      }
      return value;
    });

const text = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((raw) => (raw === undefined || raw === '' ? fallback : raw));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  PORT: integer('PORT', 1, 65535, 2567),
  // The interface to listen on (an IP address or a host name); unset: every interface.
  HOST: z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return null;
      const host = raw.replace(/^\[(.*)\]$/, '$1');
      if (isIP(host) === 0 && !/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host)) {
        ctx.addIssue({ code: 'custom', message: `HOST must be an IP address or a host name such as 127.0.0.1 or localhost (got "${raw}")` });
        return z.NEVER;
      }
      return host;
    }),
  TCP_DOJO_DB: text('data/tcp-dojo.sqlite'),
  TCP_DOJO_STATIC_DIR: text('dist'),
  LOG_LEVEL: z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return 'info' as const;
      const level = LOG_LEVELS.find((l) => l === raw.toLowerCase());
      if (level === undefined) {
        ctx.addIssue({ code: 'custom', message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw}")` });
        return z.NEVER;
      }
      return level;
    }),
  // Issue 3: a dropped player may come back within this window (default 30 s) before a bot takes over.
  TCP_DOJO_RECONNECT_SECONDS: integer('TCP_DOJO_RECONNECT_SECONDS', 0, 3600, 30),
  // Soft limit: messages over the rate are refused with an `error` message and the client stays.
  TCP_DOJO_MESSAGES_PER_SECOND: integer('TCP_DOJO_MESSAGES_PER_SECOND', 1, 1000, 10),
  TCP_DOJO_MESSAGE_BURST: integer('TCP_DOJO_MESSAGE_BURST', 1, 1000, 20),
  // Hard limit: Colyseus' own maxMessagesPerSecond disconnects a client that floods past this.
  TCP_DOJO_MAX_MESSAGES_PER_SECOND: integer('TCP_DOJO_MAX_MESSAGES_PER_SECOND', 1, 10000, 100),
  TCP_DOJO_MAX_MESSAGE_BYTES: integer('TCP_DOJO_MAX_MESSAGE_BYTES', 64, 65536, 2048),
  // Multi-process mode: every process points at the same Redis (presence + matchmaking driver).
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return null;
      if (!/^rediss?:\/\/[^\s]+$/.test(raw)) {
        ctx.addIssue({ code: 'custom', message: `REDIS_URL must look like redis://host:6379 (got "${raw}")` });
        return z.NEVER;
      }
      return raw;
    }),
  // Multi-process mode: where players reach *this* process (host[:port][/path], no scheme). A seat
  // reservation carries it, so a player matched through any process opens its WebSocket here.
  TCP_DOJO_PUBLIC_ADDRESS: z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return null;
      if (!/^(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\/[^\s]*)?$/.test(raw)) {
        ctx.addIssue({ code: 'custom', message: `TCP_DOJO_PUBLIC_ADDRESS must look like game1.example.org or 10.0.0.5:2568, without ws:// (got "${raw}")` });
        return z.NEVER;
      }
      return raw.replace(/\/+$/, '');
    }),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface MessageLimits {
  /** Sustained messages per second per client before `rate_limited` errors. */
  readonly ratePerSecond: number;
  /** Messages a client may send at once before the sustained rate applies. */
  readonly burst: number;
  /** Colyseus disconnects a client that sends more than this in one second. */
  readonly hardMaxPerSecond: number;
  /** A message whose JSON form is longer than this is refused as `too_large`. */
  readonly maxBytes: number;
}

export interface ServerConfig {
  readonly port: number;
  /** The interface to listen on; null: every interface. */
  readonly host: string | null;
  readonly dbPath: string;
  readonly staticDir: string;
  readonly logLevel: LogLevel;
  readonly reconnectSeconds: number;
  readonly messageLimits: MessageLimits;
  /** null: one process, in-memory presence and matchmaking (the embedded default). */
  readonly redisUrl: string | null;
  /**
   * With several processes: the address players' WebSockets reach this process at. null: the
   * address they matched through (one process, or a proxy that routes by process id).
   */
  readonly publicAddress: string | null;
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; error: string };

/** Never throws: a bad environment comes back as one readable error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.message}`);
    return { ok: false, error: `TCP Dojo cannot start: invalid settings in the environment:\n${lines.join('\n')}` };
  }
  const e = parsed.data;
  if (e.TCP_DOJO_MESSAGE_BURST > e.TCP_DOJO_MAX_MESSAGES_PER_SECOND) {
    return {
      ok: false,
      error:
        'TCP Dojo cannot start: invalid settings in the environment:\n' +
        `  - TCP_DOJO_MESSAGE_BURST (${e.TCP_DOJO_MESSAGE_BURST}) must not exceed TCP_DOJO_MAX_MESSAGES_PER_SECOND (${e.TCP_DOJO_MAX_MESSAGES_PER_SECOND}), or a burst would disconnect the client`,
    };
  }
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dbPath: e.TCP_DOJO_DB,
      staticDir: e.TCP_DOJO_STATIC_DIR,
      logLevel: e.LOG_LEVEL,
      reconnectSeconds: e.TCP_DOJO_RECONNECT_SECONDS,
      messageLimits: {
        ratePerSecond: e.TCP_DOJO_MESSAGES_PER_SECOND,
        burst: e.TCP_DOJO_MESSAGE_BURST,
        hardMaxPerSecond: e.TCP_DOJO_MAX_MESSAGES_PER_SECOND,
        maxBytes: e.TCP_DOJO_MAX_MESSAGE_BYTES,
      },
      redisUrl: e.REDIS_URL,
      publicAddress: e.TCP_DOJO_PUBLIC_ADDRESS,
    },
  };
}

/** The defaults, for tests and tools that do not read the environment. */
export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const result = loadConfig({});
  if (!result.ok) throw new Error(result.error); // unreachable: the defaults are valid
  return { ...result.config, ...overrides };
}
