/**
 * A class round's time limit, in game (engine) seconds: the teacher's choice, shared by the class
 * room's defaults and the teacher's form.
 *
 * What the limit counts: the round's own clock, not the wall clock. A class pair takes turns, so
 * that clock stands while a student decides, and a quiet stretch of more than 1.5 s (TIME-WAIT's
 * 2×MSL among them) is skipped after 50 ms of real time (shared/game/pace.ts, server/rooms/
 * roundClock.ts). A longer limit costs real time only through the decisions it lets happen.
 *
 * Why 360 s: RFC 9293's TIME-WAIT lasts 2×MSL = 240 s, and the lesson is that it runs out (its
 * last decision: TIME-WAIT → CLOSED when the timer expires). Played right on the class's default
 * wire, the latest any scenario enters TIME-WAIT is 9 s (the SYN flood); on a wire losing 10% of
 * the segments 39 s, 25% 72 s (bench/classTimeLimit.ts --profile rfc9293: 19 scenarios × 40 seeds). 360 s leaves two
 * minutes for the connection before TIME-WAIT: it runs out in every round of that sweep on a calm
 * or 10%-lossy wire and in 632 of 633 at 25% loss (300 s: 625). RFC 9293's own give-ups come before
 * it too (the SYN given up at 243 s, the 5-minute user timeout): at 60% loss 21 rounds of 760 end
 * time-up, 197 at 300 s. Against the old 120 s it costs a pair one more decision (two after a
 * simultaneous close), some ten seconds of a student's thinking; the clock's own real time is the
 * same. Linux's TIME-WAIT (60 s) ran out within 120 s already, and still does.
 */
export const CLASS_TIME_LIMIT_S = 360;
/** Below Linux's TIME-WAIT (60 s) no round would show TIME-WAIT run out, under either profile. */
export const CLASS_TIME_LIMIT_MIN_S = 60;
/** Half an hour of game time: on a very lossy wire, retransmissions for as long as a lesson lasts. */
export const CLASS_TIME_LIMIT_MAX_S = 1_800;
