/**
 * Colyseus' SchemaSerializer with the process's rooms sharing its two scratch buffers.
 *
 * Out of the box every room owns two encoding buffers of `Encoder.BUFFER_SIZE` (16 KiB): one the
 * patches are encoded in (grown to 32 KiB the first time a player's view is encoded after the
 * shared part), one for the full state a joining client gets. A practice room has one player, so
 * that was ~35 KB a player, more than the rest of the room (round, views, schema state, socket)
 * together (bench/heapRooms.ts). A room encodes synchronously and sends each frame as soon as it
 * is encoded, so one pair of buffers serves every room of the process, provided no frame sent
 * still points into them: a socket that is backed up keeps the bytes it was handed (Node gives
 * libuv the memory, it does not copy it) until they are written, and the next room's encoding
 * would overwrite them. A player with a StateView (every player and spectator of a round room)
 * already gets a copy: the encoder joins the shared part and the view's part into a new array.
 * A client without one would get the shared part as it lies in the buffer, so its frames are
 * copied here, as Colyseus copies its messages (getMessageBytes.raw, "for the back-pressure
 * reason").
 * The schema's description a joining client gets (the handshake) is the same for every room of a
 * state class, so it is encoded once, not once a room.
 */
import { SchemaSerializer, type Client } from '@colyseus/core';
import { Encoder, type Schema } from '@colyseus/schema';

type PatchTiming = Parameters<SchemaSerializer<Schema>['applyPatches']>[2];

/**
 * How big the scratch buffers start: a finished round's view (both hosts, every segment, the
 * timers' timeline) is up to ~18 KB of JSON (a SYN flood's), more than Colyseus' 16 KiB default,
 * which it then grows with a warning on stderr, and for the full state on every such join (that
 * growth is not kept). One pair serves the whole process, so it starts large enough.
 */
const SCRATCH_BYTES = 4 * Encoder.BUFFER_SIZE;

/** The process's scratch buffers; an encoder that grows `patches` grows it for every room. */
const scratch: { patches: Uint8Array; fullState: Uint8Array } = {
  patches: new Uint8Array(SCRATCH_BYTES),
  fullState: new Uint8Array(SCRATCH_BYTES),
};

/** The same client, except that what it is handed to send is copied first. */
const copying = new WeakMap<Client, Client>();
function sendingCopies(client: Client): Client {
  let wrapped = copying.get(client);
  if (wrapped === undefined) {
    wrapped = Object.create(client, {
      raw: { value: (data: Uint8Array, options?: unknown, cb?: (err?: Error) => void) => client.raw(Buffer.from(data), options as never, cb) },
    }) as Client;
    copying.set(client, wrapped);
  }
  return wrapped;
}

/** The schema's description a joining client gets: the same for every room of a state class. */
const handshakes = new WeakMap<object, Uint8Array>();

export class SharedBufferSerializer<T extends Schema> extends SchemaSerializer<T> {
  constructor() {
    super();
    this.fullEncodeBuffer = scratch.fullState;
  }

  override reset(newState: T & Schema): void {
    super.reset(newState);
    // The encoder reads and replaces `sharedBuffer` itself when it grows it.
    Object.defineProperty(this.encoder, 'sharedBuffer', {
      configurable: true,
      enumerable: true,
      get: () => scratch.patches,
      set: (grown: Uint8Array) => void (scratch.patches = grown),
    });
  }

  override getFullState(client?: Client, timing?: PatchTiming): Uint8Array | Buffer {
    // The base keeps the encoded shared part in the buffer between joins; another room has
    // written there since, so it is encoded again (a join, not a patch: rare).
    this.needFullEncode = true;
    const body = super.getFullState(client, timing);
    return body.buffer === this.fullEncodeBuffer.buffer ? Buffer.from(body) : body;
  }

  override handshake(): Uint8Array {
    const type = this.encoder.state.constructor;
    let bytes = handshakes.get(type);
    if (bytes === undefined) handshakes.set(type, (bytes = super.handshake()));
    return bytes;
  }

  override applyPatches(clients: Client[], state?: unknown, timing?: PatchTiming): boolean {
    // Nothing changed, for anyone: the base would still copy the client list to find out (a
    // room's safety-net tick, twice a second a room).
    if (clients.length > 0 && timing === undefined && !this.encoder.hasChanges && clients.every((c) => !c.view || c.view.changes.size === 0)) return false;
    if (clients.every((c) => c.view !== undefined)) return super.applyPatches(clients, state, timing);
    return super.applyPatches(clients.map((c) => (c.view === undefined ? sendingCopies(c) : c)), state, timing);
  }
}
