/**
 * `node server/main.ts` (what `npm start` runs after building the client): the server process,
 * serve.ts, run with the server's node flags (package.json `config.serverNodeFlags`, the young
 * generation's size) however it is started. `npm start`/`serve`/`dev` pass them; a process started
 * without them (`node server/main.ts`, a load-test harness, a service unit) replaces itself, before
 * loading anything else, with the same command plus the flags: the same process id, so whoever
 * started it still holds it. Without them V8 grows the young generation to several times that size
 * under load, and a player costs twice the memory (README, what a player costs).
 */
import { join } from 'node:path';
import { missingNodeFlags, serverNodeFlags } from './heapFlags.ts';

const RELAUNCHED = 'TCP_DOJO_NODE_FLAGS_ADDED';
const given = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/).filter(Boolean)];
/** The flags package.json asks for; none (a start as before) when it cannot be read. */
function wanted(): string[] {
  try {
    return serverNodeFlags(join(import.meta.dirname, '..'));
  } catch (error) {
    process.stderr.write(`[tcp-dojo] could not read the server's node flags from package.json (${String(error)}); starting without them\n`);
    return [];
  }
}
const missing = missingNodeFlags(wanted(), given);
if (missing.length > 0 && process.env[RELAUNCHED] === undefined) {
  if (typeof process.execve === 'function') {
    try {
      process.execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, [RELAUNCHED]: missing.join(' ') });
    } catch (error) {
      process.stderr.write(`[tcp-dojo] could not restart with ${missing.join(' ')} (${String(error)}); starting without them\n`);
    }
  } else {
    process.stderr.write(`[tcp-dojo] this platform cannot restart a process in place; start the server with ${missing.join(' ')} (npm start does)\n`);
  }
}
await import('./serve.ts');
