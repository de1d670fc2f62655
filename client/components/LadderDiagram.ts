/**
 * The live flow graph (Wireshark's "Flow Graph" / a sequence diagram): time downwards, one arrow per
 * segment labelled "SYN, ACK seq=… ack=… len=…", each host's state written beside its axis when it
 * changes; segments no host sent (old duplicates, spoofed SYNs) come from a lane of their own.
 * Where everything goes, labels included, is ladderLayout.ts's job; this draws it. Scrolls with the
 * wheel, a drag or the scrollbar; follows the newest row unless the player scrolled away.
 * `toPng()` draws the whole graph, not just the visible part.
 *
 * API (others build on it): `setRound(log, now)`, `relabel()`, `scrollTo(y)`, `toPng()`,
 * `exportPng(name)`, `labelBoxes()` (what is on screen, for tests).
 */
import Phaser from 'phaser';
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import type { HostRole, RoundLog } from '../model/view.ts';
import { primaryFlag } from '../model/segmentText.ts';
import { COLORS, CSS, FLAG_COLORS, hex } from '../theme.ts';
import { dropRing, formatSeconds, LADDER, ladderMetrics, layoutLadder, type LabelBox, type LadderLayout, type LadderMetrics } from './ladderLayout.ts';
import { paintLadderPng, type LadderPng } from './ladderPng.ts';
import { ladderText, monoLineHeight, monoMeasure, secondsText } from './ladderText.ts';
import { stateColor } from './stateColors.ts';
import { fitText, makeText, setTextAlign, setTextColor, textFloorNow } from './text.ts';

export interface LadderDiagramConfig {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Host names shown over each axis (already translated by the caller's `hostLabel`). */
  hostLabel: (role: HostRole) => string;
  address: Record<HostRole, string>;
}

export class LadderDiagram extends Phaser.GameObjects.Container {
  private readonly cfg: LadderDiagramConfig;
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly content: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly hint: Phaser.GameObjects.Text;
  private readonly axisLabels: Record<HostRole, Phaser.GameObjects.Text>;
  /** Labels by what they show (a time row, an arrow, a state mark), kept across frames so a label is re-rasterised only when its own text changes. */
  private labels = new Map<string, Phaser.GameObjects.Text>();
  private readonly spare: Phaser.GameObjects.Text[] = [];
  private readonly sparePlates: Phaser.GameObjects.Text[] = [];
  private readonly textLayer: Phaser.GameObjects.Container;
  private log: RoundLog | null = null;
  private now = 0;
  private cut = Infinity;
  private layout: LadderLayout | null = null;
  private scrollY = 0;
  private follow = true;
  private dragFrom: { pointerY: number; scrollY: number } | null = null;

  constructor(scene: Phaser.Scene, cfg: LadderDiagramConfig) {
    super(scene, cfg.x, cfg.y);
    this.cfg = cfg;
    this.frame = scene.add.graphics();
    this.content = scene.add.graphics();
    this.textLayer = scene.add.container(0, 0);
    this.title = makeText(scene, 16, 10, '', { size: 16, bold: true });
    this.hint = makeText(scene, cfg.width - 16, cfg.height - 8, '', { size: 12, color: CSS.textDim }).setOrigin(1, 1);
    this.axisLabels = {
      client: makeText(scene, 0, 34, '', { size: 13, bold: true, align: 'center' }).setOrigin(0.5, 0),
      server: makeText(scene, 0, 34, '', { size: 13, bold: true, align: 'center' }).setOrigin(0.5, 0),
    };
    this.add([this.frame, this.content, this.textLayer, this.title, this.hint, this.axisLabels.client, this.axisLabels.server]);

    const viewport = scene.add
      .zone(0, LADDER.headerH, cfg.width, cfg.height - LADDER.headerH)
      .setOrigin(0, 0)
      .setInteractive({ draggable: false });
    viewport.on(Phaser.Input.Events.GAMEOBJECT_WHEEL, (_p: Phaser.Input.Pointer, _dx: number, dy: number) => this.scrollBy(dy));
    viewport.on(Phaser.Input.Events.POINTER_DOWN, (p: Phaser.Input.Pointer) => {
      this.dragFrom = { pointerY: p.y, scrollY: this.scrollY };
    });
    scene.input.on(Phaser.Input.Events.POINTER_MOVE, (p: Phaser.Input.Pointer) => {
      if (this.dragFrom && p.isDown) this.scrollTo(this.dragFrom.scrollY - (p.y - this.dragFrom.pointerY));
    });
    scene.input.on(Phaser.Input.Events.POINTER_UP, () => {
      this.dragFrom = null;
    });
    this.addAt(viewport, 0);
    scene.add.existing(this);
    this.relabel();
  }

