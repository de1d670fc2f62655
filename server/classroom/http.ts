/**
 * The classroom's HTTP side, as a plain (req, res, next) middleware on the app's Express stack
 * (like static.ts): open a class, look a join code up, and, with the teacher token (in the
 * `x-teacher-token` header, never in a URL that could be shown, logged or downloaded), the class's
 * links and QR codes, its summary and its CSV. A right code or token is answered at once; wrong
 * ones are slowed down, never refused (guessGate.ts), counted in presence so every process counts
 * the same. Results come from the database, so they outlive the class room.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { randomBytes, randomInt } from 'node:crypto';
import { matchMaker } from '@colyseus/core';
import QRCode from 'qrcode';
import type { Logger } from '../log.ts';
import { ROOM_CODE_ALPHABET, normalizeRoomCode } from '../roomCode.ts';
import type { ClassStore } from './classStore.ts';
import { buildDashboard } from './dashboard.ts';
import { CSV_COLUMNS, resultsCsv, ruleSummary, podium } from './results.ts';
import { ClassSettingsSchema, DEFAULT_CLASS_SETTINGS, OpenClassRequest } from './settings.ts';
import { createGuessGate, JOIN_GUESS_LIMITS } from './guessGate.ts';
import { isLoopbackHost, networkAddresses, networkOrigins } from './joinLinks.ts';
import { refusal, type Refusal } from '../../shared/refusals.ts';

export const CLASS_CODE_LENGTH = 6;
export const OPENS_PER_WINDOW = 20;
const WINDOW_SECONDS = 60;

export interface ClassroomHttpDeps {
  readonly classes: ClassStore;
  readonly log: Logger;
  readonly now: () => number;
  /** How a slowed answer waits (tests record the delay instead of waiting it out). */
  readonly wait?: (ms: number) => Promise<void>;
  /** The machine's network addresses (tests pin them); default: os.networkInterfaces(). */
  readonly networkAddresses?: () => string[];
  /** How long the class room holds a dropped connection's place (TCP_DOJO_RECONNECT_SECONDS): the teacher's page retries that long. */
  readonly reconnectSeconds: number;
}

type Next = (error?: unknown) => void;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** A refusal's body: its code and parameters (the page words it in its language) and its English. */
function fail(res: ServerResponse, status: number, why: Refusal, more: Record<string, unknown> = {}): void {
  send(res, status, { code: why.code, params: why.params, message: why.message, ...more });
}

async function readJson(req: IncomingMessage, limit = 4096): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function addressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** Counts an attempt for this address in this window; true while under the limit. */
async function underLimit(kind: string, req: IncomingMessage, limit: number, nowMs: number): Promise<boolean> {
  const key = `tcp-dojo:rate:${kind}:${addressOf(req)}:${Math.floor(nowMs / 1000 / WINDOW_SECONDS)}`;
  const count = await matchMaker.presence.incr(key);
  if (count === 1) await matchMaker.presence.expire(key, WINDOW_SECONDS * 2);
  return count <= limit;
}


