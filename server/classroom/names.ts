/**
 * Display names typed by students for a shared projector screen, where a name must be what it looks
 * like: nobody may pass for another student, for the bot or for the teacher, or for the dashboard's
 * own styling.
 *
 * - NFKC first, so compatibility forms (full-width Ａｌｉｃｅ, ligatures, superscripts) become the
 *   letters they show.
 * - Control and invisible characters go (zero-width joiners between letters, bidi overrides, tag
 *   characters, fillers), but a ZWJ inside an emoji sequence stays: 👩‍💻 is one picture.
 * - Combining marks that draw lines through or under a name (U+0334–U+0338 overlays, U+0332 low
 *   line…) go, because the dashboard draws an away student struck through; other marks are limited
 *   per character (Zalgo text), enough for Vietnamese or Devanagari.
 * - Length is counted in graphemes (what a reader sees as one character, Intl.Segmenter), so a name
 *   is never cut inside an emoji sequence or between a letter and its accent.
 * - Two names are confusable when their Unicode TR39 skeletons are equal: NFD, then the
 *   confusables.txt prototype mapping (the `unhomoglyph` package, data from unicode.org), then NFD.
 *   "Аlice" with a Cyrillic А and "Alice" have one skeleton. A confusable name gets a " (2)" suffix.
 * - The bot's and the teacher's labels are reserved, whatever letters or emoji spell them.
 */
import unhomoglyph from 'unhomoglyph';
import { BOT_NAME } from '../../shared/classroom/botName.ts';

export const MAX_NAME_GRAPHEMES = 24;
/** Combining marks kept on one grapheme: Vietnamese needs two, Devanagari clusters three. */
export const MAX_MARKS_PER_GRAPHEME = 3;

// Cc/Cf/Zl/Zp and the other invisible fillers (Hangul fillers, braille blank, variation selectors
// outside emoji, combining grapheme joiner…). ZWJ U+200D and VS16 U+FE0F are judged per grapheme below.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800\u034F\u180E\uFE00-\uFE0E\u{E0100}-\u{E01EF}]/gu;
const INVISIBLE_IN_EMOJI = /[\p{Cc}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800\u034F\u180E\uFE00-\uFE0E\u{E0100}-\u{E01EF}\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/gu;
/** Marks that strike through, overline or underline: the look of the dashboard's "away". */
const LINE_MARKS = /[\u0305\u0332\u0333\u0334-\u0338\u033F\u20D2\u20D3\u20D8-\u20DA\u20E5\u20E6\u20EA\u20EB\u{10A39}\u{16AF0}-\u{16AF4}\u{1BC9E}\u{1D167}-\u{1D169}]/gu;
const MARK = /\p{M}/u;
const EMOJI = /\p{Extended_Pictographic}/u;

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

export function graphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

/** One grapheme cleaned: emoji keep their joiners and tags; other text loses every format character. */
function cleanGrapheme(g: string): string {
  const emoji = EMOJI.test(g);
  let out = g.replace(emoji ? INVISIBLE_IN_EMOJI : INVISIBLE, '').replace(LINE_MARKS, '');
  let marks = 0;
  out = [...out].filter((ch) => !MARK.test(ch) || emoji || ++marks <= MAX_MARKS_PER_GRAPHEME).join('');
  return out;
}

/** The cleaned name, or null when nothing printable is left. */
export function cleanDisplayName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const normalised = raw
    .slice(0, 1000) // a name is short; do not segment a megabyte
    .normalize('NFKC')
    .replace(/[\t\n\r\v\f]/g, ' ');
  const cleaned = graphemes(normalised).map(cleanGrapheme).join('').normalize('NFC').replace(/\s+/gu, ' ').trim();
  // A mark left at the very start has no letter to sit on: it would draw over the name before it.
  const limited = graphemes(cleaned.replace(/^\p{M}+/u, '')).slice(0, MAX_NAME_GRAPHEMES).join('').trim();
  return limited === '' ? null : limited;
}

/** UTS #39 skeleton: equal skeletons look alike. */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/** Lowercased too, so "ALICE" and "alice" collide as they do for a reader. */
function looks(name: string): string[] {
  return [skeleton(name), skeleton(name.toLocaleLowerCase()), skeleton(name.toLocaleUpperCase())];
}

export function confusable(a: string, b: string): boolean {
  const x = looks(a);
  return looks(b).some((s) => x.includes(s));
}

/** The labels the class pages give the bot and the teacher, in both languages, and the name the server gives the bot. */
const RESERVED = ['bot', 'robot', 'teacher', '机器人', '老师', '教师', BOT_NAME, 'Teacher'];
const RESERVED_KEYS = new Set(RESERVED.flatMap((r) => looks(r).map(letters)));

function letters(s: string): string {
  return s.replace(/[^\p{L}\p{N}]/gu, '');
}

/** The bot's badge, or a name that reads as the bot's or the teacher's label. */
export function isReservedName(name: string): boolean {
  if (name.includes('\u{1F916}')) return true; // 🤖: a student's name must not pass for the bot
  return looks(name).some((s) => RESERVED_KEYS.has(letters(s)));
}

/** `name`, or `name (2)`, `name (3)`… whichever looks like none of `taken`. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const others = [...taken];
  const free = (candidate: string) => !others.some((o) => confusable(o, candidate));
  if (free(name)) return name;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const base = graphemes(name).slice(0, MAX_NAME_GRAPHEMES - suffix.length).join('').trim();
    const candidate = base + suffix;
    if (free(candidate)) return candidate;
  }
}
