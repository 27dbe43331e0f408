import { canonicalIp, internalRange, isInternalAddress } from './internal-address';

describe('internal addresses', () => {
  it.each([
    // IPv4, in every spelling the URL parser accepts
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['127.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['0', 'unspecified ("this network")'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['100.127.255.255', 'shared (carrier-grade NAT)'],
    ['169.254.169.254', 'link-local'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved (and broadcast)'],
    // IPv6
    ['::', 'unspecified, loopback or IPv4-compatible'],
    ['::1', 'unspecified, loopback or IPv4-compatible'],
    ['[::1]', 'unspecified, loopback or IPv4-compatible'],
    ['0:0:0:0:0:0:0:1', 'unspecified, loopback or IPv4-compatible'],
    ['::127.0.0.1', 'unspecified, loopback or IPv4-compatible'],
    ['[::127.0.0.1]', 'unspecified, loopback or IPv4-compatible'],
    ['::8.8.8.8', 'unspecified, loopback or IPv4-compatible'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:7f00:1', 'IPv4-mapped'],
    ['::FFFF:10.0.0.1', 'IPv4-mapped'],
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated'],
    ['64:ff9b::127.0.0.1', 'NAT64 (IPv4-embedded)'],
    ['64:ff9b:1::a00:1', 'local NAT64 (IPv4-embedded)'],
    ['100::1', 'discard-only'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'IETF protocol assignments (Teredo, benchmarking...)'],
    ['2001:2::1', 'IETF protocol assignments (Teredo, benchmarking...)'],
    ['2001:db8::1', 'documentation'],
    ['2002:7f00:1::', '6to4 (IPv4-embedded)'],
    ['3fff::1', 'documentation'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['feff::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['ff0e::1', 'multicast'],
    // Not an address at all: never passes
    ['localhost', 'not an IP address'],
    ['example.org', 'not an IP address'],
    ['', 'not an IP address'],
    ['fe80::1%eth0', 'not an IP address'],
    ['1.2.3.4.5', 'not an IP address'],
  ])('%s is internal (%s)', (address, range) => {
    expect(internalRange(address)).toBe(range);
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '192.0.1.1',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4009:81f::200e',
    '2001:4860:4860::8888',
    '[2001:4860:4860::8888]',
    'fbff::1',
    'ff::1',
  ])('%s is public', (address) => {
    expect(internalRange(address)).toBeUndefined();
  });

  it('spells every address one way', () => {
    expect(canonicalIp('0x7f.1')).toBe('127.0.0.1');
    expect(canonicalIp('[::127.0.0.1]')).toBe('::7f00:1');
    expect(canonicalIp('::FFFF:127.0.0.1')).toBe('::ffff:7f00:1');
    expect(canonicalIp('example.org')).toBeUndefined();
  });
});
