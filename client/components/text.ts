/**
 * Text that never leaves its box, in either language: every label is created with its box, and
 * `fitText` shrinks the font (down to a floor), then wraps CJK-aware, then ellipsises as a last
 * resort. The registry lets the browser tests ask "does any text overflow?".
 */
import Phaser from 'phaser';
import { CSS, FONT_MONO, FONT_UI } from '../theme.ts';

export interface LabelStyle {
  size: number;
  color?: string;
  mono?: boolean;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
}

interface Box {
  text: Phaser.GameObjects.Text;
  maxWidth: number;
  maxHeight: number;
}

const boxes = new Set<Box>();

export function makeText(scene: Phaser.Scene, x: number, y: number, value: string, style: LabelStyle): Phaser.GameObjects.Text {
  const text = scene.add.text(x, y, value, {
    fontFamily: style.mono ? FONT_MONO : FONT_UI,
    fontSize: `${style.size}px`,
    fontStyle: style.bold ? 'bold' : 'normal',
    color: style.color ?? CSS.text,
    align: style.align ?? 'left',
    // Twice the pixels: crisp when the 1600×900 stage is shown on a 1080p projector.
    resolution: 2,
    padding: { top: 2, bottom: 2 },
  });
  text.setData('baseSize', style.size);
  return text;
}

