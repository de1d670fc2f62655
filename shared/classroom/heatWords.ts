/**
 * The heatmap's labels ("SYN+ACK arrives", "ESTABLISHED · ACK", "timer expires", "wait") are made
 * on the server (server/classroom/progress.ts) from TCP's own names — states, flags, socket calls,
 * which read the same in every language — and a few plain words. The plain words are listed here,
 * once, so the teacher's page can put them in the teacher's language.
 */
export const HEAT_WORDS = {
  arrives: 'arrives',
  data: 'data',
  timerExpires: 'timer expires',
  wait: 'wait',
  noFlags: 'no flags',
  extraSegment: 'extra segment',
  numbersWrong: '(numbers wrong)',
} as const;

export type HeatWord = keyof typeof HEAT_WORDS;

/** A label with each plain word in the given language (longest first, so no word is cut by a shorter one). */
export function localizeHeatLabel(label: string, words: Readonly<Record<HeatWord, string>>): string {
  const keys = (Object.keys(HEAT_WORDS) as HeatWord[]).sort((a, b) => HEAT_WORDS[b].length - HEAT_WORDS[a].length);
  let out = label;
  for (const key of keys) out = out.split(HEAT_WORDS[key]).join(words[key]);
  return out;
}
