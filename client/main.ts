/**
 * The browser entry: i18n first (every label needs it), then the game and its HTML overlay.
 * `StartGame(parent)` is the factory the page (and tests) call.
 */
import Phaser from 'phaser';
import { bus } from './events.ts';
import type { Move } from '../shared/game/move.ts';
import { currentLang, initI18n, setLang, type Lang } from './i18n/index.ts';
import { textOverflows } from './components/text.ts';
import { Boot } from './scenes/Boot.ts';
import { Game } from './scenes/Game.ts';
import { Menu } from './scenes/Menu.ts';
import { Preloader } from './scenes/Preloader.ts';
import { Results } from './scenes/Results.ts';
import { Compare } from './scenes/Compare.ts';
import { COLORS, STAGE } from './theme.ts';
import { overflows } from './ui/fit.ts';
import { mountLangSwitch } from './ui/langSwitch.ts';
import { createOverlay } from './ui/overlay.ts';
import { mountToasts } from './ui/toast.ts';
import { mountSmallScreenNotice } from './ui/smallScreen.ts';
import { currentSession, mountSession, reconnectsOnDrop } from './net/session.ts';
import { stressRound } from './demo/stressTimeline.ts';
import { installCaptureOpening } from './capture/openCapture.ts';
import type { RoundView } from '../shared/game/views.ts';
import { roundLogOf } from './net/roundLog.ts';

export function StartGame(parent: string | HTMLElement): Phaser.Game {
  const element = typeof parent === 'string' ? document.getElementById(parent) : parent;
  if (!element) throw new Error(`StartGame: no element ${String(parent)}`);
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent: element,
    width: STAGE.width,
    height: STAGE.height,
    backgroundColor: COLORS.bg,
    antialias: true,
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
    input: { touch: true },
    disableContextMenu: true,
    banner: false,
    scene: [Boot, Preloader, Menu, Game, Results, Compare],
  });
  const overlay = createOverlay(element, game);
  mountLangSwitch(overlay);
  mountToasts(overlay);
  mountSmallScreenNotice();
  mountSession();
  return game;
}

/** What browser tests may call: no secrets, nothing the page's own controls could not do (a move sent here is judged as one sent with Send). */
export interface TestHooks {
  game: Phaser.Game;
  lang: () => Lang;
  setLang: (lang: Lang) => Promise<void>;
  activeScenes: () => string[];
  /** Watch a generated round with `concurrent` segments on the wire at once (the client fps bench). */
  watchStress: (concurrent: number) => void;
  /** Freeze the watch-mode demo at a round time (ms). */
  freezeAt: (ms: number) => void;
  /** Open a finished round's view (as a room sends it) in the step-by-step replay, as Results does. */
  replayView: (view: RoundView, player: 'client' | 'server') => void;
  /** The Game scene now: playback position, the hosts' states and timers shown, the flow graph's labels and queue gauges. */
  gameCheck: () => unknown;
  /** Scroll the Game scene's flow graph to a content y (tests read every part of a long graph). */
  scrollLadder: (y: number) => void;
  /** The flow graph as the Save PNG button would export it now: the label boxes as drawn. */
  ladderPng: () => { boxes: { text: string; x: number; y: number; w: number; h: number }[]; arrows: { label: string; x1: number; y1: number; x2: number; y2: number }[]; bytes: number } | null;
  overflows: () => { html: ReturnType<typeof overflows>; canvas: ReturnType<typeof textOverflows> };
  readyScenes: string[];
  /** What this player's page knows about its room (the same data the screen shows). */
  session: () => { roomId: string; side: string | null; phase: string; decisionId: number | null; prompt: string | null; finished: boolean; code: string } | null;
  lastHint: () => unknown;
  /** The state each host card of the Game scene shows (null: hidden), or null outside the game. */
  hostStates: () => Record<'client' | 'server', string | null> | null;
  /** The wire panel's title (it says how much of the wire the player sees), or null outside the game. */
  wireTitle: () => string | null;
  /** Each host card's YOU / PEER tag as drawn, or null outside the game. */
  hostTags: () => Record<'client' | 'server', string> | null;
  netStatus: () => string;
  /** The SDK would reconnect by itself if the connection dropped now (see session.ts). */
  reconnectsOnDrop: () => boolean;
  /**
   * Send a move as the composer's Send does (the same bus event, the same message to the room,
   * judged the same): for tests about what follows a move, not about composing one (the composer
   * has its own, typing every field).
   */
  sendMove: (decisionId: number, move: Move) => void;
}

