/**
 * The side-by-side view after a round (client/ui/compareScreen.ts over shared/game/compare.ts),
 * reached from Results and from the step-by-step replay; Back returns to where it came from.
 */
import Phaser from 'phaser';
import type { RoundInputs } from '../../shared/game/compare.ts';
import { bus } from '../events.ts';
import { mountCompareScreen } from '../ui/compareScreen.ts';
import { Backdrop } from './backdrop.ts';

export interface CompareSceneData {
  inputs: RoundInputs;
  /** The scene (and its data) Back returns to. */
  back: { scene: 'Results' | 'Game'; data?: object };
}

export class Compare extends Phaser.Scene {
  private backdrop: Backdrop | null = null;
  private data_: CompareSceneData | null = null;

  constructor() {
    super('Compare');
  }

  init(data: Partial<CompareSceneData>): void {
    this.data_ = data.inputs && data.back ? { inputs: data.inputs, back: data.back } : null;
  }

  create(): void {
    const d = this.data_;
    if (!d) {
      this.scene.start('Menu');
      return;
    }
    this.backdrop = new Backdrop(this);
    const unmount = mountCompareScreen(d.inputs, {
      back: () => this.scene.start(d.back.scene, d.back.data),
      menu: () => {
        bus.emit('session:leave', {});
        this.scene.start('Menu');
      },
    });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, unmount);
    bus.emit('scene-ready', { scene: 'Compare' });
  }

  override update(time: number): void {
    this.backdrop?.update(time);
  }
}
