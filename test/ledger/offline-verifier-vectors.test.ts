import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** The offline verifier carries its own RFC 9162 code (it imports nothing of src/): it must pass the same vectors. */
it('the offline verifier agrees with every RFC 6962 vector, wantErr cases included', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, '../../scripts/verify/vectors.mjs')]);
  expect(JSON.parse(stdout)).toEqual({ cases: 196, wrong: [] });
});
