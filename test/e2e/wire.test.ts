/**
 * The wire with dozens of segments in flight (watch mode over the generated stress round, as the
 * frame-rate bench uses): every flight on the wire has exactly one card, cards are reused rather
 * than made anew as flights land, a card answers a click with the whole segment, and the faces
 * re-letter in Chinese without anything overflowing. On a crowded wire no card covers another;
 * in a row fuller than it holds, no card covers another's tag, flags, seq or ack, ten digits each.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { flightsOnWire, LOSS_BURST_MS, wireProgress } from '../../client/model/snapshot.ts';
import type { RoundLog } from '../../client/model/view.ts';
import { captureLog } from '../../client/capture/captureLog.ts';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import { encodeIpv4Tcp } from '../../shared/pcap/frame.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcapng, seg } from '../pcap/handBuilt.ts';
import { layoutWire, wireBox } from '../../client/components/wireLayout.ts';
import { GAME_LAYOUT } from '../../client/scenes/gameLayout.ts';
import { roundLogOf } from '../../client/net/roundLog.ts';
import { createRound, runToEnd } from '../../shared/game/round.ts';
import type { RoundSettings } from '../../shared/game/types.ts';
import { roundView, type RoundView } from '../../shared/game/views.ts';
import { findOverflows, frames, waitForScene } from './browser.ts';
import { gameServerAndBrowser } from './fixture.ts';
import { shot } from './play.ts';

const env = gameServerAndBrowser();

interface WireCheck {
  cards: { flightId: string; x: number; y: number; summary: string; box: { x: number; y: number; w: number; h: number }; compact: boolean; textRight: number; textCut: boolean }[];
  expected: string[];
  cardsMade: number;
  textures: number;
}

/** Hold the round at `ms` and read what the wire shows against what the round log says is in flight. */
async function wireAt(page: Page, ms: number): Promise<WireCheck> {
  return page.evaluate((at) => {
    window.__tcpDojo!.freezeAt(at);
    const scene = window.__tcpDojo!.game.scene.getScene('Game') as unknown as { wireCheck: () => WireCheck };
    return scene.wireCheck();
  }, ms);
}

const ids = (w: WireCheck): string[] => w.cards.map((c) => c.flightId).sort();

describe('the wire under load', () => {
  it('shows one card per flight in the air, reuses cards as flights land, and inspects a card on click', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en', path: '?stress=24', scene: 'Game' });

    const times = [1_000, 4_500, 8_000, 12_500, 17_000, 21_500, 26_000];
    const first: WireCheck[] = [];
    for (const at of times) {
      const w = await wireAt(page, at);
      expect(ids(w), `cards on the wire at ${at} ms`).toEqual([...w.expected].sort());
      first.push(w);
    }
    // Dozens on screen at once, as the bench stresses.
    expect(Math.min(...first.map((w) => w.cards.length))).toBeGreaterThanOrEqual(20);

    // A second pass over the same moments makes no new cards and no new textures: landed cards go
    // back to a pool and carry the next flights.
    const made = first[first.length - 1]!.cardsMade;
    const textures = first[first.length - 1]!.textures;
    for (const at of [...times].reverse()) {
      const w = await wireAt(page, at);
      expect(ids(w)).toEqual([...w.expected].sort());
      expect(w.cardsMade).toBe(made);
      expect(w.textures).toBe(textures);
    }
    // The pool never holds more cards than the busiest moment needed (plus the frames played before the first freeze).
    expect(made).toBeLessThanOrEqual(Math.max(...first.map((w) => w.cards.length)) + 12);

    // Click the card drawn on top: a toast spells out that segment. The click meets the cards as
    // last drawn, so the frozen moment is drawn first (the game draws 4 frames a second in tests).
    await wireAt(page, 12_500);
    await frames(page);
    const w = await wireAt(page, 12_500);
    const top = w.cards[w.cards.length - 1]!;
    const box = await page.locator('canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    const scale = box.width / 1600;
    await page.mouse.click(box.x + top.x * scale, box.y + top.y * scale);
    await page.getByTestId('toast').filter({ hasText: top.summary }).waitFor();
    await shot(page, 'wire-1-stress-24-inspect');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });

    // In Chinese the tags on the cards re-letter; still one card per flight, nothing overflowing.
    await page.evaluate(() => window.__tcpDojo!.setLang('zh-CN'));
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const zh = await wireAt(page, 8_000);
    expect(ids(zh)).toEqual([...zh.expected].sort());
    await shot(page, 'wire-2-stress-24-zh-CN');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 120_000);
});

