/**
 * The title screen: the animated backdrop and the HTML menu. Menu intents that need a room are
 * answered plainly until the room layer exists; "watch the demo" starts the Game scene.
 */
import Phaser from 'phaser';
import { bus } from '../events.ts';
import { mountMenuScreen } from '../ui/menuScreen.ts';
import { Backdrop } from './backdrop.ts';

export class Menu extends Phaser.Scene {
  private backdrop: Backdrop | null = null;

  constructor() {
    super('Menu');
  }

  create(): void {
    this.backdrop = new Backdrop(this);
    const unmount = mountMenuScreen();
    const soon = (): void => bus.emit('feedback', { tone: 'info', key: 'feedback.soon' });
    const offs = [
      bus.on('menu:watch-demo', () => this.scene.start('Game', { mode: 'watch' })),
      // The session (client/net/session.ts) joins the room; once in, the round is on screen.
      bus.on('session:started', () => this.scene.start('Game', { mode: 'live' })),
      bus.on('round:error', ({ message }) => bus.emit('feedback', { tone: 'bad', key: 'feedback.serverError', params: { code: '', message } })),
      bus.on('menu:tutorial', soon),
    ];
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      offs.forEach((off) => off());
      unmount();
    });
    bus.emit('scene-ready', { scene: 'Menu' });
  }

  override update(time: number): void {
    this.backdrop?.update(time);
  }
}
