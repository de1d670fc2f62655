/**
 * The animated network backdrop behind menus: faint wires with segments gliding along them. Pure
 * decoration, drawn from the clock, cheap (one Graphics, a few labels).
 */
import Phaser from 'phaser';
import { COLORS, FLAG_COLORS, FONT_MONO, STAGE, hex } from '../theme.ts';

const PACKETS = [
  { label: 'SYN', color: FLAG_COLORS.SYN },
  { label: 'SYN, ACK', color: FLAG_COLORS.SYN },
  { label: 'ACK', color: FLAG_COLORS.ACK },
  { label: 'FIN, ACK', color: FLAG_COLORS.FIN },
  { label: 'RST', color: FLAG_COLORS.RST },
  { label: 'len=1460', color: FLAG_COLORS.DATA },
] as const;

export class Backdrop {
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly labels: Phaser.GameObjects.Text[] = [];
  private readonly lanes = [250, 420, 590, 760, 880];

  private readonly packets: boolean;

  /** `packets: false` keeps just the grid (behind busy screens such as the Game). */
  constructor(scene: Phaser.Scene, opts: { packets?: boolean } = {}) {
    this.packets = opts.packets ?? true;
    scene.cameras.main.setBackgroundColor(COLORS.bg);
    this.g = scene.add.graphics().setDepth(-10);
    this.lanes.forEach((_, i) => {
      const p = PACKETS[i % PACKETS.length] ?? PACKETS[0];
      this.labels.push(
        scene.add
          .text(0, 0, p.label, { fontFamily: FONT_MONO, fontSize: '14px', fontStyle: 'bold', color: hex(p.color) })
          .setOrigin(0.5)
          .setAlpha(0.3)
          .setDepth(-9)
          .setVisible(this.packets),
      );
    });
  }

  update(time: number): void {
    const g = this.g;
    g.clear();
    for (let x = 0; x <= STAGE.width; x += 80) g.lineStyle(1, COLORS.grid, 0.5).lineBetween(x, 0, x, STAGE.height);
    for (let y = 0; y <= STAGE.height; y += 80) g.lineStyle(1, COLORS.grid, 0.5).lineBetween(0, y, STAGE.width, y);
    if (!this.packets) return;
    this.lanes.forEach((y, i) => {
      const p = PACKETS[i % PACKETS.length] ?? PACKETS[0];
      g.lineStyle(2, COLORS.panelBorder, 0.6).lineBetween(0, y, STAGE.width, y);
      const period = 7000 + i * 1300;
      const k = ((time + i * 2100) % period) / period;
      const dir = i % 2 ? -1 : 1;
      const x = dir > 0 ? -120 + k * (STAGE.width + 240) : STAGE.width + 120 - k * (STAGE.width + 240);
      g.fillStyle(p.color, 0.1).fillRoundedRect(x - 60, y - 16, 120, 32, 8);
      g.lineStyle(2, p.color, 0.3).strokeRoundedRect(x - 60, y - 16, 120, 32, 8);
      this.labels[i]?.setPosition(x, y);
    });
  }
}
