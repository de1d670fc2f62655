/**
 * The wire's card layout (client/components/wireLayout.ts): however many segments are in flight
 * at once, up to what the wire panel can hold side by side, no card covers another (each keeps its
 * flags, seq and ack readable) and every card stays inside the panel; a quiet wire keeps the full
 * face on its direction's line, where its progress puts it. Beyond that, up to 6 cards to a row,
 * each card still shows its face's least room, where its face paints its tag, flags, seq and ack
 * (test/client/cardFace.test.ts: ten-digit numbers fit there).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GAME_LAYOUT } from '../../client/scenes/gameLayout.ts';
import { CARD_SIZES, cardBox, drawOrder, laneLines, layoutWire, shownBox, spread, wireBox, type CardInput, type CardPlace } from '../../client/components/wireLayout.ts';

const box = wireBox(GAME_LAYOUT.wire.width, GAME_LAYOUT.wire.height);

function overlapping(places: readonly CardPlace[]): [string, string][] {
  const out: [string, string][] = [];
  places.forEach((p, i) =>
    places.slice(i + 1).forEach((q) => {
      const a = cardBox(p);
      const b = cardBox(q);
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push([p.id, q.id]);
    }),
  );
  return out;
}

const outside = (places: readonly CardPlace[]): string[] =>
  places.filter((p) => {
    const b = cardBox(p);
    return b.x < 0 || b.x + b.w > box.width || b.y < box.top || b.y + b.h > box.bottom;
  }).map((p) => p.id);

const cards = (from: CardInput['from'], progress: number[]): CardInput[] => progress.map((k, i) => ({ id: `${from}${i}`, from, progress: k }));

describe('a quiet wire', () => {
  it('one segment each way, crossing in the middle: full faces on their own lines, where their progress puts them', () => {
    const places = layoutWire([...cards('client', [0.5]), ...cards('server', [0.5])], box);
    expect(places.map((p) => [p.size, p.y, p.nudge])).toEqual([
      ['full', laneLines(box).client, 0],
      ['full', laneLines(box).server, 0],
    ]);
    expect(overlapping(places)).toEqual([]);
  });

  it('two segments of a burst close together: still full faces, moved apart along their path, in their order', () => {
    const places = layoutWire(cards('client', [0.3, 0.25]), box);
    expect(places.every((p) => p.size === 'full' && p.y === laneLines(box).client)).toBe(true);
    expect(overlapping(places)).toEqual([]);
    // The one sent first is ahead.
    expect(places[0]!.x).toBeGreaterThan(places[1]!.x);
  });
});

describe('a crowded wire', () => {
  it('the SYN flood: five SYNs sent 20 ms apart on a 200 ms path all fly at once, none covering another', () => {
    const places = layoutWire(cards('client', [0.995, 0.895, 0.795, 0.695, 0.595]), box);
    expect(places).toHaveLength(5);
    expect(overlapping(places)).toEqual([]);
    expect(outside(places)).toEqual([]);
  });

  it('live, three segments of a data burst wait for their ACK in the middle of the wire while the peer’s ACK comes in', () => {
    const places = layoutWire([...cards('client', [0.5, 0.5, 0.5]), ...cards('server', [0.9])], box);
    expect(overlapping(places)).toEqual([]);
    expect(outside(places)).toEqual([]);
  });

  /** No card covers another and every card is inside the panel, each direction on its own side. */
  function readable(input: CardInput[]): void {
    const places = layoutWire(input, box);
    expect(places.map((p) => p.id).sort()).toEqual(input.map((c) => c.id).sort());
    expect(overlapping(places)).toEqual([]);
    expect(outside(places)).toEqual([]);
    const clientLow = Math.max(-Infinity, ...places.filter((p) => p.from === 'client').map((p) => p.y));
    const serverHigh = Math.min(Infinity, ...places.filter((p) => p.from === 'server').map((p) => p.y));
    expect(clientLow).toBeLessThan(serverHigh);
  }

  const progress = fc.double({ min: 0, max: 1, noNaN: true });

  it('up to 4 segments each way, anywhere along the wire: no card covers another, all inside the panel', () => {
    fc.assert(
      fc.property(fc.array(progress, { maxLength: 4 }), fc.array(progress, { maxLength: 4 }), (c, s) => readable([...cards('client', c), ...cards('server', s)])),
      { seed: 9293, numRuns: 400 },
    );
  });

  it('up to 8 segments one way while the other way is quiet (a burst, a flood): the same', () => {
    fc.assert(
      fc.property(fc.array(progress, { maxLength: 8 }), fc.constantFrom('client' as const, 'server' as const), (k, from) => readable(cards(from, k))),
      { seed: 9293, numRuns: 400 },
    );
  });

  it('each direction keeps to its own side of the wire: the client’s cards above the server’s', () => {
    const places = layoutWire([...cards('client', [0.2, 0.25, 0.3, 0.35]), ...cards('server', [0.6, 0.65, 0.7])], box);
    const lowestClient = Math.max(...places.filter((p) => p.from === 'client').map((p) => p.y));
    const highestServer = Math.min(...places.filter((p) => p.from === 'server').map((p) => p.y));
    expect(lowestClient).toBeLessThan(highestServer);
    expect(overlapping(places)).toEqual([]);
  });

  it('the frame-rate bench’s dozens of segments: every card placed, inside the panel, compact so that more of each shows (overlap is unavoidable there)', () => {
    const progress = Array.from({ length: 24 }, (_, i) => i / 24);
    const places = layoutWire([...cards('client', progress), ...cards('server', progress)], box);
    expect(places).toHaveLength(48);
    expect(outside(places)).toEqual([]);
    expect(places.every((p) => p.size === 'compact')).toBe(true);
  });
});

