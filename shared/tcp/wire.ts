import { nextUnits, seedRng } from './rng.ts';
import { flagsLabel, type ControlBit, type Segment } from './segment.ts';
import type { RngState } from './types.ts';

/** The two ends of the wire: the host playing the client and the host playing the server. */
export type Side = 'client' | 'server';
export const SIDES: readonly Side[] = ['client', 'server'];
export const otherSide = (side: Side): Side => (side === 'client' ? 'server' : 'client');

/** How one direction of the wire misbehaves. Probabilities are 0..1, times in ms. */
export interface DirectionSettings {
  delayMs: number;
  jitterMs: number;
  loss: number;
  duplicate: number;
  /** Chance a segment is held back long enough for later ones to overtake it. */
  reorder: number;
}

export interface WireSettings {
  toServer: DirectionSettings;
  toClient: DirectionSettings;
}

/** A fault a scenario scripts: "drop the next SYN-ACK from the server". */
export interface ScriptedFault {
  action: 'drop' | 'duplicate' | 'delay';
  from: Side;
  /** Only segments with these control bits set (e.g. ['SYN', 'ACK']); empty: any segment. */
  withFlags: ControlBit[];
  /** Exactly these bits and no others. */
  exact: boolean;
  /** How many matching segments it applies to. */
  count: number;
  /** Let this many matching segments pass first (e.g. skip the handshake ACK to drop the last ACK). */
  skip?: number;
  /** For 'delay'. */
  extraDelayMs?: number;
}

export interface InFlight {
  id: number;
  from: Side;
  segment: Segment;
  sentAt: number;
  arrivesAt: number;
  /** Lost segments are shown dying mid-wire at lostAt, then forgotten. */
  lost: boolean;
  lostAt: number | null;
  duplicate: boolean;
  reordered: boolean;
}

export interface Wire {
  settings: WireSettings;
  rng: RngState;
  nextId: number;
  inFlight: InFlight[];
  faults: ScriptedFault[];
}

export const QUIET_DIRECTION: DirectionSettings = { delayMs: 300, jitterMs: 0, loss: 0, duplicate: 0, reorder: 0 };

export function symmetricWire(d: Partial<DirectionSettings>): WireSettings {
  const dir = { ...QUIET_DIRECTION, ...d };
  return { toServer: { ...dir }, toClient: { ...dir } };
}

export function createWire(settings: WireSettings, seed: number, faults: ScriptedFault[] = []): Wire {
  return { settings, rng: seedRng(seed ^ 0x5eed), nextId: 1, inFlight: [], faults: faults.map((f) => ({ ...f })) };
}

export function directionFrom(settings: WireSettings, from: Side): DirectionSettings {
  return from === 'client' ? settings.toServer : settings.toClient;
}

function matches(fault: ScriptedFault, from: Side, seg: Segment): boolean {
  if (fault.from !== from || fault.count <= 0) return false;
  if (!fault.withFlags.every((b) => seg.flags[b])) return false;
  if (fault.exact) {
    const on = (['SYN', 'ACK', 'FIN', 'RST'] as const).filter((b) => seg.flags[b]);
    if (on.length !== fault.withFlags.length) return false;
  }
  return true;
}

/**
 * Put a segment on the wire (pure). Scripted faults apply first, then the seeded random ones; the
 * generator is drawn the same number of times whatever happens, so one fault never shifts the dice
 * of every later segment.
 */
export function wireSend(wire: Wire, from: Side, segment: Segment, now: number): { wire: Wire; sent: InFlight[] } {
  const dir = directionFrom(wire.settings, from);
  const drawn = nextUnits(wire.rng, 5);
  const rng = drawn.state;
  const [uLoss, uDup, uReorder, uJitter, uJitterDup] = drawn.units as [number, number, number, number, number];

  let lost = uLoss < dir.loss;
  let dup = uDup < dir.duplicate;
  let extra = 0;
  // The first scripted fault that matches is used up a little; the others are shared, not copied.
  let faults = wire.faults;
  const i = faults.findIndex((f) => matches(f, from, segment));
  if (i >= 0) {
    const fault = { ...faults[i]! };
    faults = [...faults];
    faults[i] = fault;
    if ((fault.skip ?? 0) > 0) {
      fault.skip = (fault.skip ?? 0) - 1;
    } else {
      fault.count -= 1;
      if (fault.action === 'drop') lost = true;
      if (fault.action === 'duplicate') dup = true;
      if (fault.action === 'delay') extra += fault.extraDelayMs ?? dir.delayMs;
    }
  }
  const reordered = uReorder < dir.reorder;
  const base = dir.delayMs + Math.round(uJitter * dir.jitterMs) + extra + (reordered ? dir.delayMs + dir.jitterMs + 1 : 0);
  let nextId = wire.nextId;
  const travel = Math.max(1, base);
  const first: InFlight = {
    id: nextId++,
    from,
    segment,
    sentAt: now,
    arrivesAt: now + travel,
    lost,
    lostAt: lost ? now + Math.max(1, Math.round(travel / 2)) : null,
    duplicate: false,
    reordered,
  };
  const sent = [first];
  if (dup && !lost) {
    const dupTravel = Math.max(1, dir.delayMs + Math.round(uJitterDup * dir.jitterMs) + extra + Math.max(1, Math.round(dir.delayMs / 3)));
    sent.push({ ...first, id: nextId++, arrivesAt: now + dupTravel, duplicate: true, reordered: false });
  }
  return {
    wire: { ...wire, rng, nextId, inFlight: [...wire.inFlight, ...sent], faults: faults.every((f) => f.count > 0) ? faults : faults.filter((f) => f.count > 0) },
    sent,
  };
}

