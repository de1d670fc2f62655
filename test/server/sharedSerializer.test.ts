/**
 * The rooms of a process encode their patches in one pair of buffers (server/rooms/sharedSerializer.ts),
 * and a frame handed to a socket keeps its bytes until the socket writes them: a player whose
 * connection is backed up still gets its own room's patch, not whatever another room encoded
 * since. Players here are stand-ins for Colyseus clients that keep every frame they are handed
 * unwritten (as a backed-up socket does), and decode them with the schema decoder a browser uses.
 * A player with a StateView (every player and spectator of a round room) gets frames the encoder
 * put together anew; a client without one (`viewless`) would be handed the buffer's own bytes.
 */
import { describe, expect, it, vi } from 'vitest';
import { ClientState, SchemaSerializer, type Client } from '@colyseus/core';
import { Decoder, Encoder, StateView } from '@colyseus/schema';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import { readView, ViewWriter } from '../../shared/game/viewEntries.ts';
import { roundView } from '../../shared/game/views.ts';
import { RoundState } from '../../server/rooms/roundState.ts';
import { furnishSeats } from '../../server/rooms/seating.ts';
import { SharedBufferSerializer } from '../../server/rooms/sharedSerializer.ts';

/** A room's state and serializer, and one player watching the client's view. */
function room(viewless = false) {
  const state = new RoundState();
  furnishSeats(state);
  const serializer = new SharedBufferSerializer<RoundState>();
  serializer.reset(state);
  const frames: Uint8Array[] = [];
  const player = { state: ClientState.JOINED, view: viewless ? undefined : new StateView(), raw: (data: Uint8Array) => void frames.push(data) } as unknown as Client;
  player.view?.add(state.views.get('client')!);
  const decoder = new Decoder(new RoundState());
  const decode = (frame: Uint8Array) => decoder.decode(frame, { offset: 1 });
  return { state, serializer, player, frames, decoder, decode, patch: () => serializer.applyPatches([player]) };
}

/** The client's view entries; a decoder without the view does not have them. */
const entries = (state: RoundState) => state.views.get('client')?.entries;

describe('rooms sharing their encoding buffers', () => {
  it('encode in one buffer', () => {
    const a = room();
    const b = room();
    const encoder = (s: SharedBufferSerializer<RoundState>) => (s as unknown as { encoder: { sharedBuffer: Uint8Array } }).encoder;
    expect(encoder(a.serializer).sharedBuffer).toBe(encoder(b.serializer).sharedBuffer);
  });

  it("give every joining client the state's description as a room of its own would", () => {
    const a = room();
    const b = room();
    const own = new SchemaSerializer<RoundState>();
    own.reset(room().state);
    expect(a.serializer.handshake()).toBe(b.serializer.handshake());
    expect([...a.serializer.handshake()]).toEqual([...own.handshake()]);
  });

  it.each([
    ['a player', false],
    ['a client without a view', true],
  ])("a frame still waiting to be written to %s keeps its room's bytes while other rooms encode theirs", (_who, viewless) => {
    const a = room(viewless);
    const b = room(viewless);
    a.decode(a.serializer.getFullState(a.player));
    b.decode(b.serializer.getFullState(b.player));
    a.frames.length = b.frames.length = 0;

    entries(a.state)!.set('now', JSON.stringify({ room: 'a', at: 1200 }));
    a.state.phase = 'playing';
    expect(a.patch()).toBe(true);
    expect(a.frames).toHaveLength(1);
    const held = a.frames[0]!;
    const asSent = [...held];

    // Another room's patch, as long and different at every byte it can be.
    entries(b.state)!.set('now', JSON.stringify({ room: 'b', at: 9876 }));
    b.state.phase = 'finished';
    expect(b.patch()).toBe(true);
    expect(b.frames).toHaveLength(1);

    expect([...held]).toEqual(asSent);
    a.decode(held);
    b.decode(b.frames[0]!);
    const decodedA = a.decoder.state as RoundState;
    const decodedB = b.decoder.state as RoundState;
    expect(decodedA.phase).toBe('playing');
    expect(entries(decodedA)?.get('now')).toBe(viewless ? undefined : '{"room":"a","at":1200}');
    expect(decodedB.phase).toBe('finished');
    expect(entries(decodedB)?.get('now')).toBe(viewless ? undefined : '{"room":"b","at":9876}');
  });

  it.each([
    ['a player', false],
    ['a client without a view', true],
  ])('a full state handed to %s who joins is its own copy too', (_who, viewless) => {
    const a = room(viewless);
    const b = room(viewless);
    entries(a.state)!.set('decision', '{"id":1}');
    a.state.phase = 'playing';
    const joining = a.serializer.getFullState(a.player);
    const asSent = [...joining];
    entries(b.state)!.set('decision', '{"id":2}');
    b.state.phase = 'finished';
    b.serializer.getFullState(b.player);
    expect([...joining]).toEqual(asSent);
    a.decode(joining);
    expect((a.decoder.state as RoundState).phase).toBe('playing');
    expect(entries(a.decoder.state as RoundState)?.get('decision')).toBe(viewless ? undefined : '{"id":1}');
  });

  it('a finished SYN flood, the biggest view a round ends with, fits the buffers: no growth, no warning on stderr', () => {
    const created = createRound({ scenarioId: 'syn-flood', mode: 'coach', seed: 1, controllers: { client: 'bot', server: 'bot' }, personality: 'textbook' });
    if (!created.ok) throw new Error(created.rejection.detail);
    const view = roundView(runToEnd(created.round), 'client');
    const a = room();
    new ViewWriter().write(view, entries(a.state)!);
    const warned: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((...args) => void warned.push(args[0]));
    try {
      a.patch();
      const joining = a.serializer.getFullState(a.player);
      expect(joining.byteLength).toBeGreaterThan(Encoder.BUFFER_SIZE);
      expect(a.frames[0]!.byteLength).toBeGreaterThan(Encoder.BUFFER_SIZE);
      a.decode(joining);
      expect(readView(entries(a.decoder.state as RoundState))).toEqual(JSON.parse(JSON.stringify(view)));
    } finally {
      warn.mockRestore();
    }
    expect(warned).toEqual([]);
  });
});
