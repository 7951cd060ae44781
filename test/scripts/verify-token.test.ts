/** `npm run verify` as the README writes it: the bearer token comes from HZ_TOKEN, so npm's echo of the command line never shows it. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../..');
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-bearer-token-for-this-test.c2ln';

it('takes the token from HZ_TOKEN and never prints it', async () => {
  // Port 1 answers nothing: the run fails at the fetch, after npm has printed what it runs.
  const run = await promisify(execFile)('npm', ['run', 'verify', '--', '--url', 'http://127.0.0.1:1/graphql', '--enterprise', '91310115MA1K3YJ12G'], {
    cwd: root,
    env: { ...process.env, HZ_TOKEN: TOKEN },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
  expect(run.output).toContain('verify-chain.mjs --url http://127.0.0.1:1/graphql');
  expect(run.output).not.toContain('usage:');
  expect(run.output).not.toContain(TOKEN);
  expect(run.code).not.toBe(0);
});
