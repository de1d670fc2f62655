/**
 * The usual browser-test file: one game server (the real app on a free port, serving the Vite
 * build) and one headless Chromium, started before the file's tests and stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { startGameServer, type GameServer } from './gameServer.ts';

export interface GameAndBrowser {
  readonly server: GameServer;
  readonly browser: LaunchedBrowser;
}

export function gameServerAndBrowser(): GameAndBrowser {
  let server: GameServer | null = null;
  let browser: LaunchedBrowser | null = null;
  beforeAll(async () => {
    server = await startGameServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server(): GameServer {
      if (!server) throw new Error('the game server is not started yet (use it inside a test)');
      return server;
    },
    get browser(): LaunchedBrowser {
      if (!browser) throw new Error('the browser is not launched yet (use it inside a test)');
      return browser;
    },
  };
}
