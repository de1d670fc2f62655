/**
 * The Game screen's HTML: the top bar (mode, playback controls for a replay or the demo, results
 * and menu), the "Save PNG" button over the flow graph, and on the right the move composer (live
 * play) or, where nothing is decided (a replay, the demo), the state glossary in its place. Live
 * play also gets the "States explained" button over the state diagram. Positions are stage pixels
 * matching the Game scene's layout (client/scenes/gameLayout.ts). On a touch screen "Save PNG"
 * moves into the top bar: at finger size it would cover the flow graph's host labels, and the
 * graph's header has no room to spare. On a phone held sideways a replay's (or the demo's) step
 * controls and the step's words are docked in the composer's place (replayDock.ts, overlay.ts), and
 * a live round's Hint, Resign and Menu move from the top bar to a row at the docked composer's top;
 * the round over, its score, Results and Save PNG are at the dock's top too (dockDone), and a replay's
 * dock has its own .pcap and Save PNG (replayDock.ts) in place of the top bar's More and Save PNG.
 */
import { bus, type PlaybackAction, type PlaybackStatus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { REVEAL_COST } from '../../shared/game/scoring.ts';
import { GAME_LAYOUT } from '../scenes/gameLayout.ts';
import { createComposer, type Composer } from './composer.ts';
import { createGlossary } from './stateGlossary.ts';
import { createReplayDock } from './replayDock.ts';
import { h, kbd, present } from './dom.ts';
import { fingerPointer } from './finger.ts';
import { fitAll } from './fit.ts';
import { alignOverlay, mountLayer, placeLangSwitch } from './overlay.ts';

const SPEEDS = [0.25, 0.5, 1, 2] as const;

/**
 * What the game clock does now: 'yours' (turns: it waits for this player's move), 'opponent'
 * (turns: it waits for the opponent's), 'running' (turns, nobody deciding), 'real-time' (it never waits).
 */
export type TurnKind = 'yours' | 'opponent' | 'away' | 'running' | 'real-time';

export interface LiveInfo {
  /** Waiting in a quick match (no code to share): the panel says what to do if nobody comes. */
  quickMatch: boolean;
  /**
   * A timed challenge's real-time clock: the par, when the round started (performance.now(); null
   * before), and the time the room scored once it is over (null before). Null in other rooms.
   */
  challengeClock: { parTimeMs: number; startedAt: number | null; finalMs: number | null } | null;
  /** "Duel · Lost SYN", already translated. */
  title: string;
  /** A private duel's code to share, while waiting for the opponent. */
  code: string;
  waiting: boolean;
  /** A plain banner: "reconnecting…", "your opponent left, a bot has taken over". */
  banner: { key: string; tone: 'info' | 'bad'; params?: Record<string, string | number> } | null;
  score: number;
  streak: number;
  canHint: boolean;
  /** The open decision's right move was shown already (paid for): asking again costs nothing. */
  hintPaid: boolean;
  finished: boolean;
  /** The room's rules in words (roomRules.ts), shown while waiting for the opponent. */
  rules: string[];
  /** The clock's turn; `since` (performance.now()) is when the opponent's began. */
  turn: { kind: TurnKind; opponent: string; since: number } | null;
}

export interface GameHud {
  unmount: () => void;
  setLive: (info: LiveInfo) => void;
  /** Where the banner's lower edge is in the game layer (0 while no banner shows): a card opened under it starts below. */
  bannerBottom: () => number;
  /** A live round's place for the latest verdict in the composer, shown only where it is docked on a phone (client/styles.css). */
  dockFeedback: HTMLElement | null;
}

/**
 * `modeLabel`: what the chip beside the title says when not live (the demo, a replay, the stress
 * round). `compare`: a replay of a finished round can open the side-by-side view under the other
 * profile; `compareLabel` names it ("What would Linux do?"). `pcap`: a replay's capture download,
 * for its dock (extraNav has the top bar's).
 */
export function mountGameHud(opts: { watchMode: boolean; live?: boolean; modeLabel?: () => string; extraNav?: () => HTMLElement[]; noComposer?: boolean; compare?: () => void; compareLabel?: () => string; pcap?: () => void }): GameHud {
  let live: LiveInfo | null = null;
  const liveBar = h('div', { class: 'live-info' });
  const banner = h('div', { class: 'net-banner', testid: 'net-banner', role: 'status', 'aria-live': 'assertive' });
  const waiting = h('div', { class: 'panel waiting', testid: 'waiting' });
  let status: PlaybackStatus = { now: 0, duration: 1, playing: false, speed: 0.5 };
  const { layer, unmount } = mountLayer('game', () => undefined);
  const L = GAME_LAYOUT;
  // A replay or the demo decides nothing: no composer that looks clickable, the glossary instead.
  // Docked on a phone held sideways (overlay.ts), the composer is the one part drawn at a finger's
  // size: once the round is over it offers Results there too (the top bar's button is ×0.4).
  // Elsewhere the top bar's button is at hand, and this one is not shown (client/styles.css).
  const dockResults = opts.live ? (h('button', { type: 'button', class: 'primary dock-results', testid: 'composer-results', hidden: true, onclick: () => bus.emit('nav:results', {}) }) as HTMLButtonElement) : null;
  // With it, what the top bar holds beside its Results once the round is over, drawn there at ×0.4:
  // the round's score and Save PNG (the flow graph as a picture).
  const dockScore = h('p', { class: 'dock-score', testid: 'composer-score' });
  const dockExport = h('button', { type: 'button', class: 'dock-export', testid: 'composer-export', onclick: () => bus.emit('ladder:export', {}) });
  const dockDone = dockResults ? h('div', { class: 'dock-done', hidden: true }, dockScore, dockResults, dockExport) : null;
  // The latest verdict, in the Feedback panel's own words (feedbackPanel.ts fills it), under the
  // prompt: on a phone the panel is drawn at ×0.4, and a refused move's rule is the lesson.
  const dockFeedback = opts.live ? h('div', { class: 'dock-feedback', testid: 'composer-feedback' }) : null;
  // The top bar's controls a learner needs during a round (Hint, Resign, Menu) and the language
  // switch (overlay.ts moves it into `.dock-lang`): on a docked phone the bar is ×0.4 (20-23 CSS px
  // buttons), so they move to a row at the dock's top, at the dock's finger size (client/styles.css).
  const dockBar = opts.live ? h('div', { class: 'dock-bar', testid: 'composer-bar', role: 'group' }) : null;
  const dockLang = h('div', { class: 'dock-lang' });
  const composer: Composer | null = opts.live ? createComposer(dockDone, dockFeedback, dockBar) : null;
  if (composer) composer.element.style.cssText = `left:${L.composer.x}px;top:${L.composer.y}px;width:${L.composer.width}px;height:${L.composer.height}px`;
  const glossary = createGlossary({ docked: !opts.live && !opts.noComposer });
  // A replay or the demo on a phone held sideways: its steps docked as a live round's composer is (replayDock.ts).
  const replayDock = opts.watchMode && !opts.live && !opts.noComposer
    ? createReplayDock({ ...(opts.compare ? { compare: opts.compare } : {}), ...(opts.compareLabel ? { compareLabel: opts.compareLabel } : {}), ...(opts.pcap ? { pcap: opts.pcap } : {}) })
    : null;
  const glossaryBtn = opts.live ? h('button', { type: 'button', class: 'small glossary-open', testid: 'glossary-open', onclick: () => bus.emit('glossary:open', {}) }) : null;
  if (glossaryBtn) glossaryBtn.style.cssText = `right:${1600 - (L.states.x + L.states.width) + 12}px;top:${L.states.y + 6}px`;

  const bar = h('nav', { class: opts.live ? 'topbar live' : 'topbar', testid: 'game-topbar' });
  /** The round's controls are in the dock's bar, not the top bar: a live round docked on a phone (overlay.ts toggles #ui.docked). */
  const inDock = (): boolean => dockBar !== null && (layer.parentElement?.classList.contains('docked') ?? false);
  let menuBtn: HTMLElement | null = null;
  const exportBtn = h('button', { type: 'button', class: 'small', testid: 'ladder-export', onclick: () => bus.emit('ladder:export', {}) });
  const finger = fingerPointer();
  const placeExport = (): void => {
    // Level with the graph's title, clear of the host labels on the header's second line.
    exportBtn.style.cssText = finger.matches ? '' : `right:${1600 - (L.ladder.x + L.ladder.width) + 14}px;top:${L.ladder.y + 4}px`;
  };

  let refs: { play: HTMLButtonElement; time: HTMLElement; scrub: HTMLInputElement; speed: HTMLSelectElement; skipping: HTMLElement } | null = null;
  const control = (action: PlaybackAction) => (): void => bus.emit('playback:control', { action });

  const turnChip = h('span', { class: 'chip turn', testid: 'game-turn', role: 'status', 'data-fit': '' });
  const turnText = (): string => {
    const turn = live?.turn;
    if (!turn) return '';
    if (turn.kind === 'opponent') return t('turn.chip.opponent', { name: turn.opponent, s: Math.max(0, Math.floor((performance.now() - turn.since) / 1000)) });
    if (turn.kind === 'away') return t('turn.chip.away', { name: turn.opponent });
    // A challenge: game time waits for the player, the clock its bonus is scored on does not.
    if (turn.kind === 'yours' && live?.challengeClock) return t('turn.chip.yoursChallenge');
    return t(`turn.chip.${turn.kind}`);
  };
  const challengeChip = h('span', { class: 'chip challenge-clock', testid: 'game-challenge-clock', 'data-fit': '' });
  const minutes = (ms: number): string => {
    const s = Math.max(0, Math.floor(ms / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
  const challengeText = (): string => {
    const c = live?.challengeClock;
    if (!c) return '';
    const played = c.finalMs ?? (c.startedAt === null ? 0 : performance.now() - c.startedAt);
    return t('challenge.clock', { time: minutes(played), par: minutes(c.parTimeMs) });
  };
  // The seconds an opponent has been deciding, and a challenge's clock, tick on screen.
  const ticker = setInterval(() => {
    if (live?.turn?.kind === 'opponent') turnChip.textContent = turnText();
    if (live?.challengeClock) challengeChip.textContent = challengeText();
  }, 1000);

  const updateLive = (): void => {
    if (!live) return;
    turnChip.textContent = turnText();
    turnChip.className = `chip turn ${live.turn?.kind ?? ''}`;
    challengeChip.textContent = challengeText();
    const hint = live.canHint && !live.finished ? h('button', { type: 'button', class: 'small', testid: 'game-hint', 'data-paid': String(live.hintPaid), onclick: () => bus.emit('round:ask-hint', {}) }, live.hintPaid ? t('game.hintPaid') : t('game.hint', { cost: REVEAL_COST }), kbd('H')) : null;
    const resign = live.finished ? null : h('button', { type: 'button', class: 'small', testid: 'game-resign', onclick: () => bus.emit('round:resign', {}) }, t('game.resign'));
    // Results stays in the top bar (the dock has its own, dockResults).
    const results = live.finished ? h('button', { type: 'button', class: 'small primary', testid: 'game-to-results', onclick: () => bus.emit('nav:results', {}) }, t('game.results')) : null;
    const docked = inDock();
    liveBar.replaceChildren(...present(
      h('span', { class: 'chip', testid: 'game-mode', 'data-fit': '' }, live.title),
      live.challengeClock ? challengeChip : null,
      live.turn && !live.finished ? turnChip : null,
      h('span', { class: 'chip score', testid: 'game-score' }, t('game.score', { score: live.score, streak: live.streak })),
      docked ? null : hint,
      docked ? results : resign ?? results,
    ));
    dockBar?.replaceChildren(...present(...(docked ? [hint, resign, menuBtn] : [])), dockLang);
    if (dockResults && dockDone) {
      const shows = dockResults.hidden && live.finished;
      dockResults.hidden = !live.finished;
      dockDone.hidden = !live.finished;
      dockResults.textContent = t('game.results');
      dockScore.textContent = t('game.score', { score: live.score, streak: live.streak });
      dockExport.replaceChildren('⤓ ', t('ladder.export'));
      // The dock scrolls (the last move was made at its bottom): the round over, its top comes into view.
      if (shows) dockResults.scrollIntoView({ block: 'nearest' });
    }
    banner.hidden = !live.banner;
    banner.className = `net-banner ${live.banner?.tone ?? ''}`;
    banner.textContent = live.banner ? t(live.banner.key, live.banner.params) : '';
    waiting.hidden = !live.waiting;
    waiting.replaceChildren(...present(
      h('h2', { 'data-fit': '' }, t('game.waiting')),
      live.code ? h('p', {}, t('game.shareCode')) : null,
      live.code ? h('div', { class: 'code', testid: 'room-code' }, live.code) : null,
      live.quickMatch && !live.code ? h('p', { class: 'dim', testid: 'quick-match-alone' }, t('game.quickMatchAlone')) : null,
      live.rules.length ? h('ul', { class: 'rules', testid: 'waiting-rules' }, ...live.rules.map((r) => h('li', {}, r))) : null,
    ));
    requestAnimationFrame(() => fitAll(layer));
  };

  const update = (): void => {
    if (!refs) return;
    refs.play.replaceChildren(status.playing ? '❚❚ ' : '▶ ', t(status.playing ? 'playback.pause' : 'playback.play'), kbd('P'));
    refs.play.setAttribute('aria-pressed', String(status.playing));
    refs.time.textContent = t('unit.seconds', { s: `${(status.now / 1000).toFixed(2)} / ${(status.duration / 1000).toFixed(2)}` });
    refs.scrub.max = String(status.duration);
    refs.scrub.value = String(Math.round(status.now));
    refs.speed.value = String(status.speed);
    refs.skipping.hidden = !status.skipping;
  };

  const render = (): void => {
    menuBtn = h('button', { type: 'button', testid: 'game-menu', onclick: () => bus.emit('nav:menu', {}) }, t('game.menu'), kbd('Esc'));
    const play = h('button', { type: 'button', class: 'primary play', testid: 'playback-toggle', onclick: control('toggle') });
    const time = h('span', { class: 'clock', testid: 'playback-time', title: t('playback.time') });
    const scrub = h('input', {
      type: 'range',
      min: 0,
      step: 10,
      testid: 'playback-scrub',
      'aria-label': t('playback.time'),
      oninput: (e) => bus.emit('playback:control', { action: 'seek', at: Number((e.target as HTMLInputElement).value) }),
    });
    const speed = h('select', {
      testid: 'playback-speed',
      'aria-label': t('playback.speed'),
      onchange: (e) => bus.emit('playback:control', { action: status.playing ? 'play' : 'pause', speed: Number((e.target as HTMLSelectElement).value) }),
    });
    for (const s of SPEEDS) speed.append(h('option', { value: String(s) }, `${s}×`));
    // In the middle of the wire, which is empty while a quiet stretch is skipped (the top bar has no room).
    const skipping = h('div', { class: 'skipping-note', testid: 'playback-skipping', role: 'status' }, h('b', {}, '▶▶ ', t('playback.skipping')), h('span', {}, t('playback.skippingWhy')));
    skipping.style.cssText = `left:${L.wire.x + L.wire.width / 2}px;top:${L.wire.y + L.wire.height / 2}px;max-width:${L.wire.width - 60}px`;
    bar.replaceChildren(
      h('div', { class: 'brand' }, h('b', {}, t('app.title')), opts.watchMode ? h('span', { class: 'chip', testid: 'game-mode', 'data-fit': '' }, opts.modeLabel?.() ?? t('game.watchMode')) : null),
      opts.live
        ? liveBar
        : opts.watchMode
        ? h('div', { class: 'playback', role: 'group' },
            h('button', { type: 'button', class: 'icon', testid: 'playback-restart', title: t('playback.restart'), 'aria-label': t('playback.restart'), onclick: control('restart') }, '⟲'),
            h('button', { type: 'button', class: 'icon', testid: 'playback-back', title: t('playback.back'), 'aria-label': t('playback.back'), onclick: control('step-back') }, '«', kbd('←')),
            play,
            h('button', { type: 'button', class: 'icon', testid: 'playback-forward', title: t('playback.forward'), 'aria-label': t('playback.forward'), onclick: control('step-forward') }, '»', kbd('→')),
            scrub,
            time,
            speed,
          )
        : h('div', {}),
      h('div', { class: 'nav' },
        ...moreActions([
          ...(opts.extraNav?.() ?? []),
          ...(opts.compare ? [h('button', { type: 'button', testid: 'game-compare', onclick: opts.compare }, opts.compareLabel?.() ?? '')] : []),
        ]),
        opts.live ? null : h('button', { type: 'button', testid: 'game-results', onclick: () => bus.emit('nav:results', {}) }, t('game.results')),
        finger.matches ? exportBtn : null,
        inDock() ? null : menuBtn,
      ),
    );
    exportBtn.replaceChildren('⤓ ', t('ladder.export'));
    placeExport();
    if (!finger.matches) layer.insertBefore(exportBtn, bar.nextSibling);
    refs?.skipping.remove();
    if (!opts.live) layer.append(skipping);
    refs = { play, time, scrub, speed, skipping };
    if (glossaryBtn) glossaryBtn.replaceChildren(t('glossary.open'));
    update();
    updateLive();
    requestAnimationFrame(() => fitAll(layer));
  };

  const onKey = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
    if (e.key === 'Escape') {
      // An open "More" closes first, as a disclosure does, the focus back on its summary; the
      // next Escape leaves for the menu as everywhere in the game.
      const more = bar.querySelector<HTMLDetailsElement>('details.more[open]');
      if (more) {
        more.open = false;
        more.querySelector('summary')?.focus();
      } else bus.emit('nav:menu', {});
    }
    if (opts.live && (e.key === 'h' || e.key === 'H') && live?.canHint) bus.emit('round:ask-hint', {});
    if (!opts.watchMode) return;
    if (e.key === 'p' || e.key === 'P') bus.emit('playback:control', { action: 'toggle' });
    if (e.key === 'ArrowLeft') bus.emit('playback:control', { action: 'step-back' });
    if (e.key === 'ArrowRight') bus.emit('playback:control', { action: 'step-forward' });
  };

  // A capture replay has no decisions to compose either: its own panel takes the composer's place
  // (and the glossary shows as a card, as in live play).
  layer.append(bar, ...(composer ? [composer.element] : []), glossary.element, ...(replayDock ? [replayDock.element] : []), ...(glossaryBtn ? [glossaryBtn] : []));
  if (opts.live) {
    banner.hidden = true;
    waiting.hidden = true;
    const L2 = GAME_LAYOUT.wire;
    // Nothing plays yet: the panel may run on below the wire, with the code and the room's rules.
    waiting.style.cssText = `left:${L2.x + 40}px;top:${L2.y + 20}px;width:${L2.width - 80}px;min-height:${L2.height - 40}px;padding:16px 24px`;
    // A tab on the wire panel's top edge, between the two host cards: it covers the wire's title
    // but not the segments, whose cards fly lower (a bot takeover's banner stays all round). That
    // is the one overlap allowed (the touch e2e audit checks it is the only one): the title only
    // names the panel the player has had in view all round, while anywhere else the banner would
    // hide something live (a host's state, a segment, the composer) or a control (the top bar).
    banner.style.cssText = `left:${L2.x + L2.width / 2}px;top:${L2.y - 8}px;max-width:${L2.width - 24}px`;
    layer.append(banner, waiting);
  }
  // A phone held sideways docks the composer, or a replay's steps (overlay.ts): with it the stage's layout changes.
  if (composer || replayDock) alignOverlay();
  render();
  finger.addEventListener('change', render);
  // Docked or not (a phone turned, the composer mounted): the round's controls move with it.
  let wasDocked = inDock();
  const dockWatch = new MutationObserver(() => {
    if (inDock() === wasDocked) return;
    wasDocked = inDock();
    render();
  });
  if (dockBar && layer.parentElement) dockWatch.observe(layer.parentElement, { attributes: true, attributeFilter: ['class'] });
  const offs = [
    () => finger.removeEventListener('change', render),
    () => dockWatch.disconnect(),
    bus.on('language-changed', render),
    bus.on('playback:status', (s) => {
      status = s;
      update();
    }),
  ];
  document.addEventListener('keydown', onKey);
  return {
    dockFeedback,
    unmount: () => {
      clearInterval(ticker);
      offs.forEach((off) => off());
      document.removeEventListener('keydown', onKey);
      composer?.destroy();
      glossary.destroy();
      replayDock?.destroy();
      // The language switch the dock held goes back to the overlay now, not at the next frame's dock() (overlay.ts).
      placeLangSwitch();
      unmount();
      if (composer || replayDock) alignOverlay();
    },
    setLive: (info) => {
      const same = JSON.stringify(info) === JSON.stringify(live);
      live = info;
      if (!same) updateLive();
    },
    bannerBottom: () => (banner.hidden || !banner.isConnected ? 0 : banner.offsetTop + banner.offsetHeight),
  };
}

/**
 * A replay's secondary actions (the capture download, the other profile's view): one button stands
 * in the top bar; two or more fold into a "More" menu, since beside the playback controls the bar
 * has no room for them on a 1024 px tablet (nor at 1600 px with the clock showing).
 */
function moreActions(actions: HTMLElement[]): HTMLElement[] {
  if (actions.length < 2) return actions;
  // A disclosure of plain buttons (Tab reaches them, Enter presses them), not an ARIA menu: role=menu
  // promises menu items and arrow-key navigation, which these buttons do not have.
  const menu = h('div', { class: 'more-menu' }, ...actions);
  const more = h('details', { class: 'more', testid: 'game-more' }, h('summary', { 'aria-label': t('game.more') }, '⋯ ', t('game.more')), menu) as HTMLDetailsElement;
  // A closed <details> still lays its content out in Chromium (content-visibility): hide it for real.
  menu.hidden = true;
  more.addEventListener('toggle', () => (menu.hidden = !more.open));
  // An action taken closes the menu (a replay stays on screen after a download).
  for (const action of actions) action.addEventListener('click', () => (more.open = false));
  return [more];
}