/**
 * What became of one segment on a recorded wire, so a replay can give the same segment the same
 * fate without the dice: lost (and when), how long it travelled, whether the wire copied it.
 */
export interface WireFate {
  lost: boolean;
  travelMs: number;
  lostAfterMs: number | null;
  duplicateTravelMs: number | null;
  reordered: boolean;
}

/** Put a segment on the wire with a fate decided beforehand (a replay of a recorded round), pure: no dice, no faults. */
export function wireSendFated(wire: Wire, from: Side, segment: Segment, now: number, fate: WireFate): { wire: Wire; sent: InFlight[] } {
  const travel = Math.max(1, fate.travelMs);
  let nextId = wire.nextId;
  const lost = fate.lost;
  const first: InFlight = {
    id: nextId++,
    from,
    segment,
    sentAt: now,
    arrivesAt: now + travel,
    lost,
    lostAt: lost ? now + Math.max(1, fate.lostAfterMs ?? Math.round(travel / 2)) : null,
    duplicate: false,
    reordered: fate.reordered,
  };
  const sent = [first];
  if (!lost && fate.duplicateTravelMs !== null) {
    sent.push({ ...first, id: nextId++, arrivesAt: now + Math.max(1, fate.duplicateTravelMs), duplicate: true, reordered: false });
  }
  return { wire: { ...wire, nextId, inFlight: [...wire.inFlight, ...sent] }, sent };
}

const byArrival = (a: InFlight, b: InFlight): number => a.arrivesAt - b.arrivesAt || a.id - b.id;

/** Segments that reach their host by `now` (in arrival order), and lost ones that have died by then. */
/**
 * Put a segment on the wire that no host's TCP sent (an old duplicate from a past connection, a
 * spoofed flood): it travels for exactly `delayMs`, untouched by loss, dice or scripted faults.
 */
export function wireInject(wire: Wire, from: Side, segment: Segment, now: number, delayMs: number): { wire: Wire; sent: InFlight[] } {
  const f: InFlight = { id: wire.nextId, from, segment, sentAt: now, arrivesAt: now + Math.max(1, delayMs), lost: false, lostAt: null, duplicate: false, reordered: false };
  return { wire: { ...wire, nextId: wire.nextId + 1, inFlight: [...wire.inFlight, f] }, sent: [f] };
}

export function wireDue(wire: Wire, now: number): { wire: Wire; arrivals: readonly InFlight[]; lost: readonly InFlight[] } {
  // Asked at every instant of every step, and most instants nothing is due: then no lists are made.
  let due = false;
  for (let i = 0; i < wire.inFlight.length && !due; i++) {
    const f = wire.inFlight[i]!;
    due = f.lost ? (f.lostAt ?? 0) <= now : f.arrivesAt <= now;
  }
  if (!due) return { wire, arrivals: NONE_DUE, lost: NONE_DUE };
  const arrivals = wire.inFlight.filter((f) => !f.lost && f.arrivesAt <= now).sort(byArrival);
  const lost = wire.inFlight.filter((f) => f.lost && (f.lostAt ?? 0) <= now);
  if (arrivals.length === 0 && lost.length === 0) return { wire, arrivals, lost };
  const gone = new Set([...arrivals, ...lost].map((f) => f.id));
  return { wire: { ...wire, inFlight: wire.inFlight.filter((f) => !gone.has(f.id)) }, arrivals, lost };
}

const NONE_DUE: readonly InFlight[] = Object.freeze([]);

/** The next moment something happens on the wire: an arrival or a loss. */
export function wireNextEvent(wire: Wire): number | null {
  let at: number | null = null;
  for (const f of wire.inFlight) {
    const t = f.lost ? (f.lostAt ?? f.arrivesAt) : f.arrivesAt;
    if (at === null || t < at) at = t;
  }
  return at;
}

export function describeInFlight(f: InFlight): string {
  return `#${f.id} ${f.from}→ ${flagsLabel(f.segment.flags)} seq=${f.segment.seq} ack=${f.segment.ack} len=${f.segment.data.length}${f.lost ? ' LOST' : ''}${f.duplicate ? ' DUP' : ''}`;
}

export function wireSettingsProblems(s: WireSettings): string[] {
  const problems: string[] = [];
  for (const [name, d] of [['toServer', s.toServer], ['toClient', s.toClient]] as const) {
    for (const p of ['loss', 'duplicate', 'reorder'] as const) {
      if (!(d[p] >= 0 && d[p] <= 1)) problems.push(`${name}.${p} must be between 0 and 1`);
    }
    for (const p of ['delayMs', 'jitterMs'] as const) {
      if (!(Number.isFinite(d[p]) && d[p] >= 0 && d[p] <= 60_000)) problems.push(`${name}.${p} must be 0..60000 ms`);
    }
  }
  return problems;
}