declare global {
  interface Window {
    __tcpDojo?: TestHooks;
  }
}

async function main(): Promise<void> {
  await initI18n();
  const game = StartGame('app');
  installCaptureOpening(game);
  const readyScenes: string[] = [];
  let lastHint: unknown = null;
  let netStatus = 'none';
  bus.on('round:hint', (h) => (lastHint = h));
  bus.on('net:status', ({ status }) => (netStatus = status));
  bus.on('scene-ready', ({ scene }) => readyScenes.push(scene));
  const watchStress = (concurrent: number): void => {
    const from = game.scene.getScenes(true)[0] ?? game.scene.getScene('Menu');
    from.scene.start('Game', { mode: 'watch', log: stressRound(concurrent) });
  };
  // `?stress=48`: straight from the menu into watch mode over the stress round.
  const stress = Number(new URLSearchParams(location.search).get('stress') ?? '');
  if (stress > 0) {
    const off = bus.on('scene-ready', ({ scene }) => {
      if (scene !== 'Menu') return;
      off();
      watchStress(stress);
    });
  }
  window.__tcpDojo = {
    game,
    lang: currentLang,
    setLang,
    activeScenes: () => game.scene.getScenes(true).map((s) => s.scene.key),
    watchStress,
    freezeAt: (ms) => {
      const scene = game.scene.getScene('Game');
      if (scene instanceof Game) scene.freezeAt(ms);
    },
    replayView: (view, player) => {
      const from = game.scene.getScenes(true)[0] ?? game.scene.getScene('Menu');
      from.scene.start('Game', { mode: 'replay', log: roundLogOf(view), player, scenarioId: view.scenarioId });
    },
    gameCheck: () => {
      const scene = game.scene.getScene('Game');
      return scene instanceof Game && scene.scene.isActive() ? scene.check() : null;
    },
    scrollLadder: (y) => {
      const scene = game.scene.getScene('Game');
      if (scene instanceof Game && scene.scene.isActive()) scene.scrollLadder(y);
    },
    ladderPng: () => {
      const scene = game.scene.getScene('Game');
      return scene instanceof Game && scene.scene.isActive() ? scene.pngCheck() : null;
    },
    overflows: () => ({ html: overflows(document.getElementById('ui') ?? document.body), canvas: textOverflows() }),
    readyScenes,
    session: () => {
      const s = currentSession();
      if (!s) return null;
      return {
        roomId: s.roomId,
        side: s.side,
        phase: s.room?.phase ?? 'waiting',
        decisionId: s.view?.decision?.id ?? null,
        prompt: s.view?.decision?.prompt.kind ?? null,
        finished: s.room?.phase === 'finished',
        code: s.room?.code ?? '',
      };
    },
    lastHint: () => lastHint,
    hostStates: () => {
      const scene = game.scene.getScene('Game');
      return scene instanceof Game && scene.scene.isActive() ? scene.hostStates() : null;
    },
    hostTags: () => {
      const scene = game.scene.getScene('Game');
      return scene instanceof Game && scene.scene.isActive() ? scene.hostTags() : null;
    },
    wireTitle: () => {
      const scene = game.scene.getScene('Game');
      return scene instanceof Game && scene.scene.isActive() ? scene.wireTitle() : null;
    },
    netStatus: () => netStatus,
    reconnectsOnDrop,
    sendMove: (decisionId, move) => bus.emit('round:move', { decisionId, move }),
  };
}

void main();
