/**
 * What a saved capture is called. A round's is named after its scenario; a capture opened in the
 * game and saved again from its Results after the file it came from (it was 'tcp-dojo-demo-…',
 * as if it were the demo), cleaned of what a file name should not hold.
 */
import { describe, expect, it } from 'vitest';
import { capturePcapFileName, pcapFileName } from '../../shared/pcap/export.ts';

describe('saved capture file names', () => {
  it('a round: its scenario and the capture point', () => {
    expect(pcapFileName('lost-final-ack', 'client')).toBe('tcp-dojo-lost-final-ack-client.pcap');
  });

  it('a capture: its file name without the extension', () => {
    expect(capturePcapFileName('mine.pcap', 'wire')).toBe('tcp-dojo-mine-wire.pcap');
    expect(capturePcapFileName('lo.PCAPNG', 'server')).toBe('tcp-dojo-lo-server.pcap');
  });

  it('the connection, when the file holds several', () => {
    expect(capturePcapFileName('two.pcapng', 'wire', 1)).toBe('tcp-dojo-two-conn1-wire.pcap');
  });

  it('spaces, slashes, quotes and the like become one dash; letters of any script stay', () => {
    expect(capturePcapFileName('my capture #1 (copy).pcap', 'wire')).toBe('tcp-dojo-my-capture-1-copy-wire.pcap');
    expect(capturePcapFileName('../../etc/"x".pcap', 'wire')).toBe('tcp-dojo-etc-x-wire.pcap');
    expect(capturePcapFileName('抓包 1.pcap', 'client')).toBe('tcp-dojo-抓包-1-client.pcap');
  });

  it('nothing left, or too much: a name still, at most 60 characters of the file\'s', () => {
    expect(capturePcapFileName('???.pcap', 'wire')).toBe('tcp-dojo-capture-wire.pcap');
    expect(capturePcapFileName(`${'a'.repeat(200)}.pcap`, 'wire')).toBe(`tcp-dojo-${'a'.repeat(60)}-wire.pcap`);
  });
});
