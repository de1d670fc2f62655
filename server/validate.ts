/**
 * Messages are checked at the door (issue 3): an unknown type, a wrong shape, an out-of-range number,
 * an oversized payload or a flood gets a clear `error` message to that client, and the room goes on.
 *
 * Why not Colyseus' own `validate(zod, handler)`: in 0.18 a failed validation, and in production an
 * unknown message type, disconnect the client (`client.leave(CloseCode.WITH_ERROR)`, see
 * @colyseus/core RoomMessages.onData), and `maxMessagesPerSecond` also disconnects. A student who
 * mistypes a sequence number must get the explanation, not lose the game. So handlers are declared
 * with `defineMessages({ type: on(zodSchema, handler) })`, which keeps the SDK's typed `room.send()`
 * (the client sees each message's zod *input* type) and turns every refusal into data.
 */
import type { Client, Room } from '@colyseus/core';
import type { z } from 'zod';
import type { Logger } from './log.ts';
import { defaultConfig, type MessageLimits } from './config.ts';
import { ClientRateLimiter } from './rateLimit.ts';
import type { MistakeLog } from './clientMistakes.ts';
import { guardFrames } from './frameGuard.ts';
import { refusal, type Refusal, type RefusalCode, type RefusalParams } from '../shared/refusals.ts';

/** The message type every protocol refusal is sent on. */
export const ERROR_MESSAGE = 'error';

export type ProtocolErrorCode =
  | 'unknown_type'
  | 'invalid_message'
  | 'too_large'
  | 'rate_limited'
  | 'internal_error'
  // A well-formed message the game refuses (server/rooms/playerRules.ts, RoundRoom.ts): the state is unchanged.
  | 'not_a_player'
  | 'not_playing'
  | 'round_over'
  | 'not_your_decision'
  | 'stale_decision'
  | 'invalid_move'
  | 'not_allowed'
  | 'unknown_card';

export interface ProtocolIssue {
  /** Dotted path of the offending field, '' for the message itself. */
  readonly path: string;
  readonly message: string;
}

/** What a client receives on `room.onMessage('error', …)`. */
export interface ProtocolError {
  readonly code: ProtocolErrorCode;
  /** The message type that was refused. */
  readonly type: string;
  /** One readable English sentence, for logs and a page that does not know `reason`. */
  readonly message: string;
  /** What exactly was refused (shared/refusals.ts): the page says it in its language from this and `params`. */
  readonly reason: RefusalCode;
  readonly params: RefusalParams;
  readonly issues: readonly ProtocolIssue[];
}

/** The same defaults as the environment's (config.ts), for rooms that never call guardMessages. */
export const DEFAULT_MESSAGE_LIMITS: MessageLimits = defaultConfig().messageLimits;

interface Guard {
  readonly limits: MessageLimits;
  readonly limiter: ClientRateLimiter;
  readonly log: Logger | undefined;
}

const guards = new WeakMap<object, Guard>();

export interface GuardOptions {
  readonly limits?: MessageLimits;
  readonly log?: Logger;
  /** Milliseconds clock for the rate limiter; tests may pass their own. */
  readonly now?: () => number;
  /** Where a client's bad frames and floods are reported (throttled, warn level). */
  readonly mistakes?: MistakeLog;
  /** Called after each client frame the room handled (frameGuard.ts). */
  readonly afterFrame?: () => void;
}

/**
 * Call first in `onCreate()`. Puts the frame guard (frameGuard.ts) in front of every frame: a client
 * flooding past the hard cap is closed at once and a frame whose handling throws closes only its
 * own client. Below the hard cap, the soft per-client limit refuses with an `error` message.
 * Records the room's logger. A room that never calls it gets DEFAULT_MESSAGE_LIMITS and no guard.
 */
export function guardMessages(room: Room<any>, options: GuardOptions = {}): void {
  const limits = options.limits ?? DEFAULT_MESSAGE_LIMITS;
  guardFrames(room, { hardMaxPerSecond: limits.hardMaxPerSecond, mistakes: options.mistakes, now: () => performance.now(), ...(options.afterFrame ? { afterFrame: options.afterFrame } : {}) });
  guards.set(room, { limits, limiter: new ClientRateLimiter(limits, options.now), log: options.log });
}

function guardOf(room: object): Guard {
  let guard = guards.get(room);
  if (guard === undefined) {
    guard = { limits: DEFAULT_MESSAGE_LIMITS, limiter: new ClientRateLimiter(DEFAULT_MESSAGE_LIMITS), log: undefined };
    guards.set(room, guard);
  }
  return guard;
}

export function sendProtocolError(client: Client, error: ProtocolError): void {
  client.send(ERROR_MESSAGE, error);
}

