/**
 * The real game server for browser tests, in this test process: the app serve.ts builds (real
 * rooms, in-memory database) serving the Vite build in dist/, on a free port. The client is built
 * once per run: a build is reused while it is newer than every file under client/ and shared/,
 * the pages and vite.config.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { listen } from '@colyseus/tools';
import { createApp } from '../../server/app.config.ts';
import { defaultConfig, type ServerConfig } from '../../server/config.ts';
import { silentLogger } from '../../server/log.ts';
import { openMemoryStore, type Store } from '../../server/store.ts';
import { gameRooms } from '../../server/rooms/index.ts';
import type { ClockSettings } from '../../server/services.ts';

/**
 * The browser tests wait on the page's own state, never on the clock, so the game clock can run
 * fast: game time still stops while a player decides (every room takes turns), so a slow browser
 * never meets a retransmission it did not have time to answer; only the idle stretches (an RTO
 * running out, the SYN-ACK in flight) go by quicker.
 */
export const E2E_CLOCK: ClockSettings = { scale: 4, tickMs: 20, fastForwardMs: 250, manual: false };

const ROOT = join(import.meta.dirname, '..', '..');
/** The Vite build the servers serve (`buildClientOnce`). */
export const DIST = join(ROOT, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Test files run in parallel processes: one builds while the others wait for its lock to go. */
export function buildClientOnce(): void {
  const lock = join(ROOT, '.dist-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    buildIfStale();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildIfStale(): void {
  let builtAt = 0;
  try {
    builtAt = statSync(join(DIST, 'index.html')).mtimeMs;
  } catch {
    builtAt = 0;
  }
  const sources = Math.max(newestMtime(join(ROOT, 'client')), newestMtime(join(ROOT, 'shared')), ...['index.html', 'class.html', 'vite.config.ts'].map((f) => statSync(join(ROOT, f)).mtimeMs));
  if (builtAt > sources) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface GameServer {
  url: string;
  store: Store;
  stop: () => Promise<void>;
}

/** Server settings a browser test may change: the rest are the defaults `npm start` runs with. */
export type GameServerSettings = Partial<Pick<ServerConfig, 'reconnectSeconds'>>;

export async function startGameServer(settings: GameServerSettings = {}): Promise<GameServer> {
  buildClientOnce();
  const store = openMemoryStore();
  const port = await freePort();
  const config = defaultConfig({ ...settings, port, staticDir: DIST });
  const app = createApp({ config, store, log: silentLogger() }, (services) => gameRooms({ ...services, clock: E2E_CLOCK }));
  const server = await listen(app, port);
  return {
    url: `http://127.0.0.1:${port}/`,
    store,
    stop: async () => {
      await server.gracefullyShutdown(false);
      store.close();
    },
  };
}
