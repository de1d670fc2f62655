/**
 * Real connections, captured on this machine's loopback while the test makes them with Node's
 * `net` (the kernel's own TCP), then annotated with `--profile linux`: the states must be the ones
 * the kernel is known to go through, and at the end the kernel's own socket table (`ss`) agrees
 * with the last states the annotator gives (TIME-WAIT where the kernel holds one).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import type { AnnotatedSegment } from '../../shared/annotate/types.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import { captureLoopback } from './loopbackCapture.ts';

const run = promisify(execFile);

function listen(onConnection: (s: Socket) => void): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(onConnection);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (s: Server): number => (s.address() as AddressInfo).port;
const closed = (s: Socket): Promise<void> => new Promise((resolve) => s.once('close', () => resolve()));

interface Made {
  name: string;
  serverPort: number;
  clientPort: number;
}

/** The states one endpoint shows, row after row, with repeats folded. */
function path(rows: AnnotatedSegment[], endpoint: string): TcpState[] {
  const out: TcpState[] = [];
  for (const r of rows) {
    for (const n of r.notes) if (n.code === 'change' && r.endpoints.some((e) => e.endpoint === endpoint && e.role === n.who)) out.push(n.to);
  }
  return out;
}

function rowsOf(rows: AnnotatedSegment[], clientPort: number, serverPort: number): AnnotatedSegment[] {
  const c = `127.0.0.1:${clientPort}`;
  const s = `127.0.0.1:${serverPort}`;
  return rows.filter((r) => (r.src === c && r.dst === s) || (r.src === s && r.dst === c));
}

