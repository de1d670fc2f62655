/**
 * Countdowns of the retransmission timer (RTO, backed off on each timeout) and of TIME-WAIT
 * (2×MSL), one row each with a draining bar; a timer that runs out says so, because that is the
 * moment the player must retransmit (or may finally close). Under a retransmission timer's bar, its
 * schedule under the round's profile: the resends already made, apart from those that would come
 * if no ACK arrives, and when the attempt is given up;
 * under a timer of another of the host's connections (a listener's half-open one), whose it is.
 */
import Phaser from 'phaser';
import { t } from '../i18n/index.ts';
import { scheduleLine, timerTitle } from '../model/scheduleTimes.ts';
import { timerOrder, type TimerNow } from '../model/snapshot.ts';
import type { HostRole, TimerSchedule } from '../model/view.ts';
import { COLORS, CSS, FLAG_COLORS } from '../theme.ts';
import { fitText, makeText, setTextColor } from './text.ts';

export interface TimerViewConfig {
  x: number;
  y: number;
  width: number;
  height: number;
  hostLabel: (role: HostRole) => string;
  /** Show at most this many rows (the most urgent first). */
  maxRows?: number;
}

interface Row {
  name: Phaser.GameObjects.Text;
  value: Phaser.GameObjects.Text;
  /** A retransmission timer's whole schedule under the round's profile, under its bar. */
  schedule: Phaser.GameObjects.Text;
}

/** A row: its name, the bar under it, the schedule under the bar (room for the canvas's raised text, 15 px). */
const ROW_H = 62;
const TOP = 42;

export class TimerView extends Phaser.GameObjects.Container {
  private readonly cfg: TimerViewConfig;
  private readonly frame: Phaser.GameObjects.Graphics;
  private readonly bars: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly empty: Phaser.GameObjects.Text;
  private readonly rows: Row[] = [];
  private timers: readonly TimerNow[] = [];

  constructor(scene: Phaser.Scene, cfg: TimerViewConfig) {
    super(scene, cfg.x, cfg.y);
    this.cfg = cfg;
    this.frame = scene.add.graphics();
    this.bars = scene.add.graphics();
    this.title = makeText(scene, 16, 10, '', { size: 16, bold: true });
    this.empty = makeText(scene, cfg.width / 2, TOP + 36, '', { size: 14, color: CSS.textDim }).setOrigin(0.5);
    this.add([this.frame, this.bars, this.title, this.empty]);
    const maxRows = Math.min(cfg.maxRows ?? 3, Math.floor((cfg.height - TOP) / ROW_H));
    for (let i = 0; i < maxRows; i++) {
      const y = TOP + i * ROW_H;
      const row: Row = {
        name: makeText(scene, 16, y, '', { size: 13 }),
        value: makeText(scene, cfg.width - 16, y, '', { size: 16, bold: true, mono: true }).setOrigin(1, 0),
        schedule: makeText(scene, 16, y + 37, '', { size: 11, color: CSS.textDim }),
      };
      this.rows.push(row);
      this.add([row.name, row.value, row.schedule]);
    }
    scene.add.existing(this);
    this.relabel();
  }

  relabel(): void {
    const { width: w, height: h } = this.cfg;
    this.frame.clear();
    this.frame.fillStyle(COLORS.panel, 1).fillRoundedRect(0, 0, w, h, 14);
    this.frame.lineStyle(1.5, COLORS.panelBorder, 1).strokeRoundedRect(0, 0, w, h, 14);
    fitText(this.title, t('timers.title'), w - 32);
    fitText(this.empty, t('timers.none'), w - 32);
    this.render();
  }

  /** The running timers at this instant (see snapshot.timersAt). */
  setTimers(timers: readonly TimerNow[]): void {
    this.timers = timerOrder(timers);
    this.render();
  }

  /** For tests: the rows as drawn (name, value, the line under the bar). */
  rowsText(): { name: string; value: string; under: string }[] {
    return this.rows.filter((r) => r.name.visible).map((r) => ({ name: r.name.text, value: r.value.text, under: r.schedule.visible ? r.schedule.text : '' }));
  }

  private render(): void {
    const { width: w } = this.cfg;
    const g = this.bars;
    g.clear();
    this.empty.setVisible(this.timers.length === 0);
    // More timers than rows: the title says how many are not shown.
    const shown = Math.min(this.timers.length, this.rows.length);
    fitText(this.title, shown < this.timers.length ? t('timers.titleSome', { shown, total: this.timers.length }) : t('timers.title'), this.cfg.width - 32);
    this.rows.forEach((row, i) => {
      const tm = this.timers[i];
      row.name.setVisible(!!tm);
      row.value.setVisible(!!tm);
      row.schedule.setVisible(!!tm?.span.schedule || !!tm?.span.conn || (tm?.span.kind === 'time-wait' && tm.span.expiresAt - tm.span.startedAt < 60_000));
      if (!tm) return;
      const { span } = tm;
      const total = span.expiresAt - span.startedAt;
      const sch = span.schedule;
      const title = timerTitle(span);
      const name = t(title.key, { ...title.params, ...(sch ? { segment: t(`timers.segment.${sch.segment}`) } : {}) });
      // Under the bar: whose connection it is, when it is not the one played (a listener's
      // half-open connection), then a retransmission timer's whole schedule.
      const under: string[] = [];
      if (span.conn) under.push(t('timers.conn', { conn: span.conn }));
      // A TIME-WAIT shortened to be watched (the demo's) says so: TIME-WAIT is not short.
      if (span.kind === 'time-wait' && total < 60_000) under.push(t('timers.twShortened'));
      if (sch) {
        // The numbers are this round's (the scenario's and its profile's settings), not RFC 9293's:
        // the RFC sets no retry count, only that the timeout doubles and the floors of R1 and R2.
        // Resends made are told apart from the ones to come if no ACK arrives.
        const line = scheduleLine(sch);
        const list = (xs: string[] | undefined): string => (xs ?? []).join(t('timers.listSep'));
        under.push(t(line.key, { segment: t(`timers.segment.${sch.segment}`), times: list(line.params.times), done: list(line.params.done), next: list(line.params.next), giveUp: line.params.giveUp }));
      }
      if (under.length > 0) fitText(row.schedule, under.join(t('timers.partSep')), w - 32);
      const value = tm.fired ? t('timers.fired') : t('unit.seconds', { s: (tm.remainingMs / 1000).toFixed(2) });
      setTextColor(row.value, tm.fired ? CSS.bad : CSS.text);
      fitText(row.value, value, 110);
      fitText(row.name, `${this.cfg.hostLabel(span.host)} · ${name}`, w - 32 - 120);
      const y = TOP + i * ROW_H + 26;
      const color = tm.fired ? COLORS.bad : span.kind === 'time-wait' ? 0xf0e442 : span.kind === 'delayed-ack' ? FLAG_COLORS.ACK : 0x56b4e9;
      const k = tm.fired ? 1 : tm.remainingMs / total;
      g.fillStyle(COLORS.grid, 1).fillRoundedRect(16, y, w - 32, 10, 5);
      g.fillStyle(color, 1).fillRoundedRect(16, y, Math.max(10, (w - 32) * k), 10, 5);
    });
  }
}
