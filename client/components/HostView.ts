/**
 * One host of the connection: its role, address, the application's current call, and its TCP state
 * as a badge (or "hidden" when the player may not know the peer's state). A listening host also
 * shows its two queues, filling and draining, as its own TCP knows them: the SYN (half-open) queue
 * of SYN-RECEIVED connections and the accept queue of established ones the application has not
 * accept()ed yet, each with its limit. Clicking it asks the game to focus that host (`host:select`).
 */
import Phaser from 'phaser';
import type { TcpState } from '../../shared/tcp/states.ts';
import { bus } from '../events.ts';
import { t } from '../i18n/index.ts';
import type { HostRole, QueueSample } from '../model/view.ts';
import { COLORS, CSS, FLAG_COLORS, hex } from '../theme.ts';
import { stateColor } from './stateColors.ts';
import { onTap } from './tap.ts';
import { fitText, makeText, textFloorNow } from './text.ts';
import { seatName } from '../model/seatName.ts';

export interface HostViewConfig {
  x: number;
  y: number;
  width: number;
  height: number;
  role: HostRole;
  address: string;
  /** The player's own host (tagged YOU) or the peer's (PEER); null for a spectator. */
  isYou: boolean | null;
  /** The opponent's name, on the peer's tag ('' when there is none to show). */
  name?: string;
  /** The bot plays the peer's host (a practice bot, or the bot that took over from a player who left): its tag says so, not the name of who left. */
  botPlays?: boolean;
}

export interface HostViewState {
  /** null: hidden from this player until the round ends. */
  state: TcpState | null;
  /** The application's current call, already translated; null when idle. */
  call: string | null;
  /** Highlighted as the host the panels below describe. */
  focused: boolean;
}

/** The queue rows sit where the icon is drawn (y 66–110), above the state badge. */
const QUEUE_ROW_Y = [76, 100] as const;
const QUEUE_NAME_W = 92;
const QUEUE_COUNT_W = 64;
/** At the canvas's text floor (15 px): "Accept queue", "4/4 full" whole. */
const QUEUE_NAME_W_RAISED = 100;
const QUEUE_COUNT_W_RAISED = 76;

export class HostView extends Phaser.GameObjects.Container {
  private readonly cfg: HostViewConfig;
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly icon: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly tag: Phaser.GameObjects.Text;
  private readonly address: Phaser.GameObjects.Text;
  private readonly badge: Phaser.GameObjects.Graphics;
  private readonly badgeText: Phaser.GameObjects.Text;
  private readonly callText: Phaser.GameObjects.Text;
  /** Under a hidden badge: why the peer's state is not shown. */
  private readonly hiddenNote: Phaser.GameObjects.Text;
  private current: HostViewState = { state: 'CLOSED', call: null, focused: false };
  private queues: Pick<QueueSample, 'syn' | 'accept' | 'synMax' | 'acceptMax'> | null = null;
  private readonly queueGauge: Phaser.GameObjects.Graphics;
  private readonly queueNames: [Phaser.GameObjects.Text, Phaser.GameObjects.Text];
  private readonly queueCounts: [Phaser.GameObjects.Text, Phaser.GameObjects.Text];

  constructor(scene: Phaser.Scene, cfg: HostViewConfig) {
    super(scene, cfg.x, cfg.y);
    this.cfg = cfg;
    this.frame = scene.add.graphics();
    this.icon = scene.add.graphics();
    this.title = makeText(scene, 16, 12, '', { size: 20, bold: true });
    this.tag = makeText(scene, cfg.width - 14, 14, '', { size: 13, bold: true, color: '#0b1020' }).setOrigin(1, 0);
    this.address = makeText(scene, 16, 42, cfg.address, { size: 14, mono: true, color: CSS.textDim });
    this.badge = scene.add.graphics();
    this.badgeText = makeText(scene, cfg.width / 2, 0, '', { size: 22, bold: true, mono: true, color: '#0b1020' }).setOrigin(0.5);
    this.callText = makeText(scene, 16, cfg.height - 34, '', { size: 14, color: CSS.textDim });
    this.hiddenNote = makeText(scene, cfg.width / 2, 157, '', { size: 13, color: CSS.textDim, align: 'center' }).setOrigin(0.5, 0);
    this.queueGauge = scene.add.graphics();
    this.queueNames = [0, 1].map((i) => makeText(scene, 16, QUEUE_ROW_Y[i] ?? 0, '', { size: 12, color: CSS.textDim }).setOrigin(0, 0.5)) as [Phaser.GameObjects.Text, Phaser.GameObjects.Text];
    this.queueCounts = [0, 1].map((i) => makeText(scene, cfg.width - 16, QUEUE_ROW_Y[i] ?? 0, '', { size: 12, bold: true, mono: true }).setOrigin(1, 0.5)) as [Phaser.GameObjects.Text, Phaser.GameObjects.Text];
    this.add([this.frame, this.icon, this.title, this.tag, this.address, this.badge, this.badgeText, this.callText, this.hiddenNote, this.queueGauge, ...this.queueNames, ...this.queueCounts]);
    const hit = scene.add.zone(0, 0, cfg.width, cfg.height).setOrigin(0, 0).setInteractive({ useHandCursor: true });
    onTap(hit, () => bus.emit('host:select', { role: cfg.role }));
    this.add(hit);
    scene.add.existing(this);
    this.drawIcon();
    this.relabel();
  }

