/**
 * Where students can reach the class. The join URL and QR code are built from the address the
 * teacher's page was opened at; opened as `localhost` that is the teacher's own laptop, which the
 * students' machines cannot reach. The server knows its network interfaces, so for a loopback origin
 * it offers the machine's network addresses (same port) instead.
 */
import type { NetworkInterfaceInfo } from 'node:os';

/** `localhost`, `127.x.y.z`, `::1` (with or without brackets and port). */
export function isLoopbackHost(host: string): boolean {
  const name = hostName(host).toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === '::1' || name === '0:0:0:0:0:0:0:1';
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
  const colons = host.split(':').length - 1;
  return colons === 1 ? host.slice(0, host.indexOf(':')) : host;
}

export function portOf(host: string): string {
  const m = /^(?:\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(host);
  return m ? m[1]! : '';
}

/**
 * The machine's addresses other machines may reach: IPv4 first (what a QR scanner on a school
 * network will use), then global IPv6; loopback and link-local (fe80::, 169.254.x) are left out.
 */
export function networkAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4' && !a.address.startsWith('169.254.')) v4.push(a.address);
      if (a.family === 'IPv6' && !/^fe[89ab]/i.test(a.address)) v6.push(`[${a.address}]`);
    }
  }
  return [...new Set([...v4, ...v6])];
}

/** `http://192.168.1.20:2567` for each network address, on the port the teacher's page used. */
export function networkOrigins(proto: string, host: string, addresses: readonly string[]): string[] {
  const port = portOf(host);
  return addresses.map((a) => `${proto}://${a}${port ? `:${port}` : ''}`);
}
