import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listen } from '@colyseus/tools';
import { findScenario } from '../../shared/game/scenarios.ts';
import { defaultConfig, loadConfig } from '../../server/config.ts';
import { createApp } from '../../server/app.config.ts';
import { silentLogger } from '../../server/log.ts';
import { openMemoryStore } from '../../server/store.ts';
import { freePort } from './harness.ts';
import { wireChoiceOf } from '../../server/rooms/roomSettings.ts';
import { RoomOptions } from '../../server/rooms/messages.ts';

describe('a room creator chooses the wire', () => {
  const scenario = findScenario('lost-syn')!;

  it('loss and delay apply to both directions; the scenario keeps its scripted faults', () => {
    const choice = wireChoiceOf(scenario, { loss: 0.3, delayMs: 500 });
    expect(choice.wire?.toServer).toMatchObject({ loss: 0.3, delayMs: 500, duplicate: 0 });
    expect(choice.wire?.toClient).toMatchObject({ loss: 0.3, delayMs: 500 });
  });

  it('no choice keeps the scenario wire', () => {
    expect(wireChoiceOf(scenario, {})).toEqual({});
  });

  it('out-of-range wire settings are refused at the door', () => {
    expect(RoomOptions.safeParse({ loss: 0.9 }).success).toBe(false);
    expect(RoomOptions.safeParse({ delayMs: -5 }).success).toBe(false);
    expect(RoomOptions.safeParse({ profile: 'windows' }).success).toBe(false);
    expect(RoomOptions.safeParse({ loss: 0.2, profile: 'linux' }).success).toBe(true);
  });
});

describe('multi-process mode is configuration', () => {
  it('REDIS_URL switches on Redis; unset means one process', () => {
    const one = loadConfig({});
    expect(one.ok && one.config.redisUrl).toBe(null);
    const many = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(many.ok && many.config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('a malformed REDIS_URL stops the start with a message naming it', () => {
    const bad = loadConfig({ REDIS_URL: 'localhost' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('REDIS_URL');
  });

  it('TCP_DOJO_PUBLIC_ADDRESS is where players reach this process: host[:port][/path], no scheme', () => {
    const none = loadConfig({});
    expect(none.ok && none.config.publicAddress).toBe(null);
    for (const [raw, address] of [
      ['10.0.0.5:2568', '10.0.0.5:2568'],
      ['game1.example.org', 'game1.example.org'],
      ['example.org/game/2568/', 'example.org/game/2568'],
      ['[::1]:2568', '[::1]:2568'],
    ] as const) {
      const loaded = loadConfig({ TCP_DOJO_PUBLIC_ADDRESS: raw });
      expect(loaded.ok && loaded.config.publicAddress).toBe(address);
    }
    for (const raw of ['ws://10.0.0.5:2568', 'http://example.org', 'a b']) {
      const bad = loadConfig({ TCP_DOJO_PUBLIC_ADDRESS: raw });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error).toContain('TCP_DOJO_PUBLIC_ADDRESS');
    }
  });
});

describe('HOST: the interface the server listens on', () => {
  it('is an address or a host name; unset means every interface; anything else stops the start naming HOST', () => {
    const all = loadConfig({});
    expect(all.ok && all.config.host).toBe(null);
    for (const [raw, host] of [
      ['127.0.0.1', '127.0.0.1'],
      [' localhost ', 'localhost'],
      ['::1', '::1'],
      ['[::1]', '::1'],
      ['game.example.org', 'game.example.org'],
    ] as const) {
      const loaded = loadConfig({ HOST: raw });
      expect(loaded.ok && loaded.config.host).toBe(host);
    }
    for (const raw of ['http://127.0.0.1', '127.0.0.1:2567', 'a b', '10.0.0.1/24']) {
      const bad = loadConfig({ HOST: raw });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error).toContain('HOST');
    }
  });

  it('HOST=127.0.0.1: the game server’s socket is bound to the loopback interface only', async () => {
    const port = await freePort();
    const store = openMemoryStore();
    const server = await listen(createApp({ config: defaultConfig({ port, host: '127.0.0.1' }), store, log: silentLogger() }), port);
    try {
      const address = (server.transport as unknown as { server: { address(): AddressInfo } }).server.address();
      expect(address).toMatchObject({ address: '127.0.0.1', port });
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    } finally {
      await server.gracefullyShutdown(false);
      store.close();
    }
  });
});
