/**
 * The round on screen: live (a room's round, redrawn from each view the room sends), replay (a
 * finished round's log) or watch (the scripted demo, or the bench's stress round). Each frame:
 * derive the picture at `now` from the log (client/model/snapshot.ts) and hand each component its
 * slice. Replay and watch play back by client/model/playback.ts: stepping stops at every state a
 * host passed, quiet stretches run by quickly. Components emit intents on the bus; this scene
 * answers the ones that belong to the round.
 */
import Phaser from 'phaser';
import { bus, type ComposerContext, type PlaybackStatus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { HostView } from '../components/HostView.ts';
import { LadderDiagram } from '../components/LadderDiagram.ts';
import { formatSeconds } from '../components/ladderLayout.ts';
import { StateDiagramPanel } from '../components/StateDiagramPanel.ts';
import { TimerView } from '../components/TimerView.ts';
import { WireView } from '../components/WireView.ts';
import { setCanvasTextScale } from '../components/text.ts';
import { demoRound } from '../demo/demoTimeline.ts';
import { segmentLength, segmentSummary } from '../model/segmentText.ts';
import {
  callAt,
  flightsOnWire,
  queuesAt,
  lastTransition,
  stateAt,
  timersAt,
  type OpenDecision,
  visitedStates,
} from '../model/snapshot.ts';
import type { HostRole, RoundLog } from '../model/view.ts';
import type { RoundView, VerdictView } from '../../shared/game/views.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import { planPlayback, stepBack, stepForward, stepSpanAt, tick, withinSpan, type PlaybackPlan, type Position, type StepSpan } from '../model/playback.ts';
import { replayStep } from '../model/replayStep.ts';
import { mountGameHud, type GameHud, type LiveInfo } from '../ui/gameHud.ts';
import { createFeedbackPanel, explainRulesFor, verdictFromView } from '../ui/feedbackPanel.ts';
import { mountTutorial } from '../ui/tutorial.ts';
import { LiveRoundLog } from '../net/roundLog.ts';
import { composerContextOf, moveOf } from '../net/decision.ts';
import { currentSession, liveClockNow, type SessionState } from '../net/session.ts';
import { liveInfoOf, opponentName, roundUnderWay, scenarioTitle, turnOf } from './liveInfo.ts';
import { createRoundIntro, type RoundIntroCard } from '../ui/roundIntro.ts';
import { createConfirmLeave } from '../ui/confirmLeave.ts';
import { findScenario } from '../../shared/game/scenarios.ts';
import { Backdrop } from './backdrop.ts';
import { GAME_LAYOUT as L } from './gameLayout.ts';
import type { CaptureSession } from '../capture/openCapture.ts';
import { captureLog, captureTimersAt, type CaptureLog } from '../capture/captureLog.ts';
import { downloadPcap } from '../capture/download.ts';
import { pcapFileName } from '../../shared/pcap/export.ts';
import { mountCapturePanel } from '../ui/capturePanel.ts';
import { isYouOf } from './hostTags.ts';
import { refusalFeedback } from '../i18n/refusal.ts';
import { h } from '../ui/dom.ts';

/** watch: the scripted demo (or `log`, e.g. the bench's stress round); live: a room's round; replay: a finished round's log, step by step. */
export interface GameSceneData {
  mode: 'watch' | 'live' | 'replay';
  log?: RoundLog;
  player?: HostRole;
  /** A replay names its scenario in the top bar. */
  scenarioId?: string;
  /** A capture file opened in the replay view (client/capture/): `log` is one of its connections. */
  capture?: CaptureSession;
}

/** Live play: the flow graph gives room to the feedback panel below it. */
const LIVE_LADDER = L.liveLadder;
const LIVE_FEEDBACK = L.liveFeedback;

/** Stage px kept free at the right of the state diagram's title for the "States explained" button (gameHud.ts). */
const GLOSSARY_BUTTON_RESERVE = 190;

const hostLabel = (role: HostRole): string => t(role === 'client' ? 'host.client' : 'host.server');

export class Game extends Phaser.Scene {
  private log!: RoundLog;
  private now = 0;
  /** Of the state changes at exactly `now`, how many are shown (Infinity: all; fewer while stepping through one instant). */
  private cut = Infinity;
  /** Real ms left showing one of several states a host passed in one instant (autoplay). */
  private dwellMs = 0;
  private skipping = false;
  /** Real ms autoplay has spent skipping since the last seek or step (tests check a quiet stretch takes about IDLE_REAL_MS). */
  private skippedRealMs = 0;
  private plan: PlaybackPlan | null = null;
  private playing = true;
  private speed = 0.5;
  private player: HostRole = 'client';
  private focused: HostRole = 'client';
  private hosts!: Record<HostRole, HostView>;
  private wire!: WireView;
  private ladder!: LadderDiagram;
  private diagram!: StateDiagramPanel;
  private timers!: TimerView;
  private lastContext = '';
  private lastShownState = '';
  private lastStatus = '';
  /** The replay step last told to the phone's dock, and the positions that still tell it (tellStep). */
  private toldStep: StepSpan | null = null;
  /** A finished round's verdicts of the player's decisions (its final view), for the replay's step words. */
  private verdicts: VerdictView[] = [];
  private mode: GameSceneData['mode'] = 'watch';
  private replayLog: RoundLog | null = null;
  private scenarioId = '';
  private capture: CaptureSession | null = null;
  private captureRows: CaptureLog['rows'] | null = null;
  private live: {
    history: LiveRoundLog;
    session: SessionState | null;
    shownVerdicts: number;
    banner: LiveInfo['banner'];
    /** When the opponent's turn began (performance.now()), for the seconds the waiting player sees. */
    turnSince: number;
    lastTurn: string | null;
    /** The round whose opening card was shown (once per round). */
    introFor: number;
    intro: RoundIntroCard | null;
  } | null = null;
  private hud: GameHud | null = null;
  private addresses: Record<HostRole, string> = { client: '', server: '' };

  constructor() {
    super('Game');
  }

  init(data: Partial<GameSceneData>): void {
    this.mode = data.mode ?? 'watch';
    this.replayLog = data.log ?? null;
    this.scenarioId = data.scenarioId ?? '';
    this.capture = data.capture ?? null;
    this.captureRows = null;
    this.player = data.player ?? 'client';
    this.focused = this.player;
    this.live = this.mode === 'live' ? { history: new LiveRoundLog(), session: null, shownVerdicts: 0, banner: null, turnSince: 0, lastTurn: null, introFor: 0, intro: null } : null;
    this.now = 0;
    this.cut = Infinity;
    this.dwellMs = 0;
    this.skipping = false;
    this.playing = this.mode !== 'live';
    this.lastContext = '';
    this.lastShownState = '';
    this.lastStatus = '';
    this.toldStep = null;
    this.verdicts = [];
  }

  create(): void {
    const session = this.mode === 'live' ? currentSession() : null;
    if (session?.side) this.player = this.focused = session.side;
    this.log = this.mode !== 'live' && this.replayLog ? this.replayLog : this.mode === 'live' ? emptyLog() : demoRound();
    if (this.mode === 'watch') {
      this.registry.set('lastRound', this.log);
      this.registry.set('lastResult', null);
    }
    // Results replays the capture that is open, and nothing else's.
    if (this.mode !== 'replay' || this.capture) this.registry.set('lastCapture', this.capture);
    const live = this.mode === 'live';
    this.plan = live ? null : planPlayback(this.log);
    this.addresses = { client: this.log.hosts.client.address, server: this.log.hosts.server.address };
    const backdrop = new Backdrop(this, { packets: false });
    backdrop.update(0);
    // The canvas's small text is raised on a shrunk stage (a tablet): its floor follows the scale.
    const stageScale = (): number => this.scale.displaySize.width / this.scale.gameSize.width;
    setCanvasTextScale(stageScale());
    const onResize = (): void => {
      if (setCanvasTextScale(stageScale())) this.relabel();
    };
    this.scale.on(Phaser.Scale.Events.RESIZE, onResize);

    this.hosts = {
      client: new HostView(this, { ...L.hostClient, role: 'client', address: this.log.hosts.client.address, isYou: isYouOf(this.mode, this.player, 'client') }),
      server: new HostView(this, { ...L.hostServer, role: 'server', address: this.log.hosts.server.address, isYou: isYouOf(this.mode, this.player, 'server') }),
    };
    this.wire = new WireView(this, L.wire);
    this.ladder = new LadderDiagram(this, {
      ...(live ? LIVE_LADDER : L.ladder),
      hostLabel,
      address: this.addresses,
    });
    this.diagram = new StateDiagramPanel(this, { ...L.states, picksState: live, titleReserve: live ? GLOSSARY_BUTTON_RESERVE : 0 });
    this.timers = new TimerView(this, { ...L.timers, hostLabel });

    const scenarioId = this.scenarioId;
    const capture = this.capture;
    const modeLabel = (): string =>
      capture
        ? t('game.captureMode', { file: capture.file.name })
        : this.mode === 'replay'
          ? t('game.replayMode', { title: scenarioTitle(scenarioId) })
          : this.replayLog
            ? t('game.stressMode')
            : t('game.watchMode');
    // A finished round's replay can be saved as a capture (everything that went on the wire).
    const pcap = this.mode === 'replay' && !capture
      ? (): void => {
          const result = this.registry.get('lastResult') as SessionState | null | undefined;
          const view = result?.finalView ?? result?.view ?? null;
          downloadPcap({ view, log: this.log }, 'wire', pcapFileName(scenarioId, 'wire'));
        }
      : null;
    // Short on the crowded top bar ('⤓ .pcap'); the full words are its title and accessible name.
    const extraNav = (): HTMLElement[] =>
      pcap ? [h('button', { type: 'button', testid: 'replay-pcap', title: t('pcap.download'), 'aria-label': t('pcap.download'), onclick: pcap }, '⤓ ', t('pcap.short'))] : [];
    // A replay of a finished round can be compared with the other profile's answers (Compare scene).
    const result = this.mode === 'replay' && !capture ? ((this.registry.get('lastResult') as SessionState | null | undefined) ?? null) : null;
    const inputs = result?.finalView?.inputs ?? null;
    this.verdicts = (result?.finalView ?? result?.view)?.verdicts.filter((d) => d.side === this.player) ?? [];
    const replayData: GameSceneData = { mode: 'replay', player: this.player, scenarioId: this.scenarioId, ...(this.replayLog ? { log: this.replayLog } : {}) };
    const hud = mountGameHud({
      watchMode: !live,
      live,
      modeLabel,
      extraNav,
      ...(pcap ? { pcap } : {}),
      noComposer: !!capture,
      ...(inputs
        ? {
            compare: () => this.scene.start('Compare', { inputs, back: { scene: 'Game', data: replayData } }),
            compareLabel: () => t(inputs.profile === 'linux' ? 'compare.open.rfc9293' : 'compare.open.linux'),
          }
        : {}),
    });
    let unmountCapture: (() => void) | null = null;
    if (capture) {
      this.registry.set('lastRound', this.log);
      this.registry.set('lastResult', null);
      this.captureRows = captureLog(capture.rows, capture.stream).rows;
      unmountCapture = mountCapturePanel(capture, this.captureRows);
    }
    this.hud = hud;
    const feedback = live ? createFeedbackPanel(LIVE_FEEDBACK, hud.dockFeedback) : null;
    const gameLayer = document.querySelector<HTMLElement>('#ui .layer.game');
    if (feedback) gameLayer?.append(feedback.element);
    // A page reloaded mid-round may have its view before this scene exists: score it now, not at the next update.
    const you = session?.view?.you;
    if (feedback && you) feedback.setScore(session.view!.hosts[you].score, session.view!.hosts[you].streak);
    const intro = live ? createRoundIntro() : null;
    if (intro && this.live) {
      gameLayer?.append(intro.element);
      this.live.intro = intro;
    }
    const confirmLeave = live && gameLayer ? createConfirmLeave(gameLayer) : null;
    // Once per tutorial room: a rematch in the same room replays the round without the cards.
    let tutorial: { unmount: () => void } | null = null;
    if (live && session?.request.tutorial) {
      session.request.tutorial = false;
      tutorial = mountTutorial();
    }
    const liveOffs = live && feedback ? this.wireLive(feedback, session) : [];
    const offs = [
      ...liveOffs,
      bus.on('language-changed', () => { this.relabel(); this.pushLiveInfo(); intro?.relabel(); }),
      bus.on('playback:control', ({ action, speed, at }) => this.control(action, speed, at)),
      bus.on('host:select', ({ role }) => {
        this.focused = role;
        this.renderAt(this.now);
      }),
      bus.on('segment:inspect', ({ id }) => {
        const f = this.log.flights.find((fl) => fl.id === id);
        if (!f) return;
        const seconds = (s: string): string => t('ladder.seconds', { s });
        if (f.arrivesAt === null) {
          // The player's own segment, live: only what its TCP knows.
          const acked = f.ackedAt !== null && f.ackedAt !== undefined && f.ackedAt <= this.now;
          const params = { summary: segmentSummary(f.segment), sent: formatSeconds(f.sentAt, seconds), acked: acked ? formatSeconds(f.ackedAt ?? 0, seconds) : '' };
          bus.emit('feedback', { tone: 'info', key: acked ? 'feedback.segmentAcked' : segmentLength(f.segment) > 0 ? 'feedback.segmentAwaitingAck' : 'feedback.segmentSent', params });
          return;
        }
        const params = { summary: segmentSummary(f.segment), sent: formatSeconds(f.sentAt, seconds), end: formatSeconds(f.lostAt ?? f.arrivesAt, seconds) };
        bus.emit('feedback', { tone: f.lostAt === null ? 'info' : 'bad', key: f.lostAt !== null ? 'feedback.segmentLost' : f.dropped ? 'feedback.segmentDropped' : 'feedback.segmentArrives', params });
      }),
      bus.on('ladder:export', () => {
        const fileName = 'tcp-dojo-flow-graph.png';
        if (this.ladder.exportPng(fileName)) bus.emit('feedback', { tone: 'good', key: 'feedback.exported', params: { file: fileName } });
      }),
      bus.on('move:propose', (move) => {
        const view = this.live?.session?.view;
        if (this.live) {
          intro?.hide();
          const decisionId = view?.decision?.id;
          const m = view ? moveOf(move, view) : null;
          if (m && decisionId !== undefined) bus.emit('round:move', { decisionId, move: m });
          return;
        }
        // Watch mode has no judge: acknowledge the move so the player sees it was read.
        if (move.kind === 'send') {
          const summary = segmentSummary({ src: '', dst: '', seq: move.seq ?? 0, ack: move.ack ?? 0, flags: move.flags, wnd: 0, data: move.data });
          bus.emit('feedback', { tone: 'info', key: 'feedback.watchSend', params: { summary: move.newState ? `${summary} → ${move.newState}` : summary } });
        } else {
          bus.emit('feedback', { tone: 'info', key: move.kind === 'wait' ? 'feedback.watchWait' : 'feedback.watchRetransmit' });
        }
      }),
      bus.on('nav:menu', () => {
        const leave = (): void => {
          if (live) bus.emit('session:leave', {});
          this.scene.start('Menu');
        };
        const s = this.live?.session;
        // A live round is not left by one key press: Esc or Menu asks first (Esc again stays).
        if (confirmLeave && s && s.room?.phase === 'playing' && !s.view?.finished) {
          if (confirmLeave.open) confirmLeave.close();
          else confirmLeave.ask({ kind: s.request.classPair ? 'class' : s.room.kind === 'duel' && s.holdSeconds > 0 ? 'duel' : 'solo', holdSeconds: s.holdSeconds, code: s.room.code }, leave);
          return;
        }
        leave();
      }),
      bus.on('nav:results', () => this.scene.start('Results')),
    ];
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off(Phaser.Scale.Events.RESIZE, onResize);
      // The other scenes' canvas text was laid out for its own sizes: no floor there.
      setCanvasTextScale(1);
      offs.forEach((off) => off());
      feedback?.destroy();
      intro?.element.remove();
      confirmLeave?.destroy();
      tutorial?.unmount();
      unmountCapture?.();
      hud.unmount();
      this.hud = null;
    });
    if (live && session) this.onSession(session);
    this.renderAt(0);
    bus.emit('scene-ready', { scene: 'Game' });
  }

  /**
   * Live: every room update redraws the round; verdicts and notices feed the panels. The round's
   * first view may have come before this scene existed (the scene starts on the game's next frame,
   * which a busy page draws late), and the next update may not come before the player moves: the
   * feedback panel gets that view now (its goal and question, score, hint button).
   */
  private wireLive(feedback: ReturnType<typeof createFeedbackPanel>, current: SessionState | null): (() => void)[] {
    const feed = (session: SessionState): void => {
      // Rules explained as this round's TCP applies them, where RFC 9293 and Linux differ.
      explainRulesFor(session.room?.settings?.profile ?? null);
      const view = session.view;
      if (!view) return;
      const you = view.you;
      if (you) feedback.setScore(view.hosts[you].score, view.hosts[you].streak);
      feedback.setScenario(findScenario(view.scenarioId) ?? null);
      const d = view.finished ? null : view.decision;
      feedback.setDecision(d ? { id: d.id, revealed: view.revealed, canAsk: liveInfoOf(session, null).canHint } : null);
      if (view.verdicts.length > (this.live?.shownVerdicts ?? 0)) {
        const last = view.verdicts[view.verdicts.length - 1];
        if (this.live) this.live.shownVerdicts = view.verdicts.length;
        if (last) feedback.show(verdictFromView(last));
      }
    };
    if (current) feed(current);
    return [
      bus.on('session:update', ({ session }) => this.onSession(session)),
      bus.on('session:finished', ({ session }) => {
        this.onSession(session);
        this.registry.set('lastResult', session);
        const final = session.finalView ?? session.view;
        // The history seen during the round keeps the application's calls; the final view adds
        // both hosts' timers and queues for the replay.
        if (final) this.registry.set('lastRound', this.live?.history.update(final) ?? new LiveRoundLog().update(final));
      }),
      bus.on('session:update', ({ session }) => feed(session)),
      bus.on('round:refused', (m) => {
        const mistakes = m.verdict.fields.filter((f) => !f.ok);
        feedback.show({ decisionId: m.decisionId, accepted: false, correct: false, points: 0, bonus: 0, mistakes, attempt: m.attempt, allowed: m.verdict.allowed.length > 1 ? m.verdict.allowed : [], matched: m.verdict.matched, revealCost: 0 });
      }),
      bus.on('round:error', (m) => bus.emit('feedback', { tone: 'bad', ...refusalFeedback(m) })),
      // The right move goes in the feedback panel, with its cost, not in a passing toast.
      bus.on('round:hint', (hint) => feedback.reveal(hint)),
      bus.on('round:notice', (n) => {
        if (!this.live) return;
        const mine = n.kind !== 'round-started' && n.kind !== 'round-finished' && n.side === this.player;
        if (n.kind === 'opponent-dropped' && !mine) this.live.banner = { key: 'net.opponentDropped', tone: 'info' };
        else if (n.kind === 'opponent-left' && !mine) this.live.banner = { key: 'net.opponentLeft', tone: 'info', params: { s: n.seconds } };
        else if (n.kind === 'opponent-back' && !mine) this.live.banner = null;
        else if (n.kind === 'bot-took-over' && !mine) this.live.banner = { key: 'net.botTookOver', tone: 'info' };
        else if (n.kind === 'bot-handed-back' && !mine) this.live.banner = { key: 'net.playerBack', tone: 'info' };
        else if (n.kind === 'nudge') {
          // Only the name goes in as a parameter: the toast re-translates its key when the language
          // changes, and a word translated here would stay in the old language.
          const name = this.live.session ? opponentName(this.live.session) : '';
          bus.emit('feedback', name ? { tone: 'info', key: 'turn.nudged', params: { name } } : { tone: 'info', key: 'turn.nudgedByOpponent' });
        }
        this.pushLiveInfo();
      }),
      bus.on('round:nudged', () => bus.emit('feedback', { tone: 'good', key: 'turn.nudgeSent' })),
      // "Your opponent is back" is news, not a state of things: once the player has made a move of
      // their own since, it has been read (the bot-took-over banner stays: the bot still plays).
      bus.on('round:verdict', () => {
        if (this.live?.banner?.key !== 'net.playerBack') return;
        this.live.banner = null;
        this.pushLiveInfo();
      }),
      bus.on('net:status', ({ status }) => {
        if (!this.live) return;
        // A drop the page mends by itself, with the seat held meanwhile, is news, not an alarm: the
        // alarm tone is kept for a real loss (the seat released, the round interrupted, another tab).
        if (status === 'reconnecting') this.live.banner = { key: 'net.reconnecting', tone: 'info' };
        else if (status === 'lost') this.live.banner = { key: 'net.lost', tone: 'bad' };
        else if (status === 'flooding' || status === 'bad-frame' || status === 'elsewhere' || status === 'interrupted') this.live.banner = { key: `net.${status}`, tone: 'bad' };
        else if (this.live.banner?.key === 'net.reconnecting') this.live.banner = null;
        this.pushLiveInfo();
      }),
    ];
  }

  private onSession(session: SessionState): void {
    if (!this.live) return;
    this.live.session = session;
    if (session.side && session.side !== this.player) {
      this.player = this.focused = session.side;
    }
    if (session.view) {
      this.log = this.live.history.update(session.view);
      // A player's wire: its TCP's knowledge, the whole wire in a beginner room, or the whole wire
      // revealed once the round is over; a spectator always sees it all (the plain title).
      const beginner = session.room?.settings?.wireShown === true;
      this.wire.setViewMode(session.view.you === null ? null : !session.view.wireShown ? 'host' : beginner ? 'wire' : 'revealed');
      for (const role of ['client', 'server'] as const) {
        // A seat with a name that the bot plays: a practice bot, or a player who left and the bot took over.
        const seat = session.room?.seats[role];
        this.hosts[role].setIdentity(this.log.hosts[role].address, this.player === role, seat?.name ?? '', !!seat?.name && seat.controller === 'bot');
        if (this.addresses[role] !== this.log.hosts[role].address) {
          this.addresses[role] = this.log.hosts[role].address;
          this.ladder.relabel();
        }
      }
      this.now = Math.max(this.now, session.view.now);
    }
    this.pushLiveInfo();
    this.lastContext = '';
    this.renderAt(this.liveNow());
  }

  private pushLiveInfo(): void {
    const s = this.live?.session;
    if (!s || !this.hud || !this.live) return;
    const turn = turnOf(s);
    if (turn !== this.live.lastTurn) {
      this.live.lastTurn = turn;
      this.live.turnSince = performance.now();
    }
    this.hud.setLive(liveInfoOf(s, this.live.banner, this.live.turnSince));
    this.showIntro(s);
    this.live.intro?.keepBelow(this.hud.bannerBottom());
  }

  /** Once per round of a duel: who plays which host against whom, and the room's rules. */
  private showIntro(s: SessionState): void {
    const live = this.live;
    const room = s.room;
    // A round that ended before its player read the card (the teacher stopped the class round) has nothing left to open.
    if (live?.intro && (room?.phase === 'finished' || s.view?.finished)) live.intro.hide();
    if (!live?.intro || !room || room.kind !== 'duel' || room.phase !== 'playing' || !s.side || !room.settings || !s.view || s.view.finished) return;
    if (live.introFor === room.roundNumber) return;
    live.introFor = room.roundNumber;
    // The card opens the round: a page that was there when it started shows it, even if the other
    // player was quick to move. A page that comes back to a round already under way (a reload, a
    // return to the seat, a host the bot hands back, the class opened in another tab) lands on the
    // player's host as it is now, at its decision. Under way for this player: its host has moved
    // (a state change, a verdict, a segment sent or received), whoever moved it.
    const sawStart = s.roundStart?.roundNumber === room.roundNumber;
    if (!sawStart && roundUnderWay(s.view)) return;
    const swapped = sawStart && s.roundStart!.swapped;
    live.intro.show({ roundNumber: room.roundNumber, you: s.side, opponent: opponentName(s), swapped, settings: room.settings });
  }

  /**
   * The composer's context, live: with nothing to decide, the prompt says why the player waits
   * (its opponent deciding while game time stands still, or the clock running) and offers a nudge.
   */
  private liveContext(view: RoundView): ComposerContext | null {
    const context = composerContextOf(view);
    const s = this.live?.session;
    if (!context || !s || view.decision) return context;
    const turn = turnOf(s);
    if (turn === 'opponent') return { ...context, prompt: [{ key: 'turn.prompt.opponent', params: { name: opponentName(s) || t('turn.opponent') } }], canNudge: true };
    // Nobody to nudge: the opponent's connection dropped (the bot takes over if it does not come back).
    if (turn === 'away') return { ...context, prompt: [{ key: 'turn.prompt.away', params: { name: opponentName(s) || t('turn.opponent') } }] };
    if (turn === 'real-time') return { ...context, prompt: [{ key: 'turn.prompt.realTime' }] };
    return context;
  }

  /** Live, the decision open on the player's host: the timer behind it says "fired!" while it is open (snapshot.timersAt). */
  private openDecision(): OpenDecision | null {
    const view = this.live?.session?.view;
    return view?.you && view.decision ? { host: view.you, at: view.decision.at } : null;
  }

  /** The round clock: the room's clock run on from its anchor (it is sent only when its speed changes or it jumps). */
  private liveNow(): number {
    const session = this.live?.session;
    const view = session?.view;
    if (!session || !view) return this.now;
    if (view.finished) return this.log.duration;
    return Math.max(view.now, liveClockNow(session.clock));
  }

  override update(_time: number, delta: number): void {
    if (this.live) {
      this.now = this.liveNow();
      this.renderAt(this.now);
      return;
    }
    if (this.playing && this.plan) {
      const next = tick(this.plan, { at: this.now, cut: this.cut, dwellMs: this.dwellMs }, delta, this.speed);
      this.now = next.state.at;
      this.cut = next.state.cut;
      this.dwellMs = next.state.dwellMs;
      this.skipping = next.skipping;
      if (next.skipping) this.skippedRealMs += delta;
      if (this.now >= this.log.duration && this.dwellMs <= 0) {
        this.playing = false;
        this.skipping = false;
      }
      this.renderAt(this.now);
    } else {
      this.tellStep({ at: this.now, cut: this.cut });
    }
  }

  private control(action: string, speed: number | undefined, at: number | undefined): void {
    if (speed !== undefined) this.speed = speed;
    const plan = this.plan;
    if (!plan) return;
    const here = { at: this.now, cut: this.cut };
    const goTo = (p: { at: number; cut: number }): void => {
      this.now = p.at;
      this.cut = p.cut;
      this.dwellMs = 0;
      this.skipping = false;
      this.skippedRealMs = 0;
    };
    switch (action) {
      case 'play':
        this.playing = true;
        if (this.now >= this.log.duration) goTo({ at: 0, cut: Infinity });
        break;
      case 'pause':
        this.playing = false;
        this.skipping = false;
        break;
      case 'toggle':
        this.control(this.playing ? 'pause' : 'play', undefined, undefined);
        return;
      case 'restart':
        goTo({ at: 0, cut: Infinity });
        this.playing = true;
        break;
      case 'step-back':
        this.playing = false;
        goTo(stepBack(plan, here));
        break;
      case 'step-forward':
        this.playing = false;
        goTo(stepForward(plan, here));
        break;
      case 'seek':
        this.playing = false;
        goTo({ at: Phaser.Math.Clamp(at ?? this.now, 0, this.log.duration), cut: Infinity });
        break;
    }
    this.renderAt(this.now);
  }

  /** For tests: where playback stands, the hosts' states, timers and queue gauges shown, the flow graph's labels on screen. */
  check(): {
    now: number;
    cut: number;
    playing: boolean;
    skipping: boolean;
    skippedRealMs: number;
    state: Record<HostRole, string>;
    timers: string[];
    /** The Timers panel's rows as drawn: name, value and the line under the bar. */
    timerRows: { name: string; value: string; under: string }[];
    queues: Record<HostRole, { syn: string; accept: string } | null>;
    labels: ReturnType<LadderDiagram['labelBoxes']>;
    arrows: ReturnType<LadderDiagram['arrowLines']>;
    duration: number;
    diagram: { boxes: Record<string, { x: number; y: number }>; caption: string };
    ladderScroll: { y: number; max: number };
  } {
    const cut = this.live ? Infinity : this.cut;
    return {
      now: this.now,
      cut,
      playing: this.playing,
      skipping: this.skipping,
      skippedRealMs: this.skippedRealMs,
      state: { client: stateAt(this.log, 'client', this.now, cut), server: stateAt(this.log, 'server', this.now, cut) },
      timers: timersAt(this.log, this.now, this.openDecision()).map((tm) => `${tm.span.host}/${tm.span.kind}${tm.fired ? '/fired' : ''}`),
      timerRows: this.timers.rowsText(),
      queues: { client: this.hosts.client.queueText(), server: this.hosts.server.queueText() },
      labels: this.ladder.labelBoxes(),
      arrows: this.ladder.arrowLines(),
      duration: this.log.duration,
      diagram: { boxes: this.diagram.boxCenters(), caption: this.diagram.captionText() },
      ladderScroll: this.ladder.scrollState(),
    };
  }

  /** For tests: scroll the flow graph to a content y. */
  scrollLadder(y: number): void {
    this.ladder.scrollTo(y);
  }

  /** For tests: the PNG "Save PNG" would make now, and where its labels were drawn. */
  pngCheck(): { boxes: { text: string; x: number; y: number; w: number; h: number }[]; arrows: { label: string; x1: number; y1: number; x2: number; y2: number }[]; bytes: number } {
    const png = this.ladder.png();
    return { boxes: png?.boxes ?? [], arrows: png?.arrows ?? [], bytes: png?.dataUrl.length ?? 0 };
  }

  /** For tests and the screenshot script: jump the demo to a round time and hold it there. */
  freezeAt(ms: number): void {
    this.control('seek', undefined, ms);
  }

  /** For tests: the state each host card shows now (null: hidden from this player). */
  hostStates(): Record<HostRole, TcpState | null> {
    return { client: this.hosts.client.shownState, server: this.hosts.server.shownState };
  }

  /** For tests: each host card's YOU / PEER tag as drawn. */
  hostTags(): Record<HostRole, string> {
    return { client: this.hosts.client.tagText, server: this.hosts.server.tagText };
  }

  /** For tests: the wire panel's title as drawn. */
  wireTitle(): string {
    return this.wire.titleText;
  }

  /** For tests and the bench: the cards on the wire and the flights that should be there at this instant. */
  wireCheck(): { cards: { flightId: string; x: number; y: number; box: { x: number; y: number; w: number; h: number }; compact: boolean; textRight: number; textCut: boolean; stamp: string | null; summary: string }[]; expected: string[]; cardsMade: number; textures: number } {
    const { cards, cardsMade } = this.wire.cardsShown();
    const summaryOf = (id: string): string => {
      const f = this.log.flights.find((fl) => fl.id === id);
      return f ? segmentSummary(f.segment) : '';
    };
    return {
      cards: cards.map((c) => ({ ...c, summary: summaryOf(c.flightId) })),
      expected: flightsOnWire(this.log, this.now).map((f) => f.id),
      cardsMade,
      textures: this.textures.getTextureKeys().length,
    };
  }

  private relabel(): void {
    this.hosts.client.relabel();
    this.hosts.server.relabel();
    this.wire.relabel();
    this.ladder.relabel();
    this.diagram.relabel();
    this.timers.relabel();
    this.lastContext = '';
    this.lastShownState = '';
    this.renderAt(this.now);
  }

  private renderAt(now: number): void {
    const log = this.log;
    const cut = this.live ? Infinity : this.cut;
    const liveView = this.live?.session?.view;
    // Live, a host's state is the one its panel in the view names (shared/game/views.ts
    // playedState): the same value the composer's "now in …" reads, so no two panels disagree.
    const stateOf = (role: HostRole): TcpState | null => (liveView ? liveView.hosts[role].state : stateAt(log, role, now, cut));
    for (const role of ['client', 'server'] as const) {
      const call = callAt(log, role, now);
      const hidden = liveView?.hosts[role].state === null;
      this.hosts[role].setHost({ state: hidden ? null : stateOf(role), call: hidden ? t('host.callHidden') : call ? t(call.key, call.params) : null, focused: this.focused === role });
      this.hosts[role].setQueues(hidden ? null : queuesAt(log, role, now));
    }
    this.wire.setFlights(flightsOnWire(log, now), now);
    this.ladder.setRound(log, now, cut);
    const last = lastTransition(log, this.focused, now, cut);
    const shown = stateOf(this.focused) ?? stateAt(log, this.focused, now, cut);
    const shownKey = `${this.focused}|${shown}|${hostLabel(this.focused)}`;
    if (shownKey !== this.lastShownState) {
      this.lastShownState = shownKey;
      bus.emit('states:current', { state: shown, host: hostLabel(this.focused) });
    }
    this.diagram.showState({
      hostLabel: hostLabel(this.focused),
      state: shown,
      visited: visitedStates(log, this.focused, now, cut),
      last: last ? { from: last.from, to: last.to.state, ...(last.to.rule ? { rule: last.to.rule } : {}) } : null,
    });
    this.timers.setTimers(this.captureRows ? captureTimersAt(this.captureRows, now, this.capture?.profile ?? null) : timersAt(log, now, this.openDecision()));

    // Only a live round has a composer: a replay or the demo has nothing to decide.
    const context: ComposerContext | null = this.live && liveView ? this.liveContext(liveView) : null;
    const key = JSON.stringify(context);
    if (context && key !== this.lastContext) {
      this.lastContext = key;
      bus.emit('composer:context', context);
    }
    if (this.live) return;
    const status: PlaybackStatus = { now: Math.round(now / 50) * 50, duration: log.duration, playing: this.playing, speed: this.speed, skipping: this.skipping };
    const statusKey = JSON.stringify(status);
    if (statusKey !== this.lastStatus) {
      this.lastStatus = statusKey;
      bus.emit('playback:status', status);
    }
    this.tellStep({ at: now, cut });
  }

  /**
   * What the step says, for the replay's dock on a phone held sideways (ui/replayDock.ts, which
   * listens only while it is shown): the last step reached, which autoplay keeps telling until the
   * next. Worked out when the position leaves the stretch of the step told, and only while the dock
   * listens (a desktop's replay has none); a dock that starts listening (the phone turned sideways)
   * is told on the next frame. A capture's own panel tells its steps (ui/capturePanel.ts).
   */
  private tellStep(here: Position): void {
    if (this.live || !this.plan || this.capture || !bus.listens('replay:step')) {
      this.toldStep = null;
      return;
    }
    if (this.toldStep && withinSpan(this.toldStep, here)) return;
    this.toldStep = stepSpanAt(this.plan, here);
    const { at, cut } = this.toldStep.step;
    bus.emit('replay:step', replayStep(this.log, at, cut, this.verdicts));
  }
}

/** Before the first view arrives: two hosts, nothing on the wire. */
function emptyLog(): RoundLog {
  return {
    hosts: { client: { role: 'client', address: '' }, server: { role: 'server', address: '' } },
    flights: [],
    states: [],
    timers: [],
    calls: [],
    duration: 0,
    msl: 0,
  };
}