  private get viewH(): number {
    return this.cfg.height - LADDER.headerH - 6;
  }

  private maxScroll(): number {
    return Math.max(0, (this.layout?.contentHeight ?? 0) - this.viewH);
  }

  scrollBy(dy: number): void {
    this.scrollTo(this.scrollY + dy);
  }

  /** Scroll to a content y; scrolling to the bottom turns following back on. */
  scrollTo(y: number): void {
    const max = this.maxScroll();
    this.scrollY = Phaser.Math.Clamp(y, 0, max);
    this.follow = this.scrollY >= max - 2;
    this.redraw();
  }

  private computeLayout(): LadderLayout | null {
    if (!this.log) return null;
    // Going on from the last layout: only what is new is placed, what is on screen stays put.
    // On a shrunk stage (a tablet) its text is raised to the canvas's floor, and laid out for it.
    const options = { text: ladderText(), measure: monoMeasure, lineHeight: monoLineHeight, stateCut: this.cut, textFloor: textFloorNow(), seconds: secondsText };
    return layoutLadder(this.log, this.now, this.cfg.width, options, this.layout);
  }

  /** The graph's columns and spacing: its layout's, or (no round yet) those at the canvas's text floor now. */
  private metrics(): LadderMetrics {
    return this.layout?.metrics ?? ladderMetrics(textFloorNow(), monoMeasure, formatSeconds(0, secondsText));
  }

  /** Where a host's axis is drawn. */
  private axisX(role: HostRole): number {
    const m = this.metrics();
    return this.layout?.axisX[role] ?? (role === 'client' ? m.timeColW + m.stateColW : this.cfg.width - m.stateColW);
  }

  relabel(): void {
    // The labels' words changed language: their boxes are measured again.
    this.layout = this.computeLayout();
    const { width: w, height: h } = this.cfg;
    this.frame.clear();
    this.frame.fillStyle(COLORS.panel, 1).fillRoundedRect(0, 0, w, h, 14);
    this.frame.lineStyle(1.5, COLORS.panelBorder, 1).strokeRoundedRect(0, 0, w, h, 14);
    this.frame.lineStyle(1, COLORS.panelBorder, 1).lineBetween(0, LADDER.headerH, w, LADDER.headerH);
    fitText(this.title, t('ladder.title'), w / 2 - 30);
    fitText(this.hint, t('ladder.scrollHint'), 200);
    for (const role of ['client', 'server'] as const) {
      this.axisLabels[role].setX(this.axisX(role));
      fitText(this.axisLabels[role], `${this.cfg.hostLabel(role)}  ${this.cfg.address[role]}`, 2 * this.metrics().stateColW + 40);
    }
    this.redraw();
  }

  /**
   * Show the round as it stands at `now` (cheap when nothing changed); `cut`: of the state changes
   * at exactly `now`, only the first so many (a replay stepping through one instant).
   */
  setRound(log: RoundLog, now: number, cut = Infinity): void {
    if (log === this.log && now === this.now && cut === this.cut) return;
    this.log = log;
    this.now = now;
    this.cut = cut;
    const layout = this.computeLayout();
    this.layout = layout;
    if (this.follow && layout) {
      const newest = Math.max(layout.metrics.topPad, ...layout.arrows.map((a) => Math.max(a.y1, a.y2, a.labelShown ? a.labelBox.y + a.labelBox.h : 0)), ...layout.states.map((s) => s.y));
      this.scrollY = Phaser.Math.Clamp(newest + 60 - this.viewH, 0, this.maxScroll());
    }
    this.redraw();
  }

