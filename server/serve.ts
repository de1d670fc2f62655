/**
 * The server (server/main.ts starts it, with its node flags): one process serving the
 * built client, the Colyseus game server and the JSON API on one port, with the SQLite file
 * created on first start. Settings come from the environment (see config.ts); a bad one stops
 * the process with a message naming it.
 */
import { toolsNotes } from './toolsNotes.ts'; // first: before @colyseus/tools loads its .env files
import { listen } from '@colyseus/tools';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { openStore, type Store } from './store.ts';
import { createApp } from './app.config.ts';
import { watchForInterruptedRounds } from './recovery.ts';
import { redisAnswers } from './redis.ts';
import { databaseFailure, listenFailure, redisFailure } from './startFailure.ts';

const startupNotes = toolsNotes();
const dev = process.argv.includes('--dev');
const loaded = loadConfig({ ...process.env, ...(dev && !process.env['LOG_LEVEL'] ? { LOG_LEVEL: 'debug' } : {}) });
if (!loaded.ok) {
  process.stderr.write(loaded.error + '\n');
  process.exit(1);
}
const { config } = loaded;

/** Says why (startFailure.ts) and stops, before anything is served: exit code 1. */
function cannotStart(reason: string): never {
  process.stderr.write(reason + '\n');
  process.exit(1);
}
const log = createLogger(config.logLevel);
for (const note of startupNotes) log.info({ from: '@colyseus/tools' }, note);

function openStoreOrExit(): Store {
  let lastDeferral = 0;
  try {
    return openStore(config.dbPath, {
      onCheckpointError: (error) => log.warn({ err: error }, 'WAL checkpoint failed; the server goes on'),
      // Normal for a moment (a checkpoint emptying the log); a second means another process holds
      // it. Said once per wait, not at every try.
      onCommitDeferred: (since) => {
        if (since >= 1_000 && lastDeferral < 1_000) log.warn({ waitedMs: Math.round(since) }, 'the database write lock is taken; live events wait for it');
        lastDeferral = since;
      },
    });
  } catch (error) {
    cannotStart(databaseFailure(error, config.dbPath));
  }
}
const store = openStoreOrExit();

// Several processes meet in Redis: one that does not answer is a setting to fix, not a server
// that starts and then logs a connection error at every retry.
if (config.redisUrl !== null) {
  try {
    await redisAnswers(config.redisUrl);
  } catch (error) {
    store.close();
    cannotStart(redisFailure(error, config.redisUrl));
  }
}

if (config.redisUrl !== null && config.publicAddress === null) {
  log.warn(
    'REDIS_URL is set but TCP_DOJO_PUBLIC_ADDRESS is not: a player matched through another process cannot reach a room on this one, unless a proxy routes /<processId>/<roomId> to its process',
  );
}

// A promise nobody awaited that rejects is a bug, but Node's default turns it into an uncaught
// exception, on which Colyseus shuts the whole server down: log it and keep the class going.
process.on('unhandledRejection', (reason) => {
  log.error({ err: reason }, 'unhandled promise rejection; the server goes on');
});

// Rounds a crashed server left in the database become `interrupted` results (and, with several
// processes, so do those of any process that stops saying it is alive).
const stopWatching = watchForInterruptedRounds(store, log);

const app = createApp({ config, store, log });
let server: Awaited<ReturnType<typeof listen>>;
try {
  server = await listen(app, config.port);
} catch (error) {
  store.close();
  cannotStart(listenFailure(error, config.port, config.host));
}
// Colyseus traps SIGINT/SIGTERM, lets rooms finish (and write their rounds), then calls this.
server.onShutdown(() => {
  stopWatching();
  store.close();
  log.info('database closed; bye');
});
log.info({ host: config.host ?? 'every interface', port: config.port, dbPath: config.dbPath, staticDir: config.staticDir, dev }, `TCP Dojo listening on http://${config.host === null ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`);
