/** First scene: nothing to load yet; hands over to the Preloader at once. */
import Phaser from 'phaser';
import { COLORS } from '../theme.ts';

export class Boot extends Phaser.Scene {
  constructor() {
    super('Boot');
  }

  create(): void {
    this.cameras.main.setBackgroundColor(COLORS.bg);
    this.scene.start('Preloader');
  }
}
