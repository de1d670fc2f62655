/**
 * Real captures in the browser: a .pcap opened with the menu's file picker and a .pcapng dropped on
 * the page play in the replay view, stepped packet by packet, with both hosts' states, the engine's
 * conclusions and the rules behind them, in English and in zh-CN; and a round's Results save it as
 * a .pcap that reads back as the same segments.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { noteItemText } from '../../shared/annotate/noteText.ts';
import { createRound } from '../../shared/game/round.ts';
import { runWithTranscript } from '../../shared/game/transcript.ts';
import { exportPcap } from '../../shared/pcap/export.ts';
import { flightsOfRound } from '../../shared/pcap/fromRound.ts';
import { encodeIpv4Tcp } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { symmetricWire } from '../../shared/tcp/wire.ts';
import { axeViolations } from './axe.ts';
import { findOverflows, transparentPixels, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { expectTabRound } from './keyboard.ts';
import { shot } from './play.ts';
import { pcapng, seg } from '../pcap/handBuilt.ts';
import { captureLog, STEP_MS } from '../../client/capture/captureLog.ts';
import { DROP_SHOWN_MS } from '../../client/model/snapshot.ts';
import { bulkUploadPcap } from '../pcap/bulkUpload.ts';
import { acceptQueueDropPcap, DROPPED_SYNS } from '../pcap/acceptQueueDrop.ts';

const env = gameServerAndBrowser();

/** The lost last ACK (Linux profile): the server retransmits its FIN, the client in TIME-WAIT answers again. */
function lostFinalAck(): Uint8Array {
  const created = createRound({ scenarioId: 'lost-final-ack', mode: 'consequences', seed: 1, controllers: { client: 'bot', server: 'bot' }, personality: 'textbook', wire: symmetricWire({ delayMs: 300 }) });
  if (!created.ok) throw new Error(created.rejection.detail);
  return exportPcap(flightsOfRound(runWithTranscript(created.round).round), 'wire');
}

/** Two connections in one pcapng: a refused one, then a reset one. */
function twoConnections(): Uint8Array {
  const f = (syn: boolean, ack: boolean, rst = false) => ({ SYN: syn, ACK: ack, FIN: false, RST: rst });
  const c1 = { srcIp: '192.0.2.1', dstIp: '192.0.2.2', srcPort: 40001, dstPort: 81 };
  const s1 = { srcIp: '192.0.2.2', dstIp: '192.0.2.1', srcPort: 81, dstPort: 40001 };
  const c2 = { ...c1, srcPort: 40002, dstPort: 80 };
  const s2 = { ...s1, srcPort: 80, dstPort: 40002 };
  const segs = [
    seg({ ...c1, seq: 10, flags: f(true, false) }),
    seg({ ...s1, seq: 0, ack: 11, flags: f(false, true, true) }),
    seg({ ...c2, seq: 100, flags: f(true, false) }),
    seg({ ...s2, seq: 500, ack: 101, flags: f(true, true) }),
    seg({ ...c2, seq: 101, ack: 501, flags: f(false, true) }),
    seg({ ...c2, seq: 101, ack: 501, flags: f(false, true, true) }),
  ];
  return pcapng([{ linkType: LINKTYPE.RAW, tsresol: 9 }], segs.map((s, i) => ({ iface: 0, t: i * 0.001, bytes: encodeIpv4Tcp(s) })));
}

/** Jump the replay to the i-th packet of the connection shown (one packet per STEP_MS) and wait for the panel. */
async function showPacket(page: Page, i: number, index: number): Promise<void> {
  await page.evaluate((ms) => window.__tcpDojo?.freezeAt(ms), STEP_MS * (i + 1));
  await page.getByTestId('capture-packet').filter({ hasText: new RegExp(`#${index}\\D`) }).waitFor();
}

