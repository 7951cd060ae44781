import { mintToken, verifyToken } from './tokens';
import { Role } from './viewer';

/** verifyToken keeps the tokens it has verified: a token's signature is checked once, its times on every call. */
describe('verifyToken with the verified tokens kept', () => {
  const secret = 'a'.repeat(32);
  const other = 'b'.repeat(32);
  const now = new Date('2026-12-07T02:00:00Z');
  const check = (at: Date) => ({ now: at, clockSkewMs: 60_000 });
  const admin = { role: Role.ADMIN, subject: 'admin', expiresInSeconds: 600 };

  it('answers the same viewer for a token verified before', async () => {
    const token = await mintToken(secret, admin, now);
    const first = await verifyToken(secret, token, check(now));
    expect(await verifyToken(secret, token, check(now))).toEqual(first);
    expect(first.viewer).toEqual({ role: Role.ADMIN, subject: 'admin' });
  });

  it('refuses a token signed with another secret, whatever was verified before', async () => {
    const mine = await mintToken(secret, admin, now);
    const theirs = await mintToken(other, admin, now);
    await verifyToken(secret, mine, check(now));
    await expect(verifyToken(secret, theirs, check(now))).rejects.toThrow('Token signed with another secret');
    // A token verified under one secret is not taken as verified under another.
    await expect(verifyToken(other, mine, check(now))).rejects.toThrow('Token signed with another secret');
    await expect(verifyToken(secret, mine, check(now))).resolves.toBeDefined();
  });

  it('refuses a token verified before once it has expired', async () => {
    const token = await mintToken(secret, admin, now);
    await verifyToken(secret, token, check(now));
    await expect(verifyToken(secret, token, check(new Date(now.getTime() + 599_000)))).resolves.toBeDefined();
    await expect(verifyToken(secret, token, check(new Date(now.getTime() + 600_000)))).rejects.toThrow('Token expired');
    await expect(verifyToken(secret, token, check(new Date(now.getTime() + 3_600_000)))).rejects.toThrow('Token expired');
  });

  it('still refuses a token verified before as issued in the future on a clock behind its issuer', async () => {
    const token = await mintToken(secret, admin, now);
    await verifyToken(secret, token, check(now));
    await expect(verifyToken(secret, token, check(new Date(now.getTime() - 120_000)))).rejects.toThrow('Token issued in the future');
  });

  it('refuses a tampered token', async () => {
    const token = await mintToken(secret, admin, now);
    await verifyToken(secret, token, check(now));
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone' })).toString('base64url');
    await expect(verifyToken(secret, `${header}.${forged}.${signature}`, check(now))).rejects.toThrow('Token signed with another secret');
  });
});
