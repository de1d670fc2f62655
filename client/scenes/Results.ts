/** After a round: the backdrop and the results overlay for the round the Game scene left in the registry. */
import Phaser from 'phaser';
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import type { RoundLog } from '../model/view.ts';
import { paintLadderPng } from '../components/ladderPng.ts';
import { mountResultsScreen } from '../ui/resultsScreen.ts';
import { Backdrop } from './backdrop.ts';
import type { SessionState } from '../net/session.ts';
import { downloadPcap } from '../capture/download.ts';
import { capturePcapFileName, pcapFileName, type CapturePoint } from '../../shared/pcap/export.ts';
import type { CaptureSession } from '../capture/openCapture.ts';
import { captureLog } from '../capture/captureLog.ts';
import { replayTarget } from './replayTarget.ts';

export class Results extends Phaser.Scene {
  private backdrop: Backdrop | null = null;

  constructor() {
    super('Results');
  }

  create(): void {
    this.backdrop = new Backdrop(this);
    const log = this.registry.get('lastRound') as RoundLog | undefined;
    if (!log) {
      this.scene.start('Menu');
      return;
    }
    const session = (this.registry.get('lastResult') as SessionState | null | undefined) ?? null;
    const inputs = session?.finalView?.inputs ?? session?.view?.inputs ?? null;
    // A capture opened in the game (no session: nobody played it) is titled and saved as itself, not as the demo.
    const capture = session ? null : ((this.registry.get('lastCapture') as CaptureSession | null | undefined) ?? null);
    const fileName = (point: CapturePoint): string =>
      capture
        ? capturePcapFileName(capture.file.name, point, capture.streams.length > 1 ? capture.stream : null)
        : pcapFileName(session?.room?.scenarioId || session?.finalView?.scenarioId || session?.request.scenarioId || 'demo', point);
    const unmount = mountResultsScreen(log, {
      // A capture is saved whole: a long connection's replay (and so `log`) draws part of it.
      exportPcap: (point) => downloadPcap({ view: session?.finalView ?? session?.view ?? null, log: capture ? captureLog(capture.rows, capture.stream, { whole: true }).log : log }, point, fileName(point)),
      ...(capture ? { capture: { fileName: capture.file.name, connection: capture.streams.length > 1 ? capture.stream : null } } : {}),
      ...(inputs ? { compare: () => this.scene.start('Compare', { inputs, back: { scene: 'Results' } }) } : {}),
      replay: () => this.scene.start('Game', replayTarget(log, session, capture)),
      exportPng: () => {
        const fileName = 'tcp-dojo-flow-graph.png';
        const { dataUrl } = paintLadderPng(log, log.duration, {
          title: t('ladder.title'),
          hostLabel: (role) => t(role === 'client' ? 'host.client' : 'host.server'),
          address: { client: log.hosts.client.address, server: log.hosts.server.address },
        });
        const a = document.createElement('a');
        a.href = dataUrl;
        a.download = fileName;
        a.click();
        bus.emit('ladder:exported', { dataUrl, fileName });
        bus.emit('feedback', { tone: 'good', key: 'feedback.exported', params: { file: fileName } });
      },
    }, session);
    const offs = [
      bus.on('nav:menu', () => {
        bus.emit('session:leave', {});
        this.scene.start('Menu');
      }),
      // A rematch or swap starts a new round in the same room; a next scenario joins a new room.
      bus.on('session:update', ({ session: s }) => {
        if (s.room?.phase === 'playing' && s.view && !s.view.finished) this.scene.start('Game', { mode: 'live' });
      }),
      bus.on('session:started', () => this.scene.start('Game', { mode: 'live' })),
    ];
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      offs.forEach((off) => off());
      unmount();
    });
    bus.emit('scene-ready', { scene: 'Results' });
  }

  override update(time: number): void {
    this.backdrop?.update(time);
  }
}
