/**
 * The server processes that share one database, and which of them still run. Each says it is
 * alive (a heartbeat in `server_processes`) every HEARTBEAT_EVERY_MS; a stopped one forgets its
 * own row, a crashed one leaves it. Read by crash recovery (recovery.ts: are a round's owners
 * gone?) and by the database's upgrade (store.ts: is an older server still writing to it?).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

export const HEARTBEAT_EVERY_MS = 20_000;
export const HEARTBEAT_STALE_MS = 90_000;

/** This process, as the owner of the rounds it plays: host, pid and a random tag (pids are reused). */
export const PROCESS_OWNER = `${hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;

interface Owner {
  readonly host: string;
  readonly pid: number;
}

export function parseOwner(owner: string): Owner | null {
  const [host, pid] = owner.split('|');
  const n = Number(pid);
  return host !== undefined && Number.isInteger(n) && n > 0 ? { host, pid: n } : null;
}

export function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // runs, as another user
  }
}

export interface Liveness {
  readonly self: string;
  readonly now: number;
  /** Last heartbeat per owner. */
  readonly heartbeats: ReadonlyMap<string, number>;
  readonly host: string;
  readonly pidRuns: (pid: number) => boolean;
}

export function liveness(heartbeats: ReadonlyMap<string, number>, now: number, self = PROCESS_OWNER): Liveness {
  return { self, now, heartbeats, host: hostname(), pidRuns };
}

/** Is the process that owns these rounds gone? (Not known to be: its rounds wait.) */
export function ownerGone(owner: string, live: Liveness): boolean {
  if (owner === live.self) return false;
  const parsed = parseOwner(owner);
  if (parsed !== null && parsed.host === live.host && !live.pidRuns(parsed.pid)) return true;
  const beat = live.heartbeats.get(owner);
  return beat === undefined ? false : live.now - beat > HEARTBEAT_STALE_MS;
}

/**
 * Does another process run on this database now? Its heartbeat is recent and, on this machine,
 * its pid runs. (A process that crashed more than HEARTBEAT_STALE_MS ago does not, even if its
 * pid was given to another program since.)
 */
export function otherRunning(owner: string, live: Liveness): boolean {
  if (owner === live.self) return false;
  const beat = live.heartbeats.get(owner);
  if (beat === undefined || live.now - beat > HEARTBEAT_STALE_MS) return false;
  const parsed = parseOwner(owner);
  return !(parsed !== null && parsed.host === live.host && (parsed.pid === process.pid || !live.pidRuns(parsed.pid)));
}
