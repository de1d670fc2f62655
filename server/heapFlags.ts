// The server's own node flags (package.json `config.serverNodeFlags`: the young generation's size,
// README "what a player costs"), and which of them a process was started without.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The flags the server runs with, from package.json's `config.serverNodeFlags` in `root`. */
export function serverNodeFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { config?: { serverNodeFlags?: string } };
  return (pkg.config?.serverNodeFlags ?? '').split(/\s+/).filter(Boolean);
}

/** `--max-semi-space-size=16` → `--max-semi-space-size`; V8 reads `_` and `-` alike. */
const flagName = (flag: string): string => flag.split('=')[0]!.replaceAll('_', '-');

/**
 * The wanted flags that `given` (the process's node options: its execArgv and NODE_OPTIONS) does
 * not set. A flag given with another value is the operator's choice and stays as given.
 */
export function missingNodeFlags(wanted: readonly string[], given: readonly string[]): string[] {
  const set = new Set(given.map(flagName));
  return wanted.filter((flag) => !set.has(flagName(flag)));
}
