/** Run Debian's tshark (Wireshark 4) over a capture file and read its per-packet fields. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const TSHARK = process.env['TSHARK_PATH'] ?? '/usr/bin/tshark';

export interface TsharkPacket {
  frame: number;
  stream: number;
  src: string;
  dst: string;
  flags: string;
  relSeq: number;
  relAck: number;
  /** tcp.analysis.retransmission, fast_retransmission or spurious_retransmission. */
  retransmission: boolean;
  duplicateAck: boolean;
  malformed: boolean;
  tcpChecksum: string;
  ipChecksum: string;
  expert: string;
}

const FIELDS = [
  'frame.number',
  'tcp.stream',
  'ip.src',
  'ip.dst',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'tcp.seq',
  'tcp.ack',
  'tcp.analysis.retransmission',
  'tcp.analysis.fast_retransmission',
  'tcp.analysis.spurious_retransmission',
  'tcp.analysis.duplicate_ack',
  '_ws.malformed',
  'tcp.checksum.status',
  'ip.checksum.status',
  '_ws.expert.message',
];

/** Every packet of the file as tshark dissects it, with IP and TCP checksum validation on. */
export async function tsharkPackets(file: string): Promise<TsharkPacket[]> {
  const args = ['-r', file, '-n', '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-o', 'tcp.relative_sequence_numbers:TRUE', '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=a', '-E', 'aggregator=;'];
  for (const f of FIELDS) args.push('-e', f);
  const { stdout } = await run(TSHARK, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const c = line.split('|');
      const flagsHex = Number.parseInt(c[6] ?? '0', 16);
      const names = ([[0x02, 'SYN'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x10, 'ACK']] as const).filter(([bit]) => flagsHex & bit).map(([, n]) => n);
      return {
        frame: Number(c[0]),
        stream: Number(c[1]),
        src: `${c[2]}:${c[4]}`,
        dst: `${c[3]}:${c[5]}`,
        flags: names.join(','),
        relSeq: Number(c[7]),
        relAck: Number(c[8]),
        retransmission: (c[9] ?? '') !== '' || (c[10] ?? '') !== '' || (c[11] ?? '') !== '',
        duplicateAck: (c[12] ?? '') !== '',
        malformed: (c[13] ?? '') !== '',
        tcpChecksum: c[14] ?? '',
        ipChecksum: c[15] ?? '',
        expert: c[16] ?? '',
      };
    });
}
