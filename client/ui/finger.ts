/**
 * Whether the device's main pointer is a finger: the same test as client/styles.css's
 * `@media (pointer: coarse)` blocks, for the few layout choices made in code (where a button sits,
 * whether a small canvas object takes taps). A live query: a tablet with a mouse plugged in changes it.
 */
export const FINGER_QUERY = '(pointer: coarse)';

export function fingerPointer(): MediaQueryList {
  return window.matchMedia(FINGER_QUERY);
}
