/**
 * A segment card's face (client/components/cardFace.ts): whatever part of the card its row leaves
 * showing, down to the compact face's least room, the tag, flags, seq and ack are painted inside it
 * in full. ISNs are 32-bit, so a seq or ack is up to ten digits (4294967295).
 *
 * The canvas is a stand-in that measures every Latin character at 0.62 em, at least as wide as
 * the monospace fonts the face asks for draw them (Noto Sans Mono CJK 0.5 em, Consolas 0.55,
 * DejaVu Sans Mono and Menlo 0.602), and a Chinese character at 1 em; it records where each text
 * and plate is painted.
 */
import { describe, expect, it } from 'vitest';
import { CARD_W, FACE_RESOLUTION, paintCardFace } from '../../client/components/cardFace.ts';
import { CARD_SIZES, type CardSize } from '../../client/components/wireLayout.ts';
import type { Flight } from '../../client/model/view.ts';
import { flags, type ControlBit } from '../../shared/tcp/segment.ts';

interface Painted {
  text: string;
  left: number;
  right: number;
}

/** A 2D context that records painted texts and plates in stage pixels from the card's left edge. */
function recordingContext(size: CardSize): { ctx: CanvasRenderingContext2D; texts: Painted[]; plates: Painted[] } {
  const texts: Painted[] = [];
  const plates: Painted[] = [];
  let scale = 1;
  let dx = 0;
  let px = 10;
  let align: CanvasTextAlign = 'left';
  // The face is painted centred on the full card's centre: its left edge sits this far in.
  const cardLeft = 4 + (CARD_W - CARD_SIZES[size].w) / 2;
  const stageX = (x: number): number => (x * scale + dx) / FACE_RESOLUTION - cardLeft;
  const width = (t: string): number => [...t].reduce((sum, ch) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.62) * px, 0);
  let path: { x: number; w: number } | null = null;
  const ctx = {
    canvas: { width: 420, height: 184 },
    globalAlpha: 1,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    textBaseline: 'top',
    set font(f: string) {
      px = Number(/(\d+)px/.exec(f)?.[1] ?? 10);
    },
    set textAlign(a: CanvasTextAlign) {
      align = a;
    },
    setTransform(a: number, _b: number, _c: number, _d: number, e: number) {
      scale = a;
      dx = e;
    },
    clearRect() {},
    beginPath() {
      path = null;
    },
    roundRect(x: number, _y: number, w: number) {
      path = { x, w };
    },
    moveTo() {},
    lineTo() {},
    closePath() {},
    stroke() {},
    fill() {
      // A plate: a rounded rectangle filled behind a chip's or the tag's label (not the card itself, nor its band).
      if (path && path.w < CARD_SIZES[size].w && path.x > 0) plates.push({ text: '', left: stageX(path.x), right: stageX(path.x + path.w) });
    },
    measureText(t: string) {
      return { width: width(t) };
    },
    fillText(t: string, x: number) {
      const w = width(t);
      const left = align === 'center' ? x - w / 2 : x;
      texts.push({ text: t, left: stageX(left), right: stageX(left + w) });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts, plates };
}

const flight = (bits: ControlBit[], seq: number, ack: number, data = ''): Flight => ({
  id: '1',
  from: 'server',
  segment: { src: '10.0.0.1:80', dst: '10.0.0.2:49152', seq, ack, flags: flags(...bits), wnd: 0, data },
  sentAt: 0,
  arrivesAt: 300,
  lostAt: null,
  retransmission: true,
  duplicateOf: null,
  reordered: false,
});

const MAX = 4_294_967_295;
const faces: { name: string; f: Flight }[] = [
  { name: 'a SYN-ACK with ten-digit seq and ack', f: flight(['SYN', 'ACK'], MAX, MAX - 1) },
  { name: 'a FIN with data, ten-digit seq and ack', f: flight(['FIN', 'ACK'], MAX - 5, 4_000_000_001, 'GET /') },
  { name: 'a RST', f: flight(['RST'], MAX, 0) },
];

describe('a card’s face', () => {
  for (const size of ['full', 'compact'] as const) {
    const rooms = size === 'full' ? [CARD_SIZES.full.w] : [CARD_SIZES.compact.w, 120, CARD_SIZES.compact.minRoom];
    for (const room of rooms) {
      for (const tag of ['RETRANSMITTED', '重传', 'NO ACK YET']) {
        it(`${size}, ${room} px showing, tag ${tag}: the tag, flags, seq and ack are painted whole, inside what shows`, () => {
          for (const { name, f } of faces) {
            const { ctx, texts, plates } = recordingContext(size);
            const painted = paintCardFace(ctx, f, { tag }, false, size, room);
            const seq = texts.find((t) => t.text.startsWith('seq'));
            const ack = texts.find((t) => t.text.startsWith('ack'));
            expect(seq?.text, name).toBe(`seq ${f.segment.seq}`);
            expect(ack?.text.startsWith(`ack ${f.segment.flags.ACK ? f.segment.ack : '—'}`), name).toBe(true);
            expect(texts.map((t) => t.text), name).toContain(tag);
            for (const key of ['SYN', 'ACK', 'FIN', 'RST'] as const) if (f.segment.flags[key]) expect(texts.map((t) => t.text), name).toContain(key);
            if (f.segment.data) expect(texts.map((t) => t.text), name).toContain(`DATA ${f.segment.data.length}`);
            expect(texts.filter((t) => t.text.includes('…')), name).toEqual([]);
            // Everything inside the card and left of where the next card in a crowded row begins.
            for (const p of [...texts, ...plates]) expect([p.text, p.left >= 0, p.right <= room - 1], name).toEqual([p.text, true, true]);
            expect(painted.cut, name).toBe(false);
            expect(painted.right, name).toBeLessThanOrEqual(room - 1);
          }
        });
      }
    }
  }

  it('a FIN with a full segment of data, at the least room: the DATA chip keeps its length (the word left out, and said so), inside the room', () => {
    const room = CARD_SIZES.compact.minRoom;
    const { ctx, texts, plates } = recordingContext('compact');
    const painted = paintCardFace(ctx, flight(['FIN', 'ACK'], MAX, MAX, 'x'.repeat(1_460)), { tag: null }, false, 'compact', room);
    expect(texts.map((t) => t.text)).toEqual(['FIN', 'ACK', '1460', `seq ${MAX}`, `ack ${MAX}`]);
    for (const p of [...texts, ...plates]) expect(p.right).toBeLessThanOrEqual(room - 1);
    expect(painted.cut).toBe(true);
  });
});
