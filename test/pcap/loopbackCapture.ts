/**
 * Capture real TCP on the loopback interface with Wireshark's dumpcap (the tests run as root),
 * around connections a test makes with Node's `net`. dumpcap writes pcapng to a pipe, which the
 * test reads as it comes; the capture ends once a UDP marker sent after the last connection has
 * come through the pipe, so nothing the connections sent can still be missing (no fixed waits).
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { decodePacket } from '../../shared/pcap/decode.ts';
import { ProblemLog } from '../../shared/pcap/problems.ts';
import { CaptureReader } from '../../shared/pcap/reader.ts';

export const DUMPCAP = process.env['DUMPCAP_PATH'] ?? '/usr/bin/dumpcap';

export interface LoopbackCapture {
  /** Resolves with the whole pcapng file once the marker has been captured. */
  stop: () => Promise<Uint8Array>;
}

function sendMarker(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.send('tcp-dojo capture marker', port, '127.0.0.1', (err) => {
      s.close();
      if (err) reject(err);
      else resolve();
    });
  });
}

/** Start capturing TCP on these ports (and UDP on `markerPort`); resolves once dumpcap is capturing. */
export async function captureLoopback(tcpPorts: number[], markerPort: number): Promise<LoopbackCapture> {
  const filter = [...tcpPorts.map((p) => `tcp port ${p}`), `udp port ${markerPort}`].join(' or ');
  const child = spawn(DUMPCAP, ['-i', 'lo', '-f', filter, '-w', '-', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  const reader = new CaptureReader(new ProblemLog());
  let markerSeen: (() => void) | null = null;
  let seen = false;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    for (const p of reader.push(new Uint8Array(chunk))) {
      const d = decodePacket(p);
      if (!d.ok && d.code === 'not-tcp' && d.params['protocol'] === 'UDP') {
        seen = true;
        markerSeen?.();
      }
    }
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // dumpcap is capturing once the pcapng section header has come down the pipe.
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (chunks.length > 0) resolve();
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`dumpcap exited (${code}): ${stderr}`)));
  });
  return {
    stop: async () => {
      const marked = new Promise<void>((resolve) => {
        markerSeen = resolve;
        if (seen) resolve();
      });
      // Resend the marker until it shows up: the very first one can go out before the filter is armed.
      for (let i = 0; i < 50 && !seen; i++) {
        await sendMarker(markerPort);
        await Promise.race([marked, new Promise((r) => setTimeout(r, 100))]);
      }
      if (!seen) throw new Error(`the capture marker never came through: ${stderr}`);
      child.kill('SIGTERM');
      await exited;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}
