import { describe, expect, it } from 'vitest';
import { isNonPublicAddress } from './guarded-http.js';

describe('addresses a harvest may not reach unless allowed', () => {
  it.each([
    '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fd00::1', 'fc00::abcd', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.1.2.3', '64:ff9b::a9fe:a9fe', '2002:c0a8:101::1', '::127.0.0.1', 'not an address',
  ])('refuses %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '2a00:1450:4007:80e::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])('accepts %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });
});
