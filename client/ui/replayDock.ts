/**
 * A replay's (or the demo's) dock on a phone held sideways: the 1600×900 stage is ×0.3-0.43 there,
 * its step controls 16-23 CSS px and its words 4-6, so, as a live round docks its composer
 * (client/ui/overlay.ts dock), the replay docks what a learner works with along the window's right
 * edge at a finger's size: the step controls, what the step says (its time, both hosts' states, the
 * state change and its rule, the segments sent, delivered or lost, the player's verdict there and
 * the rules it names, with their RFC sections: client/model/replayStep.ts), and the way on
 * (Results, the other profile's view, the menu). The stage, left of it, stays the overview.
 * Elsewhere it is not shown (client/styles.css): the top bar and the glossary do this.
 */
import { isRuleId, type RuleId } from '../../shared/rules/ids.ts';
import { STATE_GLOSSARY } from '../../shared/game/stateGlossary.ts';
import { decisionMark } from '../../shared/game/tally.ts';
import type { VerdictView } from '../../shared/game/views.ts';
import { bus, type PlaybackAction, type PlaybackStatus } from '../events.ts';
import { currentLang, signed, t } from '../i18n/index.ts';
import type { ReplayStep } from '../model/replayStep.ts';
import { segmentSummary } from '../model/segmentText.ts';
import type { HostRole } from '../model/view.ts';
import { h, present } from './dom.ts';
import { PHONE_SIDEWAYS } from './overlay.ts';
import { byRule, mistakeGroup, ruleTitle } from './feedbackPanel.ts';
import { MARK_CLASS, MARK_GLYPH, playedText } from './resultsScreen.ts';

export interface ReplayDock {
  element: HTMLElement;
  destroy: () => void;
}

const hostName = (role: HostRole): string => t(role === 'client' ? 'host.client' : 'host.server');
const seconds = (ms: number): string => t('unit.seconds', { s: (ms / 1000).toFixed(2) });

/** A rule by its title and RFC section, as the feedback panel names it. */
function ruleLine(id: RuleId): HTMLElement | null {
  return isRuleId(id) ? ruleTitle(id, 'p') : null;
}

/** The player's decision at this step: its mark in words, the move, the points, and the rules the verdict names (a wrong field's with the field). */
function verdictItem(d: VerdictView): HTMLElement {
  const mark = decisionMark(d);
  const wrong = byRule(d.mistakes);
  const wrongRules = new Set(wrong.map((g) => g.rule));
  return h('li', { class: `step-verdict ${MARK_CLASS[mark]}`, testid: 'replay-step-verdict', 'data-mark': mark },
    h('p', { class: 'head' }, h('b', { class: 'mark', 'aria-hidden': 'true' }, MARK_GLYPH[mark]), ' ', t(`results.mark.${mark}`), h('span', { class: 'points' }, ` ${signed(d.points)}`)),
    h('p', { class: 'played' }, `→ ${playedText(d)}`),
    ...present(...d.rules.filter((r) => !wrongRules.has(r)).map(ruleLine)),
    wrong.length ? h('ul', { class: 'mistakes' }, ...wrong.map(mistakeGroup)) : null,
  );
}

/**
 * `compare`: open the other profile's view; `pcap`: download the round as a capture. The top bar's
 * "More" (the capture, the other profile) and "Save PNG" are drawn at ×0.4 on a phone: the dock has
 * its own (the top bar's are not shown while docked: client/styles.css).
 */
