/**
 * The look of TCP Dojo in one place: the design resolution every scene lays out in, the fonts, the
 * dark palette, and the colours of the four control bits.
 */

/** Scenes lay out on a fixed 16:9 stage; Phaser's FIT scaling and the HTML overlay scale it together. */
export const STAGE = { width: 1600, height: 900 } as const;

/** CJK-capable stacks: Noto Sans CJK carries good Latin glyphs too, so both languages share one face. */
export const FONT_UI = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Segoe UI", system-ui, sans-serif';
export const FONT_MONO = '"Noto Sans Mono CJK SC", "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, ui-monospace, monospace';

export const COLORS = {
  bg: 0x0b1020,
  panel: 0x121a2e,
  panelRaised: 0x18223b,
  panelBorder: 0x2a3658,
  grid: 0x1a2440,
  text: 0xe8ecf6,
  textDim: 0x8e9bbb,
  accent: 0x7aa2ff,
  good: 0x35c28f,
  warn: 0xf0c050,
  bad: 0xff6b6b,
} as const;

export const CSS = {
  text: '#e8ecf6',
  textDim: '#8e9bbb',
  accent: '#7aa2ff',
  bad: '#ff6b6b',
  good: '#35c28f',
  warn: '#f0c050',
} as const;

/**
 * Okabe–Ito colours, distinguishable with every common colour-vision deficiency. Every flag is also
 * always written out as text, so colour is never the only cue.
 */
export const FLAG_COLORS = {
  SYN: 0x56b4e9, // sky blue
  ACK: 0x009e73, // bluish green
  FIN: 0xe69f00, // orange
  RST: 0xd55e00, // vermillion
  DATA: 0xcc79a7, // reddish purple
} as const;

export type FlagColorKey = keyof typeof FLAG_COLORS;

export function hex(color: number): string {
  return '#' + color.toString(16).padStart(6, '0');
}