  /**
   * The label shown under `key` this frame: last frame's one for the same key, else one from the
   * pool. Arrow labels (a plate of a fixed size) and plain ones (times, states) have pools of their own.
   */
  private text(key: string, prev: Map<string, Phaser.GameObjects.Text>, next: Map<string, Phaser.GameObjects.Text>): Phaser.GameObjects.Text {
    const plate = key.startsWith('a') || key === 'lane';
    const spare = plate ? this.sparePlates : this.spare;
    let label = prev.get(key);
    if (label) prev.delete(key);
    else label = spare.pop();
    if (!label) {
      label = makeText(this.scene, 0, 0, '', { size: 12, mono: true });
      // (Its size is the layout's, raised to the canvas's text floor on a shrunk stage.)
      label.setName('flow-graph-label');
      label.setData('plate', plate);
      if (plate) {
        // An opaque plate: a label sits on its own arrow, whose line passes behind the words.
        label.setBackgroundColor('#121a2e');
        label.setPadding(LADDER.labelPadX, LADDER.labelPadY, LADDER.labelPadX, LADDER.labelPadY);
      }
      this.textLayer.add(label);
    }
    next.set(key, label);
    if (!label.visible) label.setVisible(true);
    return label;
  }

  private redraw(): void {
    const g = this.content;
    g.clear();
    const layout = this.layout;
    const { width: w, height: h } = this.cfg;
    const top = LADDER.headerH + 4;
    const bottom = h - 6;
    const off = top - this.scrollY;
    const inView = (y: number, pad = 0): boolean => y + off >= top + pad && y + off <= bottom - pad;

    // Axes, always full height.
    for (const role of ['client', 'server'] as const) {
      const x = this.axisX(role);
      g.lineStyle(3, COLORS.panelBorder, 1).lineBetween(x, top, x, bottom);
    }
    const prev = this.labels;
    const next = new Map<string, Phaser.GameObjects.Text>();
    if (layout) {
      const m = layout.metrics;
      for (const tm of layout.times) {
        if (!inView(tm.y, 8)) continue;
        const label = this.text(`t${tm.at}`, prev, next);
        setTextAlign(setTextColor(label, CSS.textDim), 'left').setOrigin(0, 0.5).setPosition(10, tm.y + off);
        // (The column is as wide as its widest time at a text floor; with none, a long time shrinks.)
        fitText(label, formatSeconds(tm.shownAt, secondsText), m.timeColW - 12);
        g.lineStyle(1, COLORS.grid, 1).lineBetween(m.timeColW - 2, tm.y + off, w - 8, tm.y + off);
      }
      const lane = layout.lane;
      if (lane) {
        const y1 = Math.max(top, lane.y1 - 8 + off);
        const y2 = Math.min(bottom, lane.y2 + 8 + off);
        if (y2 > y1) dashedLine(g, lane.x, y1, lane.x, y2, 2, COLORS.textDim, 0.8);
        if (inView(lane.titleBox.y, 0) && inView(lane.titleBox.y + lane.titleBox.h, 0)) {
          this.placeLabel(this.text('lane', prev, next), lane.titleBox, CSS.textDim, off);
        }
      }
      for (const a of layout.arrows) {
        const color = FLAG_COLORS[primaryFlag(a.flight.segment.flags, a.flight.segment.data.length > 0)];
        // It reached the receiver's host, which dropped it: a slashed ring against the axis, words in the same colour.
        const dropped = a.arrived && a.flight.dropped !== undefined;
        const clipped = clipToBand(a.x1, a.y1 + off, a.x2, a.y2 + off, top, bottom);
        if (clipped) {
          const [cx1, cy1, cx2, cy2] = clipped;
          const dim = a.flight.duplicateOf ? 0.6 : 1;
          if (a.lost) dashedLine(g, cx1, cy1, cx2, cy2, 2, COLORS.bad, 1);
          else if (a.pending && !a.acked) dashedLine(g, cx1, cy1, cx2, cy2, 2, color, 1);
          else if (a.flight.injected) dashedLine(g, cx1, cy1, cx2, cy2, 2, color, 1, 7, 4);
          else g.lineStyle(2, color, dim).lineBetween(cx1, cy1, cx2, cy2);
          // Where its sender's knowledge of it ends: an open ring, not an arrowhead at the peer.
          if (cy2 === a.y2 + off && a.pending) g.lineStyle(2, color, 1).strokeCircle(cx2, cy2, 4);
          else if (cy2 === a.y2 + off && dropped) dropMark(g, dropRing(a.x1, a.y1 + off, cx2, cy2));
          else if (cy2 === a.y2 + off && !a.lost) arrowHead(g, a.x1, a.y1 + off, cx2, cy2, color);
          if (a.lost && cy2 === a.y2 + off) {
            g.lineStyle(3, COLORS.bad, 1).lineBetween(cx2 - 7, cy2 - 7, cx2 + 7, cy2 + 7).lineBetween(cx2 - 7, cy2 + 7, cx2 + 7, cy2 - 7);
          }
        }
        const box = a.labelBox;
        if (a.labelShown && inView(box.y, 0) && inView(box.y + box.h, 0)) {
          this.placeLabel(this.text(`a${a.flight.id}`, prev, next), box, a.lost ? CSS.bad : dropped ? CSS.warn : hex(color), off);
        }
      }
      layout.states.forEach((mark, i) => {
        if (!inView(mark.y, 10)) return;
        const label = this.text(`s${i}`, prev, next);
        const c = stateColor(mark.change.state);
        setTextAlign(setTextColor(label, hex(c)), mark.align).setOrigin(mark.align === 'right' ? 1 : 0, 0.5);
        label.setPosition(mark.x, mark.y + off);
        fitText(label, mark.change.state, m.stateColW - 14, 0, { minSize: 9 });
        g.fillStyle(c, 1).fillCircle(mark.align === 'right' ? mark.x + 8 : mark.x - 8, mark.y + off, 4);
      });
      // Scrollbar.
      const max = this.maxScroll();
      if (max > 0) {
        const trackH = bottom - top;
        const thumbH = Math.max(30, (trackH * this.viewH) / layout.contentHeight);
        const thumbY = top + ((trackH - thumbH) * this.scrollY) / max;
        g.fillStyle(COLORS.grid, 1).fillRoundedRect(w - 8, top, 4, trackH, 2);
        g.fillStyle(COLORS.accent, 0.8).fillRoundedRect(w - 9, thumbY, 6, thumbH, 3);
      }
    }
    for (const label of prev.values()) {
      label.setVisible(false);
      (label.getData('plate') ? this.sparePlates : this.spare).push(label);
    }
    this.labels = next;
    // Keep the drawing order of the labels as they were laid out (later ones on top), as before.
    const order = [...next.values()];
    const list = this.textLayer.list;
    let k = 0;
    for (const item of list) {
      if (item === order[k]) k++;
      if (k === order.length) break;
    }
    if (k < order.length) for (const label of order) this.textLayer.bringToTop(label);
  }