describe('captures of real connections on the loopback, annotated with the linux profile', () => {
  const made = new Map<string, Made>();
  let rows: AnnotatedSegment[] = [];
  let file = '';
  let dir = '';
  let timeWait: string[] = [];
  const servers: Server[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tcp-dojo-loopback-'));
    // Servers first, so the capture filter can name their ports.
    const clientCloses = await listen((s) => {
      s.on('data', () => s.write('200 OK'));
      s.on('end', () => s.end());
    });
    const serverCloses = await listen((s) => s.end('bye'));
    const aborted = await listen((s) => s.on('error', () => undefined));
    const unread = await listen((s) => {
      s.on('error', () => undefined);
      s.write('data the client never reads');
    });
    const gone = await listen(() => undefined);
    const refusedPort = portOf(gone);
    await new Promise((r) => gone.close(r));
    servers.push(clientCloses, serverCloses, aborted, unread);
    const markerServer = await listen(() => undefined);
    const markerPort = portOf(markerServer);
    await new Promise((r) => markerServer.close(r));

    const capture = await captureLoopback([...servers.map(portOf), refusedPort], markerPort);

    // 1. Request, reply, the client closes first.
    {
      const c = connect(portOf(clientCloses), '127.0.0.1');
      await new Promise((r) => c.once('connect', r));
      made.set('client-closes', { name: 'client-closes', serverPort: portOf(clientCloses), clientPort: c.localPort! });
      c.write('GET /');
      await new Promise((r) => c.once('data', r));
      c.end();
      c.resume();
      await closed(c);
    }
    // 2. The server replies and closes first; the client closes when it sees the end.
    {
      const c = connect(portOf(serverCloses), '127.0.0.1');
      await new Promise((r) => c.once('connect', r));
      made.set('server-closes', { name: 'server-closes', serverPort: portOf(serverCloses), clientPort: c.localPort! });
      c.on('end', () => c.end());
      c.resume();
      await closed(c);
    }
    // 3. Nobody listens: connect() is refused.
    {
      const c = connect(refusedPort, '127.0.0.1');
      const err = await new Promise<NodeJS.ErrnoException>((r) => c.once('error', r));
      expect(err.code).toBe('ECONNREFUSED');
      made.set('refused', { name: 'refused', serverPort: refusedPort, clientPort: 0 });
    }
    // 4. The client aborts (RST) after sending a request.
    {
      const c = connect(portOf(aborted), '127.0.0.1');
      await new Promise((r) => c.once('connect', r));
      made.set('abort', { name: 'abort', serverPort: portOf(aborted), clientPort: c.localPort! });
      await new Promise((r) => c.write('GET /', r));
      c.resetAndDestroy();
      await closed(c);
    }
    // 5. The client closes with data it never read: Linux sends RST, not FIN.
    {
      const c = connect(portOf(unread), '127.0.0.1');
      c.pause();
      await new Promise((r) => c.once('connect', r));
      made.set('unread', { name: 'unread', serverPort: portOf(unread), clientPort: c.localPort! });
      // Wait until the reply sits in the client's receive queue (the kernel says so), unread.
      for (let i = 0; i < 100; i++) {
        const { stdout } = await run('ss', ['-tnH', 'state', 'established', `( sport = :${c.localPort} )`]);
        if (/^\s*[1-9]/.test(stdout)) break;
        await new Promise((r) => setImmediate(r));
      }
      c.destroy();
      await closed(c);
    }
    // The kernel's own view of who waits in TIME-WAIT now.
    timeWait = (await run('ss', ['-tanH', 'state', 'time-wait'])).stdout.split('\n');
    const bytes = await capture.stop();
    file = join(dir, 'loopback.pcapng');
    await writeFile(file, bytes);
    rows = annotateBytes(bytes, { profile: 'linux' }).rows;
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  const inTimeWait = (port: number): boolean => timeWait.some((l) => l.includes(`127.0.0.1:${port} `));

  it('client closes first: FIN-WAIT-1, (FIN-WAIT-2,) TIME-WAIT at the client; CLOSE-WAIT, LAST-ACK, CLOSED at the server', () => {
    const m = made.get('client-closes')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    const client = path(r, `127.0.0.1:${m.clientPort}`).filter((s) => s !== 'FIN-WAIT-2');
    expect(client).toEqual(['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'TIME-WAIT']);
    expect(path(r, `127.0.0.1:${m.serverPort}`)).toEqual(['SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
    expect(r[0]!.states).toEqual({ [`127.0.0.1:${m.clientPort}`]: 'SYN-SENT', [`127.0.0.1:${m.serverPort}`]: 'SYN-RECEIVED' });
    expect(r[1]!.states).toEqual({ [`127.0.0.1:${m.clientPort}`]: 'ESTABLISHED', [`127.0.0.1:${m.serverPort}`]: 'SYN-RECEIVED' });
    expect(r.at(-1)!.states[`127.0.0.1:${m.clientPort}`]).toBe('TIME-WAIT');
    expect(inTimeWait(m.clientPort)).toBe(true);
  });

  it('server closes first: the server waits in TIME-WAIT, the client goes CLOSE-WAIT, LAST-ACK, CLOSED', () => {
    const m = made.get('server-closes')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    expect(path(r, `127.0.0.1:${m.clientPort}`)).toEqual(['SYN-SENT', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
    expect(path(r, `127.0.0.1:${m.serverPort}`).filter((s) => s !== 'FIN-WAIT-2')).toEqual(['SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'TIME-WAIT']);
    expect(r.at(-1)!.states[`127.0.0.1:${m.serverPort}`]).toBe('TIME-WAIT');
    expect(inTimeWait(m.serverPort)).toBe(true);
  });

  it('refused: the SYN is answered with RST, ACK; the client goes from SYN-SENT to CLOSED, nothing listens', () => {
    const m = made.get('refused')!;
    const r = rows.filter((x) => x.dst === `127.0.0.1:${m.serverPort}` || x.src === `127.0.0.1:${m.serverPort}`);
    expect(r.map((x) => x.flags.join(','))).toEqual(['SYN', 'RST,ACK']);
    const client = r[0]!.src;
    expect(r.map((x) => x.states)).toEqual([
      { [client]: 'SYN-SENT', [`127.0.0.1:${m.serverPort}`]: 'CLOSED' },
      { [client]: 'CLOSED', [`127.0.0.1:${m.serverPort}`]: 'CLOSED' },
    ]);
    expect(r[0]!.note).toContain('nobody listens');
  });

  it('abort: one RST from the client closes both ends, no FIN, no TIME-WAIT', () => {
    const m = made.get('abort')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    const rst = r.findIndex((x) => x.flags.includes('RST'));
    expect(rst).toBeGreaterThan(0);
    expect(r.slice(0, rst).some((x) => x.flags.includes('FIN'))).toBe(false);
    expect(r[rst]!.states).toEqual({ [`127.0.0.1:${m.clientPort}`]: 'CLOSED', [`127.0.0.1:${m.serverPort}`]: 'CLOSED' });
    expect(r[rst]!.note).toMatch(/aborted|unread/);
    expect(inTimeWait(m.clientPort) || inTimeWait(m.serverPort)).toBe(false);
  });

  it('close with unread data: Linux answers close() with RST instead of FIN, and the annotator says why', () => {
    const m = made.get('unread')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    const rst = r.find((x) => x.flags.includes('RST') && x.src === `127.0.0.1:${m.clientPort}`);
    expect(rst, 'the kernel sent a RST').toBeDefined();
    expect(r.some((x) => x.flags.includes('FIN') && x.src === `127.0.0.1:${m.clientPort}`)).toBe(false);
    expect(rst!.note).toContain('unread');
    expect(rst!.states).toEqual({ [`127.0.0.1:${m.clientPort}`]: 'CLOSED', [`127.0.0.1:${m.serverPort}`]: 'CLOSED' });
  });

  it('the command line annotates the same file as JSON, one object per segment in file order', async () => {
    const { stdout } = await run(process.execPath, ['scripts/pcap.ts', 'annotate', file, '--profile', 'linux', '--json'], { maxBuffer: 16 * 1024 * 1024 });
    const parsed = JSON.parse(stdout) as { index: number; states: Record<string, string>; flags: string[]; note: string }[];
    expect(parsed.map((p) => p.index)).toEqual(rows.map((r) => r.index));
    expect(parsed.map((p) => p.states)).toEqual(rows.map((r) => r.states));
    expect(Object.keys(parsed[0]!)).toEqual(expect.arrayContaining(['index', 'time', 'src', 'dst', 'flags', 'seq', 'ack', 'len', 'states', 'note']));
  });
});
