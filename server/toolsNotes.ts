/**
 * Imported first by serve.ts, before anything imports @colyseus/tools: importing it reads .env files
 * (and /etc/environment) into process.env and says so on the console. Those notes are kept here and
 * logged through the JSON logger once it exists, so every line the server prints is one JSON entry
 * a log collector can read.
 */
process.env['DOTENV_CONFIG_QUIET'] ??= 'true';

const notes: string[] = [];
const consoleInfo = console.info;
console.info = (...args: unknown[]) => void notes.push(args.map(String).join(' ').trim());

/** Gives the console back and returns what was said while the modules loaded. */
export function toolsNotes(): readonly string[] {
  console.info = consoleInfo;
  return notes;
}
