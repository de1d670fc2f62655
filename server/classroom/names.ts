/**
 * Display names typed by students on a shared projector screen: trimmed, length-limited, and
 * cleaned of control and invisible characters (zero-width joiners, bidi overrides, tag characters)
 * that could hide a name or spoof another one. Duplicates get a " (2)"-style suffix so the teacher
 * can tell two "Li Wei"s apart.
 */
export const MAX_NAME_LENGTH = 24;

// Cc/Cf/Zl/Zp and the other invisible fillers that render as nothing (Hangul filler, braille blank…).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800\u034F\u180E\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

/** The cleaned name, or null when nothing printable is left. */
export function cleanDisplayName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const cleaned = raw
    .normalize('NFC')
    .replace(/[\t\n\r\v\f]/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim();
  // Count code points, not UTF-16 units, so a name in Chinese or with emoji is not cut mid-character.
  const limited = [...cleaned].slice(0, MAX_NAME_LENGTH).join('').trim();
  return limited === '' ? null : limited;
}

/** `name`, or `name (2)`, `name (3)`… whichever is not taken (case-insensitively). */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLocaleLowerCase()));
  if (!used.has(name.toLocaleLowerCase())) return name;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const base = [...name].slice(0, MAX_NAME_LENGTH - suffix.length).join('').trim();
    const candidate = base + suffix;
    if (!used.has(candidate.toLocaleLowerCase())) return candidate;
  }
}
