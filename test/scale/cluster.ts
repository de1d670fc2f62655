/**
 * A real multi-process deployment on one machine, for tests: a private redis-server, and game
 * server processes started from the real entry point (`node server/main.ts`), each on its own port
 * and public address, all on the same Redis and the same SQLite file. Readiness is the process's
 * own health endpoint answering; nothing waits on a sleep.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../server/harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** `scripts/ensure-test-deps.sh` (npm pretest) installs it; without it this suite must fail, not skip. */
export function redisServerPath(): string {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status === 0 && path !== '') return path;
  throw new Error('redis-server is not installed: the multi-process tests need it. Run `npm run pretest` (scripts/ensure-test-deps.sh) or `sudo apt-get install redis-server`.');
}

/** One command over RESP (enough for PING, HGET, HGETALL); replies as strings, arrays or null. */
export function redisCommand(port: number, ...args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = '';
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const parsed = parseReply(buffer, 0);
      if (parsed === undefined) return;
      socket.end();
      if (parsed.value instanceof Error) reject(parsed.value);
      else resolve(parsed.value);
    });
  });
}

function parseReply(text: string, at: number): { value: unknown; next: number } | undefined {
  const eol = text.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const head = text[at];
  const rest = text.slice(at + 1, eol);
  switch (head) {
    case '+':
    case ':':
      return { value: rest, next: eol + 2 };
    case '-':
      return { value: new Error(rest), next: eol + 2 };
    case '$': {
      const length = Number(rest);
      if (length < 0) return { value: null, next: eol + 2 };
      const body = Buffer.from(text.slice(eol + 2), 'utf8');
      if (body.length < length + 2) return undefined;
      const value = body.subarray(0, length).toString('utf8');
      return { value, next: eol + 2 + value.length + 2 };
    }
    case '*': {
      const count = Number(rest);
      const items: unknown[] = [];
      let next = eol + 2;
      for (let i = 0; i < count; i++) {
        const item = parseReply(text, next);
        if (item === undefined) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: count < 0 ? null : items, next };
    }
    default:
      return { value: new Error(`unexpected reply ${JSON.stringify(text.slice(at, at + 20))}`), next: text.length };
  }
}

/** Polls `probe` until it resolves true; fails with `what` (and whatever `context()` says) after `ms`. */
export async function waitFor(probe: () => Promise<boolean>, what: string, ms = 20_000, context: () => string = () => ''): Promise<void> {
  const deadline = performance.now() + ms;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}${context() ? `\n${context()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Spawned {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function spawnLogged(command: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function stopSpawned(s: Spawned, ms = 15_000): Promise<number | null> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return s.child.exitCode;
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), ms);
  try {
    return await s.exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const binary = redisServerPath();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-redis-'));
  const s = spawnLogged(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], process.env);
  await waitFor(async () => (await redisCommand(port, 'PING')) === 'PONG', `redis-server on port ${port}`, 20_000, s.output);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await stopSpawned(s);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GameServerProcess {
  readonly name: string;
  readonly port: number;
  readonly baseUrl: string;
  /** What seat reservations of rooms on this process carry (TCP_DOJO_PUBLIC_ADDRESS). */
  readonly publicAddress: string;
  output(): string;
  /** SIGTERM (Colyseus disposes the rooms, serve.ts closes the database); resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface GameServerOptions {
  readonly name: string;
  readonly redisUrl: string;
  readonly dbPath: string;
  readonly env?: Record<string, string>;
}

/** `node server/main.ts` as `npm start` runs it (after the build), ready once /api/health answers. */
export async function startGameServer(o: GameServerOptions): Promise<GameServerProcess> {
  const port = await freePort();
  const publicAddress = `127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    REDIS_URL: o.redisUrl,
    TCP_DOJO_PUBLIC_ADDRESS: publicAddress,
    TCP_DOJO_DB: o.dbPath,
    LOG_LEVEL: 'warn',
    ...o.env,
  };
  const s = spawnLogged(process.execPath, ['server/main.ts'], env);
  const baseUrl = `http://127.0.0.1:${port}`;
  const died = s.exited.then((code) => {
    throw new Error(`game server ${o.name} exited with ${code} before it was ready:\n${s.output()}`);
  });
  await Promise.race([waitFor(async () => (await fetch(`${baseUrl}/api/health`)).status === 200, `game server ${o.name} on port ${port}`, 30_000, s.output), died]);
  return { name: o.name, port, baseUrl, publicAddress, output: s.output, stop: () => stopSpawned(s) };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The public address of the process that hosts a room, from the matchmaker's cache in Redis. */
export async function hostOfRoom(redis: RedisServer, roomId: string): Promise<string | null> {
  const cached = await redisCommand(redis.port, 'HGET', 'roomcaches', roomId);
  return typeof cached === 'string' ? ((JSON.parse(cached) as { publicAddress?: string }).publicAddress ?? null) : null;
}
