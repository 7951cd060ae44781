import { addressAllowed, normaliseRange } from './address-ranges';

describe('address ranges', () => {
  it('normalises addresses and CIDR ranges, refusing anything else', () => {
    expect(normaliseRange(' 10.0.0.0/8 ')).toBe('10.0.0.0/8');
    expect(normaliseRange('192.0.2.7')).toBe('192.0.2.7/32');
    expect(normaliseRange('2001:db8::/32')).toBe('2001:db8::/32');
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'example.org', '10.0.0.0/8/1', '10.0.0.0/x', '']) expect(normaliseRange(bad)).toBeNull();
  });

  it('checks an address against the ranges, IPv4-mapped IPv6 as IPv4; no ranges allow any', () => {
    const ranges = ['10.0.0.0/8', '192.0.2.7/32'];
    expect(addressAllowed('10.200.1.1', ranges)).toBe(true);
    expect(addressAllowed('::ffff:192.0.2.7', ranges)).toBe(true);
    expect(addressAllowed('192.0.2.8', ranges)).toBe(false);
    expect(addressAllowed('unknown', ranges)).toBe(false);
    expect(addressAllowed('203.0.113.1', [])).toBe(true);
  });
});
