/**
 * A server that cannot start says why in one line naming the setting, and stops (exit code 1):
 * it does not sit there serving nothing (a port already taken, an address not this machine's,
 * which Colyseus only logged), print a stack, or hang (a folder Node's recursive mkdir loops on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { colyseusLogger, MistakeLog } from '../../server/clientMistakes.ts';
import { serverNodeFlags } from '../../server/heapFlags.ts';
import { openStore } from '../../server/store.ts';
import { freePort } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Servers started here; one that did not stop (the failure this file checks for) is stopped after its test. */
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `node server/main.ts` with `env` over a working default, and waits for it to stop. */
async function startWith(env: Record<string, string>): Promise<{ code: number | null; stderr: string; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-start-'));
  const child = spawn(process.execPath, [...serverNodeFlags(ROOT), 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(await freePort()), TCP_DOJO_DB: join(dir, 'dojo.sqlite'), TCP_DOJO_STATIC_DIR: join(ROOT, 'no-client-here'), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr, output: output + stderr };
}

/** What a person reads: one line saying the server cannot start, and no stack. */
function expectOneReason(result: { code: number | null; stderr: string; output: string }, ...words: string[]): void {
  expect(result.code).toBe(1);
  const reason = result.stderr.trim();
  expect(reason.split('\n')).toHaveLength(1);
  expect(reason).toMatch(/^TCP Dojo cannot start: /);
  for (const w of words) expect(reason).toContain(w);
  expect(result.output).not.toMatch(/\n\s+at /);
  expect(result.output).not.toContain('TCP Dojo listening');
}

describe('a server that cannot listen', () => {
  const taken: Server[] = [];
  afterEach(() => {
    for (const s of taken.splice(0)) s.close();
  });

  it('stops when its port is already in use, and says which and what to do', async () => {
    const port = await freePort();
    const other = createServer();
    taken.push(other);
    await new Promise<void>((resolve) => other.listen(port, resolve));
    expectOneReason(await startWith({ PORT: String(port) }), `port ${port} is already in use`, `PORT=${port + 1}`);
  });

  it('stops when HOST is not an address of this machine', async () => {
    // 192.0.2.0/24 is for documentation (RFC 5737): no machine has it.
    expectOneReason(await startWith({ HOST: '192.0.2.1' }), 'HOST=192.0.2.1 is not an address of this machine');
  });
});

describe('a server that cannot open its database', () => {
  it('stops when TCP_DOJO_DB is a folder, and suggests a file in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-start-'));
    expectOneReason(await startWith({ TCP_DOJO_DB: dir }), `TCP_DOJO_DB=${dir} is a folder`, `${dir}/tcp-dojo.sqlite`);
  });

  it('stops when a part of the path is a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-start-'));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expectOneReason(await startWith({ TCP_DOJO_DB: join(dir, 'notes.txt', 'dojo.sqlite') }), `${join(dir, 'notes.txt')} is a file, not a folder`);
  });

  it("stops when TCP_DOJO_DB is another program's file, and leaves that file as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-start-'));
    const file = join(dir, 'notes.txt');
    const text = 'not a database, but a file somebody needs\n'.repeat(200);
    writeFileSync(file, text);
    expectOneReason(await startWith({ TCP_DOJO_DB: file }), `TCP_DOJO_DB=${file} is not a database`);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('stops when an older server still uses the database it would upgrade, and names that server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-start-'));
    const path = join(dir, 'dojo.sqlite');
    const store = openStore(path);
    store.heartbeat(`${hostname()}|${process.pid}|older`, Date.now() - 3_000); // this test's process plays the older server
    store.database().exec('PRAGMA user_version = 2');
    store.close();
    expectOneReason(await startWith({ TCP_DOJO_DB: path }), `TCP_DOJO_DB=${path} is in use by an older TCP Dojo server (pid ${process.pid} on this machine, last heard `, 'Stop every server using this database');
  });

  it('is an error naming the folder that cannot be made, not a wait forever (a folder under /proc)', () => {
    expect(() => openStore('/proc/tcp-dojo-none/dojo.sqlite')).toThrow(/\/proc\/tcp-dojo-none/);
    const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-start-'));
    mkdirSync(join(dir, 'a'));
    // A missing folder two levels down is still made, as before.
    const store = openStore(join(dir, 'a', 'b', 'c', 'dojo.sqlite'));
    store.close();
  });
});

describe('a server told to use a Redis that does not answer', () => {
  it('stops at once and says so, instead of logging a connection error at every retry', async () => {
    const port = await freePort();
    expectOneReason(await startWith({ REDIS_URL: `redis://127.0.0.1:${port}` }), `REDIS_URL=redis://127.0.0.1:${port} does not answer`, 'ECONNREFUSED', 'leave REDIS_URL unset');
  });
});

describe("Colyseus' console-style log lines", () => {
  it('keep what follows the first argument (a Redis connection error says its cause)', () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const colyseus = colyseusLogger(log, new MistakeLog(log));
    // As @colyseus/redis-presence calls it: logger.warn(text, e.message).
    (colyseus.warn as (...args: unknown[]) => void)('RedisPresence: pub connection error:', 'connect ECONNREFUSED 127.0.0.1:6379');
    colyseus.info('rooms: %d', 3);
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['RedisPresence: pub connection error: connect ECONNREFUSED 127.0.0.1:6379', 'rooms: 3']);
  });
});
