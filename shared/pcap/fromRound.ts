/** The segments of a round (the server's whole record, or a player's view of it) as WireFlights for the export. */
import type { Round } from '../game/types.ts';
import type { RoundView } from '../game/views.ts';
import type { WireFlight } from './export.ts';

export function flightsOfRound(round: Round): WireFlight[] {
  return round.flights.map((f) => ({
    id: f.id,
    from: f.from,
    segment: f.segment,
    sentAt: f.sentAt,
    arrivesAt: f.arrivesAt,
    fate: f.fate,
    duplicate: f.duplicate,
    injected: f.injected,
  }));
}

/** A view names each segment's sender by side; its sockets are the hosts' own (an injected segment carries its own source). */
export function flightsOfView(view: RoundView): WireFlight[] {
  const socketOf = { client: view.hosts.server.peer, server: view.hosts.client.peer };
  return view.flights.map((f) => {
    const to = f.from === 'client' ? 'server' : 'client';
    return {
      id: f.id,
      from: f.from,
      segment: { src: f.src ?? socketOf[f.from], dst: f.dst ?? socketOf[to], seq: f.seq, ack: f.ack, flags: { ...f.flags }, wnd: f.wnd ?? 0, data: f.data },
      sentAt: f.sentAt,
      // A player's own segment during the round: its host saw it leave and knows no more
      // (views.ts), so a capture anywhere but at its sender does not see it.
      arrivesAt: f.arrivesAt ?? f.sentAt,
      fate: f.fate === 'sent' || f.fate === 'acknowledged' ? 'in-flight' : f.fate,
      duplicate: f.duplicate,
      injected: f.injected,
    };
  });
}