describe('a wire fuller than a row holds', () => {
  it('the server\'s view of a SYN flood (five SYNs one way, four SYN-ACKs the other): a card is covered only at its right end, its flags, seq and ack readable', () => {
    const places = layoutWire([...cards('client', [0.15, 0.3, 0.45, 0.6, 0.75]), ...cards('server', [0.2, 0.4, 0.6, 0.8])], box);
    expect(places).toHaveLength(9);
    expect(outside(places)).toEqual([]);
    // The wire view asks in the order the flights were sent: the oldest, furthest along, first.
    const order = drawOrder([...places].reverse());
    const drawn = (p: CardPlace): number => order.indexOf(p);
    const rows = new Map<number, CardPlace[]>();
    for (const p of places) rows.set(p.y, [...(rows.get(p.y) ?? []), p]);
    const full = [...rows.values()].find((row) => row.length === 5)!;
    expect(overlapping(full).length).toBeGreaterThan(0); // more than fit side by side: this is the case
    const left = [...full].sort((a, b) => a.x - b.x);
    left.forEach((p, i) => {
      const next = left[i + 1];
      if (!next) return;
      // The card to the right is drawn later, so it covers this card's right end, not its left.
      expect(drawn(next)).toBeGreaterThan(drawn(p));
      // What shows of this card: from its left edge to the next card's outline, where its face
      // paints its tag, flags, seq and ack.
      expect(p.room).toBe(cardBox(next).x - cardBox(p).x - 1);
      expect(p.room).toBeGreaterThanOrEqual(CARD_SIZES.compact.minRoom);
    });
    // Rows: the upper one drawn first.
    expect(order.every((p, i) => i === 0 || order[i - 1]!.y <= p.y)).toBe(true);
    expect(CARD_SIZES[full[0]!.size].w).toBe(CARD_SIZES.compact.w);
  });
});

