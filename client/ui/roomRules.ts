/**
 * A room's rules in words, the same lines wherever both players read them: the waiting room, the
 * card that opens every round, the menu's preview of a new duel.
 */
import type { RoomSettingsView, WireSummary } from '../../server/rooms/roomSettings.ts';
import { t } from '../i18n/index.ts';

const pct = (p: number): string => `${Math.round(p * 100)}%`;

export function wireLine(w: WireSummary): string {
  return t('rules.wire', { loss: pct(w.loss), delay: w.delayMs, duplicate: pct(w.duplicate), reorder: pct(w.reorder) });
}

/** One line per rule, translated. */
export function ruleLines(s: RoomSettingsView): string[] {
  const same = JSON.stringify(s.toServer) === JSON.stringify(s.toClient);
  return [
    same ? wireLine(s.toServer) : `${t('host.client')} → ${wireLine(s.toServer)} · ${t('host.server')} → ${wireLine(s.toClient)}`,
    t(s.profile === 'linux' ? 'rules.profile.linux' : 'rules.profile.rfc9293'),
    t(s.mode === 'coach' ? 'rules.mode.coach' : 'rules.mode.consequences'),
    t(s.realTime ? 'rules.time.real' : 'rules.time.turns'),
    t(s.wireShown ? 'rules.view.wire' : 'rules.view.host'),
  ];
}
