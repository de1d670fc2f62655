/**
 * The door of the HTTP server, in front of Colyseus' router, its matchmaker routes, the Express app
 * and the WebSocket upgrade. What no handler behind it can answer well is answered here, at once,
 * and the connection closed:
 *
 * - A `Host` (or `X-Forwarded-Proto`) that does not make a URL: the router builds
 *   `new URL(path, proto://host)` and its promise rejected, leaving the socket open and unanswered
 *   and a stack in the log. 400.
 * - A request body larger than the path allows (a few KiB: matchmaking options and the JSON API
 *   carry names and settings), judged by Content-Length before a byte of it is read; a body of
 *   unknown length (chunked) is refused too, since it could only be measured by reading it. 413/411.
 *
 * Node's HTTP parser already guarantees a body is no longer than its Content-Length.
 *
 * The answer is an HTTP refusal like the others (shared/refusals.ts): `code`, `params` and the
 * English `message`, which a page words in its language from the code; `detail` says exactly what
 * was wrong (for the log and a script), and `error` repeats the code, as the gate's answers always
 * carried it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { MistakeLog } from './clientMistakes.ts';
import { refusal, type Refusal } from '../shared/refusals.ts';

/** The largest request body accepted on each path prefix (bytes); the first match wins. */
export const BODY_LIMITS: readonly { readonly prefix: string; readonly bytes: number }[] = [
  { prefix: '/matchmake/', bytes: 4 * 1024 },
  { prefix: '/api/', bytes: 8 * 1024 },
];
/** Paths not listed take no body at all (static files, pages). */
const DEFAULT_BODY_LIMIT = 0;

export interface GateRefusal {
  readonly status: 400 | 411 | 413;
  readonly why: Refusal;
  /** Exactly what was wrong with the request, in English: for the log and for whoever wrote the client. */
  readonly detail: string;
}

export function bodyLimitFor(path: string): number {
  return BODY_LIMITS.find((l) => path.startsWith(l.prefix))?.bytes ?? DEFAULT_BODY_LIMIT;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Does the request make a URL the way Colyseus' router builds one? */
function urlProblem(req: IncomingMessage): string | null {
  const proto = header(req, 'x-forwarded-proto') ?? 'http';
  const host = header(req, ':authority') ?? header(req, 'host') ?? 'localhost';
  if (/\s/.test(host)) return `the Host header "${host.slice(0, 64)}" is not a host name`;
  try {
    new URL(req.url ?? '/', `${proto}://${host}`);
    return null;
  } catch {
    return `the Host header "${host.slice(0, 64)}" (with X-Forwarded-Proto "${proto.slice(0, 16)}") does not make a URL`;
  }
}

function badUrl(problem: string): GateRefusal {
  return { status: 400, why: refusal('bad_request'), detail: `Bad request: ${problem}.` };
}

/** Why this request is refused at the door, or null to let it through. */
export function refusalOf(req: IncomingMessage): GateRefusal | null {
  const problem = urlProblem(req);
  if (problem !== null) return badUrl(problem);
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
  const limit = bodyLimitFor(path);
  const length = header(req, 'content-length');
  if (length === undefined) {
    if (header(req, 'transfer-encoding') !== undefined) {
      return { status: 411, why: refusal('length_required'), detail: 'A request body must say its length (Content-Length); chunked bodies are not accepted.' };
    }
    return null; // no body
  }
  const bytes = Number(length);
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { status: 400, why: refusal('bad_request'), detail: 'Bad request: Content-Length is not a number.' };
  if (bytes > limit) {
    return { status: 413, why: refusal('body_too_large', { bytes, max: limit }), detail: `The request body is ${bytes} bytes; ${path} accepts at most ${limit}.` };
  }
  return null;
}

function bodyOf({ why, detail }: GateRefusal): string {
  return JSON.stringify({ code: why.code, params: why.params, message: why.message, detail, error: why.code });
}

function answer(res: ServerResponse, refusal: GateRefusal): void {
  const body = bodyOf(refusal);
  res.shouldKeepAlive = false;
  res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

function answerUpgrade(socket: Duplex, refusal: GateRefusal): void {
  const body = bodyOf(refusal);
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${refusal.status} Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function remoteOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? '';
}

/**
 * Puts the gate in front of every 'request' and 'upgrade' listener of `server`, whenever they are
 * added (Colyseus prepends its own when it binds the router).
 */
export function gateHttp(server: Server, mistakes: MistakeLog): void {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = function gatedEmit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      const refusal = refusalOf(req);
      if (refusal !== null) {
        mistakes.report('bad-http', { remote: remoteOf(req) }, `${req.method} ${(req.url ?? '').slice(0, 100)}: ${refusal.detail}`);
        answer(res, refusal);
        return true;
      }
    } else if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Duplex];
      const problem = urlProblem(req);
      if (problem !== null) {
        const refusal = badUrl(problem);
        mistakes.report('bad-http', { remote: remoteOf(req) }, `upgrade ${(req.url ?? '').slice(0, 100)}: ${refusal.detail}`);
        answerUpgrade(socket, refusal);
        return true;
      }
    }
    return emit(event, ...args);
  } as Server['emit'];
}