/** A finished round (the textbook bot on both sides) as the room sends it, and its busiest instant on the wire. */
function crowdedReplay(settings: Partial<RoundSettings> & { scenarioId: string }): { view: RoundView; at: number; inFlight: number } {
  const created = createRound({ mode: 'coach', seed: 7, controllers: { client: 'human', server: 'human' }, personality: 'textbook', ...settings });
  if (!created.ok) throw new Error(created.rejection.detail);
  const view = JSON.parse(JSON.stringify(roundView(runToEnd(created.round), 'client'))) as RoundView;
  const log = roundLogOf(view);
  let best = { at: 0, inFlight: 0 };
  for (const f of log.flights) {
    // Just after each send: the moment the wire holds the most.
    const n = flightsOnWire(log, f.sentAt + 1).length;
    if (n > best.inFlight) best = { at: f.sentAt + 1, inFlight: n };
  }
  return { view, ...best };
}

type Box = WireCheck['cards'][number]['box'];
const intersect = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
function overlapping(w: WireCheck): [string, string][] {
  const out: [string, string][] = [];
  w.cards.forEach((a, i) => w.cards.slice(i + 1).forEach((b) => intersect(a.box, b.box) && out.push([a.summary, b.summary])));
  return out;
}

describe('a crowded wire', () => {
  it('cards in flight at once never cover each other: the SYN flood’s five SYNs, a rough wire’s retransmissions and duplicates (English and Chinese)', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    const rounds = [
      { name: 'syn-flood', ...crowdedReplay({ scenarioId: 'syn-flood' }) },
      // The room's "rough" preset: 20 % loss, 5 % duplicates, 10 % reordering.
      { name: 'rough', ...crowdedReplay({ scenarioId: 'why-three', seed: 34, wire: { toServer: { delayMs: 300, jitterMs: 0, loss: 0.2, duplicate: 0.05, reorder: 0.1 }, toClient: { delayMs: 300, jitterMs: 0, loss: 0.2, duplicate: 0.05, reorder: 0.1 } } }) },
    ];
    for (const { name, view, at, inFlight } of rounds) {
      expect(inFlight, `${name}: segments in flight at once`).toBeGreaterThanOrEqual(5);
      await page.evaluate(() => window.__tcpDojo!.setLang('en'));
      await page.evaluate(([v]) => window.__tcpDojo!.replayView(v as never, 'client'), [view] as const);
      await waitForScene(page, 'Game', 120_000);
      for (const lang of ['en', 'zh-CN'] as const) {
        await page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        const w = await wireAt(page, at);
        await frames(page);
        await shot(page, `wire-3-crowded-${name}-${lang}`);
        expect(ids(w)).toEqual([...w.expected].sort());
        expect(w.cards).toHaveLength(inFlight);
        expect(overlapping(w), `${name} (${lang}) at ${at} ms`).toEqual([]);
        // Inside the wire panel (x 280..916, y 72..304 on the 1600×900 stage).
        for (const c of w.cards) expect([c.box.x >= 280, c.box.x + c.box.w <= 916, c.box.y >= 72, c.box.y + c.box.h <= 304], c.summary).toEqual([true, true, true, true]);
        expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
      }
    }
    // A small window scales the whole stage down (Phaser's FIT): the same places, nothing cut off.
    await page.setViewportSize({ width: 960, height: 540 });
    await frames(page);
    expect(overlapping(await wireAt(page, rounds[1]!.at))).toEqual([]);
    await shot(page, 'wire-4-crowded-rough-zh-CN-960');
    expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
  }, 120_000);
});

/**
 * A round's view as one player's TCP knows it during the round (its own segments wait halfway for
 * their ACK, the peer's are seen as they arrive): the finished round's segments, as its player knew
 * them before the end revealed the wire.
 */
function liveView(scenarioId: string, seed: number, you: 'client' | 'server'): RoundView {
  const created = createRound({ mode: 'coach', seed, controllers: { client: 'human', server: 'human' }, personality: 'textbook', scenarioId });
  if (!created.ok) throw new Error(created.rejection.detail);
  return JSON.parse(JSON.stringify(roundView({ ...runToEnd(created.round), finished: false }, you))) as RoundView;
}

