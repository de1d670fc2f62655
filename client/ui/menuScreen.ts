/**
 * The title screen's HTML: name, the ways to play, the demo, the tutorial and the classroom. Each button only emits an
 * intent on the bus; the Menu scene (and, later, the room layer) decides what happens.
 */
import { findScenario, SCENARIOS } from '../../shared/game/scenarios.ts';
import type { Side } from '../../shared/tcp/wire.ts';
import { fixedRoleNote } from './briefing.ts';
import { leaderboardId } from '../../shared/game/leaderboard.ts';
import { BOT_PERSONALITIES } from '../../shared/game/types.ts';
import { bus } from '../events.ts';
import { currentLang, t } from '../i18n/index.ts';
import { classPairFromUrl, fetchLeaderboard, openingClassRound, type LeaderboardEntry, type PlayMode } from '../net/session.ts';
import { h } from './dom.ts';
import { fitAll } from './fit.ts';
import { mountLayer } from './overlay.ts';
import { tutorialDone } from './tutorial.ts';
import { captureOpener } from './captureOpener.ts';
import { loadDuelSettings, openDuelSettings, roomChoiceOf, summaryLines } from './duelSettings.ts';
import { heldSeat } from '../net/seatKeys.ts';

/** The catalogue in shared/ is the menu: its ids, its bilingual titles. */
export const MENU_SCENARIOS: readonly string[] = SCENARIOS.map((s) => s.id);
export const MENU_BOTS = BOT_PERSONALITIES;
const MODES: readonly PlayMode[] = ['coach', 'consequences'];
const scenarioLabel = (id: string): string => SCENARIOS.find((s) => s.id === id)?.title[currentLang()] ?? id;

const NAME_KEY = 'tcp-dojo.name';

