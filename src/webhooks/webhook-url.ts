import dns from 'node:dns/promises';
import net from 'node:net';

/** Loopback, private, link-local, shared, multicast and unspecified ranges: a webhook may not make the server call inside its own network. */
const PRIVATE = new net.BlockList();
for (const [address, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 3]] as const) {
  PRIVATE.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(address, prefix, 'ipv6');

function isPrivate(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1], 'ipv4');
  return PRIVATE.check(address, net.isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Why `value` may not be a webhook URL, or null: http(s) only, no credentials,
 * at most 2,000 characters, and unless `allowPrivate` (WEBHOOK_ALLOW_PRIVATE,
 * for tests and local receivers) no host that is or resolves to a private,
 * loopback or link-local address. Checked at registration and again before
 * each attempt, since a name may resolve elsewhere later.
 */
export async function webhookUrlProblem(value: string, allowPrivate: boolean): Promise<string | null> {
  if (value.length > 2000) return 'The URL is longer than 2,000 characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Only http and https URLs are accepted, not ${url.protocol}`;
  if (url.username || url.password) return 'The URL may not carry credentials: the signature authenticates the sender';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return `${host} does not resolve`;
  }
  return addresses.some(isPrivate) ? `${host} is a private or loopback address: webhooks go to public receivers` : null;
}
