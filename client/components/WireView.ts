/**
 * The wire between the two hosts: segments fly across on two lanes (client → server above, server →
 * client below), positioned purely from the round clock, so scrubbing and replay need no tweens.
 * While the rows can hold them, no card covers another (wireLayout.ts: moved a little along their
 * path, then a compact face on more rows); beyond that a card is covered only at its right end, and
 * up to 6 to a row its face fits its tag, flags, seq and ack into the part left showing. Lost
 * segments shatter mid-wire; one its receiver's host dropped (a capture's) lands, dims and is
 * stamped dropped there; duplicates and reordering carry visible tags. A legend names the flag colours. Live, a player sees only what its
 * host knows (client/model/snapshot.ts wireProgress): its own segments leave and wait halfway for
 * their ACK, the peer's come in as they arrive; the wire's truth comes with the end of the round.
 */
import Phaser from 'phaser';
import { t } from '../i18n/index.ts';
import { ackedBy, DROP_SHOWN_MS, LOSS_BURST_MS, wireAlpha, wireProgress } from '../model/snapshot.ts';
import type { Flight } from '../model/view.ts';
import { COLORS, CSS, FLAG_COLORS, type FlagColorKey } from '../theme.ts';
import { SegmentCard } from './SegmentCard.ts';
import { fitText, makeText, textFloorNow } from './text.ts';
import { cardBox, drawOrder, laneLines, layoutWire, wireBox, type WireBox } from './wireLayout.ts';

export interface WireViewConfig {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class WireView extends Phaser.GameObjects.Container {
  private readonly cfg: WireViewConfig;
  private readonly lines: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly legendTitle: Phaser.GameObjects.Text;
  private readonly legendChips: Phaser.GameObjects.Text[] = [];
  private readonly cards = new Map<string, SegmentCard>();
  /** Cards off the wire, kept for the next flights (no texture churn on a busy wire). */
  private readonly spare: SegmentCard[] = [];
  private readonly cardLayer: Phaser.GameObjects.Container;
  /** The band between the title and the legend where the cards go. */
  private readonly box: WireBox;

  constructor(scene: Phaser.Scene, cfg: WireViewConfig) {
    super(scene, cfg.x, cfg.y);
    this.cfg = cfg;
    this.box = wireBox(cfg.width, cfg.height);
    this.lines = scene.add.graphics();
    // Top left, above every card (wireLayout.ts keeps the cards below it).
    this.title = makeText(scene, 12, 4, '', { size: 14, bold: true, color: CSS.textDim }).setOrigin(0, 0);
    this.legendTitle = makeText(scene, 0, cfg.height - 24, '', { size: 13, color: CSS.textDim });
    this.cardLayer = scene.add.container(0, 0);
    this.add([this.lines, this.title, this.legendTitle, this.cardLayer]);
    for (const key of Object.keys(FLAG_COLORS) as FlagColorKey[]) {
      const chip = makeText(scene, 0, cfg.height - 24, key, { size: 12, bold: true, mono: true, color: '#0b1020' });
      chip.setBackgroundColor(Phaser.Display.Color.IntegerToColor(FLAG_COLORS[key]).rgba).setPadding(5, 1, 5, 1);
      this.legendChips.push(chip);
      this.add(chip);
    }
    this.drawLines();
    this.relabel();
    scene.add.existing(this);
  }

  private laneY(from: Flight['from']): number {
    return laneLines(this.box)[from];
  }

  private drawLines(): void {
    const g = this.lines;
    const { width: w } = this.cfg;
    g.clear();
    for (const from of ['client', 'server'] as const) {
      const y = this.laneY(from);
      g.lineStyle(2, COLORS.panelBorder, 1).lineBetween(0, y, w, y);
      // Arrowhead at the receiving end.
      const tip = from === 'client' ? w : 0;
      const dir = from === 'client' ? -1 : 1;
      g.fillStyle(COLORS.panelBorder, 1).fillTriangle(tip, y, tip + dir * 12, y - 6, tip + dir * 12, y + 6);
      for (let x = 24; x < w - 24; x += 36) g.fillStyle(COLORS.grid, 1).fillCircle(x, y, 2);
    }
  }

  /**
   * Live: 'host' when the player sees the wire as its TCP knows it (its own segments as sent or
   * acknowledged, the peer's as they arrive), 'wire' in a beginner's room that shows the wire's
   * truth, 'revealed' once the round is over (every player then sees the wire's truth); null
   * elsewhere (a spectator, a replay, the demo). The title says which.
   */
  private viewMode: 'host' | 'wire' | 'revealed' | null = null;

  /** The title as drawn (fitText may have shortened it). */
  get titleText(): string {
    return this.title.text;
  }

  setViewMode(mode: 'host' | 'wire' | 'revealed' | null): void {
    if (mode === this.viewMode) return;
    this.viewMode = mode;
    this.relabel();
  }

