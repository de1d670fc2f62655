/**
 * The link-layer header types (tcpdump.org's LINKTYPE_ values) this project reads or writes. A
 * capture names one per file (pcap) or per interface (pcapng).
 */
export const LINKTYPE = {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  NULL: 0,
  ETHERNET: 1,
  /** Raw IP (tcpdump's DLT_RAW is 12 or 14 on some systems; the file says 101). */
  RAW: 101,
  RAW_OPENBSD: 12,
  RAW_BSDOS: 14,
  /** OpenBSD loopback: the address family in network byte order. */
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const ETHERTYPE = { IPV4: 0x0800, IPV6: 0x86dd, VLAN: 0x8100, QINQ: 0x88a8, VLAN_9100: 0x9100 } as const;

export function linkTypeName(t: number): string {
  for (const [name, value] of Object.entries(LINKTYPE)) if (value === t) return `LINKTYPE_${name}`;
  return `link type ${t}`;
}
