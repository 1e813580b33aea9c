import { maskIpAddress } from '../../src/modules/retention/ip-mask';

describe('maskIpAddress', () => {
  test.each([
    ['198.51.100.7', '198.51.100.0/24'],
    ['10.0.0.255', '10.0.0.0/24'],
    ['::ffff:203.0.113.9', '203.0.113.0/24'],
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['2001:0db8:0001:ffff:ffff:ffff:ffff:ffff', '2001:db8:1::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['198.51.100.0/24', '198.51.100.0/24'],
    ['not an address', '0.0.0.0/0'],
  ])('%s becomes %s', (address, network) => {
    expect(maskIpAddress(address)).toBe(network);
  });
});
