/**
 * The rules of a room as both players read them before they play (and during the round): how
 * the wire misbehaves, which TCP profile the judge follows, coach or consequences, turns or real
 * time, whether the wire is shown. Public: nothing here is a secret of either host (the seed is
 * not here, and the scenario's scripted faults are the scenario's lesson, named by its title).
 */
import type { Profile } from '../../shared/tcp/config.ts';
import type { Mode, RoundSettings } from '../../shared/game/types.ts';
import type { Scenario } from '../../shared/game/scenario.ts';
import type { RoomOptions } from './messages.ts';

export interface WireSummary {
  loss: number;
  delayMs: number;
  duplicate: number;
  reorder: number;
}

export interface RoomSettingsView {
  mode: Mode;
  /** true: game time runs while players think; false: it waits for each decision (turns). */
  realTime: boolean;
  /** A beginner's room: players see the wire's truth, more than their hosts could know. */
  wireShown: boolean;
  profile: Profile;
  /** Each direction of the wire (the same both ways in every room the game makes). */
  toServer: WireSummary;
  toClient: WireSummary;
  timeLimitMs: number;
}

export function settingsView(settings: RoundSettings, scenario: Scenario, realTime: boolean): RoomSettingsView {
  const wire = settings.wire ?? scenario.wire;
  const summary = (d: typeof wire.toServer): WireSummary => ({ loss: d.loss, delayMs: d.delayMs, duplicate: d.duplicate, reorder: d.reorder });
  return {
    mode: settings.mode,
    realTime,
    wireShown: settings.wireShown === true,
    profile: settings.profile ?? scenario.profile,
    toServer: summary(wire.toServer),
    toClient: summary(wire.toClient),
    timeLimitMs: settings.timeLimitMs ?? scenario.timeLimitMs,
  };
}

/** A room's wire: the scenario's, with the creator's loss / delay / duplication / reordering on both directions. */
export function wireChoiceOf(scenario: Scenario, o: RoomOptions): Pick<RoundSettings, 'wire' | 'profile' | 'wireShown'> {
  const given = {
    ...(o.loss === undefined ? {} : { loss: o.loss }),
    ...(o.delayMs === undefined ? {} : { delayMs: o.delayMs }),
    ...(o.duplicate === undefined ? {} : { duplicate: o.duplicate }),
    ...(o.reorder === undefined ? {} : { reorder: o.reorder }),
  };
  const choice: Pick<RoundSettings, 'wire' | 'profile' | 'wireShown'> = {};
  if (o.showWire === true) choice.wireShown = true;
  if (Object.keys(given).length > 0) choice.wire = { toServer: { ...scenario.wire.toServer, ...given }, toClient: { ...scenario.wire.toClient, ...given } };
  if (o.profile) choice.profile = o.profile;
  return choice;
}
