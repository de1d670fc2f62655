/**
 * Chinese text sets a space between Han characters and Latin letters or digits ("SYN 在首次发送后",
 * "0.3 秒"), never between two Han characters ("数据在首次发送后"). A placeholder can hold either
 * (a segment's name: SYN or 数据; a player's name: Ada or 小明; a time that ends in 秒), so a zh-CN
 * string does not write that space itself next to one: it names the placeholder's side that meets
 * Han text, and the value brings the space when its own edge there is not Chinese.
 *
 *   {{segment, beforeHan}}在首次…   Han text follows the value
 *   正在读取{{file, afterHan}}…     Han text comes before it
 *   等待{{name, amidHan}}回应       both
 *
 * Only the seam between the string and the value changes; the value itself (a player's data, a
 * file name) is never touched.
 */
import type { i18n } from 'i18next';

/** A character that sits against Han text with no space: Han itself, or CJK / full-width punctuation. */
const CHINESE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

const latinEdge = (ch: string | undefined): boolean => ch !== undefined && ch.trim() !== '' && !CHINESE.test(ch);

export function spacedBeforeHan(value: string): string {
  return latinEdge([...value].at(-1)) ? `${value} ` : value;
}

export function spacedAfterHan(value: string): string {
  return latinEdge([...value][0]) ? ` ${value}` : value;
}

/** Register the three formatters on an i18next instance (after its init). */
export function addHanSpacing(i: i18n): void {
  const formatter = i.services.formatter;
  if (!formatter) throw new Error('i18next has no formatter: initialise it before adding the Han spacing');
  formatter.add('beforeHan', (value: unknown) => spacedBeforeHan(String(value)));
  formatter.add('afterHan', (value: unknown) => spacedAfterHan(String(value)));
  formatter.add('amidHan', (value: unknown) => spacedAfterHan(spacedBeforeHan(String(value))));
}
