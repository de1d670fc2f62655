/**
 * The flow graph's label shapes and the geometry that keeps a label off other arrows
 * (client/components/ladderLabelPlaces.ts): pure functions, measured with the unit tests' estimate.
 */
import { describe, expect, it } from 'vitest';
import { estimateMonoWidth } from '../../client/components/ladderLayout.ts';
import { labelShapes, nearestFreeTop, strokeSpan } from '../../client/components/ladderLabelPlaces.ts';

describe('label shapes', () => {
  const summary = 'FIN, ACK seq=4226822970 ack=2793747517 len=0';

  it('go from one line to narrower ones, the words in their order (flags and seq over ack and len, then three lines)', () => {
    const shapes = labelShapes(summary, ['DUPLICATE'], 1_000, estimateMonoWidth, 12, 11);
    expect(shapes.map((s) => s.lines)).toEqual([
      [`${summary} · DUPLICATE`],
      [summary, 'DUPLICATE'],
      ['FIN, ACK seq=4226822970', 'ack=2793747517 len=0', 'DUPLICATE'],
      ['FIN, ACK', 'seq=4226822970', 'ack=2793747517 len=0', 'DUPLICATE'],
    ]);
    for (const s of shapes) expect(s.lines.join(' ').replace(' · ', ' ')).toBe(`${summary} DUPLICATE`);
    const widths = shapes.map((s) => s.w);
    expect(widths).toEqual([...widths].sort((a, b) => b - a));
  });

  it('leave out a shape too wide for the room at every size, and are never smaller than the smallest size', () => {
    const room = estimateMonoWidth('FIN, ACK seq=4226822970', 12);
    const shapes = labelShapes(summary, [], room, estimateMonoWidth, 12, 11);
    expect(shapes.map((s) => s.lines.length)).toEqual([2, 3]);
    for (const s of shapes) {
      expect(s.size).toBeGreaterThanOrEqual(11);
      expect(s.w).toBeLessThanOrEqual(room);
    }
  });
});

describe('label shapes on a tablet (raised text: 17 px in a narrow room)', () => {
  it('add a shape with each field on a line of its own, narrower than any other', () => {
    const summary = 'FIN, ACK seq=4226822970 ack=2793747517 len=0';
    const shapes = labelShapes(summary, [], 1_000, estimateMonoWidth, 15, 15, true);
    expect(shapes[shapes.length - 1]?.lines).toEqual(['FIN, ACK', 'seq=4226822970', 'ack=2793747517', 'len=0']);
    expect(labelShapes(summary, [], 1_000, estimateMonoWidth, 15, 15).map((s) => s.lines.length)).not.toContain(4);
  });

  it('break a tag too wide for the room at every size between its words, never cutting a word or an address (it ran past the server’s axis)', () => {
    const room = estimateMonoWidth('ack=2793747517 len=0', 17);
    for (const tag of ['spoofed, from 198.51.100.20:41000', 'to another client, 203.0.113.7:50500', '发往另一个客户端 203.0.113.7:50500']) {
      const shapes = labelShapes('SYN seq=7000 len=0', [tag], room, estimateMonoWidth, 17, 17, true);
      expect(shapes).toHaveLength(1);
      const lines = shapes[0]!.lines;
      for (const line of lines) expect(estimateMonoWidth(line, 17), line).toBeLessThanOrEqual(room);
      expect(lines.join(' ').replace(/ /g, ''), tag).toBe(`SYN seq=7000 len=0 ${tag}`.replace(/ /g, ''));
      expect(lines.some((l) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(l)), tag).toBe(true);
    }
  });
});

describe('keeping a label off arrows', () => {
  it('the height a line covers over a stretch of x, grown by how far its drawing reaches', () => {
    const line = { x1: 0, y1: 100, x2: 200, y2: 200, reach: 2 };
    // Over x = 48..102 (the stretch grown by the reach as well) the line runs from y 124 to 151.
    expect(strokeSpan(line, 50, 100)).toEqual([122, 153]);
    expect(strokeSpan(line, 300, 400)).toBeNull();
  });

  it('the nearest free top for a box between what is in the way, or none when nothing fits', () => {
    // Free: up to 100, and from 140 on; a 30 px box wants to start at 95.
    expect(nearestFreeTop([[100, 140]], 30, 0, 300, 95)).toBe(70);
    expect(nearestFreeTop([[100, 140]], 30, 0, 300, 125)).toBe(140);
    // Only 20 px between two arrows: a 30 px box does not fit there, and may not leave 90..130.
    expect(nearestFreeTop([[60, 100], [120, 200]], 30, 90, 130, 100)).toBeNull();
  });
});
