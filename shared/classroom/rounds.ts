/**
 * How many rounds a class plays: the teacher chooses up to MAX_OPENING_ROUNDS when opening it, and
 * may add rounds to it while it runs, up to MAX_CLASS_ROUNDS in all (every scenario of the game
 * once still fits). Shared by the class room, which refuses more, and the teacher's page, which
 * does not offer more.
 */
export const MAX_OPENING_ROUNDS = 10;
export const MAX_CLASS_ROUNDS = 20;
