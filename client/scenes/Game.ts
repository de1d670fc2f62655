/**
 * The round on screen. Today it runs in watch mode over the scripted demo log; later the room state
 * will supply the same RoundLog and clock. Each frame: derive the picture at `now` from the log
 * (client/model/snapshot.ts) and hand each component its slice. Components emit intents on the bus;
 * this scene answers the ones that belong to the round.
 */
import Phaser from 'phaser';
import { bus, type ComposerContext, type PlaybackStatus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { HostView } from '../components/HostView.ts';
import { LadderDiagram } from '../components/LadderDiagram.ts';
import { StateDiagramPanel } from '../components/StateDiagramPanel.ts';
import { TimerView } from '../components/TimerView.ts';
import { WireView } from '../components/WireView.ts';
import { demoRound } from '../demo/demoTimeline.ts';
import { segmentSummary } from '../model/segmentText.ts';
import {
  callAt,
  flightsOnWire,
  keyMoments,
  lastArrival,
  lastTransition,
  sndNxtAt,
  stateAt,
  timersAt,
  visitedStates,
} from '../model/snapshot.ts';
import type { HostRole, RoundLog } from '../model/view.ts';
import { mountGameHud } from '../ui/gameHud.ts';
import { Backdrop } from './backdrop.ts';
import { GAME_LAYOUT as L } from './gameLayout.ts';

export interface GameSceneData {
  mode: 'watch';
}

const hostLabel = (role: HostRole): string => t(role === 'client' ? 'host.client' : 'host.server');

export class Game extends Phaser.Scene {
  private log!: RoundLog;
  private now = 0;
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
  private lastStatus = '';

  constructor() {
    super('Game');
  }

  init(_data: Partial<GameSceneData>): void {
    this.now = 0;
    this.playing = true;
    this.lastContext = '';
    this.lastStatus = '';
  }

  create(): void {
    this.log = demoRound();
    this.registry.set('lastRound', this.log);
    const backdrop = new Backdrop(this, { packets: false });
    backdrop.update(0);

    this.hosts = {
      client: new HostView(this, { ...L.hostClient, role: 'client', address: this.log.hosts.client.address, isYou: this.player === 'client' }),
      server: new HostView(this, { ...L.hostServer, role: 'server', address: this.log.hosts.server.address, isYou: this.player === 'server' }),
    };
    this.wire = new WireView(this, L.wire);
    this.ladder = new LadderDiagram(this, {
      ...L.ladder,
      hostLabel,
      address: { client: this.log.hosts.client.address, server: this.log.hosts.server.address },
    });
    this.diagram = new StateDiagramPanel(this, L.states);
    this.timers = new TimerView(this, { ...L.timers, hostLabel });

    const unmountHud = mountGameHud({ watchMode: true });
    const offs = [
      bus.on('language-changed', () => this.relabel()),
      bus.on('playback:control', ({ action, speed, at }) => this.control(action, speed, at)),
      bus.on('host:select', ({ role }) => {
        this.focused = role;
        this.renderAt(this.now);
      }),
      bus.on('ladder:export', () => {
        const fileName = 'tcp-dojo-flow-graph.png';
        if (this.ladder.exportPng(fileName)) bus.emit('feedback', { tone: 'good', key: 'feedback.exported', params: { file: fileName } });
      }),
      bus.on('move:propose', (move) => {
        // Watch mode has no judge: acknowledge the move so the player sees it was read.
        if (move.kind === 'send') {
          const summary = segmentSummary({ src: '', dst: '', seq: move.seq ?? 0, ack: move.ack ?? 0, flags: move.flags, wnd: 0, data: move.data });
          bus.emit('feedback', { tone: 'info', key: 'feedback.watchSend', params: { summary: move.newState ? `${summary} → ${move.newState}` : summary } });
        } else {
          bus.emit('feedback', { tone: 'info', key: move.kind === 'wait' ? 'feedback.watchWait' : 'feedback.watchRetransmit' });
        }
      }),
      bus.on('nav:menu', () => this.scene.start('Menu')),
      bus.on('nav:results', () => this.scene.start('Results')),
    ];
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      offs.forEach((off) => off());
      unmountHud();
    });
    this.renderAt(0);
    bus.emit('scene-ready', { scene: 'Game' });
  }

  override update(_time: number, delta: number): void {
    if (this.playing) {
      this.now = Math.min(this.log.duration, this.now + delta * this.speed);
      if (this.now >= this.log.duration) this.playing = false;
      this.renderAt(this.now);
    }
  }

  private control(action: string, speed: number | undefined, at: number | undefined): void {
    if (speed !== undefined) this.speed = speed;
    const moments = keyMoments(this.log);
    switch (action) {
      case 'play':
        this.playing = true;
        if (this.now >= this.log.duration) this.now = 0;
        break;
      case 'pause':
        this.playing = false;
        break;
      case 'toggle':
        this.control(this.playing ? 'pause' : 'play', undefined, undefined);
        return;
      case 'restart':
        this.now = 0;
        this.playing = true;
        break;
      case 'step-back':
        this.playing = false;
        this.now = [...moments].reverse().find((m) => m < this.now - 1) ?? 0;
        break;
      case 'step-forward':
        this.playing = false;
        this.now = moments.find((m) => m > this.now + 1) ?? this.log.duration;
        break;
      case 'seek':
        this.playing = false;
        this.now = Phaser.Math.Clamp(at ?? this.now, 0, this.log.duration);
        break;
    }
    this.renderAt(this.now);
  }

  /** For tests and the screenshot script: jump the demo to a round time and hold it there. */
  freezeAt(ms: number): void {
    this.control('seek', undefined, ms);
  }

  private relabel(): void {
    this.hosts.client.relabel();
    this.hosts.server.relabel();
    this.wire.relabel();
    this.ladder.relabel();
    this.diagram.relabel();
    this.timers.relabel();
    this.lastContext = '';
    this.renderAt(this.now);
  }

  private renderAt(now: number): void {
    const log = this.log;
    for (const role of ['client', 'server'] as const) {
      const call = callAt(log, role, now);
      this.hosts[role].setHost({ state: stateAt(log, role, now), call: call ? t(call.key, call.params) : null, focused: this.focused === role });
    }
    this.wire.setFlights(flightsOnWire(log, now), now);
    this.ladder.setRound(log, now);
    const last = lastTransition(log, this.focused, now);
    this.diagram.showState({
      hostLabel: hostLabel(this.focused),
      state: stateAt(log, this.focused, now),
      visited: visitedStates(log, this.focused, now),
      last: last ? { from: last.from, to: last.to.state } : null,
    });
    this.timers.setTimers(timersAt(log, now));

    const arrival = lastArrival(log, this.player, now);
    const context: ComposerContext = {
      role: this.player,
      ownState: stateAt(log, this.player, now),
      sndNxt: sndNxtAt(log, this.player, now),
      peerSeq: arrival ? arrival.segment.seq : null,
      peerLen: arrival ? arrival.segment.data.length + (arrival.segment.flags.SYN ? 1 : 0) + (arrival.segment.flags.FIN ? 1 : 0) : null,
      retransmitReady: timersAt(log, now).some((tm) => tm.fired && tm.span.host === this.player && tm.span.kind === 'retransmission'),
      watchOnly: true,
    };
    const key = JSON.stringify(context);
    if (key !== this.lastContext) {
      this.lastContext = key;
      bus.emit('composer:context', context);
    }
    const status: PlaybackStatus = { now: Math.round(now / 50) * 50, duration: log.duration, playing: this.playing, speed: this.speed };
    const statusKey = JSON.stringify(status);
    if (statusKey !== this.lastStatus) {
      this.lastStatus = statusKey;
      bus.emit('playback:status', status);
    }
  }
}
