/**
 * Waits for the fonts (Phaser draws text onto canvases, so a font that arrives late would leave
 * labels in a fallback face) and makes the few generated textures, with a progress bar.
 */
import Phaser from 'phaser';
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { COLORS, CSS, FONT_MONO, FONT_UI, STAGE } from '../theme.ts';

export class Preloader extends Phaser.Scene {
  constructor() {
    super('Preloader');
  }

  create(): void {
    const { width, height } = STAGE;
    const barW = 420;
    const g = this.add.graphics();
    const label = this.add
      .text(width / 2, height / 2 - 40, t('loading.fonts'), { fontFamily: FONT_UI, fontSize: '20px', color: CSS.textDim })
      .setOrigin(0.5);
    const draw = (k: number): void => {
      g.clear();
      g.fillStyle(COLORS.panelRaised, 1).fillRoundedRect(width / 2 - barW / 2, height / 2, barW, 12, 6);
      g.fillStyle(COLORS.accent, 1).fillRoundedRect(width / 2 - barW / 2, height / 2, Math.max(12, barW * k), 12, 6);
    };
    draw(0.1);
    const dot = this.make.graphics({}, false);
    dot.fillStyle(0xffffff, 1).fillCircle(4, 4, 4);
    dot.generateTexture('dot', 8, 8);
    dot.destroy();

    const fonts = [`16px ${FONT_UI}`, `bold 16px ${FONT_UI}`, `16px ${FONT_MONO}`, `bold 16px ${FONT_MONO}`];
    let done = 0;
    const loads = fonts.map((f) =>
      document.fonts.load(f, 'TCP 道场 SYN 0123').then(() => {
        done++;
        draw(0.1 + (0.9 * done) / fonts.length);
      }),
    );
    // Never hang on a missing font: the stacks have fallbacks.
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2500));
    void Promise.race([Promise.allSettled(loads), timeout]).then(() => {
      label.destroy();
      bus.emit('scene-ready', { scene: 'Preloader' });
      this.scene.start('Menu');
    });
  }
}
