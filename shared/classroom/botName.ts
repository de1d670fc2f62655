/**
 * The name the server gives a host the bot plays in a class (a seat with no student, a partner who
 * left): no student may take it (server/classroom/names.ts), and the pages show it in their own
 * language (client/classroom/text.ts playerName) or tell a student's own name apart from it (a
 * seat the bot took over keeps its student's name).
 */
export const BOT_NAME = 'Bot';
