/**
 * WebSocket close codes the server uses besides Colyseus' own (4000 consented, 4001 shutdown,
 * 4002 error, 4003 failed to reconnect, 4010 may try to reconnect). 4000–4999 are for
 * applications (RFC 6455 §7.4.2). The client shows each with its own sentence and does not try
 * to reconnect: the server gave the seat up.
 */

/** The client sent more messages in one second than any player could (a script, a stuck key). */
export const CLOSE_FLOODING = 4429;
/** The client sent a frame the room could not read. */
export const CLOSE_BAD_FRAME = 4400;
/**
 * The seat's player opened the game again in another tab or window (or on another laptop): the
 * newer connection plays the seat now, and this one is closed with this code, not to reconnect.
 */
export const CLOSE_OPENED_ELSEWHERE = 4409;
