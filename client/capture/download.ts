/** Saving a round as a .pcap, built in the page from what it already has (nothing is sent anywhere). */
import type { RoundView } from '../../shared/game/views.ts';
import { exportPcap, type CapturePoint, type WireFlight } from '../../shared/pcap/export.ts';
import { flightsOfView } from '../../shared/pcap/fromRound.ts';
import { bus } from '../events.ts';
import type { RoundLog } from '../model/view.ts';

/** A RoundLog's flights (the demo, a replay without its view) as the export's WireFlights. */
export function flightsOfLog(log: RoundLog): WireFlight[] {
  return log.flights.map((f, i) => ({
    id: Number.isFinite(Number(f.id)) ? Number(f.id) : i + 1,
    from: f.from,
    segment: f.segment,
    sentAt: f.sentAt,
    // A live player's own segment has no known arrival: it was seen leaving, nothing more.
    arrivesAt: f.arrivesAt ?? f.sentAt,
    fate: f.lostAt !== null ? 'lost' : f.arrivesAt !== null && f.arrivesAt <= log.duration ? 'arrived' : 'in-flight',
    duplicate: f.duplicateOf !== null,
    injected: false,
  }));
}

/** `fileName`: pcapFileName (a round) or capturePcapFileName (a capture opened in the game), shared/pcap/export.ts. */
export function downloadPcap(source: { view: RoundView | null; log: RoundLog }, point: CapturePoint, fileName: string): void {
  const file = savePcap(source.view ? flightsOfView(source.view) : flightsOfLog(source.log), point, fileName);
  bus.emit('feedback', { tone: 'good', key: 'pcap.downloaded', params: { file } });
}

/** Builds the capture and hands it to the browser as a download; returns the file's name. */
export function savePcap(flights: WireFlight[], point: CapturePoint, fileName: string): string {
  const bytes = exportPcap(flights, point);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.tcpdump.pcap' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return a.download;
}