/** The instant the view's wire has the most cards in one row. */
function crowdedRow(view: RoundView): { view: RoundView; at: number; inRow: number } {
  const log = roundLogOf(view);
  const box = wireBox(GAME_LAYOUT.wire.width, GAME_LAYOUT.wire.height);
  let best = { at: 0, inRow: 0 };
  for (let t = 0; t < 5_000; t += 10) {
    const places = layoutWire(flightsOnWire(log, t).map((f) => ({ id: f.id, from: f.from, progress: wireProgress(f, t) })), box);
    const rows = new Map<number, number>();
    for (const p of places) rows.set(p.y, (rows.get(p.y) ?? 0) + 1);
    const inRow = Math.max(0, ...rows.values());
    if (inRow > best.inRow) best = { at: t, inRow };
  }
  return { view, ...best };
}

/** The view with one more segment of data from the player, 10 ms after its last, never acknowledged. */
function oneMore(view: RoundView): RoundView {
  const own = view.flights.filter((f) => f.from === view.you);
  const last = own[own.length - 1]!;
  const more = { ...last, id: Math.max(...view.flights.map((f) => f.id)) + 1, seq: last.seq + last.len + (last.flags.FIN ? 1 : 0), data: 'more', len: 4, sentAt: last.sentAt + 10, fate: 'sent' as const, ackedAt: null };
  return { ...view, flights: [...view.flights, more] };
}

/** The cards whose tag, flags, seq or ack a card drawn later covers, or whose face had to cut any of them. */
function unreadable(w: WireCheck): string[] {
  const out: string[] = [];
  w.cards.forEach((p, i) => {
    if (p.textCut) out.push(`${p.summary}: cut`);
    if (p.textRight > p.box.x + p.box.w) out.push(`${p.summary}: past its edge`);
    for (const q of w.cards.slice(i + 1)) {
      const sameRows = q.box.y < p.box.y + p.box.h && p.box.y < q.box.y + q.box.h;
      // A later card's outline reaches a pixel left of its box.
      if (sameRows && q.box.x + q.box.w > p.box.x && q.box.x - 1 < p.textRight) out.push(`${p.summary}: covered by ${q.summary}`);
    }
  });
  return out;
}

describe('ten-digit numbers on a crowded wire', () => {
  it('in a row fuller than it holds, every card’s tag, flags, seq and ack show whole (English and Chinese, 1280×720 and 960×540)', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    const rounds = [
      // The client's view when the server closes first: five of its segments in one row, ten-digit numbers.
      { name: 'active-close-client', ...crowdedRow(liveView('active-close-server', 7, 'client')) },
      // The server's view of a SYN flood: five spoofed SYNs come in while its SYN-ACKs wait.
      { name: 'syn-flood-server', ...crowdedRow(liveView('syn-flood', 7, 'server')) },
      // The fullest row the faces promise to keep readable: six.
      { name: 'half-close-server-six', ...crowdedRow(oneMore(liveView('half-close', 7, 'server'))) },
    ];
    expect(rounds.map((r) => r.inRow)).toEqual([5, 5, 6]);
    for (const { name, view, at } of rounds) {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.evaluate(() => window.__tcpDojo!.setLang('en'));
      await page.evaluate(([v]) => window.__tcpDojo!.replayView(v as never, v.you as never), [view] as const);
      await waitForScene(page, 'Game', 120_000);
      for (const size of [{ width: 1280, height: 720 }, { width: 960, height: 540 }]) {
        await page.setViewportSize(size);
        for (const lang of ['en', 'zh-CN'] as const) {
          await page.evaluate((l) => window.__tcpDojo!.setLang(l), lang);
          await page.waitForFunction((l) => document.documentElement.lang === l, lang);
          const w = await wireAt(page, at);
          await frames(page);
          await shot(page, `wire-5-ten-digits-${name}-${size.width}-${lang}`);
          expect(w.cards.some((c) => /\d{10}/.test(c.summary)), name).toBe(true);
          expect(unreadable(w), `${name} ${size.width} ${lang} at ${at} ms`).toEqual([]);
          expect(await findOverflows(page)).toEqual({ html: [], canvas: [] });
        }
      }
    }
  }, 180_000);
});

