/**
 * The compare view's picture, as plain data: each run of shared/game/compare.ts as the RoundLog the
 * flow graph draws, and where each numbered difference sits on its graph: level with its row (a
 * fraction of the exported image's height, so it stays there at any display size), in the margin on
 * its host's side of the picture. On the axis itself a mark would hide that host's state names,
 * which are drawn right beside the axis at the same rows. No decisions here: only re-shaping.
 */
import type { ProfileComparison, ProfileDifference, StackAnswer } from '../../shared/game/compare.ts';
import type { Round } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import { LADDER_PNG_TOP, LADDER_PNG_WIDTH, ladderPngHeight, ladderPngTimeAxis } from '../components/ladderPng.ts';
import { roundLogOf } from '../net/roundLog.ts';
import type { HostRole, RoundLog } from './view.ts';

export interface CompareMark {
  n: number;
  side: HostRole;
  at: number;
  /** The margin the mark sits in: left of the picture for the client (its axis is the left one), right for the server. */
  edge: 'left' | 'right';
  /** Height on the exported image, 0..1. */
  y: number;
}

export interface CompareGraph {
  profile: Profile;
  log: RoundLog;
  /** The exported image's size in CSS px. */
  width: number;
  height: number;
  marks: CompareMark[];
}

function graphOf(profile: Profile, round: Round, differences: readonly ProfileDifference[], pick: (d: ProfileDifference) => StackAnswer[]): CompareGraph {
  const log = roundLogOf(roundView(round, null));
  const width = LADDER_PNG_WIDTH;
  const height = ladderPngHeight(log, log.duration);
  const y = ladderPngTimeAxis(log);
  const marks = differences.flatMap((d) =>
    pick(d).map((a): CompareMark => ({ n: d.n, side: d.side, at: a.at, edge: d.side === 'client' ? 'left' : 'right', y: (LADDER_PNG_TOP + y(a.at)) / height })),
  );
  return { profile, log, width, height, marks };
}

/** Both flow graphs of a comparison, with the numbered marks of its differences. */
export function compareGraphs(c: ProfileComparison): { base: CompareGraph; other: CompareGraph } {
  return {
    base: graphOf(c.base.profile, c.base.round, c.differences, (d) => d.base),
    other: graphOf(c.other.profile, c.other.round, c.differences, (d) => d.other),
  };
}
