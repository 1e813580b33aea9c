import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network an address belongs to, as the purge keeps it: IPv4 to its /24, IPv6 to its
 * /48 (e.g. `198.51.100.0/24`, `2001:db8:1::/48`). Enough for network statistics, no
 * longer an address that points at one subscriber. An already masked value is returned as is.
 */
export function maskIpAddress(address: string): string {
  if (address.includes('/')) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return maskIpAddress(mapped[1]);
  if (isIPv4(address)) {
    const [a, b, c] = address.split('.');
    return `${Number(a)}.${Number(b)}.${Number(c)}.0/24`;
  }
  if (isIPv6(address)) {
    const groups = expandIpv6(address).slice(0, 3);
    const prefix = groups.map((g) => parseInt(g, 16).toString(16)).join(':');
    return `${prefix}::/48`;
  }
  // Not an address at all: nothing of it may survive.
  return '0.0.0.0/0';
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail becomes two groups). */
export function expandIpv6(address: string): string[] {
  let text = address.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right];
}
