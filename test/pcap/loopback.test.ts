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

function listen(onConnection: (s: Socket) => void, allowHalfOpen = false): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer({ allowHalfOpen }, onConnection);
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
  const open: Socket[] = [];

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
    // Half-close: the client shuts down its sending side; the server answers from CLOSE-WAIT, then closes.
    const halfClose = await listen((s) => {
      s.on('end', () => {
        s.write('part 1 ');
        s.end('part 2');
      });
      s.resume();
    }, true);
    // The server replies, then aborts (SO_LINGER 0): it had read the request it answered.
    const replyThenAbort = await listen((s) => {
      s.on('error', () => undefined);
      s.once('data', () => s.write('200 OK', () => s.resetAndDestroy()));
    });
    // The client close()s; the server writes after the client's FIN: the client's TCP answers with RST.
    const lateData = await listen((s) => {
      // Node stops reading after the FIN, so it never sees the reset: closed in afterAll.
      open.push(s);
      s.on('error', () => undefined);
      s.on('end', () => s.write('late reply'));
      s.resume();
    }, true);
    const gone = await listen(() => undefined);
    const refusedPort = portOf(gone);
    await new Promise((r) => gone.close(r));
    servers.push(clientCloses, serverCloses, aborted, unread, halfClose, replyThenAbort, lateData);
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
    // 6. Half-close: shutdown(SHUT_WR) after the request, then read the server's answer to the end.
    {
      const c = connect({ port: portOf(halfClose), host: '127.0.0.1', allowHalfOpen: true });
      await new Promise((r) => c.once('connect', r));
      made.set('half-close', { name: 'half-close', serverPort: portOf(halfClose), clientPort: c.localPort! });
      c.end('GET /');
      c.resume();
      await closed(c);
    }
    // 7. The server replies and aborts.
    {
      const c = connect(portOf(replyThenAbort), '127.0.0.1');
      c.on('error', () => undefined);
      await new Promise((r) => c.once('connect', r));
      made.set('reply-then-abort', { name: 'reply-then-abort', serverPort: portOf(replyThenAbort), clientPort: c.localPort! });
      c.write('GET /');
      c.resume();
      await closed(c);
    }
    // 8. The client closes (close(), not shutdown()); the server's later data meets a RST.
    {
      const c = connect(portOf(lateData), '127.0.0.1');
      await new Promise((r) => c.once('connect', r));
      const clientPort = c.localPort!;
      made.set('late-data', { name: 'late-data', serverPort: portOf(lateData), clientPort });
      c.destroy();
      await closed(c);
      // The client's orphaned FIN-WAIT-2 is gone once the server's data has met its RST.
      let gone = false;
      for (let i = 0; i < 2000 && !gone; i++) {
        gone = (await run('ss', ['-tanH', `( sport = :${clientPort} )`])).stdout.trim() === '';
        if (!gone) await new Promise((r) => setImmediate(r));
      }
      expect(gone, 'the client answered the late data with RST').toBe(true);
    }
    // The kernel's own view of who waits in TIME-WAIT now.
    timeWait = (await run('ss', ['-tanH', 'state', 'time-wait'])).stdout.split('\n');
    const bytes = await capture.stop();
    file = join(dir, 'loopback.pcapng');
    await writeFile(file, bytes);
    rows = annotateBytes(bytes, { profile: 'linux' }).rows;
  }, 120_000);

  afterAll(async () => {
    for (const s of open) s.destroy();
    for (const s of servers) await new Promise((r) => s.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  /** Is this connection's `local` end in TIME-WAIT (its own line, local then peer: another connection may share one port number)? */
  const inTimeWait = (local: number, peer: number): boolean => timeWait.some((l) => new RegExp(`127\\.0\\.0\\.1:${local}\\s+127\\.0\\.0\\.1:${peer}(\\s|$)`).test(l));

  it('client closes first: FIN-WAIT-1, (FIN-WAIT-2,) TIME-WAIT at the client; CLOSE-WAIT, LAST-ACK, CLOSED at the server', () => {
    const m = made.get('client-closes')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    const client = path(r, `127.0.0.1:${m.clientPort}`).filter((s) => s !== 'FIN-WAIT-2');
    expect(client).toEqual(['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'TIME-WAIT']);
    expect(path(r, `127.0.0.1:${m.serverPort}`)).toEqual(['SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
    expect(r[0]!.states).toEqual({ [`127.0.0.1:${m.clientPort}`]: 'SYN-SENT', [`127.0.0.1:${m.serverPort}`]: 'SYN-RECEIVED' });
    expect(r[1]!.states).toEqual({ [`127.0.0.1:${m.clientPort}`]: 'ESTABLISHED', [`127.0.0.1:${m.serverPort}`]: 'SYN-RECEIVED' });
    expect(r.at(-1)!.states[`127.0.0.1:${m.clientPort}`]).toBe('TIME-WAIT');
    expect(inTimeWait(m.clientPort, m.serverPort)).toBe(true);
  });

  it('server closes first: the server waits in TIME-WAIT, the client goes CLOSE-WAIT, LAST-ACK, CLOSED', () => {
    const m = made.get('server-closes')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    expect(path(r, `127.0.0.1:${m.clientPort}`)).toEqual(['SYN-SENT', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
    expect(path(r, `127.0.0.1:${m.serverPort}`).filter((s) => s !== 'FIN-WAIT-2')).toEqual(['SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'TIME-WAIT']);
    expect(r.at(-1)!.states[`127.0.0.1:${m.serverPort}`]).toBe('TIME-WAIT');
    expect(inTimeWait(m.serverPort, m.clientPort)).toBe(true);
  });

  it('refused: the SYN is answered with RST, ACK; the client goes from SYN-SENT to CLOSED, nothing listens', () => {
    const m = made.get('refused')!;
    // The refused port was an ephemeral one: while the capture runs, another process's connection
    // may leave from it, so the connection is the SYN's two endpoints, not every packet on the port.
    const server = `127.0.0.1:${m.serverPort}`;
    const client = rows.find((x) => x.dst === server && x.flags.join(',') === 'SYN')!.src;
    const r = rows.filter((x) => (x.src === client && x.dst === server) || (x.src === server && x.dst === client));
    expect(r.map((x) => x.flags.join(','))).toEqual(['SYN', 'RST,ACK']);
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
    expect(inTimeWait(m.clientPort, m.serverPort) || inTimeWait(m.serverPort, m.clientPort)).toBe(false);
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

  it('half-close: the client in FIN-WAIT-2 still receives the data the server sends from CLOSE-WAIT, then TIME-WAIT', () => {
    const m = made.get('half-close')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    const client = `127.0.0.1:${m.clientPort}`;
    const server = `127.0.0.1:${m.serverPort}`;
    expect(path(r, client)).toEqual(['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT']);
    expect(path(r, server)).toEqual(['SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
    const data = r.filter((x) => x.src === server && x.len > 0);
    expect(data.length).toBeGreaterThan(0);
    for (const d of data) expect(d.states).toEqual({ [client]: 'FIN-WAIT-2', [server]: 'CLOSE-WAIT' });
    expect(r.some((x) => x.flags.includes('RST'))).toBe(false);
    expect(inTimeWait(m.clientPort, m.serverPort)).toBe(true);
  });

  it('a server that replied, then aborted: its RST is an abort, not close() with unread data (it had read the request it answered)', () => {
    const m = made.get('reply-then-abort')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    const rst = r.find((x) => x.flags.includes('RST'));
    expect(rst?.src).toBe(`127.0.0.1:${m.serverPort}`);
    expect(rst!.notes.map((n) => n.code)).toContain('abort');
    expect(rst!.notes.map((n) => n.code)).not.toContain('close-unread-rst');
    expect(rst!.states).toEqual({ [`127.0.0.1:${m.clientPort}`]: 'CLOSED', [`127.0.0.1:${m.serverPort}`]: 'CLOSED' });
  });

  it('data after the client\'s close(): its TCP answers with RST from FIN-WAIT-1/2 (RFC 9293 §3.6.1), it had not lost the connection', () => {
    const m = made.get('late-data')!;
    const r = rowsOf(rows, m.clientPort, m.serverPort);
    const client = `127.0.0.1:${m.clientPort}`;
    const late = r.find((x) => x.src === `127.0.0.1:${m.serverPort}` && x.len > 0);
    expect(late!.notes.map((n) => n.code)).toContain('data-after-close');
    // FIN-WAIT-2, or FIN-WAIT-1 when the data itself acknowledges the client's FIN.
    const change = late!.notes.find((n) => n.code === 'change' && n.who === 'client');
    expect(change).toMatchObject({ to: 'CLOSED', from: expect.stringMatching(/^FIN-WAIT-[12]$/) });
    const rst = r.find((x) => x.flags.includes('RST'));
    expect(rst?.src).toBe(client);
    expect(rst!.notes).toContainEqual({ code: 'rule', who: 'client', rule: 'close.abort-on-data' });
    expect(r.at(-1)!.states).toEqual({ [client]: 'CLOSED', [`127.0.0.1:${m.serverPort}`]: 'CLOSED' });
  });

  it('the command line annotates the same file as JSON, one object per segment in file order', async () => {
    const { stdout } = await run(process.execPath, ['scripts/pcap.ts', 'annotate', file, '--profile', 'linux', '--json'], { maxBuffer: 16 * 1024 * 1024 });
    const parsed = JSON.parse(stdout) as { index: number; states: Record<string, string>; flags: string[]; note: string }[];
    expect(parsed.map((p) => p.index)).toEqual(rows.map((r) => r.index));
    expect(parsed.map((p) => p.states)).toEqual(rows.map((r) => r.states));
    expect(Object.keys(parsed[0]!)).toEqual(expect.arrayContaining(['index', 'time', 'src', 'dst', 'flags', 'seq', 'ack', 'len', 'states', 'note']));
  });
});