/** A refusal of a `type` message: `code` says what kind, `why` what exactly (and its words). */
export function protocolError(code: ProtocolErrorCode, type: string, why: Refusal, issues: readonly ProtocolIssue[] = []): ProtocolError {
  return { code, type, message: why.message, reason: why.code, params: why.params, issues };
}

/** A message's schema and its handler; the handler only ever sees a valid, parsed message. */
export interface MessageSpec<S extends z.ZodType> {
  readonly schema: S;
  readonly handler: (client: Client, message: z.output<S>) => unknown;
}

export function on<S extends z.ZodType>(schema: S, handler: (client: Client, message: z.output<S>) => unknown): MessageSpec<S> {
  return { schema, handler };
}

/** What Colyseus binds: `this` is the room. The parameter type is what the SDK lets clients send. */
export type GuardedHandler<S extends z.ZodType> = (this: object, client: Client, message: z.input<S>) => unknown;

export type GuardedMessages<M extends Record<string, MessageSpec<z.ZodType>>> = {
  [K in keyof M]: M[K] extends MessageSpec<infer S> ? GuardedHandler<S> : never;
};

/**
 * Builds a room's `messages = {}` map. Each handler is wrapped: rate limit, size limit, zod parse,
 * then the handler inside a try/catch (a bug in one handler must not take the room down). A `_`
 * fallback (Colyseus' catch-all key) answers unknown types with the list of accepted ones.
 */
export function defineMessages<M extends Record<string, MessageSpec<z.ZodType>>>(specs: M): GuardedMessages<M> {
  const accepted = Object.keys(specs).sort();
  const map: Record<string, unknown> = {};
  for (const type of accepted) {
    const spec = specs[type];
    if (spec !== undefined) map[type] = guarded(type, spec);
  }
  // Colyseus calls the catch-all two ways: `(client, type, payload)` for a type nobody handles, and
  // `(client, payload, context)` for a message whose type is literally "*" (the key it is
  // registered under). Either way every argument is the client's: never coerce it with String().
  map['_'] = function unknownType(this: object, client: Client, typeOrPayload: unknown): void {
    const guard = guardOf(this);
    const type = describeType(typeOrPayload);
    if (!admit(guard, client, type)) return;
    const why = refusal('unknown_type', { type });
    sendProtocolError(client, { ...protocolError('unknown_type', type, why), message: `${why.message} This room accepts: ${accepted.join(', ')}.` });
  };
  return map as GuardedMessages<M>;
}

/** A message type as the client sent it, for an error message: a short string, a number, or "*". */
export function describeType(value: unknown): string {
  if (typeof value === 'string') return value.length > 64 ? `${value.slice(0, 64)}…` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value.toString() : 'NaN';
  return '*';
}

function admit(guard: Guard, client: Client, type: string): boolean {
  if (guard.limiter.allow(client)) return true;
  sendProtocolError(client, protocolError('rate_limited', type, refusal('rate_limited', { perSecond: guard.limits.ratePerSecond })));
  return false;
}

function guarded<S extends z.ZodType>(type: string, spec: MessageSpec<S>): GuardedHandler<S> {
  return function (this: object, client: Client, message: z.input<S>): unknown {
    const guard = guardOf(this);
    if (!admit(guard, client, type)) return undefined;

    const size = jsonSize(message);
    if (size > guard.limits.maxBytes) {
      const why = refusal('too_large', { type, max: guard.limits.maxBytes });
      sendProtocolError(client, { ...protocolError('too_large', type, why), message: `${why.message} (${Number.isFinite(size) ? `${size} bytes` : 'not JSON'})` });
      return undefined;
    }

    const parsed = spec.schema.safeParse(message);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
      // The fields by name (the same in every language); zod's own words stay in the English message and `issues`.
      // A key the message must not carry is named itself (zod reports it at the object's path, in `keys`).
      const named = parsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].map(String).join('.')) : [issue.path.map(String).join('.')]));
      const fields = [...new Set(named.filter((path) => path !== ''))].join(', ') || type;
      const why = refusal('invalid_message', { type, fields });
      sendProtocolError(client, {
        ...protocolError('invalid_message', type, why, issues),
        message: `The "${type}" message was refused: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}.`,
      });
      return undefined;
    }

    const fail = (error: unknown): undefined => {
      guard.log?.error({ err: error, type, sessionId: client.sessionId }, 'message handler failed');
      sendProtocolError(client, protocolError('internal_error', type, refusal('internal_error', { type })));
      return undefined;
    };
    try {
      const result = spec.handler(client, parsed.data);
      return isThenable(result) ? result.then(undefined, fail) : result;
    } catch (error) {
      return fail(error);
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function jsonSize(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or BigInt: not something a client should send
  }
}
