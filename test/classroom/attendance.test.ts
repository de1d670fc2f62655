/**
 * A student's presence is their newest connection's (server/classroom/attendance.ts): a reload's old
 * connection running out, or coming back late, never overrides the new one.
 */
import { describe, expect, it } from 'vitest';
import { Attendance } from '../../server/classroom/attendance.ts';
import { isLoopbackHost, networkAddresses, networkOrigins } from '../../server/classroom/joinLinks.ts';

describe('attendance', () => {
  it('a reload: the old connection drops and later expires; the student stays here on the new one', () => {
    const a = new Attendance();
    a.join('ada', 'old', 1000);
    a.drop('old');
    expect(a.presence('ada')).toBe('away');
    expect(a.join('ada', 'new', 2000)).toEqual(['old']);
    expect(a.presence('ada')).toBe('here');
    expect(a.leave('old')).toBeUndefined(); // the window ran out: she still has a connection
    expect(a.presence('ada')).toBe('here');
    expect(a.sessionsOf('ada')).toEqual(['new']);
  });

  it('an old connection coming back after a newer one joined does not take over', () => {
    const a = new Attendance();
    a.join('ada', 'old', 3000);
    a.drop('old');
    a.join('ada', 'new', 4000);
    a.drop('new');
    expect(a.reconnect('old')).toBe(false);
    expect(a.presence('ada')).toBe('away');
    expect(a.reconnect('new')).toBe(true);
    expect(a.presence('ada')).toBe('here');
  });

  it('each newer connection has a larger tab number, even when the clock stands still or goes back', () => {
    const a = new Attendance();
    a.join('ada', 'laptop', 5000);
    const first = a.tabOf('ada');
    a.join('ada', 'tablet', 5000);
    const second = a.tabOf('ada');
    a.join('bob', 'phone', 4000);
    a.join('ada', 'reload', 3000);
    expect(first).toBe(5000);
    expect(second).toBeGreaterThan(first);
    expect(a.tabOf('ada')).toBeGreaterThan(a.tabOf('bob'));
    expect(a.tabOf('bob')).toBeGreaterThan(second);
    expect(a.tabOf('nobody')).toBe(0);
  });

  it('the last connection leaving makes the student away and says so', () => {
    const a = new Attendance();
    a.join('bob', 's1', 5000);
    expect(a.leave('s1')).toBe('bob');
    expect(a.presence('bob')).toBe('away');
  });
});

describe('join links for a loopback origin', () => {
  it('knows loopback hosts', () => {
    for (const h of ['localhost:2567', '127.0.0.1:2567', '127.1.2.3', '[::1]:2567', 'app.localhost']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['192.168.1.20:2567', 'dojo.school.example', '[2001:db8::1]:80']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('offers the machine’s reachable addresses, IPv4 first, on the page’s port', () => {
    const addresses = networkAddresses({
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
      eth0: [
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 2 },
        { address: '2001:db8::7', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 0 },
        { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
      ],
      wlan0: [{ address: '169.254.3.4', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null }],
    });
    expect(addresses).toEqual(['192.168.1.20', '[2001:db8::7]']);
    expect(networkOrigins('http', 'localhost:2567', addresses)).toEqual(['http://192.168.1.20:2567', 'http://[2001:db8::7]:2567']);
    expect(networkOrigins('https', 'localhost', addresses)).toEqual(['https://192.168.1.20', 'https://[2001:db8::7]']);
  });
});
