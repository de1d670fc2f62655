/**
 * One segment as it flies: a card with its flags as coloured, labelled chips (colour is never the
 * only cue), seq / ack / len in monospace, and a tag when it is a retransmission, a duplicate or
 * reordered. A lost card shatters where the wire dropped it; one its receiver's host dropped (a
 * capture's) stays where it landed, dimmed and stamped "⊘ DROPPED".
 *
 * The face is painted once onto the card's own canvas texture (cardFace.ts) and drawn as one
 * Image; the wire keeps finished cards in a pool and hands them the next flight, so a busy wire
 * neither allocates nor re-rasterises text every frame.
 */
import Phaser from 'phaser';
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import type { Flight } from '../model/view.ts';
import { primaryFlag } from '../model/segmentText.ts';
import { COLORS, FLAG_COLORS } from '../theme.ts';
import { onTap } from './tap.ts';
import { CARD_H, CARD_W, FACE_H, FACE_ORIGIN, FACE_RESOLUTION, FACE_W, STAMP_SIZE, faceKey, faceTag, paintCardFace, paintDropStamp, paintStamp, type FacePainted } from './cardFace.ts';
import { CARD_SIZES, type CardSize } from './wireLayout.ts';

export { CARD_H, CARD_W } from './cardFace.ts';

let serial = 0;

/** The shared "✕ LOST" texture (or, `dropped`, the "⊘ DROPPED" one) for the current language, painted on first use. */
function stampTexture(scene: Phaser.Scene, label: string, dropped = false): string {
  const key = `segment-card-stamp:${dropped ? 'dropped' : 'lost'}:${label}`;
  if (!scene.textures.exists(key)) {
    const tex = scene.textures.createCanvas(key, CARD_W * FACE_RESOLUTION, STAMP_SIZE * 2 * FACE_RESOLUTION);
    if (tex) {
      (dropped ? paintDropStamp : paintStamp)(tex.getContext(), label);
      tex.refresh();
    }
  }
  return key;
}

export class SegmentCard extends Phaser.GameObjects.Container {
  private flight: Flight;
  private readonly texture: Phaser.Textures.CanvasTexture;
  private readonly face: Phaser.GameObjects.Image;
  private readonly stamp: Phaser.GameObjects.Image;
  /** Made on the first loss this card shows. */
  private shards: Phaser.GameObjects.Graphics | null = null;
  private painted = '';
  /** The loss progress last drawn (null: intact), so an intact card costs nothing per frame. */
  private lossK: number | null = null;
  /** Its receiver's host dropped it: how far through being shown so it is (null: not dropped). */
  private dropK: number | null = null;
  /** Live: the player's own segment has been acknowledged (its tag says so). */
  private acked = false;
  /** The face drawn: full, or compact on a crowded wire (wireLayout.ts). */
  private size: CardSize = 'full';
  private readonly zone: Phaser.GameObjects.Zone;

  constructor(scene: Phaser.Scene, flight: Flight) {
    super(scene, 0, 0);
    this.flight = flight;
    const key = `segment-card-${++serial}`;
    const texture = scene.textures.createCanvas(key, FACE_W * FACE_RESOLUTION, FACE_H * FACE_RESOLUTION);
    if (!texture) throw new Error(`could not create the texture ${key}`);
    this.texture = texture;
    this.face = scene.add.image(0, 0, key).setOrigin(FACE_ORIGIN.x, FACE_ORIGIN.y).setScale(1 / FACE_RESOLUTION);
    this.stamp = scene.add.image(0, 0, stampTexture(scene, '✕ ' + t('wire.lost'))).setScale(1 / FACE_RESOLUTION).setVisible(false);
    // Click or tap a card to read the whole segment.
    const zone = scene.add.zone(0, 0, CARD_W, CARD_H).setInteractive({ useHandCursor: true });
    onTap(zone, () => bus.emit('segment:inspect', { id: this.flight.id }));
    this.zone = zone;
    this.add([this.face, this.stamp, zone]);
    this.setSize(CARD_W, CARD_H);
    this.once(Phaser.GameObjects.Events.DESTROY, () => this.texture.destroy());
    this.show(flight);
    scene.add.existing(this);
  }

  get flightId(): string {
    return this.flight.id;
  }

  /** The stamp shown across the card now ("✕ LOST", "⊘ DROPPED"), or null. */
  get stampShown(): string | null {
    if (!this.stamp.visible) return null;
    return this.stampLabel();
  }

  /** The stamp's words in the current language: lost on the wire, or dropped by its receiver's host (its ring is drawn, not a glyph). */
  private stampLabel(): string {
    return this.dropK === null ? '✕ ' + t('wire.lost') : '⊘ ' + t('wire.dropped');
  }

  get cardSize(): CardSize {
    return this.size;
  }

