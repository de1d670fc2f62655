/**
 * The command line of `npm run check:levels` (scripts/play-levels.ts), read into checked options.
 * Every list is comma-separated; an empty selection plays everything the menu offers.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Side } from '../../shared/tcp/wire.ts';
import type { Lang } from '../../shared/game/scenario.ts';

export const USAGE = `npm run check:levels -- [options]

  --level <ids>       levels to play (comma-separated ids as the menu lists them; default: all)
  --role <roles>      client,server (default: both; a level that fixes its role plays that one)
  --lang <langs>      en,zh-CN (default: both)
  --shots <dir>       where the screenshots and report.json go (default: .shots/levels)
  --every-step        also a screenshot of every decision, before its move
  --patience <s>      how long one wait on the page may last before the round counts as stuck (default: 180)
  --viewport <WxH>    the page's size (default: 1600x900)
  --base <url>        not supported: the answers come from the in-process server's rooms (see README)`;

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

const Options = z.object({
  level: z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .optional(),
  role: list(['client', 'server'] as const).default(['client', 'server']),
  lang: list(['en', 'zh-CN'] as const).default(['en', 'zh-CN']),
  shots: z.string().min(1).default('.shots/levels'),
  'every-step': z.boolean().default(false),
  patience: z.coerce.number().positive().default(180),
  viewport: z
    .string()
    .regex(/^\d+x\d+$/, 'WIDTHxHEIGHT, e.g. 1600x900')
    .transform((s) => {
      const [width = 0, height = 0] = s.split('x').map(Number);
      return { width, height };
    })
    .default({ width: 1600, height: 900 }),
  base: z.string().optional(),
  help: z.boolean().default(false),
});

export interface LevelPlayOptions {
  /** Level ids to play; null: every level the menu offers. */
  levels: string[] | null;
  roles: Side[];
  langs: Lang[];
  shots: string;
  everyStep: boolean;
  /** Milliseconds one wait on the page may take. */
  patienceMs: number;
  viewport: { width: number; height: number };
  help: boolean;
}

/** The options, or what is wrong with the command line (one line per problem). */
export function parseLevelPlayArgs(argv: readonly string[]): { options: LevelPlayOptions } | { error: string } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        level: { type: 'string' },
        role: { type: 'string' },
        lang: { type: 'string' },
        shots: { type: 'string' },
        'every-step': { type: 'boolean' },
        patience: { type: 'string' },
        viewport: { type: 'string' },
        base: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { error: (e as Error).message };
  }
  const parsed = Options.safeParse(values);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n') };
  const o = parsed.data;
  // The answers are the engine's own (test/e2e/oracle.ts reads the in-process room's round): a
  // host's ISN is drawn by the server's engine and no page shows it before the SYN is sent, so a
  // server in another process has no sound way to say the right move without asking for a Hint.
  if (o.base !== undefined) return { error: '--base is not supported: the right moves are read from the rooms of a server this script starts in its own process (a host\'s ISN is drawn by that server\'s engine; a Hint would be the only other way, and the check plays without Hint)' };
  return {
    options: {
      levels: o.level && o.level.length > 0 ? o.level : null,
      roles: o.role,
      langs: o.lang,
      shots: o.shots,
      everyStep: o['every-step'],
      patienceMs: o.patience * 1000,
      viewport: o.viewport,
      help: o.help,
    },
  };
}
