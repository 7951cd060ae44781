/** `npm run token`: a REGULATOR token names its level (a regulator bounded by nothing is ADMIN's, asked for as such). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { verifyToken } from '../../src/access/tokens';

const root = path.resolve(__dirname, '../..');
const SECRET = 'token-script-secret-token-script-secret-0';
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'scripts/token.ts', ...args], { cwd: root, env: { ...process.env, JWT_SECRET: SECRET } }).then(
    ({ stdout }) => ({ code: 0, stdout: stdout.trim(), stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe('npm run token', () => {
  it('refuses a REGULATOR token without --level, saying what to give, and prints nothing', async () => {
    const refused = await run('--role', 'REGULATOR');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('--level');
  });

  it('mints a bounded REGULATOR token with --level (and --town at TOWN)', async () => {
    const minted = await run('--role', 'REGULATOR', '--level', 'TOWN', '--town', '高桥镇');
    expect(minted.code).toBe(0);
    const { viewer } = await verifyToken(SECRET, minted.stdout, { now: new Date(), clockSkewMs: 60_000 });
    expect(viewer).toMatchObject({ role: 'REGULATOR', level: 'TOWN', town: '高桥镇' });
    expect((await run('--role', 'REGULATOR', '--level', 'TOWN')).code).toBe(1);
  });
});
