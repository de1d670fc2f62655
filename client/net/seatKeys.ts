/**
 * The way back to a duel seat: the room gives each player a key to its seat (the `seat` message),
 * and a player who leaves a live round (or whose tab closed) may join again with it, by the
 * room's code or the menu's "Back to your round", until the server's hold runs out and a bot
 * plays the host. One seat is remembered (in localStorage, so a new tab finds it).
 */
const KEY = 'tcp-dojo.seat';

export interface HeldSeat {
  roomId: string;
  /** The private room's code ('' for a quick-match room: its id is the way back). */
  code: string;
  key: string;
  holdSeconds: number;
  /** Date.now() when the player left the live round (absent: still in it, or the tab just closed). */
  leftAt?: number;
}

function read(): HeldSeat | null {
  try {
    const raw = localStorage.getItem(KEY);
    const s = raw ? (JSON.parse(raw) as HeldSeat) : null;
    return s && typeof s.roomId === 'string' && typeof s.key === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function keepSeat(seat: Omit<HeldSeat, 'leftAt'>): void {
  localStorage.setItem(KEY, JSON.stringify(seat));
}

/** The player left this room's live round: the menu offers the way back while the seat is held. */
export function markSeatLeft(roomId: string): void {
  const s = read();
  if (s && s.roomId === roomId) localStorage.setItem(KEY, JSON.stringify({ ...s, leftAt: Date.now() }));
}

/** Forget the remembered seat (of this room only, when given). */
export function forgetSeat(roomId?: string): void {
  const s = read();
  if (s && (roomId === undefined || s.roomId === roomId)) localStorage.removeItem(KEY);
}

/**
 * The remembered seat for a room id or code, while its hold may still run (the server has the
 * last word). Without an argument: the seat the player left, for the menu's way back.
 */
export function heldSeat(roomIdOrCode?: string): HeldSeat | null {
  const s = read();
  if (!s) return null;
  if (s.leftAt !== undefined && Date.now() > s.leftAt + s.holdSeconds * 1000) return null;
  if (roomIdOrCode === undefined) return s.leftAt !== undefined ? s : null;
  const want = roomIdOrCode.toUpperCase();
  return want !== '' && (s.roomId.toUpperCase() === want || s.code.toUpperCase() === want) ? s : null;
}
