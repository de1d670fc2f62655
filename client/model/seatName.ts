/** How a player's page names a seat. */
import { t } from '../i18n/index.ts';

/**
 * A seat's name as the player reads it: the server names a practice or challenge bot
 * "bot (<personality>)" (server/roundRecord.ts), which the page says in its own language, shortly;
 * a person's name as they typed it.
 */
export function seatName(name: string): string {
  return /^bot \([a-z-]+\)$/.test(name) ? t('bot.seat') : name;
}
