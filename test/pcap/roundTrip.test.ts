/**
 * Round trip, for every scenario: a bot-vs-bot round exported as a pcap (seen at the client, at the
 * server and on the wire) → Wireshark's tshark reads it cleanly (no malformed packet, every IP and
 * TCP checksum good) with the round's flags, relative seq/ack and retransmission marks → the
 * annotator, running the engine over the capture alone, gives back the round's own states.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import type { AnnotatedSegment } from '../../shared/annotate/types.ts';
import { createRound } from '../../shared/game/round.ts';
import { SCENARIOS } from '../../shared/game/scenarios.ts';
import { runWithTranscript } from '../../shared/game/transcript.ts';
import type { Round } from '../../shared/game/types.ts';
import { roundView } from '../../shared/game/views.ts';
import { capturedFlights, captureRecords, exportPcap, type CapturePoint, type WireFlight } from '../../shared/pcap/export.ts';
import { flightsOfRound } from '../../shared/pcap/fromRound.ts';
import { LINKTYPE } from '../../shared/pcap/linkTypes.ts';
import { pcapFile } from '../../shared/pcap/writer.ts';
import { segmentLength } from '../../shared/tcp/segment.ts';
import { seqDiff } from '../../shared/tcp/seq.ts';
import type { TcpState } from '../../shared/tcp/states.ts';
import { symmetricWire, type Side } from '../../shared/tcp/wire.ts';
import { flightOf } from '../../client/net/roundLog.ts';
import { tsharkPackets, type TsharkPacket } from './tshark.ts';

interface Case {
  name: string;
  round: Round;
}

function play(scenarioId: string, seed: number, loss: number): Round {
  const s = SCENARIOS.find((x) => x.id === scenarioId)!;
  const created = createRound({
    scenarioId,
    mode: 'consequences',
    seed,
    controllers: { client: 'bot', server: 'bot' },
    personality: 'textbook',
    ...(loss > 0 ? { wire: symmetricWire({ ...s.wire.toServer, loss }) } : {}),
  });
  if (!created.ok) throw new Error(created.rejection.detail);
  return runWithTranscript(created.round).round;
}

const occupiesSeq = (f: WireFlight): boolean => segmentLength(f.segment) > 0;

/**
 * A loss a capture can show: the sender sent the same sequence number again, or (a bare ACK) the
 * receiver resent what it acknowledged. A lost bare ACK that nothing follows up leaves no trace
 * anywhere, so no reader of a capture, person or program, can know it was lost.
 */
function lossesLeaveATrace(round: Round): boolean {
  const flights = flightsOfRound(round);
  return flights.every((f) => {
    if (f.fate !== 'lost' || f.injected) return true;
    const later = flights.filter((g) => g.sentAt > f.sentAt && !g.duplicate);
    if (occupiesSeq(f)) return later.some((g) => g.from === f.from && g.segment.seq === f.segment.seq && g.segment.flags.SYN === f.segment.flags.SYN);
    return later.some((g) => g.from !== f.from && occupiesSeq(g) && flights.some((o) => o.from === g.from && o.sentAt < f.sentAt && o.segment.seq === g.segment.seq) && seqDiff(f.segment.ack, g.segment.seq) > 0);
  });
}

/**
 * A segment no host's TCP sent that claims a host's socket and repeats that host's own numbers (with
 * a fixed ISN an old connection's segment fits the new one exactly: the isn-fixed level's point). No
 * reader of a capture can tell it from the host's own, and once a loss follows, the two stories part.
 */
function passesForItsSender(round: Round): boolean {
  const flights = flightsOfRound(round);
  return flights.some((f) => f.injected && flights.some((g) => !g.injected && g.from === f.from && g.segment.src === f.segment.src && g.segment.seq === f.segment.seq));
}

/**
 * What a Linux listener with a full accept queue drops arrived, yet changed nothing. A handshake ACK
 * dropped so shows in the capture only if the server then sends its SYN-ACK again (after that, it is
 * known to be holding the connection back); without that, the ACK, the silence and a later reset
 * look exactly like a server that took the ACK and then lost the connection (half-open). A SYN
 * dropped so looks like a lost SYN, and shows only if a later copy of it is answered.
 */
