import net from 'node:net';

/** An address or CIDR range as the user wrote it, normalised ("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"); null if it is neither. Pure. */
export function normaliseRange(raw: string): string | null {
  const [address, bits, extra] = raw.trim().split('/');
  const family = net.isIP(address);
  if (family === 0 || extra !== undefined) return null;
  const max = family === 4 ? 32 : 128;
  if (bits === undefined) return `${address}/${max}`;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return `${address}/${Number(bits)}`;
}

/** Whether an address falls in one of the ranges (normalised); no ranges means any address. IPv4-mapped IPv6 counts as IPv4. Pure. */
export function addressAllowed(address: string, ranges: readonly string[]): boolean {
  if (ranges.length === 0) return true;
  const list = new net.BlockList();
  for (const range of ranges) {
    const [subnet, bits] = range.split('/');
    list.addSubnet(subnet, Number(bits), net.isIP(subnet) === 4 ? 'ipv4' : 'ipv6');
  }
  const family = net.isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
