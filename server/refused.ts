/**
 * A room's refusal to create or join (onCreate, onAuth, onJoin throw it): Colyseus sends the SDK
 * a status and one string, so the string carries the refusal's code, parameters and English
 * (shared/refusals.ts refusalWire); the page says it in its own language. `detail` replaces the
 * English sentence when the log and a script deserve more than the page shows (zod's words).
 */
import { ServerError } from '@colyseus/core';
import { refusalWire, type Refusal } from '../shared/refusals.ts';

export function refused(status: number, why: Refusal, detail?: string): ServerError {
  return new ServerError(status, refusalWire(detail === undefined ? why : { ...why, message: detail }));
}