function acceptQueueDropsLeaveATrace(round: Round): boolean {
  const flights = flightsOfRound(round);
  const line = timeline(round, 'server');
  const synAcks = flights.filter((f) => f.from === 'server' && !f.injected && f.segment.flags.SYN && f.segment.flags.ACK);
  let seen = false;
  for (const f of flights) {
    const s = f.segment;
    if (f.from !== 'client' || f.injected || f.fate !== 'arrived' || s.flags.RST) continue;
    if (s.flags.SYN && !s.flags.ACK) {
      const at = statesAt(line, f.arrivesAt);
      if (at[0] === 'LISTEN' && at.length === 1 && !synAcks.some((a) => a.sentAt >= f.arrivesAt && seqDiff(a.segment.ack, s.seq) === 1)) return false;
      continue;
    }
    if (!s.flags.ACK || s.flags.SYN) continue;
    if (!synAcks.some((a) => seqDiff(s.ack, a.segment.seq) === 1)) continue;
    const at = statesAt(line, f.arrivesAt);
    if (at[0] !== 'SYN-RECEIVED' || at.length > 1) continue;
    seen ||= synAcks.some((a) => a.sentAt > f.arrivesAt && !a.duplicate);
    if (!seen) return false;
  }
  return true;
}

/** Two lossy rounds per scenario with at least one loss, every loss (and every accept-queue drop) leaving a trace in the capture, every injected segment told apart. */
function lossyRounds(scenarioId: string): Case[] {
  const out: Case[] = [];
  for (let seed = 2; seed < 200 && out.length < 2; seed++) {
    const round = play(scenarioId, seed, 0.25);
    if (passesForItsSender(round)) return out; // the same in every round of this scenario
    if (round.flights.some((f) => f.fate === 'lost') && lossesLeaveATrace(round) && acceptQueueDropsLeaveATrace(round)) out.push({ name: `${scenarioId} seed ${seed}, 25% loss`, round });
  }
  return out;
}

const CASES: Case[] = SCENARIOS.flatMap((s) => [{ name: `${s.id} seed 1`, round: play(s.id, 1, 0) }, ...lossyRounds(s.id)]);
const POINTS: CapturePoint[] = ['client', 'server', 'wire'];

function socketOf(round: Round, side: Side): string {
  return round.hosts[side === 'client' ? 'server' : 'client'].peer;
}

/** The states an endpoint passes through in the round: its listener's LISTEN, then the connection's own changes. */
function timeline(round: Round, side: Side): { at: number; state: TcpState }[] {
  const peer = round.hosts[side].peer;
  const own = socketOf(round, side);
  const conn = round.states.filter((c) => c.side === side && c.conn === peer).map((c) => ({ at: c.at, state: c.to }));
  const firstConn = conn[0]?.at ?? Infinity;
  const listener = round.states.filter((c) => c.side === side && c.conn === own && c.at <= firstConn).map((c) => ({ at: c.at, state: c.to }));
  return [...listener, ...conn];
}

/** Every state the endpoint held at instant t (the one before t and each it passed through at t). */
function statesAt(line: { at: number; state: TcpState }[], t: number): TcpState[] {
  let before: TcpState = 'CLOSED';
  for (const c of line) if (c.at < t) before = c.state;
  return [before, ...line.filter((c) => c.at === t).map((c) => c.state)];
}

function pathOf(rows: AnnotatedSegment[], round: Round, side: Side): TcpState[] {
  const own = socketOf(round, side);
  const peer = round.hosts[side].peer;
  const out: TcpState[] = [];
  for (const r of rows) {
    if (!((r.src === own && r.dst === peer) || (r.src === peer && r.dst === own))) continue;
    const role = r.endpoints.find((e) => e.endpoint === own)?.role;
    for (const n of r.notes) if (n.code === 'change' && n.who === role) out.push(n.to);
  }
  return out;
}