export function makeClassCode(): string {
  let code = '';
  for (let i = 0; i < CLASS_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

function hostOf(req: IncomingMessage): { proto: string; host: string } {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost';
  const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return { proto, host: String(host).split(',')[0]!.trim() };
}

function originOf(req: IncomingMessage): string {
  const { proto, host } = hostOf(req);
  return `${proto}://${host}`;
}

export function joinUrl(origin: string, code: string): string {
  return `${origin}/class.html?code=${code}`;
}

/** The token travels in the fragment, which browsers never send to a server or in a Referer. */
export function teacherUrl(origin: string, classId: string, token: string): string {
  return `${origin}/class.html#class=${classId}&token=${token}`;
}

/** Only from the header: a token in a query string ends up in histories, logs and saved links. */
function tokenOf(req: IncomingMessage): string {
  const header = req.headers['x-teacher-token'];
  return typeof header === 'string' ? header : '';
}

/** One place students can join at: the URL and its QR code. */
export interface JoinLink {
  readonly origin: string;
  readonly joinUrl: string;
  readonly qrSvg: string;
}

async function joinLink(origin: string, code: string): Promise<JoinLink> {
  const url = joinUrl(origin, code);
  return { origin, joinUrl: url, qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) };
}

const CLASS_PATH = /^\/api\/classes\/([A-Za-z0-9_-]{1,64})(\/summary|\/results\.csv)?$/;

export function classroomHttp(deps: ClassroomHttpDeps) {
  const { classes } = deps;
  const wait = deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const addresses = deps.networkAddresses ?? (() => networkAddresses(networkInterfaces()));
  const codeGuesses = createGuessGate(() => matchMaker.presence, 'join-code', JOIN_GUESS_LIMITS, wait);
  const tokenGuesses = createGuessGate(() => matchMaker.presence, 'teacher-token', JOIN_GUESS_LIMITS, wait);

  const open = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!(await underLimit('open', req, OPENS_PER_WINDOW, deps.now()))) return fail(res, 429, refusal('too_many_classes'));
    const parsed = OpenClassRequest.safeParse(await readJson(req));
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')).filter((p) => p !== ''))].join(', ') || 'settings';
      return fail(res, 400, refusal('invalid_class', { fields }), { detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const settings = ClassSettingsSchema.parse({ ...DEFAULT_CLASS_SETTINGS, ...parsed.data.settings });
    const classId = randomBytes(12).toString('base64url');
    const token = randomBytes(24).toString('base64url');
    let code = makeClassCode();
    for (let i = 0; i < 20 && classes.openClassByCode(code); i++) code = makeClassCode();
    const now = deps.now();
    classes.createClass({ classId, code, name: parsed.data.name, settings, createdAt: now, lastActiveAt: now, status: 'open', roomId: '' }, token);
    const room = await matchMaker.createRoom('class', { classId });
    const origin = originOf(req);
    deps.log.info({ classId, code, roomId: room.roomId }, 'class opened over HTTP');
    send(res, 201, { classId, code, roomId: room.roomId, teacherToken: token, joinUrl: joinUrl(origin, code), teacherUrl: teacherUrl(origin, classId, token), settings });
  };

  /** A right code is answered at once, however many wrong ones came from the same address. */
  const join = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = (await readJson(req)) as { code?: unknown };
    const code = typeof body?.code === 'string' ? normalizeRoomCode(body.code).slice(0, 12) : '';
    const record = code.length === CLASS_CODE_LENGTH ? classes.openClassByCode(code) : undefined;
    if (!record || record.roomId === '') {
      const guess = await codeGuesses.wrong(addressOf(req), code, deps.now());
      return fail(res, 404, refusal('no_class'), { slowedMs: guess.slowedMs });
    }
    send(res, 200, { classId: record.classId, roomId: record.roomId, name: record.name });
  };

  const teacherGet = async (req: IncomingMessage, res: ServerResponse, classId: string, what: string | undefined): Promise<void> => {
    const record = classes.getClass(classId);
    const token = tokenOf(req);
    if (!record || !classes.isTeacher(classId, token)) {
      const guess = await tokenGuesses.wrong(addressOf(req), `${classId}:${token}`, deps.now());
      return fail(res, 403, refusal('not_teacher'), { slowedMs: guess.slowedMs });
    }
    const results = classes.results(classId);
    if (what === '/results.csv') {
      const filename = `tcp-dojo-class-${record.code}.csv`;
      return send(res, 200, '\uFEFF' + resultsCsv(results), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` });
    }
    if (what === '/summary') {
      const samples = classes.samples(classId);
      const dashboard = buildDashboard(0, [], { results, samples });
      return send(res, 200, {
        class: { classId, code: record.code, name: record.name, settings: record.settings, status: record.status, createdAt: record.createdAt },
        students: classes.students(classId).map((s) => ({ studentId: s.studentId, name: s.name })),
        results,
        rules: ruleSummary(results),
        podium: podium(results, 3),
        heatmap: dashboard.heatmap,
        csvColumns: CSV_COLUMNS,
      });
    }
    // Opened as localhost, the page's own address reaches nobody else: offer the network's.
    const { proto, host } = hostOf(req);
    const loopback = isLoopbackHost(host);
    const page = await joinLink(`${proto}://${host}`, record.code);
    const network = loopback ? await Promise.all(networkOrigins(proto, host, addresses()).map((o) => joinLink(o, record.code))) : [];
    send(res, 200, { classId, code: record.code, name: record.name, roomId: record.roomId, status: record.status, settings: record.settings, joinUrl: page.joinUrl, qrSvg: page.qrSvg, loopback, network, reconnectSeconds: deps.reconnectSeconds });
  };

  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith('/api/classes')) return next();
    const handle = async (): Promise<void> => {
      if (url.pathname === '/api/classes' && req.method === 'POST') return open(req, res);
      if (url.pathname === '/api/classes/join' && req.method === 'POST') return join(req, res);
      const m = CLASS_PATH.exec(url.pathname);
      if (m && req.method === 'GET') return teacherGet(req, res, m[1]!, m[2]);
      fail(res, 404, refusal('not_found'));
    };
    handle().catch((error: unknown) => {
      deps.log.warn({ err: error }, 'classroom request failed');
      if (!res.headersSent) fail(res, 400, refusal('bad_request'));
    });
  };
}
