/**
 * The server plumbing the game rooms stand on: configuration, the SQLite store, the HTTP API and
 * static client on the game's port, and a room's message gate, per-client views, room codes and
 * reconnection, all through the real app booted with @colyseus/testing and real SDK clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { request } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloseCode } from '@colyseus/core';
import { Client } from '@colyseus/sdk';
import { loadConfig, defaultConfig } from '../../server/config.ts';
import { openMemoryStore, openStore, type FinishedRound } from '../../server/store.ts';
import { fullBucket, takeToken } from '../../server/rateLimit.ts';
import { makeRoomCode, normalizeRoomCode, ROOM_CODE_ALPHABET } from '../../server/roomCode.ts';
import { PLACEHOLDER_HTML } from '../../server/static.ts';
import type { ProtocolError } from '../../server/validate.ts';
import { bootTestApp, until, type Booted } from './harness.ts';
import type { ProbeRoom } from './fixtures/ProbeRoom.ts';

function finishedRound(roundId: string, overrides: Partial<FinishedRound> = {}): FinishedRound {
  return {
    roundId,
    mode: 'duel',
    scenarioId: 'handshake',
    startedAt: 1_000,
    finishedAt: 61_000,
    outcome: 'both-closed',
    players: [
      { role: 'client', playerName: 'Ada', score: 12, isBot: false },
      { role: 'server', playerName: 'bot', score: 9, isBot: true },
    ],
    decisions: [
      { seq: 0, role: 'client', playerName: 'Ada', atMs: 0, correct: true, points: 3, ruleIds: [], verdict: { ok: true } },
      {
        seq: 1,
        role: 'server',
        playerName: 'bot',
        atMs: 40,
        correct: false,
        points: 0,
        ruleIds: ['syn-received-ack'],
        verdict: { ok: false, fields: ['ack'] },
      },
    ],
    result: { winner: 'client', scores: { client: 12, server: 9 } },
    log: [{ kind: 'open', at: 0 }, { kind: 'segment', at: 40, flags: ['SYN'], seq: 4294967295 }],
    ...overrides,
  };
}

describe('configuration from the environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(2567);
    expect(result.config.dbPath).toBe('data/tcp-dojo.sqlite');
    expect(result.config.reconnectSeconds).toBe(30);
  });

  it('reads PORT and TCP_DOJO_DB', () => {
    const result = loadConfig({ PORT: '8080', TCP_DOJO_DB: '/tmp/x.sqlite' });
    expect(result.ok && result.config.port).toBe(8080);
    expect(result.ok && result.config.dbPath).toBe('/tmp/x.sqlite');
  });

  it('refuses bad values with one clear message naming every bad variable, without throwing', () => {
    const result = loadConfig({ PORT: 'eighty', TCP_DOJO_RECONNECT_SECONDS: '-5', LOG_LEVEL: 'loud' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('PORT must be a whole number from 1 to 65535 (got "eighty")');
    expect(result.error).toContain('TCP_DOJO_RECONNECT_SECONDS must be a whole number from 0 to 3600 (got "-5")');
    expect(result.error).toContain('LOG_LEVEL must be one of');
  });

  it('refuses a burst that Colyseus would punish with a disconnect', () => {
    const result = loadConfig({ TCP_DOJO_MESSAGE_BURST: '50', TCP_DOJO_MAX_MESSAGES_PER_SECOND: '40' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('TCP_DOJO_MESSAGE_BURST (50) must not exceed');
  });
});

describe('the store (node:sqlite)', () => {
  it('round-trips a finished round with its decisions and log', () => {
    const store = openMemoryStore();
    const round = finishedRound('r-1');
    store.saveRound(round);
    expect(store.getRound('r-1')).toEqual(round);
    expect(store.getRound('missing')).toBeUndefined();
    store.close();
  });

  it('writes a round all or nothing', () => {
    const store = openMemoryStore();
    store.saveRound(finishedRound('r-1'));
    const duplicateDecision = finishedRound('r-2', {
      decisions: [finishedRound('x').decisions[0]!, finishedRound('x').decisions[0]!],
    });
    expect(() => store.saveRound(duplicateDecision)).toThrow();
    expect(store.getRound('r-2')).toBeUndefined();
    store.close();
  });

  it('orders a leaderboard by score, then time, then who got there first', () => {
    const store = openMemoryStore();
    const entry = (playerName: string, score: number, timeMs: number, achievedAt: number) =>
      store.addLeaderboardEntry({ scenarioId: 'lost-syn', playerName, score, timeMs, roundId: null, achievedAt });
    entry('slow', 90, 50_000, 1);
    entry('best', 120, 40_000, 2);
    entry('fast', 90, 20_000, 3);
    entry('tie-later', 90, 20_000, 4);
    store.addLeaderboardEntry({ scenarioId: 'handshake', playerName: 'other', score: 999, timeMs: 1, roundId: null, achievedAt: 0 });

    const board = store.leaderboard('lost-syn');
    expect(board.map((e) => [e.rank, e.playerName])).toEqual([
      [1, 'best'],
      [2, 'fast'],
      [3, 'tie-later'],
      [4, 'slow'],
    ]);
    expect(store.leaderboard('lost-syn', 2)).toHaveLength(2);
    expect(store.rankOf('lost-syn', 100, 1)).toBe(2);
    expect(store.rankOf('lost-syn', 90, 10_000)).toBe(2);
    store.close();
  });

  it('creates the database file and its folder on first start, and keeps results across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-store-'));
    const path = join(dir, 'nested', 'dojo.sqlite');
    try {
      const first = openStore(path);
      expect(existsSync(path)).toBe(true);
      // Write-ahead log, synced at checkpoints rather than at every commit (see createStore).
      expect(first.database().prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(first.database().prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
      first.saveRound(finishedRound('kept'));
      first.close();
      const second = openStore(path);
      expect(second.getRound('kept')?.log).toEqual(finishedRound('kept').log);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('per-client rate limit (token bucket, time passed in)', () => {
  it('allows a burst, then the sustained rate', () => {
    const limits = { ratePerSecond: 2, burst: 3 };
    const bucket = fullBucket(limits, 0);
    expect([0, 0, 0, 0].map(() => takeToken(bucket, limits, 0))).toEqual([true, true, true, false]);
    expect(takeToken(bucket, limits, 499)).toBe(false);
    expect(takeToken(bucket, limits, 500)).toBe(true);
    expect(takeToken(bucket, limits, 10_000)).toBe(true); // refills to the burst, not beyond
    expect(bucket.tokens).toBe(2);
  });
});

describe('room codes', () => {
  it('are five characters without look-alikes, and forgiving to type', () => {
    let i = 0;
    const code = makeRoomCode(() => (i++ % 7) / 7);
    expect(code).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{5}$`));
    expect(ROOM_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(normalizeRoomCode(' k7q-x2 ')).toBe('K7QX2');
  });
});

describe('the app on one port', () => {
  let booted: Booted;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'tcp-dojo-dist-'));
    // A frozen wall clock: the rate limiter never refills, so refusals are exact.
    booted = await bootTestApp(
      {
        staticDir,
        reconnectSeconds: 1,
        messageLimits: { ratePerSecond: 1, burst: 12, hardMaxPerSecond: 1000, maxBytes: 256 },
      },
      () => 1_000_000,
    );
  });

  afterAll(async () => {
    await booted.colyseus.shutdown();
    booted.store.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  describe('HTTP API', () => {
    it('GET /api/health answers JSON with the database status', async () => {
      const response = await fetch(`${booted.baseUrl}/api/health`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok', uptimeMs: 0 });
    });

    it('GET /api/leaderboard/:scenarioId lists the board best first', async () => {
      booted.store.addLeaderboardEntry({ scenarioId: 'handshake', playerName: 'B', score: 5, timeMs: 9, roundId: null, achievedAt: 1 });
      booted.store.addLeaderboardEntry({ scenarioId: 'handshake', playerName: 'A', score: 7, timeMs: 9, roundId: null, achievedAt: 2 });
      const response = await fetch(`${booted.baseUrl}/api/leaderboard/handshake?limit=10`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { entries: { playerName: string; rank: number }[] };
      expect(body.entries.map((e) => e.playerName)).toEqual(['A', 'B']);

      const bad = await fetch(`${booted.baseUrl}/api/leaderboard/DROP%20TABLE`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'bad_scenario_id' });
    });

    it('GET /api/results/:roundId returns a stored round, or a 404 with a reason', async () => {
      booted.store.saveRound(finishedRound('round-42'));
      const found = await fetch(`${booted.baseUrl}/api/results/round-42`);
      expect(found.status).toBe(200);
      expect(await found.json()).toEqual(finishedRound('round-42'));

      const missing = await fetch(`${booted.baseUrl}/api/results/round-43`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ code: 'round_not_found' });
    });

    it('is callable through the SDK client too', async () => {
      const client = new Client(booted.baseUrl);
      const response = await client.http.get('/api/health');
      expect(response.data).toMatchObject({ status: 'ok' });
    });
  });

  describe('static client', () => {
    it('shows a placeholder page until the client is built', async () => {
      const response = await fetch(`${booted.baseUrl}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(PLACEHOLDER_HTML);
    });

    it('serves the built files, falls back to index.html for page routes, 404s missing assets and escapes', async () => {
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>built</title>');
      mkdirSync(join(staticDir, 'assets'), { recursive: true });
      writeFileSync(join(staticDir, 'assets', 'main-abc.js'), 'console.log(1)');

      const index = await fetch(`${booted.baseUrl}/`);
      expect(await index.text()).toContain('built');
      const route = await fetch(`${booted.baseUrl}/results/round-42`);
      expect(await route.text()).toContain('built');

      const asset = await fetch(`${booted.baseUrl}/assets/main-abc.js`);
      expect(asset.headers.get('content-type')).toContain('text/javascript');
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(await asset.text()).toBe('console.log(1)');

      expect((await fetch(`${booted.baseUrl}/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${booted.baseUrl}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    });
  });

  describe('the build\'s compressed copies (vite.config.ts writes .br and .gz beside each file)', () => {
    /** GET `path` with these request headers; the body as it came on the wire (not decoded). */
    function get(path: string, headers: Record<string, string>): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
      return new Promise((resolve, reject) => {
        const req = request(`${booted.baseUrl}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    }
    const script = 'console.log("a page of the game");\n'.repeat(200);

    it('a browser gets the coding it prefers among the copies made, with its length, and Vary; one that accepts none gets the file', async () => {
      mkdirSync(join(staticDir, 'assets'), { recursive: true });
      const file = join(staticDir, 'assets', 'game-1.js');
      writeFileSync(file, script);
      writeFileSync(`${file}.br`, brotliCompressSync(script));
      writeFileSync(`${file}.gz`, gzipSync(script));

      const br = await get('/assets/game-1.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect([br.headers['content-encoding'], br.headers['vary'], br.headers['content-type']]).toEqual(['br', 'Accept-Encoding', 'text/javascript; charset=utf-8']);
      expect(Number(br.headers['content-length'])).toBe(br.body.length);
      expect(br.body.length).toBeLessThan(script.length / 10);
      expect(brotliDecompressSync(br.body).toString()).toBe(script);

      const gzip = await get('/assets/game-1.js', { 'accept-encoding': 'gzip;q=1, br;q=0.5' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).toString()).toBe(script);

      for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
        const plain = await get('/assets/game-1.js', accept === undefined ? {} : { 'accept-encoding': accept });
        expect([accept, plain.headers['content-encoding'], plain.headers['vary']]).toEqual([accept, undefined, 'Accept-Encoding']);
        expect(plain.body.toString()).toBe(script);
      }
      // HEAD says the same, without a body
      const head = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
        const req = request(`${booted.baseUrl}/assets/game-1.js`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers));
        });
        req.on('error', reject);
        req.end();
      });
      expect([head['content-encoding'], head['content-length']]).toEqual(['br', String(br.body.length)]);
    });

    it('a copy older than its file (left from an earlier build) is never sent; the file is', async () => {
      const file = join(staticDir, 'assets', 'game-2.js');
      writeFileSync(`${file}.br`, brotliCompressSync('console.log("the old build");'));
      writeFileSync(file, script);
      const old = new Date(Date.now() - 60_000);
      utimesSync(`${file}.br`, old, old);
      const got = await get('/assets/game-2.js', { 'accept-encoding': 'br, gzip' });
      expect(got.headers['content-encoding']).toBeUndefined();
      expect(got.body.toString()).toBe(script);
    });

    it('a page (index.html, no-cache) is sent compressed too', async () => {
      const page = '<!doctype html><title>built</title>' + '<p>TCP Dojo</p>'.repeat(100);
      writeFileSync(join(staticDir, 'index.html'), page);
      writeFileSync(join(staticDir, 'index.html.gz'), gzipSync(page));
      const got = await get('/results/round-42', { 'accept-encoding': 'gzip' });
      expect([got.headers['content-encoding'], got.headers['cache-control']]).toEqual(['gzip', 'no-cache']);
      expect(gunzipSync(got.body).toString()).toBe(page);
    });
  });

  describe('a room behind the message gate', () => {
    it('refuses unknown types, wrong shapes, oversized payloads and handler bugs with clear errors; the room goes on', async () => {
      const room = await booted.colyseus.createRoom<ProbeRoom>('probe', {});
      const player = await booted.colyseus.connectTo(room);
      const errors: ProtocolError[] = [];
      player.onMessage('error', (error: ProtocolError) => errors.push(error));

      player.send('count', { by: 2 });
      player.send('count', { by: 99 }); // out of range
      player.send('count', { by: 'two' } as never); // wrong type
      player.send('rename', { name: 'x'.repeat(400) }); // oversized for this room's 256-byte limit
      (player as unknown as { send(type: string, message: unknown): void }).send('teleport', { to: 'ESTABLISHED' });
      player.send('boom', {});
      await until(() => errors.length === 5, 'five refusals');

      expect(errors.map((e) => [e.code, e.type])).toEqual([
        ['invalid_message', 'count'],
        ['invalid_message', 'count'],
        ['too_large', 'rename'],
        ['unknown_type', 'teleport'],
        ['internal_error', 'boom'],
      ]);
      expect(errors[0]!.issues[0]).toMatchObject({ path: 'by' });
      expect(errors[0]!.message).toContain('"count" message was refused: by:');
      expect(errors[3]!.message).toBe('The server does not know the message “teleport”. This room accepts: boom, count, rename.');
      // Each says what exactly, by a code and its parameters, for the page to word in its language.
      expect(errors.map((e) => [e.reason, e.params])).toEqual([
        ['invalid_message', { type: 'count', fields: 'by' }],
        ['invalid_message', { type: 'count', fields: 'by' }],
        ['too_large', { type: 'rename', max: expect.any(Number) }],
        ['unknown_type', { type: 'teleport' }],
        ['internal_error', { type: 'boom' }],
      ]);

      // Still connected, and only the valid message changed the state.
      player.send('count', { by: 1 });
      await until(() => room.state.counter === 3, 'counter 3');
      expect(room.clients.length).toBe(1);
      await player.leave();
    });

    it('rate-limits each client: over the burst, messages are refused, not the connection', async () => {
      const room = await booted.colyseus.createRoom<ProbeRoom>('probe', {});
      const player = await booted.colyseus.connectTo(room);
      const limited: ProtocolError[] = [];
      player.onMessage('error', (error: ProtocolError) => limited.push(error));

      for (let i = 0; i < 20; i++) player.send('count', { by: 1 });
      await until(() => limited.length === 8, 'eight refusals');
      expect(limited.every((e) => e.code === 'rate_limited')).toBe(true);
      expect(room.state.counter).toBe(12); // exactly the burst: the frozen clock never refills
      expect(room.clients.length).toBe(1);
      await player.leave();
    });

    it('uses a short code as roomId, joinable by id', async () => {
      const room = await booted.colyseus.createRoom<ProbeRoom>('probe', {});
      expect(room.roomId).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{5}$`));
      const player = await new Client(booted.baseUrl).joinById(room.roomId);
      expect(player.roomId).toBe(room.roomId);
      await player.leave();
    });
  });

  describe('per-client views (StateView + t.*().view())', () => {
    it('a player sees its own host in full and only the public fields of the peer; a spectator sees both', async () => {
      const room = await booted.colyseus.createRoom<ProbeRoom>('probe', {});
      const alice = await booted.colyseus.connectTo(room);
      const bob = await booted.colyseus.connectTo(room);
      const spectator = await booted.colyseus.connectTo(room, { spectator: true });
      await room.waitForNextPatch();
      await until(() => alice.state.hosts.size === 2 && bob.state.hosts.size === 2, 'both hosts synced');

      const mine = alice.state.hosts.get(alice.sessionId)!;
      const peer = alice.state.hosts.get(bob.sessionId)!;
      expect(mine.tcpState).toBe('LISTEN');
      expect(mine.secret).toBe(`secret-of-${alice.sessionId}`);
      expect(peer.name).toBe('player-2');
      expect(peer.tcpState).toBeUndefined();
      expect(peer.secret).toBeUndefined();
      expect(JSON.stringify(alice.state.toJSON())).not.toContain(`secret-of-${bob.sessionId}`);

      const seen = spectator.state.hosts.get(bob.sessionId)!;
      expect(seen.secret).toBe(`secret-of-${bob.sessionId}`);

      await Promise.all([alice.leave(), bob.leave(), spectator.leave()]);
    });
  });

  describe('reconnection', () => {
    it('a dropped player comes back inside the window to the same seat and state', async () => {
      const room = await booted.colyseus.createRoom<ProbeRoom>('probe', {});
      const player = await booted.colyseus.connectTo(room);
      player.reconnection.minUptime = 0; // the SDK's default refuses to reconnect in the first 5 s
      player.send('count', { by: 4 });
      await until(() => room.state.counter === 4, 'counter 4');

      let reconnected = false;
      player.onReconnect(() => (reconnected = true));
      player.connection.close(CloseCode.MAY_TRY_RECONNECT, 'network blip');
      await until(() => reconnected, 'SDK reconnected');

      expect(room.clients.length).toBe(1);
      expect(room.clients[0]!.sessionId).toBe(player.sessionId);
      expect(room.state.hosts.get(player.sessionId)?.controller).toBe('human');
      await until(() => player.state.counter === 4, 'state kept');
      await player.leave();
    });

    it('after the window the seat is given up and the bot takes over the host', async () => {
      const room = await booted.colyseus.createRoom<ProbeRoom>('probe', {});
      const stays = await booted.colyseus.connectTo(room);
      const drops = await booted.colyseus.connectTo(room);
      drops.reconnection.enabled = false;
      const sessionId = drops.sessionId;

      drops.connection.close(CloseCode.MAY_TRY_RECONNECT, 'gone for good');
      await until(() => room.state.hosts.get(sessionId)?.controller === 'bot', 'bot takes over', 5000);
      expect(room.clients.length).toBe(1);
      await until(() => stays.state.hosts.get(sessionId)?.controller === 'bot', 'peer sees the bot');
      await stays.leave();
    });
  });
});

describe('configuration used by tests', () => {
  it('defaultConfig() accepts overrides', () => {
    expect(defaultConfig({ port: 3000 }).port).toBe(3000);
  });
});