  /** A label in its layout box: the box is the plate, exactly (fixed size), the words inside it. */
  private placeLabel(label: Phaser.GameObjects.Text, box: LabelBox, color: string, off: number): void {
    const size = `${box.size}px`;
    if (label.style.fontSize !== size) label.setFontSize(size);
    if (label.style.fixedWidth !== box.w || label.style.fixedHeight !== box.h) label.setFixedSize(box.w, box.h);
    setTextAlign(setTextColor(label, color), 'left').setOrigin(0, 0);
    label.setText(box.lines.join('\n'));
    label.setPosition(box.x, box.y + off);
  }

  /** Where the view is scrolled to, and how far it can go. */
  scrollState(): { y: number; max: number } {
    return { y: this.scrollY, max: this.maxScroll() };
  }

  /** For tests: the flow graph's labels now on screen (stage px, relative to the panel) and their words. */
  labelBoxes(): { text: string; x: number; y: number; w: number; h: number }[] {
    return [...this.labels.entries()]
      .filter(([key, label]) => label.visible && (key.startsWith('a') || key === 'lane'))
      .map(([, label]) => {
        const b = label.getBounds();
        return { text: label.text, x: b.x - this.x, y: b.y - this.y, w: b.width, h: b.height };
      });
  }

  /** For tests: each arrow's line as drawn now (stage px, relative to the panel, clipped to the view) and its label's words. */
  arrowLines(): { label: string; x1: number; y1: number; x2: number; y2: number }[] {
    const layout = this.layout;
    if (!layout) return [];
    const top = LADDER.headerH + 4;
    const off = top - this.scrollY;
    return layout.arrows.flatMap((a) => {
      const clipped = clipToBand(a.x1, a.y1 + off, a.x2, a.y2 + off, top, this.cfg.height - 6);
      return clipped ? [{ label: a.labelBox.lines.join('\n'), x1: clipped[0], y1: clipped[1], x2: clipped[2], y2: clipped[3] }] : [];
    });
  }

