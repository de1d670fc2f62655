/**
 * What a player did survives the server (issue 15.7-8). A real `node server/main.ts` process plays
 * part of a round, is killed with SIGKILL (nothing gets to run: no dispose, no save), and a new
 * process on the same database file finds the round and stores it as `interrupted` with every
 * decision that was judged, readable at /api/results/<roundId>. And a round whose players all left
 * is played out by the bots that took their hosts over, and stored saying who played each side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FinishedRound } from '../../server/store.ts';
import { bootGame, Player, serverRoom, until, type GameBooted } from './gameHarness.ts';
import { freePort } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface ServerProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly output: string[];
}

async function startServer(dbPath: string, port: number): Promise<ServerProcess> {
  const output: string[] = [];
  const child = spawn(process.execPath, ['server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), TCP_DOJO_DB: dbPath, LOG_LEVEL: 'info', TCP_DOJO_STATIC_DIR: join(ROOT, 'no-client-here') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await until(() => output.join('').includes('TCP Dojo listening'), `server on ${port} listening`, 30_000);
  return { child, baseUrl, output };
}

function killed(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

const started: ServerProcess[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await killed(s, 'SIGKILL');
});

describe('a round under way when the server dies', () => {
  it('is stored as interrupted, with every judged decision, by the next server on the same database', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'tcp-dojo-crash-')), 'dojo.sqlite');
    const port = await freePort();
    const first = await startServer(dbPath, port);
    started.push(first);

    // A player makes two decisions (right, from the coach's hint) and is waiting on the third.
    const player = await Player.join({ baseUrl: first.baseUrl } as GameBooted, (c) => c.create('practice', { name: 'Mei', scenarioId: 'handshake', mode: 'coach' }));
    const roundId = (): string => player.room.state.roundId as string;
    let answered = 0;
    for (let i = 0; i < 2; i++) {
      await until(() => player.view()?.decision != null, 'a decision', 20_000);
      const decision = player.view()!.decision!;
      const hints = player.of('hint').length;
      player.room.send('hint', {});
      await until(() => player.of('hint').length > hints, 'the hint');
      const { move } = player.of('hint').at(-1) as { move: unknown };
      const verdicts = player.of('verdict').length;
      player.room.send('move', { decisionId: decision.id, move });
      await until(() => player.of('verdict').length > verdicts, 'the verdict');
      answered += 1;
      await until(() => player.view()?.decision?.id !== decision.id, 'the next moment');
    }
    expect(roundId()).not.toBe('');
    const id = roundId();

    await killed(first, 'SIGKILL');
    const before = await fetch(`${first.baseUrl}/api/health`).then(() => 'up', () => 'down');
    expect(before).toBe('down');

    const second = await startServer(dbPath, port);
    started.push(second);
    const res = await fetch(`${second.baseUrl}/api/results/${id}`);
    expect(res.status).toBe(200);
    const stored = (await res.json()) as FinishedRound;
    expect(stored.outcome).toBe('interrupted');
    expect(stored.mode).toBe('practice');
    expect(stored.decisions.filter((d) => d.playerName === 'Mei').length).toBe(answered);
    expect(stored.decisions.filter((d) => d.playerName === 'Mei').every((d) => d.correct)).toBe(true);
    expect(stored.players.find((p) => p.role === 'client')).toMatchObject({ playerName: 'Mei', isBot: false });
    expect((stored.result as { interrupted?: boolean }).interrupted).toBe(true);
    expect(second.output.join('')).toContain('stored as \\"interrupted\\"');

    // A client's mistake on the real process is one warn-level JSON line, like everything it prints.
    const hostile = await Player.join({ baseUrl: second.baseUrl } as GameBooted, (c) => c.create('practice', { name: 'Eve', scenarioId: 'handshake' }));
    hostile.room.send('*', { toString: 'y' });
    hostile.room.connection.send(Uint8Array.from([13, 0xc1, 0xff, 0x00]));
    await until(() => second.output.join('').includes('client mistake'), 'the mistake logged');
    for (const server of [first, second]) {
      const lines = server.output.join('').split('\n').filter((l) => l.trim() !== '');
      const entries = lines.map((l) => {
        try {
          return JSON.parse(l) as { level: number; msg: string };
        } catch {
          return { level: Infinity, msg: `not JSON: ${l}` };
        }
      });
      expect(entries.filter((e) => e.level >= 50).map((e) => e.msg)).toEqual([]);
    }
  });
});

describe('a round whose player leaves for good', () => {
  let booted: GameBooted;
  afterAll(async () => {
    await booted?.colyseus.shutdown();
  });

  it('is played out by the bot that took the host over, and the stored round says who played each side', async () => {
    booted = await bootGame();
    const player = await Player.join(booted, (c) => c.create('practice', { name: 'Ana', scenarioId: 'active-close-client', mode: 'coach' }));
    const room = serverRoom(booted, player);
    await until(() => player.view()?.decision != null, 'a decision');
    const id = room.state.roundId;
    await player.room.leave(); // consented: no reconnection window
    await until(() => booted.store.getRound(id) !== undefined, 'the round stored');
    const stored = booted.store.getRound(id)!;
    expect(stored.outcome).toBe('complete');
    const ana = stored.players.find((p) => p.playerName === 'Ana')!;
    expect(ana.isBot).toBe(true);
    expect(ana.takenOverAtMs).toBeGreaterThanOrEqual(0);
    expect(stored.decisions.some((d) => d.role === ana.role && d.playerName.startsWith('bot'))).toBe(true);
  });
});