/** The packet number the panel shows now. */
async function packetShown(page: Page): Promise<number> {
  const text = (await page.getByTestId('capture-packet').textContent()) ?? '';
  return Number(/#(\d+)\D/.exec(text)?.[1] ?? -1);
}

describe('a capture in the replay view', () => {
  it('opens a .pcap from the menu, steps through it with both hosts\' states and the rules, in English and zh-CN', async () => {
    const bytes = lostFinalAck();
    const { rows } = annotateBytes(bytes, { profile: 'linux' });
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    await page.getByTestId('menu-capture-file').setInputFiles({ name: 'lost-final-ack.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: Buffer.from(bytes) });
    await waitForScene(page, 'Game');
    await page.getByTestId('capture-panel').filter({ hasText: 'lost-final-ack.pcap' }).waitFor();
    // "Reading…" went when the reading was done: it no longer covers the timers of the capture it opened.
    expect(await page.getByTestId('toast').filter({ hasText: 'Reading lost-final-ack.pcap' }).count()).toBe(0);
    // Step through with the playback buttons from the start: each step lands on the same or a later packet.
    await page.evaluate(() => window.__tcpDojo?.freezeAt(0));
    await page.getByTestId('capture-before').waitFor();
    let seen = -1;
    for (let i = 0; i < 4; i++) {
      await page.getByTestId('playback-forward').click();
      const now = await page.getByTestId('capture-packet').count() ? await packetShown(page) : -1;
      expect(now).toBeGreaterThanOrEqual(seen);
      seen = now;
    }
    expect(seen).toBeGreaterThan(0);
    // A packet's panel is taller than the panel: a panel that scrolled itself (opaque, over the
    // WebGL canvas) made Chromium punch a hole in the canvas, a white strip over the top bar.
    expect(await transparentPixels(page)).toBe(0);
    // ...and in the scrolling body nothing is squeezed: the file's name stays on top (it shrank to 0 px).
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await page.getByTestId('playback-back').click();
    await page.getByTestId('playback-back').click();
    expect(await packetShown(page)).toBeLessThanOrEqual(seen);

    // The handshake, and every packet from the lost one on: the panel shows the annotator's states for both hosts after it.
    const firstLost = rows.findIndex((r) => !r.arrived);
    for (const [i, r] of rows.entries()) {
      if (i >= 3 && i < firstLost) continue;
      await showPacket(page, i, r.index);
      const states = await page.getByTestId('capture-states').textContent();
      for (const [endpoint, state] of Object.entries(r.states)) expect(states).toContain(`${endpoint}${state}`);
    }
    // The retransmitted FIN: the first copy's loss is explained, the client in TIME-WAIT answers again.
    const lost = rows.findIndex((r) => !r.arrived);
    await showPacket(page, lost, rows[lost]!.index);
    const lostNote = rows[lost]!.notes.find((n) => n.code.startsWith('lost'))!;
    await page.getByTestId('capture-notes').filter({ hasText: noteItemText(lostNote, 'en') }).waitFor();
    await showPacket(page, lost + 1, rows[lost + 1]!.index);
    await page.getByTestId('capture-rule').filter({ hasText: 'TIME-WAIT' }).first().waitFor();
    // A rule card starts with whose rule it is: no list marker of another list (the room rules'
    // "· ") drawn above it on a line of its own.
    const cardStarts = await page.getByTestId('capture-rule').evaluateAll((cards) =>
      cards.map((c) => ({ before: getComputedStyle(c, '::before').content, first: (c.firstElementChild?.textContent ?? '').slice(0, 12), text: (c.textContent ?? '').slice(0, 12) })));
    expect(cardStarts.length).toBeGreaterThan(0);
    for (const c of cardStarts) {
      expect(c.before).toBe('none');
      expect(c.text).toBe(c.first);
      expect(c.text).toMatch(/^(Client|Server) host/);
    }
    // The capture is read with the Linux profile: its TIME-WAIT is Linux's fixed 60 s, not 2×MSL.
    await page.getByTestId('capture-timers').filter({ hasText: 'TIME-WAIT (Linux: fixed 60 s) ends at' }).waitFor();
    await shot(page, 'capture-1-en-time-wait');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    // Accessible (axe, WCAG 2.2 A/AA and best practices: test/e2e/axe.ts), and by keyboard: Tab
    // reaches the pickers and the playback, each showing its focus...
    expect(await axeViolations(page), 'capture panel, en').toEqual([]);
    await expectTabRound(page, 'capture panel', ['capture-stream', 'capture-profile', 'playback-back', 'playback-toggle', 'playback-forward', 'game-results', 'game-menu']);
    // ...and a step leaves the focus where it was: a panel drawn again whole dropped it on the page.
    await page.getByTestId('capture-profile').focus();
    await showPacket(page, lost, rows[lost]!.index);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['testid'])).toBe('capture-profile');
    // A screen reader hears the packet stepped to, once, from a status region; the panel is not live.
    expect(await page.getByTestId('capture-announce').getAttribute('role')).toBe('status');
    expect(await page.getByTestId('capture-announce').textContent()).toMatch(new RegExp(`^Packet #${rows[lost]!.index}, captured at .*States after it was processed: Client host .*, Server host `));
    expect(await page.getByTestId('capture-panel').getAttribute('aria-live')).toBeNull();
    await showPacket(page, lost + 1, rows[lost + 1]!.index);


    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('capture-panel').filter({ hasText: '处理之后的状态' }).waitFor();
    await page.getByTestId('capture-timers').filter({ hasText: 'TIME-WAIT（Linux 固定 60 秒）在' }).waitFor();
    await shot(page, 'capture-2-zh-CN-time-wait');
    await showPacket(page, lost, rows[lost]!.index);
    await page.getByTestId('capture-notes').filter({ hasText: noteItemText(lostNote, 'zh-CN') }).waitFor();
    await shot(page, 'capture-3-zh-CN-lost-fin');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    expect(await axeViolations(page), 'capture panel, zh-CN').toEqual([]);
    expect(await page.getByTestId('capture-announce').textContent()).toMatch(new RegExp(`^第 #${rows[lost]!.index} 个包.*；处理之后的状态：客户端主机 `));
  }, 300_000);

  it('a .pcapng dropped on the page opens too; its second connection is one pick away', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    const data = [...twoConnections()];
    await page.evaluate((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'two.pcapng'));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, data);
    await waitForScene(page, 'Game');
    await showPacket(page, 1, 1);
    await page.getByTestId('capture-rule').filter({ hasText: 'refused' }).first().waitFor();
    await page.getByTestId('capture-stream').selectOption('1');
    await page.getByTestId('capture-stream').locator('option[value="1"][selected]').waitFor({ state: 'attached' });
    await showPacket(page, 3, 5);
    const states = await page.getByTestId('capture-states').textContent();
    expect(states).toContain('192.0.2.1:40002CLOSED');
    expect(states).toContain('192.0.2.2:80CLOSED');
    await shot(page, 'capture-4-en-dropped-reset');
    // Not a capture: a clear message, and the page stays where it was.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['hello'], 'notes.pcap'));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    });
    await page.getByTestId('toast').filter({ hasText: 'not a pcap or pcapng file' }).waitFor();
  }, 120_000);

  it('a capture\'s Results is titled for the capture and saves it under its own name, not the demo\'s (en, zh-CN)', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    await page.getByTestId('menu-capture-file').setInputFiles({ name: 'my capture #1.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: Buffer.from(lostFinalAck()) });
    await waitForScene(page, 'Game');
    await page.getByTestId('capture-panel').filter({ hasText: 'my capture #1.pcap' }).waitFor();
    await page.getByTestId('game-results').click();
    await waitForScene(page, 'Results');
    expect(await page.getByTestId('results-title').textContent()).toBe('Capture replayed · my capture #1.pcap');
    await page.getByTestId('results-pcap-point').selectOption('server');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-pcap').click()]);
    expect(download.suggestedFilename()).toBe('tcp-dojo-my-capture-1-server.pcap');
    await shot(page, 'capture-6-en-capture-results');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('results-title').filter({ hasText: '抓包回放完毕 · my capture #1.pcap' }).waitFor();
    await shot(page, 'capture-7-zh-CN-capture-results');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    // Watch again: the same capture, its panel back.
    await page.getByTestId('results-replay').click();
    await page.getByTestId('capture-panel').filter({ hasText: 'my capture #1.pcap' }).waitFor();
  }, 120_000);

  it('a long capture (a 3,000-segment upload) opens drawn by its ends and every SYN, FIN and state change; the panel says what is left out, Results count it and save it whole (zh-CN)', async () => {
    const bytes = bulkUploadPcap(3000);
    const whole = annotateBytes(bytes, { profile: 'linux' }).rows;
    const drawn = captureLog(whole, whole[0]!.stream).rows;
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'zh-CN' });
    await page.getByTestId('menu-capture-file').setInputFiles({ name: 'upload.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: Buffer.from(bytes) });
    await waitForScene(page, 'Game');
    await page.getByTestId('capture-not-drawn').filter({ hasText: `中间的 ${whole.length - drawn.length} 个数据段和 ACK 没有画出` }).waitFor();
    // The last packet: the client's ACK of the server's FIN, the client in TIME-WAIT.
    await showPacket(page, drawn.length - 1, whole.at(-1)!.index);
    expect(await page.getByTestId('capture-states').textContent()).toContain('TIME-WAIT');
    await shot(page, 'capture-8-zh-CN-long-upload-end');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await page.getByTestId('game-results').click();
    await waitForScene(page, 'Results');
    expect(await page.getByTestId('results-segments').locator('b').textContent()).toBe(String(whole.length));
    await shot(page, 'capture-9-zh-CN-long-upload-results');
    // Saved again, it is the whole connection, not the part the replay drew.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-pcap').click()]);
    const again = annotateBytes(new Uint8Array(await readFile((await download.path())!)), { profile: 'linux' }).rows;
    expect(again.map((r) => [r.flags.join(','), r.seq, r.ack, r.len])).toEqual(whole.map((r) => [r.flags.join(','), r.seq, r.ack, r.len]));
  }, 120_000);

  it('SYNs a full accept queue dropped, captured at the server: each arrow reaches the server\'s axis and ends in the drop mark, labelled; the card lands stamped dropped; Results count them apart from losses (en, zh-CN)', async () => {
    const bytes = acceptQueueDropPcap('server');
    const { log } = captureLog(annotateBytes(bytes, { profile: 'linux' }).rows, 0);
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    await page.getByTestId('menu-capture-file').setInputFiles({ name: 'backlog0-srv.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: Buffer.from(bytes) });
    await waitForScene(page, 'Game');
    await page.getByTestId('capture-panel').filter({ hasText: 'backlog0-srv.pcap' }).waitFor();
    type Card = { flightId: string; x: number; stamp: string | null };
    const at = (ms: number) => page.evaluate((t) => {
      const hooks = window.__tcpDojo!;
      hooks.freezeAt(t);
      const game = hooks.gameCheck() as { arrows: { label: string; x1: number; y1: number; x2: number; y2: number }[]; labels: { text: string }[] };
      const wire = (hooks.game.scene.getScene('Game') as unknown as { wireCheck: () => { cards: Card[] } }).wireCheck();
      return { arrows: game.arrows.map((a) => ({ ...a, label: a.label.replace(/\n/g, ' ') })), labels: game.labels.map((l) => l.text.replace(/\n/g, ' ')), cards: wire.cards };
    }, ms);
    const drop = log.flights[DROPPED_SYNS - 1]!;
    const synAck = log.flights[DROPPED_SYNS + 1]!;

    // The server's SYN-ACK leaves from its axis: every dropped SYN's arrow ends there, labelled dropped.
    const graph = await at(synAck.sentAt);
    const fromServer = graph.arrows.find((a) => a.label.startsWith('SYN, ACK'))!;
    const dropped = graph.arrows.filter((a) => a.label.includes('dropped: accept queue full'));
    expect(dropped).toHaveLength(DROPPED_SYNS);
    for (const a of dropped) expect(Math.abs(a.x2 - fromServer.x1)).toBeLessThan(1);
    expect(graph.labels.filter((l) => l.includes('dropped: accept queue full'))).toHaveLength(DROPPED_SYNS);

    // At the third SYN's arrival its card has landed at the server's end, stamped dropped, until DROP_SHOWN_MS later.
    const leaving = (await at(drop.sentAt)).cards.find((c) => c.flightId === drop.id)!;
    expect(leaving.stamp).toBeNull();
    const card = (await at(drop.arrivesAt!)).cards.find((c) => c.flightId === drop.id)!;
    expect(card.stamp).toBe('⊘ DROPPED');
    expect(card.x - leaving.x).toBeGreaterThan(300);
    expect((await at(drop.arrivesAt! + DROP_SHOWN_MS / 2)).cards.find((c) => c.flightId === drop.id)!.x).toBe(card.x);
    expect((await at(drop.arrivesAt! + DROP_SHOWN_MS)).cards.map((c) => c.flightId)).not.toContain(drop.id);
    await at(drop.arrivesAt!);
    await page.getByTestId('capture-dropped').filter({ hasText: "Reached its receiver's host, which dropped it" }).waitFor();
    expect(await page.getByTestId('capture-states').textContent()).toContain('LISTEN');
    await shot(page, 'capture-10-en-dropped-syn');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    await page.getByTestId('lang-zh-CN').click();
    await page.getByTestId('capture-dropped').filter({ hasText: '到达了接收方主机，但在那里被丢弃' }).waitFor();
    const zh = await at(drop.arrivesAt!);
    expect(zh.cards.find((c) => c.flightId === drop.id)!.stamp).toBe('⊘ 被丢弃');
    expect(zh.labels.filter((l) => l.includes('被丢弃：全连接队列已满'))).toHaveLength(DROPPED_SYNS);
    await shot(page, 'capture-11-zh-CN-dropped-syn');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    await page.getByTestId('game-results').click();
    await waitForScene(page, 'Results');
    expect(await page.getByTestId('results-lost').locator('b').textContent()).toBe('0');
    expect(await page.getByTestId('results-dropped').textContent()).toBe(`在接收方主机上被丢弃：${DROPPED_SYNS}（它们到达了该主机，所以不算在线路上丢失）`);
    await shot(page, 'capture-12-zh-CN-dropped-results');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
    await page.getByTestId('lang-en').click();
    await page.getByTestId('results-dropped').filter({ hasText: `Dropped at the receiving host: ${DROPPED_SYNS}` }).waitFor();
    await shot(page, 'capture-13-en-dropped-results');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 120_000);

  it('Results saves the round as a .pcap, from the chosen capture point', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    await page.getByTestId('menu-watch-demo').click();
    await waitForScene(page, 'Game');
    await page.getByTestId('game-results').click();
    await waitForScene(page, 'Results');
    await page.getByTestId('results-pcap-point').selectOption('client');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-pcap').click()]);
    expect(download.suggestedFilename()).toBe('tcp-dojo-demo-client.pcap');
    const saved = new Uint8Array(await readFile((await download.path())!));
    const { rows, annotator } = annotateBytes(saved, { profile: 'rfc9293' });
    expect(annotator.problems.listed).toEqual([]);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows[0]!.flags).toEqual(['SYN']);
    await shot(page, 'capture-5-en-results-pcap');
  }, 120_000);
});
