/**
 * The eleven states laid out like the RFC 9293 diagram, with its main arrows. The host's current
 * state glows, the states it passed through are outlined, and the last arrow it took is drawn
 * bold with its "event / action" caption. Hovering a state shows what it means (the glossary,
 * client/ui/stateGlossary.ts). Clicking a state offers it to the move composer in live play, and
 * opens its glossary card in a replay or the demo. On a touch screen the boxes only show (at 28
 * stage px, 18 CSS px on a tablet, they are too small for a finger): the composer's own state
 * buttons pick the state, and the glossary has its own buttons.
 */
import Phaser from 'phaser';
import type { RuleId } from '../../shared/rules/ids.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import { fingerPointer } from '../ui/finger.ts';
import { COLORS, CSS } from '../theme.ts';
import { stateColor } from './stateColors.ts';
import { onTap } from './tap.ts';
import { EDGES, edgeBetween, NODES, nodeFor, stepCaption, type DiagramNode, type NodeId } from './stateDiagramLayout.ts';
import { fitText, makeText } from './text.ts';

export interface StateDiagramConfig {
  x: number;
  y: number;
  width: number;
  height: number;
  /** A click picks the composer's new state (live play); otherwise it opens the state's glossary card. */
  picksState: boolean;
  /** Room kept free at the right end of the title row (an HTML button sits there). */
  titleReserve?: number;
}

export interface StateDiagramState {
  /** Whose diagram this is ("Client host"), already translated. */
  hostLabel: string;
  state: TcpState;
  visited: readonly TcpState[];
  /** The last step, and the rule behind it when known (its caption names what caused it). */
  last: { from: TcpState; to: TcpState; rule?: RuleId } | null;
}

const BOX_H = 28;
const TOP = 44;

export class StateDiagramPanel extends Phaser.GameObjects.Container {
  private readonly cfg: StateDiagramConfig;
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly edges: Phaser.GameObjects.Graphics;
  private readonly boxes: Phaser.GameObjects.Graphics;
  private readonly glow: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly caption: Phaser.GameObjects.Text;
  private readonly labels = new Map<NodeId, Phaser.GameObjects.Text>();
  private current: StateDiagramState = { hostLabel: '', state: 'CLOSED', visited: [], last: null };
  private readonly boxW: number;
  private readonly rowH: number;

  constructor(scene: Phaser.Scene, cfg: StateDiagramConfig) {
    super(scene, cfg.x, cfg.y);
    this.cfg = cfg;
    this.boxW = Math.min(132, (cfg.width - 40) / 3.6);
    this.rowH = (cfg.height - TOP - BOX_H - 48) / 6;
    this.frame = scene.add.graphics();
    this.edges = scene.add.graphics();
    this.glow = scene.add.graphics();
    this.boxes = scene.add.graphics();
    this.title = makeText(scene, 16, 10, '', { size: 16, bold: true });
    this.caption = makeText(scene, 16, cfg.height - 38, '', { size: 13, color: CSS.textDim });
    this.add([this.frame, this.edges, this.glow, this.boxes, this.title, this.caption]);
    const tappable = !fingerPointer().matches;
    for (const node of NODES) {
      const { x, y } = this.center(node);
      const label = makeText(scene, x, y, node.state, { size: 13, bold: true, mono: true }).setOrigin(0.5);
      fitText(label, node.state, this.boxW - 10, 0, { minSize: 9 });
      this.labels.set(node.id, label);
      this.add(label);
      if (!tappable) continue;
      const hit = scene.add.zone(x, y, this.boxW, BOX_H).setInteractive({ useHandCursor: true });
      const stageY = cfg.y + y;
      hit.on(Phaser.Input.Events.GAMEOBJECT_POINTER_OVER, () => bus.emit('states:hover', { state: node.state, y: stageY }));
      hit.on(Phaser.Input.Events.GAMEOBJECT_POINTER_OUT, () => bus.emit('states:hover', { state: null, y: stageY }));
      onTap(hit, () => {
        if (cfg.picksState) bus.emit('composer:pick-state', { state: node.state });
        else bus.emit('states:inspect', { state: node.state, y: stageY });
      });
      this.add(hit);
    }
    scene.add.existing(this);
    scene.tweens.add({ targets: this.glow, alpha: { from: 1, to: 0.35 }, duration: 900, yoyo: true, repeat: -1, ease: 'Sine.easeInOut' });
    this.relabel();
  }

  private center(node: DiagramNode): { x: number; y: number } {
    const usable = this.cfg.width - 32 - this.boxW;
    return { x: 16 + this.boxW / 2 + (node.col / 4) * usable, y: TOP + BOX_H / 2 + node.row * this.rowH };
  }

  /** For tests: each state box's centre in stage px. */
  boxCenters(): Record<string, { x: number; y: number }> {
    const out: Record<string, { x: number; y: number }> = {};
    for (const node of NODES) {
      const c = this.center(node);
      out[node.id] = { x: this.x + c.x, y: this.y + c.y };
    }
    return out;
  }

  /** For tests: the caption under the diagram (the last step and its event / action). */
  captionText(): string {
    return this.caption.text;
  }