let measureCtx: CanvasRenderingContext2D | null = null;
function measure(font: string, s: string): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return s.length * 8;
  measureCtx.font = font;
  return measureCtx.measureText(s).width;
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/** Break into lines no wider than `width`: at spaces for Latin, between any two CJK characters. */
export function wrapLines(font: string, value: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of value.split('\n')) {
    // Tokens: a CJK character alone, or a run of non-space non-CJK characters, or spaces.
    const tokens = paragraph.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+/g) ?? [''];
    let line = '';
    for (const tok of tokens) {
      const candidate = line + tok;
      if (line && measure(font, candidate.trimEnd()) > width) {
        out.push(line.trimEnd());
        line = /^\s+$/.test(tok) ? '' : tok;
      } else {
        line = candidate;
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

function fontOf(text: Phaser.GameObjects.Text, size: number): string {
  const style = text.style;
  return `${style.fontStyle === 'bold' ? 'bold ' : ''}${size}px ${style.fontFamily}`;
}

/**
 * The smallest canvas font size (stage px) at the stage's current scale: on a shrunk stage (a
 * tablet's ×0.64, a 960×540 window's ×0.6) the canvas's small text is raised so that it is at
 * least CANVAS_MIN_CSS_PX on the device, as the HTML's is (client/ui/overlay.ts textFloor). 0: each
 * text keeps its own size (×0.78 and above, and a phone's stage under ×0.55, which keeps its sizes
 * whole). Every `fitText` honours it, and the flow graph lays its own text out for it
 * (ladderMetrics); the Game scene sets it and refits.
 */
export const CANVAS_MIN_CSS_PX = 9;
let floor = 0;
export function canvasTextFloor(k: number): number {
  return k >= 0.55 && k < 0.78 ? Math.ceil(CANVAS_MIN_CSS_PX / k) : 0;
}
/** Sets the floor for scale `k`; true when it changed (then the caller refits its texts). */
export function setCanvasTextScale(k: number): boolean {
  const next = canvasTextFloor(k);
  if (next === floor) return false;
  floor = next;
  return true;
}
/** The floor now (stage px; 0 when none). */
export function textFloorNow(): number {
  return floor;
}

export interface FitOptions {
  /** Smallest font size allowed before wrapping / ellipsis (default 70% of the base size). */
  minSize?: number;
  /** Allow wrapping onto more lines (as many as fit in maxHeight). */
  wrap?: boolean;
}

/**
 * Set `value` into `text` so it fits `maxWidth` × `maxHeight` (height 0 = one line): shrink first,
 * then (if allowed) wrap, then cut with an ellipsis.
 */
/** What each Text was last fitted to: the same request again is a no-op (no measuring, no re-rasterising). */
const lastFit = new WeakMap<Phaser.GameObjects.Text, string>();

/** setColor re-rasterises the Text even when the colour is unchanged; this only does so on a change. */
export function setTextColor(text: Phaser.GameObjects.Text, color: string): Phaser.GameObjects.Text {
  if (text.style.color !== color) text.setColor(color);
  return text;
}

/** As setTextColor, for the alignment. */
export function setTextAlign(text: Phaser.GameObjects.Text, align: 'left' | 'center' | 'right'): Phaser.GameObjects.Text {
  if (text.style.align !== align) text.setAlign(align);
  return text;
}

export function fitText(text: Phaser.GameObjects.Text, value: string, maxWidth: number, maxHeight = 0, opts: FitOptions = {}): void {
  const style = text.style;
  const key = `${floor}|${maxWidth}|${maxHeight}|${opts.minSize ?? ''}|${opts.wrap ? 1 : 0}|${style.fontStyle}|${style.fontFamily}|${String(text.getData('baseSize'))}|${value}`;
  if (lastFit.get(text) === key) return;
  lastFit.set(text, key);
  fitTextNow(text, value, maxWidth, maxHeight, opts);
}

function fitTextNow(text: Phaser.GameObjects.Text, value: string, box: number, maxHeight: number, opts: FitOptions): void {
  // `box` is the Text's whole width, its horizontal padding (a tag's coloured margin) included.
  const maxWidth = box - (text.padding.left ?? 0) - (text.padding.right ?? 0);
  const own = (text.getData('baseSize') as number | undefined) ?? 16;
  const least = floor;
  const base = Math.max(own, least);
  const minSize = Math.max(opts.minSize ?? Math.max(9, Math.round(own * 0.7)), least);
  const lineHeightOf = (size: number): number => size * 1.3 + 4;
  const maxLines = (size: number): number => (maxHeight > 0 ? Math.max(1, Math.floor(maxHeight / lineHeightOf(size))) : 1);

  for (let size = base; size >= minSize; size--) {
    const font = fontOf(text, size);
    if (measure(font, value) <= maxWidth && !value.includes('\n')) {
      text.setFontSize(size).setText(value);
      register(text, box, maxHeight);
      return;
    }
    if (opts.wrap) {
      const lines = wrapLines(font, value, maxWidth);
      if (lines.length <= maxLines(size)) {
        text.setFontSize(size).setText(lines.join('\n'));
        register(text, box, maxHeight);
        return;
      }
    }
  }
  // Last resort: smallest size, as many lines as fit, the last one cut with an ellipsis.
  const font = fontOf(text, minSize);
  const lines = opts.wrap ? wrapLines(font, value, maxWidth) : [value.replace(/\n/g, ' ')];
  const kept = lines.slice(0, maxLines(minSize));
  let last = kept[kept.length - 1] ?? '';
  if (kept.length < lines.length || measure(font, last) > maxWidth) {
    while (last.length > 0 && measure(font, last + '…') > maxWidth) last = last.slice(0, -1);
    kept[kept.length - 1] = last + '…';
  }
  text.setFontSize(minSize).setText(kept.join('\n'));
  register(text, box, maxHeight);
}

function register(text: Phaser.GameObjects.Text, maxWidth: number, maxHeight: number): void {
  for (const b of boxes) {
    if (b.text === text) {
      b.maxWidth = maxWidth;
      b.maxHeight = maxHeight;
      return;
    }
  }
  const box = { text, maxWidth, maxHeight };
  boxes.add(box);
  text.once(Phaser.GameObjects.Events.DESTROY, () => boxes.delete(box));
}

/** For tests: visible fitted texts wider (or taller) than their box, with a pixel of slack. */
export function textOverflows(): { text: string; width: number; maxWidth: number; height: number; maxHeight: number }[] {
  const out = [];
  for (const b of boxes) {
    if (!b.text.active || !b.text.visible) continue;
    // The padding is inside the Text's size but outside the glyphs.
    const w = b.text.width - 2;
    const h = b.text.height - 4;
    const over = w > b.maxWidth + 1 || (b.maxHeight > 0 && h > b.maxHeight + 1);
    if (over) out.push({ text: b.text.text, width: w, maxWidth: b.maxWidth, height: h, maxHeight: b.maxHeight });
  }
  return out;
}
