/**
 * The title screen: the animated backdrop and the HTML menu. Intents that need a room go to the
 * session (client/net/session.ts); once it has joined, the Game scene starts. "Watch the demo"
 * starts the Game scene on the scripted round.
 */
import Phaser from 'phaser';
import { bus } from '../events.ts';
import { mountMenuScreen } from '../ui/menuScreen.ts';
import { Backdrop } from './backdrop.ts';
import { refusalKey } from '../i18n/refusal.ts';
import { readRefusal } from '../../shared/refusals.ts';
import { ROOM_FULL, SEAT_GONE } from '../net/session.ts';

/** A refused join, in the player's words, by the code the server (or Colyseus' matchmaker) sent. */
const JOIN_ERRORS: Record<string, string> = {
  [String(ROOM_FULL)]: 'menu.join.full',
  [String(SEAT_GONE)]: 'menu.join.gone',
  // Colyseus' ErrorCode.MATCHMAKE_INVALID_ROOM_ID: no room with that id (or code).
  '522': 'menu.join.noRoom',
  // Colyseus' ErrorCode.MATCHMAKE_EXPIRED: the seat's reservation (or reconnection token) ran out
  // before this page sat down, or its room is gone (a class game on a slow tablet). Colyseus' own
  // words for it are English only ("seat reservation expired."), so they are not shown.
  '524': 'menu.join.gone',
  // A class round's Results asked for by its id (session.ts showRoundOver), and the store has none.
  round_not_found: 'menu.join.resultsGone',
};

export class Menu extends Phaser.Scene {
  private backdrop: Backdrop | null = null;

  constructor() {
    super('Menu');
  }

  create(): void {
    this.backdrop = new Backdrop(this);
    const unmount = mountMenuScreen();
    const offs = [
      bus.on('menu:watch-demo', () => this.scene.start('Game', { mode: 'watch' })),
      // The session (client/net/session.ts) joins the room; once in, the round is on screen.
      bus.on('session:started', () => this.scene.start('Game', { mode: 'live' })),
      // By the refusal's code; an older server's status, or Colyseus' own, by JOIN_ERRORS.
      bus.on('round:error', (m) => bus.emit('feedback', { tone: 'bad', ...(refusalKey(readRefusal(m)) ?? { key: JOIN_ERRORS[m.code] ?? 'menu.join.failed', params: { message: m.message } }) })),
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