export function createReplayDock(opts: { compare?: () => void; compareLabel?: () => string; pcap?: () => void }): ReplayDock {
  let step: ReplayStep | null = null;
  let status: PlaybackStatus = { now: 0, duration: 1, playing: false, speed: 0.5 };
  const control = (action: PlaybackAction) => (): void => bus.emit('playback:control', { action });
  // Built once and relabelled in place: a button redrawn between a tap's press and its release loses the tap.
  const restart = h('button', { type: 'button', testid: 'replay-dock-restart', onclick: control('restart') }, '⟲');
  const back = h('button', { type: 'button', testid: 'replay-dock-back', onclick: control('step-back') }, '«');
  const play = h('button', { type: 'button', class: 'primary', testid: 'replay-dock-play', onclick: control('toggle') });
  const forward = h('button', { type: 'button', testid: 'replay-dock-forward', onclick: control('step-forward') }, '»');
  const clock = h('p', { class: 'clock', testid: 'replay-dock-clock' });
  const group = h('div', { class: 'dock-controls', role: 'group' }, restart, back, play, forward);
  const words = h('section', { class: 'replay-step', testid: 'replay-step', 'aria-live': 'polite' });
  const results = h('button', { type: 'button', testid: 'replay-dock-results', onclick: () => bus.emit('nav:results', {}) });
  const compare = opts.compare ? h('button', { type: 'button', testid: 'replay-dock-compare', onclick: opts.compare }) : null;
  const menu = h('button', { type: 'button', testid: 'replay-dock-menu', onclick: () => bus.emit('nav:menu', {}) });
  const pcap = opts.pcap ? h('button', { type: 'button', testid: 'replay-dock-pcap', onclick: opts.pcap }) : null;
  const png = h('button', { type: 'button', testid: 'replay-dock-png', onclick: () => bus.emit('ladder:export', {}) });
  const saves = h('div', { class: 'dock-saves', role: 'group' }, ...present(pcap, png));
  // The language switch beside the clock, at the dock's finger size (overlay.ts moves it into `.dock-lang`, as in a live round's dock).
  const dockLang = h('div', { class: 'dock-lang' });
  const element = h('aside', { class: 'panel replay-dock', testid: 'replay-dock' }, group, h('div', { class: 'dock-clock' }, clock, dockLang), words, saves, h('div', { class: 'dock-actions' }, ...present(results, compare, menu)));

  const relabel = (): void => {
    group.setAttribute('aria-label', t('replayStep.controls'));
    for (const [b, key] of [[restart, 'playback.restart'], [back, 'playback.back'], [forward, 'playback.forward']] as const) {
      b.title = t(key);
      b.setAttribute('aria-label', t(key));
    }
    play.textContent = status.playing ? `❚❚ ${t('playback.pause')}` : `▶ ${t('playback.play')}`;
    play.setAttribute('aria-pressed', String(status.playing));
    clock.textContent = t('unit.seconds', { s: `${(status.now / 1000).toFixed(2)} / ${(status.duration / 1000).toFixed(2)}` });
    results.textContent = t('game.results');
    if (compare) compare.textContent = opts.compareLabel?.() ?? '';
    menu.textContent = t('game.menu');
    if (pcap) {
      pcap.textContent = `⤓ ${t('pcap.short')}`;
      pcap.setAttribute('aria-label', t('pcap.download'));
    }
    png.textContent = `⤓ ${t('ladder.export')}`;
    saves.setAttribute('aria-label', t('game.more'));
  };

  const render = (): void => {
    if (!step) return words.replaceChildren();
    const s = step;
    words.dataset['at'] = String(s.at);
    const lang = currentLang();
    const state = (role: HostRole): HTMLElement => {
      const changed = s.changes.find((c) => c.host === role) ?? null;
      return h('li', { class: changed ? 'host-state changed' : 'host-state', testid: `replay-step-state-${role}` },
        h('span', { class: 'host' }, hostName(role)), ' ',
        changed ? h('span', { class: 'from' }, `${changed.from} → `) : null,
        h('b', { class: 'name' }, s.states[role]));
    };
    const segmentWords = s.segments.map((x) =>
      h('li', { class: `segment ${x.event}`, testid: 'replay-step-segment' }, t(`replayStep.${x.event}`, { host: hostName(x.from), peer: hostName(x.from === 'client' ? 'server' : 'client') }), ' ', h('code', {}, segmentSummary(x.segment))));
    const changedState = s.changes[s.changes.length - 1]?.to ?? null;
    words.replaceChildren(...present(
      h('h2', {}, t('replayStep.title', { at: seconds(s.at) })),
      h('ul', { class: 'states' }, state('client'), state('server')),
      // The player's own move first (what a learner came back to read), then the rule of each
      // change, the segments, and what the state just entered means (the glossary's first line).
      s.verdicts.length ? h('h3', {}, t('replayStep.yourMove')) : null,
      s.verdicts.length ? h('ul', { class: 'verdicts' }, ...s.verdicts.map(verdictItem)) : null,
      ...s.changes.map((c) => (c.rule ? ruleLine(c.rule) : null)),
      segmentWords.length ? h('ul', { class: 'segments' }, ...segmentWords) : null,
      changedState ? h('p', { class: 'meaning' }, h('b', {}, changedState), ' ', STATE_GLOSSARY[changedState].meaning[lang]) : null,
      s.changes.length === 0 && segmentWords.length === 0 && s.verdicts.length === 0 ? h('p', { class: 'quiet' }, t('replayStep.quiet')) : null,
    ));
  };

  relabel();
  // The step's words are heard only while the dock is shown (a phone held sideways: client/styles.css),
  // so that a replay elsewhere does not work them out (Game.ts tellStep); turned sideways, it is told on the next frame.
  const sideways = matchMedia(PHONE_SIDEWAYS);
  let offStep: (() => void) | null = null;
  const listen = (): void => {
    if (sideways.matches && !offStep) {
      offStep = bus.on('replay:step', (s) => {
        step = s;
        render();
      });
    } else if (!sideways.matches && offStep) {
      offStep();
      offStep = null;
    }
  };
  listen();
  sideways.addEventListener('change', listen);
  const offs = [
    () => {
      sideways.removeEventListener('change', listen);
      offStep?.();
    },
    bus.on('playback:status', (s) => {
      status = s;
      relabel();
    }),
    bus.on('language-changed', () => {
      relabel();
      render();
    }),
  ];
  return {
    element,
    destroy: () => {
      offs.forEach((off) => off());
      element.remove();
    },
  };
}
