// What the benches that start their own server need: a free port, the server, its resident memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serverNodeFlags } from '../server/heapFlags.ts';

/** The node flags the server runs with (package.json `config.serverNodeFlags`). */
export { serverNodeFlags };

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The process's resident set (VmRSS), in KB. */
export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * `server/main.ts` as `npm run serve` starts it (its node flags, serverNodeFlags), on 127.0.0.1:`port`
 * with a scratch database, heap snapshots on SIGWINCH into `scratch`, and message limits raised
 * so that many players from one machine are not refused.
 */
export function startServer(root: string, scratch: string, port: number, nodeFlags: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [...serverNodeFlags(root), ...nodeFlags, '--heapsnapshot-signal=SIGWINCH', `--diagnostic-dir=${scratch}`, 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TCP_DOJO_DB: join(scratch, 'dojo.sqlite'),
      LOG_LEVEL: 'warn',
      TCP_DOJO_MESSAGES_PER_SECOND: '1000',
      TCP_DOJO_MESSAGE_BURST: '1000',
      TCP_DOJO_MAX_MESSAGES_PER_SECOND: '10000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