  /** Where the face's text ends and whether any had to be cut (cardFace.ts FacePainted). */
  private faceText: FacePainted = { right: 0, cut: false };

  get facePainted(): FacePainted {
    return this.faceText;
  }

  /** How much of the card, from its left edge, its row leaves uncovered (wireLayout.ts CardPlace.room). */
  private room: number = CARD_SIZES.full.w;

  /**
   * Draw the full or the compact face, its text fitted into the `room` its row leaves uncovered;
   * the card answers clicks over the face it shows.
   */
  setCardSize(size: CardSize, room: number = CARD_SIZES[size].w): void {
    if (size === this.size && room === this.room) return;
    this.room = room;
    if (size !== this.size) {
      this.size = size;
      const { w, h } = CARD_SIZES[size];
      // Zone.setSize resizes its hit area too.
      this.zone.setSize(w, h);
      this.setSize(w, h);
    }
    this.relabel();
  }

  /** Show `flight` (a new one when the card comes out of the pool); repaints only when the face differs. */
  show(flight: Flight): void {
    if (flight.id !== this.flight.id) {
      this.setLoss(null);
      this.setDropped(null);
      this.acked = false;
    }
    this.flight = flight;
    this.setVisible(true);
    this.relabel();
  }

  relabel(): void {
    const tag = faceTag(this.flight, this.acked);
    const labels = { tag: tag ? t(tag) : null };
    const key = faceKey(this.flight, labels, this.size, this.room);
    if (key !== this.painted) {
      this.painted = key;
      this.faceText = paintCardFace(this.texture.getContext(), this.flight, labels, this.acked, this.size, this.room);
      this.texture.refresh();
    }
    this.stamp.setTexture(this.dropK === null ? stampTexture(this.scene, this.stampLabel()) : stampTexture(this.scene, t('wire.dropped'), true));
  }

  /** Live: whether an ACK covering the player's own segment has arrived by now (the tag changes). */
  setAcked(acked: boolean): void {
    if (acked === this.acked) return;
    this.acked = acked;
    this.relabel();
  }

  /**
   * A segment its receiver's host dropped, `k` of the way through being shown (0..1), or null: the
   * card stays where it landed, dimmed, stamped "⊘ DROPPED" from the start (a replay stepping to
   * its arrival shows it at 0), and fades at the end. Pure in k, as setLoss.
   */
  setDropped(k: number | null): void {
    if (k === this.dropK) return;
    const was = this.dropK;
    this.dropK = k;
    const base = 1 / FACE_RESOLUTION;
    if (k === null) {
      if (was === null) return;
      this.face.setAlpha(1);
      this.stamp.setVisible(false);
      this.relabel();
      return;
    }
    if (was === null) this.relabel();
    const fade = k < 0.8 ? 1 : (1 - k) * 5;
    this.face.setPosition(0, 0).setScale(base).setAngle(0).setAlpha(0.4 * fade);
    this.stamp.setVisible(true).setAlpha(fade).setScale(base);
  }

  /**
   * Draw the card's destruction `k` of the way through (0..1): the card shakes, fades and shrinks
   * while shards fly outwards; pure in k, so scrubbing back in time redraws it exactly.
   */
  setLoss(k: number | null): void {
    if (k === this.lossK) return;
    this.lossK = k;
    const base = 1 / FACE_RESOLUTION;
    if (k === null) {
      this.face.setPosition(0, 0).setAlpha(1).setScale(base).setAngle(0);
      this.shards?.clear().setVisible(false);
      this.stamp.setVisible(false);
      return;
    }
    const shake = k < 0.25 ? Math.sin(k * 90) * 4 * (1 - k * 4) : 0;
    this.face.setPosition(shake, 0).setAlpha(Math.max(0, 1 - k * 1.6)).setScale(base * (1 - 0.4 * k)).setAngle(k * 12);
    if (!this.shards) {
      this.shards = this.scene.add.graphics();
      this.addAt(this.shards, 1);
    }
    const shards = this.shards.clear().setVisible(true);
    const main = FLAG_COLORS[primaryFlag(this.flight.segment.flags, this.flight.segment.data.length > 0)];
    const n = 10;
    for (let i = 0; i < n; i++) {
      const angle = (i / n) * Math.PI * 2 + (this.flight.id.length % 3) * 0.4;
      const dist = 20 + k * (70 + (i % 3) * 22);
      const size = 10 * (1 - k);
      shards.fillStyle(i % 2 ? main : COLORS.bad, Math.max(0, 1 - k));
      shards.fillRect(Math.cos(angle) * dist - size / 2, Math.sin(angle) * dist * 0.6 - size / 2, size, size);
    }
    this.stamp.setVisible(true).setAlpha(k < 0.8 ? 1 : (1 - k) * 5).setScale(base * (0.8 + Math.min(k * 3, 1) * 0.4));
  }
}
