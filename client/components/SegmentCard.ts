/**
 * One segment as it flies: a card with its flags as coloured, labelled chips (colour is never the
 * only cue), seq / ack / len in monospace, and a tag when it is a retransmission, a duplicate or
 * reordered. A lost card shatters where the wire dropped it.
 */
import Phaser from 'phaser';
import { t } from '../i18n/index.ts';
import type { Flight } from '../model/view.ts';
import { primaryFlag, segmentBadges } from '../model/segmentText.ts';
import { COLORS, CSS, FLAG_COLORS } from '../theme.ts';
import { fitText, makeText } from './text.ts';

export const CARD_W = 196;
export const CARD_H = 76;

export class SegmentCard extends Phaser.GameObjects.Container {
  readonly flightId: string;
  private readonly face: Phaser.GameObjects.Container;
  private readonly bg: Phaser.GameObjects.Graphics;
  private readonly chips: Phaser.GameObjects.Text[] = [];
  private readonly seqText: Phaser.GameObjects.Text;
  private readonly ackText: Phaser.GameObjects.Text;
  private readonly tagText: Phaser.GameObjects.Text;
  private readonly shards: Phaser.GameObjects.Graphics;
  private readonly stamp: Phaser.GameObjects.Text;
  private readonly flight: Flight;
  /** The loss progress last drawn (null: intact), so an intact card costs nothing per frame. */
  private lossK: number | null = null;

  constructor(scene: Phaser.Scene, flight: Flight) {
    super(scene, 0, 0);
    this.flight = flight;
    this.flightId = flight.id;
    this.face = scene.add.container(0, 0);
    this.bg = scene.add.graphics();
    const seg = flight.segment;
    const main = FLAG_COLORS[primaryFlag(seg.flags, seg.data.length > 0)];
    this.bg.fillStyle(COLORS.panelRaised, 0.97).fillRoundedRect(-CARD_W / 2, -CARD_H / 2, CARD_W, CARD_H, 10);
    this.bg.fillStyle(main, 1).fillRoundedRect(-CARD_W / 2, -CARD_H / 2, 8, CARD_H, { tl: 10, bl: 10, tr: 0, br: 0 });
    this.bg.lineStyle(2, main, 1).strokeRoundedRect(-CARD_W / 2, -CARD_H / 2, CARD_W, CARD_H, 10);
    if (flight.duplicateOf) {
      // A copy made by the wire: a second, offset outline, like a card stacked on another.
      this.bg.lineStyle(1.5, main, 0.6).strokeRoundedRect(-CARD_W / 2 + 5, -CARD_H / 2 - 5, CARD_W, CARD_H, 10);
    }
    this.face.add(this.bg);

    let x = -CARD_W / 2 + 16;
    for (const flag of segmentBadges(seg)) {
      const chip = makeText(scene, x, -CARD_H / 2 + 8, flag === 'DATA' ? `DATA ${seg.data.length}` : flag, {
        size: 13,
        bold: true,
        mono: true,
        color: '#0b1020',
      });
      chip.setBackgroundColor(Phaser.Display.Color.IntegerToColor(FLAG_COLORS[flag]).rgba).setPadding(5, 1, 5, 1);
      this.chips.push(chip);
      this.face.add(chip);
      x += chip.width + 4;
    }
    this.seqText = makeText(scene, -CARD_W / 2 + 16, -4, '', { size: 14, mono: true });
    this.ackText = makeText(scene, -CARD_W / 2 + 16, 15, '', { size: 14, mono: true, color: CSS.textDim });
    fitText(this.seqText, `seq ${seg.seq}`, CARD_W - 26);
    fitText(this.ackText, `${seg.flags.ACK ? `ack ${seg.ack}` : 'ack —'} · len ${seg.data.length}`, CARD_W - 26);
    this.face.add([this.seqText, this.ackText]);

    this.tagText = makeText(scene, 0, -CARD_H / 2 - 6, '', { size: 12, bold: true, color: '#0b1020' }).setOrigin(0.5, 1);
    this.face.add(this.tagText);
    this.shards = scene.add.graphics();
    this.stamp = makeText(scene, 0, 0, '', { size: 22, bold: true, color: CSS.bad }).setOrigin(0.5).setVisible(false);
    this.add([this.face, this.shards, this.stamp]);
    this.relabel();
    scene.add.existing(this);
  }

  relabel(): void {
    const f = this.flight;
    const tag = f.duplicateOf ? 'wire.duplicate' : f.retransmission ? 'wire.retransmission' : f.reordered ? 'wire.reordered' : null;
    this.tagText.setVisible(tag !== null);
    if (tag) {
      this.tagText.setBackgroundColor(f.duplicateOf ? CSS.warn : f.retransmission ? '#56b4e9' : '#cc79a7').setPadding(6, 1, 6, 1);
      fitText(this.tagText, t(tag), CARD_W - 10);
    }
    this.stamp.setText('✕ ' + t('wire.lost'));
  }

  /**
   * Draw the card's destruction `k` of the way through (0..1): the card shakes, fades and shrinks
   * while shards fly outwards; pure in k, so scrubbing back in time redraws it exactly.
   */
  setLoss(k: number | null): void {
    if (k === this.lossK) return;
    this.lossK = k;
    if (k === null) {
      this.face.setAlpha(1).setScale(1).setAngle(0);
      this.shards.clear();
      this.stamp.setVisible(false);
      return;
    }
    const shake = k < 0.25 ? Math.sin(k * 90) * 4 * (1 - k * 4) : 0;
    this.face.setPosition(shake, 0).setAlpha(Math.max(0, 1 - k * 1.6)).setScale(1 - 0.4 * k).setAngle(k * 12);
    this.shards.clear();
    const main = FLAG_COLORS[primaryFlag(this.flight.segment.flags, this.flight.segment.data.length > 0)];
    const n = 10;
    for (let i = 0; i < n; i++) {
      const angle = (i / n) * Math.PI * 2 + (this.flightId.length % 3) * 0.4;
      const dist = 20 + k * (70 + (i % 3) * 22);
      const size = 10 * (1 - k);
      this.shards.fillStyle(i % 2 ? main : COLORS.bad, Math.max(0, 1 - k));
      this.shards.fillRect(Math.cos(angle) * dist - size / 2, Math.sin(angle) * dist * 0.6 - size / 2, size, size);
    }
    this.stamp.setVisible(true).setAlpha(k < 0.8 ? 1 : (1 - k) * 5).setScale(0.8 + Math.min(k * 3, 1) * 0.4);
  }
}