  private node(id: NodeId): DiagramNode {
    const n = NODES.find((m) => m.id === id);
    if (!n) throw new Error(`no diagram node ${id}`);
    return n;
  }

  showState(next: StateDiagramState): void {
    const same =
      next.state === this.current.state &&
      next.hostLabel === this.current.hostLabel &&
      next.visited.length === this.current.visited.length &&
      next.last?.from === this.current.last?.from &&
      next.last?.to === this.current.last?.to &&
      next.last?.rule === this.current.last?.rule;
    if (same) return;
    this.current = next;
    this.redraw();
  }

  relabel(): void {
    const { width: w, height: h } = this.cfg;
    this.frame.clear();
    this.frame.fillStyle(COLORS.panel, 1).fillRoundedRect(0, 0, w, h, 14);
    this.frame.lineStyle(1.5, COLORS.panelBorder, 1).strokeRoundedRect(0, 0, w, h, 14);
    // The states' names again: the canvas's text floor may have changed (a new window size).
    for (const node of NODES) {
      const label = this.labels.get(node.id);
      if (label) fitText(label, node.state, this.boxW - 10, 0, { minSize: 9 });
    }
    this.redraw();
  }

  private redraw(): void {
    const s = this.current;
    const currentNode = nodeFor(s.state, s.last?.from ?? null);
    const lastEdge = s.last ? edgeBetween(s.last.from, s.last.to) : null;
    fitText(this.title, `${t('states.title')} · ${t('states.showing', { host: s.hostLabel, state: s.state })}`, this.cfg.width - 32 - (this.cfg.titleReserve ?? 0));

    const e = this.edges;
    e.clear();
    for (const edge of EDGES) {
      const hot = edge === lastEdge;
      const reverse = EDGES.some((o) => o.from === edge.to && o.to === edge.from);
      this.drawEdge(e, edge.from, edge.to, reverse ? 4 : 0, hot ? COLORS.accent : 0x3a4870, hot ? 3 : 1.5);
    }

    const b = this.boxes;
    b.clear();
    this.glow.clear();
    for (const node of NODES) {
      const { x, y } = this.center(node);
      const isCurrent = node.id === currentNode;
      // The bottom CLOSED is only 'visited' when the host got there by closing.
      const visited = node.id === 'CLOSED-END' ? isCurrent : s.visited.includes(node.state);
      const color = stateColor(node.state);
      if (isCurrent) {
        this.glow.fillStyle(color, 0.35).fillRoundedRect(x - this.boxW / 2 - 6, y - BOX_H / 2 - 6, this.boxW + 12, BOX_H + 12, 12);
        b.fillStyle(color, 1).fillRoundedRect(x - this.boxW / 2, y - BOX_H / 2, this.boxW, BOX_H, 8);
      } else {
        b.fillStyle(COLORS.panelRaised, 1).fillRoundedRect(x - this.boxW / 2, y - BOX_H / 2, this.boxW, BOX_H, 8);
        b.lineStyle(visited ? 2 : 1, visited ? color : COLORS.panelBorder, 1).strokeRoundedRect(x - this.boxW / 2, y - BOX_H / 2, this.boxW, BOX_H, 8);
      }
      this.labels.get(node.id)?.setColor(isCurrent ? '#0b1020' : visited ? CSS.text : CSS.textDim);
    }
    const stepKey = s.last ? stepCaption(s.last.from, s.last.to, s.last.rule) : null;
    const caption = s.last ? `${t('states.last', { from: s.last.from, to: s.last.to })}${stepKey ? `  (${t(stepKey)})` : ''}` : t('states.none');
    fitText(this.caption, caption, this.cfg.width - 32, 0, { minSize: 10 });
  }

  private drawEdge(g: Phaser.GameObjects.Graphics, from: NodeId, to: NodeId, offset: number, color: number, width: number): void {
    const a = this.center(this.node(from));
    const b = this.center(this.node(to));
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    // Shift opposite edges apart so both directions stay visible.
    const nx = (-dy / len) * offset;
    const ny = (dx / len) * offset;
    const start = this.boxExit(a.x + nx, a.y + ny, dx, dy);
    const end = this.boxExit(b.x + nx, b.y + ny, -dx, -dy);
    g.lineStyle(width, color, 1).lineBetween(start.x, start.y, end.x, end.y);
    const angle = Math.atan2(end.y - start.y, end.x - start.x);
    const s = 9;
    g.fillStyle(color, 1).fillTriangle(
      end.x,
      end.y,
      end.x - s * Math.cos(angle - 0.45),
      end.y - s * Math.sin(angle - 0.45),
      end.x - s * Math.cos(angle + 0.45),
      end.y - s * Math.sin(angle + 0.45),
    );
  }

  /** Where a ray from a box's centre in direction (dx, dy) leaves the box. */
  private boxExit(x: number, y: number, dx: number, dy: number): { x: number; y: number } {
    const hw = this.boxW / 2 + 2;
    const hh = BOX_H / 2 + 2;
    const tx = dx === 0 ? Infinity : hw / Math.abs(dx);
    const ty = dy === 0 ? Infinity : hh / Math.abs(dy);
    const k = Math.min(tx, ty);
    return { x: x + dx * k, y: y + dy * k };
  }
}