export function mountMenuScreen(): () => void {
  let name = localStorage.getItem(NAME_KEY) ?? '';
  let code = '';
  let duelScenario: string = MENU_SCENARIOS[0] ?? 'handshake';
  let practiceScenario: string = MENU_SCENARIOS[0] ?? 'handshake';
  let bot: string = MENU_BOTS[0];
  let challengeScenario: string = MENU_SCENARIOS[0] ?? 'handshake';
  let mode: PlayMode = 'coach';
  // Which host the player plays; a scenario that allows only one role overrides the choice.
  let practiceRole: Side = findScenario(practiceScenario)?.roles[0] ?? 'client';
  let challengeRole: Side = findScenario(challengeScenario)?.roles[0] ?? 'client';
  const roleFor = (scenarioId: string, wanted: Side): Side => {
    const roles = findScenario(scenarioId)?.roles ?? ['client'];
    return roles.includes(wanted) ? wanted : (roles[0] ?? 'client');
  };
  let leaderboard: LeaderboardEntry[] = [];
  let duelSettings = loadDuelSettings();
  let boardFor = '';
  const loadBoard = (): void => {
    const id = leaderboardId(challengeScenario, roleFor(challengeScenario, challengeRole));
    boardFor = id;
    void fetchLeaderboard(id).then((rows) => {
      if (boardFor !== id) return;
      leaderboard = rows;
      render();
    });
  };

  const { layer, unmount } = mountLayer('menu', () => undefined);
  let rejoinTimer: ReturnType<typeof setInterval> | undefined;
  const cleanName = (): string => name.trim().slice(0, 24);

  const select = (testid: string, options: readonly string[], prefix: string, value: string, set: (v: string) => void): HTMLSelectElement => {
    const el = h('select', { testid, onchange: (e) => set((e.target as HTMLSelectElement).value) });
    for (const id of options) el.append(h('option', { value: id, selected: id === value }, prefix === 'scenario' ? scenarioLabel(id) : t(`${prefix}.${id}`)));
    return el;
  };

  /** The role picker for a scenario, and why when the scenario fixes the role. */
  const rolePicker = (testid: string, scenarioId: string, role: Side, set: (r: Side) => void): HTMLElement[] => {
    const scenario = findScenario(scenarioId);
    const roles = scenario?.roles ?? ['client'];
    const el = h('select', { testid, disabled: roles.length < 2, onchange: (e) => set((e.target as HTMLSelectElement).value === 'server' ? 'server' : 'client') });
    for (const side of roles) el.append(h('option', { value: side, selected: side === role }, t(side === 'client' ? 'host.client' : 'host.server')));
    const note = scenario ? fixedRoleNote(scenario) : null;
    return [h('label', { class: 'field', title: note }, h('span', {}, t('menu.role')), el), ...(note ? [h('p', { class: 'note', testid: `${testid}-why` }, note)] : [])];
  };

  /** The class round's seat could not be taken (the toast says why): the class page has what comes next. */
  let classSeatRefused = false;
  /** A class round on its way (session.ts openingClassRound): what the page is doing, not the game's menu. */
  const classRoundCard = (): HTMLElement => {
    const code = classPairFromUrl()?.code ?? '';
    const standalone = window.parent === window;
    return h(
      'section',
      { class: 'card class-opening', testid: 'menu-class-opening' },
      h('h2', { 'data-fit': '' }, t('menu.class.opening.title')),
      h('p', { testid: 'menu-class-opening-text' }, t(classSeatRefused ? 'menu.class.opening.refused' : 'menu.class.opening.body')),
      // In the class page's frame its own bar leads back; a page opened by itself needs a way.
      ...(standalone ? [h('a', { class: 'button', href: `/class.html${code ? `?code=${encodeURIComponent(code)}` : ''}`, testid: 'menu-class-back' }, t('menu.class.back'))] : []),
    );
  };

  const render = (): void => {
    if (openingClassRound()) {
      layer.replaceChildren(classRoundCard());
      requestAnimationFrame(() => fitAll(layer));
      return;
    }
    const nameInput = h('input', {
      id: 'menu-name',
      testid: 'menu-name',
      type: 'text',
      maxlength: 24,
      autocomplete: 'nickname',
      placeholder: t('menu.name.placeholder'),
      value: name,
      oninput: (e) => {
        name = (e.target as HTMLInputElement).value;
        localStorage.setItem(NAME_KEY, name);
      },
    });
    const codeInput = h('input', {
      testid: 'menu-join-code',
      type: 'text',
      maxlength: 8,
      class: 'code',
      'aria-label': t('menu.duel.code'),
      placeholder: t('menu.duel.code'),
      value: code,
      oninput: (e) => {
        const input = e.target as HTMLInputElement;
        input.value = input.value.toUpperCase().replace(/[^A-Z0-9]/g, '');
        code = input.value;
      },
    });
    // Back to a duel seat this player left while its round was live (the room holds it a while).
    const held = heldSeat();
    const secondsLeft = (): number => (held?.leftAt === undefined ? 0 : Math.max(0, Math.ceil((held.leftAt + held.holdSeconds * 1000 - Date.now()) / 1000)));
    const rejoinHint = h('span', { class: 'hint', testid: 'menu-rejoin-hint', 'data-fit': '' }, held ? t('menu.rejoinHint', { code: held.code || held.roomId, s: secondsLeft() }) : '');
    const rejoin = held
      ? h('div', { class: 'rejoin duel-rules', testid: 'menu-rejoin-row' },
          h('button', { type: 'button', class: 'primary', testid: 'menu-rejoin', onclick: () => bus.emit('menu:rejoin', { name: cleanName(), roomId: held.roomId }) }, t('menu.rejoin')),
          rejoinHint)
      : null;
    if (held) {
      clearInterval(rejoinTimer);
      rejoinTimer = setInterval(() => {
        const s = secondsLeft();
        if (s <= 0) {
          clearInterval(rejoinTimer);
          render();
          return;
        }
        rejoinHint.textContent = t('menu.rejoinHint', { code: held.code || held.roomId, s });
      }, 1000);
    }
    const duelRules = summaryLines(duelSettings);
    const board = h('ol', { class: 'board', testid: 'menu-leaderboard' });
    if (leaderboard.length === 0) board.append(h('li', { class: 'empty' }, t('menu.challenge.boardEmpty')));
    for (const row of leaderboard) board.append(h('li', { testid: 'menu-leaderboard-row' }, h('span', {}, row.playerName ?? row.name ?? ''), h('b', {}, String(row.score))));

    layer.replaceChildren(
      h(
        'header',
        { class: 'menu-hero' },
        h('div', { class: 'logo', 'aria-hidden': 'true' }, 'SYN', h('span', {}, '→'), 'ACK'),
        h('div', {}, h('h1', { 'data-fit': '' }, t('app.title')), h('p', { class: 'tagline', 'data-fit': '' }, t('app.tagline'))),
        h('label', { class: 'field name-field', for: 'menu-name' }, h('span', { 'data-fit': '' }, t('menu.name.label')), nameInput),
      ),
      h(
        'section',
        { class: 'card', testid: 'menu-duel' },
        h('h2', { 'data-fit': '' }, t('menu.duel.title')),
        h('p', {}, t('menu.duel.desc')),
        h('label', { class: 'field' }, h('span', {}, t('menu.practice.scenario')), select('menu-duel-scenario', MENU_SCENARIOS, 'scenario', duelScenario, (v) => (duelScenario = v))),
        // The room's rules, as both players will read them; the creator changes them here. While a
        // seat this player left is held, the way back to it takes their place.
        rejoin ?? h('div', { class: 'duel-rules', testid: 'menu-duel-rules' },
          h('ul', { class: 'rules' }, ...duelRules.map((r) => h('li', { 'data-fit': '' }, r))),
          h('button', { type: 'button', class: 'small', testid: 'menu-duel-settings', onclick: () => openDuelSettings(duelSettings, (s) => ((duelSettings = s), render())) }, t('menu.duel.settings')),
        ),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', testid: 'menu-create-duel', onclick: () => bus.emit('menu:create-duel', { name: cleanName(), scenarioId: duelScenario, mode: duelSettings.mode, room: roomChoiceOf(duelSettings) }) }, t('menu.duel.create')),
          h('button', { type: 'button', testid: 'menu-quick-match', onclick: () => bus.emit('menu:quick-match', { name: cleanName(), scenarioId: duelScenario, mode: duelSettings.mode, room: roomChoiceOf(duelSettings) }) }, t('menu.duel.quick')),
        ),
        h('div', { class: 'row' },
          codeInput,
          h('button', { type: 'button', testid: 'menu-join-duel', onclick: () => bus.emit('menu:join-duel', { name: cleanName(), code }) }, t('menu.duel.join')),
        ),
      ),
      h(
        'section',
        { class: 'card', testid: 'menu-practice' },
        h('h2', { 'data-fit': '' }, t('menu.practice.title')),
        h('p', {}, t('menu.practice.desc')),
        h('label', { class: 'field' }, h('span', {}, t('menu.practice.scenario')), select('menu-practice-scenario', MENU_SCENARIOS, 'scenario', practiceScenario, (v) => {
          practiceScenario = v;
          practiceRole = roleFor(v, practiceRole);
          render();
        })),
        h('div', { class: 'pair' },
          ...rolePicker('menu-practice-role', practiceScenario, practiceRole, (r) => (practiceRole = r)),
          h('label', { class: 'field' }, h('span', {}, t('menu.practice.bot')), select('menu-practice-bot', MENU_BOTS, 'bot', bot, (v) => (bot = v))),
        ),
        h('label', { class: 'field' }, h('span', {}, t('menu.practice.mode')), select('menu-practice-mode', MODES, 'menu.mode', mode, (v) => (mode = v === 'consequences' ? 'consequences' : 'coach'))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', testid: 'menu-start-practice', onclick: () => bus.emit('menu:practice', { name: cleanName(), scenarioId: practiceScenario, botId: bot, mode, role: roleFor(practiceScenario, practiceRole) }) }, t('menu.practice.start')),
        ),
      ),
      h(
        'section',
        { class: 'card', testid: 'menu-challenge' },
        h('h2', { 'data-fit': '' }, t('menu.challenge.title')),
        h('p', {}, t('menu.challenge.desc')),
        h('div', { class: 'pair' },
          h('label', { class: 'field' }, h('span', {}, t('menu.practice.scenario')), select('menu-challenge-scenario', MENU_SCENARIOS, 'scenario', challengeScenario, (v) => {
            challengeScenario = v;
            challengeRole = roleFor(v, challengeRole);
            render();
            loadBoard();
          })),
          ...rolePicker('menu-challenge-role', challengeScenario, challengeRole, (r) => {
            challengeRole = r;
            loadBoard();
          }),
        ),
        h('div', { class: 'board-box' }, h('h3', {}, t('menu.challenge.board')), board),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', testid: 'menu-start-challenge', onclick: () => bus.emit('menu:challenge', { name: cleanName(), scenarioId: challengeScenario, role: roleFor(challengeScenario, challengeRole) }) }, t('menu.challenge.start')),
        ),
      ),
      h(
        'div',
        { class: 'menu-row' },
        h(
          'section',
          { class: 'card hero-card', testid: 'menu-watch' },
          h('div', {}, h('h2', { 'data-fit': '' }, t('menu.watch.title')), h('p', {}, t('menu.watch.desc')), captureOpener()),
          h('button', { type: 'button', class: 'primary big', testid: 'menu-watch-demo', onclick: () => bus.emit('menu:watch-demo', {}) }, '▶ ', t('menu.watch.start')),
        ),
        h(
          'section',
          { class: 'card', testid: 'menu-tutorial' },
          h('h2', { 'data-fit': '' }, t(tutorialDone() ? 'menu.tutorial.done' : 'menu.tutorial.title')),
          h('p', {}, t('menu.tutorial.desc')),
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: tutorialDone() ? null : 'primary', testid: 'menu-start-tutorial', onclick: () => bus.emit('menu:tutorial', { name: cleanName() }) }, t(tutorialDone() ? 'menu.tutorial.again' : 'menu.tutorial.start')),
          ),
        ),
        h(
          'section',
          { class: 'card', testid: 'menu-classroom' },
          h('h2', { 'data-fit': '' }, t('menu.class.title')),
          h('p', {}, t('menu.class.desc')),
          // Plain links: the classroom pages are their own page (class.html), teacher and student alike.
          h('div', { class: 'actions' },
            h('a', { class: 'button', href: '/class.html', testid: 'menu-class-open' }, t('menu.class.open')),
            h('a', { class: 'button', href: '/class.html', testid: 'menu-class-join' }, t('menu.class.join')),
          ),
        ),
      ),
      h('footer', { class: 'menu-footer', 'data-fit': '' }, t('menu.footer')),
    );
    requestAnimationFrame(() => fitAll(layer));
  };

  render();
  loadBoard();
  const off = bus.on('language-changed', render);
  const offRefused = bus.on('round:error', () => {
    if (!openingClassRound()) return;
    classSeatRefused = true;
    render();
  });
  return () => {
    off();
    offRefused();
    clearInterval(rejoinTimer);
    unmount();
  };
}
