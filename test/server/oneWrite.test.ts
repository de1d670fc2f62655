/**
 * What a room tells a player in one turn goes out in one write (server/rooms/oneWrite.ts): on a
 * real TCP socket, the frames sent in the turn wait in the socket, in order, and leave together
 * once the turn's code is done, in one writev.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oneWriteOn } from '../../server/rooms/oneWrite.ts';

let server: Server;
let sender: Socket;
let receiver: Socket;

beforeEach(async () => {
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer((socket) => resolve(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  receiver = connect(port, '127.0.0.1');
  sender = await accepted;
});

afterEach(async () => {
  receiver.destroy();
  sender.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** Counts the socket's calls down to the stream's write and writev. */
function countWrites(socket: Socket): { write: number; writev: number[] } {
  const seen = { write: 0, writev: [] as number[] };
  const s = socket as unknown as { _write: (...a: unknown[]) => unknown; _writev: (chunks: unknown[], cb: unknown) => unknown };
  const write = s._write.bind(socket);
  const writev = s._writev.bind(socket);
  s._write = (...a) => {
    seen.write += 1;
    return write(...a);
  };
  s._writev = (chunks, cb) => {
    seen.writev.push(chunks.length);
    return writev(chunks, cb);
  };
  return seen;
}

function received(bytes: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    receiver.on('data', (d) => {
      got += d.toString();
      if (got.length >= bytes) resolve(got);
    });
  });
}

describe('one write a turn for what a room tells a player', () => {
  it('frames sent in one turn wait in the socket and leave together, in order, when the turn is done', async () => {
    const writes = countWrites(sender);
    const all = received(9);
    oneWriteOn(sender);
    sender.write('verdict');
    oneWriteOn(sender); // a second send in the same turn: still one write
    sender.write('+p');
    // Still in the turn: nothing has left.
    expect(sender.writableCorked).toBe(1);
    expect(writes).toEqual({ write: 0, writev: [] });
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(sender.writableCorked).toBe(0);
    expect(writes).toEqual({ write: 0, writev: [2] });
    expect(await all).toBe('verdict+p');
  });

  it('without it, each frame is a write of its own', async () => {
    const writes = countWrites(sender);
    const all = received(9);
    sender.write('verdict');
    sender.write('+p');
    expect(await all).toBe('verdict+p');
    expect(writes.write + writes.writev.length).toBe(2);
  });

  it('a socket that is gone is left alone', () => {
    sender.destroy();
    oneWriteOn(sender);
    expect(sender.writableCorked).toBe(0);
    oneWriteOn(undefined);
  });
});
