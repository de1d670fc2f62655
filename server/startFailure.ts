/**
 * Why the server could not start, said to the person who started it: one line naming the setting
 * and what to do, like a bad setting in the environment (config.ts). A port already taken, an
 * address that is not this machine's, a database path that is a folder or another program's file,
 * a Redis that does not answer: each stops the start (exit code 1) instead of leaving a process
 * that serves nothing.
 */
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseOwner } from './processes.ts';
import { OlderServerRunning } from './store.ts';

const START = 'TCP Dojo cannot start:';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Listening on `host` (null: every interface) and `port` failed with `error`. */
export function listenFailure(error: unknown, port: number, host: string | null): string {
  const where = host === null ? `port ${port}` : `${host} port ${port}`;
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return `${START} ${where} is already in use (another TCP Dojo, or another program, listens there). Stop it, or choose another port: PORT=${port === 65535 ? port - 1 : port + 1} npm start`;
    case 'EADDRNOTAVAIL':
      return `${START} HOST=${host} is not an address of this machine. Use one of its addresses (127.0.0.1: this machine only), or leave HOST unset to listen on every interface.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `${START} HOST=${host} does not resolve to an address of this machine. Use an IP address (127.0.0.1: this machine only), or leave HOST unset to listen on every interface.`;
    case 'EACCES':
      return `${START} ${where} needs administrator rights on this machine. Use a port from 1024 up (the default is 2567): PORT=2567 npm start`;
    default:
      return `${START} cannot listen on ${where}: ${messageOf(error)}`;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A server process by its owner tag (host|pid|tag), as a person finds it: its pid, where, when last heard. */
function describeServer(owner: string, heardMsAgo: number): string {
  const parsed = parseOwner(owner);
  const where = parsed === null ? owner : parsed.host === hostname() ? `pid ${parsed.pid} on this machine` : `pid ${parsed.pid} on ${parsed.host}`;
  return `${where}, last heard ${Math.round(heardMsAgo / 1000)} s ago`;
}

/** Opening (or creating) the database at TCP_DOJO_DB=`path` failed with `error`. */
export function databaseFailure(error: unknown, path: string): string {
  const setting = `TCP_DOJO_DB=${path}`;
  if (isFolder(path)) return `${START} ${setting} is a folder. Give the path of a file in it, e.g. TCP_DOJO_DB=${path.replace(/\/+$/, '')}/tcp-dojo.sqlite`;
  const code = codeOf(error);
  if (code === 'EEXIST' || code === 'ENOTDIR') return `${START} ${setting}: a part of that path is a file, not a folder (${messageOf(error)}). Choose a path in a folder.`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT') {
    return `${START} ${setting}: its folder cannot be created here (${messageOf(error)}). Choose a path in a folder you can write to.`;
  }
  if (error instanceof OlderServerRunning) {
    const who = error.servers.map((s) => describeServer(s.owner, s.heardMsAgo)).join('; ');
    return `${START} ${setting} is in use by an older TCP Dojo server (${who}). Stop every server using this database, then start this one: it upgrades the database, which an older server must not go on writing.`;
  }
  const message = messageOf(error);
  if (/file is not a database/i.test(message)) {
    return `${START} ${setting} is not a database (another program's file?). Point TCP_DOJO_DB at a new file, or at the one TCP Dojo made.`;
  }
  return `${START} cannot open the database ${setting}: ${message}`;
}

/** The Redis at REDIS_URL=`url` did not answer. */
export function redisFailure(error: unknown, url: string): string {
  return `${START} the Redis at REDIS_URL=${url} does not answer (${messageOf(error)}). Start it (redis-server), or leave REDIS_URL unset to run as one process.`;
}
