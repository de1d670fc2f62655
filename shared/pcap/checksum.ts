/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the
 * data taken as big-endian 16-bit words. IPv4 sums its header; TCP sums a pseudo-header (addresses,
 * protocol, TCP length; RFC 9293 §3.1) followed by the TCP header and payload.
 */
export function onesComplementSum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  const n = bytes.length;
  for (let i = 0; i + 1 < n; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  // An odd byte is padded with a zero byte on the right.
  if (n % 2 === 1) sum += (bytes[n - 1] ?? 0) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum over parts where only the last may be odd-length (the TCP payload). */
export function checksumOf(parts: Uint8Array[]): number {
  let sum = 0;
  parts.forEach((p, i) => {
    if (i < parts.length - 1 && p.length % 2 !== 0) throw new RangeError('only the last part may have an odd length');
    sum = onesComplementSum(p, sum);
  });
  return ~sum & 0xffff;
}
