/**
 * What a decision is worth. The judge gives one point per field right (full marks for any right
 * answer); a streak of right first tries adds a bonus. Seeing the right move before answering
 * correctly (asked for, or shown after the second wrong try in coach mode) costs REVEAL_COST
 * points and ends the streak: the panel says so before the player asks.
 */
export const REVEAL_COST = 3;

/** After this many wrong tries at one decision, coach mode shows the right move (at REVEAL_COST). */
export const REVEAL_AFTER_WRONG_TRIES = 2;