  relabel(): void {
    const title = this.viewMode === 'host' ? t('wire.titleHost') : this.viewMode === 'wire' ? t('wire.titleShown') : this.viewMode === 'revealed' ? t('wire.titleRevealed') : t('wire.title');
    fitText(this.title, title, this.cfg.width - 24);
    fitText(this.legendTitle, t('wire.legend'), 120);
    // The flag chips (SYN, ACK…) are never too wide; only the canvas's text floor raises them.
    for (const chip of this.legendChips) {
      const size = `${Math.max(12, textFloorNow())}px`;
      if (chip.style.fontSize !== size) chip.setFontSize(size);
    }
    let x = this.legendTitle.width + 10;
    const total = x + this.legendChips.reduce((sum, c) => sum + c.width + 6, 0);
    const start = (this.cfg.width - total) / 2;
    this.legendTitle.setX(start);
    x += start;
    for (const chip of this.legendChips) {
      chip.setX(x);
      x += chip.width + 6;
    }
    for (const card of this.cards.values()) card.relabel();
  }

  /**
   * What the wire shows now: its visible cards in drawing order (the last is on top), with their
   * centres and the rectangles they cover (the card and its tag) in stage pixels, whether each
   * shows the compact face, where the text painted on its face ends (`textRight`) and whether any
   * of it had to be cut, the stamp across it (a lost or dropped card's), and how many cards exist
   * in all (shown + pooled).
   */
  cardsShown(): { cards: { flightId: string; x: number; y: number; box: { x: number; y: number; w: number; h: number }; compact: boolean; textRight: number; textCut: boolean; stamp: string | null }[]; cardsMade: number } {
    const ox = this.x + this.cardLayer.x;
    const oy = this.y + this.cardLayer.y;
    const cards = (this.cardLayer.list as SegmentCard[])
      .filter((c) => c.visible)
      .map((c) => {
        const b = cardBox({ size: c.cardSize, x: c.x, y: c.y });
        const text = c.facePainted;
        return { flightId: c.flightId, x: ox + c.x, y: oy + c.y, box: { ...b, x: ox + b.x, y: oy + b.y }, compact: c.cardSize === 'compact', textRight: ox + b.x + text.right, textCut: text.cut, stamp: c.stampShown };
      });
    return { cards, cardsMade: this.cards.size + this.spare.length };
  }

  /** Show the flights on the wire at round time `now` (see snapshot.flightsOnWire). */
  setFlights(flights: readonly Flight[], now: number): void {
    const seen = new Set<string>();
    const ordered = [...flights].sort((a, b) => a.sentAt - b.sentAt || a.id.localeCompare(b.id));
    for (const f of ordered) seen.add(f.id);
    // Cards whose flight has landed (or burst) go back to the pool, hidden, for the next flights.
    for (const [id, card] of this.cards) {
      if (!seen.has(id)) {
        card.setVisible(false);
        this.cards.delete(id);
        this.spare.push(card);
      }
    }
    // A lost segment's card shatters where the wire dropped it, and one its receiver's host dropped
    // stays where it landed: fixed there while the others fly past.
    const droppedAt = (f: Flight): boolean => f.dropped !== undefined && f.arrivesAt !== null && now >= f.arrivesAt;
    const places = new Map(layoutWire(ordered.map((f) => ({ id: f.id, from: f.from, progress: wireProgress(f, now), fixed: (f.lostAt !== null && now >= f.lostAt) || droppedAt(f) })), this.box).map((p) => [p.id, p]));
    for (const f of ordered) {
      let card = this.cards.get(f.id);
      if (!card) {
        card = this.spare.pop();
        if (card) card.show(f);
        else {
          card = new SegmentCard(this.scene, f);
          this.cardLayer.add(card);
        }
        this.cards.set(f.id, card);
      }
      const place = places.get(f.id);
      if (place) {
        card.setCardSize(place.size, place.room);
        card.setPosition(place.x, place.y);
      }
      card.setLoss(f.lostAt !== null && now >= f.lostAt ? Math.min(1, (now - f.lostAt) / LOSS_BURST_MS) : null);
      card.setDropped(droppedAt(f) ? Math.min(1, (now - (f.arrivesAt ?? now)) / DROP_SHOWN_MS) : null);
      card.setAcked(ackedBy(f, now));
      card.setAlpha(wireAlpha(f, now));
    }
    const order = drawOrder([...this.cards.values()]);
    const list = this.cardLayer.list as SegmentCard[];
    let inOrder = true;
    for (let i = 0, k = 0; i < list.length && k < order.length; i++) {
      if (!list[i]?.visible) continue;
      if (list[i] !== order[k++]) {
        inOrder = false;
        break;
      }
    }
    if (!inOrder) for (const card of order) this.cardLayer.bringToTop(card);
  }
}