  /** Feed the host's current picture; cheap to call every frame (redraws only on change). */
  setHost(next: HostViewState): void {
    const changed = next.state !== this.current.state;
    if (!changed && next.call === this.current.call && next.focused === this.current.focused) return;
    this.current = next;
    this.redraw();
    if (changed) {
      this.scene.tweens.add({ targets: this.badgeText, scale: { from: 1.25, to: 1 }, duration: 260, ease: 'Back.easeOut' });
    }
  }

  /** The state the card shows (null: hidden), for tests. */
  get shownState(): TcpState | null {
    return this.current.state;
  }

  /** The listener's queues now (null: not listening, or not this player's to know). Cheap to call every frame. */
  setQueues(next: Pick<QueueSample, 'syn' | 'accept' | 'synMax' | 'acceptMax'> | null): void {
    const key = (q: typeof next): string => (q ? `${q.syn.join(',')}|${q.accept.join(',')}|${q.synMax}|${q.acceptMax}` : '');
    if (key(next) === key(this.queues)) return;
    this.queues = next ? { syn: [...next.syn], accept: [...next.accept], synMax: next.synMax, acceptMax: next.acceptMax } : null;
    this.redraw();
  }

  /** For tests: what the queue gauges show ("2/4"), or null when hidden. */
  queueText(): { syn: string; accept: string } | null {
    return this.queues ? { syn: this.queueCounts[0].text, accept: this.queueCounts[1].text } : null;
  }

  /** Re-translate after a language change. */
  relabel(): void {
    this.redraw();
  }

  /** Live rounds learn the addresses and which host is the player's from the first view. */
  setIdentity(address: string, isYou: boolean | null, name = '', botPlays = false): void {
    if (address === this.cfg.address && isYou === this.cfg.isYou && name === (this.cfg.name ?? '') && botPlays === (this.cfg.botPlays ?? false)) return;
    this.cfg.address = address;
    this.cfg.isYou = isYou;
    this.cfg.name = name;
    this.cfg.botPlays = botPlays;
    this.redraw();
  }

  /** For tests: the YOU / PEER tag as drawn ('' when hidden). */
  get tagText(): string {
    return this.tag.visible ? this.tag.text : '';
  }

  private redraw(): void {
    const { width: w, height: h } = this.cfg;
    const s = this.current;
    this.frame.clear();
    this.frame.fillStyle(COLORS.panel, 1).fillRoundedRect(0, 0, w, h, 14);
    this.frame.lineStyle(s.focused ? 3 : 1.5, s.focused ? COLORS.accent : COLORS.panelBorder, 1).strokeRoundedRect(0, 0, w, h, 14);

    // (translated here: the card redraws when the language changes)
    const name = this.cfg.isYou !== false ? '' : this.cfg.botPlays ? t('bot.seat') : this.cfg.name ? seatName(this.cfg.name) : '';
    const tagValue = this.cfg.isYou === null ? '' : this.cfg.isYou ? t('host.you') : name ? t('host.peerNamed', { name }) : t('host.peer');
    this.tag.setBackgroundColor(this.cfg.isYou ? CSS.accent : '#8e9bbb').setPadding(6, 2, 6, 2);
    // The opponent's name may be long: the tag takes at most half the card, the title the rest. It
    // shrinks to 11 px at most (a projector's 13 px at 1.2×), then a long name is cut with an ellipsis.
    // With the canvas's text raised (a tablet), the tag takes what the title leaves ("对方·机器人").
    const titleText = t(this.cfg.role === 'client' ? 'host.client' : 'host.server');
    const raised = textFloorNow() > 0;
    if (raised) fitText(this.title, titleText, w - 32);
    fitText(this.tag, tagValue, raised ? w - 32 - this.title.width - 8 : w / 2 - 20, 0, { minSize: 11 });
    this.tag.setVisible(tagValue !== '');
    fitText(this.title, titleText, w - 32 - (tagValue ? this.tag.width + 8 : 0));
    fitText(this.address, this.cfg.address, w - 32);

    const badgeY = 132;
    const bw = w - 32;
    const bh = 42;
    this.badge.clear();
    if (s.state) {
      const c = stateColor(s.state);
      this.badge.fillStyle(c, 1).fillRoundedRect(16, badgeY - bh / 2, bw, bh, bh / 2);
      this.badgeText.setColor('#0b1020').setFontStyle('bold');
      fitText(this.badgeText, s.state, bw - 24);
    } else {
      this.badge.lineStyle(2, COLORS.textDim, 1).strokeRoundedRect(16, badgeY - bh / 2, bw, bh, bh / 2);
      this.badgeText.setColor(hex(COLORS.textDim)).setFontStyle('normal');
      fitText(this.badgeText, '? ? ?', bw - 24);
    }
    this.hiddenNote.setVisible(!s.state);
    // Two lines at most, between the badge and the application's call.
    if (!s.state) fitText(this.hiddenNote, t('host.hidden'), w - 24, 48, { wrap: true });
    this.badgeText.setPosition(w / 2, badgeY);
    fitText(this.callText, `${t('host.app')}: ${s.call ?? t('host.noCall')}`, w - 32);
    this.drawQueues();
  }