describe('a round exported as a pcap and annotated gives back its own states', () => {
  for (const c of CASES) {
    for (const point of POINTS) {
      it(`${c.name}, seen ${point === 'wire' ? 'on the wire' : `at the ${point}`}`, () => {
        const flights = flightsOfRound(c.round);
        const { rows, annotator } = annotateBytes(exportPcap(flights, point), { profile: c.round.hosts.client.host.config.profile });
        expect(annotator.problems.listed).toEqual([]);
        const seen = capturedFlights(flights, point);
        expect(rows.map((r) => r.index)).toEqual(seen.map((_, i) => i));
        // Each host passes through the round's states, in order: at least those it had reached by the
        // last packet captured (later ones, such as TIME-WAIT's end, happen after the capture stops).
        // On the wire both hosts' paths are there to see; at one host, that host's own path is (the
        // peer's is inferred only from what reached this host: a reset it never saw stays unseen).
        const lastAt = seen[seen.length - 1]?.at ?? 0;
        for (const side of point === 'wire' ? (['client', 'server'] as const) : [point]) {
          const line = timeline(c.round, side).filter((x, i) => !(i === 0 && x.state === 'LISTEN'));
          const path = pathOf(rows, c.round, side);
          const reached = line.filter((x) => x.at <= lastAt).length;
          expect(path, `${side}'s states`).toEqual(line.slice(0, Math.max(reached, path.length)).map((x) => x.state));
        }
        // At a host, each row shows that host's own state at that instant.
        if (point !== 'wire') {
          const line = timeline(c.round, point);
          const own = socketOf(c.round, point);
          const peer = c.round.hosts[point].peer;
          rows.forEach((r, i) => {
            const at = seen[i]!.at;
            if (r.states[own] === undefined || r.states[peer] === undefined) return; // another connection (a spoofed source)
            expect(statesAt(line, at), `row ${i} at ${at} ms`).toContain(r.states[own]);
          });
        }
        // A segment the annotator calls lost really was, or came so late that its retransmission got
        // there first, or (seen only where it was sent) the answer to it was lost: from there, a lost
        // SYN and a lost SYN-ACK, a lost FIN and a lost ACK of it, look the same.
        rows.forEach((r, i) => {
          if (r.arrived) return;
          const f = seen[i]!.flight;
          const end = (f.segment.seq + segmentLength(f.segment)) >>> 0;
          const overtaken = flights.some((g) => g.from === f.from && g.segment.seq === f.segment.seq && g.sentAt > f.sentAt && g.fate === 'arrived' && g.arrivesAt <= f.arrivesAt);
          const answerLost = point === f.from && flights.some((g) => g.from !== f.from && g.fate === 'lost' && g.sentAt >= f.arrivesAt && g.segment.flags.ACK && seqDiff(g.segment.ack, end) >= 0);
          // An arrival that changed nothing (a segment beyond a gap, which this engine does not keep) looks lost too.
          const receiver: Side = f.from === 'client' ? 'server' : 'client';
          const changedNothing = !c.round.states.some((x) => x.side === receiver && x.at === f.arrivesAt);
          expect(f.fate === 'lost' || overtaken || answerLost || changedNothing, `row ${i} (${f.fate})`).toBe(true);
        });
      });
    }
  }
});

/** Wireshark's duplicate-ACK test (packet-tcp.c): a bare ACK repeating the sender's last ACK and window, at its next seq. */
function wiresharkDupAcks(seen: WireFlight[]): boolean[] {
  const last = new Map<string, { ack: number; wnd: number; next: number }>();
  return seen.map((f) => {
    const s = f.segment;
    const prev = last.get(s.src);
    const bare = s.data.length === 0 && !s.flags.SYN && !s.flags.FIN && !s.flags.RST && s.flags.ACK;
    const dup = !!prev && bare && s.wnd !== 0 && s.wnd === prev.wnd && s.ack === prev.ack && s.seq === prev.next;
    const end = (s.seq + segmentLength(s)) >>> 0;
    const next = prev && seqDiff(prev.next, end) > 0 ? prev.next : end;
    if (s.flags.ACK) last.set(s.src, { ack: s.ack, wnd: s.wnd, next });
    return dup;
  });
}