  /** The whole graph as a PNG (for "Save PNG"), with where each label was drawn. */
  png(): LadderPng | null {
    if (!this.log) return null;
    return paintLadderPng(this.log, this.now, {
      title: t('ladder.title'),
      hostLabel: this.cfg.hostLabel,
      address: this.cfg.address,
    });
  }

  /** The whole graph as a PNG data URL (for "Save PNG" and the results screen). */
  toPng(): string {
    return this.png()?.dataUrl ?? '';
  }

  /** Download the PNG and tell the overlay (so it can toast the file name). */
  exportPng(fileName = 'tcp-dojo-flow-graph.png'): string {
    const dataUrl = this.toPng();
    if (!dataUrl) return '';
    const a = document.createElement('a');
    a.href = dataUrl;
    a.download = fileName;
    a.click();
    bus.emit('ladder:exported', { dataUrl, fileName });
    return dataUrl;
  }
}

/** Clip a segment to the horizontal band top ≤ y ≤ bottom. */
function clipToBand(x1: number, y1: number, x2: number, y2: number, top: number, bottom: number): [number, number, number, number] | null {
  if ((y1 < top && y2 < top) || (y1 > bottom && y2 > bottom)) return null;
  const at = (y: number): number => (y2 === y1 ? x1 : x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
  let ax = x1, ay = y1, bx = x2, by = y2;
  if (ay < top) [ax, ay] = [at(top), top];
  if (ay > bottom) [ax, ay] = [at(bottom), bottom];
  if (by < top) [bx, by] = [at(top), top];
  if (by > bottom) [bx, by] = [at(bottom), bottom];
  return [ax, ay, bx, by];
}

function arrowHead(g: Phaser.GameObjects.Graphics, x1: number, y1: number, x2: number, y2: number, color: number): void {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const s = 10;
  g.fillStyle(color, 1).fillTriangle(
    x2,
    y2,
    x2 - s * Math.cos(angle - 0.4),
    y2 - s * Math.sin(angle - 0.4),
    x2 - s * Math.cos(angle + 0.4),
    y2 - s * Math.sin(angle + 0.4),
  );
}

/** A segment its receiver's host dropped: a "no entry" ring (opaque, over its own line's end) with a slash. */
function dropMark(g: Phaser.GameObjects.Graphics, ring: { x: number; y: number; r: number }): void {
  const d = ring.r * Math.SQRT1_2;
  g.fillStyle(COLORS.panel, 1).fillCircle(ring.x, ring.y, ring.r);
  g.lineStyle(2.5, COLORS.warn, 1).strokeCircle(ring.x, ring.y, ring.r).lineBetween(ring.x - d, ring.y + d, ring.x + d, ring.y - d);
}

/** A dashed line: `dash` px drawn, `gapLen` px left out. */
function dashedLine(g: Phaser.GameObjects.Graphics, x1: number, y1: number, x2: number, y2: number, width: number, color: number, alpha: number, dash = 6, gapLen = 6): void {
  const len = Math.hypot(x2 - x1, y2 - y1);
  if (len === 0) return;
  g.lineStyle(width, color, alpha);
  for (let d = 0; d < len; d += dash + gapLen) {
    const a = d / len;
    const b = Math.min(1, (d + dash) / len);
    g.lineBetween(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a, x1 + (x2 - x1) * b, y1 + (y2 - y1) * b);
  }
}
