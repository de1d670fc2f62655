/**
 * Opening a capture in the browser: the file is read from the user's disk with the File API, in
 * chunks, and annotated right here by the same shared/ annotator the command line uses. Nothing is
 * uploaded. A drop anywhere on the page, or the menu's file picker, opens it in the replay view.
 */
import type Phaser from 'phaser';
import { Annotator } from '../../shared/annotate/annotator.ts';
import { problemText } from '../../shared/annotate/noteText.ts';
import type { AnnotatedSegment } from '../../shared/annotate/types.ts';
import type { CaptureProblem } from '../../shared/pcap/problems.ts';
import type { Profile } from '../../shared/tcp/config.ts';
import { bus } from '../events.ts';
import { currentLang } from '../i18n/index.ts';
import { captureLog } from './captureLog.ts';

/** Rows kept in the page: beyond this the replay shows the first ones and says so. */
export const MAX_ROWS = 20_000;

export interface StreamSummary {
  stream: number;
  client: string;
  server: string;
  segments: number;
}

export interface CaptureSession {
  file: File;
  profile: Profile;
  rows: AnnotatedSegment[];
  streams: StreamSummary[];
  stream: number;
  problems: CaptureProblem[];
  unlisted: number;
  /** More segments than MAX_ROWS: only the first are kept. */
  truncated: boolean;
  packets: number;
}

/** Read and annotate a capture file; resolves with every connection's rows (up to MAX_ROWS). */
export async function readCapture(file: File, profile: Profile): Promise<CaptureSession> {
  const annotator = new Annotator({ profile });
  const rows: AnnotatedSegment[] = [];
  let truncated = false;
  const keep = (more: AnnotatedSegment[]): void => {
    for (const r of more) {
      if (rows.length < MAX_ROWS) rows.push(r);
      else truncated = true;
    }
  };
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    keep(annotator.push(value));
    if (truncated) {
      await reader.cancel();
      break;
    }
    // Let the page breathe between chunks (a large file is many of them).
    await new Promise((r) => setTimeout(r, 0));
  }
  keep(annotator.end());
  const streams = new Map<number, StreamSummary>();
  for (const r of rows) {
    const s = streams.get(r.stream);
    if (s) s.segments++;
    else streams.set(r.stream, { stream: r.stream, client: r.endpoints[0].endpoint, server: r.endpoints[1].endpoint, segments: 1 });
  }
  const unlisted = annotator.problems.unlisted().reduce((n, u) => n + u.count, 0);
  return { file, profile, rows, streams: [...streams.values()], stream: rows[0]?.stream ?? 0, problems: annotator.problems.listed, unlisted, truncated, packets: annotator.packets };
}

let game: Phaser.Game | null = null;

/** Show one connection of an annotated capture in the replay view. */
export function showCapture(session: CaptureSession): void {
  if (!game) return;
  const from = game.scene.getScenes(true)[0] ?? game.scene.getScene('Menu');
  from.scene.start('Game', { mode: 'replay', log: captureLog(session.rows, session.stream).log, capture: session });
}

export async function openCapture(file: File, profile: Profile = 'linux'): Promise<void> {
  bus.emit('feedback', { tone: 'info', key: 'capture.reading', params: { file: file.name }, until: 'done' });
  try {
    const session = await readCapture(file, profile);
    if (session.rows.length === 0) {
      const why = session.problems[0] ? problemText(session.problems[0], currentLang()) : '';
      bus.emit('feedback', { tone: 'bad', key: 'capture.noTcp', params: { file: file.name, why } });
      return;
    }
    showCapture(session);
  } catch (e) {
    // The browser's own words (a file gone or unreadable) are in its language, not the page's: said plainly, kept in the console.
    console.warn('could not read the capture', file.name, e);
    bus.emit('feedback', { tone: 'bad', key: 'capture.failed', params: { file: file.name } });
  } finally {
    bus.emit('feedback:done', { key: 'capture.reading' });
  }
}

const isCaptureName = (name: string): boolean => /\.(pcap|pcapng|cap|dmp)$/i.test(name);

/** Files dropped anywhere on the page open as captures; the menu's picker emits `capture:open`. */
export function installCaptureOpening(g: Phaser.Game): void {
  game = g;
  bus.on('capture:open', ({ file }) => void openCapture(file));
  window.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      document.body.classList.add('dropping');
    }
  });
  window.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) document.body.classList.remove('dropping');
  });
  window.addEventListener('drop', (e) => {
    document.body.classList.remove('dropping');
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    if (!isCaptureName(file.name) && file.type !== 'application/vnd.tcpdump.pcap') {
      bus.emit('feedback', { tone: 'bad', key: 'capture.notCaptureName', params: { file: file.name } });
      return;
    }
    void openCapture(file);
  });
}