/** A capture of a SYN sent three times, 1 s apart (its RTO doubling aside), the first two copies never answered, the third refused. */
function synSentAgain(): Uint8Array {
  const client = { srcIp: '192.0.2.1', dstIp: '192.0.2.2', srcPort: 40001, dstPort: 80 };
  const server = { srcIp: '192.0.2.2', dstIp: '192.0.2.1', srcPort: 80, dstPort: 40001 };
  const syn = seg({ ...client, seq: 100, flags: { SYN: true, ACK: false, FIN: false, RST: false } });
  const rst = seg({ ...server, seq: 0, ack: 101, flags: { SYN: false, ACK: true, FIN: false, RST: true } });
  return pcapng([{ linkType: LINKTYPE.RAW, tsresol: 9 }], [[0, syn], [1, syn], [2, syn], [2.0001, rst]].map(([t, s]) => ({ iface: 0, t: t as number, bytes: encodeIpv4Tcp(s as typeof syn) })));
}

/**
 * The instants (every 50 ms) at which a lost segment's card is still bursting and another card of
 * its direction is on the wire: when the layout had to make room between them.
 */
function burstsBeside(log: RoundLog): { id: string; at: number }[] {
  const out: { id: string; at: number }[] = [];
  for (const f of log.flights) {
    if (f.lostAt === null) continue;
    for (let at = f.lostAt; at < f.lostAt + LOSS_BURST_MS; at += 50) {
      if (flightsOnWire(log, at).some((g) => g.id !== f.id && g.from === f.from)) out.push({ id: f.id, at });
    }
  }
  return out;
}

/** Where each bursting card was drawn over those instants, per face (a compact card's path runs a few px inside a full one's). */
async function burstPlaces(page: Page, instants: readonly { id: string; at: number }[]): Promise<Record<string, string[]>> {
  const places: Record<string, Set<string>> = {};
  for (const { id, at } of instants) {
    const w = await wireAt(page, at);
    expect(ids(w)).toEqual([...w.expected].sort());
    expect(overlapping(w), `at ${at} ms`).toEqual([]);
    const card = w.cards.find((c) => c.flightId === id)!;
    (places[`${id} ${card.compact ? 'compact' : 'full'}`] ??= new Set()).add(`${Math.round(card.x)},${Math.round(card.y)}`);
  }
  return Object.fromEntries(Object.entries(places).map(([k, v]) => [k, [...v]]));
}

describe('a segment lost on the wire', () => {
  it('shatters where the wire dropped it while the next segment flies past: a capture\'s SYN sent again, a rough round', async () => {
    const page = await env.open({ viewport: { width: 1280, height: 720 }, lang: 'en' });
    // The capture: each lost copy still bursts (LOSS_BURST_MS) when the next copy leaves, one step later.
    const bytes = synSentAgain();
    const capture = captureLog(annotateBytes(bytes, { profile: 'linux' }).rows, 0).log;
    await page.getByTestId('menu-capture-file').setInputFiles({ name: 'syn-again.pcapng', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await waitForScene(page, 'Game');
    await page.getByTestId('capture-panel').filter({ hasText: 'syn-again.pcapng' }).waitFor();
    const inCapture = burstsBeside(capture);
    expect(new Set(inCapture.map((b) => b.id))).toEqual(new Set(['0', '1']));
    const capturePlaces = await burstPlaces(page, inCapture);
    for (const [card, places] of Object.entries(capturePlaces)) expect(places, `capture: ${card}`).toHaveLength(1);
    // The second copy's frame (the first copy's "✕ LOST" at its cross) and the third's.
    await wireAt(page, capture.flights[1]!.sentAt);
    await shot(page, 'wire-5-capture-lost-copy-stays');
    await wireAt(page, capture.flights[2]!.sentAt + 150);
    await shot(page, 'wire-6-capture-next-copy-passes');

    // A round on the room's "rough" wire (20 % loss): the same WireView draws it.
    const { view } = crowdedReplay({ scenarioId: 'why-three', seed: 23, wire: { toServer: { delayMs: 300, jitterMs: 0, loss: 0.2, duplicate: 0.05, reorder: 0.1 }, toClient: { delayMs: 300, jitterMs: 0, loss: 0.2, duplicate: 0.05, reorder: 0.1 } } });
    const inRound = burstsBeside(roundLogOf(view));
    expect(inRound.length).toBeGreaterThan(0);
    await page.evaluate(([v]) => window.__tcpDojo!.replayView(v as never, 'client'), [view] as const);
    await waitForScene(page, 'Game', 120_000);
    const roundPlaces = await burstPlaces(page, inRound);
    for (const [card, places] of Object.entries(roundPlaces)) expect(places, `rough round: ${card}`).toHaveLength(1);
    await wireAt(page, inRound[0]!.at);
    await shot(page, 'wire-7-rough-lost-stays');
  }, 120_000);
});
