/**
 * Short room codes for duels ("join with K7QX2"): five characters from an alphabet without the
 * look-alikes 0/O, 1/I/L, read aloud across a classroom. The code becomes the room's `roomId`
 * (set in `onCreate`), so joining by code is just `client.joinById(code)`. Codes are claimed in
 * presence with one atomic increment, so with RedisPresence two processes cannot hand out the same one.
 */
import type { Presence } from '@colyseus/core';

export const ROOM_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ROOM_CODE_LENGTH = 5;
/** Presence hash: room code → claim count (1 = held). */
const CLAIMS_KEY = 'tcp-dojo:room-code-claims';

export function makeRoomCode(random: () => number, length: number = ROOM_CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) {
    code += ROOM_CODE_ALPHABET[Math.floor(random() * ROOM_CODE_ALPHABET.length) % ROOM_CODE_ALPHABET.length];
  }
  return code;
}

/** What players type is forgiving: case, spaces and dashes do not matter. */
export function normalizeRoomCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

export async function claimRoomCode(presence: Presence, random: () => number = Math.random): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const code = makeRoomCode(random, ROOM_CODE_LENGTH + Math.floor(attempt / 10));
    // One atomic increment decides: whoever takes the count from 0 to 1 owns the code, even when
    // two processes draw the same one at the same moment (a look-up, then an add, would race).
    if ((await presence.hincrby(CLAIMS_KEY, code, 1)) === 1) return code;
  }
  throw new Error('could not find a free room code');
}

/** Call from `onDispose()`. */
export async function releaseRoomCode(presence: Presence, code: string): Promise<void> {
  await presence.hdel(CLAIMS_KEY, code);
}