describe('tshark reads the exported rounds cleanly', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tcp-dojo-pcap-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a file written by the export opens as it is: Ethernet, IPv4, TCP, checksums good', async () => {
    const round = CASES.find((c) => c.name.startsWith('active-close-client') && c.name.includes('loss'))!.round;
    const file = join(dir, 'one.pcap');
    await writeFile(file, exportPcap(flightsOfRound(round), 'wire'));
    const packets = await tsharkPackets(file);
    expect(packets).toHaveLength(round.flights.length);
    for (const p of packets) expect([p.malformed, p.tcpChecksum, p.ipChecksum]).toEqual([false, '1', '1']);
  });

  it('every round, from every capture point: same flags and relative seq/ack; on the wire, the same retransmission and duplicate-ACK marks as the game\'s flow graph', async () => {
    // One file for all of them (tshark is slow to start): each capture gets its own addresses and
    // its own hour, so Wireshark analyses each as its own TCP stream.
    const records = [];
    const expected: { name: string; flight: WireFlight; relSeq: number; relAck: number; expert: boolean; retransmission: boolean; dupAck: boolean }[] = [];
    let k = 0;
    for (const c of CASES) {
      const view = roundView(c.round, null);
      const client = socketOf(c.round, 'client');
      const server = socketOf(c.round, 'server');
      const addresses = { client, server };
      for (const point of POINTS) {
        k++;
        const remap = (sock: string): string => sock.replace(/^10\.0\.0\./, `10.${1 + Math.floor(k / 200)}.${k % 200}.`);
        const flights = flightsOfRound(c.round).map((f) => ({ ...f, segment: { ...f.segment, src: remap(f.segment.src), dst: remap(f.segment.dst) } }));
        const seen = capturedFlights(flights, point).map((x) => x.flight);
        // The flow graph of what this capture point saw (a player's own flow graph shows only what reached its host).
        const visible = new Set(seen.map((f) => f.id));
        const shown = view.flights.filter((f) => visible.has(f.id));
        const marks = new Map(shown.map((f) => [f.id, flightOf(f, shown, addresses)]));
        const dups = wiresharkDupAcks(seen);
        // Relative numbers count from the ISN of each side's latest SYN (a new SYN starts a new session).
        const isn = new Map<string, number>();
        records.push(...captureRecords(flights, point, 1_700_000_000 + k * 3_600));
        seen.forEach((f, i) => {
          const fwd = `${f.segment.src}>${f.segment.dst}`;
          const rev = `${f.segment.dst}>${f.segment.src}`;
          if (f.segment.flags.SYN) isn.set(fwd, f.segment.seq);
          const mark = marks.get(f.id)!;
          const own = isn.get(fwd);
          const theirs = isn.get(rev);
          expected.push({
            name: `${c.name} at ${point}, #${i} ${f.from} seq=${f.segment.seq}`,
            flight: f,
            // Without a SYN from that side in the capture Wireshark guesses its base: nothing to compare.
            relSeq: own === undefined ? NaN : seqDiff(f.segment.seq, own) >>> 0,
            relAck: !f.segment.flags.ACK || theirs === undefined ? NaN : seqDiff(f.segment.ack, theirs) >>> 0,
            expert: point === 'wire' && !c.round.flights.some((g) => g.injected),
            retransmission: mark.retransmission || (mark.duplicateOf !== null && segmentLength(f.segment) > 0),
            dupAck: dups[i]!,
          });
        });
      }
    }
    const file = join(dir, 'all.pcap');
    await writeFile(file, pcapFile(LINKTYPE.ETHERNET, records));
    const packets: TsharkPacket[] = await tsharkPackets(file);
    expect(packets).toHaveLength(expected.length);
    const problems: string[] = [];
    packets.forEach((p, i) => {
      const e = expected[i]!;
      const f = e.flight.segment.flags;
      const flags = [f.SYN && 'SYN', f.FIN && 'FIN', f.RST && 'RST', f.ACK && 'ACK'].filter(Boolean).join(',');
      if (p.malformed || p.tcpChecksum !== '1' || p.ipChecksum !== '1') problems.push(`${e.name}: malformed ${p.malformed}, checksums ${p.tcpChecksum}/${p.ipChecksum}`);
      if (p.flags !== flags) problems.push(`${e.name}: flags ${p.flags} ≠ ${flags}`);
      if ((!Number.isNaN(e.relSeq) && p.relSeq !== e.relSeq) || (f.ACK && !Number.isNaN(e.relAck) && p.relAck !== e.relAck)) problems.push(`${e.name}: relative seq/ack ${p.relSeq}/${p.relAck} ≠ ${e.relSeq}/${e.relAck}`);
      if (!e.expert) return;
      if (p.retransmission !== e.retransmission) problems.push(`${e.name}: retransmission ${p.retransmission} ≠ ${e.retransmission} (${p.expert})`);
      if (p.duplicateAck !== e.dupAck) problems.push(`${e.name}: duplicate ACK ${p.duplicateAck} ≠ ${e.dupAck} (${p.expert})`);
    });
    expect(problems).toEqual([]);
  });
});
