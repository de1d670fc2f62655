/**
 * A scenario's goal and the interview question it answers, in the current language: shown in the
 * feedback panel from the round's start until the first verdict, and on Results.
 */
import type { Scenario } from '../../shared/game/scenario.ts';
import { currentLang, t } from '../i18n/index.ts';
import { h } from './dom.ts';

export function scenarioBrief(scenario: Scenario, where: string): HTMLElement {
  const lang = currentLang();
  return h('div', { class: 'brief', testid: `${where}-brief` },
    h('p', { class: 'goal', testid: `${where}-goal` }, h('b', {}, t('brief.goal')), ' ', scenario.goal[lang]),
    h('p', { class: 'question', testid: `${where}-question` }, h('b', {}, t('brief.question')), ' ', scenario.question[lang]),
  );
}

/** Why a scenario lets a human play only one of the two hosts (null when both may be played). */
export function fixedRoleNote(scenario: Scenario): string | null {
  if (scenario.roles.length > 1) return null;
  return scenario.rolesWhy?.[currentLang()] ?? t('brief.oneRole', { role: t(scenario.roles[0] === 'server' ? 'host.server' : 'host.client') });
}