describe('what shows of each card', () => {
  const progress = fc.double({ min: 0, max: 1, noNaN: true });
  /** A card's outline reaches a pixel outside its box. */
  const drawnBox = (p: CardPlace): ReturnType<typeof cardBox> => {
    const b = cardBox(p);
    return { x: b.x - 1, y: b.y, w: b.w + 2, h: b.h };
  };
  const hits = (a: ReturnType<typeof cardBox>, b: ReturnType<typeof cardBox>): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  /** Each card's `room` from its left edge is covered by no card drawn after it, and is at least its face's least room. */
  function shows(input: CardInput[]): void {
    const order = drawOrder(layoutWire(input, box));
    order.forEach((p, i) => {
      expect(p.room, p.id).toBeGreaterThanOrEqual(CARD_SIZES[p.size].minRoom);
      expect(p.room, p.id).toBeLessThanOrEqual(CARD_SIZES[p.size].w);
      const over = order.slice(i + 1).filter((q) => hits(shownBox(p), drawnBox(q)));
      expect(over.map((q) => q.id), `${p.id} covered`).toEqual([]);
    });
  }

  it('a quiet wire: every card shows whole', () => {
    const places = layoutWire([...cards('client', [0.2, 0.6]), ...cards('server', [0.4])], box);
    expect(places.map((p) => p.room)).toEqual(places.map((p) => CARD_SIZES[p.size].w));
  });

  it('up to 6 segments each way, anywhere along the wire (a SYN flood’s five SYNs while the SYN-ACKs go back, and one more): each card shows its least room', () => {
    fc.assert(
      fc.property(fc.array(progress, { maxLength: 6 }), fc.array(progress, { maxLength: 6 }), (c, s) => shows([...cards('client', c), ...cards('server', s)])),
      { seed: 9293, numRuns: 400 },
    );
  });

  it('up to 12 segments one way while the other way is quiet: the same', () => {
    fc.assert(
      fc.property(fc.array(progress, { maxLength: 12 }), fc.constantFrom('client' as const, 'server' as const), (k, from) => shows(cards(from, k))),
      { seed: 9293, numRuns: 400 },
    );
  });

  it('the worst of it: six cards in each direction’s one row, 96 px apart, each showing 95 px', () => {
    const places = layoutWire([...cards('client', [0.1, 0.1, 0.1, 0.9, 0.9, 0.9]), ...cards('server', [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])], box);
    expect([...new Set(places.map((p) => p.y))]).toHaveLength(2);
    expect(places.map((p) => p.room).sort((a, b) => a - b).slice(0, 10)).toEqual(new Array(10).fill(95));
  });

  it('the frame-rate bench’s dozens of segments show less: the promise ends at 6 to a row', () => {
    const progress = Array.from({ length: 24 }, (_, i) => i / 24);
    const places = layoutWire([...cards('client', progress), ...cards('server', progress)], box);
    expect(Math.min(...places.map((p) => p.room))).toBeLessThan(CARD_SIZES.compact.minRoom);
  });
});

describe('a segment lost on the wire', () => {
  it('its card shatters where the wire dropped it: the copy sent again flies past, the dead card never moves, no card covers another', () => {
    // A capture's retransmitted SYN: the first copy died a third of the way across, its card still
    // bursting (LOSS_BURST_MS) while the next copy leaves the client and overtakes it.
    const dead: CardInput = { id: 'lost', from: 'client', progress: 0.339, fixed: true };
    for (let k = 0; k <= 100; k++) {
      const places = layoutWire([dead, { id: 'again', from: 'client', progress: k / 100 }], box);
      const lost = places.find((p) => p.id === 'lost')!;
      expect([lost.nudge, lost.y], `the next copy ${k} % across`).toEqual([0, laneLines(box).client]);
      expect(overlapping(places)).toEqual([]);
      expect(outside(places)).toEqual([]);
    }
  });

  it('its card, and the "✕ LOST" stamped across it, stays where the wire dropped it when the cards flying past take their compact face (it moved 9 px)', () => {
    for (const dead of [{ id: 'lost', from: 'client', progress: 0.339, fixed: true }, { id: 'lost', from: 'server', progress: 0.7, fixed: true }] as const) {
      const alone = layoutWire([dead], box).find((p) => p.id === 'lost')!;
      // Three more of its sender's segments in flight: its row holds them only in the compact face.
      const crowded = layoutWire([dead, ...cards(dead.from, [0.02, 0.5, 0.98, 0.15].filter((k) => Math.abs(k - dead.progress) > 0.15))], box);
      const lost = crowded.find((p) => p.id === 'lost')!;
      expect([alone.size, lost.size], dead.from).toEqual(['full', 'compact']);
      expect([lost.x, lost.y], dead.from).toEqual([alone.x, alone.y]);
      expect(overlapping(crowded), dead.from).toEqual([]);
      expect(outside(crowded), dead.from).toEqual([]);
    }
  });
});

describe('moving cards along one row', () => {
  it('cards that fit stay where they are wanted; touching ones move apart by the least, keeping their order', () => {
    expect(spread([100, 400], 50, 0, 1000)).toEqual([100, 400]);
    expect(spread([100, 110], 50, 0, 1000)).toEqual([80, 130]);
    expect(spread([100, 110, 500], 50, 0, 1000)).toEqual([80, 130, 500]);
    // Against the row's end the run moves in from it.
    expect(spread([990, 995], 50, 0, 1000)).toEqual([950, 1000]);
    // A card that may not move stays; the others move by the whole distance.
    expect(spread([100, 110], 50, 0, 1000, [true, false])).toEqual([100, 150]);
    expect(spread([100, 110], 50, 0, 1000, [false, true])).toEqual([60, 110]);
    // Only the row's end moves it (layoutWire then prefers any plan that leaves it where it is).
    expect(spread([20, 40], 50, 0, 1000, [false, true])).toEqual([0, 50]);
  });
});