  /** Two rows where the icon is: the queue's name, one slot per place (filled = taken), "n/max". */
  private drawQueues(): void {
    const q = this.queues;
    const g = this.queueGauge;
    g.clear();
    this.icon.setVisible(!q);
    const rows = q
      ? [
          { name: t('host.synQueue'), used: q.syn.length, max: q.synMax, color: FLAG_COLORS.SYN },
          { name: t('host.acceptQueue'), used: q.accept.length, max: q.acceptMax, color: FLAG_COLORS.ACK },
        ]
      : [];
    const { width: w } = this.cfg;
    // With the canvas's text raised (a tablet), the names and counts take room from the slots.
    const raised = textFloorNow() > 0;
    const nameW = raised ? QUEUE_NAME_W_RAISED : QUEUE_NAME_W;
    const countW = raised ? QUEUE_COUNT_W_RAISED : QUEUE_COUNT_W;
    const slotsX = 16 + nameW + 6;
    const slotsW = w - 16 - countW - 6 - slotsX;
    [0, 1].forEach((i) => {
      const row = rows[i];
      const name = this.queueNames[i] as Phaser.GameObjects.Text;
      const count = this.queueCounts[i] as Phaser.GameObjects.Text;
      name.setVisible(!!row);
      count.setVisible(!!row);
      if (!row) return;
      const full = row.max > 0 && row.used >= row.max;
      fitText(name, row.name, nameW, 0, { minSize: 9 });
      count.setColor(full ? CSS.bad : CSS.text);
      // max 0: a queue with no limit (the rfc9293 profile's accept queue): the count alone.
      fitText(count, full ? `${row.used}/${row.max} ${t('host.queueFull')}` : row.max > 0 ? `${row.used}/${row.max}` : String(row.used), countW, 0, { minSize: 9 });
      const y = (QUEUE_ROW_Y[i] ?? 0) - 7;
      const n = Math.max(1, row.max > 0 ? row.max : row.used);
      const gap = raised ? 2 : 4;
      const slotW = Math.min(26, (slotsW - gap * (n - 1)) / n);
      for (let k = 0; k < n; k++) {
        const x = slotsX + k * (slotW + gap);
        if (k < row.used) g.fillStyle(full ? COLORS.bad : row.color, 1).fillRoundedRect(x, y, slotW, 14, 3);
        else g.lineStyle(1.5, COLORS.panelBorder, 1).strokeRoundedRect(x, y, slotW, 14, 3);
      }
    });
  }

  private drawIcon(): void {
    const g = this.icon;
    const cx = this.cfg.width / 2;
    const top = 70;
    g.clear();
    if (this.cfg.role === 'client') {
      // A laptop.
      g.fillStyle(0x24314f, 1).fillRoundedRect(cx - 30, top, 60, 36, 4);
      g.fillStyle(0x7aa2ff, 0.35).fillRect(cx - 25, top + 5, 50, 26);
      g.fillStyle(0x2f3d60, 1).fillRoundedRect(cx - 38, top + 38, 76, 6, 3);
    } else {
      // A rack server.
      for (let i = 0; i < 3; i++) {
        g.fillStyle(0x24314f, 1).fillRoundedRect(cx - 32, top + i * 14, 64, 12, 3);
        g.fillStyle(0x35c28f, 1).fillCircle(cx + 22, top + 6 + i * 14, 2.5);
        g.fillStyle(0x7aa2ff, 0.5).fillRect(cx - 26, top + 4 + i * 14, 30, 4);
      }
    }
  }
}
