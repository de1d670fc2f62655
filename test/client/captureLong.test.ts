/**
 * A long capture's connection in the replay (client/capture/captureLog.ts drawnRows): a bulk
 * transfer's thousands of data segments and ACKs would be hours of replay steps and a flow graph
 * the page takes minutes to lay out, while what the game teaches, the connection's management, is
 * at its ends. So the replay draws the first and last DRAWN_AT_EACH_END segments and, between them,
 * every SYN, FIN, RST and state change; Results count the whole connection.
 */
import { describe, expect, it } from 'vitest';
import { captureLog, DRAWN_AT_EACH_END } from '../../client/capture/captureLog.ts';
import { annotateBytes } from '../../shared/annotate/annotator.ts';
import type { AnnotatedSegment } from '../../shared/annotate/types.ts';
import { bulkUploadPcap } from '../pcap/bulkUpload.ts';

function bulkUpload(segments: number, halfCloseAt: number | null = null): AnnotatedSegment[] {
  const { rows, annotator } = annotateBytes(bulkUploadPcap(segments, halfCloseAt), { profile: 'linux' });
  expect(annotator.problems.listed).toEqual([]);
  return rows;
}

const changes = (rows: readonly AnnotatedSegment[]): string[] => rows.flatMap((r) => r.notes.flatMap((n) => (n.code === 'change' ? [`${n.who} ${n.from}→${n.to}`] : [])));

describe('a long connection is drawn by its ends and its management', () => {
  it('a 3,000-segment upload: the first and last segments, every SYN and FIN, every state change; the states end as the whole connection\'s did', () => {
    const whole = bulkUpload(3000);
    expect(whole.length).toBeGreaterThan(4000);
    const { log, rows } = captureLog(whole, whole[0]!.stream);
    const drawn = rows.map((r) => r.row);
    expect(drawn.length).toBeLessThanOrEqual(2 * DRAWN_AT_EACH_END + 10);
    expect(drawn.slice(0, DRAWN_AT_EACH_END)).toEqual(whole.slice(0, DRAWN_AT_EACH_END));
    expect(drawn.slice(-DRAWN_AT_EACH_END)).toEqual(whole.slice(-DRAWN_AT_EACH_END));
    // Nothing of the connection's management is left out.
    const management = (r: AnnotatedSegment): boolean => r.flags.some((f) => f !== 'ACK' && f !== 'PSH') || r.notes.some((n) => n.code === 'change');
    expect(drawn.filter(management)).toEqual(whole.filter(management));
    expect(changes(drawn)).toEqual(changes(whole));
    expect(log.states.filter((s) => s.at > 0).map((s) => `${s.host} ${s.state}`)).toEqual(changes(whole).map((c) => `${c.split(' ')[0]} ${c.split('→')[1]}`));
    expect(drawn.at(-1)!.states).toEqual(whole.at(-1)!.states);
    // One step per drawn packet, on the capture's own clock from its first packet to its last.
    expect(log.flights).toHaveLength(drawn.length);
    expect(log.capturedMs).toBe(Math.round((whole.at(-1)!.time - whole[0]!.time) * 1000));
    // Results count the whole connection.
    expect(log.captureTotals).toEqual({ segments: whole.length, lost: 0, dropped: 0, retransmissions: 0 });
    expect(whole.length - drawn.length).toBeGreaterThan(3000);
  });

  it('a FIN in the middle of a long transfer (a half-close) is drawn where it came, with the CLOSE-WAIT it caused', () => {
    const whole = bulkUpload(2000, 1000);
    const drawn = captureLog(whole, whole[0]!.stream).rows.map((r) => r.row);
    const fin = whole.findIndex((r) => r.flags.includes('FIN'));
    expect(fin).toBeGreaterThan(DRAWN_AT_EACH_END);
    expect(fin).toBeLessThan(whole.length - DRAWN_AT_EACH_END);
    expect(drawn).toContain(whole[fin]);
    expect(changes(drawn)).toEqual(changes(whole));
    expect(changes(whole)).toContain('client ESTABLISHED→CLOSE-WAIT');
  });

  it('saved again (Results), a long connection is every segment, in the file\'s order', () => {
    const whole = bulkUpload(3000);
    const { log, rows } = captureLog(whole, whole[0]!.stream, { whole: true });
    expect(rows.map((r) => r.row)).toEqual(whole);
    expect(log.flights).toHaveLength(whole.length);
    expect(log.captureTotals).toBeUndefined();
  });

  it('a connection short enough is drawn whole, and Results count its flights as before', () => {
    const whole = bulkUpload(300);
    const { log, rows } = captureLog(whole, whole[0]!.stream);
    expect(rows.map((r) => r.row)).toEqual(whole);
    expect(log.captureTotals).toBeUndefined();
  });
});
